import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestClient } from "~/auth/guard.server";
import { openFamilyConsent, recordFamilyView } from "~/consent/family-consent.server";
import { familyText, familyLanguage } from "~/consent/family-language";
import { limitFamilyRequests } from "~/consent/family-guard.server";
import { consentReceiptPdf } from "~/consent/receipt-pdf.server";
import { getDb } from "~/db/instance.server";
import { pdfResponse } from "~/lib/pdf.server";

/** GET /c/:token/ricevuta.pdf — the receipt of an answered request, as a PDF download. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await limitFamilyRequests(request, context);
  const db = getDb();
  const consent = await openFamilyConsent(db, params.token ?? "");
  if (!consent?.answer) {
    const t = familyText(familyLanguage(new URL(request.url).search));
    return new Response(`${t.notFoundTitle}. ${t.notFoundBody} ${t.notFoundWhat}`, {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  await recordFamilyView(db, consent, { actor: { kind: "family" }, client: requestClient(request, context) }, "receipt-pdf");
  const pdf = await consentReceiptPdf(consent);
  return pdfResponse(pdf, `ricevuta-consenso-${consent.requestId}.pdf`);
}
