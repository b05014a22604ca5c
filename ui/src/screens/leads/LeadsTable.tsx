import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type CSSProperties } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import type { LeadSortField } from "../../ipc/bindings/LeadSortField";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import type { CellContext, LeadColumn } from "./columns";

const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 36;
/** Start loading the next page this many rows before the end. */
const PREFETCH_ROWS = 40;

export type SortState = { field: LeadSortField; descending: boolean };
export type HeaderCheck = "all" | "some" | "none";

function minWidth(columns: LeadColumn[]): number {
  return columns.reduce((sum, c) => sum + Number(/(\d+)px/.exec(c.width)?.[1] ?? 120), 44);
}

export function LeadsTable({
  leads,
  columns,
  ctx,
  sort,
  onSort,
  isSelected,
  onToggle,
  headerCheck,
  onToggleAll,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  onOpen,
}: {
  leads: Lead[];
  columns: LeadColumn[];
  ctx: CellContext;
  sort: SortState;
  onSort: (field: LeadSortField) => void;
  isSelected: (id: number) => boolean;
  onToggle: (id: number) => void;
  headerCheck: HeaderCheck;
  onToggleAll: () => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  onOpen: (lead: Lead) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerBoxRef = useRef<HTMLInputElement>(null);
  const count = leads.length + (hasNextPage ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => leads[index]?.id ?? "loader",
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= leads.length - PREFETCH_ROWS) fetchNextPage();
  }, [lastIndex, leads.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (headerBoxRef.current) headerBoxRef.current.indeterminate = headerCheck === "some";
  }, [headerCheck]);

  const gridStyle = {
    gridTemplateColumns: `44px ${columns.map((c) => c.width).join(" ")}`,
    minWidth: minWidth(columns),
  } as CSSProperties;

  return (
    <div className="leads-table" ref={scrollRef} role="table" aria-label="Leads" aria-rowcount={count + 1} data-testid="leads-table">
      <div className="leads-table__head" role="rowgroup">
        <div className="leads-row leads-row--head" role="row" style={{ ...gridStyle, height: HEADER_HEIGHT }}>
          <span role="columnheader" className="leads-cell leads-cell--check">
            <input
              ref={headerBoxRef}
              type="checkbox"
              aria-label="Select all loaded leads"
              checked={headerCheck === "all"}
              onChange={onToggleAll}
              data-testid="select-all-loaded"
            />
          </span>
          {columns.map((c) => {
            const active = c.sort !== undefined && sort.field === c.sort;
            return (
              <span
                key={c.id}
                role="columnheader"
                className={`leads-cell${c.numeric ? " leads-cell--num" : ""}`}
                aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}
              >
                {c.sort ? (
                  <button type="button" className={`sort-button${active ? " is-active" : ""}`} onClick={() => onSort(c.sort!)} data-testid={`sort-${c.id}`}>
                    {c.label}
                    <Icon name={active && sort.descending ? "arrow-down" : "arrow-up"} size={12} className="sort-button__icon" />
                  </button>
                ) : (
                  c.label
                )}
              </span>
            );
          })}
        </div>
      </div>
      <div className="leads-table__body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth: gridStyle.minWidth }}>
        {items.map((item) => {
          const lead = leads[item.index];
          const style: CSSProperties = { ...gridStyle, height: item.size, transform: `translateY(${item.start - HEADER_HEIGHT}px)` };
          if (!lead) {
            return (
              <div key={item.key} className="leads-row leads-row--loader" role="row" style={style} data-testid="leads-loading-more">
                <span role="cell" className="leads-loader">
                  <Spinner size={14} label="Loading more leads" /> Loading more…
                </span>
              </div>
            );
          }
          const selected = isSelected(lead.id);
          return (
            <div
              key={item.key}
              className={`leads-row${selected ? " is-selected" : ""}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={selected}
              tabIndex={0}
              style={style}
              onClick={() => onOpen(lead)}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget) return;
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onOpen(lead);
                } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                  e.preventDefault();
                  const next = e.key === "ArrowDown" ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
                  if (next instanceof HTMLElement && next.dataset.leadId) next.focus();
                }
              }}
              data-testid="lead-row"
              data-lead-id={lead.id}
            >
              <span role="cell" className="leads-cell leads-cell--check" onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={`Select ${lead.email ?? `lead ${lead.id}`}`}
                  checked={selected}
                  onChange={() => onToggle(lead.id)}
                />
              </span>
              {columns.map((c) => {
                const content = c.render(lead, ctx);
                return (
                  <span
                    key={c.id}
                    role="cell"
                    className={`leads-cell truncate${c.numeric ? " leads-cell--num" : ""}`}
                    title={typeof content === "string" && content ? content : undefined}
                  >
                    {content}
                  </span>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
