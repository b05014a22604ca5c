import type { PresetInfo } from "../../../ipc/bindings/PresetInfo";
import type { ProviderKind } from "../../../ipc/bindings/ProviderKind";
import type { ProviderPreset } from "../../../ipc/bindings/ProviderPreset";
import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import { Field } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { KIND_LABEL, PROVIDER_KINDS } from "../labels";
import { applyPreset, type FormErrors, type ProviderForm } from "./providerForm";

function keyHint(preset: PresetInfo | undefined, provider: ProviderView | null): string {
  if (provider) {
    if (provider.key.state === "set") return `Leave empty to keep the current key (${provider.key.label}).`;
    return preset?.needs_key ? "No key is stored yet; this service needs one." : "Optional: this service usually runs without a key.";
  }
  if (!preset) return "";
  if (preset.preset === "custom") return "Only if the server asks for one. It is kept in your computer's keychain.";
  return preset.needs_key ? "This service needs a key. It is kept in your computer's keychain." : "Not needed for this service; leave empty.";
}

function serviceHint(preset: PresetInfo | undefined): string | undefined {
  if (!preset) return undefined;
  if (preset.preset === "custom") return "Any server that speaks the OpenAI, Anthropic or Gemini protocol.";
  return preset.needs_key ? "Needs an API key." : "No API key needed.";
}

export function ProviderFields({
  form,
  errors,
  presets,
  provider,
  onChange,
}: {
  form: ProviderForm;
  errors: FormErrors;
  presets: PresetInfo[];
  provider: ProviderView | null;
  onChange: (form: ProviderForm) => void;
}) {
  const preset = presets.find((p) => p.preset === form.preset);
  const set = (patch: Partial<ProviderForm>) => onChange({ ...form, ...patch });
  const pickPreset = (value: ProviderPreset) => {
    const next = presets.find((p) => p.preset === value);
    if (next) onChange(applyPreset(form, next, preset));
  };
  const hasKey = provider?.key.state === "set" || provider?.key.state === "unavailable";

  return (
    <>
      <Field label="Service" hint={serviceHint(preset)}>
        {(control) => (
          <select {...control} className="select" value={form.preset} onChange={(e) => pickPreset(e.target.value as ProviderPreset)} data-testid="provider-preset">
            {presets.map((p) => (
              <option key={p.preset} value={p.preset}>
                {p.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {!preset?.kind && (
        <Field label="Protocol" error={errors.kind} hint="The API this server speaks.">
          {(control) => (
            <select {...control} className="select" value={form.kind} onChange={(e) => set({ kind: e.target.value as ProviderKind | "" })} data-testid="provider-kind">
              <option value="">Choose…</option>
              {PROVIDER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(control) => <input {...control} className="input" value={form.name} maxLength={80} onChange={(e) => set({ name: e.target.value })} data-testid="provider-name" />}
        </Field>
        <Field label="Model" error={errors.model} hint="Used when a fallback step names no model.">
          {(control) => (
            <input {...control} className="input input--mono" value={form.model} spellCheck={false} onChange={(e) => set({ model: e.target.value })} data-testid="provider-model" />
          )}
        </Field>
      </div>
      <Field label="Address (base URL)" error={errors.baseUrl}>
        {(control) => (
          <input
            {...control}
            className="input input--mono"
            value={form.baseUrl}
            spellCheck={false}
            inputMode="url"
            placeholder="https://…"
            onChange={(e) => set({ baseUrl: e.target.value })}
            data-testid="provider-base-url"
          />
        )}
      </Field>
      <Field label="API key" hint={form.removeKey ? undefined : keyHint(preset, provider)}>
        {(control) => (
          <div className="key-field">
            <input
              {...control}
              type="password"
              className="input input--mono"
              value={form.apiKey}
              autoComplete="new-password"
              spellCheck={false}
              disabled={form.removeKey}
              placeholder={form.removeKey ? "The key will be removed" : provider && hasKey ? "Keep the current key" : "Paste the key"}
              onChange={(e) => set({ apiKey: e.target.value })}
              data-testid="provider-key-input"
            />
            {provider && hasKey && (
              <button
                type="button"
                className={form.removeKey ? "btn" : "btn btn--danger-ghost"}
                aria-pressed={form.removeKey}
                onClick={() => set({ removeKey: !form.removeKey, apiKey: "" })}
                data-testid="provider-remove-key"
              >
                <Icon name={form.removeKey ? "refresh" : "trash"} size={14} />
                {form.removeKey ? "Keep the key" : "Remove key"}
              </button>
            )}
          </div>
        )}
      </Field>
      {form.removeKey && (
        <p className="callout callout--warning provider-form__note" data-testid="provider-key-removal">
          <Icon name="alert-triangle" />
          The key is deleted from your keychain when you save; calls to this provider then fail until a new key is set.
        </p>
      )}
      <div className="form-section provider-form__limits">
        <fieldset>
          <legend className="form-section__title">Limits</legend>
          <p className="text-muted provider-form__legend-hint">Leave empty for no limit, or the usual default.</p>
          <div className="form-grid form-grid--4">
            <Field label="Requests / min" error={errors.rpm}>
              {(control) => <input {...control} className="input" inputMode="numeric" value={form.rpm} placeholder="No limit" onChange={(e) => set({ rpm: e.target.value })} data-testid="provider-rpm" />}
            </Field>
            <Field label="Tokens / min" error={errors.tpm}>
              {(control) => <input {...control} className="input" inputMode="numeric" value={form.tpm} placeholder="No limit" onChange={(e) => set({ tpm: e.target.value })} data-testid="provider-tpm" />}
            </Field>
            <Field label="Timeout (s)" error={errors.timeout}>
              {(control) => <input {...control} className="input" inputMode="numeric" value={form.timeout} placeholder="60" onChange={(e) => set({ timeout: e.target.value })} data-testid="provider-timeout" />}
            </Field>
            <Field label="At a time" error={errors.concurrency}>
              {(control) => (
                <input {...control} className="input" inputMode="numeric" value={form.concurrency} placeholder="4" onChange={(e) => set({ concurrency: e.target.value })} data-testid="provider-concurrency" />
              )}
            </Field>
          </div>
        </fieldset>
      </div>
    </>
  );
}
