import { Icon } from "../Icon";
import { Spinner } from "../Spinner";
import { useToast } from "../toast/ToastContext";
import { pickCsvDestination } from "../../ipc/dialog";
import { useExportIssues } from "../../hooks/imports";
import { plural } from "../../lib/format";

function issuesFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, "") || "import";
  return `${base}-issues.csv`;
}

export function DownloadIssuesButton({ importId, fileName }: { importId: number; fileName: string }) {
  const exportIssues = useExportIssues();
  const notify = useToast();

  const download = async () => {
    let dest: string | null;
    try {
      dest = await pickCsvDestination(issuesFileName(fileName));
    } catch (e) {
      notify.error(e, "The save dialog could not open");
      return;
    }
    if (!dest) return;
    exportIssues.mutate(
      { import_id: importId, dest_path: dest },
      { onSuccess: (rows) => notify.success(`Saved ${plural(rows, "issue")}`, dest ?? undefined) },
    );
  };

  return (
    <button type="button" className="btn" onClick={() => void download()} disabled={exportIssues.isPending} data-testid="download-issues">
      {exportIssues.isPending ? <Spinner size={14} label="Saving" /> : <Icon name="download" />}
      Download issues as CSV
    </button>
  );
}
