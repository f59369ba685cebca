import { describe, expect, it } from "vitest";
import { ImpactTally } from "./impact";

const error = (message: string) => ({ path: "/x", message });

describe("ImpactTally", () => {
  it("counts drafts still valid, no longer valid and already invalid", () => {
    const tally = new ImpactTally(2);
    tally.add([], []);
    tally.add([], [error("Età: deve essere un numero intero")]);
    tally.add([error("Età: deve essere un numero")], [error("Età: deve essere un numero intero")]);
    tally.add([error("Nome: formato non valido")], []);
    expect(tally.result()).toEqual({
      version: 2,
      drafts: 4,
      stillValid: 1,
      noLongerValid: 1,
      alreadyInvalid: 2,
      problems: [{ message: "Età: deve essere un numero intero", drafts: 1 }],
    });
  });

  it("ranks problems by the number of drafts they affect, each counted once per draft", () => {
    const tally = new ImpactTally(1);
    tally.add([], [error("B"), error("B"), error("A")]);
    tally.add([], [error("B")]);
    tally.add([], [error("C")]);
    expect(tally.result().problems).toEqual([
      { message: "B", drafts: 2 },
      { message: "A", drafts: 1 },
      { message: "C", drafts: 1 },
    ]);
    expect(tally.result(1).problems).toEqual([{ message: "B", drafts: 2 }]);
  });

  it("reports an empty version as zero drafts", () => {
    expect(new ImpactTally(3).result()).toEqual({ version: 3, drafts: 0, stillValid: 0, noLongerValid: 0, alreadyInvalid: 0, problems: [] });
  });
});
