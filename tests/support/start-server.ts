import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output(): string;
  /** What the server wrote to stderr: errors it logged while serving. */
  errors(): string;
  /** Sends SIGTERM and resolves with the exit code and how long the exit took. */
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** Starts `node server.mjs` (the built app) and waits until /healthz answers. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = env.PORT ?? String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, "server.mjs")], {
    cwd: root,
    // Clients talk to 127.0.0.1, so that is the origin the CSRF check must expect.
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: "", APP_ORIGIN: url, ...env, PORT: port },
  });
  let output = "";
  let errors = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => {
    output += d;
    errors += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    process: child,
    output: () => output,
    errors: () => errors,
    async stop() {
      const started = Date.now();
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}
