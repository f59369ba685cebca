import { describe, expect, it } from "vitest";
import { holderConsents, type ConsentException } from "./case-consent.server";
import type { ConsentRequest } from "./consent-requests.server";

function request(relationship: string, status: ConsentRequest["status"], form = "consenso-intervento"): ConsentRequest {
  return {
    id: 1,
    form,
    formTitle: form,
    formVersion: 1,
    service: "tutela-minori",
    comune: "seregno",
    caseId: 1,
    case: "C1",
    recipient: { name: "X", relationship, email: null },
    status,
    expiresAt: new Date(),
    createdAt: new Date(),
    createdBy: "Operatrice",
    revokedAt: null,
    replacesId: null,
    answer: null,
  };
}
const exception = (kind: ConsentException["kind"]): ConsentException => ({ id: 1, kind, note: "n", recordedBy: "O", recordedAt: new Date() });

describe("holderConsents", () => {
  it("needs both parents by default", () => {
    expect(holderConsents([request("madre", "completed")], [])).toEqual([
      { form: "consenso-intervento", formTitle: "consenso-intervento", given: ["madre"], missing: ["padre"], exceptionApplies: false },
    ]);
    expect(holderConsents([request("madre", "completed"), request("padre", "completed")], [])[0]!.missing).toEqual([]);
  });

  it("counts only consents in force: pending, declined, withdrawn, revoked and expired ones are missing", () => {
    const requests = (["pending", "declined", "withdrawn", "revoked", "expired"] as const).map((s) => request("padre", s));
    expect(holderConsents([request("madre", "completed"), ...requests], [])[0]!.missing).toEqual(["padre"]);
  });

  it("is satisfied by one parent under a declared exception, and by a guardian alone", () => {
    expect(holderConsents([request("madre", "completed")], [exception("court-order")])[0]).toMatchObject({ missing: [], exceptionApplies: true });
    expect(holderConsents([request("tutore", "completed")], [])[0]!.missing).toEqual([]);
  });

  it("does not count the psychologist's exemption as a reason for one parent to suffice", () => {
    expect(holderConsents([request("madre", "completed")], [exception("psychologist-court-ordered")])[0]!.missing).toEqual(["padre"]);
  });

  it("still asks for someone when an exception is declared but nobody has consented", () => {
    expect(holderConsents([request("madre", "pending")], [exception("sole-parent")])[0]!.missing).toEqual(["madre", "padre"]);
  });

  it("answers per consent form", () => {
    const result = holderConsents([request("madre", "completed", "a"), request("padre", "completed", "b")], []);
    expect(result.map((r) => [r.form, r.missing])).toEqual([
      ["a", ["padre"]],
      ["b", ["madre"]],
    ]);
  });
});
