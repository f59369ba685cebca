import type { AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import type { ReportPeriod } from "./period";

/** The shapes of a report: as computed (with the cases each count counts) and as shown (ADR 0026). */

export interface ReportFilters {
  period: ReportPeriod;
  service?: string;
  comune?: string;
}

export interface ReportCaller {
  scope: Scope;
  audit: AuditContext;
}

/**
 * A count about cases (with their ids), a count of schede of cases (shown as a count, listing their cases),
 * a count about schede (with the list's filters), or a text (a statistic).
 */
export type RawCell =
  | { kind: "cases"; caseIds: number[] }
  | { kind: "items"; count: number; caseIds: number[] }
  | { kind: "schede"; count: number; query: Record<string, string> }
  | { kind: "stat"; text: string };

export interface RawRow {
  label: string;
  cells: RawCell[];
}

export interface RawTable {
  key: string;
  title: string;
  description: string;
  columns: string[];
  rows: RawRow[];
  /** Sentences about what was counted and what is missing. */
  notes: string[];
  /** Whether a chart can draw the table (counts only). */
  chart: boolean;
}

export interface ComputedReport {
  filters: ReportFilters;
  tables: RawTable[];
}

/** One cell as pages, CSV and PDF show it: suppressed when small (ADR 0026). */
export interface ReportCell {
  text: string;
  /** The number drawn in the chart; null when suppressed or not a count. */
  value: number | null;
  href?: string;
}

export interface ReportTable {
  key: string;
  title: string;
  description: string;
  columns: string[];
  rows: { label: string; cells: ReportCell[] }[];
  notes: string[];
  chart: boolean;
}

