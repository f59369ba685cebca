import { describe, expect, it } from "vitest";
import { pageFieldErrors } from "./page-errors.server";

describe("pageFieldErrors", () => {
  it("names each message by the path without its slash, the whole input as form", () => {
    expect(pageFieldErrors([{ path: "/note", message: "a" }, { path: "", message: "b" }])).toEqual({ note: "a", form: "b" });
  });

  it("lets the page rename the fields it prefixes", () => {
    expect(pageFieldErrors([{ path: "/note", message: "a" }], (path) => (path === "/note" ? "paperNote" : undefined))).toEqual({ paperNote: "a" });
  });
});
