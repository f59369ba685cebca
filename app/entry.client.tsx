import { RemixBrowser } from "@remix-run/react";
import { StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// Remix's default entry hydrates inside startTransition. On the login page
// people (and password managers) type before hydration has finished; React
// then has to hydrate the document synchronously in the middle of a
// transition and gives up ("An error occurred during hydration … Root did not
// complete"). Hydrating at default priority lets it finish first.
hydrateRoot(
  document,
  <StrictMode>
    <RemixBrowser />
  </StrictMode>,
);
