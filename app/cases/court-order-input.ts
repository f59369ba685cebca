import type { FieldMessages } from "~/lib/errors";

/**
 * Court orders (provvedimenti, DOMAIN §1 and §5): who issued them, what kind
 * they are, and the due dates of the reports they ask for. Pure: parses the
 * add form (field names below) into a checked input with Italian errors.
 */

export const COURT_AUTHORITIES = [
  { value: "tribunale-minorenni", label: "Tribunale per i Minorenni" },
  { value: "tribunale-ordinario", label: "Tribunale Ordinario" },
  { value: "procura-minorenni", label: "Procura presso il Tribunale per i Minorenni" },
  { value: "giudice-tutelare", label: "Giudice tutelare" },
] as const;

export const COURT_ORDER_TYPES = [
  { value: "art-403", label: "Collocamento d'urgenza (art. 403 c.c.)" },
  { value: "limitazione-responsabilita", label: "Limitazione della responsabilità genitoriale" },
  { value: "sospensione-responsabilita", label: "Sospensione della responsabilità genitoriale" },
  { value: "affidamento-servizio", label: "Affidamento al Servizio" },
  { value: "affido-familiare", label: "Affido familiare" },
  { value: "collocamento-comunita", label: "Collocamento in comunità" },
  { value: "incontri-protetti", label: "Incontri protetti (Spazio Neutro)" },
  { value: "indagine-relazione", label: "Incarico di indagine e relazione" },
  { value: "altro", label: "Altro provvedimento" },
] as const;

/** How many report due dates one order takes on the form. */
export const MAX_DEADLINES = 6;

export interface CourtOrderInput {
  authority: string;
  docketNumber: string;
  issuedOn: string;
  orderType: string;
  duties: string;
  /** YYYY-MM-DD, sorted, without repeats. */
  deadlines: string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (what `<input type="date">` posts). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value && Number(m[1]) >= 1900 && Number(m[1]) <= 2200;
}

/** The form's fields: autorita, rg, data, tipo, compiti, scadenza (repeated). */
export function parseCourtOrderInput(values: { get(name: string): string | undefined; getAll(name: string): string[] }): {
  input: CourtOrderInput;
  errors: FieldMessages;
} {
  const text = (name: string) => (values.get(name) ?? "").trim();
  const errors: FieldMessages = {};
  const input: CourtOrderInput = {
    authority: text("autorita"),
    docketNumber: text("rg"),
    issuedOn: text("data"),
    orderType: text("tipo"),
    duties: text("compiti"),
    deadlines: [...new Set(values.getAll("scadenza").map((d) => d.trim()).filter(Boolean))].sort(),
  };
  if (!COURT_AUTHORITIES.some((a) => a.value === input.authority)) errors.autorita = "Scegli l'autorità che ha emesso il provvedimento.";
  if (!input.docketNumber) errors.rg = "Scrivi il numero di R.G. come compare sul provvedimento (per esempio 1234/2026).";
  else if (input.docketNumber.length > 40) errors.rg = "Il numero di R.G. può avere al massimo 40 caratteri.";
  if (!isIsoDate(input.issuedOn)) errors.data = "Scrivi la data del provvedimento (giorno, mese e anno).";
  if (!COURT_ORDER_TYPES.some((t) => t.value === input.orderType)) errors.tipo = "Scegli il tipo di provvedimento.";
  if (input.duties.length > 4000) errors.compiti = "Riassumi i compiti del servizio in al massimo 4000 caratteri.";
  if (input.deadlines.length > MAX_DEADLINES) errors.scadenza = `Si possono indicare al massimo ${MAX_DEADLINES} scadenze.`;
  else if (input.deadlines.some((d) => !isIsoDate(d))) errors.scadenza = "Ogni scadenza deve essere una data completa (giorno, mese e anno).";
  else if (!errors.data && input.deadlines.some((d) => d < input.issuedOn)) {
    errors.scadenza = "Una scadenza è precedente alla data del provvedimento: controlla le date.";
  }
  return { input, errors };
}

/** The label of an authority or order type code (the code itself when unknown). */
export function courtLabel(list: readonly { value: string; label: string }[], value: string): string {
  return list.find((item) => item.value === value)?.label ?? value;
}
