import type { Draft } from "../../ipc/bindings/Draft";
import type { DraftFilter } from "../../ipc/bindings/DraftFilter";
import type { QcCheck } from "../../ipc/bindings/QcCheck";
import type { QcFilter } from "../../ipc/bindings/QcFilter";
import type { ReviewStatus } from "../../ipc/bindings/ReviewStatus";

/** "waiting" is what a reviewer still has to decide on: new drafts and regenerated ones. */
export type StatusChoice = ReviewStatus | "waiting" | "all";
/** A QC filter kind, or `check:<name>` for drafts flagged by one check. */
export type QcChoice = "any" | "passing" | "errors" | "warnings" | "offline" | "edited" | `check:${QcCheck}`;

export type ReviewFilterState = { status: StatusChoice; step: number | null; variant: string | null; qc: QcChoice; search: string };

export const WAITING: ReviewStatus[] = ["pending", "regenerated"];
export const START_FILTER: ReviewFilterState = { status: "waiting", step: null, variant: null, qc: "any", search: "" };

export const STATUS_LABEL: Record<ReviewStatus, string> = {
  pending: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  needs_regeneration: "Needs regeneration",
  regenerated: "Regenerated",
};

export const isWaiting = (d: Pick<Draft, "status">) => WAITING.includes(d.status);
export const hasQcError = (d: Pick<Draft, "qc">) => d.qc.some((r) => r.level === "error");

function qcFilter(choice: QcChoice): QcFilter | null {
  if (choice === "any") return null;
  if (choice.startsWith("check:")) return { kind: "check", check: choice.slice("check:".length) as QcCheck };
  return { kind: choice as Exclude<QcChoice, "any" | `check:${string}`> };
}

export function toDraftFilter(campaignId: number, state: ReviewFilterState, batchId: number | null = null): DraftFilter {
  const search = state.search.trim();
  return {
    campaign_id: campaignId,
    statuses: state.status === "all" ? [] : state.status === "waiting" ? WAITING : [state.status],
    step: state.step,
    variant: state.variant,
    qc: qcFilter(state.qc),
    search: search || null,
    batch_id: batchId,
  };
}

/**
 * After a decision on the draft at `index`, the one to open: the next waiting draft after it, else the
 * next one at all, else the one before it.
 */
export function nextAfterDecision(list: Pick<Draft, "id" | "status">[], index: number): number | null {
  const after = list.slice(index + 1);
  const waiting = after.find((d) => isWaiting(d));
  return (waiting ?? after[0] ?? list[index - 1])?.id ?? null;
}
