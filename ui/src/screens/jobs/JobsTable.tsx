import { Fragment, useState } from "react";
import type { Job } from "../../ipc/bindings/Job";
import { ProgressBar } from "../../components/ProgressBar";
import { isFinished } from "../../hooks/jobs";
import { useJobProgress } from "../../state/JobProgressContext";
import { formatCount, formatDateTime } from "../../lib/format";
import { JobActions } from "./JobActions";
import { JobItems } from "./JobItems";
import { kindLabel, nextRunLabel, statusLabel } from "./jobLabels";

/** The listed row, or the latest progress event for it when that is newer: live progress without polling. */
function useShownJob(listed: Job): Job {
  const progress = useJobProgress(listed.id)?.job;
  if (!progress) return listed;
  return Date.parse(progress.updated_at) >= Date.parse(listed.updated_at) ? progress : listed;
}

function JobRow({ listed, title }: { listed: Job; title: string }) {
  const job = useShownJob(listed);
  const [open, setOpen] = useState(false);
  const status = statusLabel(job);
  const next = nextRunLabel(job);
  const itemsId = `job-items-region-${job.id}`;
  return (
    <Fragment>
      <tr data-testid={`job-row-${job.id}`} className={open ? "job-row job-row--open" : "job-row"}>
        <td>
          <button
            type="button"
            className="btn btn--ghost btn--sm job-row__toggle"
            aria-expanded={open}
            aria-controls={itemsId}
            onClick={() => setOpen((o) => !o)}
            data-testid={`job-expand-${job.id}`}
          >
            <span className={open ? "job-row__chevron job-row__chevron--open" : "job-row__chevron"} aria-hidden="true">
              ▸
            </span>
            <span className="visually-hidden">{open ? "Hide the items of" : "Show the items of"} </span>
            <span className="strong truncate">{title}</span>
          </button>
          <div className="text-muted job-row__meta">
            <span className="badge" data-testid={`job-kind-${job.id}`}>
              {kindLabel(job.kind)}
            </span>{" "}
            created {formatDateTime(job.created_at)}
          </div>
        </td>
        <td>
          <span className={`badge badge--tone-${status.tone}`} data-testid={`job-status-${job.id}`}>
            {status.label}
          </span>
          {job.message && (
            <p className="job-row__message" data-testid={`job-reason-${job.id}`}>
              {job.message}
            </p>
          )}
        </td>
        <td className="job-row__progress">
          {/* A job that ended before it knew its size has no bar to show, not an endless sweep. */}
          {(job.total > 0 || !isFinished(job.status)) && <ProgressBar value={job.done + job.failed} max={job.total} label={`Progress of ${title}`} />}
          <div className="job-row__counts" data-testid={`job-progress-${job.id}`}>
            <span>{job.total > 0 ? `${formatCount(job.done)} / ${formatCount(job.total)} done` : `${formatCount(job.done)} done`}</span>
            {job.failed > 0 && <span className="job-row__failed">{formatCount(job.failed)} failed</span>}
            {job.waiting_retry > 0 && <span className="job-row__waiting">{formatCount(job.waiting_retry)} waiting for retry</span>}
          </div>
        </td>
        <td className="nowrap" data-testid={`job-next-${job.id}`}>
          {next ?? <span className="text-muted">—</span>}
        </td>
        <td>
          <JobActions job={job} name={title} testPrefix="row" />
        </td>
      </tr>
      {open && (
        <tr className="job-row__detail" id={itemsId}>
          <td colSpan={5}>
            <JobItems job={job} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** Every job of the workspace, of every kind, newest first, with its actions; a row opens to its items. */
export function JobsTable({ jobs, titleOf }: { jobs: Job[]; titleOf: (job: Job) => string }) {
  return (
    <div className="table-scroll">
      <table className="data-table jobs-table" data-testid="jobs-table">
        <caption className="visually-hidden">Jobs of this workspace</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Next run</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <JobRow key={j.id} listed={j} title={titleOf(j)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

