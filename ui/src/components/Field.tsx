import { useId, type ReactNode } from "react";

type ControlProps = { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined };

/** A labelled form control with an optional hint and an inline error, wired for screen readers. */
export function Field({
  label,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: (control: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = error ? errorId : hint ? hintId : undefined;
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {error ? (
        <div id={errorId} className="field__error" role="alert">
          {error}
        </div>
      ) : (
        hint && (
          <div id={hintId} className="field__hint">
            {hint}
          </div>
        )
      )}
    </div>
  );
}
