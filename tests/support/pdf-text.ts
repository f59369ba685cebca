import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from "pdf-lib";

/**
 * The text drawn on every page of a PDF that Schedario made, read back through
 * each embedded font's ToUnicode map (pdf-lib writes text as glyph ids, so the
 * bytes alone do not show it). Lines in drawing order, joined by newlines.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const decode = (stream: unknown) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString("latin1");
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()!.lookup(PDFName.of("Font"), PDFDict);
    const maps = new Map<string, Map<string, string>>();
    for (const [name, ref] of fonts.entries()) {
      const font = doc.context.lookup(ref as PDFRef, PDFDict);
      const cmap = decode(font.lookup(PDFName.of("ToUnicode")));
      const map = new Map<string, string>();
      for (const [, glyph, unicode] of cmap.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        map.set(glyph!.toUpperCase(), Buffer.from(unicode!, "hex").swap16().toString("utf16le"));
      }
      maps.set(name.asString(), map);
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    let map = new Map<string, string>();
    for (const stream of streams) {
      for (const [, font, hex] of decode(stream).matchAll(/(\/\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj/g)) {
        if (font) map = maps.get(font) ?? new Map();
        else lines.push((hex!.toUpperCase().match(/.{4}/g) ?? []).map((g) => map.get(g) ?? "?").join(""));
      }
    }
  }
  return lines.join("\n");
}
