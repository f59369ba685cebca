import { COMPUTED_KEYWORD, COMPUTED_OPS, computedInputs, findComputedDeclarations, type ComputedField } from "../schema/computed";
import { choiceValues, declaredProperties, dereference, escapePointerToken, isObject, pointerTokens, type JsonSchema } from "../schema/json-schema";
import type { LintProblem } from "./lint-problem";

/** Keywords whose values are data, not schemas: a "x-computed" key inside them is not a declaration. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);
/** Keywords whose values map names to schemas: their keys are field or definition names. */
const NAME_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions", "dependencies"]);

const ALLOWED_KEYS: Record<string, string[]> = {
  sum: ["op", "fields", "minAnswered"],
  mean: ["op", "fields", "minAnswered", "decimals"],
  count: ["op", "fields", "values"],
  band: ["op", "field", "bands"],
};
const NUMBER_TYPES = ["integer", "number"];
const RESULT_TYPES: Record<string, string[]> = { sum: NUMBER_TYPES, count: NUMBER_TYPES, mean: ["number"], band: ["string"] };

/**
 * The problems of a form's computed fields (ADR 0013), each at its JSON
 * pointer in the schema with an Italian explanation: the keyword only on a
 * read-only, optional property outside lists and references, of the type its
 * result has; a known operation with well-formed arguments; fields read that
 * exist, are numbers where a number is needed (or are scored by a table whose
 * answers are among their options); no computed field depending on itself.
 * Called by lintFormDefinition once the schema's references resolve.
 */
export function checkComputedFields(root: JsonSchema): LintProblem[] {
  const declarations = findComputedDeclarations(root);
  const allowed = new Set(declarations.map((d) => schemaPointerOf(d.pointer)));
  const problems: LintProblem[] = [];
  const fields: ComputedField[] = [];
  for (const declaration of declarations) {
    const { pointer, rule } = declaration;
    if (isObject(rule) && COMPUTED_OPS.includes(rule.op as (typeof COMPUTED_OPS)[number])) fields.push(declaration as ComputedField);
    else problems.push(problem(`${schemaPointerOf(pointer)}/${COMPUTED_KEYWORD}`, `calcolo sconosciuto: "op" è uno fra ${COMPUTED_OPS.map((o) => `"${o}"`).join(", ")} (somma, media, conteggio, fasce)`));
  }
  for (const at of keywordLocations(root, "", false)) {
    if (!allowed.has(at)) {
      problems.push(problem(`${at}/${COMPUTED_KEYWORD}`, "un campo calcolato va dichiarato direttamente fra i campi del modulo o di una sua sezione: non in una lista ripetibile, una definizione, una condizione o un riferimento ($ref)"));
    }
  }
  const ruleProblems = fields.flatMap((field) => checkField(root, field));
  return [...problems, ...ruleProblems, ...checkCycles(fields)];
}

/** The schema pointer of the property holding a data pointer ("/a/b" → "/properties/a/properties/b"). */
function schemaPointerOf(dataPointer: string): string {
  return pointerTokens(dataPointer)
    .map((t) => `/properties/${escapePointerToken(t)}`)
    .join("");
}

/** Schema pointers of every object carrying the keyword, wherever it is. */
function keywordLocations(node: unknown, pointer: string, namesMap: boolean): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => keywordLocations(item, `${pointer}/${i}`, false));
  if (!isObject(node)) return [];
  const out: string[] = [];
  if (!namesMap && COMPUTED_KEYWORD in node) out.push(pointer);
  for (const [key, value] of Object.entries(node)) {
    if (!namesMap && DATA_KEYWORDS.has(key)) continue;
    if (!namesMap && key === COMPUTED_KEYWORD) continue;
    out.push(...keywordLocations(value, `${pointer}/${escapePointerToken(key)}`, !namesMap && NAME_MAP_KEYWORDS.has(key)));
  }
  return out;
}

function problem(path: string, message: string): LintProblem {
  return { source: "schema", path, message };
}

