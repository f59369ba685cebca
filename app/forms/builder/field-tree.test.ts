import { describe, expect, it } from "vitest";
import { readFieldTree, type FieldNode } from "./field-tree";
import { builtinDocuments } from "../../../tests/support/builder-documents";

const flatten = (nodes: FieldNode[]): FieldNode[] => nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);

describe("readFieldTree on the built-in forms", () => {
  it.each(builtinDocuments())("%s: every field is listed, in ui:order, and only $ref fields and confirmations are read-only", (_slug, doc) => {
    const nodes = flatten(readFieldTree(doc));
    expect(readFieldTree(doc).map((n) => n.key)).toEqual((doc.uiSchema["ui:order"] as string[]).filter((k) => k !== "*"));
    const readOnly = nodes.filter((n) => !n.kind);
    // The built-in forms use only palette shapes, except fields written with a $ref (shared
    // definitions) and "I confirm" checkboxes (a boolean that must be `const: true`).
    const unexpected = readOnly.filter((n) => !beyondPalette(doc.schema, n.path));
    expect(unexpected.map((n) => n.path.join("/"))).toEqual([]);
  });
});

function beyondPalette(schema: Record<string, unknown>, path: readonly string[]): boolean {
  let node = schema as Record<string, any>;
  for (const key of path) {
    const container = node.type === "array" ? node.items : node;
    node = container.properties?.[key] ?? container.allOf?.find((e: any) => e.then?.properties?.[key])?.then.properties[key];
  }
  return "$ref" in node || (node.type === "array" && "$ref" in (node.items ?? {})) || (node.type === "boolean" && node.const === true);
}
