import { isObject } from "~/forms/schema/json-schema";
import { unrenderableConsentFields } from "./consent-form";

/**
 * The consent-specific check of `forms lint` and publishing (issue 15): the
 * family page is plain HTML without rjsf, so a consent form may only hold
 * fields it can render; any other field (a repeatable group, an unknown
 * format, a free-form list…) is named with an Italian message, and the form
 * cannot be published until it is changed.
 */
export function consentFormProblems(schema: unknown, uiSchema: unknown): { source: "schema"; path: string; message: string }[] {
  if (!isObject(schema)) return [];
  return unrenderableConsentFields(schema, isObject(uiSchema) ? uiSchema : {}).map((f) => ({
    source: "schema" as const,
    path: f.pointer,
    message: `il campo «${f.title}» non si può mostrare nella pagina dei consensi per le famiglie: in un modulo di consenso usare testo, data, e-mail, telefono, numero, scelta singola o multipla, sì/no, conferma, sezione o testo esplicativo`,
  }));
}
