import { useState } from "react";
import type { AccountView } from "../../../ipc/bindings/AccountView";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { EmptyState } from "../../../components/EmptyState";
import { Icon } from "../../../components/Icon";
import { SkeletonRows } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useDeleteSenderAccount, useMailPresets, useSenderAccounts } from "../../../hooks/sending";
import { describeError } from "../../../ipc/errors";
import { useCurrentWorkspace } from "../../../state/currentWorkspace";
import { AccountCard } from "./AccountCard";
import { AccountDialog } from "./AccountDialog";
import "./sending.css";

type Editing = { account: AccountView | null } | null;

export function AccountsTab() {
  const workspace = useCurrentWorkspace();
  const accounts = useSenderAccounts(workspace.id);
  const presets = useMailPresets();
  const remove = useDeleteSenderAccount();
  const notify = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AccountView | null>(null);

  const addButton = (
    <button type="button" className="btn btn--primary" onClick={() => setEditing({ account: null })} disabled={!presets.isSuccess} data-testid="account-add">
      <Icon name="plus" />
      Add account
    </button>
  );

  return (
    <div className="settings-tab" data-testid="accounts-tab">
      <section className="settings-section" aria-labelledby="accounts-title">
        <div className="section-head">
          <div>
            <h2 id="accounts-title" className="section-title">
              Sender accounts
            </h2>
            <p className="text-muted">The mailboxes of {workspace.name} that campaigns send from, in turn. Passwords stay in your computer's keychain.</p>
          </div>
          {accounts.data && accounts.data.length > 0 && addButton}
        </div>
        {accounts.isPending ? (
          <div className="panel">
            <SkeletonRows rows={4} label="Loading sender accounts" />
          </div>
        ) : accounts.isError ? (
          <EmptyState icon="alert-triangle" title="Sender accounts could not be loaded" actions={<button type="button" className="btn" onClick={() => void accounts.refetch()}>Try again</button>}>
            {describeError(accounts.error)}
          </EmptyState>
        ) : accounts.data.length === 0 ? (
          <EmptyState icon="mail" title="No sender account yet" testId="accounts-empty" actions={addButton}>
            Add the mailbox your campaigns send from: Gmail or Google Workspace, Microsoft 365, Fastmail, or any SMTP server. Use an app password, then test the connection.
          </EmptyState>
        ) : (
          <div className="provider-list" data-testid="account-list">
            {accounts.data.map((a) => (
              <AccountCard key={a.id} account={a} onEdit={() => setEditing({ account: a })} onDelete={() => setDeleting(a)} />
            ))}
          </div>
        )}
      </section>

      <AccountDialog open={editing !== null} workspaceId={workspace.id} account={editing?.account ?? null} presets={presets.data ?? []} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.email ?? ""}?`}
        confirmLabel="Delete account"
        busy={remove.isPending}
        testId="account-delete-dialog"
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notify.success(`Deleted ${deleting.email}`);
              setDeleting(null);
            },
          })
        }
      >
        <p>Its password is deleted from your keychain and campaigns stop sending from it. The mail it sent stays in each campaign's Activity.</p>
      </ConfirmDialog>
    </div>
  );
}
