import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateLargeForm } from "../support/large-form";
import { simpleSchema } from "../support/forms";
import { runCliProcess } from "../support/run-cli";
import { createCliTestDatabase, type CliTestDatabase } from "../support/test-database";

let db: CliTestDatabase;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createCliTestDatabase();
  ({ dir, env } = db);
});
afterAll(() => db.destroy());

/** Writes a file in the test folder and returns its path. */
async function file(name: string, content: unknown): Promise<string> {
  const target = path.join(dir, name);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return target;
}

const cli = (...args: string[]) => runCliProcess(args, { env });
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe("forms lint", () => {
  it("accepts a built-in form folder and a generated 500-field form", async () => {
    const folder = await cli("forms", "lint", "schemas/mondo-del-bambino");
    expect(folder).toMatchObject({ code: 0, stderr: "" });
    expect(folder.stdout.trim()).toBe("schemas/mondo-del-bambino: no problems");
    const large = await cli("forms", "lint", await file("grande.json", generateLargeForm(500)));
    expect(large.code).toBe(0);
  });

  const deep = (levels: number): unknown => (levels === 0 ? { type: "string", title: "Foglia" } : { type: "object", title: "Livello", properties: { x: deep(levels - 1) } });
  it.each([
    { what: "invalid JSON", content: '{\n  "type": "object",\n  "title": }', out: "", err: /^forms lint: .*rotto\.json: JSON non valido alla riga 3, colonna 12: carattere inatteso "}"$/ },
    { what: "a schema that is not an object", content: "[1, 2]", out: "schema#: lo schema deve essere un oggetto JSON ({ … })" },
    { what: "an unknown type", content: { type: "object", title: "M", properties: { a: { type: "testo", title: "A" } } }, out: 'schema#/properties/a/type: tipo sconosciuto "testo": usare string, number, integer, boolean, object, array o null' },
    { what: "a remote $ref", content: { type: "object", title: "M", properties: { a: { $ref: "https://example.org/x.json", title: "A" } } }, out: /^schema#\/properties\/a\/\$ref: riferimento remoto non ammesso/ },
    {
      what: "a $ref cycle",
      content: { type: "object", title: "M", definitions: { a: { $ref: "#/definitions/b" }, b: { $ref: "#/definitions/a" } }, properties: { x: { $ref: "#/definitions/a", title: "X" } } },
      out: /^schema#\/definitions\/[ab]\/\$ref: riferimento ricorsivo/,
    },
    { what: "a catastrophic regex", content: { type: "object", title: "M", properties: { a: { type: "string", title: "A", pattern: "^(a+)+$" } } }, out: /^schema#\/properties\/a\/pattern: espressione regolare esposta a backtracking catastrofico/ },
    { what: "too deep a schema", content: { type: "object", title: "M", properties: { a: deep(30) } }, out: /annidamento troppo profondo \(massimo 40 livelli\)$/ },
    { what: "too many fields", content: generateLargeForm(2500), out: "schema#: troppi campi (2510, massimo 2000)" },
    { what: "a missing title", content: { type: "object", title: "M", properties: { cognome: { type: "string" } } }, out: 'schema#/properties/cognome: il campo "cognome" non ha un titolo ("title")' },
    {
      what: "a uiSchema naming a missing field",
      content: { slug: "con-ui", title: "Con UI", kind: "report", schema: simpleSchema(), uiSchema: { dataIncontro: {}, luogo: { "ui:widget": "textarea" } } },
      out: 'ui#/luogo: il campo "luogo" non esiste nello schema',
    },
  ])("refuses $what with exit code 1 and no stack trace", async ({ content, out, err }) => {
    const result = await cli("forms", "lint", await file("rotto.json", content));
    expect(result.code).toBe(1);
    noStackTrace(result.stderr);
    if (out) expect(result.stdout.trim().split("\n")[0]).toMatch(out instanceof RegExp ? out : new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    expect(result.stderr.trim()).toMatch(err ?? /^forms lint: \d+ problems? found$/);
  });

  it("refuses a missing file in one line", async () => {
    const result = await cli("forms", "lint", "non/esiste.json");
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("forms lint: non/esiste.json: file o cartella inesistente");
  });
});

describe("forms validate / import / list / export / diff", () => {
  it("validates data against a file and prints exactly the JSON contract", async () => {
    const schema = await file("verbale.json", simpleSchema());
    const bad = await cli("forms", "validate", schema, await file("dati-vuoti.json", {}));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ valid: false, errors: [{ path: "/dataIncontro", message: "Data dell'incontro: campo obbligatorio" }] });
    expect(bad.stderr.trim()).toBe("forms validate: the data is not valid (1 error)");
    const good = await cli("forms", "validate", schema, await file("dati.json", { dataIncontro: "2026-11-25" }));
    expect(good).toMatchObject({ code: 0, stderr: "" });
    expect(good.stdout.trim()).toBe('{"valid":true,"errors":[]}');
  });

  it("reports invalid data JSON by line and column", async () => {
    const result = await cli("forms", "validate", await file("verbale.json", simpleSchema()), await file("dati-rotti.json", '{"dataIncontro": 2026-11-25}'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/dati-rotti\.json: JSON non valido alla riga 1, colonna 22: carattere inatteso "-"$/);
  });

  it("imports, publishes, lists, diffs and exports a form", async () => {
    const v1 = await file("verbale-prova.json", simpleSchema());
    const imported = await cli("forms", "import", v1, "--publish", "--services", "spazio-neutro,affidi");
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim()).toBe("verbale-prova: published version 1");
    expect((await cli("forms", "import", v1, "--publish")).stdout.trim()).toBe("verbale-prova: unchanged (version 1 has the same content)");

    const v2 = await file(
      "v2/verbale-prova.json",
      simpleSchema({ durata: { type: "integer", title: "Durata (minuti)", minimum: 0, maximum: 600 } }),
    );
    expect((await cli("forms", "import", v2)).stdout.trim()).toBe("verbale-prova: saved draft");
    expect((await cli("forms", "import", v2, "--publish")).stdout.trim()).toBe("verbale-prova: published version 2");

    const list = await cli("forms", "list");
    expect(list.stdout).toMatch(/^verbale-prova\s+other\s+v2\s+Verbale di prova\s+\[affidi, spazio-neutro\]$/m);

    const diff = await cli("forms", "diff", "verbale-prova", "1", "2");
    expect(diff.stdout.trim()).toBe("+ /durata  Durata (minuti): numero intero");

    const exported = await cli("forms", "export", "verbale-prova@1");
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ slug: "verbale-prova", kind: "other", version: 1, schema: simpleSchema(), uiSchema: {} });

    // An exported bundle imports back as the same content.
    const latest = await file("esportato.json", (await cli("forms", "export", "verbale-prova")).stdout);
    expect((await cli("forms", "import", latest, "--publish")).stdout.trim()).toBe("verbale-prova: unchanged (version 2 has the same content)");

    const valid = await cli("forms", "validate", "verbale-prova@2", await file("dati-durata.json", { dataIncontro: "2026-11-25", durata: 700 }));
    expect(JSON.parse(valid.stdout)).toEqual({ valid: false, errors: [{ path: "/durata", message: "Durata (minuti): deve essere <= 600" }] });
  }, 240_000); // a dozen CLI processes in a row, each linting and publishing: minutes on a loaded 2-core machine

  it.each([
    { args: ["forms", "validate", "nessun-modulo", "package.json"], err: 'forms validate: il modulo "nessun-modulo" non ha versioni pubblicate' },
    { args: ["forms", "export", "verbale-prova@9"], err: 'forms export: il modulo "verbale-prova" non ha la versione 9' },
    { args: ["forms", "diff", "verbale-prova", "1", "x"], err: 'forms diff: "x" is not a version number' },
  ])("refuses $args in one line", async ({ args, err }) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(err);
  });

  it("import --titles-from-keys fills missing titles from the keys and says which; without it the same file is refused", async () => {
    const schema = { type: "object", title: "Da altrove", properties: { dataNascita: { type: "string", format: "date" }, esito: { type: "string", oneOf: [{ const: "si" }, { const: "no", title: "No" }] } } };
    const source = await file("da-altrove.json", schema);
    const refused = await cli("forms", "import", source);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('schema#/properties/dataNascita: il campo "dataNascita" non ha un titolo ("title")');

    const result = await cli("forms", "import", source, "--titles-from-keys");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout.trim().split("\n")).toEqual([
      "schema#/properties/dataNascita: titolo «Data nascita» preso dal nome",
      "schema#/properties/esito: titolo «Esito» preso dal nome",
      "schema#/properties/esito/oneOf/0: titolo «si» preso dal nome",
      "da-altrove: saved draft",
    ]);
  });

  it("import --publish refuses a recursive form (a tree of people) with the reason, before publishing anything", async () => {
    const node = { type: "object", title: "Persona", properties: { nome: { type: "string", title: "Nome" }, figli: { type: "array", title: "Figli", items: { oneOf: [{ $ref: "#/definitions/node", title: "Persona" }] } } } };
    const result = await cli("forms", "import", await file("albero.json", { type: "object", title: "Albero", definitions: { node }, properties: { radice: { $ref: "#/definitions/node", title: "Radice" } } }), "--publish");
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(
      "schema#/definitions/node/properties/figli/items/oneOf/0/$ref: riferimento ricorsivo (#/definitions/node rimanda a una definizione che lo contiene): Schedario non gestisce strutture ricorsive, descrivere i livelli necessari con campi espliciti",
    );
    noStackTrace(result.stderr);
  });

  it("refuses unknown services", async () => {
    const result = await cli("forms", "import", await file("altro-modulo.json", simpleSchema()), "--services", "inesistente");
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^forms import: servizi sconosciuti: inesistente/);
    noStackTrace(result.stderr);
  });
});
