import { formatDateTime } from "~/lib/format-date";
import { createPdf, drawTable, type PdfWriter } from "~/lib/pdf.server";
import type { CaseAccessEvent, ReportCase } from "./case-access.server";

/** Who made a document and when: printed in its heading. */
export interface GeneratedBy {
  name: string;
  at: Date;
}

/**
 * The access report of a case on A4, to hand to the family (Garante: a
 * person may ask who accessed their record): the case, the period the events
 * cover, who made the document and when, then one row per event, oldest
 * first — when, who and in which role, what (in Italian), what it was about.
 * No addresses or e-mails of the workers, and other cases a list showed only
 * counted.
 */
export async function caseAccessReportPdf(found: ReportCase, events: readonly CaseAccessEvent[], by: GeneratedBy): Promise<Uint8Array> {
  const title = `Chi ha consultato la cartella ${found.code}`;
  const w = await createPdf({ title, createdAt: by.at });
  documentHeading(w, title, found, by);
  writeAccessEvents(w, found, events);
  w.numberPages(title);
  return w.doc.save();
}

/** The heading every case document starts with: the Ambito, the title, the case, who made it and when. */
export function documentHeading(w: PdfWriter, title: string, found: Pick<ReportCase, "code" | "service" | "comune">, by: GeneratedBy) {
  w.paragraph("Ambito Territoriale di Seregno · Servizi per la tutela dei minori", { size: 9 });
  w.paragraph(title, { size: 16, bold: true, gapAfter: 6 });
  w.paragraph(`Cartella ${found.code} · ${found.service}${found.comune ? ` · ${found.comune}` : ""}`, { size: 10, gapAfter: 2 });
  w.paragraph(`Documento preparato il ${formatDateTime(by.at)} da ${by.name}`, { size: 9, gapAfter: 8 });
}

/**
 * The events as a table, oldest first, preceded by the period they cover;
 * shared by the access report and the copy of all the case's data.
 */
export function writeAccessEvents(
  w: PdfWriter,
  found: Pick<ReportCase, "code" | "service" | "comune">,
  newestFirst: readonly Pick<CaseAccessEvent, "occurredAt" | "actor" | "role" | "label" | "object" | "place" | "details">[],
) {
  // The heading names the case, its service and comune once: rows say only what differs.
  const sameCase = new Set([`Cartella ${found.code}`, [found.service, found.comune].filter(Boolean).join(" · ")]);
  const events = [...newestFirst].reverse();
  if (!events.length) {
    w.paragraph("Nessun accesso registrato.");
    return;
  }
  w.paragraph(`Periodo: dal ${formatDateTime(events[0]!.occurredAt)} al ${formatDateTime(events.at(-1)!.occurredAt)} · ${events.length === 1 ? "un evento" : `${events.length} eventi`}, dal più vecchio.`, { size: 9, gapAfter: 2 });
  w.paragraph(
    "Ogni apertura della cartella e delle sue schede, elenco ed esportazione che l'ha mostrata, PDF e modifica: chi, quando, con quale ruolo nel servizio della cartella (il ruolo di oggi), che cosa.",
    { size: 9, gapAfter: 6 },
  );
  drawTable(
    w,
    [
      { title: "Quando", share: 0.15 },
      { title: "Chi e con quale ruolo", share: 0.22 },
      { title: "Che cosa", share: 0.3 },
      { title: "Su che cosa e dettagli", share: 0.33 },
    ],
    events.map((e) => [
      formatDateTime(e.occurredAt),
      e.role ? `${e.actor} — ${e.role}` : e.actor,
      e.label,
      [e.object, e.place, ...e.details].filter((text) => text && !sameCase.has(text)).join(" · ") || "Questa cartella",
    ]),
  );
}
