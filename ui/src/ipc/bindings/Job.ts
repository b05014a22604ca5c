import type { JobKind } from "./JobKind";
import type { JobStatus } from "./JobStatus";

export type Job = { id: number, workspace_id: number | null, kind: JobKind, status: JobStatus, total: number, done: number, failed: number, message: string | null, created_at: string, started_at: string | null, finished_at: string | null, updated_at: string, };
