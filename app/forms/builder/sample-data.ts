import { dereference, isObject, type JsonSchema } from "../schema/json-schema";
import { readConditionEntry } from "./condition";
import { jsonEqual } from "./document";
import { SAFE_PATTERNS } from "./safe-patterns";

/**
 * Plausible data for the preview's "dati di esempio" toggle: every field
 * filled with a value its schema accepts (first option, lower bound, an
 * example of a named pattern), so the administrator sees a completed form.
 * A field the builder shows under a condition is filled when the sample
 * meets its condition (as a person filling the form would see it).
 */
export function sampleData(root: JsonSchema, schema: JsonSchema = root, depth = 0): unknown {
  const node = dereference(root, schema);
  if (depth > 12) return undefined;
  if ("const" in node) return node.const;
  if (Array.isArray(node.oneOf) && node.oneOf.length && isObject(node.oneOf[0]) && "const" in node.oneOf[0]) return node.oneOf[0].const;
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      if (isObject(node.properties)) {
        for (const [key, child] of Object.entries(node.properties)) {
          if (!isObject(child)) continue;
          const value = sampleData(root, child, depth + 1);
          if (value !== undefined) out[key] = value;
        }
      }
      for (const entry of Array.isArray(node.allOf) ? node.allOf : []) {
        const conditional = readConditionEntry(entry);
        if (!conditional) continue;
        const { field, operator, value } = conditional.condition;
        if (jsonEqual(out[field], value) !== (operator === "eq")) continue;
        const sample = sampleData(root, conditional.definition, depth + 1);
        if (sample !== undefined) out[conditional.key] = sample;
      }
      return out;
    }
    case "array": {
      if (!isObject(node.items)) return [];
      const count = Math.max(1, typeof node.minItems === "number" ? node.minItems : 1);
      const items = dereference(root, node.items);
      if (Array.isArray(items.oneOf)) return items.oneOf.slice(0, count).map((o) => (isObject(o) ? o.const : undefined));
      return Array.from({ length: count }, () => sampleData(root, items, depth + 1));
    }
    case "string":
      return sampleText(node);
    case "number":
    case "integer": {
      const low = typeof node.minimum === "number" ? node.minimum : undefined;
      const high = typeof node.maximum === "number" ? node.maximum : undefined;
      return low ?? (high !== undefined ? Math.min(high, 1) : 1);
    }
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return undefined;
  }
}

function sampleText(node: JsonSchema): string | undefined {
  if (node.format === "date") return "2026-01-15";
  if (node.format === "email") return "nome.cognome@example.it";
  if (typeof node.pattern === "string") {
    const known = Object.values(SAFE_PATTERNS).find((p) => p.pattern === node.pattern);
    return known?.example;
  }
  const min = typeof node.minLength === "number" ? node.minLength : 0;
  const max = typeof node.maxLength === "number" ? node.maxLength : 200;
  return "Testo di esempio".padEnd(min, ".").slice(0, Math.max(min, Math.min(max, 16)));
}
