// What server.mjs passes to every loader and action (getLoadContext).
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP address (req.ip; honours TRUST_PROXY behind a reverse proxy). */
    clientAddress?: string;
    /**
     * Resolves when the response's socket can take more bytes. Remix's express
     * adapter writes streamed bodies without waiting for 'drain', so a long
     * stream (an export) waits on this before producing more; absent in tests.
     */
    responseDrained?: () => Promise<void>;
  }
}

export {};
