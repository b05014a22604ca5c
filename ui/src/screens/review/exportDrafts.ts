import type { ExportFormat } from "../../ipc/bindings/ExportFormat";
import { pickExportDestination } from "../../ipc/dialog";

/** A file name from the campaign (or batch) name: letters, digits and dashes. */
export function exportFileName(name: string, format: ExportFormat): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "drafts";
  return `${slug}-approved.${format}`;
}

/** Asks where to write; null when the dialog was dismissed. */
export function chooseExportPath(name: string, format: ExportFormat) {
  return pickExportDestination(exportFileName(name, format), format);
}
