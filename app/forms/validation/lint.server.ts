import type { ErrorObject } from "ajv";
import { consentFormProblems } from "~/consent/consent-lint";
import { localizeErrors } from "./ajv-options";
import { checkComputedFields } from "./computed-lint.server";
import { findUnstorableJson } from "./json-input";
import type { LintProblem } from "./lint-problem";
export type { LintProblem };
import { createAjv } from "./create-ajv";
import { getSchemaType } from "@rjsf/utils";
import {
  escapePointerToken,
  isObject,
  pointerTokens,
  resolveLocalRef,
  declaredProperties,
  dereference,
  valueAtPointer,
  type JsonSchema,
} from "../schema/json-schema";
import { KEYWORD_META, objectPositions, schemaPositions, type SchemaPosition } from "../schema/schema-walk";
import { findMissingTitles } from "../schema/titles-from-keys";
import { findSupportedWidget, SUPPORTED_UI_KEYS, SUPPORTED_WIDGETS } from "../schema/ui-support";

/** The bounds every form must respect (documented in README-FORMS.md). */
export const LINT_LIMITS = {
  /** Size of schema + uiSchema as JSON text. */
  maxBytes: 1_000_000,
  /** Nesting of JSON objects/arrays in the schema or uiSchema. */
  maxDepth: 40,
  /** Property declarations in the whole schema (a 500-field assessment fits easily). */
  maxFields: 2_000,
  /** Characters of one regular expression. */
  maxPatternLength: 1_000,
  /** Wall-clock budget of one lint, hostile input included. */
  budgetMs: 2_000,
} as const;


export interface FormDefinition {
  schema: unknown;
  uiSchema?: unknown;
  /** The form's kind, when known: a consent form must also render on the family page. */
  kind?: string;
}

/** The `$schema` values of draft-07; none means draft-07 too. */
const DRAFT_07_URIS = ["http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema"];

/**
 * Checks a form definition before it enters the system (builder, import, CLI):
 * meta-schema, what Schedario can run (object root, keywords, references,
 * uiSchema widgets), bounds, safe regular expressions, titles. Every problem
 * is reported in one pass, each with its pointer and an Italian explanation;
 * only input too large, too deep or of another dialect is refused before the
 * other checks (walking it would be unsafe or meaningless). Never throws and
 * never takes more than LINT_LIMITS.budgetMs.
 */
export async function lintFormDefinition(definition: FormDefinition): Promise<LintProblem[]> {
  // A margin for the checks after the regex ones, and for recheck's pure-JS
  // backend (used where its native binary is missing), which can overrun its timeout slightly.
  const deadline = Date.now() + LINT_LIMITS.budgetMs - 300;
  try {
    return await lint(definition, deadline);
  } catch (error) {
    // A lint that crashes must still answer with a problem, not a stack trace.
    return [{ source: "schema", path: "", message: `controllo interrotto: ${(error as Error).message ?? String(error)}` }];
  }
}

