import type { JobProgress } from "../ipc/bindings/JobProgress";

type Listener = () => void;

/** The latest progress of every job the engine reported on, by job id. */
export type JobProgressStore = {
  get(jobId: number): JobProgress | undefined;
  apply(progress: JobProgress): void;
  subscribe(listener: Listener): () => void;
};

export function createJobProgressStore(): JobProgressStore {
  const byJob = new Map<number, JobProgress>();
  const listeners = new Set<Listener>();
  return {
    get: (jobId) => byJob.get(jobId),
    apply(progress) {
      const known = byJob.get(progress.job.id);
      // Events can arrive out of order; never move a job backwards.
      if (known && known.job.done > progress.job.done && progress.job.status === known.job.status) return;
      byJob.set(progress.job.id, progress);
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
