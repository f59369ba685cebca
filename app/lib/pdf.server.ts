import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, PDFName, PDFString, rgb, type PDFFont, type PDFPage } from "pdf-lib";

/**
 * The A4 documents Schedario makes (the family's consent receipt, a case's
 * triangle, its access report and the copy of its data for the family): DejaVu Sans embedded and subset to the glyphs used — pdf-lib's
 * standard fonts only know WinAnsi, and names and answers may hold any
 * letter —, a title and the language in the metadata, and a writer that lays
 * text out top to bottom over as many pages as it needs.
 */
const require = createRequire(import.meta.url);
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFonts() {
  fonts ??= Promise.all([
    readFile(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    readFile(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

/** A4 portrait, in points, with a 2 cm margin. */
export const A4 = { width: 595.28, height: 841.89, margin: 56 };

const INK = rgb(0.1, 0.1, 0.1);

/** One cell of a row: its text, where it starts (from the left margin) and how wide it may be. */
export interface PdfCell {
  text: string;
  x: number;
  width: number;
  bold?: boolean;
}

/** Lays out text top to bottom, starting a new page when one is full. */
export class PdfWriter {
  page: PDFPage;
  /** The baseline of the last line written; the next one goes below it. */
  y: number;
  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont
  ) {
    this.page = doc.addPage([A4.width, A4.height]);
    this.y = A4.height - A4.margin;
  }

  /** Width left between the margins. */
  get width(): number {
    return A4.width - 2 * A4.margin;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number) {
    if (this.y - height >= A4.margin) return;
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - A4.margin;
  }

  /** The document's name and "pagina N di M" at the foot of every page; call it last, when the pages are known. */
  numberPages(name: string) {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      page.drawText(`${name} · pagina ${i + 1} di ${pages.length}`, { x: A4.margin, y: A4.margin / 2, size: 8, font: this.regular, color: INK });
    });
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; gapAfter?: number; indent?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const width = this.width - (options.indent ?? 0);
    for (const line of wrap(text, font, size, width)) {
      this.ensureSpace(size * 1.35);
      this.y -= size * 1.35;
      this.page.drawText(line, { x: A4.margin + (options.indent ?? 0), y: this.y, size, font, color: INK });
    }
    this.y -= options.gapAfter ?? size * 0.6;
  }

  /** The height a row of these cells takes, wrapped in their widths. */
  rowHeight(cells: PdfCell[], size = 9): number {
    return Math.max(...cells.map((c) => wrap(c.text, c.bold ? this.bold : this.regular, size, c.width).length)) * size * 1.35;
  }

  /** A row of cells side by side, each wrapped in its width; the row moves to a new page whole. */
  row(cells: PdfCell[], options: { size?: number; rule?: boolean } = {}) {
    const size = options.size ?? 9;
    const lines = cells.map((c) => wrap(c.text, c.bold ? this.bold : this.regular, size, c.width));
    const height = Math.max(...lines.map((l) => l.length)) * size * 1.35;
    this.ensureSpace(height + 4);
    const top = this.y;
    cells.forEach((cell, i) => {
      lines[i]!.forEach((line, n) => {
        const font = cell.bold ? this.bold : this.regular;
        this.page.drawText(line, { x: A4.margin + cell.x, y: top - (n + 1) * size * 1.35, size, font, color: INK });
      });
    });
    this.y = top - height - 3;
    if (options.rule) {
      this.page.drawLine({ start: { x: A4.margin, y: this.y }, end: { x: A4.width - A4.margin, y: this.y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    }
    this.y -= 2;
  }
}

/** One column of a table: its heading and its share of the width between the margins (fractions adding up to 1). */
export interface PdfColumn {
  title: string;
  share: number;
}

/**
 * A table over as many pages as it needs: a bold heading row (unless
 * `heading: false`), repeated at the top of every page the table continues
 * on, then one ruled row per entry.
 */
export function drawTable(w: PdfWriter, columns: readonly PdfColumn[], rows: readonly string[][], options: { size?: number; heading?: boolean } = {}) {
  const size = options.size ?? 8.5;
  const gap = 6;
  const cellsOf = (texts: readonly string[], bold: boolean): PdfCell[] => {
    let x = 0;
    return columns.map((c, i) => {
      const width = c.share * w.width;
      const cell = { text: texts[i] ?? "", x, width: width - gap, bold };
      x += width;
      return cell;
    });
  };
  const heading = options.heading === false ? undefined : cellsOf(columns.map((c) => c.title), true);
  if (heading) {
    w.ensureSpace(w.rowHeight(heading, size) + size * 3 + 5);
    w.row(heading, { size, rule: true });
  }
  for (const texts of rows) {
    const cells = cellsOf(texts, false);
    if (w.y - w.rowHeight(cells, size) - 5 < A4.margin) {
      w.newPage();
      if (heading) w.row(heading, { size, rule: true });
    }
    w.row(cells, { size, rule: true });
  }
}

/** Greedy word wrap by measured width; a word longer than a line (a hash) is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

/**
 * A new A4 document with the fonts embedded, its title (shown by readers
 * instead of the file name) and its language in the metadata, as PDF/UA asks;
 * the content is not tagged: pdf-lib cannot write a structure tree (ADR 0016,
 * accessibility statement).
 */
export async function createPdf(meta: { title: string; createdAt?: Date }): Promise<PdfWriter> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const { regular, bold } = await loadFonts();
  const writer = new PdfWriter(doc, await doc.embedFont(regular, { subset: true }), await doc.embedFont(bold, { subset: true }));
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.catalog.set(PDFName.of("Lang"), PDFString.of("it-IT"));
  doc.setCreator("Schedario · Ambito Territoriale di Seregno");
  if (meta.createdAt) doc.setCreationDate(meta.createdAt);
  return writer;
}

/** A PDF as a download; the file name is made of a case code and plain words (no quotes to escape). */
export function pdfResponse(pdf: Uint8Array, fileName: string): Response {
  return new Response(Buffer.from(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
}

// Scripts the PDF cannot draw correctly: right-to-left ones (no shaping, no bidi) and those DejaVu Sans lacks (CJK).
const UNPRINTABLE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/;

/** Whether these PDFs draw the text as it is written (callers put a note in its place otherwise). */
export function isPrintable(text: string): boolean {
  return !UNPRINTABLE.test(text);
}
