import { describe, expect, it } from "vitest";
import type { FormDocument } from "~/forms/builder/document";
import { readFieldTree } from "~/forms/builder/field-tree";
import { addField } from "~/forms/builder/operations";
import { containerNodes, insertionPoint, pathExists, titleAt } from "./field-paths";

/** A form with a text, a section holding a number, and a date: in that order. */
function sampleDocument() {
  const empty: FormDocument = { schema: { type: "object", title: "Prova", properties: {} }, uiSchema: {} };
  const text = addField(empty, [], "shortText");
  const section = addField(text.doc, [], "section");
  const number = addField(section.doc, section.path, "number");
  const date = addField(number.doc, [], "date");
  return { doc: date.doc, text: text.path, section: section.path, number: number.path, date: date.path };
}

describe("field paths of the editor", () => {
  const { doc, text, section, number, date } = sampleDocument();

  it("knows whether a selected field is still in the document", () => {
    expect(pathExists(doc, text)).toBe(true);
    expect(pathExists(doc, number)).toBe(true);
    expect(pathExists(doc, ["nessuno"])).toBe(false);
    expect(pathExists(doc, [...text, "figlio"])).toBe(false);
  });

  it("reads a field's title", () => {
    expect(titleAt(doc, number)).toMatch(/^Numero \d+$/);
  });

  it("lists the sections and groups, depth first", () => {
    expect(containerNodes(readFieldTree(doc)).map((n) => n.key)).toEqual([section.at(-1)]);
  });

  it("adds at the end of the form when nothing (or a vanished field) is selected", () => {
    expect(insertionPoint(doc, undefined)).toEqual({ container: [], label: "fine del modulo" });
    expect(insertionPoint(doc, ["nessuno"])).toEqual({ container: [], label: "fine del modulo" });
  });

  it("adds inside a selected section", () => {
    expect(insertionPoint(doc, section)).toEqual({ container: section, label: `sezione «${titleAt(doc, section)}»` });
  });

  it("adds right after a selected field, in its container", () => {
    expect(insertionPoint(doc, text)).toEqual({ container: [], index: 1, label: `dopo «${titleAt(doc, text)}»` });
    expect(insertionPoint(doc, date)).toEqual({ container: [], index: 3, label: `dopo «${titleAt(doc, date)}»` });
    expect(insertionPoint(doc, number)).toEqual({ container: section, index: 1, label: `dopo «${titleAt(doc, number)}»` });
  });
});
