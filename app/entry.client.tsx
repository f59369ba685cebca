import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { settlePendingValidatorImports } from "~/components/schema-form/validator-modules";

// Remix's default entry, except that a page showing a form first waits for
// the form version's validator module, whose import the page's inline script
// started while it was parsing (validator-script.tsx). The server rendered the
// form with that validator (it decides if/then fields and choices), so
// hydrating with it is what keeps the first browser render identical to the
// server's. Pages without a form have nothing to wait for.
void settlePendingValidatorImports().then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    );
  });
});
