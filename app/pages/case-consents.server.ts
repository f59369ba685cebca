import QRCode from "qrcode";
import type { CreatedConsentLink } from "~/components/consent-request-form";
import { recordConsentException } from "~/consent/case-consent.server";
import { parseConsentRequestForm, parsePaperConsentForm, type PostedFields } from "~/consent/case-consent-input";
import { createConsentRequest, listCaseConsentRequests, resendConsentRequest, revokeConsentRequest, type ConsentCaller, type CreatedConsentRequest } from "~/consent/consent-requests.server";
import { recordPaperConsent } from "~/consent/paper-consent.server";
import { getDb } from "~/db/instance.server";
import { InvalidInputError, NotFoundError, fieldErrors } from "~/lib/errors";

/**
 * The actions of a case's consent page (/casi/:caseId/consensi): one named
 * step per form of the page, each calling one domain function in its own
 * transaction. The route guards and translates errors; this decides nothing
 * the domain does not.
 */
export type CaseConsentResult = { created?: CreatedConsentLink; message?: string };
export type CaseConsentIntent = { caller: ConsentCaller; found: { id: number; service: string; comune: string | null }; text: PostedFields; form: FormData };

/** Runs the posted intent; an unknown one is invalid input, never a property of the object (toString…). */
export function runCaseConsentIntent(intent: string, context: CaseConsentIntent): Promise<CaseConsentResult> {
  if (!Object.hasOwn(INTENTS, intent)) throw new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta." }));
  return INTENTS[intent]!(context);
}

const INTENTS: Record<string, (c: CaseConsentIntent) => Promise<CaseConsentResult>> = {
  async create({ caller, found, text }) {
    const { input, errors } = parseConsentRequestForm(text);
    if (Object.keys(errors).length) throw new InvalidInputError(fieldErrors(errors));
    const request = { ...input, service: found.service, comune: found.comune, case: { id: found.id } };
    return createdResult(await getDb().transaction().execute((trx) => createConsentRequest(trx, caller, request)));
  },
  async revoke({ caller, found, text }) {
    const own = await ownRequest(caller, found.id, text("id"));
    await getDb().transaction().execute((trx) => revokeConsentRequest(trx, caller, own.id));
    return { message: `Collegamento per ${own.recipient.name} revocato: non funziona più.` };
  },
  async resend({ caller, found, text }) {
    const own = await ownRequest(caller, found.id, text("id"));
    return createdResult(await getDb().transaction().execute((trx) => resendConsentRequest(trx, caller, own.id)));
  },
  async paper({ caller, found, text, form }) {
    const input = parsePaperConsentForm(text, form.entries());
    await getDb().transaction().execute((trx) => recordPaperConsent(trx, caller, found.id, input));
    return { message: `Consenso su carta di ${input.signerName} registrato.` };
  },
  async exception({ caller, found, text }) {
    await getDb().transaction().execute((trx) => recordConsentException(trx, caller, found.id, { kind: text("kind"), note: text("note") }));
    return { message: "Eccezione registrata." };
  },
};

/** A request of this case by its posted id; another case's (or none) is a 404. */
async function ownRequest(caller: ConsentCaller, caseId: number, id: string) {
  const own = (await listCaseConsentRequests(getDb(), caller.scope, caseId)).find((r) => r.id === Number(id));
  if (!own) throw new NotFoundError(`richiesta ${id} non di questa cartella`);
  return own;
}

async function createdResult(created: CreatedConsentRequest): Promise<CaseConsentResult> {
  // The link exists only in this answer (its token is not stored): shown once, with a QR code to print or show.
  const qrSvg = await QRCode.toString(created.url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { created: { url: created.url, qrSvg, recipient: created.request.recipient.name, expiresAt: created.request.expiresAt.toISOString() } };
}
