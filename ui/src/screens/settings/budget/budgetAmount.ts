/** What the budget field means: empty is no limit, otherwise dollars and cents. */
export function parseBudget(text: string): { ok: true; value: number | null } | { ok: false } {
  const t = text.trim().replace(/^\$/, "").replace(/,/g, "");
  if (t === "") return { ok: true, value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return { ok: false };
  return { ok: true, value: Number(t) };
}

export function budgetText(limit: number | null): string {
  if (limit === null) return "";
  return Number.isInteger(limit) ? String(limit) : limit.toFixed(2);
}
