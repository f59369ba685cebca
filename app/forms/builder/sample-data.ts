import { dereference, isObject, type JsonSchema } from "../json-schema";
import { SAFE_PATTERNS } from "./safe-patterns";

/**
 * Plausible data for the preview's "dati di esempio" toggle: every field
 * filled with a value its schema accepts (first option, lower bound, an
 * example of a named pattern), so the administrator sees a completed form.
 * Fields shown only under a condition are left to the person trying it.
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
