import { SkeletonRows } from "../../../components/Spinner";
import { useRecentUsage } from "../../../hooks/usage";
import { describeError } from "../../../ipc/errors";
import { formatCallCost, formatCount, formatDateTime } from "../../../lib/format";
import { PURPOSE_LABEL } from "../labels";

export const RECENT_LIMIT = 50;

function outcome(o: string, cached: boolean): { label: string; tone: string } {
  if (o === "ok") return cached ? { label: "From cache", tone: "accent" } : { label: "Answered", tone: "success" };
  const words = o.replace(/_/g, " ");
  return { label: words.charAt(0).toUpperCase() + words.slice(1), tone: o === "rate_limited" ? "warning" : "danger" };
}

export function RecentCalls({ workspaceId }: { workspaceId: number }) {
  const recent = useRecentUsage(workspaceId, RECENT_LIMIT);
  return (
    <section className="settings-section" aria-labelledby="recent-title">
      <h3 id="recent-title" className="section-title">
        Recent calls
      </h3>
      {recent.isPending ? (
        <SkeletonRows rows={3} label="Loading recent calls" />
      ) : recent.isError ? (
        <p className="callout callout--danger">{describeError(recent.error)}</p>
      ) : recent.data.length === 0 ? (
        <p className="text-muted" data-testid="usage-recent-empty">
          No calls yet in this workspace.
        </p>
      ) : (
        <div className="table-scroll recent-calls">
          <table className="data-table" data-testid="usage-recent">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Provider</th>
                <th scope="col">Model</th>
                <th scope="col">Work</th>
                <th scope="col" className="num">Tokens in / out</th>
                <th scope="col" className="num">Cost</th>
                <th scope="col" className="num">Time</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {recent.data.map((r) => {
                const o = outcome(r.outcome, r.cached);
                return (
                  <tr key={r.id}>
                    <td className="nowrap">{formatDateTime(r.at)}</td>
                    <td className="truncate">{r.provider}</td>
                    <td className="truncate mono">{r.model}</td>
                    <td>{PURPOSE_LABEL[r.purpose as keyof typeof PURPOSE_LABEL] ?? r.purpose}</td>
                    <td className="num">
                      {formatCount(r.input_tokens)} / {formatCount(r.output_tokens)}
                    </td>
                    <td className="num">{formatCallCost(r.cost_micros / 1_000_000)}</td>
                    <td className="num">{r.cached ? "—" : `${formatCount(r.latency_ms)} ms`}</td>
                    <td>
                      <span className={`badge badge--tone-${o.tone}`}>{o.label}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
