import type { ColumnMapping } from "./ColumnMapping";

export type ImportRequest = { workspace_id: number, path: string, sheet?: string, header_row?: number, mapping: Array<ColumnMapping>, campaign_id?: number, };
