import type { RowIssue } from "../../ipc/bindings/RowIssue";
import type { RowIssueKind } from "../../ipc/bindings/RowIssueKind";
import { formatCount, placeLabel } from "../../lib/format";

const KIND_LABEL: Record<RowIssueKind, string> = {
  invalid: "Invalid",
  duplicate_in_file: "Duplicate in file",
  duplicate_in_workspace: "Already in workspace",
  warning: "Imported, with a warning",
};

/** Rows the import skipped (or imported with a warning), by their line (text) or row (sheet) in the file, with the engine's reason as plain text. */
export function IssuesTable({ issues, total, format }: { issues: RowIssue[]; total: number; format: string }) {
  return (
    <div className="issues">
      <div className="table-scroll issues__scroll">
        <table className="data-table" data-testid="issues-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {placeLabel(format)}
              </th>
              <th scope="col">Issue</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue, i) => (
              <tr key={`${issue.line}-${i}`} data-testid="issue-row">
                <td className="num">{formatCount(issue.line)}</td>
                <td>
                  <span className={`badge badge--issue-${issue.kind}`}>{KIND_LABEL[issue.kind]}</span>
                </td>
                <td className="issues__reason">{issue.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > issues.length && (
        <p className="text-muted issues__more">
          Showing the first {formatCount(issues.length)} of {formatCount(total)} issues. Download them all as CSV to see the rest.
        </p>
      )}
    </div>
  );
}
