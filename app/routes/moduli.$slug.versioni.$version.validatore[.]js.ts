import type { LoaderFunctionArgs } from "@remix-run/node";
import { pageError, requireUser } from "~/auth/guard.server";
import { scopeFor } from "~/auth/policy";
import { getDb } from "~/db/instance.server";
import { findOfferedFormVersion } from "~/forms/versions/offered-forms.server";
import { findStandaloneCode } from "~/forms/versions/registry.server";

/**
 * GET /moduli/:slug/versioni/:version/validatore.js: the version's browser
 * validator, the ES module generated at publish (ADR 0003), imported by the
 * form pages. Forms are not case data: anyone whose services the form is
 * offered to may load it (form.read); otherwise 404. A published version
 * never changes, so the browser keeps it for a year.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = /^[1-9]\d{0,8}$/.test(params.version ?? "") ? Number(params.version) : undefined;
  const db = getDb();
  const found = number && (await findOfferedFormVersion(db, scopeFor(user.memberships, "form.read"), params.slug ?? "", number));
  const code = found && (await findStandaloneCode(db, found.version.id));
  if (!code) throw pageError(404);
  return new Response(code, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // private: only the signed-in browser keeps it; immutable: the version cannot change.
      "Cache-Control": "private, max-age=31536000, immutable",
    },
  });
}
