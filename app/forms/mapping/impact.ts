import type { FieldError } from "~/lib/errors";

/** What publishing a new version means for the drafts of one earlier version. */
export interface VersionImpact {
  version: number;
  /** Drafts (submissions still in status draft) pinned to that version. */
  drafts: number;
  /** Valid before and still valid in the new version's shape. */
  stillValid: number;
  /** Valid before, invalid in the new version: the ones a worker would have to fix. */
  noLongerValid: number;
  /** Already invalid against their own version (drafts are saved without validation). */
  alreadyInvalid: number;
  /** The new version's problems among the drafts that no longer validate, most frequent first. */
  problems: { message: string; drafts: number }[];
}

/**
 * Tallies drafts of one earlier version, one at a time, so that any number
 * of drafts can be counted in batches with constant memory. A draft is
 * judged by the errors it has against its own version (`before`) and against
 * the new one (`after`); missing required fields are not counted by the
 * caller, since a draft may be unfinished.
 */
export class ImpactTally {
  private readonly problems = new Map<string, number>();
  private drafts = 0;
  private stillValid = 0;
  private noLongerValid = 0;
  private alreadyInvalid = 0;

  constructor(readonly version: number) {}

  add(before: readonly FieldError[], after: readonly FieldError[]): void {
    this.drafts++;
    if (before.length) this.alreadyInvalid++;
    else if (!after.length) this.stillValid++;
    else {
      this.noLongerValid++;
      // Each problem counts once per draft, however many times it occurs in it.
      for (const message of new Set(after.map((e) => e.message))) this.problems.set(message, (this.problems.get(message) ?? 0) + 1);
    }
  }

  result(maxProblems = 10): VersionImpact {
    const problems = [...this.problems]
      .map(([message, drafts]) => ({ message, drafts }))
      .sort((a, b) => b.drafts - a.drafts || a.message.localeCompare(b.message))
      .slice(0, maxProblems);
    const { version, drafts, stillValid, noLongerValid, alreadyInvalid } = this;
    return { version, drafts, stillValid, noLongerValid, alreadyInvalid, problems };
  }
}
