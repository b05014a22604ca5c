import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { DataChanged } from "../ipc/bindings/DataChanged";
import { queryKeys } from "./queryKeys";

function scoped(prefix: readonly unknown[], workspaceId: number | null): QueryKey {
  return workspaceId === null ? [...prefix] : [...prefix, workspaceId];
}

/** The cached reads a change of one entity makes stale. Counts shown elsewhere (lead_count, campaign_count) go too. */
export function keysFor(change: DataChanged): QueryKey[] {
  const ws = change.workspace_id;
  switch (change.entity) {
    case "workspaces":
      return [queryKeys.workspaces];
    case "campaigns":
      // The schedule preview and the outbox carry the campaign's sending state.
      return [scoped(queryKeys.campaignsAll, ws), queryKeys.workspaces, queryKeys.outboxAll];
    case "leads":
      return [
        scoped(queryKeys.leadsAll, ws),
        queryKeys.leadAll,
        scoped(queryKeys.countriesAll, ws),
        scoped(queryKeys.campaignsAll, ws),
        queryKeys.workspaces,
      ];
    case "imports":
      return [scoped(queryKeys.importsAll, ws), queryKeys.importReportAll];
    case "jobs":
      // An import's state is its job's: pausing, resuming or cancelling one changes the imports list too.
      return [scoped(queryKeys.jobsAll, ws), queryKeys.jobAll, scoped(queryKeys.importsAll, ws)];
    case "templates":
      // A template's name shows on the sequence steps that draft from it.
      return [queryKeys.templatesAll, queryKeys.sequencesAll];
    case "sequences":
      return [queryKeys.sequencesAll, queryKeys.templatesAll];
    case "drafts":
      // Draft counts show on the sequence's variants; approved drafts are what the schedule preview plays.
      return [queryKeys.draftsAll, queryKeys.sequencesAll, queryKeys.outboxAll];
    case "enrichments":
      // Enrichment fields are template variables: renders change with them.
      return [queryKeys.enrichmentsAll, queryKeys.templateRenderAll];
    case "sending":
      // Accounts, caps, windows and the suppression list change what the schedule preview plays.
      return [scoped(queryKeys.sendingAll, ws), queryKeys.outboxAll];
    case "outbox":
      // A launch, pause or attempt changes the campaign's sending state shown in its header and card.
      return [queryKeys.outboxAll, scoped(queryKeys.campaignsAll, ws), scoped(queryKeys.sendingAll, ws)];
    case "inbox":
      // A reply stops sequences, suppresses addresses and marks leads: their views change with it.
      return [queryKeys.inboxAll, scoped(queryKeys.leadsAll, ws), queryKeys.leadAll, queryKeys.outboxAll, scoped(queryKeys.sendingAll, ws)];
    case "everything":
      // Another process wrote the database, or events were missed: nothing cached can be trusted.
      return [queryKeys.everything];
  }
}

export function applyDataChanged(client: QueryClient, change: DataChanged): void {
  for (const queryKey of keysFor(change)) {
    void client.invalidateQueries({ queryKey });
  }
}
