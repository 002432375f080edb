// esbuild plugin for both bundles: a bare `undici` import resolves to scripts/undici-slim.cjs (only
// the dispatcher + request API the transport uses), and llhttp's SIMD build, an inline copy of the
// plain wasm parser that undici falls back to anyway, is left out. Keeps dist/extension.js small.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const slimUndici = {
  name: 'slim-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: path.join(here, 'undici-slim.cjs') }));
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, () => ({ path: 'llhttp_simd-wasm', namespace: 'slim-undici' }));
    // `new WebAssembly.Module(undefined)` throws, and undici catches it and loads llhttp-wasm.js.
    build.onLoad({ filter: /.*/, namespace: 'slim-undici' }, () => ({ contents: 'module.exports = undefined;', loader: 'js' }));
  },
};
