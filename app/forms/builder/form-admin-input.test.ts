import { describe, expect, it } from "vitest";
import {
  importedMessage,
  readBundleUpload,
  readDuplicateInput,
  readFormMetaInput,
  readFormPageQuery,
  readFormServicesInput,
  readRetireInput,
  retirableVersion,
} from "./form-admin-input";

function post(entries: [string, string | File][]): FormData {
  const fields = new FormData();
  for (const [name, value] of entries) fields.append(name, value);
  return fields;
}

describe("the form page's posts", () => {
  it("reads title and kind as typed, absent fields as empty", () => {
    expect(readFormMetaInput(post([["title", " Verbale "], ["kind", "other"]]))).toEqual({ title: " Verbale ", kind: "other" });
    expect(readFormMetaInput(post([]))).toEqual({ title: "", kind: "" });
  });

  it("reads every ticked service, and none", () => {
    expect(readFormServicesInput(post([["services", "spazio-neutro"], ["services", "tutela-minori"]]))).toEqual(["spazio-neutro", "tutela-minori"]);
    expect(readFormServicesInput(post([]))).toEqual([]);
  });

  it("reads what to duplicate", () => {
    expect(readDuplicateInput(post([["version", "bozza"], ["slug", "copia"], ["title", "Copia"]]))).toEqual({ version: "bozza", slug: "copia", title: "Copia" });
  });

  it("reads an uploaded bundle with its options, and no file as empty text", async () => {
    const file = new File(['{"schema":{}}'], "modulo.json", { type: "application/json" });
    expect(await readBundleUpload(post([["bundle", file], ["replaceDraft", "si"]]))).toEqual({
      text: '{"schema":{}}',
      fileName: "modulo.json",
      replaceDraft: true,
      titlesFromKeys: false,
    });
    expect(await readBundleUpload(post([["bundle", "non un file"], ["titlesFromKeys", "si"]]))).toEqual({ text: "", fileName: "", replaceDraft: false, titlesFromKeys: true });
  });

  it("retires only with the confirmation", () => {
    expect(readRetireInput(post([["version", "2"], ["confirm", "si"]]))).toEqual({ version: 2, errors: {} });
    expect(readRetireInput(post([["version", "2"]]))).toEqual({ version: 2, errors: { form: "Conferma il ritiro della versione." } });
  });
});

describe("the form page's query", () => {
  const query = (q: string) => readFormPageQuery(new URLSearchParams(q));

  it("compares only when both versions are named", () => {
    expect(query("da=1&a=bozza").compare).toEqual({ from: "1", to: "bozza" });
    expect(query("da=1").compare).toBeNull();
  });

  it("says what the redirect did", () => {
    expect(query("duplicato=1").notice).toBe("Modulo duplicato: la bozza è una copia della versione scelta.");
    expect(query("ritirata=2").notice).toBe("Versione 2 ritirata: non si possono più creare schede con essa, quelle esistenti restano.");
    expect(query("pubblicata=3").notice).toBe("Versione 3 pubblicata.");
    expect(query("").notice).toBeNull();
  });

  it("asks to confirm retiring only a published version of the history", () => {
    const history = [
      { version: null, status: "draft" },
      { version: 2, status: "published" },
      { version: 1, status: "retired" },
    ];
    expect(retirableVersion(history, query("ritira=2").retire)).toBe(2);
    expect(retirableVersion(history, query("ritira=1").retire)).toBeNull();
    expect(retirableVersion(history, query("").retire)).toBeNull();
  });
});

describe("importedMessage", () => {
  it("names the file, and the titles made from keys", () => {
    expect(importedMessage("modulo.json", [])).toBe("Pacchetto «modulo.json» importato nella bozza.");
    expect(importedMessage("modulo.json", [{ title: "Luogo nascita" }, { title: "Data" }])).toBe(
      "Pacchetto «modulo.json» importato nella bozza. Titoli presi dal nome del campo, da rivedere nell'editor: «Luogo nascita», «Data».",
    );
  });
});
