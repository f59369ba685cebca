// What server.mjs passes to every loader and action (getLoadContext).
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP address (req.ip; honours TRUST_PROXY behind a reverse proxy). */
    clientAddress?: string;
  }
}

export {};
