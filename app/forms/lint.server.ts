import type { ErrorObject } from "ajv";
import { localizeErrors } from "./ajv-options";
import { createAjv } from "./create-ajv";
import {
  escapePointerToken,
  isChoiceList,
  isObject,
  pointerTokens,
  resolveLocalRef,
  declaredProperties,
  dereference,
  titleOf,
  valueAtPointer,
  type JsonSchema,
} from "./json-schema";

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

/** One problem of a form definition: where (JSON pointer into the schema or uiSchema) and why, in Italian. */
export interface LintProblem {
  source: "schema" | "uiSchema";
  path: string;
  message: string;
}

export interface FormDefinition {
  schema: unknown;
  uiSchema?: unknown;
}

/** The `$schema` values of draft-07; none means draft-07 too. */
const DRAFT_07_URIS = ["http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema"];

/** Subschema-bearing keywords of draft-07, by shape. */
const SCHEMA_KEYWORDS = ["additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else", "not"];
const SCHEMA_LIST_KEYWORDS = ["allOf", "anyOf", "oneOf"];
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "definitions", "dependencies"];

/**
 * Checks a form definition before it enters the system (builder, import, CLI):
 * meta-schema, local references only, terminating references, bounds, safe
 * regular expressions, titles, uiSchema. Returns every problem found; never
 * throws and never takes more than LINT_LIMITS.budgetMs.
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

async function lint({ schema, uiSchema = {} }: FormDefinition, deadline: number): Promise<LintProblem[]> {
  if (!isObject(schema)) return [schemaProblem("", "lo schema deve essere un oggetto JSON ({ … })")];
  if (!isObject(uiSchema)) return [{ source: "uiSchema", path: "", message: "l'uiSchema deve essere un oggetto JSON ({ … })" }];

  // Depth first: it stops at the limit, while JSON.stringify would overflow the stack on hostile nesting.
  for (const [source, value] of [["schema", schema], ["uiSchema", uiSchema]] as const) {
    const tooDeep = findTooDeep(value, "", 0);
    if (tooDeep !== undefined) {
      return [{ source, path: tooDeep, message: `annidamento troppo profondo (massimo ${LINT_LIMITS.maxDepth} livelli)` }];
    }
  }
  const size = JSON.stringify(schema).length + JSON.stringify(uiSchema).length;
  if (size > LINT_LIMITS.maxBytes) {
    return [schemaProblem("", `il modulo è troppo grande (${size} caratteri, massimo ${LINT_LIMITS.maxBytes})`)];
  }
  if (schema.$schema !== undefined && !DRAFT_07_URIS.includes(schema.$schema as string)) {
    return [schemaProblem("/$schema", `dialetto non supportato ${JSON.stringify(schema.$schema)}: usare "${DRAFT_07_URIS[0]}" (ADR 0003)`)];
  }

  const metaProblems = checkMetaSchema(schema);
  if (metaProblems.length) return metaProblems;

  const nodes = collectSubschemas(schema);
  // Later checks follow references; with broken ones they would report noise.
  const refProblems = checkRefs(schema, nodes);
  if (refProblems.length) return refProblems;
  const problems = checkRefCycles(nodes);
  if (problems.length) return problems;

  const fieldCount = nodes.reduce((n, { node }) => n + (isObject(node.properties) ? Object.keys(node.properties).length : 0), 0);
  if (fieldCount > LINT_LIMITS.maxFields) {
    return [schemaProblem("", `troppi campi (${fieldCount}, massimo ${LINT_LIMITS.maxFields})`)];
  }

  problems.push(...checkTitles(schema, nodes), ...checkConditionFields(schema, nodes), ...checkUiSchema(schema, uiSchema, "", schema));
  problems.push(...(await checkPatterns(nodes, deadline)));
  if (!problems.some((p) => p.source === "schema")) problems.push(...checkCompiles(schema));
  return problems;
}

function schemaProblem(path: string, message: string): LintProblem {
  return { source: "schema", path, message };
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

interface SchemaNode {
  node: JsonSchema;
  pointer: string;
  /** Inside `if`, `not`, `contains` or `propertyNames`: a condition on data, not a field people fill in. */
  condition: boolean;
}

