import type { RowIssueKind } from "./RowIssueKind";

export type RowIssue = { line: number, kind: RowIssueKind, reason: string, };