async function lint({ schema, uiSchema = {}, kind }: FormDefinition, deadline: number): Promise<LintProblem[]> {
  if (!isObject(schema)) return [schemaProblem("", "lo schema deve essere un oggetto JSON ({ … })")];
  if (!isObject(uiSchema)) return [{ source: "uiSchema", path: "", message: "l'uiSchema deve essere un oggetto JSON ({ … })" }];

  // Depth first: it stops at the limit, while JSON.stringify would overflow the stack on hostile nesting.
  for (const [source, value] of [["schema", schema], ["uiSchema", uiSchema]] as const) {
    const tooDeep = findTooDeep(value, "", 0);
    if (tooDeep !== undefined) {
      return [{ source, path: tooDeep, message: `annidamento troppo profondo (massimo ${LINT_LIMITS.maxDepth} livelli)` }];
    }
  }
  // What PostgreSQL cannot store (a NUL, a lone surrogate) must be refused here, by pointer,
  // not reach the database as an error: every definition is linted before it is saved.
  for (const [source, value] of [["schema", schema], ["uiSchema", uiSchema]] as const) {
    const unstorable = findUnstorableJson(value, LINT_LIMITS.maxDepth + 1);
    if (unstorable) return [{ source, path: unstorable.path, message: unstorable.message }];
  }
  const size = JSON.stringify(schema).length + JSON.stringify(uiSchema).length;
  if (size > LINT_LIMITS.maxBytes) {
    return [schemaProblem("", `il modulo è troppo grande (${size} caratteri, massimo ${LINT_LIMITS.maxBytes})`)];
  }
  if (schema.$schema !== undefined && !DRAFT_07_URIS.includes(schema.$schema as string)) {
    return [schemaProblem("/$schema", `dialetto non supportato ${JSON.stringify(schema.$schema)}: usare "${DRAFT_07_URIS[0]}" (ADR 0003)`)];
  }

  const positions = schemaPositions(schema);
  const nodes = objectPositions(positions);
  const problems = [
    ...checkMetaSchema(schema),
    ...checkRoot(schema),
    ...checkKeywords(nodes),
    ...checkRefs(schema, positions),
    ...checkRecursion(schema, nodes),
    ...checkFieldCount(nodes),
    ...checkTitles(schema, positions),
    ...checkConditionFields(schema, nodes),
    ...checkUiSchema(schema, uiSchema, "", schema),
    ...checkComputedFields(schema),
    ...(kind === "consent" ? consentFormProblems(schema, uiSchema) : []),
    ...(await checkPatterns(nodes, deadline)),
  ];
  // The compiler is the last safety net and the slowest check: run it only when
  // the checks above, which cover what it refuses, found nothing in the schema.
  if (!problems.some((p) => p.source === "schema")) problems.push(...checkCompiles(schema));
  return withoutDuplicates(problems);
}

function schemaProblem(path: string, message: string): LintProblem {
  return { source: "schema", path, message };
}

function uiProblem(path: string, message: string): LintProblem {
  return { source: "uiSchema", path, message };
}

