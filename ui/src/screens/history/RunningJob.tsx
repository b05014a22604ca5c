import type { Job } from "../../ipc/bindings/Job";
import { Icon } from "../../components/Icon";
import { ProgressBar } from "../../components/ProgressBar";
import { Spinner } from "../../components/Spinner";
import { useCancelJob, useLiveJob, useResumeJob } from "../../hooks/jobs";
import { formatCount, formatDuration, formatRate } from "../../lib/format";

export function RunningJob({ job: listed, label }: { job: Job; label: string }) {
  const { job, rate, eta } = useLiveJob(listed.id);
  const cancel = useCancelJob();
  const resume = useResumeJob();
  const j = job ?? listed;
  const paused = j.status === "paused";
  return (
    <li className="job card" data-testid={`job-${j.id}`}>
      <div className="job__head">
        {paused ? <Icon name="stop" size={14} /> : <Spinner size={14} label="Running" />}
        <span className="job__title truncate">{label}</span>
        <span className={`badge badge--job-${j.status}`}>{j.status === "queued" ? "Waiting" : paused ? "Paused" : "Running"}</span>
        {paused && (
          <button type="button" className="btn btn--sm btn--primary" onClick={() => resume.mutate(j.id)} disabled={resume.isPending} data-testid={`job-resume-${j.id}`}>
            <Icon name="play" size={14} />
            Resume
          </button>
        )}
        <button type="button" className="btn btn--sm" onClick={() => cancel.mutate(j.id)} disabled={cancel.isPending || cancel.isSuccess} data-testid={`job-cancel-${j.id}`}>
          <Icon name="stop" size={14} />
          {cancel.isSuccess ? "Stopping…" : "Cancel"}
        </button>
      </div>
      {paused && j.message && (
        <p className="job__message" data-testid={`job-message-${j.id}`}>
          {j.message}
        </p>
      )}
      <ProgressBar value={j.done} max={j.total} label={label} />
      <div className="job__stats text-muted">
        <span>{j.total > 0 ? `${formatCount(j.done)} of ${formatCount(j.total)} rows` : "Counting rows…"}</span>
        <span>{formatRate(rate)}</span>
        {eta != null && j.total > 0 && <span>about {formatDuration(eta)} left</span>}
      </div>
    </li>
  );
}