function checkField(root: JsonSchema, { pointer, rule }: ComputedField): LintProblem[] {
  const at = `${schemaPointerOf(pointer)}/${COMPUTED_KEYWORD}`;
  const problems: LintProblem[] = [];
  const raw = rule as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!ALLOWED_KEYS[rule.op]!.includes(key)) problems.push(problem(`${at}/${escapePointerToken(key)}`, `"${key}" non è previsto per l'operazione "${rule.op}" (ammessi: ${ALLOWED_KEYS[rule.op]!.join(", ")})`));
  }

  const tokens = pointerTokens(pointer);
  const parent = tokens.slice(0, -1).reduce<JsonSchema>((node, t) => (node.properties as Record<string, JsonSchema>)[t]!, root);
  const property = (parent.properties as Record<string, JsonSchema>)[tokens.at(-1)!]!;
  const propertyAt = schemaPointerOf(pointer);
  if (property.readOnly !== true) problems.push(problem(`${propertyAt}/readOnly`, 'un campo calcolato deve essere in sola lettura: aggiungere "readOnly": true'));
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (!types.every((t) => RESULT_TYPES[rule.op]!.includes(t as string))) {
    problems.push(problem(`${propertyAt}/type`, `il risultato di "${rule.op}" è ${rule.op === "band" ? "un testo: usare \"type\": \"string\"" : rule.op === "mean" ? "un numero con decimali: usare \"type\": \"number\"" : "un numero: usare \"type\": \"integer\" o \"number\""}`));
  }
  if (Array.isArray(parent.required) && parent.required.includes(tokens.at(-1))) {
    problems.push(problem(`${schemaPointerOf(pointer.slice(0, pointer.lastIndexOf("/")))}/required`, `il campo calcolato "${tokens.at(-1)}" non può essere obbligatorio: resta vuoto finché mancano le risposte da cui dipende`));
  }

  if (rule.op === "band") {
    problems.push(...checkInput(root, rule.field, `${at}/field`, pointer, true));
    problems.push(...checkBands(rule.bands, `${at}/bands`));
    return problems;
  }
  if (!Array.isArray(rule.fields) || rule.fields.length === 0) {
    problems.push(problem(`${at}/fields`, '"fields" deve elencare almeno un campo (puntatori JSON, es. "/sezione/domanda")'));
    return problems;
  }
  rule.fields.forEach((term, i) => {
    const termAt = `${at}/fields/${i}`;
    if (typeof term === "string") {
      problems.push(...checkInput(root, term, termAt, pointer, rule.op !== "count"));
    } else if (isObject(term) && typeof term.field === "string" && isObject(term.scores)) {
      problems.push(...checkInput(root, term.field, `${termAt}/field`, pointer, false));
      problems.push(...checkScores(root, term.field, term.scores, `${termAt}/scores`));
    } else {
      problems.push(problem(termAt, 'ogni elemento di "fields" è un puntatore JSON ("/campo") o {"field": "/campo", "scores": {"risposta": punteggio, …}}'));
    }
  });
  if ("minAnswered" in rule && rule.minAnswered !== undefined && !(Number.isInteger(rule.minAnswered) && rule.minAnswered >= 1 && rule.minAnswered <= rule.fields.length)) {
    problems.push(problem(`${at}/minAnswered`, `"minAnswered" è un numero intero da 1 a ${rule.fields.length} (quante risposte servono almeno)`));
  }
  if (rule.op === "mean" && rule.decimals !== undefined && !(Number.isInteger(rule.decimals) && rule.decimals >= 0 && rule.decimals <= 6)) {
    problems.push(problem(`${at}/decimals`, '"decimals" è un numero intero da 0 a 6'));
  }
  if (rule.op === "count" && rule.values !== undefined && !(Array.isArray(rule.values) && rule.values.length > 0)) {
    problems.push(problem(`${at}/values`, '"values" elenca le risposte da contare (almeno una)'));
  }
  return problems;
}

