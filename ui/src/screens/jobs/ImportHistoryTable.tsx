import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import { formatCount, formatDateTime } from "../../lib/format";

function outcome(summary: ImportSummary): { label: string; tone: string } {
  switch (summary.status) {
    case "failed":
      return { label: "Failed", tone: "danger" };
    case "cancelled":
      return { label: "Cancelled", tone: "warning" };
    case "queued":
      return { label: "Waiting", tone: "accent" };
    case "running":
      return { label: "Running", tone: "accent" };
    case "paused":
      return { label: "Paused", tone: "accent" };
    case "completed":
      return { label: "Done", tone: "success" };
    case null:
      return summary.finished_at ? { label: "Done", tone: "success" } : { label: "Unfinished", tone: "warning" };
  }
}

export function ImportHistoryTable({ imports, onOpen }: { imports: ImportSummary[]; onOpen: (s: ImportSummary) => void }) {
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
            const o = outcome(s);
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
                  <span className={`badge badge--tone-${o.tone}`} data-testid={`import-status-${s.id}`}>
                    {o.label}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
