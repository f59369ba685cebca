const BASE = "http://schedario.invalid";

/**
 * Where to go after login: only a path on this site, percent-encoded so that
 * it is a valid `Location` header whatever was typed ("/%EF%BC%85", "/città").
 * "//evil.example" and "/\evil.example" are protocol-relative to browsers,
 * so they are refused like absolute URLs (an open redirect would lend our
 * name to phishing); the URL parser is the judge, as it is for browsers.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/")) return fallback;
  // The URL parser drops tabs and newlines silently; such a value is not a link anyone followed.
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
