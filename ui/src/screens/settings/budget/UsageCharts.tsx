import { useId, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Label, LabelList, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { UsageGroup } from "../../../ipc/bindings/UsageGroup";
import type { UsageSummary } from "../../../ipc/bindings/UsageSummary";
import { EmptyState } from "../../../components/EmptyState";
import { useElementWidth } from "../../../hooks/useElementWidth";
import { daysOfMonth, formatCount, formatMonth, formatUsd, plural } from "../../../lib/format";

type Point = { key: string; label: string; cost: number; calls: number };

/** Every day of the month, so quiet days show as gaps rather than disappearing from the axis. */
export function dayPoints(month: string, byDay: UsageGroup[]): Point[] {
  return daysOfMonth(month).map((day) => {
    const g = byDay.find((d) => d.key === day);
    return { key: day, label: String(Number(day.slice(8))), cost: g?.totals.cost_usd ?? 0, calls: g?.totals.calls ?? 0 };
  });
}

export function providerPoints(groups: UsageGroup[]): Point[] {
  return groups.map((g) => ({ key: g.key, label: g.label, cost: g.totals.cost_usd, calls: g.totals.calls })).sort((a, b) => b.cost - a.cost);
}

const axisDollars = (v: number) => (v === 0 ? "$0" : v < 10 ? `$${v.toFixed(2)}` : `$${formatCount(Math.round(v))}`);

function ChartTooltip({ active, payload, title }: Partial<TooltipContentProps<number, string>> & { title: (p: Point) => string }) {
  const point = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!point) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip__title">{title(point)}</div>
      <div>{formatUsd(point.cost)}</div>
      <div className="text-muted">{plural(point.calls, "call")}</div>
    </div>
  );
}

/** The chart's numbers as a table, for screen readers and for anyone who wants the exact figures. */
function DataTable({ caption, points, keyLabel }: { caption: string; points: Point[]; keyLabel: string }) {
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col">Cost</th>
          <th scope="col">Calls</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.key}>
            <th scope="row">{p.key}</th>
            <td>{formatUsd(p.cost)}</td>
            <td>{formatCount(p.calls)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChartFigure({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const captionId = useId();
  return (
    <figure className="card usage-chart" aria-labelledby={captionId} data-testid={testId}>
      <figcaption id={captionId} className="section-title">
        {title}
      </figcaption>
      {children}
    </figure>
  );
}

export function DayCostChart({ month, byDay }: { month: string; byDay: UsageGroup[] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const points = dayPoints(month, byDay);
  const monthName = formatMonth(month);
  return (
    <ChartFigure title="Cost per day" testId="usage-chart-day">
      <div ref={ref} className="usage-chart__plot">
        <BarChart width={width} height={240} data={points} margin={{ top: 8, right: 8, bottom: 24, left: 8 }} title={`Cost per day in ${monthName}`}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" tickLine={false} minTickGap={6}>
            <Label value={`Day of ${monthName}`} position="insideBottom" offset={-16} className="chart-axis-label" />
          </XAxis>
          <YAxis tickFormatter={axisDollars} width={56} tickLine={false} axisLine={false}>
            <Label value="Cost (USD)" angle={-90} position="insideLeft" offset={0} className="chart-axis-label" style={{ textAnchor: "middle" }} />
          </YAxis>
          <Tooltip cursor={{ className: "chart-cursor" }} content={<ChartTooltip title={(p) => new Date(`${p.key}T12:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" })} />} />
          <Bar dataKey="cost" name="Cost" className="chart-bar" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </div>
      <DataTable caption={`Cost per day in ${monthName}`} points={points.filter((p) => p.calls > 0)} keyLabel="Day" />
    </ChartFigure>
  );
}

export function ProviderCostChart({ byProvider }: { byProvider: UsageGroup[] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const points = providerPoints(byProvider);
  const height = 56 + points.length * 34;
  return (
    <ChartFigure title="Cost per provider" testId="usage-chart-provider">
      <div ref={ref} className="usage-chart__plot">
        <BarChart layout="vertical" width={width} height={height} data={points} margin={{ top: 4, right: 72, bottom: 24, left: 8 }} title="Cost per provider">
          <CartesianGrid horizontal={false} />
          <XAxis type="number" tickFormatter={axisDollars} tickLine={false}>
            <Label value="Cost (USD)" position="insideBottom" offset={-16} className="chart-axis-label" />
          </XAxis>
          <YAxis type="category" dataKey="label" width={120} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ className: "chart-cursor" }} content={<ChartTooltip title={(p) => p.label} />} />
          <Bar dataKey="cost" name="Cost" className="chart-bar chart-bar--provider" radius={[0, 3, 3, 0]} barSize={18} isAnimationActive={false}>
            <LabelList dataKey="cost" position="right" className="chart-value" formatter={(v: unknown) => formatUsd(Number(v))} />
          </Bar>
        </BarChart>
      </div>
      <DataTable caption="Cost per provider" points={points} keyLabel="Provider" />
    </ChartFigure>
  );
}

export function UsageCharts({ summary }: { summary: UsageSummary }) {
  if (summary.totals.calls === 0) {
    return (
      <div className="card usage-charts-empty">
        <EmptyState icon="inbox" title={`No AI calls in ${formatMonth(summary.month)}`} testId="usage-chart-empty">
          Nothing was researched or written with an AI provider for this workspace that month, so there is no cost to chart.
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="usage-charts">
      <DayCostChart month={summary.month} byDay={summary.by_day} />
      <ProviderCostChart byProvider={summary.by_provider} />
    </div>
  );
}
