import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer } from "../support/start-server";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "schedario-server-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs server.mjs to completion (for start-up failures), returning exit code and output. */
function runServerToExit(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["server.mjs"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, NODE_ENV: "test", DATABASE_URL: "", ...env },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("server.mjs", () => {
  it("answers /healthz with the database status", async () => {
    const response = await fetch(`${inject("baseUrl")}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("does not wait for idle keep-alive connections: exits 0 within 10 s of SIGTERM", async () => {
    const server = await startServer({ PGLITE_DIR: path.join(dir, "graceful") });
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    let response = "";
    socket.on("data", (d) => (response += d));
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
    await expect.poll(() => response, { timeout: 5_000 }).toContain('{"status":"ok","db":"ok"}');
    const { code, ms } = await server.stop();
    await closed;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(server.output()).toMatch(/Stopped\./);
  });

  it("finishes a request in flight before exiting on SIGTERM", async () => {
    const server = await startServer({ PGLITE_DIR: path.join(dir, "in-flight") });
    // POST /login reads its whole body: with half of it sent, the request is
    // certainly in flight when SIGTERM arrives, and cannot finish before the rest comes.
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    let response = "";
    socket.on("data", (d) => (response += d));
    const closed = new Promise((resolve) => socket.on("close", resolve));
    const body = "email=nessuno%40example.it&password=sbagliata-ma-lunga";
    socket.write(
      `POST /login HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nOrigin: ${server.url}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(response, server.output()).toBe(""); // still waiting for the rest of the body
    expect(server.process.exitCode).toBeNull(); // and the server waits with it
    socket.write(body.slice(10));
    const { code, ms } = await stopped;
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 (200|400|401|422) /);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });

  it("answers 413 (not a reset connection) to a chunked API body over the limit", async () => {
    const base = inject("baseUrl");
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "operatore.seregno@demo.schedario.it", password: "schedario-demo-2026" }),
    });
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0]!;
    // No Content-Length: only the bytes read can reveal the size. 3 MiB, in 64 KiB chunks.
    const result = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request(`${base}/api/v1/forms/scheda-segnalazione/submissions`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      });
      req.on("error", reject);
      const chunk = " ".repeat(64 * 1024);
      let sent = 0;
      const write = () => {
        while (sent < 48) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", write);
        }
        req.end();
      };
      write();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: expect.stringContaining("1 MiB") });
  });

  it("screens every request before the routes: bad input is a 4xx with an Italian message, never a 500", async () => {
    const base = inject("baseUrl");
    const form = (body: string) => ({ method: "POST", redirect: "manual" as const, headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" }, body });
    // A NUL byte in the e-mail before signing in used to reach PostgreSQL (22021) and answer 500.
    const nul = await fetch(`${base}/login`, form("email=a%00b%40x.it&password=x"));
    expect(nul.status).toBe(400);
    expect(await nul.text()).toMatch(/^Richiesta non valida: il testo contiene un carattere nullo/);
    expect((await fetch(`${base}/api/v1/submissions?case=A%00B`)).status).toBe(400);

    // redirectTo with characters a Location header cannot carry raw: percent-encoded, and the cookie is set.
    const login = await fetch(`${base}/login`, form(`email=operatore.seregno%40demo.schedario.it&password=schedario-demo-2026&redirectTo=${encodeURIComponent("/casi?comune=città&x=\uFF05")}`));
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe("/casi?comune=citt%C3%A0&x=%EF%BC%85");
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^schedario_session=/);
    const again = await fetch(`${base}/login?redirectTo=/%EF%BC%85`, { redirect: "manual", headers: { Cookie: cookie } });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe("/%EF%BC%85");

    // A lone surrogate and 1e309 in a JSON body: 400 with the pointer, nothing altered and stored.
    const api = (body: string) =>
      fetch(`${base}/api/v1/forms/scheda-segnalazione/submissions`, { method: "POST", headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" }, body });
    for (const [body, path] of [['{"status":"draft","service":"tutela-minori","comune":"seregno","data":{"a":"\\ud800"}}', "/data/a"], ['{"status":"draft","service":"tutela-minori","comune":"seregno","data":{"a":1e309}}', "/data/a"]] as const) {
      const r = await api(body);
      expect(r.status).toBe(400);
      expect((await r.json()).errors).toEqual([{ path, message: expect.any(String) }]);
    }
  });

  it("exits 1 with one line when the port is in use", async () => {
    const port = new URL(inject("baseUrl")).port;
    const { code, output } = await runServerToExit({ PORT: port, PGLITE_DIR: path.join(dir, "port") });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`^schedario: port ${port} is already in use \\(set PORT to a free port\\)$`, "m"));
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("exits 1 with one line when DATABASE_URL cannot be reached", async () => {
    const { code, output } = await runServerToExit({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect(code).toBe(1);
    expect(output.trim()).toBe("schedario: Cannot reach PostgreSQL at 127.0.0.1:1/none (DATABASE_URL): ECONNREFUSED");
  });

  it("exits 1 with one line when PGLITE_DIR is not usable", async () => {
    const { code, output } = await runServerToExit({ PGLITE_DIR: "/etc/hostname/pglite" });
    expect(code).toBe(1);
    expect(output.trim()).toBe("schedario: PGLITE_DIR /etc/hostname/pglite is not a directory");
  });
});
