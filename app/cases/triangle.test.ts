import { describe, expect, it } from "vitest";
import schema from "../../schemas/mondo-del-bambino/schema.json";
import uiSchema from "../../schemas/mondo-del-bambino/ui.json";
import { buildTriangle, changeOf, changeText, formatAverage, scalePosition, triangleLabels } from "./triangle";

const labels = triangleLabels(schema, uiSchema, "puntoRilevazione");

describe("triangleLabels, from the built-in Il Mondo del Bambino", () => {
  it("reads the three sides with their sub-dimensions in the form's order, and nothing else", () => {
    expect(labels.sides.map((s) => s.title)).toEqual([
      "Bisogni di sviluppo del bambino",
      "Risposte delle figure parentali",
      "Fattori familiari e ambientali",
    ]);
    expect(labels.sides.map((s) => s.subDimensions.length)).toEqual([7, 5, 5]);
    expect(labels.sides[0]!.subDimensions[0]).toEqual({
      key: "saluteCrescita",
      title: "Salute e crescita",
      ratingKey: "valutazione",
      narratives: [
        { key: "descrizione", title: "Descrizione" },
        { key: "voceBambino", title: "Voce del bambino e della famiglia" },
      ],
    });
  });

  it("takes the time points and the scale, worst first, from the form's options", () => {
    expect(labels.timePoints.map((t) => t.value)).toEqual(["T0", "T1", "T2"]);
    expect(labels.timePoints[1]!.label).toBe("T1 – Verifica intermedia");
    expect(labels.scale.map((l) => [l.value, l.rank])).toEqual([[1, 0], [2, 1], [3, 2], [4, 3], [5, 4], [6, 5]]);
    expect(labels.scale.at(-1)!.label).toBe("6 – Punto di forza");
  });

  it("follows a renamed side and a relabelled scale of another version", () => {
    const other = structuredClone(schema);
    other.definitions.scalaValutazione.oneOf[0]!.title = "1 – Grave pregiudizio";
    const { bisogniSviluppo, ...rest } = other.properties;
    const l = triangleLabels({ ...other, properties: { ...rest, sviluppoBambino: { ...bisogniSviluppo, title: "Lo sviluppo del bambino" } } }, {}, "puntoRilevazione");
    expect(l.sides.map((s) => s.key)).toContain("sviluppoBambino");
    expect(l.sides.find((s) => s.key === "sviluppoBambino")!.title).toBe("Lo sviluppo del bambino");
    expect(l.scale[0]!.label).toBe("1 – Grave pregiudizio");
  });
});

describe("buildTriangle", () => {
  const t0 = { bisogniSviluppo: { saluteCrescita: { valutazione: 2, descrizione: "Visite saltate." }, autonomia: { valutazione: 4 } } };
  const t2 = {
    bisogniSviluppo: { saluteCrescita: { valutazione: 5, voceBambino: "«Sto meglio.»" }, autonomia: { valutazione: 3 }, apprendimento: { valutazione: 4 } },
  };

  it("with T0 only: ratings at T0, nothing comparable yet", () => {
    const tri = buildTriangle(labels, [{ timePoint: "T0", data: t0 }]);
    expect(tri.filled).toEqual(["T0"]);
    const health = tri.sides[0]!.subDimensions[0]!;
    expect(health.ratings.map((r) => r?.label ?? null)).toEqual(["2 – Problema", null, null]);
    expect(health.change).toEqual({ direction: "non-confrontabile" });
    expect(health.narratives).toEqual([{ timePoint: "T0", texts: [{ title: "Descrizione", text: "Visite saltate." }] }]);
    expect(tri.sides[0]!.averages).toEqual([3, null, null]);
  });

  it("with T0 and T2: better when the rating moves towards the scale's last level, worse the other way", () => {
    const tri = buildTriangle(labels, [
      { timePoint: "T2", data: t2 },
      { timePoint: "T1", data: null },
      { timePoint: "T0", data: t0 },
    ]);
    expect(tri.filled).toEqual(["T0", "T2"]);
    const [health, , , autonomy, , learning] = tri.sides[0]!.subDimensions;
    expect(health!.change).toEqual({ direction: "migliorato", from: "T0", to: "T2" });
    expect(autonomy!.change).toEqual({ direction: "peggiorato", from: "T0", to: "T2" });
    expect(learning!.change.direction).toBe("non-confrontabile");
    expect(tri.sides[0]!.averages).toEqual([3, null, 4]);
    expect(tri.sides[0]!.change).toEqual({ direction: "migliorato", from: "T0", to: "T2" });
    // A side with no rating at all has no mean.
    expect(tri.sides[1]!.averages).toEqual([null, null, null]);
  });

  it("keeps a value the scale does not hold, without comparing it", () => {
    const tri = buildTriangle(labels, [
      { timePoint: "T0", data: { bisogniSviluppo: { autonomia: { valutazione: 9 } } } },
      { timePoint: "T1", data: { bisogniSviluppo: { autonomia: { valutazione: 4 } } } },
    ]);
    const autonomy = tri.sides[0]!.subDimensions[3]!;
    expect(autonomy.ratings[0]).toEqual({ value: 9, label: "9", rank: null });
    expect(autonomy.change.direction).toBe("non-confrontabile");
    expect(tri.sides[0]!.averages).toEqual([null, 4, null]);
  });

  it("ignores ill-shaped data instead of failing", () => {
    const tri = buildTriangle(labels, [{ timePoint: "T0", data: { bisogniSviluppo: "testo", risposteGenitoriali: { curaBaseSicurezza: [] } } }]);
    expect(tri.sides.every((s) => s.subDimensions.every((d) => d.ratings.every((r) => r === null)))).toBe(true);
  });
});

describe("changes and numbers", () => {
  it("compares the first and last rated time points", () => {
    expect(changeOf(["T0", "T1", "T2"], [null, 3, 3])).toEqual({ direction: "invariato", from: "T1", to: "T2" });
    expect(changeOf(["T0", "T1", "T2"], [5, 1, 6])).toEqual({ direction: "migliorato", from: "T0", to: "T2" });
    expect(changeText({ direction: "peggiorato", from: "T0", to: "T1" })).toBe("peggiorato da T0 a T1");
  });

  it("formats means in Italian and places them between levels", () => {
    expect(formatAverage(3.5)).toBe("3,5");
    expect(formatAverage(4)).toBe("4,0");
    expect(formatAverage(null)).toBe("—");
    expect(scalePosition(labels.scale, 3.5)).toBe(2.5);
    expect(scalePosition(labels.scale, 1)).toBe(0);
    expect(scalePosition(labels.scale, 7)).toBeNull();
  });
});
