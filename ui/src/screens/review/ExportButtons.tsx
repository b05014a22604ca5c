import type { ExportFormat } from "../../ipc/bindings/ExportFormat";
import { Icon } from "../../components/Icon";
import { Popover } from "../../components/Popover";
import { useToast } from "../../components/toast/ToastContext";
import { useExportApproved } from "../../hooks/review";
import { plural } from "../../lib/format";
import { chooseExportPath } from "./exportDrafts";

/** Exports the approved drafts (of a batch, or of the whole campaign) as JSON or CSV through the save dialog. */
export function ExportButton({ campaignId, batchId, name, testId }: { campaignId: number; batchId: number | null; name: string; testId: string }) {
  const exporter = useExportApproved();
  const notify = useToast();
  const run = async (format: ExportFormat) => {
    let path: string | null;
    try {
      path = await chooseExportPath(name, format);
    } catch (e) {
      return notify.error(e, "The save dialog could not be opened");
    }
    if (!path) return;
    exporter.mutate({ campaign_id: campaignId, batch_id: batchId, format, path }, { onSuccess: (n) => notify.success(`Exported ${plural(n, "approved draft")}`, path ?? undefined) });
  };
  return (
    <Popover triggerClassName="btn btn--sm" label="Export approved drafts" align="end" panelClassName="menu" testId={testId} trigger={<><Icon name="download" size={14} /> Export approved</>}>
      {(close) => (
        <>
          <button type="button" className="menu__item" onClick={() => { close(); void run("json"); }} data-testid={`${testId}-json`}>
            As JSON
          </button>
          <button type="button" className="menu__item" onClick={() => { close(); void run("csv"); }} data-testid={`${testId}-csv`}>
            As CSV
          </button>
        </>
      )}
    </Popover>
  );
}
