import draft07 from "ajv/dist/refs/json-schema-draft-07.json";
import { beforeAll, describe, expect, it } from "vitest";
import { lintFormDefinition, type LintProblem } from "./lint.server";
import { SUPPORTED_WIDGETS } from "../schema/ui-support";

/** Issue 19: lint accepts exactly what Schedario can run, and says why not in Italian, everything in one pass. */

const REDOS = "^(a+)+$";
/** Vulnerable, or (on a loaded machine) not proven safe within the budget: refused either way. */
const PATTERN_REFUSED = /backtracking catastrofico|tempo massimo/;
/** A group whose one field has no title and a catastrophic pattern. */
const hostile = () => ({ type: "object", properties: { senzaTitolo: { type: "string", pattern: REDOS } } });
const titled = (extra: Record<string, unknown> = {}) => ({ type: "string", title: "Campo", ...extra });
const form = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", title: "Modulo", properties, ...extra });

/** English from ajv (strict mode, meta-schema, compile errors) must never reach a person. */
const AJV_ENGLISH = /strict mode|\bmust\b|unknown keyword|is ignored|schema is invalid|can't resolve|allowMatchingProperties/;

function expectItalian(problems: LintProblem[]) {
  for (const p of problems) expect(p.message).not.toMatch(AJV_ENGLISH);
}

describe("lint walks every sub-schema position of draft-07", () => {
  /**
   * One hostile group at every position; `pointer` is where it lands and
   * `condition` says whether it is a test on data (no fields, so no titles).
   */
  const schema = form(
    {
      host: { type: "object", title: "Ospite", properties: { a: titled() }, patternProperties: { "^p": hostile() }, additionalProperties: hostile(), propertyNames: hostile(), dependencies: { a: hostile() } },
      tupla: { type: "array", title: "Tupla", items: [hostile()], additionalItems: hostile(), contains: hostile() },
      lista: { type: "array", title: "Lista", items: hostile() },
      scelta: { title: "Scelta", allOf: [hostile()], anyOf: [hostile()], oneOf: [hostile()], not: hostile() },
      condizionato: { type: "object", title: "Condizionato", properties: { a: titled() }, if: hostile(), then: hostile(), else: hostile() },
      definito: { $ref: "#/definitions/d", title: "Definito" },
      definito2: { $ref: "#/$defs/d", title: "Definito 2" },
      gruppo: hostile(),
    },
    { definitions: { d: hostile() }, $defs: { d: hostile() } },
  );
  const positions = [
    { keyword: "properties", pointer: "/properties/gruppo", condition: false },
    { keyword: "patternProperties", pointer: "/properties/host/patternProperties/^p", condition: false },
    { keyword: "additionalProperties", pointer: "/properties/host/additionalProperties", condition: false },
    { keyword: "propertyNames", pointer: "/properties/host/propertyNames", condition: true },
    { keyword: "dependencies", pointer: "/properties/host/dependencies/a", condition: false },
    { keyword: "items", pointer: "/properties/tupla/items/0", condition: false },
    { keyword: "items", pointer: "/properties/lista/items", condition: false },
    { keyword: "additionalItems", pointer: "/properties/tupla/additionalItems", condition: false },
    { keyword: "contains", pointer: "/properties/tupla/contains", condition: true },
    { keyword: "allOf", pointer: "/properties/scelta/allOf/0", condition: false },
    { keyword: "anyOf", pointer: "/properties/scelta/anyOf/0", condition: false },
    { keyword: "oneOf", pointer: "/properties/scelta/oneOf/0", condition: false },
    { keyword: "not", pointer: "/properties/scelta/not", condition: true },
    { keyword: "if", pointer: "/properties/condizionato/if", condition: true },
    { keyword: "then", pointer: "/properties/condizionato/then", condition: false },
    { keyword: "else", pointer: "/properties/condizionato/else", condition: false },
    { keyword: "definitions", pointer: "/definitions/d", condition: false },
    { keyword: "$defs", pointer: "/$defs/d", condition: false },
  ];
  let problems: LintProblem[];
  beforeAll(async () => {
    problems = await lintFormDefinition({ schema });
  });

  it("covers every keyword whose value the draft-07 meta-schema declares a schema (or list, or map of schemas), and $defs", () => {
    const holdsSchemas = (fragment: unknown): boolean => JSON.stringify(fragment).includes('"$ref":"#"') || JSON.stringify(fragment).includes("schemaArray");
    const metaKeywords = Object.entries(draft07.properties).filter(([, fragment]) => holdsSchemas(fragment)).map(([k]) => k);
    expect(new Set(positions.map((p) => p.keyword))).toEqual(new Set([...metaKeywords, "$defs"]));
  });

  it.each(positions)("refuses the catastrophic pattern under $keyword, with its pointer ($pointer)", ({ pointer }) => {
    expect(problems).toContainEqual(expect.objectContaining({ source: "schema", path: `${pointer}/properties/senzaTitolo/pattern`, message: expect.stringMatching(PATTERN_REFUSED) }));
  });

  it.each(positions.filter((p) => !p.condition))("refuses the field without a title under $keyword ($pointer)", ({ pointer }) => {
    expect(problems).toContainEqual({ source: "schema", path: `${pointer}/properties/senzaTitolo`, message: 'il campo "senzaTitolo" non ha un titolo ("title")' });
  });

  it.each(positions.filter((p) => p.condition))("asks no title under $keyword, a test on data that declares no field ($pointer)", ({ pointer }) => {
    expect(problems.filter((p) => p.path === `${pointer}/properties/senzaTitolo`)).toEqual([]);
  });

  it("says everything in Italian", () => expectItalian(problems));
});

