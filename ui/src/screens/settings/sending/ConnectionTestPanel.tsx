import type { ConnectionTestState } from "../../../hooks/sending";
import { describeError, errorTitle } from "../../../ipc/errors";
import { Icon } from "../../../components/Icon";
import { Spinner } from "../../../components/Spinner";

/** What "Test connection" found: the server's greeting, capabilities, TLS and sign-in, or why it failed. */
export function ConnectionTestPanel({ email, state, onClose, testId }: { email: string; state: ConnectionTestState; onClose: () => void; testId: string }) {
  if (state.status === "idle") return null;
  return (
    <section className={`test-panel test-panel--${state.status}`} aria-label={`Connection test of ${email}`} data-testid={testId}>
      <header className="test-panel__head">
        <span className="test-panel__status" role="status" data-testid={`${testId}-status`}>
          {state.status === "running" && (
            <>
              <Spinner size={14} label="Testing" />
              Connecting and signing in…
            </>
          )}
          {state.status === "done" && (
            <>
              <Icon name={state.report.authenticated ? "check-circle" : "alert-triangle"} className={state.report.authenticated ? "text-success" : "text-danger"} />
              {state.report.authenticated ? "Connected and signed in" : "Connected, not signed in"}
            </>
          )}
          {state.status === "failed" && (
            <>
              <Icon name="alert-circle" className="text-danger" />
              {state.error.code === "validation" ? "The connection failed" : errorTitle(state.error)}
            </>
          )}
        </span>
        <button type="button" className="icon-button" aria-label="Close the test" onClick={onClose} disabled={state.status === "running"}>
          <Icon name="x" />
        </button>
      </header>
      {state.status === "done" && (
        <>
          <pre className="test-panel__answer" data-testid={`${testId}-greeting`}>
            {state.report.greeting}
          </pre>
          <dl className="test-panel__facts test-panel__facts--3" data-testid={`${testId}-result`}>
            <div>
              <dt>Encryption</dt>
              <dd data-testid={`${testId}-tls`}>{state.report.tls ? "TLS" : "None (plaintext)"}</dd>
            </div>
            <div>
              <dt>Sign-in</dt>
              <dd data-testid={`${testId}-auth`}>{state.report.authenticated ? "Accepted" : "Not tried (no password stored)"}</dd>
            </div>
            <div className="test-panel__wide">
              <dt>Capabilities</dt>
              <dd className="mono" data-testid={`${testId}-capabilities`}>
                {state.report.capabilities.length > 0 ? state.report.capabilities.join(" · ") : "—"}
              </dd>
            </div>
          </dl>
        </>
      )}
      {state.status === "failed" && (
        <p className="test-panel__error" role="alert" data-testid={`${testId}-error`}>
          {describeError(state.error)}
        </p>
      )}
    </section>
  );
}
