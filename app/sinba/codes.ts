/**
 * The items of a SINBA record (INPS SINBA module of the Casellario
 * dell'assistenza, schema v1.0.0, DM 206/2014 art. 5) and their code lists,
 * in Schedario's own structure: what the flow may carry and what each code
 * means. The schema itself is never copied into the repository (ADR 0015);
 * tests validate the flow against the official file when it is present.
 * Where each item comes from is data: `app/sinba/data/mapping.json`.
 */

/** code → meaning, in INPS's order. */
export type CodeList = Readonly<Record<string, string>>;

const yesNo: CodeList = { "1": "sì", "2": "no" };
const consensualOrJudicial: CodeList = { "1": "consensuale", "2": "giudiziario" };
const educationLevel: CodeList = {
  "1": "nessun titolo",
  "2": "licenza elementare",
  "3": "licenza media",
  "4": "qualifica professionale",
  "5": "diploma di scuola superiore",
  "6": "laurea o diploma di laurea",
};
const occupation: CodeList = {
  "1": "occupato",
  "2": "disoccupato alla ricerca di nuova occupazione",
  "3": "in cerca di prima occupazione",
  "4": "casalinga/o",
  "5": "studente",
  "6": "ritirato/a dal lavoro",
  "7": "inabile al lavoro",
  "8": "in altra condizione",
};
const placementOutcome: CodeList = {
  "1": "rientrato nella famiglia di origine",
  "2": "in famiglia affidataria o affidato ad altro nucleo",
  "3": "adottato",
  "4": "inserito in (altra) struttura socio-educativa",
  "5": "inserito in struttura sanitaria",
  "6": "vita in autonomia",
  "7": "rimpatriato",
  "8": "destinazione ignota",
  "9": "altro",
};

/** How an item's value is written: a code of a list, a month (MM/YYYY), a year, a number, or a fixed pattern. */
export type ItemFormat =
  | { kind: "code"; codes: CodeList }
  | { kind: "month" }
  | { kind: "year" }
  | { kind: "integer"; max: number }
  | { kind: "digits"; length: number };

export interface SinbaItem {
  /** Italian name shown to coordinators (pre-flight page). */
  label: string;
  /** The schema requires it: a case without it cannot be sent. */
  required: boolean;
  format: ItemFormat;
}

const code = (codes: CodeList) => ({ kind: "code", codes }) as const;

