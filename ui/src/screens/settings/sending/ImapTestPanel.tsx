import type { ImapTestState } from "../../../hooks/inbox";
import { Icon } from "../../../components/Icon";
import { TestPanel } from "../../../components/TestPanel";

/** What "Test IMAP" found: the server's greeting, TLS, sign-in, capabilities and folders, or why it failed. */
export function ImapTestPanel({ email, state, onClose, testId }: { email: string; state: ImapTestState; onClose: () => void; testId: string }) {
  if (state.status === "idle") return null;
  return (
    <TestPanel
      label={`IMAP test of ${email}`}
      testId={testId}
      outcome={state}
      running="Connecting to IMAP and signing in…"
      done={
        state.status === "done" && (
          <>
            <Icon name={state.report.authenticated ? "check-circle" : "alert-triangle"} className={state.report.authenticated ? "text-success" : "text-danger"} />
            {state.report.authenticated ? "IMAP connected and signed in" : "IMAP connected, not signed in"}
          </>
        )
      }
      failedTitle="The IMAP connection failed"
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
              <dt>Folders</dt>
              <dd data-testid={`${testId}-folders`}>{state.report.folders.length > 0 ? state.report.folders.join(" · ") : "—"}</dd>
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
