import { useState } from "react";
import type { AccountView } from "../../../ipc/bindings/AccountView";
import { Icon } from "../../../components/Icon";
import { useImapTest } from "../../../hooks/inbox";
import { useConnectionTest } from "../../../hooks/sending";
import { formatShortDateTime } from "../../../lib/format";
import { allowanceLine, SECURITY_SHORT, spacingLine } from "./accountForm";
import { ConnectionTestPanel } from "./ConnectionTestPanel";
import { FoldersDialog } from "./FoldersDialog";
import { foldersReadLine, sentCopyLine } from "./foldersForm";

export function AccountCard({ account: a, onEdit, onDelete }: { account: AccountView; onEdit: () => void; onDelete: () => void }) {
  const test = useConnectionTest();
  const imapTest = useImapTest();
  const [editingFolders, setEditingFolders] = useState(false);
  const id = a.id;
  const full = a.sent_today >= a.allowance_today;
  return (
    <article className={`provider account card${a.paused_reason ? " is-paused" : ""}`} data-testid={`account-${id}`} aria-labelledby={`account-name-${id}`}>
      <header className="provider__head">
        <div className="min-w-0">
          <h3 id={`account-name-${id}`} className="provider__name truncate">
            {a.email}
          </h3>
          <div className="provider__badges">
            <span className="text-muted truncate">{a.display_name}</span>
            {a.paused_reason ? (
              <span className="badge badge--tone-danger" data-testid={`account-state-${id}`}>
                Paused
              </span>
            ) : (
              <span className="badge badge--tone-success" data-testid={`account-state-${id}`}>
                Sending
              </span>
            )}
          </div>
        </div>
      </header>

      {a.paused_reason && (
        <div className="callout callout--danger account__paused" role="alert" data-testid={`account-paused-${id}`}>
          <Icon name="alert-circle" />
          <span>
            <strong>Nothing is sent from it:</strong> {a.paused_reason}. Fix the setting (usually the password), then <em>Edit</em> and save: saving lifts the pause.
          </span>
        </div>
      )}

      <dl className="provider__facts">
        <div>
          <dt>Today</dt>
          <dd className={full ? "text-muted" : undefined} data-testid={`account-allowance-${id}`}>
            {allowanceLine(a)}
          </dd>
        </div>
        <div>
          <dt>Spacing</dt>
          <dd data-testid={`account-spacing-${id}`}>{spacingLine(a.min_spacing_secs, a.jitter_secs)}</dd>
        </div>
        <div>
          <dt>SMTP</dt>
          <dd className="mono truncate" title={`${a.smtp_host}:${a.smtp_port}`}>
            {a.smtp_host}:{a.smtp_port} · {SECURITY_SHORT[a.smtp_security]}
          </dd>
        </div>
        <div>
          <dt>Password</dt>
          <dd>
            <span className={`key-status key-status--${a.has_password ? "success" : "warning"}`} data-testid={`account-password-${id}`}>
              <Icon name="key" size={13} />
              {a.has_password ? "In the keychain" : "Not set"}
            </span>
          </dd>
        </div>
        <div className="account__imap">
          <dt>Inbox (IMAP)</dt>
          <dd data-testid={`account-imap-${id}`}>
            <ImapStatus account={a} />
          </dd>
        </div>
        {a.imap_host && (
          <div className="account__imap">
            <dt>Folders</dt>
            <dd className="account__folders">
              <span className="account__folders-text" data-testid={`account-folders-${id}`}>
                Reads {foldersReadLine(a.imap_extra_folders)} · {sentCopyLine(a.sent_folder)}
              </span>
              <button type="button" className="link-button" onClick={() => setEditingFolders(true)} aria-label={`Edit the folders of ${a.email}`} data-testid={`account-folders-edit-${id}`}>
                Edit folders
              </button>
            </dd>
          </div>
        )}
      </dl>

      <ConnectionTestPanel email={a.email} state={test.state} onClose={test.reset} testId={`account-test-panel-${id}`} />
      <ConnectionTestPanel email={a.email} state={imapTest.state} onClose={imapTest.reset} testId={`account-imap-test-panel-${id}`} imap />

      <footer className="provider__actions">
        <button type="button" className="btn btn--sm" onClick={() => void test.run(id)} disabled={test.state.status === "running"} data-testid={`account-test-${id}`}>
          <Icon name="play" size={13} />
          {test.state.status === "idle" ? "Test connection" : "Test again"}
        </button>
        {a.imap_host && (
          <button type="button" className="btn btn--sm" onClick={() => void imapTest.run(id)} disabled={imapTest.state.status === "running"} data-testid={`account-imap-test-${id}`}>
            <Icon name="inbox" size={13} />
            Test IMAP
          </button>
        )}
        <button type="button" className="btn btn--sm" onClick={onEdit} data-testid={`account-edit-${id}`}>
          <Icon name="pencil" size={13} />
          Edit
        </button>
        <button type="button" className="btn btn--sm btn--danger-ghost" onClick={onDelete} data-testid={`account-delete-${id}`}>
          <Icon name="trash" size={13} />
          Delete
        </button>
      </footer>
      {a.imap_host && (
        <FoldersDialog
          open={editingFolders}
          account={a}
          knownFolders={imapTest.state.status === "done" ? imapTest.state.report.folders : []}
          onClose={() => setEditingFolders(false)}
        />
      )}
    </article>
  );
}

/** The inbox side of a mailbox: its server, when it last synced, and why it stopped or failed. */
function ImapStatus({ account: a }: { account: AccountView }) {
  if (!a.imap_host) return <span className="text-muted">Not set: add the IMAP server (Edit) to read replies and bounces.</span>;
  const server = `${a.imap_host}${a.imap_port ? `:${a.imap_port}` : ""}${a.imap_security ? ` · ${SECURITY_SHORT[a.imap_security]}` : ""}`;
  return (
    <span className="account__imap-status">
      <span className="mono truncate" title={server}>
        {server}
      </span>
      {a.imap_paused_reason ? (
        <span className="text-danger" data-testid={`account-imap-paused-${a.id}`}>
          Sync paused: {a.imap_paused_reason}. Fix it, then Edit and save: saving lifts the pause.
        </span>
      ) : a.imap_error ? (
        <span className="text-danger" data-testid={`account-imap-error-${a.id}`}>
          Last sync failed: {a.imap_error}
        </span>
      ) : (
        <span className="text-muted">
          {a.imap_synced_at ? `Synced ${formatShortDateTime(a.imap_synced_at)}` : "Not synced yet"}
        </span>
      )}
    </span>
  );
}
