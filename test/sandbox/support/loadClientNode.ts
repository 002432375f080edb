// Loads @kubernetes/client-node (ESM) for the tests. Its 2.x release depends on undici 8, which
// needs Node 22 (zstd in node:zlib); on Node 20 its own undici fails to load, so a resolve hook
// points client-node's `undici` imports at the project's undici 7, which has the same Agent,
// ProxyAgent and fetch. Test-only: the product never uses client-node.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

let loaded: Promise<typeof import('@kubernetes/client-node')> | undefined;

export function loadClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  if (!loaded) {
    const undiciUrl = pathToFileURL(require.resolve('undici')).href;
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier === 'undici' && context.parentURL && context.parentURL.includes('/@kubernetes/client-node/')) {
        return { url: ${JSON.stringify(undiciUrl)}, format: 'commonjs', shortCircuit: true };
      }
      return next(specifier, context);
    }`;
    register('data:text/javascript,' + encodeURIComponent(hook));
    // A real dynamic import (tsc would turn `import()` into require() under CommonJS).
    loaded = (new Function('s', 'return import(s)') as (s: string) => Promise<typeof import('@kubernetes/client-node')>)('@kubernetes/client-node');
  }
  return loaded;
}
