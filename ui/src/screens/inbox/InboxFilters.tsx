import type { RefObject } from "react";
import type { AccountView } from "../../ipc/bindings/AccountView";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { InboxCount } from "../../ipc/bindings/InboxCount";
import { Icon } from "../../components/Icon";
import { formatCount } from "../../lib/format";
import { CLASS_FILTERS, countFor } from "./labels";
import type { InboxFilterState, InboxTab } from "./inboxFilter";

const TABS: { tab: InboxTab; label: string }[] = [
  { tab: "open", label: "Open" },
  { tab: "snoozed", label: "Snoozed" },
  { tab: "done", label: "Done" },
];

/** State tabs, search, campaign and account, and one chip per class with its open count. */
export function InboxFilters({
  state,
  onChange,
  counts,
  campaigns,
  accounts,
  searchRef,
}: {
  state: InboxFilterState;
  onChange: (next: InboxFilterState) => void;
  counts: InboxCount[];
  campaigns: Campaign[];
  accounts: AccountView[];
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const set = (patch: Partial<InboxFilterState>) => onChange({ ...state, ...patch });
  return (
    <div className="inbox-filters">
      <div className="toolbar">
        <div className="segmented" role="radiogroup" aria-label="Show">
          {TABS.map((t) => (
            <button key={t.tab} type="button" role="radio" className="segmented__item" aria-checked={state.tab === t.tab} onClick={() => set({ tab: t.tab })} data-testid={`inbox-tab-${t.tab}`}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="search-box">
          <Icon name="search" className="search-box__icon" />
          <input
            ref={searchRef}
            type="search"
            className="input search-box__input"
            placeholder="Search sender, subject, text"
            aria-label="Search the inbox"
            value={state.search}
            onChange={(e) => set({ search: e.target.value })}
            onKeyDown={(e) => e.key === "Escape" && (e.currentTarget.blur(), set({ search: "" }))}
            data-testid="inbox-search"
          />
        </div>
        <select className="select select--sm" aria-label="Campaign" value={state.campaignId ?? ""} onChange={(e) => set({ campaignId: e.target.value ? Number(e.target.value) : null })} data-testid="inbox-campaign">
          <option value="">Every campaign</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select className="select select--sm" aria-label="Account" value={state.accountId ?? ""} onChange={(e) => set({ accountId: e.target.value ? Number(e.target.value) : null })} data-testid="inbox-account">
          <option value="">Every account</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.email}
            </option>
          ))}
        </select>
        <label className="switch" title="Mail from nobody Reach wrote to">
          <input type="checkbox" checked={state.unknownSenders} onChange={(e) => set({ unknownSenders: e.target.checked })} data-testid="inbox-unknown" />
          <span className="switch__track" aria-hidden="true" />
          Unknown senders
        </label>
      </div>
      <div className="inbox-chips" role="group" aria-label="Class">
        {CLASS_FILTERS.map((c) => {
          const n = countFor(counts, c.filter);
          const on = state.classId === c.id;
          return (
            <button
              key={c.id}
              type="button"
              className={`inbox-chip inbox-chip--${c.id}`}
              aria-pressed={on}
              onClick={() => set({ classId: on ? null : c.id })}
              data-testid={`inbox-chip-${c.id}`}
            >
              <span className={`inbox-chip__dot inbox-class--${c.id}`} aria-hidden="true" />
              {c.label}
              <span className="inbox-chip__count" data-testid={`inbox-chip-count-${c.id}`}>
                {formatCount(n)}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
