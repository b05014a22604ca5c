export type ImportStarted = { import_id: number, job_id: number, };
