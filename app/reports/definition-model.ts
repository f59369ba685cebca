/**
 * A report over one field of one form (ADR 0026, 0027): the shape shared by
 * the built-in file `data/definitions.json`, the definitions admins publish,
 * and the admin's editor. Pure and client-safe.
 */
export interface ReportDefinition {
  key: string;
  version: number;
  title: string;
  description: string;
  /** The form's slug. */
  form: string;
  /** A JSON pointer in the shape of the form's newest published version. */
  field: string;
  /** A date field that places the scheda in the period; without, the day the scheda was created. */
  date?: string;
  measure: Measure;
  groupBy: { by: Exclude<Grouping, "field"> } | { by: "field"; field: string };
}

export const MEASURE_LABELS = { count: "Conteggio", distribution: "Distribuzione per opzione", mean: "Media" } as const;
export type Measure = keyof typeof MEASURE_LABELS;

export const GROUPING_LABELS = {
  service: "Servizio",
  comune: "Comune",
  month: "Mese",
  quarter: "Trimestre",
  year: "Anno",
  field: "Un campo del modulo",
} as const;
export type Grouping = keyof typeof GROUPING_LABELS;
