import type { LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { findOfferedForm } from "~/forms/versions/offered-forms.server";
import { findFormVersion } from "~/forms/versions/registry.server";

/** GET /api/v1/forms/:slug/versions/:version: the schema and uiSchema of one numbered version (retired ones too). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireApiScope(request, "form.read");
  const form = await findOfferedForm(getDb(), scope, params.slug ?? "");
  const number = /^[1-9]\d{0,8}$/.test(params.version ?? "") ? Number(params.version) : undefined;
  const version = form && number !== undefined ? await findFormVersion(getDb(), form.slug, number) : undefined;
  if (!version) throw apiError(404, NOT_FOUND_MESSAGE);
  return Response.json({
    form: version.slug,
    version: version.version,
    status: version.status,
    contentHash: version.contentHash,
    schema: version.schema,
    uiSchema: version.uiSchema,
  });
}
