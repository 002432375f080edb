// esbuild plugin for both bundles: a bare `undici` import resolves to scripts/undici-slim.cjs (only
// the dispatcher + request API the transport uses), and llhttp's SIMD build, an inline copy of the
// plain wasm parser that undici falls back to anyway, is left out. Keeps dist/extension.js small.
// Deep imports of undici's Agent/ProxyAgent from our code go through the shim too: without undici's
// index nothing else attaches `.request` and the other API methods to the dispatchers.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const shim = path.join(here, 'undici-slim.cjs');

export const slimUndici = {
  name: 'slim-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: shim }));
    build.onResolve({ filter: /^undici\/lib\/dispatcher\/(agent|proxy-agent)(\.js)?$/ }, (args) => {
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`) || args.importer === shim) return undefined;
      const exportName = args.path.includes('proxy-agent') ? 'ProxyAgent' : 'Agent';
      return { path: exportName, namespace: 'slim-undici-export' };
    });
    build.onLoad({ filter: /.*/, namespace: 'slim-undici-export' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(shim)}).${args.path};`,
      loader: 'js',
      resolveDir: here,
    }));
    // undici's clients load fetch's body machinery (≈40 KB with WebIDL) only to send FormData bodies;
    // the transport sends strings and buffers.
    build.onResolve({ filter: /\/web\/fetch\/body\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h[12]\.js$/.test(args.importer) ? { path: 'fetch-body', namespace: 'slim-undici-fetch-body' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'slim-undici-fetch-body' }, () => ({
      contents: "exports.extractBody = () => { throw new Error('FormData request bodies are not supported by podpatch'); };",
      loader: 'js',
    }));
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, () => ({ path: 'llhttp_simd-wasm', namespace: 'slim-undici' }));
    // `new WebAssembly.Module(undefined)` throws, and undici catches it and loads llhttp-wasm.js.
    build.onLoad({ filter: /.*/, namespace: 'slim-undici' }, () => ({ contents: 'module.exports = undefined;', loader: 'js' }));
  },
};
