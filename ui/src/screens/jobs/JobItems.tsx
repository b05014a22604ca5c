import type { Job } from "../../ipc/bindings/Job";
import { SkeletonRows } from "../../components/Spinner";
import { useJobItems } from "../../hooks/jobs";
import { describeError } from "../../ipc/errors";
import { formatCount, formatDateTime } from "../../lib/format";

const ITEM_TONE: Record<string, string> = { done: "success", failed: "danger", running: "accent", pending: "accent", skipped: "muted" };
const ITEM_LABEL: Record<string, string> = { done: "Done", failed: "Failed", running: "Running", pending: "Pending", skipped: "Skipped" };

/** The items of one job: their state, attempts, error and next attempt. */
export function JobItems({ job }: { job: Job }) {
  const items = useJobItems(job.id);
  if (items.isPending) return <SkeletonRows rows={3} label="Loading the job's items" />;
  if (items.isError) return <p className="callout callout--danger">{describeError(items.error)}</p>;
  if (items.data.length === 0) {
    return (
      <p className="text-muted" data-testid={`job-items-empty-${job.id}`}>
        {job.kind === "import"
          ? "An import has no separate items: its rows are counted in the import's report under Past imports."
          : "This job has no items yet."}
      </p>
    );
  }
  return (
    <table className="data-table job-items" data-testid={`job-items-${job.id}`}>
      <caption className="visually-hidden">Items of job #{job.id}</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">Attempts</th>
          <th scope="col">Error</th>
          <th scope="col">Next attempt</th>
        </tr>
      </thead>
      <tbody>
        {items.data.map((item) => {
          const waiting = item.status === "pending" && item.next_attempt_at !== null;
          return (
            <tr key={item.key} data-testid={`job-item-${item.key}`}>
              <td className="truncate strong" title={item.key}>
                {item.key}
              </td>
              <td>
                <span className={`badge badge--tone-${waiting ? "warning" : (ITEM_TONE[item.status] ?? "muted")}`}>
                  {waiting ? "Waiting for retry" : (ITEM_LABEL[item.status] ?? item.status)}
                </span>
              </td>
              <td className="num">{formatCount(item.attempts)}</td>
              <td className="job-items__error">{item.error ?? "—"}</td>
              <td className="nowrap">{item.next_attempt_at ? formatDateTime(item.next_attempt_at) : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
