import { useId, useRef, type ReactNode, type RefObject } from "react";
import { createPortal } from "react-dom";
import { Icon } from "./Icon";
import { useModalBehavior } from "./useModalBehavior";

export function Dialog({
  open,
  title,
  description,
  onClose,
  children,
  footer,
  size = "md",
  testId,
  initialFocusRef,
  dismissable = true,
}: {
  open: boolean;
  title: string;
  description?: ReactNode;
  onClose: () => void;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
  testId?: string;
  initialFocusRef?: RefObject<HTMLElement | null>;
  /** False while work is in flight, so Escape or a backdrop click cannot drop it. */
  dismissable?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();
  const close = () => {
    if (dismissable) onClose();
  };
  useModalBehavior(open, ref, close, initialFocusRef);
  if (!open) return null;

  return createPortal(
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        className={`dialog dialog--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        data-testid={testId}
        tabIndex={-1}
      >
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={close} disabled={!dismissable}>
            <Icon name="x" />
          </button>
        </header>
        {description && (
          <div id={descId} className="dialog__description">
            {description}
          </div>
        )}
        {children && <div className="dialog__body">{children}</div>}
        {footer && <footer className="dialog__footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
