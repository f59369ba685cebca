import type { ErrorObject } from "ajv";

/** One validate function of a version's standalone module (ajv standalone code, ADR 0003). */
export type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The default export of a version's standalone module: schema id or rjsf hash → validate function. */
export type ValidateFns = Record<string, ValidateFn>;

/**
 * The loaded validator modules of form versions, by the version's schema id,
 * in the server process and in the browser alike. A form renders
 * synchronously, so the module must be here before React renders it: the
 * server's loader registers it (`ensureValidatorModule` in
 * validator-modules.server.ts), and in the browser a tiny script imports it
 * while the page is still parsing, and hydration waits for that import
 * (entry.client.tsx), so the first browser render uses the same validator as
 * the server's — the same conditional fields, no hydration mismatch. Versions
 * are immutable, so a module never needs replacing.
 */
const modules = new Map<string, ValidateFns>();

/** The validate functions of a version, when its module is loaded. */
export function findValidatorModule(schemaId: string): ValidateFns | undefined {
  return modules.get(schemaId);
}

/** Records a loaded module. */
export function registerValidatorModule(schemaId: string, fns: ValidateFns): void {
  modules.set(schemaId, fns);
}

/** Name of the global where the page's inline script leaves its pending imports (see ValidatorModuleScript). */
export const PENDING_IMPORTS_GLOBAL = "__schedarioValidatorImports";

type PendingImports = Record<string, Promise<{ default: ValidateFns }>>;

function pendingImports(): PendingImports {
  const holder = globalThis as unknown as Record<string, PendingImports | undefined>;
  return (holder[PENDING_IMPORTS_GLOBAL] ??= {});
}

/**
 * Browser: imports a version's module from its URL (once per schema id) and
 * registers it. Used by client-side navigations (the route's clientLoader) and,
 * through the pending imports started by the inline script, before hydration.
 */
export async function loadValidatorModule(schemaId: string, url: string): Promise<ValidateFns> {
  const loaded = modules.get(schemaId);
  if (loaded) return loaded;
  const pending = pendingImports();
  pending[schemaId] ??= import(/* @vite-ignore */ url) as Promise<{ default: ValidateFns }>;
  const fns = (await pending[schemaId]).default;
  modules.set(schemaId, fns);
  return fns;
}

/**
 * Browser, before hydration: waits for the imports started by the page's
 * inline scripts and registers them. A module that fails to load (network)
 * is skipped: that form then validates on the server only, and says so.
 */
export async function settlePendingValidatorImports(): Promise<void> {
  const pending = pendingImports();
  await Promise.all(
    Object.entries(pending).map(async ([schemaId, promise]) => {
      try {
        modules.set(schemaId, (await promise).default);
      } catch {
        delete pending[schemaId];
      }
    })
  );
}

/**
 * The inline script a page renders for each version it shows, before Remix's
 * scripts: it starts importing the module while the page parses, so the import
 * is already under way when the entry script runs and waits for it. A classic
 * script runs in document order, before the (async) entry module.
 */
export function pendingImportScript(schemaId: string, url: string): string {
  const g = `globalThis[${JSON.stringify(PENDING_IMPORTS_GLOBAL)}]`;
  // JSON.stringify escapes quotes; "<" is escaped so the text cannot close the <script>.
  const key = JSON.stringify(schemaId).replaceAll("<", "\\u003c");
  const src = JSON.stringify(url).replaceAll("<", "\\u003c");
  return `(${g}??={})[${key}]??=import(${src});`;
}
