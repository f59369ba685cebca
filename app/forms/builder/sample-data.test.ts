import { describe, expect, it } from "vitest";
import { checkDraft } from "./check-draft.server";
import { addField, setCondition } from "./operations";
import { updateField } from "./update-field";
import { FIELD_KINDS } from "./palette";
import { sampleData } from "./sample-data";
import { builtinDocuments, emptyDocument } from "../../../tests/support/builder-documents";

describe("sampleData", () => {
  it("fills a field of every palette kind with a value the server accepts", async () => {
    let doc = emptyDocument();
    for (const kind of FIELD_KINDS) doc = addField(doc, [], kind).doc;
    doc = addField(doc, ["sezione1"], "rating").doc;
    doc = addField(doc, ["gruppo1"], "date").doc;
    // Two required fields under conditions: the one whose condition the sample meets is filled.
    doc = addField(doc, [], "longText").doc;
    doc = updateField(setCondition(doc, ["testoLungo2"], { field: "siNo1", operator: "eq", value: true }), ["testoLungo2"], { required: true });
    doc = addField(doc, [], "shortText").doc;
    doc = updateField(setCondition(doc, ["testo2"], { field: "siNo1", operator: "neq", value: true }), ["testo2"], { required: true });
    const data = sampleData(doc.schema) as Record<string, unknown>;
    expect(data.siNo1).toBe(true);
    expect(data.testoLungo2).toBe("Testo di esempio");
    expect(data).not.toHaveProperty("testo2");
    expect(Object.keys(data).length).toBe(FIELD_KINDS.length + 1);
    expect(await checkDraft({ ...doc, data })).toEqual({ problems: [], errors: [] });
  });

  it.each(builtinDocuments())("%s: sample data is valid", async (_slug, doc) => {
    const data = sampleData(doc.schema);
    expect((await checkDraft({ ...doc, data })).errors).toEqual([]);
  });
});
