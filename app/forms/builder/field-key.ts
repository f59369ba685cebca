import { declaredProperties, type JsonSchema } from "../schema/json-schema";
import { BuilderError } from "./document";

/** Keys as the built-in forms write them: a letter, then letters, digits or "_" (they name data, not people). */
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Throws when `key` is not a valid field key or the container already declares it. */
export function checkNewFieldKey(root: JsonSchema, container: JsonSchema, key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new BuilderError(`chiave "${key}" non valida: deve iniziare con una lettera e contenere solo lettere, cifre e "_" (massimo 64 caratteri)`);
  }
  if (declaredProperties(root, container).has(key)) throw new BuilderError(`esiste già un campo con la chiave "${key}" in questa sezione`);
}

/** `base1`, `base2`, … : the first key the container does not declare. */
export function uniqueFieldKey(root: JsonSchema, container: JsonSchema, base: string): string {
  const taken = declaredProperties(root, container);
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}
