// Rules for passwords and token names, shared by the server and the pages.

export const PASSWORD_MIN_LENGTH = 12;
/** An upper bound so nobody can make the server hash megabytes per request. */
export const PASSWORD_MAX_LENGTH = 256;

/** Why a new password is not acceptable, in Italian for the page; undefined when it is fine. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `La password deve avere almeno ${PASSWORD_MIN_LENGTH} caratteri.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `La password può avere al massimo ${PASSWORD_MAX_LENGTH} caratteri.`;
  if (password.trim().length === 0) return "La password non può essere fatta solo di spazi.";
  return undefined;
}

/** Token names are labels for a list, not documents. */
export const TOKEN_NAME_MAX_LENGTH = 100;
