import type { ColumnMapping } from "../../ipc/bindings/ColumnMapping";
import type { ColumnTarget } from "../../ipc/bindings/ColumnTarget";

export const TARGET_LABEL: Record<ColumnTarget, string> = {
  email: "Email",
  first_name: "First name",
  last_name: "Last name",
  full_name: "Full name",
  company: "Company",
  title: "Job title",
  website: "Website",
  domain: "Domain",
  linkedin_url: "LinkedIn URL",
  country: "Country",
  timezone: "Time zone",
  custom: "Custom field",
  ignore: "Don’t import",
};

export const LEAD_FIELDS: ColumnTarget[] = [
  "email",
  "first_name",
  "last_name",
  "full_name",
  "company",
  "title",
  "website",
  "domain",
  "linkedin_url",
  "country",
  "timezone",
];

/** A lead field holds one column; `custom` and `ignore` may be chosen for any number of columns. */
export function isLeadField(target: ColumnTarget): boolean {
  return target !== "custom" && target !== "ignore";
}

/**
 * Maps `column` to `target`. A lead field already used by another column moves here;
 * that column keeps its data as a custom field.
 */
export function assignTarget(mapping: ColumnMapping[], column: number, target: ColumnTarget): ColumnMapping[] {
  return mapping.map((m) => {
    if (m.column === column) return { ...m, target };
    if (isLeadField(target) && m.target === target) return { ...m, target: "custom" };
    return m;
  });
}

export function emailColumn(mapping: ColumnMapping[]): ColumnMapping | undefined {
  return mapping.find((m) => m.target === "email");
}

/** One entry per header, taking the engine's suggestion where it has one. */
export function initialMapping(headers: string[], suggested: ColumnMapping[]): ColumnMapping[] {
  return headers.map((header, column) => suggested.find((m) => m.column === column) ?? { column, header, target: "custom" });
}

/** The first few non-empty values of a column, to help recognise it. */
export function sampleValues(rows: string[][], column: number, count = 3): string[] {
  const values: string[] = [];
  for (const row of rows) {
    const cell = row[column]?.trim();
    if (cell) values.push(cell);
    if (values.length === count) break;
  }
  return values;
}
