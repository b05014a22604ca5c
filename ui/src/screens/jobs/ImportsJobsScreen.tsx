import { useState } from "react";
import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import type { Job } from "../../ipc/bindings/Job";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useImports } from "../../hooks/imports";
import { isRunningNow, useJobs } from "../../hooks/jobs";
import { describeError } from "../../ipc/errors";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { ImportHistoryTable } from "./ImportHistoryTable";
import { ImportReportDrawer } from "./ImportReportDrawer";
import { JobsTable } from "./JobsTable";
import { RunningJob } from "./RunningJob";
import { kindLabel } from "./jobLabels";
import "./jobs.css";

export function ImportsJobsScreen() {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const imports = useImports(workspace.id);
  const jobs = useJobs(workspace.id);
  const [open, setOpen] = useState<ImportSummary | null>(null);

  const now = Date.now();
  const all = jobs.data ?? [];
  const running = all.filter((j) => isRunningNow(j, now));
  const titleOf = (job: Job) => {
    if (job.kind === "import") {
      const file = imports.data?.find((i) => i.job_id === job.id)?.file_name;
      return file ? `Importing ${file}` : `Import job #${job.id}`;
    }
    return `${kindLabel(job.kind)} #${job.id}`;
  };
  const importButton = (
    <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "import" })}>
      <Icon name="upload" />
      Import leads
    </button>
  );

  return (
    <div className="screen" data-testid="jobs-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Imports &amp; jobs</h1>
          <p className="screen__subtitle">Files brought into {workspace.name}, and every background job: what runs now, what waits and what failed.</p>
        </div>
        <div className="screen__actions">{importButton}</div>
      </header>

      {jobs.isPending ? (
        <SkeletonRows rows={3} label="Loading jobs" />
      ) : jobs.isError ? (
        <p className="callout callout--danger">{describeError(jobs.error)}</p>
      ) : all.length === 0 ? (
        <EmptyState icon="layers" title="No jobs yet" testId="jobs-empty" actions={importButton}>
          Long work runs here in the background, starting with your first import: bring in a CSV or spreadsheet of leads and follow it here, with
          pause, resume and cancel.
        </EmptyState>
      ) : (
        <>
          <section className="history-section" aria-labelledby="running-title">
            <h2 id="running-title" className="section-title">
              Under way
            </h2>
            {running.length === 0 ? (
              <p className="text-muted" data-testid="no-running-jobs">
                Nothing is under way: no job is running, paused or waiting to resume.
              </p>
            ) : (
              <ul className="job-list">
                {running.map((j) => (
                  <RunningJob key={j.id} job={j} label={titleOf(j)} />
                ))}
              </ul>
            )}
          </section>

          <section className="history-section" aria-labelledby="jobs-title">
            <h2 id="jobs-title" className="section-title">
              Jobs
            </h2>
            <JobsTable jobs={all} titleOf={titleOf} />
          </section>
        </>
      )}

      <section className="history-section" aria-labelledby="imports-title">
        <h2 id="imports-title" className="section-title">
          Past imports
        </h2>
        {imports.isPending ? (
          <SkeletonRows rows={5} label="Loading imports" />
        ) : imports.isError ? (
          <p className="callout callout--danger">{describeError(imports.error)}</p>
        ) : imports.data.length === 0 ? (
          <EmptyState icon="history" title="No imports yet" testId="imports-empty" actions={importButton}>
            Each file you import is listed here with its report: what was added, what was a duplicate and which rows were invalid.
          </EmptyState>
        ) : (
          <ImportHistoryTable imports={imports.data} onOpen={setOpen} />
        )}
      </section>

      <ImportReportDrawer summary={open} onClose={() => setOpen(null)} onViewLeads={(importId) => navigate({ screen: "leads", importId })} />
    </div>
  );
}