describe("lint reports every problem in one pass", () => {
  it("titles, unknown keywords, regular expressions, references, widgets and meta-schema errors together", async () => {
    const schema = form(
      {
        nome: { type: "string" },
        tipo: titled({ discriminator: { propertyName: "x" } }),
        codice: titled({ pattern: REDOS }),
        eta: { type: "integer", title: "Età", minimum: "zero" },
        altro: { $ref: "#/definitions/manca", title: "Altro" },
      },
      { if: { properties: { nome: { const: "x" } } } },
    );
    const problems = await lintFormDefinition({ schema, uiSchema: { nome: { "ui:widget": "signaturePad" } } });
    expect(problems.map((p) => `${p.source}#${p.path}`).sort()).toEqual(
      [
        "schema#/properties/nome",
        "schema#/properties/tipo/discriminator",
        "schema#/properties/codice/pattern",
        "schema#/properties/eta/minimum",
        "schema#/properties/altro/$ref",
        "schema#/if",
        "uiSchema#/nome/ui:widget",
      ].sort(),
    );
    expectItalian(problems);
  });

  it("a $ref into a value that is not a schema (a default, an example) is refused: it would be compiled unchecked", async () => {
    const schema = form({ a: titled({ default: "x", examples: [{ pattern: REDOS }] }), b: { $ref: "#/properties/a/examples/0", title: "B" } });
    expect(await lintFormDefinition({ schema })).toEqual([
      { source: "schema", path: "/properties/b/$ref", message: 'il riferimento #/properties/a/examples/0 non punta a uno schema: usare "#/definitions/…"' },
    ]);
  });

  it("the issue's example: a catastrophic pattern under $defs, reached by a $ref", async () => {
    const schema = form({ x: { $ref: "#/$defs/p", title: "X" } }, { $defs: { p: { type: "string", pattern: REDOS } } });
    const problems = await lintFormDefinition({ schema });
    expect(problems).toEqual([expect.objectContaining({ path: "/$defs/p/pattern", message: expect.stringMatching(PATTERN_REFUSED) })]);
  });
});

