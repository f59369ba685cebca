/**
 * How a report shows its numbers (ADR 0026). Pure and client-safe.
 *
 * Small-cell suppression: on a view above a single case, a count from 1 to
 * threshold − 1 could point at a child (the only closure of a small comune in
 * a month), so it is shown as "< threshold"; 0 and counts from the threshold
 * up are shown as they are. Statistics over fewer cases than the threshold
 * (a median of three delays) are not shown at all.
 */

/** A count as the report holds it: the exact number stays on the server side of the figure. */
export interface ShownCount {
  /** What the reader sees: "12", "0" or "< 5". */
  text: string;
  /** The number when it may be shown, null when suppressed. */
  value: number | null;
}

export function shownCount(count: number, threshold: number): ShownCount {
  if (count > 0 && count < threshold) return { text: `< ${threshold}`, value: null };
  return { text: count.toLocaleString("it-IT"), value: count };
}

/** The threshold from configuration (`REPORT_MIN_COUNT`): a whole number from 1 (no suppression) up; default 5. */
export function parseThreshold(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 5;
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`REPORT_MIN_COUNT deve essere un numero intero da 1 a 1000, non «${text}».`);
  return n;
}

/** Quartiles of durations in days, by the nearest-rank method (a value that occurred, never an interpolation). */
export interface DurationStats {
  /** How many values there are. */
  n: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}

/** The nearest-rank p-th percentile (0 < p ≤ 100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new Error("percentile of no values");
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The statistics of the values, or null when there are fewer than `threshold` (or none). */
export function durationStats(values: readonly number[], threshold: number): DurationStats | null {
  if (!values.length || values.length < threshold) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0]!,
    p25: percentile(sorted, 25),
    median: percentile(sorted, 50),
    p75: percentile(sorted, 75),
    max: sorted.at(-1)!,
  };
}

/** "1 giorno", "12 giorni". */
export function daysText(days: number): string {
  return days === 1 ? "1 giorno" : `${days.toLocaleString("it-IT")} giorni`;
}
