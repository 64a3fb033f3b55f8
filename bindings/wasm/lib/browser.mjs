// Browser (and bundler) entry point: call `await init()` once, then `parse`
// and the rest work synchronously. `init` fetches gutenberg_post_parser.wasm
// from beside this file; bundlers that understand
// `new URL('…', import.meta.url)` (webpack 5, Vite, Parcel, esbuild with its
// file loader) ship the file with the bundle.
import { browserPlatform, createApi, createDocuments } from './core.mjs';
import { builtinUnitCopier } from './js-strings.mjs';

// Each instance has its own memory, hence its own copier.
const api = createApi(browserPlatform(builtinUnitCopier()));
const documents = createDocuments(browserPlatform(builtinUnitCopier()), null);

export { ANY, DEFAULT_MAX_OUTPUT_BYTES, EditError, ExpansionLimitError, InvalidBlockError } from './core.mjs';
export const { parse, walk, serialize, reset, wasmMemoryBytes } = api;
export const { Document, BlockView, Editor } = documents;

/**
 * Loads the WebAssembly module, once (later calls return at once). `source`:
 * where the `.wasm` is (a URL or a string; default: beside this file), a
 * `Response` or a promise of one, the bytes, or a compiled
 * `WebAssembly.Module`.
 */
export async function init(source = new URL('gutenberg_post_parser.wasm', import.meta.url)) {
  if (api.loaded()) return;
  const module = await compile(source);
  if (!api.loaded()) api.load(module);
}

/**
 * Loads the find module (`Document`, find and edit), once; `source` as for
 * `init` (default: gutenberg_post_parser_find.wasm beside this file).
 */
export async function initFind(source = new URL('gutenberg_post_parser_find.wasm', import.meta.url)) {
  if (documents.loaded()) return;
  const module = await compile(source);
  if (!documents.loaded()) documents.load(module);
}

/** A compiled module from what `init` takes. */
async function compile(source) {
  let input = await source;
  if (typeof input === 'string' || input instanceof URL || (typeof Request === 'function' && input instanceof Request)) {
    input = await fetch(input);
  }
  if (input instanceof WebAssembly.Module) return input;
  if (typeof Response === 'function' && input instanceof Response) {
    if (!input.ok) throw new Error(`gutenberg-post-parser: fetching ${input.url} gave HTTP ${input.status}`);
    const wasmType = (input.headers.get('content-type') ?? '').startsWith('application/wasm');
    return wasmType && typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(input)
      : WebAssembly.compile(await input.arrayBuffer());
  }
  return WebAssembly.compile(input);
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

/** `initFind` from the find module's bytes (or a compiled module), synchronously. */
export function initFindSync(source) {
  if (documents.loaded()) return;
  documents.load(source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source));
}
