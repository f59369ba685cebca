import { describe, expect, it } from "vitest";
import type { CaseSubmission } from "./cases.server";
import { buildTimeline, stageOf, startFormUrl } from "./timeline";

let nextId = 1;
function entry(form: string, timePoint: string | null, createdAt: string, formKind = "assessment"): CaseSubmission {
  const at = new Date(createdAt);
  return { id: nextId++, form, formTitle: form, formKind, status: "submitted", timePoint, createdAt: at, updatedAt: at };
}

const ALL_PATH_FORMS = ["scheda-segnalazione", "pre-assessment", "mondo-del-bambino", "microprogettazione", "relazione-tribunale"];

describe("stageOf", () => {
  it.each([
    [{ form: "scheda-segnalazione", formKind: "intake", timePoint: null }, "intake"],
    [{ form: "un-altro-accesso", formKind: "intake", timePoint: null }, "intake"],
    [{ form: "pre-assessment", formKind: "assessment", timePoint: null }, "pre-assessment"],
    [{ form: "mondo-del-bambino", formKind: "assessment", timePoint: "T1" }, "assessment-T1"],
    [{ form: "mondo-del-bambino", formKind: "assessment", timePoint: null }, "assessment-undated"],
    [{ form: "mondo-del-bambino", formKind: "assessment", timePoint: "T9" }, "assessment-undated"],
    [{ form: "microprogettazione", formKind: "assessment", timePoint: "T0" }, "plan-T0"],
    [{ form: "relazione-tribunale", formKind: "report", timePoint: null }, "report"],
    [{ form: "verbale-spazio-neutro", formKind: "report", timePoint: null }, "other"],
    [{ form: "consenso-intervento", formKind: "consent", timePoint: null }, "other"],
  ])("%j → %s", (e, stage) => {
    expect(stageOf(e)).toBe(stage);
  });
});

describe("buildTimeline", () => {
  it("orders submissions along the path, whatever order they were made in", () => {
    const entries = [
      entry("relazione-tribunale", null, "2026-06-01T10:00:00Z", "report"),
      entry("mondo-del-bambino", "T1", "2026-04-01T10:00:00Z"),
      entry("mondo-del-bambino", "T0", "2026-03-01T10:00:00Z"),
      entry("microprogettazione", "T0", "2026-02-01T10:00:00Z"),
      entry("scheda-segnalazione", null, "2026-01-01T10:00:00Z", "intake"),
      entry("mondo-del-bambino", "T0", "2026-01-15T10:00:00Z"),
    ];
    const stages = buildTimeline(entries, []);
    expect(stages.map((s) => [s.key, s.entries.map((e) => e.createdAt.toISOString())])).toEqual([
      ["intake", ["2026-01-01T10:00:00.000Z"]],
      ["assessment-T0", ["2026-01-15T10:00:00.000Z", "2026-03-01T10:00:00.000Z"]],
      ["plan-T0", ["2026-02-01T10:00:00.000Z"]],
      ["assessment-T1", ["2026-04-01T10:00:00.000Z"]],
      ["report", ["2026-06-01T10:00:00.000Z"]],
    ]);
  });

  it("shows every stage of the path whose form is offered, empty ones included, and 'other' only with entries", () => {
    const stages = buildTimeline([], ALL_PATH_FORMS);
    expect(stages.map((s) => s.key)).toEqual([
      "intake",
      "pre-assessment",
      "assessment-T0",
      "plan-T0",
      "assessment-T1",
      "plan-T1",
      "assessment-T2",
      "plan-T2",
      "report",
    ]);
    expect(stages.every((s) => s.entries.length === 0)).toBe(true);
  });

  it("leaves out the P.I.P.P.I. stages of a service that is not offered them", () => {
    const stages = buildTimeline([entry("verbale-spazio-neutro", null, "2026-01-01T10:00:00Z", "report")], ["relazione-tribunale"]);
    expect(stages.map((s) => s.key)).toEqual(["report", "other"]);
  });

  it("keeps drafts without a time point on the path, after the dated stages", () => {
    const stages = buildTimeline([entry("mondo-del-bambino", null, "2026-01-01T10:00:00Z")], ["mondo-del-bambino"]);
    expect(stages.map((s) => s.key)).toEqual([
      "assessment-T0",
      "assessment-T1",
      "assessment-T2",
      "assessment-undated",
    ]);
  });
});

describe("startFormUrl", () => {
  it("links the fill page with service, comune and case code", () => {
    expect(startFormUrl("mondo-del-bambino", { service: "tutela-minori", comune: "seregno", code: "TM-SER-1" })).toBe(
      "/moduli/mondo-del-bambino/compila?servizio=tutela-minori&comune=seregno&caso=TM-SER-1"
    );
    expect(startFormUrl("relazione-tribunale", { service: "affidi", comune: null, code: "AF-1" })).toBe(
      "/moduli/relazione-tribunale/compila?servizio=affidi&caso=AF-1"
    );
  });
});
