import { csvCell, csvRow, csvTextCell } from "~/submissions/csv";

/** What the CSV needs of a report table (the page's shape: counts already suppressed). */
export interface CsvTable {
  title: string;
  columns: string[];
  rows: { label: string; cells: { text: string; value: number | null }[] }[];
}

/**
 * One report table as CSV (RFC 4180, with a BOM for spreadsheet programs):
 * a title line with the period, the header, a row per line of the table.
 * Counts that may be shown are numbers; suppressed ones stay "< 5".
 */
export function reportCsv(table: CsvTable, period: string): string {
  const lines = [
    csvRow([csvTextCell(`${table.title} · ${period}`)]),
    csvRow(["Voce", ...table.columns].map(csvTextCell)),
    ...table.rows.map((r) => csvRow([csvTextCell(r.label), ...r.cells.map((c) => (c.value !== null ? csvCell(c.value) : csvTextCell(c.text)))])),
  ];
  return `\uFEFF${lines.join("")}`;
}
