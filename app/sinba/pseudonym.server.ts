import { createHmac } from "node:crypto";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

/** Characters of IDBeneficiario (the schema allows at most 20): 100 bits of the keyed hash. */
const ID_LENGTH = 20;

/**
 * The child's `IDBeneficiario`: HMAC-SHA-256 of the case's minor reference
 * (already a pseudonym, never the tax code) under the configured key, in
 * base32. The same child gets the same identifier in every flow sent with the
 * same key; without the key nobody can link it back (ADR 0015).
 */
export function beneficiaryId(key: string, minorRef: string): string {
  const mac = createHmac("sha256", key).update(`sinba:beneficiario:${minorRef}`, "utf8").digest();
  return encodeBase32UpperCaseNoPadding(mac).slice(0, ID_LENGTH);
}
