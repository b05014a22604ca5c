import { useCallback, useMemo, useState } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import type { LeadFilter } from "../../ipc/bindings/LeadFilter";
import type { LeadSortField } from "../../ipc/bindings/LeadSortField";
import { useLeadPages } from "../../hooks/leads";
import type { LeadColumn, CellContext } from "./columns";
import { LeadsTable, type SortState } from "./LeadsTable";
import { useLeadSelection } from "./useLeadSelection";

const DEFAULT_SORT: SortState = { field: "created_at", descending: true };

/** A filtered list of leads as a table shows it: its pages loaded so far, the total, the sort and the selection.
 * Changing the sort clears the selection, as a changed filter does where the caller clears it. */
export function useLeadList(filter: LeadFilter) {
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const pages = useLeadPages({ filter, sort: sort.field, descending: sort.descending });
  const leads = useMemo(() => pages.data?.pages.flatMap((p) => p.leads) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total ?? leads.length;
  const selection = useLeadSelection(leads, total);
  const changeSort = (field: LeadSortField) => {
    setSort((s) => (s.field === field ? { field, descending: !s.descending } : { field, descending: field === "created_at" }));
    selection.clear();
  };
  const { fetchNextPage } = pages;
  const fetchNext = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  return { pages, leads, total, selection, sort, changeSort, fetchNext };
}

export type LeadList = ReturnType<typeof useLeadList>;

/** The table of a lead list, wired to its sort, selection and paging. */
export function LeadListTable({ list, columns, ctx, onOpen }: { list: LeadList; columns: LeadColumn[]; ctx: CellContext; onOpen: (lead: Lead) => void }) {
  return (
    <LeadsTable
      leads={list.leads}
      columns={columns}
      ctx={ctx}
      sort={list.sort}
      onSort={list.changeSort}
      isSelected={list.selection.isSelected}
      onToggle={list.selection.toggle}
      headerCheck={list.selection.headerCheck}
      onToggleAll={list.selection.toggleAllLoaded}
      hasNextPage={list.pages.hasNextPage}
      isFetchingNextPage={list.pages.isFetchingNextPage}
      fetchNextPage={list.fetchNext}
      onOpen={onOpen}
    />
  );
}
