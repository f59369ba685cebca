import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of app/, from the bottom up. A module may import its own layer
 * and the layers below it, never one above (README, "Code map"). Domains may
 * import each other, as long as no import circle forms.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["lib"],
  ["db"],
  ["organisation", "audit", "auth", "mail", "forms", "submissions", "cases", "consent", "sinba", "work", "reports"],
  ["http", "demo"],
  ["components"],
  ["pages"],
  ["routes", "cli", "server", "root.tsx", "entry.client.tsx", "entry.server.tsx", "load-context.ts", "styles"],
];
/** Skip-level imports that are refused even though they point downward. */
const FORBIDDEN: readonly [from: string, to: string, why: string][] = [
  ["components", "db", "UI code reads rows through a domain's types, never the database schema"],
];

const appDir = path.resolve(import.meta.dirname, "../../app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The top folder (or file) of app/ a module belongs to. */
function area(file: string): string {
  return path.relative(appDir, file).split(path.sep)[0]!;
}

function layerOf(file: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(area(file)));
  if (index < 0) throw new Error(`${path.relative(appDir, file)}: app/${area(file)} has no layer; add it to LAYERS`);
  return index;
}

const files = sourceFiles(appDir);
const known = new Set(files);

/** Resolves an import specifier to a file of app/, or undefined for packages. */
function resolve(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(appDir, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  // Data and style files (JSON, CSS, "?url" assets) import nothing.
  if (/\.(json|css)$|\?/.test(specifier)) return undefined;
  // Outside app/ (migrations/, schemas/): files of the repository, not layers.
  if (path.relative(appDir, base).startsWith("..")) return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (known.has(candidate)) return candidate;
  }
  throw new Error(`${path.relative(appDir, from)}: cannot resolve "${specifier}"`);
}

/** Every module each module imports (type-only imports included: they couple the code just the same). */
const imports = new Map<string, string[]>(
  files.map((file) => {
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => (m[1] ?? m[2])!,
    );
    return [file, specifiers.flatMap((s) => resolve(file, s) ?? [])];
  }),
);

const rel = (file: string) => path.relative(appDir, file);

describe("layers of app/", () => {
  it("import only their own layer and the layers below", () => {
    const upward: string[] = [];
    for (const [file, targets] of imports) {
      for (const target of targets) {
        if (layerOf(target) > layerOf(file)) upward.push(`${rel(file)} → ${rel(target)}`);
        const rule = FORBIDDEN.find(([from, to]) => area(file) === from && area(target) === to);
        if (rule) upward.push(`${rel(file)} → ${rel(target)} (${rule[2]})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("have no import circle", () => {
    // Tarjan's strongly connected components: any component of two or more modules is a circle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    let next = 0;
    const visit = (file: string) => {
      index.set(file, next);
      low.set(file, next);
      next++;
      stack.push(file);
      onStack.add(file);
      for (const target of imports.get(file) ?? []) {
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file)!, index.get(target)!));
        }
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(rel(member));
        } while (member !== file);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const file of files) if (!index.has(file)) visit(file);
    expect(circles).toEqual([]);
  });
});
