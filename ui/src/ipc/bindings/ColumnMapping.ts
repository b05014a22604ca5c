import type { ColumnTarget } from "./ColumnTarget";

export type ColumnMapping = { column: number, header: string, target: ColumnTarget, };
