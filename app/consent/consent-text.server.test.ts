import { describe, expect, it } from "vitest";
import { consentTextHash, consentTextOf, renderConsentText } from "./consent-text.server";

describe("renderConsentText", () => {
  it("renders headings, lists, emphasis and links", () => {
    const html = renderConsentText("# Titolo\n\n- uno\n- **due**\n\n[Garante](https://www.garanteprivacy.it)");
    expect(html).toContain("<h1>Titolo</h1>");
    expect(html).toContain("<li><strong>due</strong></li>");
    expect(html).toContain('<a href="https://www.garanteprivacy.it">Garante</a>');
  });

  it.each([
    ["a script element", "<script>alert(1)</script>", "<script"],
    ["an inline event handler", '<img src="x" onerror="alert(1)">', "<img"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>', "<iframe"],
    ["an inline style", '<p style="display:none">nascosto</p>', "<p style"],
  ])("shows %s as text, never as HTML", (_what, source, forbidden) => {
    const html = renderConsentText(`Testo\n\n${source}\n`);
    expect(html).not.toContain(forbidden);
    expect(html).toContain("&lt;");
  });

  it.each([
    ["javascript:", "[clicca](javascript:alert(1))"],
    ["JavaScript: in mixed case", "[clicca](JaVaScRiPt:alert(1))"],
    ["an encoded javascript:", "[clicca](javascript&#58;alert(1))"],
    ["vbscript:", "[clicca](vbscript:msgbox(1))"],
    ["a data: URL", "[clicca](data:text/html;base64,PHNjcmlwdD4=)"],
  ])("makes no link out of %s", (_what, source) => {
    const html = renderConsentText(source);
    expect(html).not.toContain("<a");
  });

  it("makes no image (they could call another site)", () => {
    expect(renderConsentText("![logo](https://evil.example/x.png)")).not.toContain("<img");
  });
});

describe("consentTextHash", () => {
  it("is the SHA-256 of the exact text, in hex", () => {
    // printf 'abc' | sha256sum
    expect(consentTextHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("changes with any change of the text, even one accent", () => {
    expect(consentTextHash("perché")).not.toBe(consentTextHash("perche"));
  });
});

describe("consentTextOf", () => {
  it("is the root description of the schema", () => {
    expect(consentTextOf({ description: "# Testo" })).toBe("# Testo");
    expect(consentTextOf({})).toBe("");
  });
});

describe("renderConsentText with a heading offset", () => {
  it("moves the text's headings under the page's own (at most h6)", () => {
    expect(renderConsentText("# Uno\n\n## Due\n\n###### Sei", 2)).toBe("<h3>Uno</h3>\n<h4>Due</h4>\n<h6>Sei</h6>\n");
  });
});
