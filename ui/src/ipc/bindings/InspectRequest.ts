export type InspectRequest = { path: string, sheet?: string, header_row?: number, };