const CONDITION_KEYWORDS = new Set(["if", "not", "contains", "propertyNames"]);

/** Every subschema of the document (objects only; `true`/`false` schemas need no checks). */
function collectSubschemas(root: JsonSchema): SchemaNode[] {
  const out: SchemaNode[] = [];
  const visit = (node: unknown, pointer: string, condition: boolean) => {
    if (!isObject(node)) return;
    out.push({ node, pointer, condition });
    for (const k of SCHEMA_KEYWORDS) visit(node[k], `${pointer}/${k}`, condition || CONDITION_KEYWORDS.has(k));
    for (const k of SCHEMA_LIST_KEYWORDS) {
      if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((s, i) => visit(s, `${pointer}/${k}/${i}`, condition));
    }
    for (const k of SCHEMA_MAP_KEYWORDS) {
      const map = node[k];
      if (isObject(map)) for (const [name, s] of Object.entries(map)) visit(s, `${pointer}/${k}/${escapePointerToken(name)}`, condition);
    }
    if (Array.isArray(node.items)) node.items.forEach((s, i) => visit(s, `${pointer}/items/${i}`, condition));
    else visit(node.items, `${pointer}/items`, condition);
  };
  visit(root, "", false);
  return out;
}

/** Only local references that resolve: a remote one would make the server fetch URLs chosen by a form author. */
function checkRefs(root: JsonSchema, nodes: SchemaNode[]): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const { node, pointer } of nodes) {
    if (typeof node.$ref !== "string") continue;
    if (!node.$ref.startsWith("#")) {
      problems.push(schemaProblem(`${pointer}/$ref`, `riferimento remoto non ammesso (${node.$ref}): usare solo riferimenti interni "#/definitions/…"`));
    } else if (!resolveLocalRef(root, node.$ref)) {
      problems.push(schemaProblem(`${pointer}/$ref`, `riferimento a una definizione inesistente (${node.$ref})`));
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

/**
 * Keywords allowed beside `$ref`. Draft-07 ignores every sibling of `$ref`,
 * but ajv applies them (ADR 0003, conformance): a `maxItems` there would be
 * enforced by Schedario and ignored by any other tool. Refusing all but
 * annotations (which validate nothing; rjsf shows them) removes the ambiguity.
 */
const REF_ANNOTATION_SIBLINGS = new Set(["title", "description", "default", "examples", "$comment", "readOnly", "writeOnly"]);

/**
 * A cycle of references is refused when it cannot terminate: every valid
 * value would be infinite (a required property, a non-empty array or an
 * allOf leading back to itself), so no form could ever be filled in or
 * rendered. Optional recursion (a tree of optional children) is allowed.
 */
function checkRefCycles(nodes: SchemaNode[]): LintProblem[] {
  const byPointer = new Map(nodes.map((n) => [n.pointer, n.node]));
  const mandatoryNext = (node: JsonSchema, pointer: string): string[] => {
    const next: string[] = [];
    if (typeof node.$ref === "string") next.push(decodeURIComponent(node.$ref.slice(1)));
    if (Array.isArray(node.allOf)) node.allOf.forEach((_, i) => next.push(`${pointer}/allOf/${i}`));
    const required = Array.isArray(node.required) ? node.required : [];
    if (isObject(node.properties)) {
      for (const name of required) {
        if (typeof name === "string" && name in node.properties) next.push(`${pointer}/properties/${escapePointerToken(name)}`);
      }
    }
    if (isObject(node.items) && typeof node.minItems === "number" && node.minItems > 0) next.push(`${pointer}/items`);
    return next.filter((p) => byPointer.has(p));
  };

  const problems: LintProblem[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (pointer: string) => {
    state.set(pointer, "visiting");
    for (const next of mandatoryNext(byPointer.get(pointer)!, pointer)) {
      const s = state.get(next);
      if (s === "visiting") {
        problems.push(schemaProblem(pointer, "riferimento circolare che non termina: ogni valore valido sarebbe infinito"));
      } else if (s === undefined) visit(next);
    }
    state.set(pointer, "done");
  };
  for (const { pointer } of nodes) if (!state.has(pointer)) visit(pointer);
  return problems;
}

/** Every field and every option of a choice list has a human title. */
function checkTitles(root: JsonSchema, nodes: SchemaNode[]): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const { node, pointer, condition } of nodes) {
    if (condition) continue;
    if (isObject(node.properties)) {
      for (const [name, property] of Object.entries(node.properties)) {
        if (isObject(property) && !titleOf(root, property)) {
          problems.push(schemaProblem(`${pointer}/properties/${escapePointerToken(name)}`, `il campo "${name}" non ha un titolo ("title")`));
        }
      }
    }
    for (const keyword of ["oneOf", "anyOf"] as const) {
      const branches = node[keyword];
      if (!isChoiceList(branches)) continue;
      branches.forEach((option, i) => {
        if (typeof option.title !== "string" || !option.title.trim()) {
          problems.push(schemaProblem(`${pointer}/${keyword}/${i}`, `l'opzione ${JSON.stringify(option.const)} non ha un titolo ("title")`));
        }
      });
    }
  }
  return problems;
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

/** The uiSchema may only name fields the schema declares (a typo would silently do nothing). */
function checkUiSchema(root: JsonSchema, ui: Record<string, unknown>, pointer: string, schema: JsonSchema): LintProblem[] {
  const problems: LintProblem[] = [];
  const properties = declaredProperties(root, schema);
  const items = dereference(root, schema).items;
  for (const [key, value] of Object.entries(ui)) {
    const here = `${pointer}/${escapePointerToken(key)}`;
    if (key === "ui:order") {
      if (!Array.isArray(value)) continue;
      value.forEach((name, i) => {
        if (name !== "*" && !properties.has(String(name))) {
          problems.push({ source: "uiSchema", path: `${here}/${i}`, message: `"ui:order" nomina il campo "${name}", che non esiste nello schema` });
        }
      });
    } else if (key.startsWith("ui:")) {
      continue;
    } else if (key === "items" && isObject(items)) {
      if (isObject(value)) problems.push(...checkUiSchema(root, value, here, items));
    } else if (!properties.has(key)) {
      problems.push({ source: "uiSchema", path: here, message: `il campo "${key}" non esiste nello schema` });
    } else if (isObject(value)) {
      problems.push(...checkUiSchema(root, value, here, properties.get(key)!));
    }
  }
  return problems;
}

/**
 * Regular expressions run on data typed by anyone; one with catastrophic
 * backtracking would let a single submission stall the server. recheck
 * proves each one safe; what it cannot prove within the budget is refused.
 */
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
  const verdicts = new Map<string, string | undefined>();
  const problems: LintProblem[] = [];
  for (const { source, pointer } of patterns) {
    if (!verdicts.has(source)) verdicts.set(source, await judgePattern(source, deadline));
    const verdict = verdicts.get(source);
    if (verdict) problems.push(schemaProblem(pointer, verdict));
  }
  return problems;
}

/** Why a pattern is refused, or undefined when it is safe. */
async function judgePattern(source: string, deadline: number): Promise<string | undefined> {
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
  // Imported here, not with the module: recheck is large, and most definitions have no pattern.
  const { check: checkRegex } = await import("recheck");
  const diagnostics = await checkRegex(source, "u", { timeout: remaining - 25, signal: AbortSignal.timeout(remaining) }).catch(() => undefined);
  if (diagnostics?.status === "safe") return undefined;
  if (diagnostics?.status === "vulnerable") {
    return `espressione regolare esposta a backtracking catastrofico (ReDoS, complessità ${diagnostics.complexity.type}): riscriverla senza ripetizioni annidate o ambigue`;
  }
  return "impossibile dimostrare che l'espressione regolare sia sicura entro il tempo massimo: semplificarla";
}

/** Compiles in strict mode: catches unknown keywords and formats the meta-schema lets through. */
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
    if (format) return [schemaProblem(format[2]!, `formato sconosciuto "${format[1]}"`)];
    return [schemaProblem("", `lo schema non può essere compilato: ${message}`)];
  }
}
