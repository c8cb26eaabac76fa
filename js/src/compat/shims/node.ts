/**
 * `cerebras-wasm/shims/node`: the official SDK's `shims/node` makes it use node-fetch. This client
 * uses the runtime's `fetch` everywhere (Node 18 and later have it); pass a `fetch` option for
 * another. The import does nothing; it exists so that the line keeps working.
 */
export {};
