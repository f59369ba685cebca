import { describe, expect, it } from "vitest";
import { checkDraft } from "./check-draft.server";
import { addField } from "./operations";
import { FIELD_KINDS } from "./palette";
import { sampleData } from "./sample-data";
import { builtinDocuments, emptyDocument } from "./test-documents";

describe("sampleData", () => {
  it("fills a field of every palette kind with a value the server accepts", async () => {
    let doc = emptyDocument();
    for (const kind of FIELD_KINDS) doc = addField(doc, [], kind).doc;
    doc = addField(doc, ["sezione1"], "rating").doc;
    doc = addField(doc, ["gruppo1"], "date").doc;
    const data = sampleData(doc.schema) as Record<string, unknown>;
    expect(Object.keys(data).length).toBe(FIELD_KINDS.length);
    expect(await checkDraft({ ...doc, data })).toEqual({ problems: [], errors: [] });
  });

  it.each(builtinDocuments())("%s: sample data is valid", async (_slug, doc) => {
    const data = sampleData(doc.schema);
    expect((await checkDraft({ ...doc, data })).errors).toEqual([]);
  });
});