describe("accepted, then unrunnable: now refused with a reason", () => {
  it("an unregistered ui:widget (the form page would answer 500)", async () => {
    const problems = await lintFormDefinition({ schema: form({ firma: titled() }), uiSchema: { firma: { "ui:widget": "signaturePad" } } });
    expect(problems).toEqual([
      { source: "uiSchema", path: "/firma/ui:widget", message: `aspetto del campo sconosciuto "signaturePad": usare uno di ${SUPPORTED_WIDGETS.map((w) => w.name).join(", ")}` },
    ]);
  });

  it("a widget of another type, or given through ui:options", async () => {
    const problems = await lintFormDefinition({
      schema: form({ nota: titled(), flag: { type: "boolean", title: "Sì" } }),
      uiSchema: { nota: { "ui:widget": "checkboxes" }, flag: { "ui:options": { widget: "textarea" } } },
    });
    expect(problems).toEqual([
      { source: "uiSchema", path: "/nota/ui:widget", message: expect.stringMatching(/^l'aspetto "checkboxes" non è disponibile per un campo di tipo string: usare uno di text, textarea/) },
      { source: "uiSchema", path: "/flag/ui:options/widget", message: expect.stringMatching(/^l'aspetto "textarea" non è disponibile per un campo di tipo boolean/) },
    ]);
  });

  it("a ui: key the theme does not run (rjsf's layout grid sets inline styles the CSP blocks)", async () => {
    const problems = await lintFormDefinition({ schema: form({ a: titled() }), uiSchema: { "ui:field": "LayoutGridField", "ui:layoutGrid": {} } });
    expect(problems.map((p) => p.path)).toEqual(["/ui:field", "/ui:layoutGrid"]);
    expect(problems[0]!.message).toMatch(/^l'opzione "ui:field" non è supportata da Schedario: toglierla/);
  });

  it("a recursive $ref inside oneOf inside items (a tree of people)", async () => {
    const schema = form({ albero: { $ref: "#/definitions/node", title: "Albero" } }, {
      definitions: {
        node: {
          type: "object",
          title: "Persona",
          properties: {
            nome: titled(),
            figli: { type: "array", title: "Figli", items: { oneOf: [{ $ref: "#/definitions/node", title: "Persona" }, { type: "string", title: "Nome" }] } },
          },
        },
      },
    });
    const problems = await lintFormDefinition({ schema });
    expect(problems).toEqual([expect.objectContaining({ path: "/definitions/node/properties/figli/items/oneOf/0/$ref", message: expect.stringMatching(/^riferimento ricorsivo/) })]);
  });

  it.each([
    { what: "a string", schema: { type: "string", title: "Nome" } },
    { what: "an array", schema: { type: "array", title: "Elenco", items: { type: "string" } } },
    { what: "no type", schema: { title: "Modulo", properties: { a: titled() } } },
  ])("a root that is $what (every save would answer 400)", async ({ schema }) => {
    expect(await lintFormDefinition({ schema })).toContainEqual({
      source: "schema",
      path: "",
      message: 'la radice del modulo deve essere un gruppo di campi: scrivere "type": "object" e dichiarare i campi in "properties"',
    });
  });

  it.each([
    { what: "additionalProperties: true", extra: { additionalProperties: true }, path: "/additionalProperties", message: /^campi con nome libero \("additionalProperties"\) non si possono compilare/ },
    { what: "additionalProperties as a schema", extra: { additionalProperties: { type: "string" } }, path: "/additionalProperties", message: /^campi con nome libero/ },
    { what: "propertyNames", extra: { propertyNames: { maxLength: 5 } }, path: "/propertyNames", message: /^"propertyNames" regola i nomi di campi aggiunti liberamente/ },
  ])("$what (the form page has no control to add a named key)", async ({ extra, path, message }) => {
    const problems = await lintFormDefinition({ schema: form({ a: titled() }, extra) });
    expect(problems).toEqual([{ source: "schema", path, message: expect.stringMatching(message) }]);
  });

  it("still accepts additionalProperties: false, and both keywords inside a condition", async () => {
    const schema = form({ a: titled(), b: titled() }, { additionalProperties: false, allOf: [{ if: { properties: { a: { const: "x" } }, required: ["a"], additionalProperties: true, propertyNames: { maxLength: 3 } }, then: { required: ["b"] } }] });
    expect(await lintFormDefinition({ schema })).toEqual([]);
  });
});

describe("refused, though valid: now accepted", () => {
  it("a fixed-length list with rjsf's uiSchema: items as a list, plus additionalItems", async () => {
    const schema = form({
      coppia: {
        type: "array",
        title: "Genitori",
        items: [titled({ title: "Madre" }), titled({ title: "Padre" })],
        additionalItems: titled({ title: "Altro adulto di riferimento" }),
      },
    });
    const uiSchema = { coppia: { items: [{ "ui:placeholder": "Nome e cognome" }, { "ui:widget": "textarea" }], additionalItems: { "ui:widget": "textarea" } } };
    expect(await lintFormDefinition({ schema, uiSchema })).toEqual([]);
  });

  it("a uiSchema items entry beyond the fixed positions, or naming a missing field, is refused with its pointer", async () => {
    const schema = form({ coppia: { type: "array", title: "Coppia", items: [titled()] } });
    const uiSchema = { coppia: { items: [{ nonEsiste: {} }, {}] } };
    expect(await lintFormDefinition({ schema, uiSchema })).toEqual([
      { source: "uiSchema", path: "/coppia/items/0/nonEsiste", message: 'il campo "nonEsiste" non esiste nello schema' },
      { source: "uiSchema", path: "/coppia/items/1", message: 'l\'elenco ha solo 1 posizioni fisse: togliere questa voce o usare "additionalItems"' },
    ]);
  });

  it("a property that also matches a patternProperties pattern (both apply)", async () => {
    const schema = form({ codice_fiscale: titled({ title: "Codice fiscale" }) }, { patternProperties: { "^codice_": { type: "string", maxLength: 16 } } });
    expect(await lintFormDefinition({ schema })).toEqual([]);
  });
});
