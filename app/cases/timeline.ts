import type { CaseSubmission } from "./cases.server";
/**
 * The P.I.P.P.I. path of a case (DOMAIN.md §2): intake → pre-assessment →
 * "Il Mondo del Bambino" at T0 → micro-planning → the same at T1 and T2 →
 * the report to the court. Pure: it places a case's submissions on that
 * path; the case page renders it.
 */

/** The slugs of the built-in forms that make up the path (schemas/). */
export const PATH_FORMS = {
  intake: "scheda-segnalazione",
  preAssessment: "pre-assessment",
  assessment: "mondo-del-bambino",
  plan: "microprogettazione",
  report: "relazione-tribunale",
} as const;

const TIME_POINTS = ["T0", "T1", "T2"] as const;

export interface TimelineStage {
  key: string;
  label: string;
  /** The form that belongs in this stage, to start it from the case page; null for "other forms". */
  form: string | null;
  entries: CaseSubmission[];
}

/** The stages of the path in order, each with the form that fills it. */
const STAGES: { key: string; label: string; form: string | null }[] = [
  { key: "intake", label: "Segnalazione e accesso", form: PATH_FORMS.intake },
  { key: "pre-assessment", label: "Pre-assessment", form: PATH_FORMS.preAssessment },
  ...TIME_POINTS.flatMap((t) => [
    { key: `assessment-${t}`, label: `Il Mondo del Bambino — ${t}`, form: PATH_FORMS.assessment },
    { key: `plan-${t}`, label: `Microprogettazione — ${t}`, form: PATH_FORMS.plan },
  ]),
  // A draft may not have its time point yet: it still belongs on the path, after the known ones.
  { key: "assessment-undated", label: "Il Mondo del Bambino — tempo non indicato", form: null },
  { key: "plan-undated", label: "Microprogettazione — tempo non indicato", form: null },
  { key: "report", label: "Relazione", form: PATH_FORMS.report },
  { key: "other", label: "Altri moduli", form: null },
];

/** The stage a submission belongs to: by form, and for assessments and plans by the time point in its data. */
export function stageOf(entry: Pick<CaseSubmission, "form" | "formKind" | "timePoint">): string {
  const timePoint = TIME_POINTS.find((t) => t === entry.timePoint);
  switch (entry.form) {
    case PATH_FORMS.preAssessment:
      return "pre-assessment";
    case PATH_FORMS.assessment:
      return timePoint ? `assessment-${timePoint}` : "assessment-undated";
    case PATH_FORMS.plan:
      return timePoint ? `plan-${timePoint}` : "plan-undated";
    case PATH_FORMS.report:
      return "report";
  }
  return entry.formKind === "intake" ? "intake" : "other";
}

/**
 * The stages of a case's path, in order, each with its submissions (oldest
 * first). A stage is shown when it has submissions, or when its form is
 * offered to the case's service (`offeredForms`) so that it can be started;
 * a spazio-neutro case therefore does not show P.I.P.P.I. stages it never uses.
 */
export function buildTimeline(entries: readonly CaseSubmission[], offeredForms: readonly string[]): TimelineStage[] {
  const byStage = new Map<string, CaseSubmission[]>();
  const sorted = [...entries].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  for (const entry of sorted) {
    const key = stageOf(entry);
    byStage.set(key, [...(byStage.get(key) ?? []), entry]);
  }
  return STAGES.map((stage) => ({ ...stage, entries: byStage.get(stage.key) ?? [] })).filter(
    (stage) => stage.entries.length > 0 || (stage.form !== null && offeredForms.includes(stage.form))
  );
}

/** The fill page of a form for a case (built by the form runtime): service, comune and case code prefilled. */
export function startFormUrl(form: string, c: { service: string; comune: string | null; code: string }): string {
  const query = new URLSearchParams({ servizio: c.service, ...(c.comune ? { comune: c.comune } : {}), caso: c.code });
  return `/moduli/${encodeURIComponent(form)}/compila?${query}`;
}