/** The attributes of one SINBA record, in the schema's order. */
export const SINBA_ATTRIBUTES = {
  MinoreStranieroNoAcc: { label: "Minore straniero non accompagnato", required: true, format: code(yesNo) },
  CondizioneMinore: {
    label: "Condizione del minore (orfano o no)",
    required: true,
    format: code({ "1": "non orfano", "2": "orfano di entrambi i genitori", "3": "orfano di padre", "4": "orfano di madre", "5": "genitori ignoti" }),
  },
  LuogoVita: {
    label: "Dove vive il minore",
    required: true,
    format: code({
      "1": "nella sua famiglia",
      "2": "presso parenti",
      "3": "in famiglia affidataria",
      "4": "in struttura residenziale sociale",
      "5": "in struttura residenziale sanitaria",
      "6": "in istituto penale minorile",
      "7": "con amici e conoscenti",
      "8": "senza dimora",
    }),
  },
  ScuolaFrequentata: {
    label: "Scuola frequentata",
    required: true,
    format: code({
      "1": "nessuna scuola",
      "2": "scuola nella struttura",
      "3": "asilo nido",
      "4": "scuola dell'infanzia",
      "5": "scuola primaria",
      "6": "scuola secondaria di primo grado",
      "7": "scuola secondaria di secondo grado",
      "8": "corso di formazione professionale",
    }),
  },
  CondizioneLavoro: {
    label: "Condizione lavorativa del minore",
    required: true,
    format: code({
      "1": "inattivo (non in età da lavoro, non ha e non cerca lavoro)",
      "2": "occupato",
      "3": "disoccupato alla ricerca di nuova occupazione",
      "4": "in cerca di prima occupazione",
    }),
  },
  Disabilita: { label: "Disabilità", required: true, format: code(yesNo) },
  TipoDisabilita: { label: "Tipo di disabilità", required: false, format: code({ "1": "fisica", "2": "psichica", "3": "sensoriale", "4": "plurima" }) },
  InvCivCertificazioni: {
    label: "Certificazione di invalidità o disabilità",
    required: false,
    format: code({
      "1": "invalidità civile parziale non inferiore al 75%",
      "2": "invalidità civile totale con indennità di accompagnamento",
      "3": "invalidità civile totale senza indennità di accompagnamento",
      "4": "certificazione NPI",
      "5": "certificazione legge 104",
    }),
  },
  CodiceCittadinanzaPadre: { label: "Cittadinanza del padre", required: false, format: { kind: "digits", length: 3 } },
  CodiceCittadinanzaMadre: { label: "Cittadinanza della madre", required: false, format: { kind: "digits", length: 3 } },
  CodiceRegioneResidenzaPadre: { label: "Regione di residenza del padre", required: false, format: { kind: "digits", length: 2 } },
  CodiceRegioneResidenzaMadre: { label: "Regione di residenza della madre", required: false, format: { kind: "digits", length: 2 } },
  TitoloStudioPadre: { label: "Titolo di studio del padre", required: false, format: code(educationLevel) },
  TitoloStudioMadre: { label: "Titolo di studio della madre", required: false, format: code(educationLevel) },
  OccupazionePadre: { label: "Condizione professionale del padre", required: false, format: code(occupation) },
  OccupazioneMadre: { label: "Condizione professionale della madre", required: false, format: code(occupation) },
  DataPrimaSegnalazione: { label: "Mese della prima segnalazione", required: true, format: { kind: "month" } },
  FonteSegnalazione: {
    label: "Chi ha segnalato",
    required: true,
    format: code({
      "1": "servizio sociale minori della giustizia minorile",
      "2": "altro servizio sociale (consultori, centri famiglia, altro ambito…)",
      "3": "servizi sanitari, medico di base, pediatra",
      "4": "privato sociale, volontariato",
      "5": "forze dell'ordine",
      "6": "il minore stesso",
      "7": "genitori affidatari o tutore",
      "8": "genitori, fratelli o altri familiari conviventi",
      "9": "parenti non conviventi",
      "10": "tribunale ordinario",
      "11": "autorità giudiziarie minorili",
      "12": "professionista privato",
      "13": "scuola",
      "14": "vicinato o conoscenti",
    }),
  },
  ValutazioneMinore: {
    label: "Valutazione del minore (problematica prevalente)",
    required: true,
    format: code({
      "1": "nessuna specifica problematica",
      "2": "problemi relazionali e comportamentali",
      "3": "dipendenze",
      "4": "presunto stato di abbandono",
      "5": "problemi sanitari",
      "6": "violenza sessuale subita, prostituzione, tratta, pedopornografia",
      "7": "altre forme di violenza e maltrattamento subite",
      "8": "comportamenti di grave devianza",
      "9": "problemi di autonomia, disabilità",
      "10": "coinvolto in procedure penali",
      "11": "gestante o madre minorenne",
      "12": "minore straniero non accompagnato",
      "13": "abbandono scolastico",
    }),
  },
  ValutazioneFamigliaMinore: {
    label: "Valutazione della famiglia (problematica prevalente)",
    required: true,
    format: code({
      "1": "nessuna specifica problematica",
      "2": "fragilità o inadeguatezza genitoriale, problemi socio-educativi e relazionali",
      "3": "dipendenza",
      "4": "problemi psichiatrici",
      "5": "altri problemi sanitari",
      "6": "grave conflittualità familiare",
      "7": "famiglia maltrattante",
      "8": "famiglia abusante",
      "9": "problemi giudiziari",
      "10": "fallimento di un affido preadottivo nel primo anno",
      "11": "inadempienza degli obblighi sanitari",
      "12": "difficoltà economiche",
      "13": "difficoltà abitative",
    }),
  },
  SegnalazioneAutoritaGiudiziaria: { label: "Segnalato all'autorità giudiziaria", required: true, format: code(yesNo) },
  DataSegnalazione: { label: "Mese della segnalazione all'autorità giudiziaria", required: false, format: { kind: "month" } },
  ProvvedimentoGiudiziario: { label: "Provvedimento giudiziario", required: true, format: code(yesNo) },
  DataProvvedimentoGiudiziario: { label: "Mese del provvedimento giudiziario", required: false, format: { kind: "month" } },
  AutoritaProvvedimento: {
    label: "Autorità che ha emesso il provvedimento",
    required: false,
    format: code({ "1": "giudice tutelare", "2": "tribunale per i minorenni", "3": "procura presso il tribunale per i minorenni", "4": "tribunale ordinario" }),
  },
  PotestaTutela: {
    label: "Responsabilità genitoriale e tutela",
    required: false,
    format: code({
      "1": "sospensione della responsabilità genitoriale",
      "2": "decadenza dalla responsabilità genitoriale",
      "3": "prescrizioni ai genitori",
      "4": "tutela a parenti o altri soggetti",
      "5": "curatela",
    }),
  },
  TipoProvvedimentoGiudiziario: {
    label: "Tipo di provvedimento",
    required: false,
    format: code({
      "1": "adottabilità",
      "2": "adozione nazionale",
      "3": "adozione internazionale",
      "4": "affidamento familiare",
      "5": "affido al servizio sociale",
      "6": "affidamento a uno dei genitori in caso di separazione",
      "7": "vigilanza",
      "8": "post-adozione, allontanamento d'urgenza (art. 403 c.c.)",
    }),
  },
  FormaInterventoAffido: { label: "Affido: consensuale o giudiziario", required: false, format: code(consensualOrJudicial) },
  TipoInterventoAffido: { label: "Affido: intrafamiliare o eterofamiliare", required: false, format: code({ "1": "intrafamiliare", "2": "eterofamiliare" }) },
  DurataAffido: { label: "Affido: tempo pieno o parziale", required: false, format: code({ "1": "tempo pieno", "2": "tempo parziale" }) },
  CarattereAffido: { label: "Affido: residenziale o diurno", required: false, format: code({ "1": "residenziale", "2": "diurno" }) },
  EsitoAffido: { label: "Esito dell'affido", required: false, format: code(placementOutcome) },
  CarattereInserimentoResidenziale: {
    label: "Inserimento in struttura: carattere",
    required: false,
    format: code({
      "1": "familiare, prevalente accoglienza abitativa",
      "2": "familiare, prevalente funzione tutelare",
      "3": "familiare, funzione socio-educativa",
      "4": "comunitario, accoglienza di emergenza",
      "5": "comunitario, prevalente accoglienza abitativa",
      "6": "comunitario, prevalente funzione tutelare",
      "7": "comunitario, funzione socio-educativa",
      "8": "comunitario, funzione educativa-psicologica",
      "9": "comunitario, integrazione socio-sanitaria bassa",
      "10": "comunitario, integrazione socio-sanitaria medio-alta",
    }),
  },
  FormaInserimentoResidenziale: { label: "Inserimento in struttura: consensuale o giudiziario", required: false, format: code(consensualOrJudicial) },
  TipoInserimentoResidenziale: { label: "Inserimento in struttura: con o senza genitore", required: false, format: code({ "1": "con genitore", "2": "senza genitore" }) },
  EsitoInserimentoStruttura: { label: "Esito dell'inserimento in struttura", required: false, format: code(placementOutcome) },
  MotivazioneChiusuraCarico: {
    label: "Motivo della chiusura della presa in carico",
    required: false,
    format: code({
      "1": "passaggio al servizio di un altro ambito della stessa regione",
      "2": "passaggio al servizio di un ambito di un'altra regione",
      "3": "raggiunta la maggiore età",
      "4": "interventi conclusi: superato lo stato di bisogno",
      "5": "uscita chiesta dal minore o dalla famiglia",
      "6": "rimpatrio",
      "7": "irreperibilità",
      "8": "decesso",
      "9": "altro",
    }),
  },
  SituazioneChiusuraCarico: {
    label: "Situazione alla chiusura della presa in carico",
    required: false,
    format: code({
      "1": "nella famiglia di origine",
      "2": "vita in autonomia",
      "3": "rimane nella famiglia affidataria anche se maggiorenne",
      "4": "rimane nella struttura socio-assistenziale anche se maggiorenne",
      "5": "collocato in struttura residenziale sanitaria",
      "6": "adottato in una nuova famiglia",
      "7": "in istituto penale",
      "8": "destinazione ignota",
    }),
  },
  CollaborazioniInterventi: {
    label: "Altri servizi che collaborano",
    required: false,
    format: code({
      "1": "SerD",
      "2": "neuropsichiatria infantile",
      "3": "psicologia",
      "4": "clinica, salute mentale",
      "5": "altri servizi sociali (consultorio, centri famiglia, adulti, altro ambito)",
      "6": "USSM del Ministero della giustizia",
      "7": "scuola",
      "8": "privato sociale, associazionismo, volontariato",
      "9": "altro",
    }),
  },
  NumeroComponentiISEE: { label: "Componenti del nucleo ISEE", required: false, format: { kind: "integer", max: 9 } },
  FasciaEtaBeneficiario: {
    label: "Fascia di età",
    required: true,
    format: code({ "1": "0-3 anni", "2": "3-6 anni", "3": "6-9 anni", "4": "9-12 anni", "5": "12-15 anni", "6": "15-18 anni" }),
  },
  FasciaISEEBeneficiario: {
    label: "Fascia ISEE",
    required: false,
    format: code({
      "1": "ISEE pari a zero",
      "2": "fino a 3.000 euro",
      "3": "da 3.000,01 a 6.000 euro",
      "4": "da 6.000,01 a 9.000 euro",
      "5": "da 9.000,01 a 12.000 euro",
      "6": "da 12.000,01 a 15.000 euro",
      "7": "da 15.000,01 a 20.000 euro",
      "8": "oltre 20.000 euro",
    }),
  },
  AnnoNascita: { label: "Anno di nascita", required: true, format: { kind: "year" } },
  CodiceRegioneResidenza: { label: "Regione di residenza", required: false, format: { kind: "digits", length: 2 } },
  CodiceNazioneResidenza: { label: "Stato di residenza", required: true, format: { kind: "digits", length: 3 } },
} as const satisfies Record<string, SinbaItem>;

