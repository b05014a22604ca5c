import type { ConnectionTestState } from "../../../hooks/sending";
import type { ImapTestState } from "../../../hooks/inbox";
import { Icon } from "../../../components/Icon";
import { TestPanel } from "../../../components/TestPanel";

/**
 * What a server test found: the greeting, TLS, sign-in and capabilities (and for IMAP the folders), or why it
 * failed. `imap` names the test "IMAP" in its words.
 */
export function ConnectionTestPanel({
  email,
  state,
  onClose,
  testId,
  imap = false,
}: {
  email: string;
  state: ConnectionTestState | ImapTestState;
  onClose: () => void;
  testId: string;
  imap?: boolean;
}) {
  if (state.status === "idle") return null;
  const prefix = imap ? "IMAP " : "";
  const connected = imap ? "IMAP connected" : "Connected";
  const folders = state.status === "done" && "folders" in state.report ? state.report.folders : null;
  return (
    <TestPanel
      label={imap ? `IMAP test of ${email}` : `Connection test of ${email}`}
      testId={testId}
      outcome={state}
      running={imap ? "Connecting to IMAP and signing in…" : "Connecting and signing in…"}
      done={
        state.status === "done" && (
          <>
            <Icon name={state.report.authenticated ? "check-circle" : "alert-triangle"} className={state.report.authenticated ? "text-success" : "text-danger"} />
            {state.report.authenticated ? `${connected} and signed in` : `${connected}, not signed in`}
          </>
        )
      }
      failedTitle={`The ${prefix}connection failed`}
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
            {folders && (
              <div className="test-panel__wide">
                <dt>Folders</dt>
                <dd data-testid={`${testId}-folders`}>{folders.length > 0 ? folders.join(" · ") : "—"}</dd>
              </div>
            )}
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
