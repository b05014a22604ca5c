/** When a snooze ends, as the engine takes it (RFC 3339, UTC), from the user's local clock. */

function at9(day: Date): string {
  const d = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 9, 0, 0, 0);
  return d.toISOString();
}

/** Tomorrow at 9:00, local time. */
export function tomorrowMorning(now: Date): string {
  return at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
}

/** Next Monday at 9:00, local time (a week on when today is Monday). */
export function nextWeek(now: Date): string {
  const days = ((8 - now.getDay()) % 7) || 7;
  return at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
}

/** A picked "YYYY-MM-DD" at 9:00, local time; null for a day that is not after today. */
export function pickedDay(value: string, now: Date): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const day = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (Number.isNaN(day.getTime()) || day <= today) return null;
  return at9(day);
}

/** "2026-12-08": the value of a date input for the day after `now`. */
export function dayAfter(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
