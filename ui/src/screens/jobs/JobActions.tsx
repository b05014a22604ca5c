import type { Job } from "../../ipc/bindings/Job";
import { Icon } from "../../components/Icon";
import { useCancelJob, usePauseJob, useResumeJob, useRetryFailedItems } from "../../hooks/jobs";
import { formatCount } from "../../lib/format";

/**
 * The actions a job allows in its state: Pause (queued, running), Resume (paused), Cancel (queued, running,
 * paused), Retry failed (any failed items; an import's failed rows are not items). A running job asked to pause shows "Pausing…" until it stops.
 */
export function JobActions({ job, name, testPrefix = "job" }: { job: Job; name: string; testPrefix?: string }) {
  const pause = usePauseJob();
  const resume = useResumeJob();
  const cancel = useCancelJob();
  const retry = useRetryFailedItems();
  const busy = pause.isPending || resume.isPending || cancel.isPending || retry.isPending;
  const id = job.id;
  const pausing = job.status === "running" && job.pause_requested;
  const canPause = (job.status === "queued" || job.status === "running") && !job.pause_requested;
  // An import's failures are rows of its file, listed in its report: there are no items to run again.
  const canRetry = job.failed > 0 && job.kind !== "import";
  const canCancel = job.status === "queued" || job.status === "running" || job.status === "paused";
  return (
    <div className="job-actions" role="group" aria-label={`Actions for ${name}`}>
      {canPause && (
        <button type="button" className="btn btn--sm" onClick={() => pause.mutate(id)} disabled={busy} aria-label={`Pause ${name}`} data-testid={`${testPrefix}-pause-${id}`}>
          <Icon name="stop" size={14} />
          Pause
        </button>
      )}
      {pausing && (
        <button type="button" className="btn btn--sm" disabled aria-label={`${name} is pausing at the end of its batch`} data-testid={`${testPrefix}-pausing-${id}`}>
          Pausing…
        </button>
      )}
      {job.status === "paused" && (
        <button type="button" className="btn btn--sm btn--primary" onClick={() => resume.mutate(id)} disabled={busy} aria-label={`Resume ${name}`} data-testid={`${testPrefix}-resume-${id}`}>
          <Icon name="play" size={14} />
          Resume
        </button>
      )}
      {canRetry && (
        <button
          type="button"
          className="btn btn--sm"
          onClick={() => retry.mutate(id)}
          disabled={busy}
          aria-label={`Retry the ${formatCount(job.failed)} failed items of ${name}`}
          data-testid={`${testPrefix}-retry-${id}`}
        >
          <Icon name="refresh" size={14} />
          Retry failed
        </button>
      )}
      {canCancel && (
        <button type="button" className="btn btn--sm" onClick={() => cancel.mutate(id)} disabled={busy} aria-label={`Cancel ${name}`} data-testid={`${testPrefix}-cancel-${id}`}>
          <Icon name="x" size={14} />
          Cancel
        </button>
      )}
    </div>
  );
}
