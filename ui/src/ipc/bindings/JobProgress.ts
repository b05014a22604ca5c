import type { Job } from "./Job";

export type JobProgress = { job: Job, rate_per_sec: number, eta_seconds: number | null, };
