import { createHash } from "node:crypto";
import { realpathSync, unlinkSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import path from "node:path";

/**
 * An exclusive lock on a PGlite data directory for the life of this process.
 * PGlite is PostgreSQL for one process: a second one (a CLI command beside a
 * running server, a second `npm start`) would write the same files unchecked.
 *
 * The lock is a listening Unix socket, so the kernel releases it when the
 * holder dies, however it dies (kill -9 included: no stale lock to clear by
 * hand, no process id that may have been reused). On Linux it lives in the
 * abstract namespace, named by the directory's real path; elsewhere it is a
 * socket file in the directory (a stale one is removed when nobody answers).
 * A second process connects, reads who holds it, and is refused with
 * DataDirectoryInUseError. Returns the release function.
 */
export async function lockDataDirectory(dataDir: string): Promise<() => Promise<void>> {
  const address = lockAddress(dataDir);
  const holder = `pid ${process.pid}, ${describeProcess()}`;
  for (let attempt = 0; ; attempt++) {
    const server = createServer((socket) => socket.end(`${holder}\n`));
    try {
      await listen(server, address);
      // The lock must not keep the process alive on its own.
      server.unref();
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      const other = await askHolder(address);
      if (other !== undefined) throw new DataDirectoryInUseError(dataDir, other);
      // Nobody answers: a socket file left by a process that died. Only a file can be stale.
      if (attempt > 0 || address.startsWith("\0")) throw new DataDirectoryInUseError(dataDir, "unknown process");
      unlinkSync(address);
    }
  }
}

/** Another process holds the PGlite directory; the message says which and what to do (one line, for operators). */
export class DataDirectoryInUseError extends Error {
  override name = "DataDirectoryInUseError";
  constructor(dataDir: string, holder: string) {
    super(
      `The embedded database in ${dataDir} (PGLITE_DIR) is in use by another Schedario process (${holder}): ` +
        `PGlite serves one process at a time. Stop that process first, or use PostgreSQL (DATABASE_URL) to run several.`,
    );
  }
}

function lockAddress(dataDir: string): string {
  const real = realpathSync(dataDir);
  if (process.platform === "linux") return `\0schedario-pglite-${createHash("sha256").update(real).digest("hex").slice(0, 40)}`;
  return path.join(real, ".schedario-lock.sock");
}

/** "npm start", "npm run cli -- db migrate": what the operator would recognise. */
function describeProcess(): string {
  const script = path.basename(process.argv[1] ?? "node");
  if (script === "server.mjs") return "the Schedario server";
  if (script === "main.ts" || script === "main.js") return `the CLI: ${process.argv.slice(2).join(" ")}`.trim();
  return script;
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(address, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** The holder's self-description, or undefined when nobody listens there. */
function askHolder(address: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let answer = "";
    const socket = connect(address);
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("close", () => resolve(answer.trim() || (socket.connecting ? undefined : "unknown process")));
    socket.on("error", () => resolve(undefined));
  });
}
