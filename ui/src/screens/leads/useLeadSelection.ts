import { useCallback, useMemo, useState } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import type { HeaderCheck } from "./LeadsTable";

type Selection = { mode: "ids"; ids: ReadonlySet<number> } | { mode: "all" };

const EMPTY: Selection = { mode: "ids", ids: new Set() };

/**
 * Row selection over a paged list: either explicit ids, or every lead matching the filter
 * (which the engine resolves itself, so it covers rows not loaded yet).
 */
export function useLeadSelection(loaded: Lead[], total: number) {
  const [selection, setSelection] = useState<Selection>(EMPTY);

  const isSelected = useCallback((id: number) => selection.mode === "all" || selection.ids.has(id), [selection]);

  const toggle = useCallback(
    (id: number) =>
      setSelection((s) => {
        const ids = new Set(s.mode === "all" ? loaded.map((l) => l.id) : s.ids);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { mode: "ids", ids };
      }),
    [loaded],
  );

  const count = selection.mode === "all" ? total : selection.ids.size;
  const allLoadedSelected = loaded.length > 0 && (selection.mode === "all" || loaded.every((l) => selection.ids.has(l.id)));
  const headerCheck: HeaderCheck = allLoadedSelected ? "all" : count > 0 ? "some" : "none";

  const toggleAllLoaded = useCallback(
    () => setSelection(allLoadedSelected ? EMPTY : { mode: "ids", ids: new Set(loaded.map((l) => l.id)) }),
    [allLoadedSelected, loaded],
  );

  return useMemo(
    () => ({
      isSelected,
      toggle,
      count,
      headerCheck,
      allMatching: selection.mode === "all",
      allLoadedSelected,
      /** The ids to send with a bulk action; undefined means every lead matching the filter. */
      ids: selection.mode === "all" ? undefined : [...selection.ids],
      toggleAllLoaded,
      selectAllMatching: () => setSelection({ mode: "all" }),
      clear: () => setSelection(EMPTY),
    }),
    [isSelected, toggle, count, headerCheck, selection, allLoadedSelected, toggleAllLoaded],
  );
}

export type LeadSelection = ReturnType<typeof useLeadSelection>;
