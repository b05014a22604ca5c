import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import type { AccountView } from "../../../ipc/bindings/AccountView";
import type { MailboxFolders } from "../../../ipc/bindings/MailboxFolders";
import type { SenderAccount } from "../../../ipc/bindings/SenderAccount";
import { describeError, type AppError } from "../../../ipc/errors";
import { Dialog } from "../../../components/Dialog";
import { Icon } from "../../../components/Icon";
import { Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useSetMailboxFolders } from "../../../hooks/sending";
import { addFolder, foldersFormFrom, foldersToSave, refusalField, type FoldersErrors, type FoldersForm, type SentChoice } from "./foldersForm";

const FORM_ID = "folders-form";

/**
 * The folders of one mailbox Reach uses besides INBOX: the ones it also reads (where a filter moves
 * answers) and where copies of what it sends go. `knownFolders` (from Test IMAP) are offered as names.
 */
export function FoldersDialog({ open, account, knownFolders, onClose }: { open: boolean; account: AccountView; knownFolders: string[]; onClose: () => void }) {
  const save = useSetMailboxFolders();
  const addRef = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={open}
      title={`Folders of ${account.email}`}
      description="Reach always reads INBOX. Add the folders a mail filter or rule moves answers to, and say where copies of the mail it sends go."
      onClose={onClose}
      size="md"
      testId="folders-dialog"
      initialFocusRef={addRef}
      dismissable={!save.isPending}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={save.isPending}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={save.isPending} data-testid="folders-save">
            {save.isPending && <Spinner size={14} label="Saving" />}
            Save folders
          </button>
        </>
      }
    >
      {open && <FoldersFormBody account={account} knownFolders={knownFolders} save={save} addRef={addRef} onDone={onClose} />}
    </Dialog>
  );
}

const SENT_CHOICES: { value: Exclude<SentChoice, "named">; label: string; hint: string }[] = [
  {
    value: "auto",
    label: "The server's Sent folder",
    hint: "Reach finds the folder the server marks as Sent. Gmail and Microsoft 365 file sent mail there on their own, so Reach adds no second copy.",
  },
  { value: "none", label: "None — my provider keeps its own (Gmail, Microsoft 365)", hint: "Reach saves no copy." },
];

