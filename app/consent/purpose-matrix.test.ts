import { describe, expect, it } from "vitest";
import { purposeMatrix, matrixAttention, type HolderAnswer } from "./purpose-matrix";

const PURPOSES = [
  { name: "intervento", title: "Consenso all'intervento" },
  { name: "psicologo", title: "Consenso allo psicologo" },
];
let clock = 0;
/** An answer of a holder; each call is one second later than the previous one. */
function answer(
  relationship: string,
  values: Record<string, string>,
  extra: Partial<HolderAnswer> = {}
): HolderAnswer {
  clock += 1000;
  return {
    form: "consenso",
    formTitle: "Consenso",
    purposes: PURPOSES,
    relationship,
    source: "link",
    state: "answered",
    at: new Date(clock),
    answers: Object.entries(values).map(([purpose, value]) => ({ purpose, title: purpose, value, label: value })),
    ...extra,
  };
}
const both = { intervento: "acconsento", psicologo: "acconsento" };
const states = (m: ReturnType<typeof purposeMatrix>[number]) => m.purposes.map((p) => [p.name, p.cells.map((c) => `${c.holder}:${c.state}`), p.outcome]);

describe("purposeMatrix", () => {
  it("is complete only when both parents agreed to every purpose", () => {
    const [m] = purposeMatrix([answer("madre", both), answer("padre", both)], []);
    expect(m!.outcome).toBe("complete");
    expect(m!.holders).toEqual(["madre", "padre"]);
    const [half] = purposeMatrix([answer("madre", both)], []);
    expect(half!.outcome).toBe("incomplete");
    expect(states(half!)).toEqual([
      ["intervento", ["madre:agreed", "padre:missing"], "incomplete"],
      ["psicologo", ["madre:agreed", "padre:missing"], "incomplete"],
    ]);
  });

  it("shows one parent's refusal of one purpose as a refusal, not as a signed consent", () => {
    const [m] = purposeMatrix([answer("padre", both), answer("madre", { intervento: "acconsento", psicologo: "non-acconsento" })], []);
    expect(m!.outcome).toBe("refused");
    expect(states(m!)).toEqual([
      ["intervento", ["madre:agreed", "padre:agreed"], "complete"],
      ["psicologo", ["madre:refused", "padre:agreed"], "refused"],
    ]);
    expect(matrixAttention(m!)).toEqual({ refused: [{ purpose: "Consenso allo psicologo", holders: ["madre"] }], waiting: [] });
  });

  it("tells a pending link from a missing one, and counts a withdrawal as no longer in force", () => {
    const [m] = purposeMatrix([answer("madre", {}, { state: "pending" }), answer("padre", both), answer("padre", both, { state: "withdrawn" })], []);
    expect(m!.purposes[0]!.cells.map((c) => c.state)).toEqual(["pending", "withdrawn"]);
    expect(matrixAttention(m!).waiting[0]).toEqual({ purpose: "Consenso all'intervento", holders: ["madre", "padre"] });
  });

  it("lets the newest answer of a holder count: a paper consent after a refusal by link", () => {
    const [m] = purposeMatrix([answer("madre", { intervento: "non-acconsento" }), answer("madre", both, { source: "paper" }), answer("padre", both)], []);
    expect(m!.outcome).toBe("complete");
    expect(m!.purposes[0]!.cells[0]).toEqual({ holder: "madre", state: "agreed", source: "paper" });
  });

  it("is satisfied by one parent under a declared exception, and by a guardian alone", () => {
    const [withException] = purposeMatrix([answer("madre", both)], ["court-order"]);
    expect(withException!.outcome).toBe("complete");
    expect(withException!.purposes[0]!.cells[1]!.state).toBe("exception");
    const [guardian] = purposeMatrix([answer("tutore", both), answer("madre", {}, { state: "pending" })], []);
    expect(guardian!.holders).toEqual(["tutore"]);
    expect(guardian!.outcome).toBe("complete");
  });

  it("does not count the psychologist's exemption as a reason for one parent to suffice", () => {
    expect(purposeMatrix([answer("madre", both)], ["psychologist-court-ordered"])[0]!.outcome).toBe("incomplete");
  });

  it("still asks for someone when an exception is declared but nobody has agreed", () => {
    const [m] = purposeMatrix([answer("madre", {}, { state: "pending" })], ["sole-parent"]);
    expect(m!.outcome).toBe("incomplete");
  });

  it("treats another option (ordered by the court) as not required, and an unanswered purpose as missing", () => {
    const [m] = purposeMatrix([answer("madre", { intervento: "acconsento", psicologo: "disposto-autorita" }), answer("padre", { intervento: "acconsento" })], []);
    expect(states(m!)).toEqual([
      ["intervento", ["madre:agreed", "padre:agreed"], "complete"],
      ["psicologo", ["madre:not-required", "padre:missing"], "incomplete"],
    ]);
  });

  it("answers per consent form, with the purposes of every version involved", () => {
    const other = { form: "privacy", formTitle: "Privacy", purposes: [{ name: "foto", title: "Foto" }] };
    const result = purposeMatrix([answer("madre", both), answer("padre", { foto: "acconsento" }, other)], []);
    expect(result.map((m) => [m.form, m.purposes.map((p) => p.name), m.outcome])).toEqual([
      ["consenso", ["intervento", "psicologo"], "incomplete"],
      ["privacy", ["foto"], "incomplete"],
    ]);
  });
});
