import { useState, type FormEvent } from "react";
import type { PresetInfo } from "../../../ipc/bindings/PresetInfo";
import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import { describeError, type AppError } from "../../../ipc/errors";
import { Dialog } from "../../../components/Dialog";
import { Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useAddProvider, useUpdateProvider } from "../../../hooks/providers";
import { ProviderFields } from "./ProviderFields";
import { addArgs, applyPreset, blankForm, formFromProvider, updateArgs, validate, type FormErrors, type ProviderForm } from "./providerForm";

const FORM_ID = "provider-form";

/** Add or edit one provider. Every engine rejection stays in the dialog, above the fields. */
export function ProviderDialog({
  open,
  provider,
  presets,
  onClose,
}: {
  open: boolean;
  provider: ProviderView | null;
  presets: PresetInfo[];
  onClose: () => void;
}) {
  const add = useAddProvider();
  const update = useUpdateProvider({ handled: true });
  const busy = add.isPending || update.isPending;
  return (
    <Dialog
      open={open}
      title={provider ? `Edit “${provider.name}”` : "Add an AI provider"}
      description={provider ? undefined : "Pick a service, then paste its API key. The key goes to your computer's keychain and is never shown again."}
      onClose={onClose}
      size="md"
      testId="provider-dialog"
      dismissable={!busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={busy} data-testid="provider-save">
            {busy && <Spinner size={14} label="Saving" />}
            {provider ? "Save changes" : "Add provider"}
          </button>
        </>
      }
    >
      {open && <ProviderFormBody key={provider?.id ?? "new"} provider={provider} presets={presets} onDone={onClose} add={add} update={update} />}
    </Dialog>
  );
}

function ProviderFormBody({
  provider,
  presets,
  onDone,
  add,
  update,
}: {
  provider: ProviderView | null;
  presets: PresetInfo[];
  onDone: () => void;
  add: ReturnType<typeof useAddProvider>;
  update: ReturnType<typeof useUpdateProvider>;
}) {
  const notify = useToast();
  const [form, setForm] = useState<ProviderForm>(() => {
    if (provider) return formFromProvider(provider);
    const first = presets[0];
    return first ? applyPreset(blankForm(), first, undefined) : blankForm();
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<AppError | null>(null);

  const change = (next: ProviderForm) => {
    setForm(next);
    setFailure(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setFailure(null);
    const onSuccess = (p: ProviderView) => {
      notify.success(provider ? `Saved “${p.name}”` : `Added “${p.name}”`, p.key.state === "set" ? `API key ${p.key.label}` : undefined);
      onDone();
    };
    if (provider) update.mutate(updateArgs(provider.id, form), { onSuccess, onError: setFailure });
    else add.mutate(addArgs(form), { onSuccess, onError: setFailure });
  };

  return (
    <form id={FORM_ID} className="provider-form" onSubmit={submit} noValidate data-testid="provider-form">
      {failure && (
        <div className="callout callout--danger" role="alert" data-testid="provider-form-error">
          {describeError(failure)}
        </div>
      )}
      <ProviderFields form={form} errors={errors} presets={presets} provider={provider} onChange={change} />
    </form>
  );
}
