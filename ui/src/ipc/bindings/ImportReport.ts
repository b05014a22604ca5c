import type { ImportSummary } from "./ImportSummary";
import type { Job } from "./Job";
import type { RowIssue } from "./RowIssue";

export type ImportReport = { import: ImportSummary, job: Job | null, issues: Array<RowIssue>, issues_total: number, };
