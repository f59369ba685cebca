import { findValidatorModule, registerValidatorModule, type ValidateFns } from "./validator-modules";

/**
 * Server: makes a published version's validator module available to the
 * server render of its form (loaders call it before rendering), so that the
 * server evaluates if/then conditions and choices exactly as the browser will
 * after hydration. The module is the version's stored standalone code,
 * imported once per version as a data: URL (no file, no eval). Versions are
 * immutable, so an entry never changes; there is one per version ever shown.
 * `loadCode` reads the code (up to ~180 KB) only when this process has not
 * registered the version yet.
 */
export async function ensureValidatorModule(schemaId: string, loadCode: () => Promise<string | undefined>): Promise<boolean> {
  if (findValidatorModule(schemaId)) return true;
  const code = await loadCode();
  if (!code) return false;
  const url = `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`;
  const module = (await import(/* @vite-ignore */ url)) as { default: ValidateFns };
  registerValidatorModule(schemaId, module.default);
  return true;
}
