import { describe, expect, it } from "vitest";
import { generateLargeForm } from "../../../tests/support/large-form";
import { loadBuiltinForms } from "../versions/builtin.server";
import { LINT_LIMITS, lintFormDefinition } from "./lint.server";

const field = (extra: Record<string, unknown> = {}) => ({ type: "string", title: "Campo", ...extra });
const form = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", title: "Modulo", properties, ...extra });

/** Nested objects `depth` levels deep, each with a title. */
function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = field();
  for (let i = 0; i < depth; i++) schema = { type: "object", title: `Livello ${i}`, properties: { figlio: schema } };
  return schema;
}

describe("lintFormDefinition", () => {
  it("accepts every built-in form", async () => {
    for (const source of await loadBuiltinForms()) {
      expect(await lintFormDefinition(source), source.slug).toEqual([]);
    }
  });

  it(`accepts a generated 500-field assessment (limit ${LINT_LIMITS.maxFields} fields)`, async () => {
    expect(await lintFormDefinition({ schema: generateLargeForm(500) })).toEqual([]);
  });

  it.each([
    { what: "a schema that is not an object", schema: [1, 2], path: "", message: /deve essere un oggetto JSON/ },
    { what: "another dialect", schema: form({}, { $schema: "https://json-schema.org/draft/2020-12/schema" }), path: "/$schema", message: /dialetto non supportato/ },
    { what: "an unknown type", schema: form({ a: field({ type: "stringa" }) }), path: "/properties/a/type", message: /tipo sconosciuto "stringa"/ },
    { what: "an invalid keyword value", schema: form({ a: field({ maxLength: -1 }) }), path: "/properties/a/maxLength", message: /non conforme a JSON Schema draft-07/ },
    { what: "a remote $ref", schema: form({ a: { $ref: "https://example.org/s.json", title: "A" } }), path: "/properties/a/$ref", message: /riferimento remoto non ammesso/ },
    {
      what: "a validation keyword beside $ref, which draft-07 ignores",
      schema: form({ a: { $ref: "#/definitions/elenco", title: "A", maxItems: 2 } }, { definitions: { elenco: { type: "array", items: { type: "string" } } } }),
      path: "/properties/a/maxItems",
      message: /"maxItems" accanto a "\$ref" non ha effetto/,
    },
    { what: "a dangling $ref", schema: form({ a: { $ref: "#/definitions/nulla", title: "A" } }), path: "/properties/a/$ref", message: /definizione inesistente/ },
    {
      what: "a $ref cycle that cannot terminate",
      schema: form({ a: { $ref: "#/definitions/x", title: "A" } }, { definitions: { x: { $ref: "#/definitions/y" }, y: { $ref: "#/definitions/x" } } }),
      path: /^\/definitions\/[xy]\/\$ref$/,
      message: /riferimento ricorsivo/,
    },
    {
      what: "a required property leading back to itself",
      schema: form({ a: { $ref: "#/definitions/nodo", title: "A" } }, {
        definitions: { nodo: { type: "object", title: "Nodo", required: ["figlio"], properties: { figlio: { $ref: "#/definitions/nodo", title: "Figlio" } } } },
      }),
      path: "/definitions/nodo/properties/figlio/$ref",
      message: /riferimento ricorsivo .*Schedario non gestisce strutture ricorsive/,
    },
    { what: "a catastrophic regular expression", schema: form({ a: field({ pattern: "^(a+)+$" }) }), path: "/properties/a/pattern", message: /backtracking catastrofico/ },
    { what: "an invalid regular expression", schema: form({ a: field({ pattern: "([a-z" }) }), path: "/properties/a/pattern", message: /non conforme|non valida/ },
    { what: "a field without a title", schema: form({ nome: { type: "string" } }), path: "/properties/nome", message: /il campo "nome" non ha un titolo/ },
    {
      what: "a choice without a title",
      schema: form({ a: field({ oneOf: [{ const: "x", title: "X" }, { const: "y" }] }) }),
      path: "/properties/a/oneOf/1",
      message: /l'opzione "y" non ha un titolo/,
    },
    { what: "an unknown keyword", schema: form({ a: field({ maxLenght: 3 }) }), path: "/properties/a/maxLenght", message: /parola chiave sconosciuta "maxLenght"/ },
    { what: "an unknown format", schema: form({ a: field({ format: "telefono" }) }), path: "/properties/a/format", message: /formato sconosciuto "telefono"/ },
    { what: "too deep a schema", schema: form({ a: nested(LINT_LIMITS.maxDepth) }), path: /^\/properties\/a\//, message: /annidamento troppo profondo/ },
    {
      // The 10 sections count as fields too.
      what: "too many fields",
      schema: generateLargeForm(LINT_LIMITS.maxFields),
      path: "",
      message: new RegExp(`troppi campi \\(${LINT_LIMITS.maxFields + 10}, massimo ${LINT_LIMITS.maxFields}\\)`),
    },
  ])("refuses $what", async ({ schema, path, message }) => {
    const problems = await lintFormDefinition({ schema });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.source).toBe("schema");
    expect(problems[0]!.path).toMatch(path instanceof RegExp ? path : new RegExp(`^${path.replace(/[$/]/g, "\\$&")}$`));
    expect(problems[0]!.message).toMatch(message);
  });

  it("refuses recursion, even optional (a tree of optional children): the standalone validator cannot resolve it", async () => {
    const schema = form({ radice: { $ref: "#/definitions/nodo", title: "Radice" } }, {
      definitions: { nodo: { type: "object", title: "Nodo", properties: { figli: { type: "array", title: "Figli", items: { $ref: "#/definitions/nodo" } } } } },
    });
    expect(await lintFormDefinition({ schema })).toEqual([
      {
        source: "schema",
        path: "/definitions/nodo/properties/figli/items/$ref",
        message:
          "riferimento ricorsivo (#/definitions/nodo rimanda a una definizione che lo contiene): Schedario non gestisce strutture ricorsive, descrivere i livelli necessari con campi espliciti",
      },
    ]);
  });

  it("refuses a condition on a field that does not exist (deleted, renamed, mistyped), wherever it is written", async () => {
    const yesNo = { type: "boolean", title: "Sì o no" };
    const schema = form(
      { esito: yesNo, sezione: { type: "object", title: "Sezione", properties: { motivo: field() }, if: { properties: { esitoo: { const: true } } }, then: {} } },
      {
        allOf: [
          { if: { properties: { esito: { const: true } }, required: ["esito"] }, then: { properties: { nota: field() } } },
          { allOf: [{ if: { properties: { cancellato: { const: true } }, required: ["cancellato"] }, then: { required: ["esito"] } }] },
        ],
        dependencies: { vecchio: ["esito"] },
      },
    );
    const problems = await lintFormDefinition({ schema });
    expect(problems).toEqual([
      { source: "schema", path: "/allOf/1/allOf/0/if/properties/cancellato", message: 'la condizione controlla il campo "cancellato", che non esiste in questa sezione' },
      { source: "schema", path: "/allOf/1/allOf/0/if/required/0", message: 'la condizione controlla il campo "cancellato", che non esiste in questa sezione' },
      { source: "schema", path: "/dependencies/vecchio", message: 'la condizione controlla il campo "vecchio", che non esiste in questa sezione' },
      { source: "schema", path: "/properties/sezione/if/properties/esitoo", message: 'la condizione controlla il campo "esitoo", che non esiste in questa sezione' },
    ]);
  });

  it("refuses a uiSchema naming fields that do not exist", async () => {
    const schema = form({ nome: field(), gruppo: { type: "object", title: "Gruppo", properties: { eta: field() } } });
    const uiSchema = { "ui:order": ["nome", "cognome"], nome: { "ui:widget": "textarea" }, gruppo: { eta: {}, eta2: {} }, indirizzo: {} };
    expect(await lintFormDefinition({ schema, uiSchema })).toEqual([
      { source: "uiSchema", path: "/ui:order/1", message: '"ui:order" nomina il campo "cognome", che non esiste nello schema' },
      { source: "uiSchema", path: "/gruppo/eta2", message: 'il campo "eta2" non esiste nello schema' },
      { source: "uiSchema", path: "/indirizzo", message: 'il campo "indirizzo" non esiste nello schema' },
    ]);
  });

  it("refuses, by pointer, a NUL or a lone surrogate the database could not store (an imported file may hold one)", async () => {
    expect(await lintFormDefinition({ schema: form({ nome: field({ title: "No\u0000me" }) }) })).toEqual([
      { source: "schema", path: "/properties/nome/title", message: expect.stringMatching(/carattere nullo \(U\+0000\)/) },
    ]);
    expect(await lintFormDefinition({ schema: form({ nome: field() }), uiSchema: { nome: { "ui:help": "aiuto \ud800" } } })).toEqual([
      { source: "uiSchema", path: "/nome/ui:help", message: expect.stringMatching(/surrogato UTF-16 isolato/) },
    ]);
    expect(await lintFormDefinition({ schema: form({ ["a\u0000b"]: field() }) })).toEqual([
      { source: "schema", path: "/properties/a\u0000b", message: expect.stringMatching(/carattere nullo/) },
    ]);
  });

  it("answers within 2 seconds for hostile input: hundreds of distinct catastrophic patterns", async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`f${i}`, field({ pattern: `^(a{1,${i + 2}}|a)+x${i}$` })]),
    );
    const started = performance.now();
    const problems = await lintFormDefinition({ schema: form(properties) });
    expect(performance.now() - started).toBeLessThan(LINT_LIMITS.budgetMs);
    // Every pattern is refused: vulnerable, or not proven safe in time.
    expect(problems).toHaveLength(300);
    expect(problems[0]!.message).toMatch(/backtracking catastrofico|tempo massimo/);
  });

  it("answers for nesting deep enough to overflow a recursive walk", async () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const problems = await lintFormDefinition({ schema: form({ a: field({ default: deep }) }) });
    expect(problems[0]!.message).toMatch(/annidamento troppo profondo/);
  });

  it("answers within 2 seconds for a schema at the size limit", async () => {
    const huge = form({ a: field({ description: "x".repeat(LINT_LIMITS.maxBytes) }) });
    const started = performance.now();
    const problems = await lintFormDefinition({ schema: huge });
    expect(performance.now() - started).toBeLessThan(LINT_LIMITS.budgetMs);
    expect(problems[0]!.message).toMatch(/il modulo è troppo grande/);
  });
});
