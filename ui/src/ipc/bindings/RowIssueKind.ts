export type RowIssueKind = "invalid" | "duplicate_in_file" | "duplicate_in_workspace";
