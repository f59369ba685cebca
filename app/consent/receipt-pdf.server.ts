import { createPdf, isPrintable } from "~/lib/pdf.server";
import { formatFamilyDateTime, languageInfo } from "./family-language";
import { answerItems } from "./consent-form";
import type { FamilyConsent } from "./family-consent.server";

/**
 * The receipt a family downloads, as PDF bytes: the consent text they read,
 * their answers, the time and the hash of the text, on the shared A4 layout
 * (app/lib/pdf.server.ts).
 */
export async function consentReceiptPdf(consent: FamilyConsent): Promise<Uint8Array> {
  const answer = consent.answer;
  if (!answer) throw new Error("consentReceiptPdf: the request has no answer");
  const w = await createPdf({ title: `Ricevuta · ${consent.italianFormTitle}`, createdAt: answer.answeredAt });
  const doc = w.doc;
  // Also in the metadata, where a program (or a test) can read it without parsing the page.
  doc.setSubject(`Impronta SHA-256 del testo letto: ${answer.translationHash ?? answer.textHash}`);
  doc.setKeywords([answer.textHash, ...(answer.translationHash ? [answer.translationHash] : []), `lingua:${answer.language}`]);

  w.paragraph("Ambito Territoriale di Seregno · Servizi per la tutela dei minori", { size: 9 });
  w.paragraph(`Ricevuta · ${consent.italianFormTitle}`, { size: 16, bold: true, gapAfter: 10 });
  const outcome =
    consent.status === "withdrawn"
      ? `Consenso ritirato il ${formatFamilyDateTime("it", answer.withdrawnAt!)}`
      : consent.status === "declined"
        ? "Risposta: non acconsento"
        : "Risposta registrata";
  w.paragraph(outcome, { bold: true });
  w.paragraph(`Risposta inviata il ${formatFamilyDateTime("it", answer.answeredAt)}`);
  w.paragraph(`Modulo: ${consent.italianFormTitle}, versione ${consent.formVersion}`);
  // The PDF is always in Italian (ADR 0023): pdf-lib neither shapes Arabic nor orders right-to-left text, and the
  // embedded font has no Chinese. A translation signed is named, with its own hash beside the original's.
  if (answer.translationHash && consent.translation) {
    w.paragraph(`Lingua in cui ha letto e firmato: ${languageInfo(answer.language).italianName} (traduzione approvata, versione ${consent.translation.version})`);
    w.paragraph(`Impronta del testo tradotto letto (SHA-256): ${answer.translationHash}`);
    w.paragraph(`Impronta del testo originale in italiano (SHA-256): ${answer.textHash}`, { gapAfter: 12 });
  } else {
    w.paragraph("Lingua in cui ha letto e firmato: italiano");
    w.paragraph(`Impronta del testo letto (SHA-256): ${answer.textHash}`, { gapAfter: 12 });
  }

  w.paragraph("Le risposte", { size: 13, bold: true });
  for (const item of answerItems(consent.italianQuestions, answer.data)) {
    w.paragraph(item.title, { bold: true, gapAfter: 1 });
    w.paragraph(printable(item.value), { indent: 12 });
  }

  w.paragraph(answer.translationHash ? "Il testo originale in italiano" : "Il testo letto", { size: 13, bold: true, gapAfter: 8 });
  for (const block of markdownBlocks(consent.italianText)) w.paragraph(block.text, { bold: block.heading, size: block.heading ? 11 : 10 });
  return doc.save();
}

/** What the family wrote, or a note where the PDF could only draw broken letters. */
function printable(value: string): string {
  return isPrintable(value) ? value : "(scritto in un alfabeto che questo PDF non riproduce: si legge nella ricevuta sulla pagina del consenso)";
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
