import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireCase } from "~/cases/case-guard.server";
import { readCaseTriangle } from "~/cases/triangle.server";
import { TriangleView } from "~/components/triangle-view";
import { getDb } from "~/db/instance.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Il Mondo del Bambino · ${data?.case.code ?? "Cartella"} · Schedario` }];

/** /casi/:caseId/triangolo — the case's P.I.P.P.I. triangle at T0, T1, T2 (readers of the case; 404 outside their scope; audited). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope, audit, found } = await requireCase(request, context, params.caseId, "case.read");
  return readCaseTriangle(getDb(), { scope, audit }, found, "page");
}

export default function CaseTrianglePage() {
  return <TriangleView view={useLoaderData<typeof loader>()} />;
}
