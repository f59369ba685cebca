import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * The shape shared by session cookies and API tokens (Lucia session guide):
 * "<id>.<secret>". The id finds the row; the secret proves possession. Only
 * SHA-256(secret) is stored, so reading the database does not give anyone a
 * usable token, and a plain hash is enough because the secret has 120 random
 * bits (a slow password hash protects low-entropy secrets, not these).
 */
export interface SecretToken {
  id: string;
  secret: string;
  token: string;
}

// 15 random bytes = 120 bits, encoded as exactly 24 base32 characters (no padding).
const RANDOM_BYTES = 15;
const PART = /^[a-z2-7]{24}$/;

/** 24 lower-case base32 characters carrying 120 bits from the operating system's CSPRNG. */
function generateRandomPart(): string {
  const bytes = new Uint8Array(RANDOM_BYTES);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** Generates a new token with a random id and a random secret. */
export function generateSecretToken(): SecretToken {
  const id = generateRandomPart();
  const secret = generateRandomPart();
  return { id, secret, token: `${id}.${secret}` };
}

/** Splits "<id>.<secret>"; undefined for anything not exactly in that shape (checked before any query). */
export function parseSecretToken(token: string): { id: string; secret: string } | undefined {
  const parts = token.split(".");
  if (parts.length !== 2) return undefined;
  const [id, secret] = parts as [string, string];
  if (!PART.test(id) || !PART.test(secret)) return undefined;
  return { id, secret };
}

/** SHA-256 of the secret half, as stored in the database. */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Compares a presented secret with a stored hash in constant time (no timing hint about how many bytes matched). */
export function secretMatches(storedHash: Uint8Array, secret: string): boolean {
  return constantTimeEqual(new Uint8Array(storedHash), hashSecret(secret));
}
