import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { diffFormSchemas, type FieldChange } from "./diff";
import type { Form } from "../versions/registry.server";
import { findVersionNamed } from "../versions/version-history.server";

export type Comparison =
  | { from: string; to: string; fromLabel: string; toLabel: string; changes: FieldChange[] }
  | { from: string; to: string; error: string };

const labelOf = (which: string) => (which === "bozza" ? "la bozza" : `la versione ${which}`);

/** The field changes from one version of a form to another ("bozza" for the draft), in Italian. */
export async function compareVersions(db: Kysely<Database>, form: Form, from: string, to: string): Promise<Comparison> {
  const [a, b] = await Promise.all([findVersionNamed(db, form, from), findVersionNamed(db, form, to)]);
  if (!a || !b) return { from, to, error: `Il modulo non ha ${!a ? labelOf(from) : labelOf(to)}.` };
  return { from, to, fromLabel: labelOf(from), toLabel: labelOf(to), changes: diffFormSchemas(a.schema, b.schema) };
}
