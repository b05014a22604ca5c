import type { Job } from "../../ipc/bindings/Job";
import { Icon } from "../../components/Icon";
import { ProgressBar } from "../../components/ProgressBar";
import { Spinner } from "../../components/Spinner";
import { useLiveJob } from "../../hooks/jobs";
import { formatCount, formatDuration, formatRate } from "../../lib/format";
import { JobActions } from "./JobActions";
import { statusLabel } from "./jobLabels";

/** A job that has not finished, with its live progress from the engine's progress events. */
export function RunningJob({ job: listed, label }: { job: Job; label: string }) {
  const { job, rate, eta } = useLiveJob(listed.id);
  const j = job ?? listed;
  const moving = j.status === "running" && !j.pause_requested;
  const status = statusLabel(j);
  return (
    <li className="job card" data-testid={`job-${j.id}`}>
      <div className="job__head">
        {moving ? <Spinner size={14} label="Running" /> : <Icon name="stop" size={14} />}
        <span className="job__title truncate">{label}</span>
        <span className={`badge badge--tone-${status.tone}`}>{status.label}</span>
        <JobActions job={j} name={label} />
      </div>
      {j.message && (
        <p className="job__message" data-testid={`job-message-${j.id}`}>
          {j.message}
        </p>
      )}
      <ProgressBar value={j.done + j.failed} max={j.total} label={label} />
      <div className="job__stats text-muted">
        <span>{j.total > 0 ? `${formatCount(j.done)} of ${formatCount(j.total)} ${j.kind === "import" ? "rows" : "items"}` : j.kind === "import" ? "Counting rows…" : "Counting items…"}</span>
        {j.failed > 0 && <span>{formatCount(j.failed)} failed</span>}
        {j.waiting_retry > 0 && <span>{formatCount(j.waiting_retry)} waiting for retry</span>}
        {moving && j.kind === "import" && <span>{formatRate(rate)}</span>}
        {moving && eta != null && j.total > 0 && <span>about {formatDuration(eta)} left</span>}
      </div>
    </li>
  );
}
