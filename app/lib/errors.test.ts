import { describe, expect, it } from "vitest";
import { InvalidInputError, MalformedRequestError, fieldErrors, throwIfAny } from "./errors";

describe("field errors from page-form checks", () => {
  it("put each field under its pointer", () => {
    expect(fieldErrors({ email: "Indica un indirizzo.", form: "Conferma." })).toEqual([
      { path: "/email", message: "Indica un indirizzo." },
      { path: "/form", message: "Conferma." },
    ]);
  });

  it("throw only when there is a problem", () => {
    expect(() => throwIfAny({})).not.toThrow();
    expect(() => throwIfAny({ code: "Già usato." })).toThrow(InvalidInputError);
  });

  it("a malformed request is invalid input with the API's 400 summary", () => {
    const error = new MalformedRequestError([{ path: "/limit", message: "limit: un numero da 1 a 100" }]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.summary).toBe("Richiesta non valida.");
  });
});
