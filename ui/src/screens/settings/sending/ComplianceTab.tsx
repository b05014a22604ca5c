import { useEffect, useRef, useState, type FormEvent } from "react";
import type { ComplianceSettings } from "../../../ipc/bindings/ComplianceSettings";
import { EmptyState } from "../../../components/EmptyState";
import { Field } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { SkeletonRows, Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useCompliance, useUpdateCompliance } from "../../../hooks/sending";
import { describeError } from "../../../ipc/errors";
import { useCurrentWorkspace } from "../../../state/currentWorkspace";
import { compliancePatch, formFromSettings, toggleDay, validateCompliance, WEEKDAYS, type ComplianceErrors, type ComplianceForm } from "./complianceForm";
import "./sending.css";

export function ComplianceTab() {
  const workspace = useCurrentWorkspace();
  const settings = useCompliance(workspace.id);
  return (
    <div className="settings-tab" data-testid="compliance-tab">
      <section className="settings-section" aria-labelledby="compliance-title">
        <div className="section-head">
          <div>
            <h2 id="compliance-title" className="section-title">
              Compliance
            </h2>
            <p className="text-muted">The rules every mail of {workspace.name} follows: its footer, when it may go out, and when sending stops on its own.</p>
          </div>
        </div>
        {settings.isPending ? (
          <div className="panel">
            <SkeletonRows rows={6} label="Loading the compliance settings" />
          </div>
        ) : settings.isError ? (
          <EmptyState icon="alert-triangle" title="The settings could not be loaded" actions={<button type="button" className="btn" onClick={() => void settings.refetch()}>Try again</button>}>
            {describeError(settings.error)}
          </EmptyState>
        ) : (
          <ComplianceEditor workspaceId={workspace.id} settings={settings.data} />
        )}
      </section>
    </div>
  );
}

