import { useQuery } from "@tanstack/react-query";
import { keepLastAnswer } from "../../state/queryClient";
import { useState } from "react";
import { call } from "../../ipc/commands";
import type { Lead } from "../../ipc/bindings/Lead";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { queryKeys } from "../../state/queryKeys";

const PICK_LIMIT = 8;

export function leadLabel(lead: Pick<Lead, "first_name" | "last_name" | "email" | "company" | "id">): string {
  const name = [lead.first_name, lead.last_name].filter(Boolean).join(" ");
  return name || lead.email || `Lead ${lead.id}`;
}

/** Finds a lead by name, address or company (in one campaign when given) and hands back the one chosen. */
export function LeadPicker({
  workspaceId,
  campaignId,
  selected,
  onSelect,
  testId = "lead-picker",
}: {
  workspaceId: number;
  campaignId?: number | null;
  selected: Lead | null;
  onSelect: (lead: Lead) => void;
  testId?: string;
}) {
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(false);
  const words = useDebouncedValue(search.trim(), 200);
  const query = { filter: { workspace_id: workspaceId, ...(words ? { search: words } : {}), ...(campaignId != null ? { campaign_id: campaignId } : {}) } };
  const leads = useQuery({
    queryKey: queryKeys.leadPages(query),
    queryFn: () => call("lead_page", { query: { ...query, limit: PICK_LIMIT } }),
    enabled: open,
    ...keepLastAnswer,
  });
  const list = leads.data?.leads ?? [];
  return (
    <div className="lead-picker" data-testid={testId}>
      <input
        className="input input--sm"
        type="search"
        placeholder={selected ? `${leadLabel(selected)} — type to find another lead` : "Find a lead by name, address or company"}
        aria-label="Find a lead to preview with"
        value={search}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setSearch(e.target.value);
          setOpen(true);
        }}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        data-testid={`${testId}-search`}
      />
      {open && (
        <ul className="lead-picker__list menu" role="listbox" aria-label="Leads">
          {list.map((l) => (
            <li key={l.id} role="option" aria-selected={selected?.id === l.id}>
              <button
                type="button"
                className="menu__item"
                onClick={() => {
                  onSelect(l);
                  setOpen(false);
                  setSearch("");
                }}
                data-testid={`${testId}-lead-${l.id}`}
              >
                <span className="menu__text">{leadLabel(l)}</span>
                <span className="menu__meta truncate">{l.company ?? l.email}</span>
              </button>
            </li>
          ))}
          {leads.isSuccess && list.length === 0 && <li className="menu__empty">{campaignId != null ? "No enrolled lead matches." : "No lead matches."}</li>}
        </ul>
      )}
    </div>
  );
}
