import { useSyncExternalStore } from "react";
import { Icon } from "../Icon";
import type { ToastStore } from "./toastStore";
import "./toast.css";

export function ToastViewport({ store }: { store: ToastStore }) {
  const toasts = useSyncExternalStore(store.subscribe, store.list);
  return (
    <div className="toast-viewport" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast--${t.tone}`}
          role={t.tone === "error" ? "alert" : "status"}
          data-testid={`toast-${t.tone}`}
        >
          <Icon name={t.tone === "success" ? "check-circle" : t.tone === "error" ? "alert-circle" : "info"} className="toast__icon" />
          <div className="toast__body">
            <div className="toast__title">{t.title}</div>
            {t.detail && <div className="toast__detail">{t.detail}</div>}
          </div>
          <button type="button" className="icon-button toast__close" aria-label="Dismiss" onClick={() => store.dismiss(t.id)}>
            <Icon name="x" />
          </button>
        </div>
      ))}
    </div>
  );
}
