import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

// The API's route files, by name: api.v1.forms.$slug._index.ts → /forms/{slug}.
const routeFiles = Object.keys(import.meta.glob("../routes/api.v1.*.ts")).map((file) => path.basename(file, ".ts"));

function pathOf(routeId: string): string {
  const segments = routeId
    .replace(/^api\.v1\./, "")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? `{${s.slice(1)}}` : s));
  return `/${segments.join("/")}`;
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    // The validator keeps a reference to the document: hand it a copy.
    const result = await new Validator().validate(structuredClone(openApiDocument));
    expect(result).toEqual({ valid: true });
  });

  it("describes exactly the API's endpoints (besides the JSON 404 catch-all and itself)", () => {
    const documented = routeFiles.filter((id) => id !== "api.v1.$" && id !== "api.v1.openapi[.]json").map(pathOf).sort();
    expect(Object.keys(openApiDocument.paths).sort()).toEqual(documented);
  });

  it("resolves every $ref to a schema it defines", () => {
    const refs = JSON.stringify(openApiDocument).match(/#\/components\/schemas\/\w+/g) ?? [];
    const defined = Object.keys(openApiDocument.components.schemas);
    for (const ref of new Set(refs)) expect(defined).toContain(ref.split("/").pop());
  });

  it("names every path parameter in its path", () => {
    for (const [p, item] of Object.entries(openApiDocument.paths)) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const operation of Object.values(item) as { parameters?: { name: string; in: string }[] }[]) {
        const declared = (operation.parameters ?? []).filter((x) => x.in === "path").map((x) => x.name).sort();
        expect({ path: p, params: declared }).toEqual({ path: p, params: inPath });
      }
    }
  });
});
