import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import type { Job } from "../../ipc/bindings/Job";
import { formatCount, formatDateTime } from "../../lib/format";

function outcome(summary: ImportSummary, job: Job | undefined): { label: string; tone: string } {
  if (job?.status === "failed") return { label: "Failed", tone: "danger" };
  if (job?.status === "cancelled") return { label: "Cancelled", tone: "warning" };
  if (job && (job.status === "running" || job.status === "queued" || job.status === "paused")) return { label: "Running", tone: "accent" };
  if (summary.finished_at) return { label: "Done", tone: "success" };
  return { label: "Unfinished", tone: "warning" };
}

export function ImportHistoryTable({ imports, jobs, onOpen }: { imports: ImportSummary[]; jobs: Job[]; onOpen: (s: ImportSummary) => void }) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--interactive" data-testid="imports-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">Imported</th>
            <th scope="col" className="num">Duplicates</th>
            <th scope="col" className="num">Invalid</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((s) => {
            const o = outcome(s, jobs.find((j) => j.id === s.job_id));
            return (
              <tr key={s.id} tabIndex={0} onClick={() => onOpen(s)} onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onOpen(s))} data-testid={`import-row-${s.id}`}>
                <td className="truncate strong" title={s.file_name}>
                  {s.file_name}
                </td>
                <td className="nowrap">{formatDateTime(s.created_at)}</td>
                <td className="num">{formatCount(s.total_rows)}</td>
                <td className="num">{formatCount(s.imported)}</td>
                <td className="num">{formatCount(s.duplicates_in_file + s.duplicates_in_workspace)}</td>
                <td className="num">{formatCount(s.invalid)}</td>
                <td>
                  <span className={`badge badge--tone-${o.tone}`}>{o.label}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
