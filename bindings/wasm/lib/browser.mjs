// Browser (and bundler) entry point: call `await init()` once, then `parse`
// and the rest work synchronously. `init` fetches gutenberg_post_parser.wasm
// from beside this file; bundlers that understand
// `new URL('…', import.meta.url)` (webpack 5, Vite, Parcel, esbuild with its
// file loader) ship the file with the bundle.
import { browserPlatform, createApi } from './core.mjs';

const api = createApi(browserPlatform());

export { DEFAULT_MAX_OUTPUT_BYTES, ExpansionLimitError, InvalidBlockError } from './core.mjs';
export const { parse, walk, serialize, reset, wasmMemoryBytes } = api;

/**
 * Loads the WebAssembly module, once (later calls return at once). `source`:
 * where the `.wasm` is (a URL or a string; default: beside this file), a
 * `Response` or a promise of one, the bytes, or a compiled
 * `WebAssembly.Module`.
 */
export async function init(source = new URL('gutenberg_post_parser.wasm', import.meta.url)) {
  if (api.loaded()) return;
  let input = await source;
  if (typeof input === 'string' || input instanceof URL || (typeof Request === 'function' && input instanceof Request)) {
    input = await fetch(input);
  }
  let module;
  if (input instanceof WebAssembly.Module) {
    module = input;
  } else if (typeof Response === 'function' && input instanceof Response) {
    if (!input.ok) throw new Error(`gutenberg-post-parser: fetching ${input.url} gave HTTP ${input.status}`);
    const wasmType = (input.headers.get('content-type') ?? '').startsWith('application/wasm');
    module = wasmType && typeof WebAssembly.compileStreaming === 'function'
      ? await WebAssembly.compileStreaming(input)
      : await WebAssembly.compile(await input.arrayBuffer());
  } else {
    module = await WebAssembly.compile(input);
  }
  if (!api.loaded()) api.load(module);
}

/**
 * Loads the WebAssembly module from its bytes (or a compiled
 * `WebAssembly.Module`) synchronously; for workers and other places where
 * `await` does not suit. Does nothing once loaded.
 */
export function initSync(source) {
  if (api.loaded()) return;
  api.load(source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source));
}
