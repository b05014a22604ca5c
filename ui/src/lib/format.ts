const integer = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return integer.format(n);
}

/** "1 lead", "12,345 leads". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Engine timestamps are RFC 3339 / SQLite text; show them in the user's locale. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value.includes("T") || value.endsWith("Z") ? value : `${value.replace(" ", "T")}Z`);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "Mon 7 Dec, 19:57": a moment within the next weeks, short enough for a table cell. */
export function formatShortDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return "—";
  return `${formatCount(Math.round(perSecond))} rows/s`;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdFine = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** "$1,234.50". */
export function formatUsd(amount: number): string {
  return usd.format(amount);
}

/** One call often costs a fraction of a cent: below a cent it shows four decimals ("$0.0003"). */
export function formatCallCost(amount: number): string {
  if (amount > 0 && amount < 0.00005) return "< $0.0001";
  return amount > 0 && amount < 0.01 ? usdFine.format(amount) : usd.format(amount);
}

/** "YYYY-MM" of the given moment, in local time. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

function parseMonth(month: string): { year: number; index: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const index = Number(m[2]) - 1;
  return index >= 0 && index < 12 ? { year: Number(m[1]), index } : null;
}

/** "2026-11" → "November 2026". */
export function formatMonth(month: string): string {
  const p = parseMonth(month);
  if (!p) return month;
  return new Date(p.year, p.index, 1).toLocaleDateString(undefined, { month: "long", year: "numeric" });
}

/** Every day of a "YYYY-MM" month as "YYYY-MM-DD", first to last. */
export function daysOfMonth(month: string): string[] {
  const p = parseMonth(month);
  if (!p) return [];
  const count = new Date(p.year, p.index + 1, 0).getDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

/** What a file calls the place of a row: text files have lines (a quoted line break spans two), sheets have rows. */
export function placeLabel(format: string): "Line" | "Row" {
  return format === "csv" ? "Line" : "Row";
}
