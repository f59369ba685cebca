import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import type { MappedVersion } from "../mapping/mapping";
import { findDraftVersion, findFormVersion, listFormVersions, type Form, type FormVersion, type FormVersionStatus } from "./registry.server";

/** One version of a form as the versions page lists it. */
export interface VersionHistoryEntry {
  /** null for the draft. */
  version: number | null;
  status: FormVersionStatus;
  /** Who published it (the draft has no author yet). */
  author: string | null;
  /** Published at, or last saved for the draft. */
  date: Date;
  retiredAt: Date | null;
  contentHash: string;
  /** Rules of its declared mapping from the version before. */
  mappingRules: number;
}

/** Every version of a form with its publisher's name, newest first, the draft (if any) on top. */
export async function listVersionHistory(db: Kysely<Database>, formId: number): Promise<VersionHistoryEntry[]> {
  const rows = await db
    .selectFrom("form_versions as v")
    .leftJoin("users as u", "u.id", "v.published_by")
    .select(["v.version", "v.status", "v.published_at", "v.updated_at", "v.retired_at", "v.content_hash", "v.mapping", "u.display_name"])
    .where("v.form_id", "=", formId)
    .orderBy("v.version", (o) => o.desc().nullsFirst())
    .execute();
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    author: r.display_name,
    date: r.published_at ?? r.updated_at,
    retiredAt: r.retired_at,
    contentHash: r.content_hash,
    mappingRules: Array.isArray(r.mapping?.rules) ? r.mapping.rules.length : 0,
  }));
}

/** A version as the builder's pages name it: a number, or "bozza" for the draft. */
export async function findVersionNamed(db: Kysely<Database>, form: Form, name: string): Promise<FormVersion | undefined> {
  if (name === "bozza") return findDraftVersion(db, form.id);
  return /^\d{1,9}$/.test(name) ? findFormVersion(db, form.slug, Number(name)) : undefined;
}

/**
 * The numbered versions of a form with their declared mappings: what
 * `presentInVersion` needs to show any of its submissions in the shape of
 * a later version (lists and exports, side by side).
 */
export async function listMappedVersions(db: Kysely<Database>, slug: string): Promise<MappedVersion[]> {
  return (await listFormVersions(db, slug)).map((v) => ({ version: v.version!, mapping: v.mapping }));
}
