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

/** The Markdown text of a consent form version ("" when the schema has none). */
export function consentTextOf(schema: Record<string, unknown>): string {
  return typeof schema.description === "string" ? schema.description : "";
}

/** The text as safe HTML (no raw HTML, no script URLs). */
export function renderConsentText(text: string): string {
  return markdown.render(text);
}

/**
 * SHA-256 (hex) of the exact text shown, stored with each answer: whoever
 * checks a receipt later can prove which words the family read, even if the
 * form has had new versions since.
 */
export function consentTextHash(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
