import type { CaseSubmission } from "./cases.server";
import type { CasePath, PathStage } from "./case-paths";

/**
 * A case's path on the case page: the stages of its service's path (data,
 * app/cases/case-paths.json; tutela-minori follows P.I.P.P.I., DOMAIN §2),
 * each with its submissions. Pure.
 */

export interface TimelineStage {
  key: string;
  label: string;
  /** The form that fills this stage, to start it from the case page; null for the buckets below. */
  form: string | null;
  /** The stage's form is published and offered to the case's service (a stage may name a form not there yet). */
  available: boolean;
  repeatable: boolean;
  /** More than one scheda in a stage that is filled once: the page flags it. */
  duplicate: boolean;
  entries: CaseSubmission[];
}

/**
 * The stage key a submission belongs to: the path's stage of its form (for a
 * form with a time point, the stage of that time point); `undated:<form>` for
 * a form with time points whose data has none (a draft not finished yet) or
 * an unknown one; `other` for a form outside the path.
 */
export function stageOf(entry: Pick<CaseSubmission, "form" | "timePoint">, path: CasePath): string {
  const stages = path.stages.filter((s) => s.form === entry.form);
  if (!stages.length) return "other";
  const match = stages.find((s) => !s.timePoint || s.timePoint.value === entry.timePoint);
  return match ? match.key : `undated:${entry.form}`;
}

/**
 * The stages of a case's path in order, each with its submissions (oldest
 * first). Every stage of the path is shown (one whose form is not offered is
 * marked not available); schede without their time point come after the last
 * stage of their form; forms outside the path come last, under "Altri moduli".
 */
export function buildTimeline(entries: readonly CaseSubmission[], path: CasePath, offeredForms: readonly string[]): TimelineStage[] {
  const byStage = new Map<string, CaseSubmission[]>();
  const sorted = [...entries].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  for (const entry of sorted) {
    const key = stageOf(entry, path);
    byStage.set(key, [...(byStage.get(key) ?? []), entry]);
  }
  const stages: TimelineStage[] = [];
  path.stages.forEach((stage, i) => {
    stages.push(pathStage(stage, byStage.get(stage.key) ?? [], offeredForms));
    const lastOfItsForm = !path.stages.slice(i + 1).some((s) => s.form === stage.form);
    const undated = byStage.get(`undated:${stage.form}`);
    if (lastOfItsForm && undated) {
      stages.push(bucket(`undated:${stage.form}`, `${undated[0]!.formTitle} — tempo di rilevazione non indicato`, undated));
    }
  });
  const others = byStage.get("other");
  if (others) stages.push(bucket("other", path.stages.length ? "Altri moduli" : "Schede", others));
  return stages;
}

function pathStage(stage: PathStage, entries: CaseSubmission[], offeredForms: readonly string[]): TimelineStage {
  return {
    key: stage.key,
    label: stage.label,
    form: stage.form,
    available: offeredForms.includes(stage.form),
    repeatable: stage.repeatable,
    duplicate: !stage.repeatable && entries.length > 1,
    entries,
  };
}

function bucket(key: string, label: string, entries: CaseSubmission[]): TimelineStage {
  return { key, label, form: null, available: false, repeatable: true, duplicate: false, entries };
}

/** The fill page of a form for a case (built by the form runtime): service, comune, case code and the stage prefilled. */
export function startFormUrl(form: string, c: { service: string; comune: string | null; code: string }, stage?: string): string {
  const query = new URLSearchParams({ servizio: c.service, ...(c.comune ? { comune: c.comune } : {}), caso: c.code, ...(stage ? { fase: stage } : {}) });
  return `/moduli/${encodeURIComponent(form)}/compila?${query}`;
}
