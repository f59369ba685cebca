/**
 * CSV cells and rows (RFC 4180): fields with a comma, a double quote, CR or
 * LF are quoted and their quotes doubled; rows end with CRLF.
 */

/**
 * Characters that make a spreadsheet read a cell as a formula ("CSV
 * injection", OWASP): a form field typed by anyone could otherwise run
 * =HYPERLINK(…) or worse on a coordinator's computer. Tab and CR count too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell, protected against formulas and quoted when needed. */
export function csvTextCell(text: string): string {
  return csvQuote(FORMULA_START.test(text) ? `'${text}` : text);
}

/** One cell of any JSON value: numbers as they are, strings protected, null/undefined empty, the rest as JSON text. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  // A JSON number can start with "-" but can never be a formula: left as a number.
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return csvTextCell(value);
  // A list of plain values reads better as "a; b" than as JSON.
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) {
    return csvTextCell(value.join("; "));
  }
  return csvTextCell(JSON.stringify(value));
}

/** A row of cells that are already encoded, ended with CRLF. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.join(",")}\r\n`;
}

function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
