import { useMemo, useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { DraftFilter } from "../../ipc/bindings/DraftFilter";
import type { ReviewBatch } from "../../ipc/bindings/ReviewBatch";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Dialog } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows, Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useBatchItems, useBatches, useCreateBatch, useDeleteBatch } from "../../hooks/review";
import { describeError } from "../../ipc/errors";
import { formatCount, formatDateTime, plural } from "../../lib/format";
import { ExportButton } from "./ExportButtons";
import { ReviewSession, type Mode } from "./ReviewSession";

function BatchReview({ batch, onBack }: { batch: ReviewBatch; onBack: () => void }) {
  const items = useBatchItems(batch.id);
  const [mode, setMode] = useState<Mode>("one");
  const drafts = useMemo(() => (items.data ?? []).map((i) => i.draft), [items.data]);
  const frozen = useMemo(() => new Map((items.data ?? []).map((i) => [i.draft.id, i.snapshot.qc_at_freeze])), [items.data]);
  return (
    <div className="batch-review" data-testid="batch-review">
      <div className="toolbar">
        <button type="button" className="btn btn--ghost btn--sm" onClick={onBack} data-testid="batch-back">
          <Icon name="chevron-left" size={14} /> Batches
        </button>
        <h3 className="section-title">{batch.name}</h3>
        <span className="text-muted">
          {plural(batch.items, "item")} · {formatCount(batch.approved)} approved · {formatCount(batch.pending + batch.regenerated)} waiting
        </span>
        <div className="toolbar__actions">
          <button type="button" className={`btn btn--sm${mode === "list" ? " is-active" : ""}`} onClick={() => setMode(mode === "list" ? "one" : "list")}>
            {mode === "list" ? "One at a time" : "Show the list"}
          </button>
          <ExportButton campaignId={batch.campaign_id} batchId={batch.id} name={batch.name} testId={`export-batch-${batch.id}`} />
        </div>
      </div>
      {items.isPending ? (
        <SkeletonRows rows={6} label="Loading the batch" />
      ) : items.isError ? (
        <EmptyState icon="alert-triangle" title="The batch could not be loaded">
          {describeError(items.error)}
        </EmptyState>
      ) : (
        <ReviewSession drafts={drafts} mode={mode} onMode={setMode} frozenQc={frozen} empty={<EmptyState icon="inbox" title="This batch is empty" />} />
      )}
    </div>
  );
}

/** Frozen sets of drafts with a QC snapshot each, reviewed item by item and exported once approved. */
export function BatchesView({ campaign, filter }: { campaign: Campaign; filter: DraftFilter }) {
  const batches = useBatches(campaign.id);
  const create = useCreateBatch();
  const remove = useDeleteBatch();
  const notify = useToast();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [openId, setOpenId] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<ReviewBatch | null>(null);
  const open = batches.data?.find((b) => b.id === openId);

  if (open) return <BatchReview batch={open} onBack={() => setOpenId(null)} />;

  const submit = () =>
    create.mutate(
      { filter, name: name.trim() },
      {
        onSuccess: (b) => {
          notify.success(`Batch “${b.name}” frozen with ${plural(b.items, "draft")}`);
          setNaming(false);
          setName("");
        },
      },
    );

  return (
    <div className="batches" data-testid="batches-view">
      <div className="toolbar">
        <p className="text-muted">A batch freezes the drafts of the queue's current filter with their QC as it is now, to review item by item and export once approved.</p>
        <div className="toolbar__actions">
          <button type="button" className="btn btn--primary btn--sm" onClick={() => setNaming(true)} data-testid="batch-new">
            <Icon name="plus" size={14} /> Batch from the current filter
          </button>
        </div>
      </div>
      {batches.isPending ? (
        <SkeletonRows rows={4} label="Loading batches" />
      ) : (batches.data ?? []).length === 0 ? (
        <EmptyState icon="layers" title="No batches yet" testId="batches-empty">
          Filter the queue (for example step 1, passing QC), then freeze it as a batch here.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="batches-table">
            <thead>
              <tr>
                <th>Batch</th>
                <th className="num">Items</th>
                <th className="num">Pending</th>
                <th className="num">Approved</th>
                <th className="num">Rejected</th>
                <th className="num">Needs regen.</th>
                <th className="num">Regenerated</th>
                <th className="num">QC errors at freeze</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {batches.data!.map((b) => (
                <tr key={b.id} data-testid={`batch-${b.id}`}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setOpenId(b.id)} data-testid={`batch-open-${b.id}`}>
                      {b.name}
                    </button>
                    <div className="text-subtle">{formatDateTime(b.created_at)}</div>
                  </td>
                  <td className="num">{formatCount(b.items)}</td>
                  <td className="num">{formatCount(b.pending)}</td>
                  <td className="num">{formatCount(b.approved)}</td>
                  <td className="num">{formatCount(b.rejected)}</td>
                  <td className="num">{formatCount(b.needs_regeneration)}</td>
                  <td className="num">{formatCount(b.regenerated)}</td>
                  <td className={`num${b.qc_errors_at_freeze > 0 ? " text-danger" : ""}`}>{formatCount(b.qc_errors_at_freeze)}</td>
                  <td>
                    <div className="batches__actions">
                      <button type="button" className="btn btn--sm" onClick={() => setOpenId(b.id)}>
                        Review
                      </button>
                      <ExportButton campaignId={campaign.id} batchId={b.id} name={b.name} testId={`export-batch-${b.id}`} />
                      <button type="button" className="icon-button" aria-label={`Delete batch ${b.name}`} onClick={() => setDeleting(b)} data-testid={`batch-delete-${b.id}`}>
                        <Icon name="trash" />
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Dialog
        open={naming}
        title="Freeze a batch"
        description="The drafts the queue's filters show now, with their QC as it is now."
        onClose={() => setNaming(false)}
        size="sm"
        testId="batch-name-dialog"
        dismissable={!create.isPending}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setNaming(false)} disabled={create.isPending}>
              Cancel
            </button>
            <button type="submit" form="batch-name-form" className="btn btn--primary" disabled={create.isPending || !name.trim()} data-testid="batch-create">
              {create.isPending && <Spinner size={14} label="Creating" />}
              Create batch
            </button>
          </>
        }
      >
        <form
          id="batch-name-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) submit();
          }}
        >
          <label className="field">
            <span className="field__label">Name</span>
            <input className="input" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Step 1, week 2" data-testid="batch-name" />
          </label>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete batch “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete batch"
        busy={remove.isPending}
        testId="delete-batch"
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null), onError: () => setDeleting(null) })}
      >
        <p>The drafts stay in the queue with their decisions; only the batch and its QC snapshot go.</p>
      </ConfirmDialog>
    </div>
  );
}
