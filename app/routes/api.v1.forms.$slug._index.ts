import type { LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { findOfferedForm } from "~/forms/versions/offered-forms.server";
import { listFormVersions } from "~/forms/versions/registry.server";

/** GET /api/v1/forms/:slug: a form offered to the caller's services and its numbered versions; any other is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireApiScope(request, "form.read");
  const form = await findOfferedForm(getDb(), scope, params.slug ?? "");
  if (!form) throw apiError(404, NOT_FOUND_MESSAGE);
  const versions = await listFormVersions(getDb(), form.slug);
  return Response.json({
    slug: form.slug,
    kind: form.kind,
    title: form.title,
    services: form.services,
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      contentHash: v.contentHash,
      publishedAt: v.publishedAt,
      retiredAt: v.retiredAt,
    })),
  });
}
