/**
 * The words of the family pages (/c/:token) in each language offered. Italian
 * is the default. The consent text and the questions are the approved
 * document of the form version and stay as written (Italian); these are the
 * page's own words around it. Adding a language means one entry here: its
 * `dir` ("rtl" for Arabic) goes on <html> with its `lang`.
 */
export const FAMILY_LANGUAGES = {
  it: { label: "Italiano", locale: "it-IT", dir: "ltr" },
  en: { label: "English", locale: "en-GB", dir: "ltr" },
} as const;

export type FamilyLanguage = keyof typeof FAMILY_LANGUAGES;

/** The language asked for with ?lang=, or Italian. */
export function familyLanguage(search: string | URLSearchParams): FamilyLanguage {
  const lang = new URLSearchParams(search).get("lang");
  return lang && lang in FAMILY_LANGUAGES ? (lang as FamilyLanguage) : "it";
}

/** A query string keeping the chosen language ("" for Italian, the default). */
export function languageQuery(lang: FamilyLanguage): string {
  return lang === "it" ? "" : `?lang=${lang}`;
}

/** A date and time in the language's words, in the Ambito's time zone. */
export function formatFamilyDateTime(lang: FamilyLanguage, date: Date | string): string {
  return new Intl.DateTimeFormat(FAMILY_LANGUAGES[lang].locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Rome",
  }).format(new Date(date));
}

export interface FamilyText {
  header: string;
  languageNav: string;
  accessibility: string;
  footer: string;
  forWhom: (name: string) => string;
  expires: (when: string) => string;
  textInItalian: string | null;
  readFirst: string;
  questions: string;
  questionsHint: string;
  required: string;
  submit: string;
  errorTitle: string;
  errorRequired: string;
  errorInvalid: string;
  errorConfirm: string;
  receiptTitle: string;
  completedLead: string;
  declinedLead: string;
  withdrawnLead: (when: string) => string;
  answeredAt: (when: string) => string;
  yourAnswers: string;
  evidence: string;
  evidenceHint: string;
  textHash: string;
  formVersion: string;
  downloadPdf: string;
  readText: string;
  withdrawTitle: string;
  withdrawHint: string;
  withdrawConfirm: string;
  withdrawButton: string;
  withdrawError: string;
  notFoundTitle: string;
  notFoundBody: string;
  notFoundWhat: string;
  tooManyTitle: string;
  tooManyBody: (minutes: number) => string;
  errorPageTitle: string;
  errorPageBody: string;
  yes: string;
  no: string;
}

const it: FamilyText = {
  header: "Ambito Territoriale di Seregno · Servizi per la tutela dei minori",
  languageNav: "Lingua",
  accessibility: "Dichiarazione di accessibilità",
  footer: "Servizi associati per la tutela dei minori: Barlassina, Giussano, Lentate sul Seveso, Meda, Seregno, Seveso",
  forWhom: (name) => `Richiesta per: ${name}`,
  expires: (when) => `Può rispondere fino al ${when}.`,
  textInItalian: null,
  readFirst: "Legga il documento",
  questions: "Le Sue risposte",
  questionsHint: "Le domande con «obbligatorio» richiedono una risposta. Può rispondere «Non acconsento»: anche questa risposta viene registrata.",
  required: "obbligatorio",
  submit: "Invia la risposta",
  errorTitle: "Controlli queste risposte",
  errorRequired: "Manca la risposta a questa domanda.",
  errorInvalid: "Controlli questa risposta.",
  errorConfirm: "Per inviare deve spuntare la conferma.",
  receiptTitle: "Ricevuta",
  completedLead: "Grazie. La Sua risposta è stata registrata.",
  declinedLead: "La Sua risposta «Non acconsento» è stata registrata. Gli operatori La contatteranno per parlarne insieme.",
  withdrawnLead: (when) => `Ha ritirato il consenso il ${when}. Il ritiro è stato registrato; la risposta precedente resta agli atti.`,
  answeredAt: (when) => `Risposta inviata il ${when}.`,
  yourAnswers: "Le Sue risposte",
  evidence: "Dati di controllo",
  evidenceHint: "Questo codice identifica il testo esatto che ha letto. Lo conservi con la ricevuta.",
  textHash: "Impronta del testo (SHA-256)",
  formVersion: "Versione del modulo",
  downloadPdf: "Scarica la ricevuta (PDF)",
  readText: "Rileggi il documento",
  withdrawTitle: "Ritirare il consenso",
  withdrawHint: "Può ritirare il consenso quando vuole, senza dare spiegazioni. Il ritiro vale da ora in poi.",
  withdrawConfirm: "Voglio ritirare il mio consenso.",
  withdrawButton: "Ritira il consenso",
  withdrawError: "Per ritirare il consenso deve spuntare la casella.",
  notFoundTitle: "Questo collegamento non funziona",
  notFoundBody:
    "Il collegamento può essere scaduto, essere stato annullato dal servizio, oppure l'indirizzo non è stato copiato per intero.",
  notFoundWhat:
    "Cosa fare: contatti l'operatore o l'operatrice del servizio che Le ha mandato il collegamento e chieda un nuovo collegamento. I Suoi dati non sono stati toccati.",
  tooManyTitle: "Troppi tentativi",
  tooManyBody: (minutes) =>
    `Questa pagina è stata aperta troppe volte in poco tempo. Per sicurezza aspetti ${minutes} ${minutes === 1 ? "minuto" : "minuti"} e poi riprovi. Se il problema continua, contatti il servizio.`,
  errorPageTitle: "Si è verificato un errore",
  errorPageBody: "Non è stato possibile completare la richiesta. Riprovi tra qualche minuto; se il problema continua, contatti il servizio.",
  yes: "Sì",
  no: "No",
};

