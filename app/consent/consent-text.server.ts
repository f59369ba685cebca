import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import MarkdownIt from "markdown-it";

/**
 * The consent text of a form version is the root `description` of its schema
 * (DESIGN §5), written in Markdown by an administrator. It reaches a public
 * page, so it is rendered with raw HTML off: `<script>` or `<img onerror>` in
 * the text come out as visible text, and markdown-it's link check refuses
 * javascript:, vbscript:, file: and data: URLs. Images are off too: a consent
 * text has no use for them, and they could call out to another site.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable("image");

// The text's own headings start at # (h1); on a page they sit under the
// page's h1 and a section's h2, so they are moved down by `headingOffset`.
const shiftHeading: NonNullable<typeof markdown.renderer.rules.heading_open> = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const offset = Number((env as { headingOffset?: number } | undefined)?.headingOffset ?? 0);
  token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + offset)}`;
  return self.renderToken(tokens, idx, options);
};
markdown.renderer.rules.heading_open = shiftHeading;
markdown.renderer.rules.heading_close = shiftHeading;

/** The Markdown text of a consent form version ("" when the schema has none). */
export function consentTextOf(schema: Record<string, unknown>): string {
  return typeof schema.description === "string" ? schema.description : "";
}

/** The text as safe HTML (no raw HTML, no script URLs); headings moved down by `headingOffset` levels. */
export function renderConsentText(text: string, headingOffset = 0): string {
  return markdown.render(text, { headingOffset });
}

/**
 * SHA-256 (hex) of the exact text shown, stored with each answer: whoever
 * checks a receipt later can prove which words the family read, even if the
 * form has had new versions since.
 */
export function consentTextHash(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
