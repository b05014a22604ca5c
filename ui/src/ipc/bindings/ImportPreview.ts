import type { ColumnMapping } from "./ColumnMapping";

export type ImportPreview = { path: string, file_name: string, format: "csv" | "xlsx" | "xls" | "ods", encoding: string | null, delimiter: string | null, sheets: Array<string>, sheet: string | null, header_row: number, headers: Array<string>, row_count: number, preview: Array<Array<string>>, email_column: number | null, suggested_mapping: Array<ColumnMapping>, warnings: Array<string>, };
