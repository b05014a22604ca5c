import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { call } from "../ipc/commands";
import type { Job } from "../ipc/bindings/Job";
import type { JobStatus } from "../ipc/bindings/JobStatus";
import { queryKeys } from "../state/queryKeys";
import { useJobProgress } from "../state/JobProgressContext";
import { useEngineMutation } from "./useEngineMutation";

const FINISHED: readonly JobStatus[] = ["cancelled", "completed", "failed"];
export const isFinished = (status: JobStatus) => FINISHED.includes(status);

/** Under way: started, paused, or waiting with nothing ahead of it in time; a job scheduled for later is not. */
export function isRunningNow(job: Job, now = Date.now()): boolean {
  if (isFinished(job.status)) return false;
  if (job.status !== "queued" || !job.run_after) return true;
  const at = Date.parse(job.run_after);
  return !Number.isFinite(at) || at <= now;
}

export function useJobs(workspaceId: number) {
  return useQuery({ queryKey: queryKeys.jobs(workspaceId), queryFn: () => call("job_list", { workspace_id: workspaceId }) });
}

/**
 * One job as it stands now: the latest progress event when there is one, else the engine's row.
 * The row is re-read every few seconds while the job runs, so a missed event never leaves it stuck.
 */
export function useLiveJob(jobId: number | null) {
  const progress = useJobProgress(jobId);
  const query = useQuery({
    queryKey: queryKeys.job(jobId ?? -1),
    queryFn: () => call("job_get", { id: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 2000),
  });
  const fromRow = query.data;
  const fromEvent = progress?.job;
  let job: Job | undefined = fromEvent ?? fromRow;
  // An action's answer or a later read can be newer than the last event (a pause asked for, a finished job).
  if (fromEvent && fromRow && (Date.parse(fromRow.updated_at) > Date.parse(fromEvent.updated_at) || (isFinished(fromRow.status) && !isFinished(fromEvent.status)))) job = fromRow;

  // When the job ends, lists that show it or its results are stale even if a change event was missed.
  const client = useQueryClient();
  const ended = job !== undefined && isFinished(job.status);
  useEffect(() => {
    if (!ended) return;
    for (const queryKey of [queryKeys.jobsAll, queryKeys.importsAll, queryKeys.importReportAll, queryKeys.leadsAll, queryKeys.workspaces]) {
      void client.invalidateQueries({ queryKey });
    }
  }, [ended, client]);

  return { job, rate: progress?.rate_per_sec ?? 0, eta: progress?.eta_seconds ?? null, error: query.error };
}

/** A job's items with their state, attempts and errors; re-read with the job whenever jobs change. */
export function useJobItems(jobId: number | null) {
  return useQuery({
    queryKey: queryKeys.jobItems(jobId ?? -1),
    queryFn: () => call("job_items", { id: jobId! }),
    enabled: jobId !== null,
  });
}

type JobAction = "job_pause" | "job_resume" | "job_cancel" | "job_retry_failed";

/**
 * One action on a job: the answer replaces the cached row at once and the lists and its items are re-read; a
 * refusal (the job moved on in another process) re-reads the job too, so the screen shows where it is now.
 */
function useJobAction(command: JobAction, errorTitle: string) {
  const client = useQueryClient();
  return useEngineMutation((id: number) => call(command, { id }), {
    errorTitle,
    onSettled: (job, error, id) => {
      if (job) client.setQueryData(queryKeys.job(job.id), job);
      void client.invalidateQueries({ queryKey: queryKeys.jobsAll });
      void client.invalidateQueries({ queryKey: error ? queryKeys.job(id) : queryKeys.jobItems(id) });
    },
  });
}

export const usePauseJob = () => useJobAction("job_pause", "The job could not be paused");
export const useResumeJob = () => useJobAction("job_resume", "The job could not be resumed");
export const useCancelJob = () => useJobAction("job_cancel", "The job could not be stopped");
export const useRetryFailedItems = () => useJobAction("job_retry_failed", "The failed items could not be retried");
