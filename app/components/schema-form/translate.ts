import { englishStringTranslator, TranslatableString } from "@rjsf/utils";

/** Italian for the strings rjsf writes itself (buttons, yes/no, empty lists); STACK.md pitfall 7. */
const ITALIAN: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: "Elemento",
  [TranslatableString.MissingItems]: "Definizione degli elementi mancante",
  [TranslatableString.EmptyArray]: "Nessun elemento. Usa il pulsante qui sotto per aggiungerne.",
  [TranslatableString.YesLabel]: "Sì",
  [TranslatableString.NoLabel]: "No",
  [TranslatableString.CloseLabel]: "Chiudi",
  [TranslatableString.ErrorsLabel]: "Errori",
  [TranslatableString.NewStringDefault]: "Nuovo valore",
  [TranslatableString.AddButton]: "Aggiungi",
  [TranslatableString.AddItemButton]: "Aggiungi elemento",
  [TranslatableString.CopyButton]: "Copia",
  [TranslatableString.MoveDownButton]: "Sposta giù",
  [TranslatableString.MoveUpButton]: "Sposta su",
  [TranslatableString.RemoveButton]: "Rimuovi",
  [TranslatableString.NowLabel]: "Adesso",
  [TranslatableString.ClearLabel]: "Cancella",
  [TranslatableString.AriaDateLabel]: "Scegli una data",
  [TranslatableString.OptionalObjectAdd]: "Aggiungi i dati di questo gruppo facoltativo",
  [TranslatableString.OptionalObjectRemove]: "Togli i dati di questo gruppo facoltativo",
  [TranslatableString.OptionalObjectEmptyMsg]: "Nessun dato per questo gruppo facoltativo",
  [TranslatableString.ClearButton]: "svuota il campo",
  [TranslatableString.UnsupportedField]: "Campo non supportato dal modulo.",
  [TranslatableString.OptionPrefix]: "Opzione %1",
};

/** rjsf's `translateString` in Italian; strings not listed fall back to rjsf's English. */
export function translateItalian(key: TranslatableString, params?: string[]): string {
  const italian = ITALIAN[key];
  return italian ? englishStringTranslator(italian as TranslatableString, params) : englishStringTranslator(key, params);
}
