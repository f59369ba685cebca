import { rgb } from "pdf-lib";
import { formatDateTime } from "~/lib/format-date";
import { A4, createPdf, type PdfWriter } from "~/lib/pdf.server";
import { CHANGE_ARROWS, CHANGE_LABELS, formatAverage, type Change, type Triangle, type TriangleSide } from "./triangle";
import type { CaseTriangle } from "./triangle.server";

/**
 * A case's triangle on A4, for the file or a meeting: the same numbers as
 * the page's tables (each sub-dimension's level at every time point and the
 * direction of change), then the narratives. Names the case by its code and
 * the minor's pseudonym, as the page does.
 */
export async function caseTrianglePdf(view: CaseTriangle, now = new Date()): Promise<Uint8Array> {
  const title = `Il Mondo del Bambino · cartella ${view.case.code}`;
  const w = await createPdf({ title, createdAt: now });
  w.paragraph("Ambito Territoriale di Seregno · Servizi per la tutela dei minori", { size: 9 });
  w.paragraph(title, { size: 16, bold: true, gapAfter: 6 });
  w.paragraph(
    `Riferimento del minore: ${view.case.minorRef} · ${view.case.serviceName}${view.case.comuneName ? ` · ${view.case.comuneName}` : ""} · stampato il ${formatDateTime(now)}`,
    { size: 9, gapAfter: 8 }
  );
  const t = view.triangle;
  if (!t) {
    w.paragraph("Nessuna valutazione «Il Mondo del Bambino» inviata per questa cartella.");
    return w.doc.save();
  }
  for (const s of view.sources) {
    w.paragraph(`${s.timePoint}: scheda n. ${s.submissionId}, versione ${s.formVersion} del modulo, aggiornata il ${formatDateTime(s.updatedAt)}`, { size: 9, gapAfter: 1 });
  }
  w.paragraph(`Livelli e nomi come nella versione ${view.shownVersion} del modulo.`, { size: 9, gapAfter: 4 });
  if (t.scale.length) {
    w.paragraph(`Scala dal livello peggiore «${t.scale[0]!.label}» al migliore «${t.scale.at(-1)!.label}»: «migliorato» vuol dire salito verso «${t.scale.at(-1)!.label}» tra il primo e l'ultimo tempo valutato; «non confrontabile», valutata in meno di due tempi.`, { size: 9, gapAfter: 4 });
  }
  for (const notice of view.notices) w.paragraph(notice, { size: 9, bold: true, gapAfter: 2 });

  // Columns: sub-dimension, one per time point, the change.
  const first = 150;
  const change = 95;
  const each = (w.width - first - change) / t.timePoints.length;
  const columns = (cells: string[], bold = false) =>
    cells.map((text, i) => ({
      text,
      bold: bold || i === 0,
      x: i === 0 ? 0 : i <= t.timePoints.length ? first + (i - 1) * each : first + t.timePoints.length * each,
      width: (i === 0 ? first : i <= t.timePoints.length ? each : change) - 6,
    }));
  const changeCell = (c: Change) => `${CHANGE_ARROWS[c.direction]} ${CHANGE_LABELS[c.direction]}${c.from ? ` (${c.from}→${c.to})` : ""}`;

  for (const side of t.sides) {
    w.ensureSpace(80);
    w.paragraph(side.title, { size: 13, bold: true, gapAfter: 4 });
    drawSideChart(w, t, side, first);
    w.row(columns(["Sottodimensione", ...t.timePoints.map((tp) => tp.value), "Andamento"], true), { rule: true });
    for (const sub of side.subDimensions) {
      w.row(columns([sub.title, ...sub.ratings.map((r) => r?.label ?? "—"), changeCell(sub.change)]), { rule: true });
    }
    w.row(columns(["Media del lato", ...side.averages.map(formatAverage), changeCell(side.change)], true), { rule: true });
    w.y -= 6;
  }

  const narrated = t.sides.flatMap((side) => side.subDimensions.filter((s) => s.narratives.length).map((sub) => ({ side, sub })));
  if (narrated.length) {
    w.ensureSpace(60);
    w.paragraph("Descrizioni", { size: 13, bold: true, gapAfter: 4 });
    for (const { side, sub } of narrated) {
      w.paragraph(`${side.title} › ${sub.title}`, { bold: true, gapAfter: 2 });
      for (const n of sub.narratives) {
        for (const text of n.texts) w.paragraph(`${n.timePoint} · ${text.title}: ${text.text}`, { indent: 12, size: 9, gapAfter: 2 });
      }
      w.y -= 4;
    }
  }
  return w.doc.save();
}

