import type { Job } from "../../ipc/bindings/Job";
import { formatCount, formatDateTime } from "../../lib/format";

/** Kinds this version knows by a friendly name; a newer engine's kind is shown by its own name. */
const KIND_LABELS: Record<string, string> = {
  import: "Import",
  draft: "Drafting",
  enrich: "Enrichment",
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

export type StatusLabel = { label: string; tone: "accent" | "success" | "warning" | "danger" | "muted" };

function isFuture(at: string | null, now: number): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && t > now;
}

/** What the job is doing, in words: a queued job with a time ahead is scheduled, a running one asked to pause is pausing. */
export function statusLabel(job: Job, now = Date.now()): StatusLabel {
  switch (job.status) {
    case "queued":
      return isFuture(job.run_after, now) ? { label: "Scheduled", tone: "muted" } : { label: "Waiting", tone: "accent" };
    case "running":
      return job.pause_requested ? { label: "Pausing…", tone: "warning" } : { label: "Running", tone: "accent" };
    case "paused":
      return { label: "Paused", tone: "warning" };
    case "cancelled":
      return { label: "Cancelled", tone: "muted" };
    case "completed":
      return { label: "Done", tone: "success" };
    case "failed":
      return { label: "Failed", tone: "danger" };
  }
}

/** "every 15 min", "every 2 h", "every day". */
export function formatEvery(seconds: number): string {
  if (seconds % 86400 === 0) return seconds === 86400 ? "every day" : `every ${formatCount(seconds / 86400)} days`;
  if (seconds % 3600 === 0) return `every ${formatCount(seconds / 3600)} h`;
  if (seconds % 60 === 0) return `every ${formatCount(seconds / 60)} min`;
  return `every ${formatCount(seconds)} s`;
}

/** When the job runs next, for scheduled, recurring and waiting jobs; null when that says nothing. */
export function nextRunLabel(job: Job, now = Date.now()): string | null {
  if (job.status === "cancelled") return null;
  const parts: string[] = [];
  if (job.run_after && (job.status === "queued" || job.every_secs != null)) {
    parts.push(isFuture(job.run_after, now) ? `Starts ${formatDateTime(job.run_after)}` : "Due now");
  }
  if (job.every_secs != null) parts.push(`Repeats ${formatEvery(job.every_secs)}`);
  return parts.length ? parts.join(" · ") : null;
}
