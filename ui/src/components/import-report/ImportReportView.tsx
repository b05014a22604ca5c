import type { ReactNode } from "react";
import type { ImportReport } from "../../ipc/bindings/ImportReport";
import { Icon } from "../Icon";
import { DownloadIssuesButton } from "./DownloadIssuesButton";
import { IssuesTable } from "./IssuesTable";
import { ReportTiles } from "./ReportTiles";
import "./report.css";

/** An import's outcome: its numbers, how the job ended, and the rows it skipped. */
export function ImportReportView({ report, actions }: { report: ImportReport; actions?: ReactNode }) {
  const { import: summary, job, issues, issues_total } = report;
  return (
    <div className="report" data-testid="import-report">
      {job?.status === "cancelled" && (
        <div className="callout callout--warning" data-testid="report-cancelled">
          <Icon name="info" />
          This import was stopped before the end. The leads imported until then are kept.
        </div>
      )}
      {job?.status === "failed" && (
        <div className="callout callout--danger" role="alert" data-testid="report-failed">
          <Icon name="alert-circle" />
          The import stopped with an error{job.message ? `: ${job.message}` : "."}
        </div>
      )}
      <ReportTiles summary={summary} />
      {actions && <div className="report__actions">{actions}</div>}
      <section aria-labelledby={`issues-${summary.id}`}>
        <div className="section-head">
          <h3 id={`issues-${summary.id}`} className="section-title">
            {summary.warnings > 0 ? "Rows not imported, or imported with a warning" : "Rows not imported"}
          </h3>
          {issues_total > 0 && <DownloadIssuesButton importId={summary.id} fileName={summary.file_name} />}
        </div>
        {issues_total > 0 ? (
          <IssuesTable issues={issues} total={issues_total} format={summary.format} />
        ) : (
          <p className="callout callout--success" data-testid="report-no-issues">
            <Icon name="check-circle" />
            Every row was imported.
          </p>
        )}
      </section>
    </div>
  );
}
