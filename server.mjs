// @ts-check
// The HTTP server: serves the Remix app, prepares the database before it
// listens, and shuts down cleanly. `node server.mjs` (npm start) builds first
// when the build is missing or older than the sources; `--dev` serves through
// Vite with hot reload instead.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// The two halves of @remix-run/express's own request handler, which its index
// does not re-export (its server module does, with types): the screen below runs between them.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler } from "@remix-run/node";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const serverBuildPath = path.join(root, "build/server/index.js");

/** Prints one line naming the problem and exits with 1: operators need no stack trace. */
function fail(/** @type {unknown} */ error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`schedario: ${message.split("\n")[0]}`);
  if (process.env.DEBUG) console.error(error);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a number from 0 to 65535, not "${process.env.PORT}"`);

/** The newest modification time of any file below `dir` (0 when absent). */
function newestMtime(/** @type {string} */ dir) {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the app when there is no build or a source is newer than it. */
function buildIfNeeded() {
  const sources = ["app", "migrations", "schemas", "public", "vite.config.ts", "package-lock.json"];
  const sourceTime = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (existsSync(serverBuildPath) && statSync(serverBuildPath).mtimeMs >= sourceTime) return;
  console.log("Building Schedario (first start or changed sources)…");
  const cli = path.join(root, "node_modules/@remix-run/dev/dist/cli.js");
  const result = spawnSync(process.execPath, [cli, "vite:build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) fail("the build failed (see the messages above)");
}

/** @type {any} */
let viteDevServer;
/** @type {any} */
let build;
/** @type {{ startup: (log?: (line: string) => void) => Promise<void>, shutdown: () => Promise<void>, verifyRequestOrigin: (request: { method: string, headers: Headers }) => boolean, screenRequest: (request: Request) => Promise<Request | Response> }} */
let lifecycle;

if (dev) {
  const vite = await import("vite");
  viteDevServer = await vite.createServer({ server: { middlewareMode: true } });
  // Vite installs its own SIGTERM (and stdin "end") handler that exits at once;
  // ours below closes the database first, and closes Vite too.
  process.removeAllListeners("SIGTERM");
  process.stdin.removeAllListeners("end");
  build = () => viteDevServer.ssrLoadModule("virtual:remix/server-build");
  lifecycle = await viteDevServer.ssrLoadModule("/app/server/lifecycle.server.ts");
} else {
  buildIfNeeded();
  build = await import(pathToFileURL(serverBuildPath).href);
  lifecycle = build.entry.module;
}

try {
  await lifecycle.startup();
} catch (error) {
  await lifecycle.shutdown().catch(() => {});
  fail(error);
}

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY (e.g. "loopback" or a hop count) lets req.ip be the client's.
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
// Headers for every response (pages, JSON, assets). HTML pages also get a
// Content-Security-Policy with a per-response nonce from app/entry.server.tsx.
app.use((_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  // Full URLs (which may carry a family's /c/:token link) never leave our origin.
  res.setHeader("Referrer-Policy", "same-origin");
  // For browsers that predate CSP frame-ancestors.
  res.setHeader("X-Frame-Options", "DENY");
  // Pages and API answers carry personal data and are used on shared office
  // computers: never stored, so the back button after logout shows nothing.
  // (express.static replaces this for the public files and fingerprinted assets.)
  res.setHeader("Cache-Control", "no-store");
  next();
});
// A state-changing request from another origin is refused here with a plain
// 403. (Remix itself would abort a cross-origin document POST with a 500;
// requests without an Origin header are checked by the app's guards.)
app.use((req, res, next) => {
  const origin = req.get("origin");
  if (origin && !lifecycle.verifyRequestOrigin({ method: req.method, headers: new Headers({ origin }) })) {
    res.status(403).type("text/plain; charset=utf-8").send("Richiesta rifiutata: proviene da un altro sito.");
    return;
  }
  next();
});
if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted assets never change; everything else in public/ may.
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
}
// Every request passes the app's screen first (app/http/request-screen.server.ts):
// input no route could store (NUL characters, lone surrogates, numbers
// JavaScript cannot read exactly, hostile nesting, bodies over 4 MiB) gets a
// 4xx here, so every route, present or future, is protected.
const handleRequest = createRequestHandler(build, dev ? "development" : "production");
app.all("*", async (req, res, next) => {
  try {
    const screened = await lifecycle.screenRequest(createRemixRequest(req, res));
    const response =
      screened instanceof Response
        ? screened
        : await handleRequest(screened, {
            // The client address for login throttling and the audit trail (see TRUST_PROXY above).
            // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d; one spelling per client keeps throttling exact.
            clientAddress: req.ip?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ""),
            // Backpressure for streamed bodies (exports): see responseDrained in app/load-context.ts.
            responseDrained: () => responseDrained(res),
          });
    await sendRemixResponse(res, response);
  } catch (error) {
    next(error);
  }
});

/** Resolves once `res` has room in its buffer again, or is closed (then nobody reads any more). */
function responseDrained(/** @type {import("express").Response} */ res) {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve(undefined);
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

const server = app.listen(port);
server.on("listening", () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(`Schedario is ready at ${process.env.APP_ORIGIN || `http://localhost:${actualPort}`}`);
});
server.on("error", async (/** @type {NodeJS.ErrnoException} */ error) => {
  await lifecycle.shutdown().catch(() => {});
  if (error.code === "EADDRINUSE") fail(`port ${port} is already in use (set PORT to a free port)`);
  if (error.code === "EACCES") fail(`not allowed to listen on port ${port} (set PORT to a port above 1024)`);
  fail(error);
});

// Clean shutdown: stop accepting, let requests in flight finish, close the
// database (PGlite keeps the process alive otherwise and may lose sequence
// values when killed). Connections still busy after 7 s are cut so that the
// process always exits within 10 s.
let stopping = false;
async function stop(/** @type {string} */ signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  const cut = setTimeout(() => server.closeAllConnections(), 7_000);
  await new Promise((resolve) => server.close(resolve));
  clearTimeout(cut);
  try {
    await lifecycle.shutdown();
    await viteDevServer?.close();
  } catch (error) {
    console.error(`schedario: shutdown: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  console.log("Stopped.");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
