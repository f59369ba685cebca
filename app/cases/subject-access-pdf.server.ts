import { documentHeading, writeAccessEvents } from "~/audit/case-access-pdf.server";
import { formatDate, formatDateTime } from "~/lib/format-date";
import { createPdf, drawTable, isPrintable, type PdfWriter } from "~/lib/pdf.server";
import type { SubjectAccessBundle } from "./subject-access.server";

/**
 * The subject-access bundle on A4, for a family to read: Italian headings,
 * every field by its title and every answer in words (the bundle's
 * `fields`, never its keys or codes), dates in Italian, one section per kind
 * of data, then who consulted the case. The JSON bundle handed over with it
 * is the complete, machine-readable copy.
 */
export async function subjectAccessPdf(bundle: SubjectAccessBundle): Promise<Uint8Array> {
  const c = bundle.case;
  const title = `Copia dei dati della cartella ${c.code}`;
  const generatedAt = new Date(bundle.generatedAt);
  const w = await createPdf({ title, createdAt: generatedAt });
  const heading = { code: c.code, service: c.service.name, comune: c.comune?.name ?? null };
  documentHeading(w, title, heading, { name: bundle.generatedBy.name, at: generatedAt });
  w.paragraph(
    "Tutti i dati che i servizi conservano in Schedario su questa cartella, come chiesto dall'interessato (art. 15 del Regolamento UE 2016/679): la cartella, le schede con ogni loro versione, i consensi, i provvedimenti dell'autorità giudiziaria e chi ha consultato la cartella. La stessa copia in formato JSON, leggibile da un programma, è consegnata insieme a questo documento.",
    { size: 9, gapAfter: 10 },
  );

  section(w, "La cartella");
  pairs(w, [
    ["Codice", c.code],
    ["Riferimento del minore (pseudonimo)", c.minorRef],
    ["Servizio", c.service.name],
    ["Comune", c.comune?.name ?? "—"],
    ["Aperta il", `${formatDateTime(c.openedAt)} da ${c.openedBy}`],
    ["Chiusa il", c.closedAt ? formatDateTime(c.closedAt) : "non chiusa"],
  ]);

  section(w, "Le schede");
  if (!bundle.submissions.length) w.paragraph("Nessuna scheda.");
  for (const s of bundle.submissions) {
    w.ensureSpace(80);
    w.paragraph(`${s.form.title} (versione ${s.form.version} del modulo) · scheda n. ${s.id}`, { size: 12, bold: true, gapAfter: 2 });
    w.paragraph(`Stato: ${s.statusLabel} · creata il ${formatDateTime(s.createdAt)} da ${s.createdBy} · ${count(s.revisions.length, "versione", "versioni")}`, { size: 9, gapAfter: 4 });
    for (const r of s.revisions) {
      w.ensureSpace(50);
      w.paragraph(`Versione ${r.revision} · ${r.statusLabel} · ${formatDateTime(r.createdAt)} · ${r.author}`, { size: 10, bold: true, gapAfter: 2 });
      if (r.reason) w.paragraph(`Motivo della rettifica: ${printable(r.reason)}`, { size: 9, gapAfter: 2 });
      if (!r.fields.length) w.paragraph("Nessun campo compilato.", { size: 9 });
      else pairs(w, r.fields.map((f) => [f.label.join(" › "), `${printable(f.value)}${f.computed ? " (calcolato automaticamente)" : ""}`]));
      w.y -= 4;
    }
  }

  section(w, "Le richieste di consenso inviate alla famiglia");
  if (!bundle.consentRequests.length) w.paragraph("Nessuna richiesta.");
  for (const r of bundle.consentRequests) {
    w.ensureSpace(80);
    w.paragraph(`${r.form.title} (versione ${r.form.version}) · richiesta n. ${r.id} · ${r.statusLabel}`, { size: 11, bold: true, gapAfter: 2 });
    pairs(w, [
      ["Destinatario", `${r.recipient.name}${r.recipient.relationshipLabel ? ` (${r.recipient.relationshipLabel})` : ""}${r.recipient.email ? ` · ${r.recipient.email}` : ""}`],
      ["Creata", `${formatDateTime(r.createdAt)} da ${r.createdBy}`],
      ["Valida fino al", formatDateTime(r.expiresAt)],
      ...(r.revokedAt ? [["Annullata", `${formatDateTime(r.revokedAt)}${r.revokedBy ? ` da ${r.revokedBy}` : ""}`] as [string, string]] : []),
      ...(r.replacesId ? [["Sostituisce la richiesta", `n. ${r.replacesId}`] as [string, string]] : []),
      ...(r.answer
        ? ([
            ["Risposta data il", formatDateTime(r.answer.answeredAt)],
            ["Lingua in cui ha letto e firmato", r.answer.languageName],
            ...r.answer.purposes.map((p) => [p.title, p.label] as [string, string]),
            ["Impronta del testo letto (SHA-256)", r.answer.translationHash ? `${r.answer.translationHash} (traduzione); originale ${r.answer.textHash}` : r.answer.textHash],
            ["Dispositivo", [r.answer.clientAddress, r.answer.userAgent].filter(Boolean).join(" · ") || "—"],
            ["Risposte complete", `nella scheda n. ${r.answer.submissionId} (sopra)`],
          ] as [string, string][])
        : [["Risposta", "nessuna"] as [string, string]]),
    ]);
    w.y -= 4;
  }

  section(w, "I consensi firmati su carta");
  if (!bundle.paperConsents.length) w.paragraph("Nessun consenso su carta.");
  for (const p of bundle.paperConsents) {
    w.ensureSpace(60);
    w.paragraph(`${p.form.title} (versione ${p.form.version}) · firmato il ${formatDate(p.signedOn)}`, { size: 11, bold: true, gapAfter: 2 });
    pairs(w, [
      ["Firmato da", `${printable(p.signerName)} (${p.relationshipLabel})`],
      ...p.answers.map((a) => [a.title, a.label] as [string, string]),
      ["Testimone", p.witness],
      ["Registrato", `${formatDateTime(p.recordedAt)} da ${p.recordedBy}`],
      ...(p.note ? [["Nota", printable(p.note)] as [string, string]] : []),
    ]);
    w.y -= 4;
  }

  section(w, "Eccezioni dichiarate sul consenso dei genitori");
  if (!bundle.consentExceptions.length) w.paragraph("Nessuna eccezione.");
  else pairs(w, bundle.consentExceptions.map((e) => [`${formatDateTime(e.recordedAt)} · ${e.recordedBy}`, `${e.kindLabel}. ${printable(e.note)}`]));

  section(w, "Provvedimenti dell'autorità giudiziaria e scadenze");
  if (!bundle.courtOrders.length) w.paragraph("Nessun provvedimento.");
  for (const o of bundle.courtOrders) {
    w.ensureSpace(60);
    w.paragraph(`${o.orderTypeLabel} · ${o.authorityLabel} · R.G. ${o.docketNumber} del ${formatDate(o.issuedOn)}`, { size: 11, bold: true, gapAfter: 2 });
    pairs(w, [
      ["Che cosa chiede al servizio", printable(o.duties)],
      ["Registrato", `${formatDateTime(o.createdAt)} da ${o.createdBy}`],
      ...o.deadlines.map(
        (d) =>
          [
            `Relazione da inviare entro il ${formatDate(d.dueOn)}`,
            d.reportSubmissionId ? `inviata: scheda n. ${d.reportSubmissionId}${d.reportLinkedAt ? `, collegata il ${formatDateTime(d.reportLinkedAt)}` : ""}` : "non ancora inviata",
          ] as [string, string],
      ),
    ]);
    w.y -= 4;
  }

  section(w, "Blocchi legali e conservazione");
  if (!bundle.legalHolds.length && !bundle.deletionProposals.length) w.paragraph("Nessun blocco legale e nessuna proposta di eliminazione.");
  pairs(w, [
    ...bundle.legalHolds.map((h): [string, string] => [
      `Blocco legale dal ${formatDateTime(h.setAt)} (${h.setBy})`,
      `${printable(h.reason)}${h.releasedAt ? ` · revocato il ${formatDateTime(h.releasedAt)}${h.releasedBy ? ` da ${h.releasedBy}` : ""}` : " · in vigore"}`,
    ]),
    ...bundle.deletionProposals.map((d): [string, string] => [
      `Proposta di eliminazione del ${formatDateTime(d.proposedAt)} (${d.proposedBy})`,
      `conservazione scaduta il ${formatDate(d.dueOn)}; ${d.statusLabel}${d.decidedAt ? ` il ${formatDateTime(d.decidedAt)}${d.decidedBy ? ` da ${d.decidedBy}` : ""}` : ""}`,
    ]),
  ]);

  section(w, "Chi ha consultato la cartella");
  writeAccessEvents(w, heading, [...bundle.accessLog].reverse());
  w.numberPages(title);
  return w.doc.save();
}

function section(w: PdfWriter, title: string) {
  w.ensureSpace(70);
  w.y -= 6;
  w.paragraph(title, { size: 14, bold: true, gapAfter: 4 });
}

/** Label and value side by side, as a two-column table without headings. */
function pairs(w: PdfWriter, rows: [string, string][]) {
  drawTable(w, [{ title: "", share: 0.38 }, { title: "", share: 0.62 }], rows, { heading: false });
}

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** Text as written, or a note where the PDF could only draw broken letters (the JSON copy keeps it). */
function printable(text: string): string {
  return isPrintable(text) ? text : "(scritto in un alfabeto che questo PDF non riproduce: si legge nella copia in formato JSON)";
}
