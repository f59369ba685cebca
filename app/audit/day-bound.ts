/**
 * A bare ISO date (2026-11-30) as a bound of a date range, in UTC: the start
 * of that day for "from", the start of the next day for "to", so that
 * "from 2026-11-01 to 2026-11-30" means all of November. Undefined when the
 * text is not a valid bare date.
 */
export function parseDayBound(text: string, bound: "from" | "to"): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (bound === "to") date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
