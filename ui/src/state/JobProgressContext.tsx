import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { JobProgress } from "../ipc/bindings/JobProgress";
import type { JobProgressStore } from "./jobProgressStore";

const JobProgressContext = createContext<JobProgressStore | null>(null);

export function JobProgressProvider({ store, children }: { store: JobProgressStore; children: ReactNode }) {
  return <JobProgressContext.Provider value={store}>{children}</JobProgressContext.Provider>;
}

export function useJobProgressStore(): JobProgressStore {
  const store = useContext(JobProgressContext);
  if (!store) throw new Error("useJobProgressStore needs a JobProgressProvider");
  return store;
}

/** The latest progress event of one job, or undefined before the first one arrives. */
export function useJobProgress(jobId: number | null | undefined): JobProgress | undefined {
  const store = useJobProgressStore();
  return useSyncExternalStore(store.subscribe, () => (jobId == null ? undefined : store.get(jobId)));
}