function withoutDuplicates(problems: LintProblem[]): LintProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.source}\u0000${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The pointer of the first value nested deeper than allowed, without recursing past the limit. */
function findTooDeep(value: unknown, pointer: string, depth: number): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (depth >= LINT_LIMITS.maxDepth) return pointer;
  for (const [key, child] of Object.entries(value)) {
    const found = findTooDeep(child, `${pointer}/${escapePointerToken(key)}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const metaAjv = createAjv();

/** Draft-07 meta-schema errors, one per location, in Italian. */
function checkMetaSchema(schema: JsonSchema): LintProblem[] {
  if (metaAjv.validateSchema(schema)) return [];
  const errors = (metaAjv.errors ?? []).map((e) => ({ ...e }));
  localizeErrors(errors);
  const seen = new Set<string>();
  const problems: LintProblem[] = [];
  // The meta-schema's `type` is anyOf(enum, array): report the anyOf once, not its branches.
  const ordered = [...errors.filter((e) => e.keyword === "anyOf"), ...errors];
  for (const error of ordered) {
    if (seen.has(error.instancePath)) continue;
    seen.add(error.instancePath);
    problems.push(schemaProblem(error.instancePath, describeMetaError(error, schema)));
  }
  return problems;
}

function describeMetaError(error: ErrorObject, schema: JsonSchema): string {
  const last = pointerTokens(error.instancePath).at(-1);
  if (last === "type") {
    return `tipo sconosciuto ${JSON.stringify(valueAtPointer(schema, error.instancePath))}: usare string, number, integer, boolean, object, array o null`;
  }
  return `non conforme a JSON Schema draft-07: ${error.message}`;
}

type SchemaNode = ReturnType<typeof objectPositions>[number];

/** Data is always an object of fields (DESIGN §4): a string, a list or an untyped root could never be saved. */
function checkRoot(schema: JsonSchema): LintProblem[] {
  if (schema.type === "object") return [];
  return [schemaProblem("", 'la radice del modulo deve essere un gruppo di campi: scrivere "type": "object" e dichiarare i campi in "properties"')];
}

/**
 * Keywords one by one, everywhere: unknown keywords and formats (typos),
 * keywords that do nothing where they are (ajv's strict mode refuses them
 * too, in English), and keywords whose fields the form page cannot show.
 */
function checkKeywords(nodes: SchemaNode[]): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const { node, pointer, condition } of nodes) {
    for (const keyword of Object.keys(node)) {
      const at = `${pointer}/${escapePointerToken(keyword)}`;
      if (!Object.hasOwn(KEYWORD_META, keyword)) {
        problems.push(schemaProblem(at, `parola chiave sconosciuta "${keyword}" (errore di battitura? Schedario usa JSON Schema draft-07)`));
      }
    }
    if (typeof node.format === "string" && !Object.hasOwn(metaAjv.formats, node.format)) {
      problems.push(schemaProblem(`${pointer}/format`, `formato sconosciuto "${node.format}": usare date, time, date-time, email, uri o un "pattern"`));
    }
    if (node.additionalItems !== undefined && !Array.isArray(node.items)) {
      problems.push(schemaProblem(`${pointer}/additionalItems`, '"additionalItems" vale solo quando "items" è un elenco di schemi (un elenco a lunghezza fissa): toglierlo'));
    }
    if (node.if !== undefined && node.then === undefined && node.else === undefined) {
      problems.push(schemaProblem(`${pointer}/if`, 'condizione "if" senza "then" né "else": non ha effetto, aggiungere cosa succede quando vale'));
    }
    for (const branch of ["then", "else"]) {
      if (node[branch] !== undefined && node.if === undefined) {
        problems.push(schemaProblem(`${pointer}/${branch}`, `"${branch}" senza "if" non ha effetto: aggiungere la condizione`));
      }
    }
    if (condition) continue;
    if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
      problems.push(
        schemaProblem(
          `${pointer}/additionalProperties`,
          'campi con nome libero ("additionalProperties") non si possono compilare nella scheda: dichiarare ogni campo in "properties", oppure usare "additionalProperties": false',
        ),
      );
    }
    if (node.propertyNames !== undefined) {
      problems.push(
        schemaProblem(
          `${pointer}/propertyNames`,
          '"propertyNames" regola i nomi di campi aggiunti liberamente, che la scheda non permette di aggiungere: toglierlo e dichiarare i campi in "properties"',
        ),
      );
    }
  }
  return problems;
}

/**
 * Only local references to a sub-schema: a remote one would make the server
 * fetch URLs chosen by a form author, and one into a value (`default`,
 * `examples`, `enum`…) would be compiled as a schema that no check has seen.
 */
function checkRefs(root: JsonSchema, positions: SchemaPosition[]): LintProblem[] {
  const schemaPointers = new Set(positions.map((p) => p.pointer));
  const problems: LintProblem[] = [];
  for (const { node, pointer } of objectPositions(positions)) {
    if (node.$ref === undefined) continue;
    if (typeof node.$ref !== "string") continue; // the meta-schema check reports it
    const target = refTarget(node.$ref);
    if (!node.$ref.startsWith("#")) {
      problems.push(schemaProblem(`${pointer}/$ref`, `riferimento remoto non ammesso (${node.$ref}): usare solo riferimenti interni "#/definitions/…"`));
    } else if (target === undefined || !resolveLocalRef(root, node.$ref)) {
      problems.push(schemaProblem(`${pointer}/$ref`, `riferimento a una definizione inesistente (${node.$ref})`));
    } else if (!schemaPointers.has(target)) {
      problems.push(schemaProblem(`${pointer}/$ref`, `il riferimento ${node.$ref} non punta a uno schema: usare "#/definitions/…"`));
    }
    for (const keyword of Object.keys(node)) {
      if (keyword === "$ref" || REF_ANNOTATION_SIBLINGS.has(keyword)) continue;
      problems.push(
        schemaProblem(
          `${pointer}/${escapePointerToken(keyword)}`,
          `"${keyword}" accanto a "$ref" non ha effetto in draft-07: spostarlo nella definizione o combinare i due con "allOf"`,
        ),
      );
    }
  }
  return problems;
}

/** The JSON pointer a local `$ref` names, or undefined when it is not one. */
function refTarget(ref: string): string | undefined {
  if (!ref.startsWith("#")) return undefined;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
}

/**
 * Keywords allowed beside `$ref`. Draft-07 ignores every sibling of `$ref`,
 * but ajv applies them (ADR 0003, conformance): a `maxItems` there would be
 * enforced by Schedario and ignored by any other tool. Refusing all but
 * annotations (which validate nothing; rjsf shows them) removes the ambiguity.
 */
const REF_ANNOTATION_SIBLINGS = new Set(["title", "description", "default", "examples", "$comment", "readOnly", "writeOnly"]);

/**
 * No recursion: a definition that contains, directly or through other
 * definitions, a reference back to itself (a tree of people). The standalone
 * validator generated at publish cannot resolve it, and the no-JavaScript
 * form and the builder walk schemas to a bounded depth, so lint refuses it
 * with a reason instead of letting publish or the form page fail later.
 */
function checkRecursion(root: JsonSchema, nodes: SchemaNode[]): LintProblem[] {
  const refs = nodes.flatMap(({ node, pointer }) => {
    const target = typeof node.$ref === "string" ? refTarget(node.$ref) : undefined;
    return target !== undefined && resolveLocalRef(root, node.$ref as string) ? [{ pointer, target, ref: node.$ref as string }] : [];
  });
  const inside = (pointer: string, container: string) => pointer === container || pointer.startsWith(`${container}/`);
  const problems: LintProblem[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (container: string) => {
    state.set(container, "visiting");
    for (const ref of refs) {
      if (!inside(ref.pointer, container)) continue;
      const s = state.get(ref.target);
      if (s === "visiting") {
        problems.push(
          schemaProblem(
            `${ref.pointer}/$ref`,
            `riferimento ricorsivo (${ref.ref} rimanda a una definizione che lo contiene): Schedario non gestisce strutture ricorsive, descrivere i livelli necessari con campi espliciti`,
          ),
        );
      } else if (s === undefined) visit(ref.target);
    }
    state.set(container, "done");
  };
  visit("");
  return problems;
}

function checkFieldCount(nodes: SchemaNode[]): LintProblem[] {
  const fieldCount = nodes.reduce((n, { node }) => n + (isObject(node.properties) ? Object.keys(node.properties).length : 0), 0);
  return fieldCount > LINT_LIMITS.maxFields ? [schemaProblem("", `troppi campi (${fieldCount}, massimo ${LINT_LIMITS.maxFields})`)] : [];
}

/** Every field and every option of a choice list has a human title (conditions declare no fields, so they need none). */
function checkTitles(root: JsonSchema, positions: SchemaPosition[]): LintProblem[] {
  return findMissingTitles(root, positions).map((m) =>
    schemaProblem(m.pointer, m.kind === "field" ? `il campo "${m.key}" non ha un titolo ("title")` : `l'opzione ${JSON.stringify(m.value)} non ha un titolo ("title")`),
  );
}

/**
 * A condition may only test fields its object declares: `if` (on the object
 * or in its `allOf` entries) and `dependencies` naming a field that does not
 * exist — deleted, renamed, mistyped — would never hold, so the fields it
 * shows would silently never appear (or always, with "else").
 */
function checkConditionFields(root: JsonSchema, nodes: SchemaNode[]): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const { node, pointer, condition } of nodes) {
    if (condition || !isObject(node.properties)) continue;
    const fields = declaredProperties(root, node);
    const missing = (name: unknown, at: string) => {
      if (typeof name === "string" && !fields.has(name)) problems.push(schemaProblem(at, `la condizione controlla il campo "${name}", che non esiste in questa sezione`));
    };
    const checkIf = (entry: unknown, at: string) => {
      if (!isObject(entry)) return;
      const test = entry.if;
      if (isObject(test)) {
        if (isObject(test.properties)) for (const name of Object.keys(test.properties)) missing(name, `${at}/if/properties/${escapePointerToken(name)}`);
        if (Array.isArray(test.required)) test.required.forEach((name, i) => missing(name, `${at}/if/required/${i}`));
      }
      if (Array.isArray(entry.allOf)) entry.allOf.forEach((e, i) => checkIf(e, `${at}/allOf/${i}`));
    };
    checkIf(node, pointer);
    if (isObject(node.dependencies)) for (const name of Object.keys(node.dependencies)) missing(name, `${pointer}/dependencies/${escapePointerToken(name)}`);
  }
  return problems;
}

