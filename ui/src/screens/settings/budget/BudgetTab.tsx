import { useState } from "react";
import { EmptyState } from "../../../components/EmptyState";
import { Icon } from "../../../components/Icon";
import { SkeletonRows } from "../../../components/Spinner";
import { useUsageSummary } from "../../../hooks/usage";
import { describeError } from "../../../ipc/errors";
import { formatMonth, monthOf } from "../../../lib/format";
import { useCurrentWorkspace } from "../../../state/currentWorkspace";
import { BudgetCard } from "./BudgetCard";
import { PriceTable } from "./PriceTable";
import { RecentCalls } from "./RecentCalls";
import { UsageCharts } from "./UsageCharts";
import { PurposeBreakdown, UsageTotalsRow } from "./UsageOverview";

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  return monthOf(new Date(y!, m! - 1 + by, 1));
}

export function BudgetTab() {
  const workspace = useCurrentWorkspace();
  const thisMonth = monthOf(new Date());
  const [month, setMonth] = useState(thisMonth);
  const usage = useUsageSummary(workspace.id, month);

  return (
    <div className="settings-tab" data-testid="budget-tab">
      <BudgetCard workspaceId={workspace.id} workspaceName={workspace.name} />

      <section className="settings-section" aria-labelledby="usage-title">
        <div className="section-head">
          <div>
            <h2 id="usage-title" className="section-title">
              Usage in {formatMonth(month)}
            </h2>
            <p className="text-muted">Calls made for {workspace.name}, including ones answered from the cache at no cost.</p>
          </div>
          <div className="month-picker">
            <button type="button" className="icon-button" aria-label="Previous month" onClick={() => setMonth(shiftMonth(month, -1))} data-testid="usage-month-prev">
              <Icon name="chevron-left" />
            </button>
            <label className="visually-hidden" htmlFor="usage-month">
              Month
            </label>
            <input
              id="usage-month"
              type="month"
              className="input input--sm month-picker__input"
              value={month}
              max={thisMonth}
              onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && setMonth(e.target.value)}
              data-testid="usage-month"
            />
            <button
              type="button"
              className="icon-button"
              aria-label="Next month"
              disabled={month >= thisMonth}
              onClick={() => setMonth(shiftMonth(month, 1))}
              data-testid="usage-month-next"
            >
              <Icon name="chevron-right" />
            </button>
          </div>
        </div>
        {usage.isPending ? (
          <div className="panel">
            <SkeletonRows rows={5} label="Loading usage" />
          </div>
        ) : usage.isError ? (
          <EmptyState icon="alert-triangle" title="Usage could not be loaded" actions={<button type="button" className="btn" onClick={() => void usage.refetch()}>Try again</button>}>
            {describeError(usage.error)}
          </EmptyState>
        ) : (
          <>
            <UsageTotalsRow totals={usage.data.totals} />
            <UsageCharts summary={usage.data} />
            <PurposeBreakdown groups={usage.data.by_purpose} />
          </>
        )}
      </section>

      <RecentCalls workspaceId={workspace.id} />
      <PriceTable />
    </div>
  );
}
