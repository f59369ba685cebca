import languageData from "./data/languages.json";

/** A language of the family pages, from app/consent/data/languages.json (ADR 0023). */
export interface LanguageInfo {
  code: string;
  /** The language's name in itself, for the family's chooser. */
  name: string;
  /** Its name in Italian, for the workers' pages. */
  italianName: string;
  locale: string;
  dir: "ltr" | "rtl";
}

/**
 * The languages of the family pages (/c/:token) — data, in
 * app/consent/data/languages.json: Italian, the language of the approved
 * original, then the languages a consent form version may be translated into.
 * The page offers Italian, English (its own words around the Italian
 * document) and every language with an approved translation of the request's
 * form version; `dir` ("rtl" for Arabic) goes on <html> with its `lang`.
 */
export const LANGUAGES: readonly LanguageInfo[] = languageData.languages.map((l) => ({ ...l, dir: l.dir === "rtl" ? "rtl" : "ltr" }));

const BY_CODE = new Map(LANGUAGES.map((l) => [l.code, l]));

/** A language code of languages.json ("it", "en", "ar", …). */
export type FamilyLanguage = string;

export function isLanguage(code: unknown): code is FamilyLanguage {
  return typeof code === "string" && BY_CODE.has(code);
}

/** A language's data; Italian's for an unknown code. */
export function languageInfo(code: FamilyLanguage): LanguageInfo {
  return BY_CODE.get(code) ?? BY_CODE.get("it")!;
}

/** The language asked for with ?lang= (one of languages.json), or Italian. */
export function familyLanguage(search: string | URLSearchParams): FamilyLanguage {
  const lang = new URLSearchParams(search).get("lang");
  return isLanguage(lang) ? lang : "it";
}

/** A query string keeping the chosen language ("" for Italian, the default). */
export function languageQuery(lang: FamilyLanguage): string {
  return lang === "it" ? "" : `?lang=${lang}`;
}

/** A date and time in the language's words, in the Ambito's time zone. */
export function formatFamilyDateTime(lang: FamilyLanguage, date: Date | string): string {
  return new Intl.DateTimeFormat(languageInfo(lang).locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Rome",
  }).format(new Date(date));
}

