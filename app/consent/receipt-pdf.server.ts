import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatFamilyDateTime } from "./family-language";
import { answerLabel } from "./consent-form";
import type { FamilyConsent } from "./family-consent.server";

/**
 * The receipt a family downloads: the consent text they read, their answers,
 * the time and the hash of the text. pdf-lib's standard fonts only know
 * WinAnsi; DejaVu Sans (embedded, subset to the glyphs used) also covers
 * names and answers outside Latin-1, not only Italian accents.
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

const PAGE = { width: 595.28, height: 841.89, margin: 56 };

/** Lays out lines top to bottom, starting a new page when one is full. */
class Writer {
  private page: PDFPage;
  private y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont
  ) {
    this.page = doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; gapAfter?: number; indent?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const width = PAGE.width - 2 * PAGE.margin - (options.indent ?? 0);
    for (const line of wrap(text, font, size, width)) {
      if (this.y - size < PAGE.margin) {
        this.page = this.doc.addPage([PAGE.width, PAGE.height]);
        this.y = PAGE.height - PAGE.margin;
      }
      this.y -= size * 1.35;
      this.page.drawText(line, { x: PAGE.margin + (options.indent ?? 0), y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
    this.y -= options.gapAfter ?? size * 0.6;
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

/** The receipt of an answered consent request, as PDF bytes. */
export async function consentReceiptPdf(consent: FamilyConsent): Promise<Uint8Array> {
  const answer = consent.answer;
  if (!answer) throw new Error("consentReceiptPdf: the request has no answer");
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const { regular, bold } = await loadFonts();
  const w = new Writer(doc, await doc.embedFont(regular, { subset: true }), await doc.embedFont(bold, { subset: true }));
  doc.setTitle(`Ricevuta · ${consent.formTitle}`);
  doc.setCreator("Schedario · Ambito Territoriale di Seregno");
  doc.setCreationDate(answer.answeredAt);
  // Also in the metadata, where a program (or a test) can read it without parsing the page.
  doc.setSubject(`Impronta SHA-256 del testo letto: ${answer.textHash}`);
  doc.setKeywords([answer.textHash]);

  w.paragraph("Ambito Territoriale di Seregno · Servizi per la tutela dei minori", { size: 9 });
  w.paragraph(`Ricevuta · ${consent.formTitle}`, { size: 16, bold: true, gapAfter: 10 });
  const outcome =
    consent.status === "withdrawn"
      ? `Consenso ritirato il ${formatFamilyDateTime("it", answer.withdrawnAt!)}`
      : consent.status === "declined"
        ? "Risposta: non acconsento"
        : "Risposta registrata";
  w.paragraph(outcome, { bold: true });
  w.paragraph(`Risposta inviata il ${formatFamilyDateTime("it", answer.answeredAt)}`);
  w.paragraph(`Modulo: ${consent.formTitle}, versione ${consent.formVersion}`);
  w.paragraph(`Impronta del testo letto (SHA-256): ${answer.textHash}`, { gapAfter: 12 });

  w.paragraph("Le risposte", { size: 13, bold: true });
  for (const q of consent.questions) {
    if (!(q.name in answer.data)) continue;
    w.paragraph(q.title, { bold: true, gapAfter: 1 });
    w.paragraph(answerLabel(consent, q.name, answer.data[q.name]), { indent: 12 });
  }

  w.paragraph("Il testo letto", { size: 13, bold: true, gapAfter: 8 });
  for (const block of markdownBlocks(consent.text)) w.paragraph(block.text, { bold: block.heading, size: block.heading ? 11 : 10 });
  return doc.save();
}

/** Markdown as plain paragraphs for the PDF: headings in bold, list items with a bullet, emphasis marks dropped. */
function markdownBlocks(text: string): { text: string; heading: boolean }[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const heading = /^#{1,6}\s/.test(line);
      const plain = line
        .replace(/^#{1,6}\s+/, "")
        .replace(/^[-*]\s+/, "• ")
        .replace(/\*\*([^*]+)\*\*/g, "$1")
        .replace(/\*([^*]+)\*/g, "$1")
        .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1");
      return { text: plain, heading };
    });
}
