/**
 * Where a case's family consent stands, per purpose of each consent form and
 * per holder of parental responsibility (issue 15). Pure and client-safe: the
 * server gathers the answers (links and paper), the pages draw the matrix.
 */
import { AGREE, DISAGREE, type Purpose, type PurposeAnswer } from "./consent-form";
import type { ExceptionKind } from "./consent-status";

/** What a holder said to the purposes of one consent form, through a link or on paper. */
export interface HolderAnswer {
  form: string;
  formTitle: string;
  /** The purposes of the version that was signed (or sent, when still pending). */
  purposes: Purpose[];
  relationship: string;
  source: "link" | "paper";
  /** answered: in force; withdrawn: given then withdrawn; pending: a link not answered yet. */
  state: "answered" | "withdrawn" | "pending";
  /** When it was answered (links) or recorded (paper): the newest answer of a holder counts. */
  at: Date;
  answers: PurposeAnswer[];
}

export type CellState = "agreed" | "refused" | "not-required" | "withdrawn" | "pending" | "missing" | "exception";
export type Outcome = "complete" | "refused" | "incomplete";

export interface MatrixCell {
  holder: string;
  state: CellState;
  /** How the answer in force was given (none for pending, missing and exception). */
  source: "link" | "paper" | null;
}

export interface PurposeRow extends Purpose {
  cells: MatrixCell[];
  outcome: Outcome;
}

export interface FormMatrix {
  form: string;
  formTitle: string;
  /** The columns: mother and father, or the guardian alone once a guardian answered. */
  holders: string[];
  purposes: PurposeRow[];
  outcome: Outcome;
  /** A declared exception lets one holder's agreement suffice. */
  exceptionApplies: boolean;
}

/** The holders of parental responsibility whose consent a case needs by default (art. 316 c.c.). */
export const HOLDERS = ["madre", "padre"] as const;
const GUARDIAN = "tutore";

/** Exceptions that let one holder's consent suffice. */
export const ONE_HOLDER_SUFFICES: readonly ExceptionKind[] = ["parent-absent", "court-order", "sole-parent"];

/** Italian words of each cell, for the pages. */
export const CELL_WORDS: Record<CellState, string> = {
  agreed: "acconsente",
  refused: "non acconsente",
  "not-required": "non richiesto",
  withdrawn: "ritirato",
  pending: "in attesa di risposta",
  missing: "manca",
  exception: "eccezione dichiarata",
};

export const OUTCOME_WORDS: Record<Outcome, string> = {
  complete: "completo",
  refused: "rifiutato",
  incomplete: "incompleto",
};

/** The state an answer puts a purpose in: agreed, refused, or not required (another option, e.g. ordered by the court). */
export function answerState(value: string): "agreed" | "refused" | "not-required" {
  if (value === AGREE) return "agreed";
  if (value === DISAGREE) return "refused";
  return "not-required";
}

/**
 * The matrix of every consent form with answers or links on a case. Per
 * holder, the newest answer in force counts (a later paper consent or link
 * supersedes an earlier one); without one, a pending link shows as pending,
 * else as missing — or as "exception" when a declared exception makes one
 * holder enough. A guardian's answer stands for both parents. A purpose is
 * complete when no holder refused it, every column agreed (or is covered by
 * the exception or not required) and at least one holder actually answered.
 */
export function purposeMatrix(answers: readonly HolderAnswer[], exceptionKinds: readonly ExceptionKind[]): FormMatrix[] {
  const exceptionApplies = exceptionKinds.some((k) => ONE_HOLDER_SUFFICES.includes(k));
  const forms = new Map<string, HolderAnswer[]>();
  for (const a of answers) forms.set(a.form, [...(forms.get(a.form) ?? []), a]);
  return [...forms.values()].map((formAnswers) => {
    const newestFirst = [...formAnswers].sort((a, b) => b.at.getTime() - a.at.getTime());
    const purposes = unionOfPurposes(newestFirst);
    const inForce = (holder: string) => newestFirst.find((a) => a.relationship === holder && a.state !== "pending");
    const guardianAnswered = inForce(GUARDIAN)?.state === "answered";
    const holders = guardianAnswered ? [GUARDIAN] : [...HOLDERS];
    const rows = purposes.map((p): PurposeRow => {
      const cells = holders.map((holder): MatrixCell => {
        const given = inForce(holder);
        if (given?.state === "withdrawn") return { holder, state: "withdrawn", source: given.source };
        const value = given?.answers.find((x) => x.purpose === p.name)?.value;
        if (given && value !== undefined) return { holder, state: answerState(value), source: given.source };
        if (exceptionApplies) return { holder, state: "exception", source: null };
        const pending = newestFirst.some((a) => a.relationship === holder && a.state === "pending");
        return { holder, state: pending ? "pending" : "missing", source: null };
      });
      return { ...p, cells, outcome: rowOutcome(cells) };
    });
    const outcome: Outcome = rows.some((r) => r.outcome === "refused")
      ? "refused"
      : rows.length > 0 && rows.every((r) => r.outcome === "complete")
        ? "complete"
        : "incomplete";
    return { form: newestFirst[0]!.form, formTitle: newestFirst[0]!.formTitle, holders, purposes: rows, outcome, exceptionApplies };
  });
}

function rowOutcome(cells: readonly MatrixCell[]): Outcome {
  if (cells.some((c) => c.state === "refused")) return "refused";
  const answered = cells.some((c) => c.state === "agreed" || c.state === "not-required");
  const covered = cells.every((c) => c.state === "agreed" || c.state === "not-required" || c.state === "exception");
  return answered && covered ? "complete" : "incomplete";
}

/** Every purpose asked by any version involved, in the newest version's order first. */
function unionOfPurposes(newestFirst: readonly HolderAnswer[]): Purpose[] {
  const seen = new Map<string, Purpose>();
  for (const a of newestFirst) for (const p of a.purposes) if (!seen.has(p.name)) seen.set(p.name, p);
  return [...seen.values()];
}

/** What needs a worker's attention in a form's matrix: refusals, and purposes still waiting for someone. */
export function matrixAttention(m: FormMatrix): { refused: { purpose: string; holders: string[] }[]; waiting: { purpose: string; holders: string[] }[] } {
  const holdersIn = (row: PurposeRow, states: CellState[]) => row.cells.filter((c) => states.includes(c.state)).map((c) => c.holder);
  return {
    refused: m.purposes.filter((r) => r.outcome === "refused").map((r) => ({ purpose: r.title, holders: holdersIn(r, ["refused"]) })),
    waiting: m.purposes
      .filter((r) => r.outcome === "incomplete")
      .map((r) => ({ purpose: r.title, holders: holdersIn(r, ["pending", "missing", "withdrawn"]) })),
  };
}
