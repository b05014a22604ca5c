import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import { formatCount } from "../../lib/format";

/** The numbers of an import, each under a stable test id; an import into a campaign also counts the people
 * already in the workspace that it added to the campaign. */
export function ReportTiles({ summary }: { summary: ImportSummary }) {
  const tiles: { id: string; label: string; value: number; tone: string }[] = [
    { id: "report-imported", label: "Imported", value: summary.imported, tone: "success" },
    { id: "report-duplicates", label: "Duplicates in the file", value: summary.duplicates_in_file, tone: "neutral" },
    { id: "report-duplicates-workspace", label: "Already in this workspace", value: summary.duplicates_in_workspace, tone: "neutral" },
    { id: "report-invalid", label: "Invalid rows", value: summary.invalid, tone: summary.invalid > 0 ? "danger" : "neutral" },
  ];
  if (summary.warnings > 0) {
    tiles.push({ id: "report-warnings", label: "Imported with a warning", value: summary.warnings, tone: "warning" });
  }
  if (summary.campaign_id !== null) {
    tiles.splice(3, 0, {
      id: "report-added-from-workspace",
      label: "Added to the campaign from the workspace",
      value: summary.added_from_workspace,
      tone: summary.added_from_workspace > 0 ? "success" : "neutral",
    });
  }
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
