export type JobStatus = "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