/** The elements of a record that hold lists: the benefits given and the household. Both need at least one entry. */
export const SINBA_LISTS = {
  CodicePrestazione: { label: "Prestazioni erogate", required: true, format: { kind: "benefit" } },
  ComposizioneFamiglia: {
    label: "Composizione della famiglia",
    required: true,
    format: code({
      "1": "madre",
      "2": "padre",
      "3": "fratelli o sorelle",
      "4": "nonno o nonna",
      "5": "compagno/a della madre o del padre",
      "6": "altri conviventi",
    }),
  },
} as const;

export type SinbaAttribute = keyof typeof SINBA_ATTRIBUTES;
export type SinbaList = keyof typeof SINBA_LISTS;
export type SinbaItemName = SinbaAttribute | SinbaList;

export const SINBA_ITEMS: Readonly<Record<SinbaItemName, { label: string; required: boolean; format: ItemFormat | { kind: "benefit" } }>> = {
  ...SINBA_ATTRIBUTES,
  ...SINBA_LISTS,
};

export function isListItem(name: SinbaItemName): name is SinbaList {
  return Object.hasOwn(SINBA_LISTS, name);
}

/** A benefit code of the Casellario's list: 5 to 10 characters. */
export const BENEFIT_CODE = /^.{5,10}$/u;

/** Whether a value is well-formed for an item (the code exists, the month is MM/YYYY…). */
export function isValidItemValue(format: ItemFormat | { kind: "benefit" }, value: string): boolean {
  switch (format.kind) {
    case "code":
      return Object.hasOwn(format.codes, value);
    case "month":
      return /^(0[1-9]|1[0-2])\/(19|20)\d{2}$/.test(value);
    case "year":
      return /^\d{4}$/.test(value);
    case "integer":
      return /^\d+$/.test(value) && Number(value) <= format.max;
    case "digits":
      return new RegExp(`^\\d{${format.length}}$`).test(value);
    case "benefit":
      return BENEFIT_CODE.test(value);
  }
}