/**
 * The uiSchema may only name fields the schema declares (a typo would
 * silently do nothing), `ui:` keys Schedario's theme understands and widgets
 * it has for the field's type (an unknown one makes the form page fail).
 * A fixed-length list (`items` as a list of schemas) takes rjsf's `items`
 * list, one entry per position, and `additionalItems` for the rows after them.
 */
function checkUiSchema(root: JsonSchema, ui: Record<string, unknown>, pointer: string, schema: JsonSchema): LintProblem[] {
  const problems: LintProblem[] = [];
  const declared = dereference(root, schema);
  const properties = declaredProperties(root, schema);
  const nested = (value: unknown, at: string, fieldSchema: unknown) => {
    if (isObject(value) && isObject(fieldSchema)) problems.push(...checkUiSchema(root, value, at, fieldSchema));
  };
  for (const [key, value] of Object.entries(ui)) {
    const here = `${pointer}/${escapePointerToken(key)}`;
    if (key === "ui:order") {
      if (!Array.isArray(value)) continue;
      value.forEach((name, i) => {
        if (name !== "*" && !properties.has(String(name))) problems.push(uiProblem(`${here}/${i}`, `"ui:order" nomina il campo "${name}", che non esiste nello schema`));
      });
    } else if (key.startsWith("ui:")) {
      if (!Object.hasOwn(SUPPORTED_UI_KEYS, key)) {
        problems.push(uiProblem(here, `l'opzione "${key}" non è supportata da Schedario: toglierla (le opzioni ammesse sono ${Object.keys(SUPPORTED_UI_KEYS).join(", ")})`));
      } else if (key === "ui:widget") {
        problems.push(...checkWidget(value, declared, here));
      } else if (key === "ui:options" && isObject(value) && value.widget !== undefined) {
        problems.push(...checkWidget(value.widget, declared, `${here}/widget`));
      }
    } else if (key === "items" && Array.isArray(declared.items)) {
      const tuple = declared.items;
      if (Array.isArray(value)) {
        value.forEach((entry, i) => {
          if (i < tuple.length) nested(entry, `${here}/${i}`, tuple[i]);
          else problems.push(uiProblem(`${here}/${i}`, `l'elenco ha solo ${tuple.length} posizioni fisse: togliere questa voce o usare "additionalItems"`));
        });
      } else {
        tuple.forEach((item) => nested(value, here, item));
      }
    } else if (key === "items" && isObject(declared.items)) {
      nested(value, here, declared.items);
    } else if (key === "additionalItems" && Array.isArray(declared.items) && isObject(declared.additionalItems)) {
      nested(value, here, declared.additionalItems);
    } else if (!properties.has(key)) {
      problems.push(uiProblem(here, `il campo "${key}" non esiste nello schema`));
    } else {
      nested(value, here, properties.get(key));
    }
  }
  return problems;
}