/** A field read by a computation exists (outside lists), is not the computed field itself and, when `numeric`, holds a number. */
function checkInput(root: JsonSchema, input: unknown, at: string, self: string, numeric: boolean): LintProblem[] {
  if (typeof input !== "string" || !input.startsWith("/")) return [problem(at, `${JSON.stringify(input)} non è un puntatore JSON a un campo (es. "/sezione/domanda")`)];
  if (input === self) return [problem(at, "un campo calcolato non può dipendere da sé stesso")];
  let node: JsonSchema | undefined = root;
  for (const token of pointerTokens(input)) {
    node = node && declaredProperties(root, node).get(token);
  }
  if (!node) return [problem(at, `il campo "${input}" non esiste (o è dentro una lista ripetibile, che un calcolo non può leggere)`)];
  if (!numeric) return [];
  const declared = dereference(root, node);
  const types = Array.isArray(declared.type) ? declared.type : [declared.type];
  if (types.some((t) => NUMBER_TYPES.includes(t as string))) return [];
  return [problem(at, `il campo "${input}" non è un numero: indicare per le sue risposte un punteggio ({"field": "${input}", "scores": {…}})`)];
}

/** A score table gives a finite number to answers the field can hold. */
function checkScores(root: JsonSchema, input: string, scores: Record<string, unknown>, at: string): LintProblem[] {
  const entries = Object.entries(scores);
  if (entries.length === 0) return [problem(at, "la tabella dei punteggi è vuota: dare un punteggio ad almeno una risposta")];
  let node: JsonSchema | undefined = root;
  for (const token of pointerTokens(input)) node = node && declaredProperties(root, node).get(token);
  const options = node ? choiceValues(root, node).map(String) : [];
  const problems: LintProblem[] = [];
  for (const [answer, score] of entries) {
    if (typeof score !== "number" || !Number.isFinite(score)) problems.push(problem(`${at}/${escapePointerToken(answer)}`, `il punteggio della risposta "${answer}" deve essere un numero`));
    else if (options.length && !options.includes(answer)) problems.push(problem(`${at}/${escapePointerToken(answer)}`, `"${answer}" non è fra le risposte possibili del campo (${options.join(", ")})`));
  }
  return problems;
}

/** Bands in increasing order, each with a label; every one but the last with a `max`, the last without (it takes what is left). */
function checkBands(bands: unknown, at: string): LintProblem[] {
  if (!Array.isArray(bands) || bands.length === 0) return [problem(at, '"bands" elenca le fasce, dalla più bassa: [{"max": 13, "label": "…"}, …, {"label": "…"}]')];
  const problems: LintProblem[] = [];
  let previous = -Infinity;
  bands.forEach((band, i) => {
    const last = i === bands.length - 1;
    if (!isObject(band) || typeof band.label !== "string" || !band.label.trim()) {
      problems.push(problem(`${at}/${i}`, 'ogni fascia ha un nome ("label")'));
      return;
    }
    const extra = Object.keys(band).filter((k) => k !== "label" && k !== "max");
    if (extra.length) problems.push(problem(`${at}/${i}`, `una fascia ha solo "max" e "label" (non ${extra.map((k) => `"${k}"`).join(", ")})`));
    if (last && band.max !== undefined) problems.push(problem(`${at}/${i}/max`, "l'ultima fascia non ha massimo: raccoglie tutti i valori sopra la penultima"));
    if (!last && (typeof band.max !== "number" || !Number.isFinite(band.max))) problems.push(problem(`${at}/${i}`, `la fascia "${band.label}" ha bisogno del valore massimo ("max")`));
    else if (!last && (band.max as number) <= previous) problems.push(problem(`${at}/${i}/max`, `le fasce vanno in ordine crescente: ${band.max} non supera ${previous}`));
    if (typeof band.max === "number") previous = band.max;
  });
  return problems;
}

/** Computed fields that depend on themselves through others would never get a value. */
function checkCycles(fields: ComputedField[]): LintProblem[] {
  const byPointer = new Map(fields.map((f) => [f.pointer, f]));
  const inCycle = new Set<string>();
  for (const start of fields) {
    const stack = [...computedInputs(start.rule)];
    const seen = new Set<string>();
    while (stack.length) {
      const next = stack.pop()!;
      if (next === start.pointer) {
        inCycle.add(start.pointer);
        break;
      }
      const dependency = byPointer.get(next);
      if (dependency && !seen.has(next)) {
        seen.add(next);
        stack.push(...computedInputs(dependency.rule));
      }
    }
  }
  return [...inCycle].map((p) => problem(`${schemaPointerOf(p)}/${COMPUTED_KEYWORD}`, "questo calcolo dipende, attraverso altri campi calcolati, da sé stesso"));
}
