// Loads @kubernetes/client-node (ESM) for the tests. Its 2.x release asks for undici 8, which needs
// Node 22; package.json's "overrides" gives it the project's undici 7 instead (same Agent,
// ProxyAgent and fetch), so `npm install` on Node 20 has no engine warning and it loads as is.
// Test-only: the product never uses client-node.
let loaded: Promise<typeof import('@kubernetes/client-node')> | undefined;

export function loadClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  // A real dynamic import (tsc would turn `import()` into require() under CommonJS).
  loaded ??= (new Function('s', 'return import(s)') as (s: string) => Promise<typeof import('@kubernetes/client-node')>)('@kubernetes/client-node');
  return loaded;
}
