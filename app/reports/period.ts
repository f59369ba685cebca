import type { FieldMessages } from "~/lib/errors";
import { formatDate } from "~/lib/format-date";

/**
 * The period of a report, as the page asks for it: a month, a quarter, a
 * year or any range of days. Pure and client-safe. Days are calendar days in
 * Italy (YYYY-MM-DD), both ends included.
 */
export const PERIOD_KINDS = { mese: "Mese", trimestre: "Trimestre", anno: "Anno", intervallo: "Intervallo di date" } as const;
export type PeriodKind = keyof typeof PERIOD_KINDS;

export const MONTH_NAMES = [
  "gennaio",
  "febbraio",
  "marzo",
  "aprile",
  "maggio",
  "giugno",
  "luglio",
  "agosto",
  "settembre",
  "ottobre",
  "novembre",
  "dicembre",
] as const;

export interface ReportPeriod {
  kind: PeriodKind;
  /** YYYY-MM-DD, included. */
  from: string;
  /** YYYY-MM-DD, included. */
  to: string;
  /** "marzo 2026", "2º trimestre 2026", "anno 2026", "dal 1 marzo 2026 al 15 aprile 2026". */
  label: string;
}

/** The query parameters the page writes (their names are the page's field ids). */
export interface PeriodQuery {
  periodo?: string | null;
  anno?: string | null;
  mese?: string | null;
  trimestre?: string | null;
  dal?: string | null;
  al?: string | null;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The last day of a month (1–12). */
function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function whole(text: string | null | undefined, min: number, max: number): number | undefined {
  const t = text?.trim() ?? "";
  if (!/^\d{1,4}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

/**
 * The period the query asks for, or the problems by field (Italian). No
 * `periodo` at all: the current year up to `today` is the default.
 */
export function parsePeriod(query: PeriodQuery, today: string): { period?: ReportPeriod; errors: FieldMessages } {
  const kindText = query.periodo?.trim() || "anno";
  if (!Object.hasOwn(PERIOD_KINDS, kindText)) return { errors: { periodo: "Scegli il tipo di periodo: mese, trimestre, anno o intervallo di date." } };
  const kind = kindText as PeriodKind;
  const errors: FieldMessages = {};
  if (kind === "intervallo") {
    const from = query.dal?.trim() ?? "";
    const to = query.al?.trim() ?? "";
    if (!isDay(from)) errors.dal = from ? `La data «${from}» non è valida: usa il calendario o scrivila come AAAA-MM-GG.` : "Indica la data di inizio.";
    if (!isDay(to)) errors.al = to ? `La data «${to}» non è valida: usa il calendario o scrivila come AAAA-MM-GG.` : "Indica la data di fine.";
    if (Object.keys(errors).length) return { errors };
    if (from > to) return { errors: { al: "La data di fine viene prima di quella di inizio." } };
    return { period: { kind, from, to, label: `dal ${formatDate(from)} al ${formatDate(to)}` }, errors };
  }
  const year = query.anno?.trim() ? whole(query.anno, MIN_YEAR, MAX_YEAR) : Number(today.slice(0, 4));
  if (year === undefined) return { errors: { anno: `Scrivi l'anno con quattro cifre, tra ${MIN_YEAR} e ${MAX_YEAR}.` } };
  if (kind === "anno") return { period: { kind, from: `${year}-01-01`, to: `${year}-12-31`, label: `anno ${year}` }, errors };
  if (kind === "trimestre") {
    const quarter = whole(query.trimestre, 1, 4);
    if (quarter === undefined) return { errors: { trimestre: "Scegli il trimestre." } };
    const first = (quarter - 1) * 3 + 1;
    return {
      period: { kind, from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${pad(lastDay(year, first + 2))}`, label: `${quarter}º trimestre ${year}` },
      errors,
    };
  }
  const month = whole(query.mese, 1, 12);
  if (month === undefined) return { errors: { mese: "Scegli il mese." } };
  return {
    period: { kind, from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay(year, month))}`, label: `${MONTH_NAMES[month - 1]} ${year}` },
    errors,
  };
}

/** The query parameters that ask for this period again (for links and the CSV). */
export function periodQuery(period: ReportPeriod): Record<string, string> {
  if (period.kind === "intervallo") return { periodo: "intervallo", dal: period.from, al: period.to };
  const year = period.from.slice(0, 4);
  const month = Number(period.from.slice(5, 7));
  if (period.kind === "anno") return { periodo: "anno", anno: year };
  if (period.kind === "trimestre") return { periodo: "trimestre", anno: year, trimestre: String((month - 1) / 3 + 1) };
  return { periodo: "mese", anno: year, mese: String(month) };
}

/** Whole days from one calendar day to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether a text is a real calendar day written YYYY-MM-DD. */
export { isDay };
