import { useState } from "react";
import type { ImportSummary } from "../../ipc/bindings/ImportSummary";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useImports } from "../../hooks/imports";
import { isFinished, useJobs } from "../../hooks/jobs";
import { describeError } from "../../ipc/errors";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { ImportHistoryTable } from "./ImportHistoryTable";
import { ImportReportDrawer } from "./ImportReportDrawer";
import { RunningJob } from "./RunningJob";
import "./history.css";

export function HistoryScreen() {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const imports = useImports(workspace.id);
  const jobs = useJobs(workspace.id);
  const [open, setOpen] = useState<ImportSummary | null>(null);

  const running = (jobs.data ?? []).filter((j) => !isFinished(j.status));
  const jobLabel = (jobId: number) => {
    const file = imports.data?.find((i) => i.job_id === jobId)?.file_name;
    return file ? `Importing ${file}` : `Import job #${jobId}`;
  };

  return (
    <div className="screen" data-testid="history-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Imports &amp; jobs</h1>
          <p className="screen__subtitle">Everything brought into {workspace.name}, and what is running now.</p>
        </div>
        <div className="screen__actions">
          <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "import" })}>
            <Icon name="upload" />
            Import leads
          </button>
        </div>
      </header>

      <section className="history-section" aria-labelledby="running-title">
        <h2 id="running-title" className="section-title">
          Running now
        </h2>
        {jobs.isPending ? (
          <SkeletonRows rows={2} label="Loading jobs" />
        ) : jobs.isError ? (
          <p className="callout callout--danger">{describeError(jobs.error)}</p>
        ) : running.length === 0 ? (
          <p className="text-muted" data-testid="no-running-jobs">
            Nothing is running.
          </p>
        ) : (
          <ul className="job-list">
            {running.map((j) => (
              <RunningJob key={j.id} job={j} label={jobLabel(j.id)} />
            ))}
          </ul>
        )}
      </section>

      <section className="history-section" aria-labelledby="imports-title">
        <h2 id="imports-title" className="section-title">
          Past imports
        </h2>
        {imports.isPending ? (
          <SkeletonRows rows={5} label="Loading imports" />
        ) : imports.isError ? (
          <p className="callout callout--danger">{describeError(imports.error)}</p>
        ) : imports.data.length === 0 ? (
          <EmptyState
            icon="history"
            title="No imports yet"
            testId="imports-empty"
            actions={
              <button type="button" className="btn btn--primary" onClick={() => navigate({ screen: "import" })}>
                <Icon name="upload" />
                Import leads
              </button>
            }
          >
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
