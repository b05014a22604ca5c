import type { Campaign } from "../../ipc/bindings/Campaign";
import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import type { EnrollmentStage } from "../../ipc/bindings/EnrollmentStage";
import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { STAGES, STAGE_LABEL, stageTone } from "../../components/StageBadge";
import { formatDateTime } from "../../lib/format";
import { NO_FILTERS, isFiltered, type LeadFilterState } from "./filterState";

export function LeadFilters({
  state,
  onChange,
  campaigns,
  imports,
  countries,
}: {
  state: LeadFilterState;
  onChange: (next: LeadFilterState) => void;
  campaigns: Campaign[];
  imports: ImportSummary[];
  countries: string[];
}) {
  const set = (patch: Partial<LeadFilterState>) => onChange({ ...state, ...patch });
  const toggleStage = (s: EnrollmentStage) =>
    set({ stages: state.stages.includes(s) ? state.stages.filter((x) => x !== s) : [...state.stages, s] });

  return (
    <div className="filters" role="search" aria-label="Filter leads">
      <div className="search-box">
        <Icon name="search" className="search-box__icon" />
        <input
          type="search"
          className="input search-box__input"
          placeholder="Search name, email, company…"
          aria-label="Search leads"
          value={state.search}
          onChange={(e) => set({ search: e.target.value })}
          data-testid="leads-search"
        />
      </div>

      <Popover
        triggerClassName={state.stages.length ? "btn btn--sm is-active" : "btn btn--sm"}
        testId="filter-stage"
        panelClassName="menu"
        trigger={
          <>
            Stage{state.stages.length > 0 && <span className="count-pill">{state.stages.length}</span>}
            <Icon name="chevron-down" size={14} />
          </>
        }
      >
        {() => (
          <>
            <div className="menu__label">{typeof state.campaign === "number" ? "In this campaign" : "In any campaign"}</div>
            {STAGES.map((s) => (
              <label key={s} className="menu__item menu__item--check">
                <input type="checkbox" checked={state.stages.includes(s)} onChange={() => toggleStage(s)} data-testid={`filter-stage-${s}`} />
                <span className={`status-dot status-dot--${stageTone(s)}`} aria-hidden="true" />
                {STAGE_LABEL[s]}
              </label>
            ))}
          </>
        )}
      </Popover>

      <select
        className={state.campaign !== null ? "select select--sm is-active" : "select select--sm"}
        aria-label="Campaign"
        value={state.campaign === null ? "" : String(state.campaign)}
        onChange={(e) => set({ campaign: e.target.value === "" ? null : e.target.value === "none" ? "none" : Number(e.target.value) })}
        data-testid="filter-campaign"
      >
        <option value="">Any campaign</option>
        <option value="none">No campaign</option>
        {campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
            {c.archived ? " (archived)" : ""}
          </option>
        ))}
      </select>

      <select
        className={state.importId !== null ? "select select--sm is-active" : "select select--sm"}
        aria-label="Import"
        value={state.importId ?? ""}
        onChange={(e) => set({ importId: e.target.value === "" ? null : Number(e.target.value) })}
        data-testid="filter-import"
      >
        <option value="">Any import</option>
        {imports.map((i) => (
          <option key={i.id} value={i.id}>
            {i.file_name} · {formatDateTime(i.created_at)}
          </option>
        ))}
      </select>

      <select
        className={state.hasEmail !== null ? "select select--sm is-active" : "select select--sm"}
        aria-label="Email address"
        value={state.hasEmail === null ? "" : state.hasEmail ? "yes" : "no"}
        onChange={(e) => set({ hasEmail: e.target.value === "" ? null : e.target.value === "yes" })}
        data-testid="filter-has-email"
      >
        <option value="">With or without email</option>
        <option value="yes">Has email</option>
        <option value="no">No email</option>
      </select>

      <select
        className={state.country !== null ? "select select--sm is-active" : "select select--sm"}
        aria-label="Country"
        value={state.country ?? ""}
        onChange={(e) => set({ country: e.target.value || null })}
        data-testid="filter-country"
      >
        <option value="">Any country</option>
        {countries.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>

      {isFiltered(state) && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => onChange(NO_FILTERS)} data-testid="filters-clear">
          <Icon name="x" size={14} />
          Clear
        </button>
      )}
    </div>
  );
}
