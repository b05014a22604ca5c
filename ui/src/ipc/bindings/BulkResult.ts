export type BulkResult = { affected: number, };
