/**
 * CSRF defence for cookie sessions (Lucia guide): a state-changing request
 * must come from our own pages. Browsers send Origin on every POST; when an
 * old one does not, Sec-Fetch-Site "same-origin" is accepted instead.
 * Anything else — another site, "null" (sandboxed frames, some redirects),
 * or no header at all — is refused.
 */

/** The public origin (DESIGN §2): APP_ORIGIN, else http://localhost:$PORT. */
export function appOrigin(env: Record<string, string | undefined> = process.env): string {
  return new URL(env.APP_ORIGIN || `http://localhost:${env.PORT || 3000}`).origin;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a request may change state on behalf of its cookie session. */
export function verifyRequestOrigin(
  request: Pick<Request, "method" | "headers">,
  expectedOrigin = appOrigin()
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("Origin");
  if (origin !== null) return origin === expectedOrigin;
  return request.headers.get("Sec-Fetch-Site") === "same-origin";
}
