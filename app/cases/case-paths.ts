import pathsData from "./case-paths.json";

/**
 * The path of a case, per service, as data (app/cases/case-paths.json): which
 * forms, in which order, and for forms filled more than once along the path
 * (the P.I.P.P.I. assessment at T0, T1, T2) which field holds the time point.
 * Pure: the timeline, the case page and the fill page read it. A stage may
 * name a form the registry does not hold (yet): it shows as not available.
 */

/** A field of the form fixed by the stage: its top-level property and the value the stage writes there. */
export interface StageTimePoint {
  field: string;
  value: string;
}

export interface PathStage {
  /** Stable within the service's path; the fill page's `fase` parameter. */
  key: string;
  /** What the worker reads (Italian). */
  label: string;
  /** The slug of the form that fills the stage. */
  form: string;
  timePoint?: StageTimePoint;
  /** Filled many times (reports, meeting minutes): a second scheda is not flagged. */
  repeatable: boolean;
}

export interface CasePath {
  service: string;
  name: string;
  stages: PathStage[];
}

const KEY = /^[a-zA-Z0-9-]{1,40}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the paths document and returns the paths by service. Throws one
 * Error naming every problem (a broken data file must fail at start-up and
 * in the tests, never half-work).
 */
export function parseCasePaths(raw: unknown): Map<string, CasePath> {
  const problems: string[] = [];
  const paths = new Map<string, CasePath>();
  if (!isRecord(raw)) throw new Error("case paths: the document must be an object keyed by service code");
  for (const [service, value] of Object.entries(raw)) {
    const at = (what: string) => `${service}: ${what}`;
    if (!isRecord(value) || typeof value.name !== "string" || !value.name.trim() || !Array.isArray(value.stages)) {
      problems.push(at("needs a name and a list of stages"));
      continue;
    }
    const stages: PathStage[] = [];
    const keys = new Set<string>();
    const fixedValues = new Set<string>();
    value.stages.forEach((s: unknown, i: number) => {
      const where = at(`stage ${i + 1}`);
      if (!isRecord(s)) return void problems.push(`${where} is not an object`);
      const { key, label, form, timePoint, repeatable } = s;
      if (typeof key !== "string" || !KEY.test(key)) return void problems.push(`${where}: key must be 1–40 letters, digits or hyphens`);
      if (keys.has(key)) problems.push(`${where}: key "${key}" is used twice`);
      keys.add(key);
      if (typeof label !== "string" || !label.trim()) problems.push(`${where}: label is missing`);
      if (typeof form !== "string" || !SLUG.test(form)) problems.push(`${where}: form must be a form slug`);
      if (repeatable !== undefined && typeof repeatable !== "boolean") problems.push(`${where}: repeatable must be true or false`);
      let point: StageTimePoint | undefined;
      if (timePoint !== undefined) {
        if (!isRecord(timePoint) || typeof timePoint.field !== "string" || !FIELD.test(timePoint.field) || typeof timePoint.value !== "string" || !timePoint.value) {
          problems.push(`${where}: timePoint needs a top-level field name and a value`);
        } else {
          point = { field: timePoint.field, value: timePoint.value };
          const id = `${String(form)}|${point.value}`;
          if (fixedValues.has(id)) problems.push(`${where}: form "${String(form)}" at "${point.value}" is already a stage`);
          fixedValues.add(id);
        }
      }
      stages.push({ key, label: String(label), form: String(form), ...(point ? { timePoint: point } : {}), repeatable: repeatable === true });
    });
    // One form holds its time point in one field: the timeline reads that field to place a scheda.
    const fieldOf = new Map<string, string>();
    for (const s of stages) {
      if (!s.timePoint) continue;
      const known = fieldOf.get(s.form);
      if (known && known !== s.timePoint.field) problems.push(at(`form "${s.form}" keeps its time point in two fields`));
      fieldOf.set(s.form, s.timePoint.field);
    }
    paths.set(service, { service, name: value.name, stages });
  }
  if (problems.length) throw new Error(`case paths: ${problems.join("; ")}`);
  return paths;
}

const PATHS = parseCasePaths(pathsData);

/** The path of a service; a service without one gets an empty path (its schede are listed as they are). */
export function casePathFor(service: string): CasePath {
  return PATHS.get(service) ?? { service, name: "Schede della cartella", stages: [] };
}

/** The stage with this key in the service's path, when the key names one. */
export function findPathStage(service: string, key: string): PathStage | undefined {
  return casePathFor(service).stages.find((s) => s.key === key);
}

/** For each form of the path that holds a time point, the field that holds it. */
export function timePointFields(path: CasePath): Map<string, string> {
  return new Map(path.stages.flatMap((s) => (s.timePoint ? [[s.form, s.timePoint.field] as const] : [])));
}

/** Every service path, in the data file's order (tests and documentation). */
export function listCasePaths(): CasePath[] {
  return [...PATHS.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
