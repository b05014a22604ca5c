import { useMemo, useRef, useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useRegenerateRequested } from "../../hooks/drafting";
import { useApprovePassing, useDraftPage, useReviewCounts } from "../../hooks/review";
import { useSequence } from "../../hooks/sequences";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";
import { describeError } from "../../ipc/errors";
import { formatCount, plural } from "../../lib/format";
import { useNavigation } from "../../state/navigation";
import "../../components/drafts/drafts.css";
import { BatchesView } from "./BatchesView";
import { ExportButton } from "./ExportButtons";
import { ReviewFilters } from "./ReviewFilters";
import { ReviewSession, type Mode } from "./ReviewSession";
import { WritingNow } from "./WritingNow";
import { START_FILTER, hasQcError, isWaiting, toDraftFilter, type ReviewFilterState } from "./reviewFilter";
import "./review.css";

type View = "queue" | "batches";

/** The campaign's review queue (list or one at a time, by keyboard), and its batches. */
export function ReviewTab({ campaign }: { campaign: Campaign }) {
  const { navigate } = useNavigation();
  const notify = useToast();
  const [view, setView] = useState<View>("queue");
  const [mode, setMode] = useState<Mode>("list");
  const [filters, setFilters] = useState<ReviewFilterState>(START_FILTER);
  const [confirmPassing, setConfirmPassing] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const search = useDebouncedValue(filters.search, 250);
  const filter = useMemo(() => toDraftFilter(campaign.id, { ...filters, search }), [campaign.id, filters, search]);
  const page = useDraftPage(filter);
  const counts = useReviewCounts(campaign.id);
  const sequence = useSequence(campaign.id);
  const approvePassing = useApprovePassing();
  const regenerate = useRegenerateRequested();

  const drafts = useMemo(() => page.data?.drafts ?? [], [page.data]);
  const passing = drafts.filter((d) => isWaiting(d) && !hasQcError(d)).length;
  const c = counts.data;
  const left = c ? c.pending + c.regenerated : null;
  const anyDrafts = c ? c.pending + c.approved + c.rejected + c.needs_regeneration + c.regenerated > 0 : true;

  const noDrafts = (
    <EmptyState
      icon="inbox"
      title="No drafts yet"
      testId="review-no-drafts"
      actions={
        <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "campaign", campaignId: campaign.id, tab: "leads" })} data-testid="review-go-draft">
          <Icon name="sparkles" />
          Draft this campaign
        </button>
      }
    >
      Give the campaign a sequence, then draft it from its Leads tab. Drafts appear here as they are written.
    </EmptyState>
  );
  const noMatch =
    left === 0 && filters.status === "waiting" ? (
      <EmptyState icon="check-circle" title="Nothing left to review" testId="review-done">
        Every draft has a decision. Approved drafts wait for sending; look back at them with the status filter.
      </EmptyState>
    ) : (
      <EmptyState icon="search" title="No draft matches these filters" testId="review-no-match" actions={<button type="button" className="btn" onClick={() => setFilters(START_FILTER)}>Clear filters</button>} />
    );

  return (
    <div className="review" data-testid="review-tab">
      <div className="review__bar">
        <div className="review__counter" aria-live="polite">
          <span className="review__left" data-testid="review-left">
            {left === null ? "…" : formatCount(left)}
          </span>
          <span className="text-muted">
            left to review
            {c && (
              <>
                {" "}
                · {formatCount(c.approved)} approved · {formatCount(c.rejected)} rejected
                {c.needs_regeneration > 0 && <> · {formatCount(c.needs_regeneration)} need regeneration</>}
              </>
            )}
          </span>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Review view">
          <button type="button" role="radio" className="segmented__item" aria-checked={view === "queue"} onClick={() => setView("queue")} data-testid="review-view-queue">
            Queue
          </button>
          <button type="button" role="radio" className="segmented__item" aria-checked={view === "batches"} onClick={() => setView("batches")} data-testid="review-view-batches">
            Batches
          </button>
        </div>
      </div>

      {view === "queue" && <WritingNow campaignId={campaign.id} />}
      {view === "batches" ? (
        <BatchesView campaign={campaign} filter={filter} />
      ) : !anyDrafts ? (
        noDrafts
      ) : (
        <>
          <div className="toolbar">
            <ReviewFilters state={filters} onChange={setFilters} steps={sequence.data ?? []} searchRef={searchRef} />
          </div>
          <div className="toolbar">
            <button type="button" className="btn btn--sm" disabled={passing === 0 || approvePassing.isPending} onClick={() => setConfirmPassing(true)} data-testid="approve-passing">
              <Icon name="check-circle" size={14} />
              Approve all passing ({formatCount(passing)})
            </button>
            {c && c.needs_regeneration > 0 && (
              <button
                type="button"
                className="btn btn--sm"
                disabled={regenerate.isPending}
                onClick={() => regenerate.mutate(campaign.id, { onSuccess: () => notify.info(`Regenerating ${plural(c.needs_regeneration, "draft")}`, "The job appears under Imports & jobs; new versions come back here.") })}
                data-testid="regenerate-requested"
              >
                <Icon name="refresh" size={14} />
                Regenerate {formatCount(c.needs_regeneration)} requested
              </button>
            )}
            <span className="text-muted" data-testid="review-total">
              {page.data ? `${plural(page.data.total, "draft")} in this view` : ""}
            </span>
            <div className="toolbar__actions">
              <div className="segmented" role="radiogroup" aria-label="Show">
                <button type="button" role="radio" className="segmented__item" aria-checked={mode === "list"} onClick={() => setMode("list")} data-testid="review-mode-list">
                  List
                </button>
                <button type="button" role="radio" className="segmented__item" aria-checked={mode === "one"} onClick={() => setMode("one")} data-testid="review-mode-one">
                  One at a time
                </button>
              </div>
              <ExportButton campaignId={campaign.id} batchId={null} name={campaign.name} testId="export-campaign" />
            </div>
          </div>
          {page.isPending ? (
            <SkeletonRows rows={8} label="Loading drafts" />
          ) : page.isError ? (
            <EmptyState icon="alert-triangle" title="Drafts could not be loaded">
              {describeError(page.error)}
            </EmptyState>
          ) : (
            <ReviewSession drafts={drafts} mode={mode} onMode={setMode} searchRef={searchRef} empty={noMatch} />
          )}
        </>
      )}

      <ConfirmDialog
        open={confirmPassing}
        title={`Approve ${plural(passing, "draft")}?`}
        confirmLabel={`Approve ${formatCount(passing)}`}
        tone="primary"
        busy={approvePassing.isPending}
        testId="approve-passing-dialog"
        onCancel={() => setConfirmPassing(false)}
        onConfirm={() =>
          approvePassing.mutate(filter, {
            onSuccess: (r) => {
              setConfirmPassing(false);
              notify.success(`Approved ${plural(r.changed, "draft")}`, r.skipped.length ? `${plural(r.skipped.length, "draft")} left as they were: ${r.skipped[0]!.reason}` : undefined);
            },
            onError: () => setConfirmPassing(false),
          })
        }
      >
        <p>
          Every draft in this view that waits for review and has no QC error
          {filters.step !== null && <> (step {filters.step}{filters.variant && `, variant ${filters.variant}`})</>} is approved. Drafts with QC errors stay in the queue.
        </p>
      </ConfirmDialog>
    </div>
  );
}
