/**
 * Where to go after login: only a path on this site. "//evil.example" and
 * "/\evil.example" are protocol-relative to browsers, so they are refused
 * like absolute URLs (an open redirect would lend our name to phishing).
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}
