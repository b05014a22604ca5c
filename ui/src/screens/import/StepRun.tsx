import { useEffect } from "react";
import type { Job } from "../../ipc/bindings/Job";
import { Icon } from "../../components/Icon";
import { ProgressBar } from "../../components/ProgressBar";
import { Spinner } from "../../components/Spinner";
import { isFinished, useCancelJob, useLiveJob } from "../../hooks/jobs";
import { formatCount, formatDuration, formatRate } from "../../lib/format";

/** Step 3: the import runs in the engine; this shows its progress and lets the user stop it. */
export function StepRun({ jobId, fileName, onFinished }: { jobId: number; fileName: string; onFinished: (job: Job) => void }) {
  const { job, rate, eta } = useLiveJob(jobId);
  const cancel = useCancelJob();
  const finished = job !== undefined && isFinished(job.status);

  useEffect(() => {
    if (job && finished) onFinished(job);
  }, [job, finished, onFinished]);

  const total = job?.total ?? 0;
  const done = job?.done ?? 0;
  const pct = total > 0 ? Math.floor((done / total) * 100) : 0;

  return (
    <div className="run card" data-testid="wizard-step-run">
      <div className="run__head">
        <Spinner size={18} label="Importing" />
        <div className="min-w-0">
          <h2 className="run__title">Importing {fileName}</h2>
          <p className="text-muted">You can keep working; the import goes on in the background and appears under Imports &amp; jobs.</p>
        </div>
      </div>
      <ProgressBar value={done} max={total} label={`Importing ${fileName}`} testId="import-progress" />
      <div className="run__stats" aria-live="polite">
        <span data-testid="import-progress-count">
          {total > 0 ? `${formatCount(done)} of ${formatCount(total)} rows` : job?.status === "queued" ? "Waiting to start…" : "Counting rows…"}
        </span>
        {total > 0 && <span className="run__pct">{pct}%</span>}
        <span className="text-muted" data-testid="import-rate">{formatRate(rate)}</span>
        <span className="text-muted" data-testid="import-eta">{eta != null && total > 0 ? `about ${formatDuration(eta)} left` : ""}</span>
      </div>
      <div className="run__actions">
        <button
          type="button"
          className="btn"
          onClick={() => cancel.mutate(jobId)}
          disabled={cancel.isPending || cancel.isSuccess || finished}
          data-testid="import-cancel"
        >
          {cancel.isPending ? <Spinner size={14} label="Stopping" /> : <Icon name="stop" />}
          {cancel.isSuccess ? "Stopping…" : "Cancel import"}
        </button>
      </div>
    </div>
  );
}
