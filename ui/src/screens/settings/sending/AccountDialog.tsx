import { useEffect, useRef, useState, type FormEvent } from "react";
import type { AccountView } from "../../../ipc/bindings/AccountView";
import type { MailPresetInfo } from "../../../ipc/bindings/MailPresetInfo";
import type { SenderAccount } from "../../../ipc/bindings/SenderAccount";
import { describeError, type AppError } from "../../../ipc/errors";
import { Dialog } from "../../../components/Dialog";
import { Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useAddSenderAccount, useUpdateSenderAccount } from "../../../hooks/sending";
import { AccountFields } from "./AccountFields";
import { addAccountArgs, applyMailPreset, blankAccountForm, formFromAccount, updateAccountArgs, validateAccount, type AccountErrors, type AccountForm } from "./accountForm";

const FORM_ID = "account-form";

/** Add or edit one mailbox. Every engine rejection stays in the dialog, above the fields. */
export function AccountDialog({
  open,
  workspaceId,
  account,
  presets,
  onClose,
}: {
  open: boolean;
  workspaceId: number;
  account: AccountView | null;
  presets: MailPresetInfo[];
  onClose: () => void;
}) {
  const add = useAddSenderAccount();
  const update = useUpdateSenderAccount();
  const busy = add.isPending || update.isPending;
  return (
    <Dialog
      open={open}
      title={account ? `Edit ${account.email}` : "Add a sender account"}
      description={account ? undefined : "The mailbox Reach sends from. Pick your provider to fill in its servers; the password goes to your computer's keychain."}
      onClose={onClose}
      size="lg"
      testId="account-dialog"
      dismissable={!busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={busy} data-testid="account-save">
            {busy && <Spinner size={14} label="Saving" />}
            {account ? "Save changes" : "Add account"}
          </button>
        </>
      }
    >
      {open && <AccountFormBody key={account?.id ?? "new"} workspaceId={workspaceId} account={account} presets={presets} onDone={onClose} add={add} update={update} />}
    </Dialog>
  );
}

function AccountFormBody({
  workspaceId,
  account,
  presets,
  onDone,
  add,
  update,
}: {
  workspaceId: number;
  account: AccountView | null;
  presets: MailPresetInfo[];
  onDone: () => void;
  add: ReturnType<typeof useAddSenderAccount>;
  update: ReturnType<typeof useUpdateSenderAccount>;
}) {
  const notify = useToast();
  const [form, setForm] = useState<AccountForm>(() => {
    if (account) return formFromAccount(account, presets);
    const first = presets[0];
    return first ? applyMailPreset(blankAccountForm(), first) : blankAccountForm();
  });
  const [errors, setErrors] = useState<AccountErrors>({});
  const [failure, setFailure] = useState<AppError | null>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  // Save sits at the foot of a tall dialog: the engine's answer is brought into view where it is shown.
  useEffect(() => {
    if (failure) failureRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [failure]);

  const change = (next: AccountForm) => {
    setForm(next);
    setFailure(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateAccount(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setFailure(null);
    const onSuccess = (a: SenderAccount) => {
      notify.success(account ? `Saved ${a.email}` : `Added ${a.email}`, a.has_password ? "Its password is in your keychain. Test the connection from its card." : undefined);
      onDone();
    };
    if (account) update.mutate(updateAccountArgs(account.id, form), { onSuccess, onError: setFailure });
    else add.mutate(addAccountArgs(workspaceId, form), { onSuccess, onError: setFailure });
  };

  return (
    <form id={FORM_ID} className="account-form" onSubmit={submit} noValidate data-testid="account-form">
      {failure && (
        <div ref={failureRef} className="callout callout--danger" role="alert" data-testid="account-form-error">
          {describeError(failure)}
        </div>
      )}
      {account?.paused_reason && (
        <p className="callout callout--warning" data-testid="account-form-paused">
          Sending from it paused: {account.paused_reason}. Saving lifts the pause.
        </p>
      )}
      <AccountFields form={form} errors={errors} presets={presets} account={account} onChange={change} />
    </form>
  );
}
