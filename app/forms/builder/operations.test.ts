import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../tests/support/seeded-random";
import { lintFormDefinition } from "../validation/lint.server";
import { BuilderError, type FieldPath, type FormDocument } from "./document";
import { detectFieldKind } from "./field-kind";
import { readFieldTree, type FieldNode } from "./field-tree";
import { containerAt, displayOrder, getSlot } from "./locate";
import { addField, moveField, moveFieldBy, removeField, renameField, setCondition } from "./operations";
import { FIELD_KINDS, type FieldKind } from "./palette";
import { builtinDocuments, emptyDocument } from "../../../tests/support/builder-documents";
import { updateField } from "./update-field";

async function expectLintClean(doc: FormDocument, step: string) {
  const problems = await lintFormDefinition(doc);
  expect(problems, step).toEqual([]);
}

function add(doc: FormDocument, container: FieldPath, kind: FieldKind) {
  return addField(doc, container, kind);
}

describe("addField", () => {
  it.each(FIELD_KINDS)("adds a lint-clean %s to the root, a section and a repeatable group", async (kind) => {
    let doc = emptyDocument();
    const section = add(doc, [], "section");
    const group = add(section.doc, [], "group");
    doc = group.doc;
    for (const container of [[], section.path, group.path]) {
      const added = add(doc, container, kind);
      doc = added.doc;
      const { definition } = getSlot(doc, added.path);
      const parent = containerAt(doc, container);
      expect(detectFieldKind(definition, parent.ui[added.path.at(-1)!] as never)).toBe(kind);
      expect(displayOrder(parent).at(-1)).toBe(added.path.at(-1));
      await expectLintClean(doc, `${kind} in ${container.join("/")}`);
    }
  });

  it("never changes the document it was given", () => {
    const doc = emptyDocument();
    const before = JSON.stringify(doc);
    add(doc, [], "rating");
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe("a form built step by step", () => {
  it("stays lint-clean after every operation", async () => {
    const steps: [string, (d: FormDocument) => FormDocument][] = [];
    let doc = emptyDocument();
    const run = async (name: string, op: (d: FormDocument) => FormDocument) => {
      doc = op(doc);
      steps.push([name, op]);
      await expectLintClean(doc, name);
    };
    await run("esito", (d) => add(d, [], "singleChoice").doc);
    await run("note", (d) => add(d, [], "longText").doc);
    await run("scala", (d) => add(d, [], "rating").doc);
    await run("gruppo", (d) => add(d, [], "group").doc);
    await run("nome nel gruppo", (d) => add(d, ["gruppo1"], "shortText").doc);
    await run("rename esito", (d) => renameField(d, ["scelta1"], "esito").doc);
    await run("condition eq", (d) => setCondition(d, ["testoLungo1"], { field: "esito", operator: "eq", value: "opzione-2" }));
    await run("required conditional", (d) => updateField(d, ["testoLungo1"], { required: true, title: "Motivo" }));
    await run("condition neq on scale", (d) => setCondition(d, ["valutazione1"], { field: "esito", operator: "neq", value: "opzione-1" }));
    await run("rename trigger again", (d) => renameField(d, ["esito"], "esitoIncontro").doc);
    await run("rename conditional", (d) => renameField(d, ["testoLungo1"], "motivo").doc);
    await run("move up", (d) => moveFieldBy(d, ["motivo"], -1).doc);
    await run("move into group", (d) => moveField(d, ["gruppo1", "testo1"], [], 0).doc);
    await run("options", (d) =>
      updateField(d, ["esitoIncontro"], {
        options: [
          { code: "opzione-1", label: "Svolto" },
          { code: "opzione-2", label: "Annullato" },
          { code: "rinviato", label: "Rinviato" },
        ],
        widget: "select",
        default: "rinviato",
      })
    );
    await run("pattern", (d) => updateField(d, ["testo1"], { pattern: "cap", maxLength: 5, minLength: 5 }));
    await run("remove trigger", (d) => removeField(d, ["esitoIncontro"]));

    const tree = readFieldTree(doc);
    expect(tree.map((n) => [n.key, n.required, n.condition])).toEqual([
      ["testo1", false, undefined],
      ["motivo", true, undefined],
      ["valutazione1", false, undefined],
      ["gruppo1", false, undefined],
    ]);
    expect(doc.schema.required).toEqual(["motivo"]);
    expect(doc.schema.allOf).toBeUndefined();
  });

  it("writes a condition as a standard if/then entry that keeps the field's place", () => {
    let doc = add(emptyDocument(), [], "yesNo").doc;
    doc = add(doc, [], "shortText").doc;
    doc = add(doc, [], "date").doc;
    doc = setCondition(doc, ["testo1"], { field: "siNo1", operator: "eq", value: true });
    expect(doc.schema.allOf).toEqual([
      { if: { properties: { siNo1: { const: true } }, required: ["siNo1"] }, then: { properties: { testo1: { type: "string", title: "Testo breve 1", maxLength: 200 } } } },
    ]);
    expect(doc.uiSchema["ui:order"]).toEqual(["siNo1", "testo1", "data1"]);
    doc = setCondition(doc, ["testo1"], undefined);
    expect(doc.schema.allOf).toBeUndefined();
    expect(readFieldTree(doc).map((n) => n.key)).toEqual(["siNo1", "testo1", "data1"]);
  });
});

describe("the built-in forms", () => {
  const forms = builtinDocuments();

  it.each(forms)("%s: add, move, rename and remove every top-level field, lint-clean at each step", async (slug, original) => {
    let doc = original;
    const tree = readFieldTree(doc);
    doc = add(doc, [], "rating").doc;
    await expectLintClean(doc, "add rating");
    doc = moveField(doc, [tree[0]!.key], [], 99).doc;
    await expectLintClean(doc, "move first to last");
    expect(displayOrder(containerAt(doc, [])).at(-1)).toBe(tree[0]!.key);
    doc = renameField(doc, [tree[0]!.key], "rinominato").doc;
    await expectLintClean(doc, "rename");
    // A field a computed field reads is refused until that computed field is gone (ADR 0013): a few passes.
    for (let pass = 0; pass < 5 && readFieldTree(doc).length; pass++) {
      for (const node of readFieldTree(doc)) {
        try {
          doc = removeField(doc, [node.key]);
        } catch (error) {
          if (error instanceof BuilderError && /serve a calcolare/.test(error.message)) continue;
          throw error;
        }
        await expectLintClean(doc, `remove ${node.key}`);
      }
    }
    expect(readFieldTree(doc)).toEqual([]);
    expect(JSON.stringify(doc.schema.allOf ?? [])).toBe("[]");
  });

  it("removing a field drops the rules that test it and forgets it in rules that require it", () => {
    const [, verbale] = forms.find(([slug]) => slug === "verbale-spazio-neutro")!;
    const withoutTrigger = removeField(verbale, ["eventiCritici"]);
    expect(withoutTrigger.schema.allOf).toHaveLength(1);
    const withoutRequired = removeField(verbale, ["statoMinorePrima"]);
    expect(JSON.stringify(withoutRequired.schema.allOf)).not.toContain("statoMinorePrima");
    expect(withoutRequired.schema.allOf).toHaveLength(2);
  });

  it("refuses to remove, rename or move out a field that a computed field reads, naming the computed field", () => {
    const [, sdq] = forms.find(([slug]) => slug === "sdq")!;
    expect(() => removeField(sdq, ["risposte"])).toThrow(/serve a calcolare «Sintomi emotivi \(0–10\)»/);
    expect(() => renameField(sdq, ["risposte", "item03"], "domanda3")).toThrow(/serve a calcolare «Sintomi emotivi \(0–10\)».*prima di rinominarlo/);
    expect(() => removeField(sdq, ["punteggi", "emotivi"])).toThrow(/serve a calcolare «Totale delle difficoltà \(0–40\)»/);
    expect(() => moveField(sdq, ["risposte", "item01"], [], 0)).toThrow(/serve a calcolare «Comportamento prosociale \(0–10\)»/);
    // The computed fields themselves go with their section, and then what they read is free.
    const withoutScores = removeField(removeField(sdq, ["fasce"]), ["punteggi"]);
    expect(readFieldTree(removeField(withoutScores, ["risposte"])).map((n) => n.key)).not.toContain("risposte");
  });

  it("renaming a field renames it in the rules of its section", async () => {
    const [, verbale] = forms.find(([slug]) => slug === "verbale-spazio-neutro")!;
    const renamed = renameField(verbale, ["eventiCritici"], "eventiCriticiAccaduti").doc;
    expect(JSON.stringify(renamed.schema.allOf)).toContain('"eventiCriticiAccaduti"');
    expect(JSON.stringify(renamed)).not.toContain('"eventiCritici"');
    await expectLintClean(renamed, "rename trigger");
  });
});

describe("refused edits, with Italian messages and nothing changed", () => {
  const base = () => {
    let doc = add(emptyDocument(), [], "singleChoice").doc;
    doc = add(doc, [], "shortText").doc;
    return add(doc, [], "section").doc;
  };
  const refusals: [string, (d: FormDocument) => unknown, RegExp][] = [
    ["duplicate key", (d) => renameField(d, ["testo1"], "scelta1"), /esiste già un campo con la chiave "scelta1"/],
    ["invalid key", (d) => renameField(d, ["testo1"], "1 campo"), /chiave "1 campo" non valida/],
    ["condition on a missing field", (d) => setCondition(d, ["testo1"], { field: "cancellato", operator: "eq", value: "x" }), /non esiste/],
    ["condition on a text field", (d) => setCondition(d, ["scelta1"], { field: "testo1", operator: "eq", value: "x" }), /solo un campo a scelta/],
    ["condition on an unknown value", (d) => setCondition(d, ["testo1"], { field: "scelta1", operator: "eq", value: "x" }), /non è tra le opzioni/],
    ["pattern outside the safe list", (d) => updateField(d, ["testo1"], { pattern: "(a+)+$" as never }), /formato "\(a\+\)\+\$" non ammesso/],
    ["min above max", (d) => updateField(d, ["testo1"], { minLength: 10, maxLength: 2 }), /lunghezza minima maggiore/],
    ["empty title", (d) => updateField(d, ["testo1"], { title: "  " }), /il titolo è obbligatorio/],
    [
      "duplicate option codes",
      (d) => updateField(d, ["scelta1"], { options: [{ code: "a", label: "A" }, { code: "a", label: "B" }] }),
      /codice "a" è ripetuto/,
    ],
    ["default outside the options", (d) => updateField(d, ["scelta1"], { default: "zzz" }), /deve essere una delle opzioni/],
    ["default against the pattern", (d) => updateField(d, ["testo1"], { pattern: "cap", default: "abc" }), /non rispetta il formato/],
    ["move a section into itself", (d) => moveField(d, ["sezione1"], ["sezione1"], 0), /dentro se stessa/],
    ["move the first field up", (d) => moveFieldBy(d, ["scelta1"], -1), /già il primo/],
    ["a property that does not apply", (d) => updateField(d, ["scelta1"], { pattern: "cap" }), /non si applica/],
  ];

  it.each(refusals)("%s", (_name, edit, message) => {
    const doc = base();
    const before = JSON.stringify(doc);
    expect(() => edit(doc)).toThrow(BuilderError);
    expect(() => edit(doc)).toThrow(message);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("an option tested by a condition cannot be removed", () => {
    const doc = setCondition(base(), ["testo1"], { field: "scelta1", operator: "eq", value: "opzione-2" });
    expect(() => updateField(doc, ["scelta1"], { options: [{ code: "opzione-1", label: "Uno" }] })).toThrow(/non eliminare quell'opzione/);
  });

  it("a conditional field or a trigger stays in its section", () => {
    const doc = setCondition(base(), ["testo1"], { field: "scelta1", operator: "eq", value: "opzione-2" });
    expect(() => moveField(doc, ["testo1"], ["sezione1"], 0)).toThrow(/togliere la condizione/);
    expect(() => moveField(doc, ["scelta1"], ["sezione1"], 0)).toThrow(/usato da una condizione/);
  });
});


function allNodes(nodes: FieldNode[]): FieldNode[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children ?? [])]);
}

describe("random operation sequences (property-based)", () => {
  it.each([1, 2, 3, 4, 5, 6])("seed %i: every accepted operation yields a lint-clean schema", async (seed) => {
    const rnd = seededRandom(seed);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    let doc = emptyDocument();
    for (let step = 0; step < 40; step++) {
      const nodes = allNodes(readFieldTree(doc));
      const containers: FieldPath[] = [[], ...nodes.filter((n) => n.children).map((n) => n.path)];
      const node = nodes.length ? pick(nodes) : undefined;
      const operations: [string, () => FormDocument][] = [
        ["add", () => add(doc, pick(containers), pick(FIELD_KINDS)).doc],
        ...(node
          ? ([
              ["move", () => moveField(doc, node.path, pick(containers), Math.floor(rnd() * 5)).doc],
              ["moveBy", () => moveFieldBy(doc, node.path, rnd() < 0.5 ? -1 : 1).doc],
              ["remove", () => removeField(doc, node.path)],
              ["rename", () => renameField(doc, node.path, `${node.key}R`).doc],
              ["required", () => updateField(doc, node.path, { required: !node.required })],
              [
                "condition",
                () => {
                  const siblings = nodes.filter((n) => n.path.length === node.path.length && n.path.slice(0, -1).join() === node.path.slice(0, -1).join());
                  const trigger = pick(siblings);
                  const definition = getSlot(doc, trigger.path).definition;
                  const values = (definition.oneOf as { const: unknown }[] | undefined) ?? [{ const: "x" }];
                  return setCondition(doc, node.path, { field: trigger.key, operator: rnd() < 0.5 ? "eq" : "neq", value: pick(values).const });
                },
              ],
              ["uncondition", () => setCondition(doc, node.path, undefined)],
            ] as [string, () => FormDocument][])
          : []),
      ];
      const [name, op] = pick(operations);
      try {
        doc = op();
      } catch (error) {
        if (!(error instanceof BuilderError)) throw error;
        continue;
      }
      await expectLintClean(doc, `seed ${seed} step ${step} ${name}`);
    }
  });
});
