import type { ConnectionTestState } from "../../../hooks/sending";
import { Icon } from "../../../components/Icon";
import { TestPanel } from "../../../components/TestPanel";

/** What "Test connection" found: the server's greeting, capabilities, TLS and sign-in, or why it failed. */
export function ConnectionTestPanel({ email, state, onClose, testId }: { email: string; state: ConnectionTestState; onClose: () => void; testId: string }) {
  if (state.status === "idle") return null;
  return (
    <TestPanel
      label={`Connection test of ${email}`}
      testId={testId}
      outcome={state}
      running="Connecting and signing in…"
      done={
        state.status === "done" && (
          <>
            <Icon name={state.report.authenticated ? "check-circle" : "alert-triangle"} className={state.report.authenticated ? "text-success" : "text-danger"} />
            {state.report.authenticated ? "Connected and signed in" : "Connected, not signed in"}
          </>
        )
      }
      failedTitle="The connection failed"
      onClose={onClose}
    >
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
    </TestPanel>
  );
}
