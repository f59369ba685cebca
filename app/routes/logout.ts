import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { recordAuditEvent } from "~/audit/audit.server";
import { auditContext, requireUser } from "~/auth/guard.server";
import { expiredSessionCookie, invalidateSession } from "~/auth/session.server";
import { getDb } from "~/db/instance.server";

/** Public and harmless: a GET (a bookmarked or typed /logout) changes nothing and goes home. */
export function loader() {
  return redirect("/");
}

/** Logging out is POST only: a GET that logs out could be triggered by any <img> on another site. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await invalidateSession(getDb(), user.sessionId);
  await recordAuditEvent(getDb(), { ...auditContext(user, request, context), action: "auth.logout" });
  return redirect("/login?uscita=1", { headers: { "Set-Cookie": expiredSessionCookie() } });
}
