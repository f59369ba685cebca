import { describe, expect, it } from "vitest";
import { pdfText } from "../../tests/support/pdf-text";
import { createPdf, drawTable, isPrintable } from "./pdf.server";

describe("drawTable", () => {
  it("continues over pages, repeating its heading on each, and numbers every page", async () => {
    const w = await createPdf({ title: "Prova" });
    w.paragraph("Titolo del documento", { size: 16, bold: true });
    const rows = Array.from({ length: 120 }, (_, i) => [`riga ${i + 1}`, "un testo abbastanza lungo da andare a capo in una colonna stretta"]);
    drawTable(w, [{ title: "Numero", share: 0.3 }, { title: "Descrizione", share: 0.7 }], rows);
    w.numberPages("Prova");
    const pages = w.doc.getPageCount();
    expect(pages).toBeGreaterThan(2);
    const text = await pdfText(await w.doc.save());
    expect(text.match(/^Numero$/gm)).toHaveLength(pages);
    expect(text).toContain(`Prova · pagina ${pages} di ${pages}`);
    // Every row is there, once, in order.
    const numbers = [...text.matchAll(/^riga (\d+)$/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(rows.map((_, i) => i + 1));
  });

  it("writes no heading row when told not to", async () => {
    const w = await createPdf({ title: "Prova" });
    drawTable(w, [{ title: "Campo", share: 0.4 }, { title: "Valore", share: 0.6 }], [["Nome", "Maria"]], { heading: false });
    const text = await pdfText(await w.doc.save());
    expect(text).not.toContain("Campo");
    expect(text).toContain("Maria");
  });
});

describe("isPrintable", () => {
  it.each([
    ["Niccolò Çelik, Łódź", true],
    ["مرحبا", false],
    ["你好", false],
  ])("%s → %s", (text, printable) => {
    expect(isPrintable(text)).toBe(printable);
  });
});
