import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "~/forms/validation/json-input";
import { MAX_REQUEST_BODY_BYTES, screenRequest } from "./request-screen.server";

const ORIGIN = "http://localhost:3000";

function post(path: string, body: BodyInit, contentType?: string): Request {
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers: contentType ? { "Content-Type": contentType } : {}, body });
}

/** A JSON body whose `data` nests `levels` objects (the body itself is one more level). */
function nested(levels: number): string {
  return `{"status":"draft","service":"tutela-minori","data":${'{"a":'.repeat(levels - 1)}{}${"}".repeat(levels - 1)}}`;
}

async function refusal(request: Request) {
  const screened = await screenRequest(request);
  expect(screened).toBeInstanceOf(Response);
  const response = screened as Response;
  const text = await response.text();
  return { status: response.status, type: response.headers.get("Content-Type"), text, json: text.startsWith("{") ? JSON.parse(text) : undefined };
}

describe("screenRequest: input no route could store gets a 4xx before any route", () => {
  it.each([
    ["NUL in a string of data", '{"data":{"nome":"a\\u0000b"}}', "/data/nome", "carattere nullo"],
    ["NUL in a key of data", '{"data":{"a\\u0000b":"x"}}', "/data/a\u0000b", "nome di campo non valido"],
    ["lone high surrogate", '{"recipient":{"name":"Maria \\ud800"}}', "/recipient/name", "surrogato"],
    ["lone low surrogate in a key", '{"data":{"\\udc00":1}}', "/data/\udc00", "surrogato"],
    ["1e309 (Infinity, stored as null)", '{"data":{"eta":1e309}}', "/data/eta", "fuori dall'intervallo"],
    ["-1e309", '{"data":{"eta":-1e309}}', "/data/eta", "fuori dall'intervallo"],
    ["an integer beyond 2^53 (digits already lost)", '{"data":{"n":9007199254740993}}', "/data/n", "troppo grande"],
    ["a large number written with an exponent (as exact as the integer it is)", '{"data":{"n":1e16}}', "/data/n", "troppo grande"],
    ["nesting beyond the limit", nested(MAX_JSON_DEPTH), `/data${"/a".repeat(MAX_JSON_DEPTH - 1)}`, `oltre ${MAX_JSON_DEPTH} livelli`],
  ])("API JSON body: %s → 400 with the pointer and an Italian message", async (_name, body, path, words) => {
    const r = await refusal(post("/api/v1/forms/x/submissions", body, "application/json"));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^Richiesta non valida: /);
    expect(r.json.error).toContain(words);
    expect(r.json.errors).toEqual([{ path, message: expect.stringContaining(words) }]);
  });

  it("refuses hostile nesting without overflowing the stack, whatever the content type says", async () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    expect((await refusal(post("/admin/moduli/x/bozza", deep, "text/plain"))).status).toBe(400);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels, safe integers, paired surrogates, and hands the same bytes on`, async () => {
    const body = nested(MAX_JSON_DEPTH - 1).replace('"status"', '"n":9007199254740991,"e":"😀","m":-9007199254740991,"f":0.5e-300,"status"');
    const screened = await screenRequest(post("/api/v1/forms/x/submissions", body, "application/json"));
    expect(screened).toBeInstanceOf(Request);
    expect(await (screened as Request).text()).toBe(body);
  });

  it("leaves malformed JSON and non-UTF-8 bodies to the routes, which answer them already", async () => {
    for (const body of ["{", new Uint8Array([0x7b, 0xff, 0x7d])]) {
      expect(await screenRequest(post("/api/v1/forms/x/submissions", body, "application/json"))).toBeInstanceOf(Request);
    }
  });

  it("form posts: a NUL in any field (the login's e-mail before signing in) → 400, a plain Italian sentence", async () => {
    const r = await refusal(post("/login", "email=a%00b%40x.it&password=x", "application/x-www-form-urlencoded"));
    expect(r).toMatchObject({ status: 400, type: "text/plain; charset=utf-8" });
    expect(r.text).toBe("Richiesta non valida: il testo contiene un carattere nullo (U+0000), che non si può salvare: toglierlo.");
    expect((await refusal(post("/casi/nuovo", "a%00=1", "application/x-www-form-urlencoded"))).status).toBe(400);
    const multipart = new FormData();
    multipart.set("intent", "importa");
    multipart.set("titolo", "x\u0000y");
    expect((await refusal(post("/admin/moduli/x", multipart))).status).toBe(400);
  });

  it("form posts without NUL pass unchanged; files are the route's business", async () => {
    const screened = await screenRequest(post("/login", "email=a%40x.it&password=%C3%A8", "application/x-www-form-urlencoded"));
    expect(Object.fromEntries(await (screened as Request).formData())).toEqual({ email: "a@x.it", password: "è" });
    const multipart = new FormData();
    multipart.set("bundle", new File(["\u0000binary"], "a.bin"));
    expect(await screenRequest(post("/admin/moduli/x", multipart))).toBeInstanceOf(Request);
  });

  it("query strings and paths: a NUL → 400 (JSON under /api/)", async () => {
    const list = await refusal(new Request(`${ORIGIN}/api/v1/submissions?case=A%00B`));
    expect(list.status).toBe(400);
    expect(list.json.errors).toEqual([{ path: "/case", message: expect.stringContaining("carattere nullo") }]);
    expect((await refusal(new Request(`${ORIGIN}/schede?caso=%00`))).status).toBe(400);
    expect((await refusal(new Request(`${ORIGIN}/schede/%00`))).status).toBe(400);
    expect(await screenRequest(new Request(`${ORIGIN}/schede?caso=TM%2D1`))).toBeInstanceOf(Request);
  });

  it(`bodies over ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MiB → 413, by Content-Length or by the bytes read`, async () => {
    const big = new Uint8Array(MAX_REQUEST_BODY_BYTES + 1).fill(0x20);
    expect((await refusal(post("/login", big, "application/x-www-form-urlencoded"))).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(big);
        controller.close();
      },
    });
    const r = await refusal(new Request(`${ORIGIN}/api/v1/x`, { method: "POST", body: chunked, duplex: "half" } as RequestInit));
    expect(r.status).toBe(413);
    expect(r.json.error).toContain("4 MiB");
  });
});
