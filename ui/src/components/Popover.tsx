import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A button that opens a floating panel below it. Closes on Escape, on a click outside,
 * or when the panel calls `close`.
 */
export function Popover({
  trigger,
  triggerClassName = "btn",
  label,
  align = "start",
  children,
  testId,
  panelClassName,
}: {
  trigger: ReactNode;
  triggerClassName?: string;
  label?: string;
  align?: "start" | "end";
  children: (close: () => void) => ReactNode;
  testId?: string;
  panelClassName?: string;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div className="popover-root" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={triggerClassName}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
      >
        {trigger}
      </button>
      {open && (
        <div id={panelId} className={`popover popover--${align}${panelClassName ? ` ${panelClassName}` : ""}`} data-testid={testId ? `${testId}-panel` : undefined}>
          {children(close)}
        </div>
      )}
    </div>
  );
}
