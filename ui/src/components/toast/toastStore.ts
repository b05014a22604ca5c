export type ToastTone = "success" | "error" | "info";
export type Toast = { id: number; tone: ToastTone; title: string; detail?: string };

type Listener = () => void;

const LIFETIME: Record<ToastTone, number> = { success: 4000, info: 5000, error: 9000 };
const MAX_VISIBLE = 4;

export type ToastStore = {
  list(): Toast[];
  push(toast: Omit<Toast, "id">): number;
  dismiss(id: number): void;
  subscribe(listener: Listener): () => void;
};

export function createToastStore(): ToastStore {
  let toasts: Toast[] = [];
  let nextId = 1;
  const listeners = new Set<Listener>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const emit = () => listeners.forEach((l) => l());

  const dismiss = (id: number) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    const next = toasts.filter((t) => t.id !== id);
    if (next.length !== toasts.length) {
      toasts = next;
      emit();
    }
  };

  return {
    list: () => toasts,
    push(toast) {
      const id = nextId++;
      toasts = [...toasts, { ...toast, id }].slice(-MAX_VISIBLE);
      timers.set(id, setTimeout(() => dismiss(id), LIFETIME[toast.tone]));
      emit();
      return id;
    },
    dismiss,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
