import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import { formatCount } from "../../lib/format";

/** The four numbers of an import, each under a stable test id. */
export function ReportTiles({ summary }: { summary: ImportSummary }) {
  const tiles = [
    { id: "report-imported", label: "Imported", value: summary.imported, tone: "success" },
    { id: "report-duplicates", label: "Duplicates in the file", value: summary.duplicates_in_file, tone: "neutral" },
    { id: "report-duplicates-workspace", label: "Already in this workspace", value: summary.duplicates_in_workspace, tone: "neutral" },
    { id: "report-invalid", label: "Invalid rows", value: summary.invalid, tone: summary.invalid > 0 ? "danger" : "neutral" },
  ] as const;
  return (
    <dl className="tiles">
      {tiles.map((t) => (
        <div key={t.id} className={`tile tile--${t.tone}`}>
          <dt className="tile__label">{t.label}</dt>
          <dd className="tile__value" data-testid={t.id}>
            {formatCount(t.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
