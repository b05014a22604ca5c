import type { ProviderView } from "../../../ipc/bindings/ProviderView";
import { Icon } from "../../../components/Icon";
import { useProviderTest } from "../../../hooks/providers";
import { formatCount } from "../../../lib/format";
import { circuitLabel, KIND_LABEL } from "../labels";
import { ProviderTestPanel } from "./ProviderTestPanel";

function limits(p: ProviderView): string {
  const parts = [
    p.rpm_limit != null ? `${formatCount(p.rpm_limit)} requests/min` : null,
    p.tpm_limit != null ? `${formatCount(p.tpm_limit)} tokens/min` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "No rate limit";
}

const KEY_TONE = { set: "success", not_set: "warning", not_needed: "neutral", unavailable: "danger" } as const;

export function ProviderCard({
  provider: p,
  presetLabel,
  toggling,
  onToggle,
  onEdit,
  onRemove,
}: {
  provider: ProviderView;
  presetLabel: string;
  toggling: boolean;
  onToggle: (enabled: boolean) => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const test = useProviderTest();
  const circuit = circuitLabel(p.circuit);
  const id = p.id;

  return (
    <article className={`provider card${p.enabled ? "" : " is-disabled"}`} data-testid={`provider-${id}`} aria-labelledby={`provider-name-${id}`}>
      <header className="provider__head">
        <div className="min-w-0">
          <h3 id={`provider-name-${id}`} className="provider__name truncate">
            {p.name}
          </h3>
          <div className="provider__badges">
            <span className="badge" title={`Speaks the ${KIND_LABEL[p.kind]} protocol`}>
              {presetLabel}
            </span>
            <span
              className={`badge badge--tone-${circuit.tone}`}
              title={`Circuit ${p.circuit.state.replace("_", "-")}; ${p.circuit.consecutive_failures} failures in a row`}
              data-state={p.circuit.state}
              data-testid={`provider-circuit-${id}`}
            >
              {circuit.label}
            </span>
            {p.in_flight > 0 && <span className="badge badge--tone-accent">{formatCount(p.in_flight)} running</span>}
          </div>
        </div>
        <label className="switch">
          <input type="checkbox" checked={p.enabled} disabled={toggling} onChange={(e) => onToggle(e.target.checked)} data-testid={`provider-enabled-${id}`} />
          <span className="switch__track" aria-hidden="true" />
          {p.enabled ? "Enabled" : "Disabled"}
        </label>
      </header>

      <dl className="provider__facts">
        <div>
          <dt>Model</dt>
          <dd className="mono truncate" title={p.model}>
            {p.model}
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd className="mono truncate" title={p.base_url}>
            {p.base_url}
          </dd>
        </div>
        <div>
          <dt>API key</dt>
          <dd>
            <span className={`key-status key-status--${KEY_TONE[p.key.state]}`} data-testid={`provider-key-${id}`}>
              <Icon name="key" size={13} />
              {p.key.label}
            </span>
          </dd>
        </div>
        <div>
          <dt>Limits</dt>
          <dd data-testid={`provider-limits-${id}`}>
            {limits(p)} · {formatCount(p.max_concurrency)} at a time · {formatCount(p.timeout_secs)} s timeout
          </dd>
        </div>
      </dl>

      {p.circuit.state !== "closed" && p.circuit.last_error && (
        <p className="callout callout--danger provider__error" data-testid={`provider-last-error-${id}`}>
          <Icon name="alert-circle" />
          <span>
            Last error: {p.circuit.last_error}
            {p.circuit.state === "open" && p.circuit.retry_in_secs != null && ` Reach tries again in ${Math.ceil(p.circuit.retry_in_secs)} s.`}
          </span>
        </p>
      )}

      <ProviderTestPanel providerName={p.name} state={test.state} onClose={test.reset} testId={`provider-test-panel-${id}`} />

      <footer className="provider__actions">
        <button type="button" className="btn btn--sm" onClick={() => void test.run(id)} disabled={test.state.status === "running"} data-testid={`provider-test-${id}`}>
          <Icon name="play" size={13} />
          {test.state.status === "idle" ? "Test" : "Test again"}
        </button>
        <button type="button" className="btn btn--sm" onClick={onEdit} data-testid={`provider-edit-${id}`}>
          <Icon name="pencil" size={13} />
          Edit
        </button>
        <button type="button" className="btn btn--sm btn--danger-ghost" onClick={onRemove} data-testid={`provider-remove-${id}`}>
          <Icon name="trash" size={13} />
          Remove
        </button>
      </footer>
    </article>
  );
}
