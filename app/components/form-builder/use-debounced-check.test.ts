import { describe, expect, it } from "vitest";
import type { FormDocument } from "~/forms/builder/document";
import { checkRequest } from "./use-debounced-check";

const doc = (): FormDocument => ({ schema: { type: "object", properties: { nome: { type: "string" } } }, uiSchema: {} });

describe("checkRequest", () => {
  it("is the same for the same content, so a re-render does not check again", () => {
    expect(checkRequest(doc(), { nome: "Ada" })).toBe(checkRequest(doc(), { nome: "Ada" }));
  });

  it("changes with the document and with the preview's data", () => {
    const changed = doc();
    changed.uiSchema = { nome: { "ui:widget": "textarea" } };
    expect(checkRequest(changed, {})).not.toBe(checkRequest(doc(), {}));
    expect(checkRequest(doc(), { nome: "Ada" })).not.toBe(checkRequest(doc(), {}));
  });

  it("asks nothing while the JSON tab does not parse", () => {
    expect(checkRequest(undefined, { nome: "Ada" })).toBeUndefined();
  });

  it("sends the schema, the uiSchema and the data, nothing else", () => {
    const withExtra = { ...doc(), contentHash: "abc" };
    expect(JSON.parse(checkRequest(withExtra, { nome: "Ada" })!)).toEqual({ ...doc(), data: { nome: "Ada" } });
  });
});