/** A `ui:widget` value must be one of SUPPORTED_WIDGETS, for the field's type. */
function checkWidget(value: unknown, field: JsonSchema, at: string): LintProblem[] {
  const widget = typeof value === "string" ? findSupportedWidget(value) : undefined;
  const names = SUPPORTED_WIDGETS.map((w) => w.name).join(", ");
  if (!widget) return [uiProblem(at, `aspetto del campo sconosciuto ${JSON.stringify(value)}: usare uno di ${names}`)];
  const type = getSchemaType(field);
  if (typeof type === "string" && (widget.types as readonly string[]).includes(type)) return [];
  const usable = SUPPORTED_WIDGETS.filter((w) => typeof type === "string" && (w.types as readonly string[]).includes(type)).map((w) => w.name);
  return [
    uiProblem(
      at,
      typeof type === "string"
        ? `l'aspetto "${value}" non è disponibile per un campo di tipo ${type}: ${usable.length ? `usare uno di ${usable.join(", ")}` : "toglierlo"}`
        : `l'aspetto "${value}" richiede che il campo abbia un "type" (${widget.types.join(", ")})`,
    ),
  ];
}

/**
 * Regular expressions run on data typed by anyone; one with catastrophic
 * backtracking would let a single submission stall the server. recheck
 * proves each one safe; what it cannot prove within the budget is refused.
 */
