import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";
import { PASSWORD_MAX_LENGTH } from "./credential-rules";

/**
 * argon2id with OWASP's first recommended setting (ADR 0004): 19 MiB of
 * memory, 2 passes, 1 lane — about 11–20 ms on these machines, slow enough to
 * make offline guessing expensive, cheap enough not to make login a DoS lever.
 * The parameters are stored in each hash (PHC string), so raising them later
 * keeps old hashes verifiable.
 */
export const ARGON2_OPTIONS: Options = {
  // Algorithm is a const enum, which isolatedModules cannot read: 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** Hashes a password with argon2id and a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Checks a password against a stored hash; false (never throws) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * A hash of a random password with the same parameters. Login verifies
 * against it when the e-mail is unknown (or has no password), so that an
 * unknown e-mail costs the same time as a wrong password: response timing
 * must not tell which e-mail addresses have accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
