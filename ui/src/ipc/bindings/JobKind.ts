export type JobKind = "import";
