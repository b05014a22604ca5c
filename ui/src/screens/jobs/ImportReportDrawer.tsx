import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import { Drawer } from "../../components/Drawer";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { ImportReportView } from "../../components/import-report/ImportReportView";
import { useImportReport } from "../../hooks/imports";
import { describeError } from "../../ipc/errors";
import { formatDateTime } from "../../lib/format";

export function ImportReportDrawer({ summary, onClose, onViewLeads }: { summary: ImportSummary | null; onClose: () => void; onViewLeads: (importId: number) => void }) {
  const report = useImportReport(summary?.id ?? null);
  return (
    <Drawer open={summary !== null} onClose={onClose} title={summary?.file_name ?? "Import"} subtitle={summary ? `Imported ${formatDateTime(summary.created_at)}` : undefined} width={680} testId="import-report-drawer">
      {report.isPending && <SkeletonRows rows={6} label="Loading the report" />}
      {report.isError && (
        <EmptyState icon="alert-triangle" title="The report could not be loaded">
          {describeError(report.error)}
        </EmptyState>
      )}
      {report.data && (
        <ImportReportView
          report={report.data}
          actions={
            <button type="button" className="btn btn--primary" disabled={report.data.import.imported === 0} onClick={() => onViewLeads(report.data.import.id)}>
              <Icon name="users" />
              View imported leads
            </button>
          }
        />
      )}
    </Drawer>
  );
}
