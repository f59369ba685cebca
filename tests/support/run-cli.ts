import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI's entry: inside vitest, the bundle built once for the run
 * (cli-global-setup.ts; a start costs ≈ 0.5 s instead of tsx's 2–6 s);
 * elsewhere (benchmarks), or when asked, `npm run cli`'s own command: tsx on
 * app/cli/main.ts.
 */
async function cliEntry(viaTsx: boolean): Promise<string[]> {
  if (!viaTsx && process.env.VITEST) {
    const { inject } = await import("vitest");
    return [inject("cliBundle")];
  }
  return [path.join(root, "node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts"];
}

/** Runs `npm run cli -- …` as a separate process, the way an operator would. */
export async function runCliProcess(args: string[], options: { env?: Record<string, string>; stdin?: string; viaTsx?: boolean } = {}) {
  const entry = await cliEntry(options.viaTsx ?? false);
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", NODE_ENV: "test", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
