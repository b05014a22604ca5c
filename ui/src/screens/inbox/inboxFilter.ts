import type { InboxQuery } from "../../ipc/bindings/InboxQuery";
import { CLASS_FILTERS } from "./labels";

export type InboxTab = "open" | "snoozed" | "done";

export type InboxFilterState = {
  tab: InboxTab;
  /** The id of a class chip (CLASS_FILTERS), or null for every class. */
  classId: string | null;
  campaignId: number | null;
  accountId: number | null;
  unknownSenders: boolean;
  search: string;
};

export const START_FILTER: InboxFilterState = { tab: "open", classId: null, campaignId: null, accountId: null, unknownSenders: false, search: "" };

/** The list shows this many at most; the subtitle says when there are more. */
export const PAGE_SIZE = 200;

/** Whether anything narrows the list beyond its tab. */
export function isFiltered(f: InboxFilterState): boolean {
  return f.classId !== null || f.campaignId !== null || f.accountId !== null || f.unknownSenders || f.search.trim() !== "";
}

export function toInboxQuery(workspaceId: number, f: InboxFilterState): InboxQuery {
  const chip = CLASS_FILTERS.find((c) => c.id === f.classId)?.filter ?? null;
  return {
    workspace_id: workspaceId,
    kind: chip?.kind ?? null,
    category: chip?.category ?? null,
    campaign_id: f.campaignId,
    account_id: f.accountId,
    // The Open tab is the engine's default: open mail and snoozed mail whose time has come.
    state: f.tab === "open" ? null : f.tab,
    unknown_senders: f.unknownSenders,
    search: f.search.trim() || null,
    limit: PAGE_SIZE,
    offset: 0,
  };
}
