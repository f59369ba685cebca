import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { listOfferedForms } from "~/forms/versions/offered-forms.server";

/** GET /api/v1/forms: the forms with a published version offered to the caller's services. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireApiScope(request, "form.read");
  const forms = await listOfferedForms(getDb(), scope);
  return Response.json({
    forms: forms.map(({ slug, kind, title, services, latestVersion }) => ({ slug, kind, title, services, latestVersion })),
  });
}
