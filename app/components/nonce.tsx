import { createContext, useContext } from "react";

// The CSP nonce of this response, from entry.server to the <Scripts> of the layout.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

/** The nonce on the server; "" in the browser, which hides nonces from the DOM. */
export function useNonce(): string {
  return useContext(NonceContext);
}
