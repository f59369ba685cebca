import { describe, expect, it } from "vitest";
import type { CaseSubmission } from "./cases.server";
import { casePathFor } from "./case-paths";
import { buildTimeline, stageOf } from "./timeline";

let nextId = 1;
function entry(form: string, timePoint: string | null, createdAt: string, formKind = "assessment"): CaseSubmission {
  const at = new Date(createdAt);
  return { id: nextId++, form, formTitle: form, formKind, status: "submitted", timePoint, createdAt: at, updatedAt: at };
}

const PIPPI = casePathFor("tutela-minori");
const ALL_PATH_FORMS = PIPPI.stages.map((s) => s.form);

describe("stageOf", () => {
  it.each([
    [{ form: "scheda-segnalazione", timePoint: null }, "intake"],
    [{ form: "pre-assessment", timePoint: null }, "pre-assessment"],
    [{ form: "mondo-del-bambino", timePoint: "T1" }, "assessment-T1"],
    [{ form: "mondo-del-bambino", timePoint: null }, "undated:mondo-del-bambino"],
    [{ form: "mondo-del-bambino", timePoint: "T9" }, "undated:mondo-del-bambino"],
    [{ form: "microprogettazione", timePoint: "T0" }, "plan-T0"],
    [{ form: "relazione-tribunale", timePoint: null }, "report"],
    [{ form: "verbale-spazio-neutro", timePoint: null }, "other"],
    [{ form: "consenso-intervento", timePoint: null }, "other"],
  ])("%j → %s", (e, stage) => {
    expect(stageOf(e, PIPPI)).toBe(stage);
  });

  it("reads the stages of the case's own service", () => {
    expect(stageOf({ form: "verbale-spazio-neutro", timePoint: null }, casePathFor("spazio-neutro"))).toBe("meetings");
    expect(stageOf({ form: "mondo-del-bambino", timePoint: "T0" }, casePathFor("penale-minorile"))).toBe("other");
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
    const stages = buildTimeline(entries, PIPPI, ALL_PATH_FORMS).filter((s) => s.entries.length);
    expect(stages.map((s) => [s.key, s.entries.map((e) => e.createdAt.toISOString())])).toEqual([
      ["intake", ["2026-01-01T10:00:00.000Z"]],
      ["assessment-T0", ["2026-01-15T10:00:00.000Z", "2026-03-01T10:00:00.000Z"]],
      ["plan-T0", ["2026-02-01T10:00:00.000Z"]],
      ["assessment-T1", ["2026-04-01T10:00:00.000Z"]],
      ["report", ["2026-06-01T10:00:00.000Z"]],
    ]);
  });

  it("flags two schede in a stage filled once, never in a repeatable one", () => {
    const entries = [
      entry("mondo-del-bambino", "T0", "2026-01-01T10:00:00Z"),
      entry("mondo-del-bambino", "T0", "2026-01-02T10:00:00Z"),
      entry("relazione-tribunale", null, "2026-02-01T10:00:00Z", "report"),
      entry("relazione-tribunale", null, "2026-03-01T10:00:00Z", "report"),
    ];
    const flagged = buildTimeline(entries, PIPPI, ALL_PATH_FORMS).filter((s) => s.duplicate);
    expect(flagged.map((s) => s.key)).toEqual(["assessment-T0"]);
  });

  it("shows every stage of the path, marking those whose form is not offered as not available, and 'other' only with entries", () => {
    const stages = buildTimeline([], PIPPI, ["mondo-del-bambino"]);
    expect(stages.map((s) => s.key)).toEqual(PIPPI.stages.map((s) => s.key));
    expect(stages.filter((s) => s.available).map((s) => s.key)).toEqual(["assessment-T0", "assessment-T1", "assessment-T2"]);
  });

  it("lists the schede of a service without a path under one bucket", () => {
    const stages = buildTimeline([entry("verbale-spazio-neutro", null, "2026-01-01T10:00:00Z", "report")], casePathFor("consulenza-legale"), []);
    expect(stages.map((s) => [s.key, s.label])).toEqual([["other", "Schede"]]);
  });

  it("keeps drafts without a time point on the path, after the last stage of their form", () => {
    const stages = buildTimeline([entry("mondo-del-bambino", null, "2026-01-01T10:00:00Z")], PIPPI, ALL_PATH_FORMS);
    const keys = stages.map((s) => s.key);
    expect(keys.indexOf("undated:mondo-del-bambino")).toBe(keys.indexOf("assessment-T2") + 1);
    expect(stages[keys.indexOf("undated:mondo-del-bambino")]!.label).toBe("mondo-del-bambino — tempo di rilevazione non indicato");
  });
});
