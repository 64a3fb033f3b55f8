// Node entry point (ES module): the module is compiled and instantiated while
// this file loads, so `parse` works as soon as it is imported.
import { readFileSync } from 'node:fs';

import { createApi, nodePlatform } from './core.mjs';

const api = createApi(nodePlatform());
api.load(new WebAssembly.Module(readFileSync(new URL('gutenberg_post_parser.wasm', import.meta.url))));

export { DEFAULT_MAX_OUTPUT_BYTES, ExpansionLimitError, InvalidBlockError } from './core.mjs';
export const { parse, walk, serialize, reset, wasmMemoryBytes } = api;

/** Nothing to do in Node (the module is ready); for code shared with browsers. */
export async function init() {}

/** Nothing to do in Node (the module is ready); for code shared with browsers. */
export function initSync() {}
