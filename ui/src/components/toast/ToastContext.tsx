import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { describeError, toAppError } from "../../ipc/errors";
import { createToastStore, type ToastStore } from "./toastStore";
import { ToastViewport } from "./ToastViewport";

const ToastContext = createContext<ToastStore | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createToastStore);
  return (
    <ToastContext.Provider value={store}>
      {children}
      <ToastViewport store={store} />
    </ToastContext.Provider>
  );
}

export type Notify = {
  success: (title: string, detail?: string) => void;
  info: (title: string, detail?: string) => void;
  /** The one way an error reaches the user: the engine's own sentence, under an optional short title. */
  error: (error: unknown, title?: string) => void;
};

export function useToast(): Notify {
  const store = useContext(ToastContext);
  if (!store) throw new Error("useToast needs a ToastProvider");
  return useMemo<Notify>(
    () => ({
      success: (title, detail) => void store.push({ tone: "success", title, detail }),
      info: (title, detail) => void store.push({ tone: "info", title, detail }),
      error: (error, title) => {
        const appError = toAppError(error);
        if (appError.code === "cancelled") {
          store.push({ tone: "info", title: title ?? "Stopped", detail: appError.message });
          return;
        }
        const message = describeError(appError);
        store.push(title ? { tone: "error", title, detail: message } : { tone: "error", title: message });
      },
    }),
    [store],
  );
}
