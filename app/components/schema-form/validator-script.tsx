import { useNonce } from "~/components/nonce";
import { pendingImportScript } from "./validator-modules";

/** The URL of a version's browser validator module (served by moduli.$slug.versioni.$version.validatore[.]js.ts). */
export function validatorModuleUrl(slug: string, version: number): string {
  return `/moduli/${encodeURIComponent(slug)}/versioni/${version}/validatore.js`;
}

/**
 * Starts importing a version's validator module while the page is parsing,
 * so that hydration (which waits for it, entry.client.tsx) renders with the
 * same validator as the server. Render it before the form.
 */
export function ValidatorModuleScript({ schemaId, url }: { schemaId: string; url: string }) {
  const nonce = useNonce();
  return (
    <script
      nonce={nonce}
      // Browsers hide a nonce from the DOM after parsing, and the script has already run: nothing to compare.
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: pendingImportScript(schemaId, url) }}
    />
  );
}
