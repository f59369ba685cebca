import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FormDocument } from "../../app/forms/builder/document";

/** Test helper: every built-in form of `schemas/` as the editor opens it, by slug. */
export function builtinDocuments(): [string, FormDocument][] {
  const dir = path.resolve("schemas");
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => [
      e.name,
      {
        schema: JSON.parse(readFileSync(path.join(dir, e.name, "schema.json"), "utf8")),
        uiSchema: JSON.parse(readFileSync(path.join(dir, e.name, "ui.json"), "utf8")),
      },
    ]);
}

/** Test helper: the smallest form the editor starts from. */
export function emptyDocument(): FormDocument {
  return {
    schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", title: "Modulo di prova", properties: {} },
    uiSchema: {},
  };
}
