import type { LoaderFunctionArgs } from "@remix-run/node";
import { pageError, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { formBundle } from "~/forms/versions/bundle.server";
import { findVersionNamed } from "~/forms/versions/version-history.server";
import { requireFormParam } from "~/http/builder.server";

/** A version (?versione=N, or "bozza") as a bundle file download, importable by the builder and `forms import`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const which = new URL(request.url).searchParams.get("versione") ?? "";
  const version = await findVersionNamed(getDb(), form, which);
  if (!version) throw pageError(404);
  const fileName = `${form.slug}-${version.version ? `v${version.version}` : "bozza"}.json`;
  return new Response(JSON.stringify(formBundle(form, version), null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
}