export interface FamilyText {
  skipToContent: string;
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
  /** The empty first entry of a drop-down list of choices. */
  chooseOption: string;
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
  /** The Italian original's hash, beside a translation's. */
  originalHash: string;
  languageSigned: string;
  /** Above a translated document: what it is. */
  translationNote: string;
  /** Beside the PDF link when the PDF cannot be in the signed language (right-to-left scripts). */
  pdfInItalian: string;
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
  skipToContent: "Vai al contenuto",
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
  chooseOption: "Scelga una risposta",
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
  originalHash: "Impronta del testo originale in italiano (SHA-256)",
  languageSigned: "Lingua in cui ha firmato",
  translationNote: "Questa è la traduzione approvata dal servizio del modulo originale in italiano.",
  pdfInItalian: "La ricevuta PDF è in italiano e indica la lingua in cui ha firmato.",
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
  skipToContent: "Skip to content",
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
  chooseOption: "Choose an answer",
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
  originalHash: "Fingerprint of the Italian original text (SHA-256)",
  languageSigned: "Language you signed in",
  translationNote: "This is the service's approved translation of the original form in Italian.",
  pdfInItalian: "The PDF receipt is in Italian and names the language you signed in.",
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

// Arabic: Modern Standard Arabic, addressing the reader in the respectful plural.
const ar: FamilyText = {
  skipToContent: "انتقل إلى المحتوى",
  header: "Ambito Territoriale di Seregno · خدمات حماية القاصرين",
  languageNav: "اللغة",
  accessibility: "بيان إمكانية الوصول (بالإيطالية)",
  footer: "الخدمات المشتركة لحماية القاصرين: Barlassina، Giussano، Lentate sul Seveso، Meda، Seregno، Seveso",
  forWhom: (name) => `طلب موجّه إلى: ${name}`,
  expires: (when) => `يمكنكم الرد حتى ${when}.`,
  textInItalian: "الوثيقة والأسئلة باللغة الإيطالية، وهي لغة النص المعتمد. إذا احتجتم إلى مساعدة أو إلى مترجم، اطلبوا ذلك من الخدمة قبل الرد.",
  readFirst: "اقرؤوا الوثيقة",
  questions: "إجاباتكم",
  questionsHint: "الأسئلة التي تحمل كلمة «إلزامي» تحتاج إلى إجابة. يمكنكم أن تجيبوا «لا أوافق»: هذه الإجابة تُسجَّل أيضًا.",
  required: "إلزامي",
  chooseOption: "اختاروا إجابة",
  submit: "إرسال الإجابة",
  errorTitle: "يرجى مراجعة هذه الإجابات",
  errorRequired: "هذا السؤال يحتاج إلى إجابة.",
  errorInvalid: "يرجى مراجعة هذه الإجابة.",
  errorConfirm: "للإرسال، يرجى وضع علامة في خانة التأكيد.",
  receiptTitle: "إيصال",
  completedLead: "شكرًا لكم. تم تسجيل إجابتكم.",
  declinedLead: "تم تسجيل إجابتكم «لا أوافق». سيتواصل معكم العاملون في الخدمة للتحدث في الأمر معًا.",
  withdrawnLead: (when) => `لقد سحبتم موافقتكم في ${when}. تم تسجيل السحب، وتبقى إجابتكم السابقة محفوظة في الملف.`,
  answeredAt: (when) => `أُرسلت الإجابة في ${when}.`,
  yourAnswers: "إجاباتكم",
  evidence: "بيانات التحقق",
  evidenceHint: "هذا الرمز يحدد النص الدقيق الذي قرأتموه. احتفظوا به مع الإيصال.",
  textHash: "بصمة النص (SHA-256)",
  originalHash: "بصمة النص الأصلي بالإيطالية (SHA-256)",
  languageSigned: "لغة التوقيع",
  translationNote: "هذه ترجمة معتمدة من الخدمة للنموذج الأصلي باللغة الإيطالية.",
  pdfInItalian: "إيصال PDF باللغة الإيطالية، ويذكر اللغة التي وقّعتم بها.",
  formVersion: "إصدار النموذج",
  downloadPdf: "تنزيل الإيصال (PDF)",
  readText: "إعادة قراءة الوثيقة",
  withdrawTitle: "سحب الموافقة",
  withdrawHint: "يمكنكم سحب موافقتكم في أي وقت، دون تقديم أسباب. يسري السحب من الآن فصاعدًا.",
  withdrawConfirm: "أريد سحب موافقتي.",
  withdrawButton: "سحب الموافقة",
  withdrawError: "لسحب الموافقة، يرجى وضع علامة في الخانة.",
  notFoundTitle: "هذا الرابط لا يعمل",
  notFoundBody: "ربما انتهت صلاحية الرابط، أو ألغته الخدمة، أو لم يُنسخ العنوان كاملًا.",
  notFoundWhat: "ما العمل: تواصلوا مع العامل أو العاملة في الخدمة الذي أرسل إليكم الرابط، واطلبوا رابطًا جديدًا. لم يُمَسّ أيٌّ من بياناتكم.",
  tooManyTitle: "محاولات كثيرة جدًا",
  tooManyBody: (minutes) =>
    `فُتحت هذه الصفحة مرات كثيرة في وقت قصير. للأمان، انتظروا ${arabicMinutes(minutes)} ثم حاولوا مرة أخرى. إذا استمرت المشكلة، تواصلوا مع الخدمة.`,
  errorPageTitle: "حدث خطأ",
  errorPageBody: "تعذّر إتمام الطلب. حاولوا مرة أخرى بعد بضع دقائق، وإذا استمرت المشكلة تواصلوا مع الخدمة.",
  yes: "نعم",
  no: "لا",
};

/** "n minutes" with Arabic's number agreement (1, 2, 3–10, 11 and more). */
function arabicMinutes(n: number): string {
  if (n === 1) return "دقيقة واحدة";
  if (n === 2) return "دقيقتين";
  return n <= 10 ? `${n} دقائق` : `${n} دقيقة`;
}

/**
 * The page words written so far, by language. A language of languages.json
 * without its own words here gets the English ones around its translated
 * document (`chromeLanguage`), never words in a language nobody checked.
 */
export const FAMILY_TEXT: Readonly<Record<string, FamilyText>> = { it, en, ar };

/** The language the page's own words are in for a chosen language: itself when written, else English. */
export function chromeLanguage(lang: FamilyLanguage): FamilyLanguage {
  return lang in FAMILY_TEXT ? lang : "en";
}

/** The page's own words for a chosen language (English when not written yet). */
export function familyText(lang: FamilyLanguage): FamilyText {
  return FAMILY_TEXT[chromeLanguage(lang)]!;
}
