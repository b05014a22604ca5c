import type { UsageGroup } from "../../../ipc/bindings/UsageGroup";
import type { UsageTotals } from "../../../ipc/bindings/UsageTotals";
import { formatCount, formatUsd } from "../../../lib/format";
import { PURPOSE_LABEL } from "../labels";

export function UsageTotalsRow({ totals }: { totals: UsageTotals }) {
  const stats: { label: string; value: string; testId: string }[] = [
    { label: "Calls", value: formatCount(totals.calls), testId: "usage-calls" },
    { label: "From the cache", value: formatCount(totals.cached_calls), testId: "usage-cached" },
    { label: "Failed", value: formatCount(totals.failed_calls), testId: "usage-failed" },
    { label: "Tokens in / out", value: `${formatCount(totals.input_tokens)} / ${formatCount(totals.output_tokens)}`, testId: "usage-tokens" },
    { label: "Cost", value: formatUsd(totals.cost_usd), testId: "usage-cost" },
  ];
  return (
    <dl className="stat-row stat-row--cards" data-testid="usage-totals">
      {stats.map((s) => (
        <div key={s.label} className="stat card">
          <dt>{s.label}</dt>
          <dd data-testid={s.testId}>{s.value}</dd>
        </div>
      ))}
    </dl>
  );
}

const purposeLabel = (g: UsageGroup) => (g.key in PURPOSE_LABEL ? PURPOSE_LABEL[g.key as keyof typeof PURPOSE_LABEL] : g.label);

export function PurposeBreakdown({ groups }: { groups: UsageGroup[] }) {
  return (
    <section className="settings-section" aria-labelledby="by-purpose-title">
      <h3 id="by-purpose-title" className="section-title">
        By kind of work
      </h3>
      {groups.length === 0 ? (
        <p className="text-muted">Nothing this month.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="usage-by-purpose">
            <thead>
              <tr>
                <th scope="col">Work</th>
                <th scope="col" className="num">Calls</th>
                <th scope="col" className="num">Cached</th>
                <th scope="col" className="num">Failed</th>
                <th scope="col" className="num">Tokens in</th>
                <th scope="col" className="num">Tokens out</th>
                <th scope="col" className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row" className="strong">{purposeLabel(g)}</th>
                  <td className="num">{formatCount(g.totals.calls)}</td>
                  <td className="num">{formatCount(g.totals.cached_calls)}</td>
                  <td className="num">{formatCount(g.totals.failed_calls)}</td>
                  <td className="num">{formatCount(g.totals.input_tokens)}</td>
                  <td className="num">{formatCount(g.totals.output_tokens)}</td>
                  <td className="num">{formatUsd(g.totals.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
