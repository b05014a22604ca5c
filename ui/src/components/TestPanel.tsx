import type { ReactNode } from "react";
import { describeError, errorTitle, type AppError } from "../ipc/errors";
import { Icon } from "./Icon";
import { Spinner } from "./Spinner";

type Outcome = { status: "running" } | { status: "done" } | { status: "failed"; error: AppError };

/**
 * The frame of a live test (a provider's test call, a mailbox's connection test): what is happening or how it
 * ended in the header, a close button, the test's own findings, and the error when it failed.
 */
export function TestPanel({
  label,
  testId,
  outcome,
  running,
  done,
  failedTitle,
  onClose,
  children,
}: {
  label: string;
  testId: string;
  outcome: Outcome;
  /** What the header says while the test runs. */
  running: ReactNode;
  /** The header once it ended well, icon included. */
  done: ReactNode;
  /** The header of a failure the user can fix (a validation error); other failures say their own title. */
  failedTitle: string;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <section className={`test-panel test-panel--${outcome.status}`} aria-label={label} data-testid={testId}>
      <header className="test-panel__head">
        <span className="test-panel__status" role="status" data-testid={`${testId}-status`}>
          {outcome.status === "running" && (
            <>
              <Spinner size={14} label="Testing" />
              {running}
            </>
          )}
          {outcome.status === "done" && done}
          {outcome.status === "failed" && (
            <>
              <Icon name="alert-circle" className="text-danger" />
              {outcome.error.code === "validation" ? failedTitle : errorTitle(outcome.error)}
            </>
          )}
        </span>
        <button type="button" className="icon-button" aria-label="Close the test" onClick={onClose} disabled={outcome.status === "running"}>
          <Icon name="x" />
        </button>
      </header>
      {children}
      {outcome.status === "failed" && (
        <p className="test-panel__error" role="alert" data-testid={`${testId}-error`}>
          {describeError(outcome.error)}
        </p>
      )}
    </section>
  );
}