function ComplianceEditor({ workspaceId, settings }: { workspaceId: number; settings: ComplianceSettings }) {
  const save = useUpdateCompliance(workspaceId);
  const notify = useToast();
  const [saved, setSaved] = useState(() => formFromSettings(settings));
  const savedRef = useRef(saved);
  const [form, setForm] = useState(saved);
  const [errors, setErrors] = useState<ComplianceErrors>({});
  const [failure, setFailure] = useState<string | null>(null);

  // Another window or the CLI changed the settings: show them unless the user is editing.
  useEffect(() => {
    const fresh = formFromSettings(settings);
    const old = savedRef.current;
    savedRef.current = fresh;
    setSaved(fresh);
    setForm((current) => (JSON.stringify(current) === JSON.stringify(old) ? fresh : current));
  }, [settings]);

  const set = (patch: Partial<ComplianceForm>) => {
    setForm({ ...form, ...patch });
    setFailure(null);
    const cleared = { ...errors };
    for (const k of Object.keys(patch)) delete cleared[k as keyof ComplianceForm];
    setErrors(cleared);
  };
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateCompliance(form);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    const { patch, changed } = compliancePatch(saved, form);
    if (changed.length === 0) return;
    save.mutate(patch, {
      onSuccess: (s) => {
        const fresh = formFromSettings(s);
        savedRef.current = fresh;
        setSaved(fresh);
        setForm(fresh);
        notify.success("Compliance settings saved");
      },
      onError: (error) => {
        if (error.code !== "validation") return;
        // The engine names what is wrong in its sentence; one changed field is where it belongs.
        if (changed.length === 1) setErrors({ [changed[0]!]: describeError(error) });
        else setFailure(describeError(error));
      },
    });
  };

  return (
    <form className="compliance-form" onSubmit={submit} noValidate data-testid="compliance-form">
      {failure && (
        <div className="callout callout--danger" role="alert" data-testid="compliance-error">
          {failure}
        </div>
      )}
      <div className="card compliance-card">
        <h3 className="compliance-card__title">Footer</h3>
        <p className="text-muted compliance-card__hint">Printed under every mail with an unsubscribe line; the unsubscribe addresses also go in the List-Unsubscribe header.</p>
        <Field label="Physical address" error={errors.physicalAddress} hint="Your postal address, as the law in most countries asks.">
          {(control) => (
            <textarea {...control} className="textarea" rows={2} value={form.physicalAddress} onChange={(e) => set({ physicalAddress: e.target.value })} data-testid="compliance-address" />
          )}
        </Field>
        <div className="form-grid">
          <Field label="Unsubscribe by email" error={errors.unsubscribeMailto} hint="A reply to this address unsubscribes. Empty: none.">
            {(control) => (
              <input {...control} className="input" value={form.unsubscribeMailto} spellCheck={false} placeholder="unsubscribe@example.com" onChange={(e) => set({ unsubscribeMailto: e.target.value })} data-testid="compliance-mailto" />
            )}
          </Field>
          <Field label="Unsubscribe page" error={errors.unsubscribeUrl} hint="With a URL, mail clients offer one-click unsubscribe.">
            {(control) => (
              <input {...control} className="input input--mono" value={form.unsubscribeUrl} spellCheck={false} placeholder="https://…" onChange={(e) => set({ unsubscribeUrl: e.target.value })} data-testid="compliance-url" />
            )}
          </Field>
        </div>
      </div>

      <div className="card compliance-card">
        <h3 className="compliance-card__title">When mail goes out</h3>
        <p className="text-muted compliance-card__hint">The window is on each recipient's clock: the lead's time zone, else its country's, else the workspace's.</p>
        <div className="form-grid form-grid--3">
          <Field label="From" error={errors.windowStart}>
            {(control) => <input {...control} type="time" className="input" value={form.windowStart} onChange={(e) => set({ windowStart: e.target.value })} data-testid="compliance-window-start" />}
          </Field>
          <Field label="Until" error={errors.windowEnd} hint="An end before the start crosses midnight.">
            {(control) => <input {...control} type="time" className="input" value={form.windowEnd} onChange={(e) => set({ windowEnd: e.target.value })} data-testid="compliance-window-end" />}
          </Field>
          <Field label="Workspace time zone" error={errors.timezone} hint="Your clock: days for the caps, and recipients whose zone is unknown.">
            {(control) => (
              <input {...control} className="input input--mono" value={form.timezone} spellCheck={false} placeholder="Europe/Berlin" onChange={(e) => set({ timezone: e.target.value })} data-testid="compliance-timezone" />
            )}
          </Field>
        </div>
        <div className="field">
          <span className="field__label" id="compliance-days-label">
            Days
          </span>
          <div className="day-chips" role="group" aria-labelledby="compliance-days-label" aria-describedby={errors.days ? "compliance-days-error" : undefined}>
            {WEEKDAYS.map((w) => (
              <button
                key={w.day}
                type="button"
                className="day-chip"
                aria-pressed={form.days.includes(w.day)}
                onClick={() => set({ days: toggleDay(form.days, w.day) })}
                data-testid={`compliance-day-${w.day}`}
              >
                {w.label}
              </button>
            ))}
          </div>
          {errors.days && (
            <div id="compliance-days-error" className="field__error" role="alert">
              {errors.days}
            </div>
          )}
        </div>
      </div>

      <div className="card compliance-card">
        <h3 className="compliance-card__title">Limits and protection</h3>
        <p className="text-muted compliance-card__hint">A campaign whose bounces pass the rate pauses itself and says why; Reach also tells you with a notification.</p>
        <div className="form-grid form-grid--4">
          <Field label="Per recipient domain / day" error={errors.domainCap} hint="Across all your mailboxes.">
            {(control) => <input {...control} className="input" inputMode="numeric" value={form.domainCap} onChange={(e) => set({ domainCap: e.target.value })} data-testid="compliance-domain-cap" />}
          </Field>
          <Field label="Pause at bounce rate (%)" error={errors.bouncePercent}>
            {(control) => <input {...control} className="input" inputMode="decimal" value={form.bouncePercent} onChange={(e) => set({ bouncePercent: e.target.value })} data-testid="compliance-bounce-percent" />}
          </Field>
          <Field label="…of at least (sends)" error={errors.bounceMin} hint="Counted over 24 hours.">
            {(control) => <input {...control} className="input" inputMode="numeric" value={form.bounceMin} onChange={(e) => set({ bounceMin: e.target.value })} data-testid="compliance-bounce-min" />}
          </Field>
          <Field label="Tries of a deferred mail" error={errors.maxTries} hint="Then it fails.">
            {(control) => <input {...control} className="input" inputMode="numeric" value={form.maxTries} onChange={(e) => set({ maxTries: e.target.value })} data-testid="compliance-max-tries" />}
          </Field>
        </div>
        <label className="switch compliance-consent">
          <input type="checkbox" checked={form.holdWithoutConsent} onChange={(e) => set({ holdWithoutConsent: e.target.checked })} data-testid="compliance-hold-consent" />
          <span className="switch__track" aria-hidden="true" />
          <span>
            <strong>Hold leads in consent regions without recorded consent</strong>
            <span className="text-muted compliance-consent__hint">
              In the EU/EEA, the UK, Canada and Australia cold email needs consent; elsewhere legitimate interest usually applies. On: such leads are held (blocked with the reason) until their consent
              is recorded. Off: they are sent to, and the legal basis is written in the audit log.
            </span>
          </span>
        </label>
        <label className="switch compliance-consent">
          <input type="checkbox" checked={form.htmlAlternative} onChange={(e) => set({ htmlAlternative: e.target.checked })} data-testid="compliance-html" />
          <span className="switch__track" aria-hidden="true" />
          <span>
            <strong>Add an HTML version</strong>
            <span className="text-muted compliance-consent__hint">
              Mail goes as plain text, which reads like a personal note. On: an HTML version with the same words is added beside it, for
              mail apps that prefer one.
            </span>
          </span>
        </label>
        <label className="switch compliance-consent">
          <input
            type="checkbox"
            checked={form.pauseCompanyOnReply}
            onChange={(e) => set({ pauseCompanyOnReply: e.target.checked })}
            data-testid="compliance-company-pause"
          />
          <span className="switch__track" aria-hidden="true" />
          <span>
            <strong>Pause the company when one person replies</strong>
            <span className="text-muted compliance-consent__hint">
              A reply always stops that person's sequence. On: their colleagues in the same campaign (leads of the same company domain) pause
              for 30 days too, as one person often answers for the company.
            </span>
          </span>
        </label>
      </div>

      <div className="compliance-actions">
        <button type="submit" className="btn btn--primary" disabled={!dirty || save.isPending} data-testid="compliance-save">
          {save.isPending ? <Spinner size={14} label="Saving" /> : <Icon name="check" />}
          Save
        </button>
        {dirty && (
          <button type="button" className="btn btn--ghost" onClick={() => (setForm(saved), setErrors({}), setFailure(null))} disabled={save.isPending}>
            Discard changes
          </button>
        )}
      </div>
    </form>
  );
}
