import type { AccountView } from "../../../ipc/bindings/AccountView";
import type { MailPresetInfo } from "../../../ipc/bindings/MailPresetInfo";
import type { Security } from "../../../ipc/bindings/Security";
import { Field } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { applyMailPreset, SECURITY_LABEL, spacingLine, type AccountErrors, type AccountForm } from "./accountForm";

const SECURITIES: Security[] = ["starttls", "tls", "none"];

function SecuritySelect({ value, onChange, testId, ...control }: { value: Security; onChange: (s: Security) => void; testId: string; id: string }) {
  return (
    <select {...control} className="select" value={value} onChange={(e) => onChange(e.target.value as Security)} data-testid={testId}>
      {SECURITIES.map((s) => (
        <option key={s} value={s}>
          {SECURITY_LABEL[s]}
        </option>
      ))}
    </select>
  );
}

function NumberInput({ value, onChange, testId, ...control }: { value: string; onChange: (v: string) => void; testId: string; id: string }) {
  return <input {...control} className="input" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
}

const seconds = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : 0);

export function AccountFields({
  form,
  errors,
  presets,
  account,
  onChange,
}: {
  form: AccountForm;
  errors: AccountErrors;
  presets: MailPresetInfo[];
  account: AccountView | null;
  onChange: (form: AccountForm) => void;
}) {
  const set = (patch: Partial<AccountForm>) => onChange({ ...form, ...patch });
  const preset = presets.find((p) => p.preset === form.preset);

  return (
    <>
      <div className="field">
        <span className="field__label" id="account-preset-label">
          Provider
        </span>
        <div className="preset-buttons" role="group" aria-labelledby="account-preset-label">
          {presets.map((p) => (
            <button
              key={p.preset}
              type="button"
              className={form.preset === p.preset ? "btn btn--sm is-selected" : "btn btn--sm"}
              aria-pressed={form.preset === p.preset}
              onClick={() => onChange(applyMailPreset(form, p))}
              data-testid={`account-preset-${p.preset}`}
            >
              {p.label}
            </button>
          ))}
          <button
            type="button"
            className={form.preset === null ? "btn btn--sm is-selected" : "btn btn--sm"}
            aria-pressed={form.preset === null}
            onClick={() => set({ preset: null })}
            data-testid="account-preset-other"
          >
            Other server
          </button>
        </div>
      </div>
      {preset && (
        <p className="callout callout--warning account-form__note" data-testid="account-password-note">
          <Icon name="key" />
          <span>{preset.password_note}</span>
        </p>
      )}

      <div className="form-grid">
        <Field label="Email address" error={errors.email}>
          {(control) => (
            <input {...control} className="input" type="email" value={form.email} autoComplete="off" spellCheck={false} onChange={(e) => set({ email: e.target.value })} data-testid="account-email" />
          )}
        </Field>
        <Field label="Name recipients see" hint="Empty: the part before the @.">
          {(control) => <input {...control} className="input" value={form.displayName} onChange={(e) => set({ displayName: e.target.value })} data-testid="account-name" />}
        </Field>
      </div>

      <fieldset className="form-section account-form__group">
        <legend className="form-section__title">Sending (SMTP)</legend>
        <div className="form-grid form-grid--host">
          <Field label="Server" error={errors.smtpHost}>
            {(control) => (
              <input {...control} className="input input--mono" value={form.smtpHost} spellCheck={false} placeholder="smtp.example.com" onChange={(e) => set({ smtpHost: e.target.value })} data-testid="account-smtp-host" />
            )}
          </Field>
          <Field label="Port" error={errors.smtpPort}>
            {(control) => <NumberInput {...control} value={form.smtpPort} onChange={(v) => set({ smtpPort: v })} testId="account-smtp-port" />}
          </Field>
          <Field label="Security" hint={form.smtpSecurity === "none" ? "Only to a server on this computer." : undefined}>
            {(control) => <SecuritySelect {...control} value={form.smtpSecurity} onChange={(s) => set({ smtpSecurity: s })} testId="account-smtp-security" />}
          </Field>
        </div>
        <div className="form-grid">
          <Field label="Username" hint="Empty: the email address.">
            {(control) => (
              <input {...control} className="input" value={form.smtpUsername} autoComplete="off" spellCheck={false} onChange={(e) => set({ smtpUsername: e.target.value })} data-testid="account-username" />
            )}
          </Field>
          <Field
            label="Password"
            hint={account?.has_password ? "Kept in the keychain. Leave empty to keep it; type a new one to replace it." : "Kept in your computer's keychain, never shown again."}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                className="input input--mono"
                value={form.password}
                autoComplete="new-password"
                spellCheck={false}
                placeholder={account?.has_password ? "Keep the current password" : "App password"}
                onChange={(e) => set({ password: e.target.value })}
                data-testid="account-password"
              />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-section account-form__group">
        <legend className="form-section__title">Pace</legend>
        <p className="text-muted account-form__legend-hint">
          A new mailbox starts low and grows each day it sends, up to its cap. {spacingLine(seconds(form.minSpacing), seconds(form.jitter))}.
        </p>
        <div className="form-grid form-grid--5">
          <Field label="Daily cap" error={errors.dailyCap}>
            {(control) => <NumberInput {...control} value={form.dailyCap} onChange={(v) => set({ dailyCap: v })} testId="account-daily-cap" />}
          </Field>
          <Field label="Ramp: first day" error={errors.rampStart} hint="0: no ramp-up">
            {(control) => <NumberInput {...control} value={form.rampStart} onChange={(v) => set({ rampStart: v })} testId="account-ramp-start" />}
          </Field>
          <Field label="Ramp: + per day" error={errors.rampStep}>
            {(control) => <NumberInput {...control} value={form.rampStep} onChange={(v) => set({ rampStep: v })} testId="account-ramp-step" />}
          </Field>
          <Field label="Spacing (s)" error={errors.minSpacing}>
            {(control) => <NumberInput {...control} value={form.minSpacing} onChange={(v) => set({ minSpacing: v })} testId="account-spacing" />}
          </Field>
          <Field label="Jitter (s)" error={errors.jitter}>
            {(control) => <NumberInput {...control} value={form.jitter} onChange={(v) => set({ jitter: v })} testId="account-jitter" />}
          </Field>
        </div>
      </fieldset>

      <Field label="Signature" hint="Added under every mail from this account, above the compliance footer.">
        {(control) => <textarea {...control} className="textarea" rows={3} value={form.signature} onChange={(e) => set({ signature: e.target.value })} data-testid="account-signature" />}
      </Field>

      <fieldset className="form-section account-form__group">
        <legend className="form-section__title">Receiving (IMAP)</legend>
        <p className="text-muted account-form__legend-hint">Where replies and bounces arrive. Optional for now; the inbox uses it.</p>
        <div className="form-grid form-grid--host">
          <Field label="Server">
            {(control) => (
              <input {...control} className="input input--mono" value={form.imapHost} spellCheck={false} placeholder="imap.example.com" onChange={(e) => set({ imapHost: e.target.value })} data-testid="account-imap-host" />
            )}
          </Field>
          <Field label="Port" error={errors.imapPort}>
            {(control) => <NumberInput {...control} value={form.imapPort} onChange={(v) => set({ imapPort: v })} testId="account-imap-port" />}
          </Field>
          <Field label="Security">
            {(control) => <SecuritySelect {...control} value={form.imapSecurity} onChange={(s) => set({ imapSecurity: s })} testId="account-imap-security" />}
          </Field>
        </div>
        <Field label="IMAP username" hint="Empty: the SMTP username.">
          {(control) => <input {...control} className="input" value={form.imapUsername} spellCheck={false} onChange={(e) => set({ imapUsername: e.target.value })} data-testid="account-imap-username" />}
        </Field>
      </fieldset>
    </>
  );
}
