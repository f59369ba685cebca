import type { JsonSchema } from "~/forms/schema/json-schema";

type UiNode = Record<string, unknown>;

/**
 * The uiSchema with an object of its own at every list (array) field that
 * has none. rjsf gives a field without a uiSchema a fresh `{}` on each
 * render, and its list field memoizes the row options on that object: every
 * keystroke in a list then re-renders every row. A `{}` that keeps its
 * identity, which means the same to rjsf, lets the unchanged rows skip.
 * Lists are found through `properties`, `items` and the branches of
 * `allOf`/`if`-`then`-`else`; one not found only misses the speed-up.
 */
export function withStableListUiSchemas(schema: JsonSchema, uiSchema: UiNode): UiNode {
  return fill(schema, uiSchema);
}

function fill(schema: unknown, ui: UiNode): UiNode {
  if (!isObject(schema)) return ui;
  let result = ui;
  const set = (key: string, value: UiNode) => {
    if (result[key] === value) return;
    if (result === ui) result = { ...ui };
    result[key] = value;
  };
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const own = isObject(ui[name]) ? (ui[name] as UiNode) : undefined;
      const needsOwn = isObject(child) && child.type === "array";
      if (!own && !needsOwn && !hasNested(child)) continue;
      set(name, fill(child, own ?? {}));
    }
  }
  if (isObject(schema.items) && hasNested(schema.items)) {
    set("items", fill(schema.items, isObject(ui.items) ? (ui.items as UiNode) : {}));
  }
  for (const branch of [...(Array.isArray(schema.allOf) ? schema.allOf : []), schema.then, schema.else]) {
    if (!isObject(branch)) continue;
    const filled = fill(branch, result);
    if (filled !== result) result = filled;
  }
  return result;
}

/** Whether a schema may hold a list below it. */
function hasNested(schema: unknown): boolean {
  return isObject(schema) && (isObject(schema.properties) || isObject(schema.items) || Array.isArray(schema.allOf) || "then" in schema || "else" in schema);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
