/**
 * The Content-Security-Policy of every HTML page. Scripts run only from our
 * origin or with this response's nonce (Remix's inline hydration scripts
 * carry it), never eval: an injected <script> or inline handler does nothing.
 * frame-ancestors 'none' forbids framing (clickjacking); form-action 'self'
 * keeps a forged form from posting credentials elsewhere.
 */
export function contentSecurityPolicy(nonce: string, { dev = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Vite's dev server injects CSS through <style> tags and talks over a websocket; production does neither.
    // In production a <style> runs only with this response's nonce: the form builder's code editor
    // (CodeMirror) injects its own styles that way (ADR 0011). Style attributes stay forbidden.
    // (No nonce in dev: a nonce would make browsers ignore 'unsafe-inline'.)
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    dev ? "connect-src 'self' ws:" : "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce per response: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
