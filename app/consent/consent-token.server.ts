import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { hashSecret, secretMatches } from "~/auth/secret-token.server";

/**
 * The token of a consent link: "<id>.<secret>" like sessions and API tokens
 * (secret-token.server.ts), but with a longer secret, because it is the only
 * thing between a stranger and a family's consent page and it lives for days
 * in a text message or on paper (ADR 0010). The link carries nothing else:
 * no name, no case, no service.
 */
export interface ConsentToken {
  id: string;
  secret: string;
  token: string;
}

// id: 15 random bytes (120 bits) → 24 base32 characters; it only finds the row.
// secret: 20 random bytes (160 bits, ≥ 128 asked by the issue) → 32 characters.
const ID_BYTES = 15;
const SECRET_BYTES = 20;
const TOKEN = /^([a-z2-7]{24})\.([a-z2-7]{32})$/;

function randomBase32(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

/** A new token from the operating system's CSPRNG. */
export function generateConsentToken(): ConsentToken {
  const id = randomBase32(ID_BYTES);
  const secret = randomBase32(SECRET_BYTES);
  return { id, secret, token: `${id}.${secret}` };
}

/** Splits a token; undefined for anything not exactly in its shape (checked before any query). */
export function parseConsentToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** SHA-256 of the secret half, as stored (a fast hash is enough for 160 random bits). */
export const hashConsentSecret = hashSecret;

/** Constant-time comparison of a presented secret with the stored hash. */
export const consentSecretMatches = secretMatches;
