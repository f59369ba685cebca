import type { Kysely } from "kysely";
import { scopeCovers, type Scope } from "~/auth/policy";
import type { Database } from "~/db/schema";
import { findForm, findFormVersion, listForms, type Form, type FormSummary, type FormVersion } from "./registry.server";

/** Whether a form is offered to at least one service of a "form.read" scope. */
function isOffered(scope: Scope, form: Form): boolean {
  return form.services.some((service) => scopeCovers(scope, { service }));
}

/** The forms with a published version offered to the services of the scope, by slug. */
export async function listOfferedForms(db: Kysely<Database>, scope: Scope): Promise<FormSummary[]> {
  // A few dozen forms at most: filtering them here keeps one policy rule (scopeCovers) for forms.
  return (await listForms(db)).filter((form) => form.latestVersion !== null && isOffered(scope, form));
}

/** The form with this slug when it is offered to a service of the scope; undefined otherwise (a 404). */
export async function findOfferedForm(db: Kysely<Database>, scope: Scope, slug: string): Promise<Form | undefined> {
  const form = await findForm(db, slug);
  return form && isOffered(scope, form) ? form : undefined;
}

/**
 * A version of a form offered to the scope: a numbered one (retired ones too,
 * old submissions render with them), or without a number the latest
 * published one. Undefined when the form is not offered or the version does not exist (a 404).
 */
export async function findOfferedFormVersion(
  db: Kysely<Database>,
  scope: Scope,
  slug: string,
  version?: number
): Promise<{ form: Form; version: FormVersion } | undefined> {
  const form = await findOfferedForm(db, scope, slug);
  const found = form && (await findFormVersion(db, slug, version));
  return form && found ? { form, version: found } : undefined;
}
