import type { RefObject } from "react";
import type { QcCheck } from "../../ipc/bindings/QcCheck";
import type { SequenceStep } from "../../ipc/bindings/SequenceStep";
import { Icon } from "../../components/Icon";
import { QC_CHECK_LABEL } from "../../components/drafts/QcChips";
import { STATUS_LABEL, type QcChoice, type ReviewFilterState, type StatusChoice } from "./reviewFilter";

export function ReviewFilters({
  state,
  onChange,
  steps,
  searchRef,
}: {
  state: ReviewFilterState;
  onChange: (next: ReviewFilterState) => void;
  steps: SequenceStep[];
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const stepNumbers = [...new Set(steps.map((s) => s.step))].sort((a, b) => a - b);
  const variants = [...new Set(steps.filter((s) => state.step === null || s.step === state.step).map((s) => s.variant))].sort();
  const set = (patch: Partial<ReviewFilterState>) => onChange({ ...state, ...patch });
  return (
    <div className="filters" role="search" aria-label="Filter drafts">
      <div className="search-box">
        <Icon name="search" className="search-box__icon" />
        <input
          ref={searchRef}
          className="input search-box__input"
          type="search"
          placeholder="Search lead, company or subject  ( / )"
          aria-label="Search drafts"
          value={state.search}
          onChange={(e) => set({ search: e.target.value })}
          onKeyDown={(e) => {
            // Back to the keys of the queue without losing the words typed.
            if (e.key === "Escape" || e.key === "Enter") e.currentTarget.blur();
          }}
          data-testid="review-search"
        />
      </div>
      <select className={`select${state.status !== "waiting" ? " is-active" : ""}`} aria-label="Status" value={state.status} onChange={(e) => set({ status: e.target.value as StatusChoice })} data-testid="review-filter-status">
        <option value="waiting">Waiting for review</option>
        {(Object.keys(STATUS_LABEL) as (keyof typeof STATUS_LABEL)[]).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
        <option value="all">Every status</option>
      </select>
      <select className={`select${state.step !== null ? " is-active" : ""}`} aria-label="Step" value={state.step ?? ""} onChange={(e) => set({ step: e.target.value ? Number(e.target.value) : null, variant: null })} data-testid="review-filter-step">
        <option value="">Every step</option>
        {stepNumbers.map((n) => (
          <option key={n} value={n}>
            Step {n}
          </option>
        ))}
      </select>
      <select className={`select${state.variant !== null ? " is-active" : ""}`} aria-label="Variant" value={state.variant ?? ""} onChange={(e) => set({ variant: e.target.value || null })} data-testid="review-filter-variant">
        <option value="">Every variant</option>
        {variants.map((v) => (
          <option key={v} value={v}>
            Variant {v}
          </option>
        ))}
      </select>
      <select className={`select${state.qc !== "any" ? " is-active" : ""}`} aria-label="QC" value={state.qc} onChange={(e) => set({ qc: e.target.value as QcChoice })} data-testid="review-filter-qc">
        <option value="any">Any QC</option>
        <option value="passing">Passing (no error)</option>
        <option value="errors">With errors</option>
        <option value="warnings">With warnings</option>
        <option value="offline">Written offline</option>
        <option value="edited">Edited</option>
        <optgroup label="Flagged by one check">
          {(Object.keys(QC_CHECK_LABEL) as QcCheck[]).map((c) => (
            <option key={c} value={`check:${c}`}>
              {QC_CHECK_LABEL[c]}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
