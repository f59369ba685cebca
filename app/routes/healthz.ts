import { sql } from "kysely";
import { getDb } from "~/db/instance.server";

/** Liveness and database reachability for load balancers and monitoring (DESIGN §4). */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    await sql`select 1`.execute(getDb());
    return Response.json({ status: "ok", db: "ok" }, { headers });
  } catch {
    return Response.json({ status: "error", db: "unreachable" }, { status: 503, headers });
  }
}
