import { useCallback, useMemo, useState } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import type { HeaderCheck } from "./LeadsTable";

/**
 * Either explicit ids, or every lead matching the filter except the unticked ones
 * (which the engine resolves itself, so it covers rows not loaded yet).
 */
type Selection = { mode: "ids"; ids: ReadonlySet<number> } | { mode: "all"; excluded: ReadonlySet<number> };

const EMPTY: Selection = { mode: "ids", ids: new Set() };

/** Row selection over a paged list whose filter matches `total` leads. */
export function useLeadSelection(loaded: Lead[], total: number) {
  const [selection, setSelection] = useState<Selection>(EMPTY);

  const isSelected = useCallback(
    (id: number) => (selection.mode === "all" ? !selection.excluded.has(id) : selection.ids.has(id)),
    [selection],
  );

  const toggle = useCallback(
    (id: number) =>
      setSelection((s) => {
        if (s.mode === "all") {
          const excluded = new Set(s.excluded);
          if (excluded.has(id)) excluded.delete(id);
          else excluded.add(id);
          return excluded.size >= total ? EMPTY : { mode: "all", excluded };
        }
        const ids = new Set(s.ids);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { mode: "ids", ids };
      }),
    [total],
  );

  const count = selection.mode === "all" ? Math.max(0, total - selection.excluded.size) : selection.ids.size;
  const allLoadedSelected = loaded.length > 0 && loaded.every((l) => isSelected(l.id));
  const headerCheck: HeaderCheck = allLoadedSelected ? "all" : count > 0 ? "some" : "none";

  const toggleAllLoaded = useCallback(
    () =>
      setSelection((s) => {
        if (allLoadedSelected) return EMPTY;
        if (s.mode === "all") {
          const excluded = new Set(s.excluded);
          for (const l of loaded) excluded.delete(l.id);
          return { mode: "all", excluded };
        }
        return { mode: "ids", ids: new Set(loaded.map((l) => l.id)) };
      }),
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
      /** With every matching lead selected, the ones unticked since; undefined when there are none. */
      excludeIds: selection.mode === "all" && selection.excluded.size > 0 ? [...selection.excluded] : undefined,
      toggleAllLoaded,
      selectAllMatching: () => setSelection({ mode: "all", excluded: new Set() }),
      clear: () => setSelection(EMPTY),
    }),
    [isSelected, toggle, count, headerCheck, selection, allLoadedSelected, toggleAllLoaded],
  );
}

export type LeadSelection = ReturnType<typeof useLeadSelection>;