function FoldersFormBody({
  account,
  knownFolders,
  save,
  addRef,
  onDone,
}: {
  account: AccountView;
  knownFolders: string[];
  save: ReturnType<typeof useSetMailboxFolders>;
  addRef: RefObject<HTMLInputElement | null>;
  onDone: () => void;
}) {
  const notify = useToast();
  const ids = useId();
  const [form, setForm] = useState<FoldersForm>(() => foldersFormFrom(account));
  const [errors, setErrors] = useState<FoldersErrors>({});
  const [refused, setRefused] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const suggestions = knownFolders.filter((f) => f.toUpperCase() !== "INBOX");
  const listId = suggestions.length > 0 ? `${ids}-known` : undefined;

  const change = (patch: Partial<FoldersForm>, clear: keyof FoldersErrors) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => ({ ...e, [clear]: undefined }));
    if (clear === "extra") setRefused(null);
    setFailure(null);
  };

  const add = () => {
    const next = addFolder(form.extra, form.draft);
    if ("error" in next) setErrors((e) => ({ ...e, extra: next.error }));
    else change({ extra: next.extra, draft: "" }, "extra");
  };
  const onAddKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = foldersToSave(form);
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setRefused(null);
    setFailure(null);
    const sent: MailboxFolders = checked.folders;
    setForm((f) => ({ ...f, extra: sent.extra_folders, draft: "" }));
    save.mutate(
      { id: account.id, folders: sent },
      {
        onSuccess: (a: SenderAccount) => {
          notify.success(`Saved the folders of ${a.email}`);
          onDone();
        },
        onError: (error) => {
          const at = refusalField(error, sent);
          if (!at) return setFailure(error);
          setErrors({ [at.field]: describeError(error) });
          setRefused(at.folder);
        },
      },
    );
  };

  const addErrorId = `${ids}-add-error`;
  const addHintId = `${ids}-add-hint`;
  const sentErrorId = `${ids}-sent-error`;
  const named = form.sent === "named";

  return (
    <form id={FORM_ID} className="folders-form" onSubmit={submit} noValidate data-testid="folders-form">
      {failure && (
        <div className="callout callout--danger" role="alert" data-testid="folders-form-error">
          {describeError(failure)}
        </div>
      )}
      {listId && (
        <datalist id={listId}>
          {suggestions.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      )}

      <div className="field">
        <label className="field__label" htmlFor={`${ids}-add`}>
          Also read
        </label>
        {form.extra.length > 0 && (
          <ul className="chip-list folders-form__list" aria-label="Folders read besides INBOX" data-testid="folders-extra">
            {form.extra.map((name) => (
              <li key={name} className={name === refused ? "chip folders-form__chip is-invalid" : "chip folders-form__chip"} data-testid="folders-extra-item">
                <span className="truncate" title={name}>
                  {name}
                </span>
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={`Stop reading ${name}`}
                  aria-describedby={name === refused ? addErrorId : undefined}
                  onClick={() => change({ extra: form.extra.filter((x) => x !== name) }, "extra")}>
                  <Icon name="x" size={12} />
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="input-group">
          <input
            ref={addRef}
            id={`${ids}-add`}
            className="input"
            value={form.draft}
            list={listId}
            spellCheck={false}
            autoComplete="off"
            placeholder="e.g. Replies"
            aria-invalid={Boolean(errors.extra) && refused === null}
            aria-describedby={errors.extra ? addErrorId : addHintId}
            onChange={(e) => change({ draft: e.target.value }, "extra")}
            onKeyDown={onAddKey}
            data-testid="folders-add-input"
          />
          <button type="button" className="btn" onClick={add} data-testid="folders-add">
            <Icon name="plus" size={14} />
            Add
          </button>
        </div>
        {errors.extra ? (
          <div id={addErrorId} className="field__error" role="alert" data-testid="folders-extra-error">
            {errors.extra}
          </div>
        ) : (
          <div id={addHintId} className="field__hint">
            {form.extra.length === 0 ? "Only INBOX is read now. " : ""}Names as your mail app shows them, e.g. Replies or INBOX/Leads; up to 20.
            {suggestions.length === 0 ? " Test IMAP lists the server's folders." : ""}
          </div>
        )}
      </div>

      <fieldset className="field folders-form__sent">
        <legend className="field__label">Copies of sent mail</legend>
        <div className="folders-form__choices">
          {SENT_CHOICES.map((c) => (
            <label key={c.value} className="folders-form__choice">
              <input type="radio" name={`${ids}-sent`} value={c.value} checked={form.sent === c.value} onChange={() => change({ sent: c.value }, "sentName")} data-testid={`folders-sent-${c.value}`} />
              <span>
                <span className="folders-form__choice-label">{c.label}</span>
                <span className="folders-form__choice-hint">{c.hint}</span>
              </span>
            </label>
          ))}
          <div className="folders-form__choice">
            <input
              id={`${ids}-named`}
              type="radio"
              name={`${ids}-sent`}
              value="named"
              checked={named}
              onChange={() => change({ sent: "named" }, "sentName")}
              data-testid="folders-sent-named"
            />
            <span className="folders-form__named">
              <label className="folders-form__choice-label" htmlFor={`${ids}-named`}>
                This folder
              </label>
              <input
                className="input input--sm"
                value={form.sentName}
                list={listId}
                spellCheck={false}
                autoComplete="off"
                placeholder="e.g. Sent Items"
                aria-label="Folder for copies of sent mail"
                aria-invalid={Boolean(errors.sentName)}
                aria-describedby={errors.sentName ? sentErrorId : undefined}
                onChange={(e) => change({ sent: "named", sentName: e.target.value }, "sentName")}
                data-testid="folders-sent-name"
              />
              {errors.sentName && (
                <span id={sentErrorId} className="field__error" role="alert" data-testid="folders-sent-error">
                  {errors.sentName}
                </span>
              )}
            </span>
          </div>
        </div>
      </fieldset>
    </form>
  );
}