const en: FamilyText = {
  header: "Ambito Territoriale di Seregno · Child protection services",
  languageNav: "Language",
  accessibility: "Accessibility statement (in Italian)",
  footer: "Associated child protection services: Barlassina, Giussano, Lentate sul Seveso, Meda, Seregno, Seveso",
  forWhom: (name) => `Request for: ${name}`,
  expires: (when) => `You can answer until ${when}.`,
  textInItalian:
    "The document and the questions are in Italian, the language of the approved text. If you need help or an interpreter, ask the service before you answer.",
  readFirst: "Read the document",
  questions: "Your answers",
  questionsHint: "Questions marked «required» need an answer. You can answer «Non acconsento» (I do not agree): that answer is recorded too.",
  required: "required",
  submit: "Send my answer",
  errorTitle: "Please check these answers",
  errorRequired: "This question needs an answer.",
  errorInvalid: "Please check this answer.",
  errorConfirm: "To send, please tick the confirmation.",
  receiptTitle: "Receipt",
  completedLead: "Thank you. Your answer has been recorded.",
  declinedLead: "Your answer «Non acconsento» (I do not agree) has been recorded. The service will contact you to talk about it.",
  withdrawnLead: (when) => `You withdrew your consent on ${when}. The withdrawal is recorded; your earlier answer is kept on file.`,
  answeredAt: (when) => `Answer sent on ${when}.`,
  yourAnswers: "Your answers",
  evidence: "Check data",
  evidenceHint: "This code identifies the exact text you read. Keep it with the receipt.",
  textHash: "Fingerprint of the text (SHA-256)",
  formVersion: "Form version",
  downloadPdf: "Download the receipt (PDF)",
  readText: "Read the document again",
  withdrawTitle: "Withdraw your consent",
  withdrawHint: "You can withdraw your consent at any time, without giving reasons. It applies from now on.",
  withdrawConfirm: "I want to withdraw my consent.",
  withdrawButton: "Withdraw my consent",
  withdrawError: "To withdraw your consent, please tick the box.",
  notFoundTitle: "This link does not work",
  notFoundBody: "The link may have expired, been cancelled by the service, or not been copied in full.",
  notFoundWhat:
    "What to do: contact the social worker who sent you the link and ask for a new one. Nothing has happened to your data.",
  tooManyTitle: "Too many attempts",
  tooManyBody: (minutes) =>
    `This page was opened too many times in a short time. For safety, wait ${minutes} ${minutes === 1 ? "minute" : "minutes"} and try again. If the problem continues, contact the service.`,
  errorPageTitle: "Something went wrong",
  errorPageBody: "The request could not be completed. Try again in a few minutes; if the problem continues, contact the service.",
  yes: "Yes",
  no: "No",
};

export const FAMILY_TEXT: Record<FamilyLanguage, FamilyText> = { it, en };
