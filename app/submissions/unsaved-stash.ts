import { isObject } from "~/forms/schema/json-schema";

/**
 * What a form page keeps in the tab while its session has expired (issue 13,
 * ADR 0008 addendum): the typed data, the revision it started from (so a save
 * after signing in again still finds anyone else's save in between, 409), and
 * an amendment's reason. sessionStorage: it lives as long as the tab, stays
 * on this device and in this tab only, and survives the trip to the sign-in
 * page and back.
 */
export interface UnsavedStash {
  data: Record<string, unknown>;
  revision: number;
  reason: string | null;
}

const PREFIX = "schedario:non-salvato:";

/** A saved scheda is kept by its id (the draft page and the amendment page alike); a new one by its compila URL. */
export function stashKey(where: { submissionId?: number; page: string }): string {
  return where.submissionId ? `${PREFIX}scheda:${where.submissionId}` : `${PREFIX}nuova:${where.page}`;
}

/** Keeps the stash; false when the browser refuses (storage off or full): the data then stay only on the page. */
export function stashUnsaved(storage: Storage | undefined, key: string, stash: UnsavedStash): boolean {
  try {
    storage?.setItem(key, JSON.stringify(stash));
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** The stash under `key`, removed as it is read (it is restored once); undefined when absent or not one. */
export function takeUnsaved(storage: Storage | undefined, key: string): UnsavedStash | undefined {
  let raw: string | null | undefined;
  try {
    raw = storage?.getItem(key);
    storage?.removeItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !isObject(value.data) || !Number.isInteger(value.revision)) return undefined;
  return { data: value.data, revision: value.revision as number, reason: typeof value.reason === "string" ? value.reason : null };
}
