import { describe, expect, it } from "vitest";
import { MalformedRequestError } from "~/lib/errors";
import { parseCreateSubmissionBody, parseExportQuery, parseSubmissionFilters, parseSubmissionPage, parseUpdateSubmissionBody } from "./api-input";

function pathsOf(step: () => unknown): string[] {
  try {
    step();
  } catch (error) {
    if (error instanceof MalformedRequestError) return error.errors.map((e) => e.path);
    throw error;
  }
  return [];
}

describe("parseCreateSubmissionBody", () => {
  it("accepts the DESIGN §4 envelope, trimming codes and turning empty optional ones into null", () => {
    expect(parseCreateSubmissionBody({ data: { a: 1 }, status: "draft", service: " tutela-minori ", comune: "", case: null })).toEqual({
      data: { a: 1 },
      status: "draft",
      service: "tutela-minori",
      comune: null,
      caseCode: null,
    });
    expect(parseCreateSubmissionBody({ data: {}, status: "draft", service: "x", formVersion: 2 }).formVersion).toBe(2);
  });

  it.each([
    [{}, ["/data", "/status", "/service"]],
    [{ data: [], status: "draft", service: "x" }, ["/data"]],
    [{ data: null, status: "draft", service: "x" }, ["/data"]],
    [{ data: {}, status: "inviato", service: "x" }, ["/status"]],
    [{ data: {}, status: "draft", service: "  " }, ["/service"]],
    [{ data: {}, status: "draft", service: "x", comune: 3, case: {} }, ["/comune", "/case"]],
    [{ data: {}, status: "draft", service: "x", formVersion: 0 }, ["/formVersion"]],
    [{ data: {}, status: "draft", service: "x", formVersion: "2" }, ["/formVersion"]],
  ])("refuses %j at %j", (body, paths) => {
    expect(pathsOf(() => parseCreateSubmissionBody(body))).toEqual(paths);
  });
});

describe("parseUpdateSubmissionBody", () => {
  it.each([
    [{ data: {}, status: "submitted", revision: 3, reason: "Refuso" }, []],
    [{ data: {}, status: "draft", revision: 0 }, ["/revision"]],
    [{ data: {}, status: "draft", revision: "2" }, ["/revision"]],
    [{ data: {}, status: "draft", revision: 1.5 }, ["/revision"]],
    [{ data: {}, status: "draft", revision: 1, reason: 7 }, ["/reason"]],
  ])("%j → errors at %j", (body, paths) => {
    expect(pathsOf(() => parseUpdateSubmissionBody(body))).toEqual(paths);
  });
});

describe("parseSubmissionFilters / parseSubmissionPage", () => {
  it("reads filters and dates, and refuses what it cannot read", () => {
    expect(parseSubmissionFilters(new URLSearchParams("form=a&status=submitted&from=2026-01-01"))).toEqual({
      form: "a",
      service: undefined,
      comune: undefined,
      case: undefined,
      status: "submitted",
      from: new Date("2026-01-01"),
    });
    expect(parseSubmissionFilters(new URLSearchParams("comune=meda&case=+tm-1+&service="))).toMatchObject({
      comune: "meda",
      case: "tm-1",
      service: undefined,
    });
    expect(pathsOf(() => parseSubmissionFilters(new URLSearchParams("status=x&from=ieri&to=domani")))).toEqual(["/status", "/from", "/to"]);
    // Dates JavaScript reads but PostgreSQL cannot store are refused, not sent to the database.
    expect(pathsOf(() => parseSubmissionFilters(new URLSearchParams("from=-271821-04-20T00:00:00Z&to=%2B275760-09-13T00:00:00Z")))).toEqual(["/from", "/to"]);
    expect(pathsOf(() => parseSubmissionFilters(new URLSearchParams("from=0000-01-01")))).toEqual(["/from"]);
  });

  it.each([
    ["", { cursor: undefined, limit: undefined }],
    ["limit=1&cursor=abc", { cursor: "abc", limit: 1 }],
    ["limit=100", { cursor: undefined, limit: 100 }],
  ])("?%s → %j", (query, page) => {
    expect(parseSubmissionPage(new URLSearchParams(query))).toEqual(page);
  });

  it.each(["limit=0", "limit=101", "limit=-1", "limit=", "limit=2.5"])("refuses ?%s", (query) => {
    expect(pathsOf(() => parseSubmissionPage(new URLSearchParams(query)))).toEqual(["/limit"]);
  });
});

describe("parseExportQuery", () => {
  it("reads the form, the format and the list's filters", () => {
    expect(parseExportQuery(new URLSearchParams("form=mondo-del-bambino&format=csv&status=submitted&comune=meda"))).toEqual({
      form: "mondo-del-bambino",
      format: "csv",
      filters: { service: undefined, comune: "meda", case: undefined, status: "submitted" },
    });
  });

  it("lists every problem at once", () => {
    expect(pathsOf(() => parseExportQuery(new URLSearchParams("format=xlsx&from=ieri")))).toEqual(["/form", "/format", "/from"]);
  });
});
