import type { GeneratedBy } from "~/audit/case-access-pdf.server";
import { formatDateTime } from "~/lib/format-date";
import { createPdf, drawTable } from "~/lib/pdf.server";
import type { ReportTable } from "./report-model";

/**
 * The coordinators' report on A4 (ADR 0026): the same tables as the page,
 * counts already suppressed ("< 5"), each as a table — the charts' numbers are
 * the tables' —, with the scope line, who made it and when, and "pagina N di
 * M". Without links: the lists a figure opens stay on the screen.
 */
export async function reportPdf(
  heading: { period: string; service: string; comune: string; threshold: number },
  tables: readonly ReportTable[],
  by: GeneratedBy
): Promise<Uint8Array> {
  const title = "Report dei servizi";
  const w = await createPdf({ title: `${title} · ${heading.period}`, createdAt: by.at });
  w.paragraph("Ambito Territoriale di Seregno · Servizi per la tutela dei minori", { size: 9 });
  w.paragraph(title, { size: 16, bold: true, gapAfter: 6 });
  w.paragraph(`${heading.period} · ${heading.service} · ${heading.comune}`, { size: 11, bold: true, gapAfter: 2 });
  w.paragraph(`Documento preparato il ${formatDateTime(by.at)} da ${by.name}`, { size: 9, gapAfter: 2 });
  if (heading.threshold > 1) {
    w.paragraph(`Per proteggere i minori, i numeri da 1 a ${heading.threshold - 1} compaiono come «< ${heading.threshold}».`, { size: 9, gapAfter: 8 });
  }
  for (const table of tables) {
    w.ensureSpace(90);
    w.y -= 6;
    w.paragraph(table.title, { size: 12, bold: true, gapAfter: 2 });
    w.paragraph(table.description, { size: 8.5, gapAfter: 4 });
    if (table.rows.length) {
      // The label takes what the figures leave, at least a fifth of the line; many columns get a smaller type so headings fit.
      const many = table.columns.length > 5;
      const labelShare = Math.max(0.2, 1 - 0.16 * table.columns.length);
      drawTable(
        w,
        [{ title: "Voce", share: labelShare }, ...table.columns.map((c) => ({ title: c, share: (1 - labelShare) / table.columns.length }))],
        table.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]),
        { size: many ? 7.5 : 8.5 }
      );
    }
    for (const note of table.notes) w.paragraph(note, { size: 8.5, gapAfter: 2 });
  }
  w.numberPages(`${title} · ${heading.period}`);
  return w.doc.save();
}