type RecheckCheck = (typeof import("recheck"))["check"];

async function checkPatterns(nodes: SchemaNode[], deadline: number): Promise<LintProblem[]> {
  const patterns: { source: string; pointer: string }[] = [];
  for (const { node, pointer } of nodes) {
    if (typeof node.pattern === "string") patterns.push({ source: node.pattern, pointer: `${pointer}/pattern` });
    if (isObject(node.patternProperties)) {
      for (const key of Object.keys(node.patternProperties)) {
        patterns.push({ source: key, pointer: `${pointer}/patternProperties/${escapePointerToken(key)}` });
      }
    }
  }
  if (!patterns.length) return [];
  // Imported here, not with the module: recheck is large, and most definitions have no pattern.
  // Its first import (0.3 s quiet, over 1 s on a loaded machine) is not the schema's cost: it
  // does not count against the budget, or a busy server would refuse a safe built-in form.
  const importStarted = Date.now();
  const { check } = await import("recheck");
  const budgetEnd = deadline + (Date.now() - importStarted);
  const verdicts = new Map<string, string | undefined>();
  const problems: LintProblem[] = [];
  for (const { source, pointer } of patterns) {
    if (!verdicts.has(source)) verdicts.set(source, await judgePattern(check, source, budgetEnd));
    const verdict = verdicts.get(source);
    if (verdict) problems.push(schemaProblem(pointer, verdict));
  }
  return problems;
}

/** Why a pattern is refused, or undefined when it is safe. */
async function judgePattern(checkRegex: RecheckCheck, source: string, deadline: number): Promise<string | undefined> {
  if (source.length > LINT_LIMITS.maxPatternLength) {
    return `espressione regolare troppo lunga (massimo ${LINT_LIMITS.maxPatternLength} caratteri)`;
  }
  try {
    // ajv compiles patterns with the "u" flag.
    new RegExp(source, "u");
  } catch {
    return "espressione regolare non valida";
  }
  const remaining = deadline - Date.now();
  if (remaining <= 50) return "espressione regolare non verificata entro il tempo massimo del controllo";
  const diagnostics = await checkRegex(source, "u", { timeout: remaining - 25, signal: AbortSignal.timeout(remaining) }).catch(() => undefined);
  if (diagnostics?.status === "safe") return undefined;
  if (diagnostics?.status === "vulnerable") {
    return `espressione regolare esposta a backtracking catastrofico (ReDoS, complessità ${diagnostics.complexity.type}): riscriverla senza ripetizioni annidate o ambigue`;
  }
  return "impossibile dimostrare che l'espressione regolare sia sicura entro il tempo massimo: semplificarla";
}

/**
 * Compiles the schema the way the registry will, as a safety net: ajv's
 * strict mode must agree with the checks above. Its messages are English and
 * name one problem at a time, so they are reported in Italian.
 */
function checkCompiles(schema: JsonSchema): LintProblem[] {
  // A throwaway instance, so that linting many forms keeps nothing in memory.
  const ajv = createAjv();
  try {
    // Compiled the way the registry will: the author's $id is replaced by the version's.
    const { $id: _ignored, ...withoutId } = schema;
    ajv.compile(withoutId);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    const keyword = /unknown keyword: "([^"]+)"/.exec(message);
    if (keyword) return [schemaProblem("", `parola chiave sconosciuta "${keyword[1]}" (errore di battitura?)`)];
    const format = /unknown format "([^"]+)".*path "#([^"]*)"/.exec(message);
    if (format) return [schemaProblem(`${format[2]!}/format`, `formato sconosciuto "${format[1]}"`)];
    const reference = /can't resolve reference (\S+)/.exec(message);
    if (reference) return [schemaProblem("", `riferimento che il validatore non sa risolvere (${reference[1]})`)];
    return [schemaProblem("", "il validatore non riesce a usare questo schema: semplificare le parti insolite (condizioni, riferimenti, espressioni regolari) e riprovare")];
  }
}