const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.55, 0.55, 0.55);
const GRID = rgb(0.8, 0.8, 0.8);
const ROW = 16;

/**
 * The page's chart, drawn again in the PDF: one row per sub-dimension, the
 * scale from worst (left) to best (right), each time point a shape of its own
 * (T0 open circle, T1 grey square, T2 black triangle, as on the page) joined
 * by a dashed line, so it reads in grey-scale print and without colour.
 */
function drawSideChart(w: PdfWriter, t: Triangle, side: TriangleSide, labelWidth: number) {
  const levels = t.scale.length;
  if (!levels) return;
  const rows = side.subDimensions;
  w.ensureSpace((rows.length + 3) * ROW + 10);
  const left = A4.margin + labelWidth;
  const step = (w.width - labelWidth - 10) / Math.max(levels - 1, 1);
  const xOf = (rank: number) => left + rank * step;
  const top = w.y - 4;
  // Legend: each time point's shape and name.
  t.timePoints.forEach((tp, i) => {
    const x = A4.margin + i * 70;
    drawMarker(w, i, x + 4, top - 6);
    w.page.drawText(tp.value, { x: x + 12, y: top - 9, size: 9, font: w.regular, color: BLACK });
  });
  // The scale's levels above the grid (their number; the table below names them).
  t.scale.forEach((level) => {
    w.page.drawText(String(level.value), { x: xOf(level.rank) - 2.5, y: top - 9 - ROW, size: 8, font: w.regular, color: BLACK });
  });
  rows.forEach((sub, row) => {
    const y = top - (row + 2.6) * ROW;
    w.page.drawText(fitted(w, sub.title, 8, labelWidth - 8), { x: A4.margin, y: y - 3, size: 8, font: w.regular, color: BLACK });
    w.page.drawLine({ start: { x: xOf(0), y }, end: { x: xOf(levels - 1), y }, thickness: 0.5, color: GRID });
    const points = sub.ratings.flatMap((r, i) => (r?.rank != null ? [{ i, x: xOf(r.rank) }] : []));
    points.slice(1).forEach((p, n) => {
      w.page.drawLine({ start: { x: points[n]!.x, y }, end: { x: p.x, y }, thickness: 0.8, color: BLACK, dashArray: [2, 2] });
    });
    // Two time points on one level sit a little apart so both shapes show.
    points.forEach((p, n) => drawMarker(w, p.i, p.x + (points.slice(0, n).some((q) => q.x === p.x) ? 4 * n : 0), y));
  });
  w.y = top - (rows.length + 2.6) * ROW - 8;
}

function drawMarker(w: PdfWriter, timePoint: number, x: number, y: number) {
  if (timePoint % 3 === 0) w.page.drawCircle({ x, y, size: 3.5, borderColor: BLACK, borderWidth: 1 });
  else if (timePoint % 3 === 1) w.page.drawRectangle({ x: x - 3.5, y: y - 3.5, width: 7, height: 7, color: GREY, borderColor: BLACK, borderWidth: 0.5 });
  else w.page.drawSvgPath("M 0 -4.5 L 4.5 3.5 L -4.5 3.5 Z", { x, y, color: BLACK });
}

/** The text cut to fit one line (the table below gives the whole title). */
function fitted(w: PdfWriter, text: string, size: number, width: number): string {
  if (w.regular.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text.length;
  while (cut > 1 && w.regular.widthOfTextAtSize(`${text.slice(0, cut)}…`, size) > width) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}
