import type { ErrorObject } from "ajv";
import { localizeErrors } from "./ajv-options";
import type { FieldError } from "~/lib/errors";
import {
  escapePointerToken,
  isChoiceList,
  pointerTokens,
  schemaForDataPointer,
  titleOf,
  type JsonSchema,
} from "../schema/json-schema";


/** Phrases for the cases ajv-i18n words poorly for a worker filling in a form. */
const FORMAT_MESSAGES: Record<string, string> = {
  date: "inserire una data valida",
  "date-time": "inserire data e ora valide",
  time: "inserire un orario valido",
  email: "inserire un indirizzo e-mail valido",
  uri: "inserire un indirizzo web valido",
};

/** JSON types in words a worker knows. */
const TYPE_NAMES: Record<string, string> = {
  string: "un testo",
  number: "un numero",
  integer: "un numero intero",
  boolean: "sì o no",
  object: "un gruppo di campi",
  array: "un elenco",
  null: "vuoto",
};

/**
 * Turns ajv errors into one Italian message per field, named by the field's
 * title ("Titolo del campo: messaggio"). Errors inside the branches of a oneOf/anyOf are folded into the
 * oneOf/anyOf error itself: for a list of choices, ajv would otherwise report
 * "must be equal to constant" once per option.
 */
export function describeValidationErrors(errors: readonly ErrorObject[] | null | undefined, rootSchema: JsonSchema): FieldError[] {
  if (!errors?.length) return [];
  const copies = errors.map((e) => ({ ...e }));
  localizeErrors(copies);

  const branchPrefixes = copies
    .filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf")
    .map((e) => ({ instancePath: e.instancePath, prefix: `${e.schemaPath}/` }));
  const isBranchNoise = (e: ErrorObject) =>
    branchPrefixes.some((b) => b.instancePath === e.instancePath && e.schemaPath.startsWith(b.prefix));

  const result: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of copies) {
    // An `if` error only says which branch applied; the `then` error carries the problem.
    if (error.keyword === "if" || isBranchNoise(error)) continue;
    const path = fieldPointer(error);
    // One message per field, the first in ajv's order (type before the finer checks).
    if (seen.has(path)) continue;
    seen.add(path);
    result.push({ path, message: `${fieldLabel(rootSchema, path)}: ${describeError(error)}` });
  }
  return result;
}

function fieldPointer(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty !== undefined) {
    return `${error.instancePath}/${escapePointerToken(params.missingProperty)}`;
  }
  if (error.keyword === "additionalProperties" && params.additionalProperty !== undefined) {
    return `${error.instancePath}/${escapePointerToken(params.additionalProperty)}`;
  }
  return error.instancePath;
}

function describeError(error: ErrorObject): string {
  const params = error.params as { format?: string; allowedValue?: unknown };
  switch (error.keyword) {
    case "required":
      return "campo obbligatorio";
    case "additionalProperties":
      return "campo non previsto dal modulo";
    case "enum":
      return "scegliere una delle opzioni previste";
    case "oneOf":
    case "anyOf":
      return isChoiceList(error.schema) ? "scegliere una delle opzioni previste" : (error.message ?? "valore non valido");
    case "const":
      return params.allowedValue === true ? "occorre spuntare la casella" : (error.message ?? "valore non valido");
    case "format":
      return FORMAT_MESSAGES[params.format ?? ""] ?? "formato non valido";
    case "pattern":
      return "formato non valido";
    case "type": {
      const types = String((error.params as { type?: string }).type ?? "").split(",");
      return `deve essere ${types.map((t) => TYPE_NAMES[t] ?? t).join(" o ")}`;
    }
    default:
      return error.message ?? "valore non valido";
  }
}

/**
 * The title of the field at a data pointer. Array elements are numbered from
 * 1; a field nested in a group is prefixed by the group's title, because
 * groups repeat field names ("Salute e crescita › Valutazione").
 */
function fieldLabel(rootSchema: JsonSchema, pointer: string): string {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return titleOf(rootSchema, rootSchema) ?? "Modulo";
  const parentPointer = pointer.slice(0, pointer.lastIndexOf("/"));
  const parent = schemaForDataPointer(rootSchema, parentPointer);
  const parentTitle = parent && titleOf(rootSchema, parent);
  const last = tokens[tokens.length - 1]!;
  if (/^\d+$/.test(last)) return `${parentTitle ?? "Elemento"} n. ${Number(last) + 1}`;
  const schema = schemaForDataPointer(rootSchema, pointer);
  const title = (schema && titleOf(rootSchema, schema)) ?? last;
  return tokens.length > 1 && parentTitle ? `${parentTitle} › ${title}` : title;
}

