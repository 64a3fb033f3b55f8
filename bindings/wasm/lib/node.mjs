// Node entry point (ES module): the module is compiled and instantiated while
// this file loads, so `parse` works as soon as it is imported.
import { readFileSync } from 'node:fs';

import { createApi, createDocuments, nodePlatform } from './core.mjs';

const api = createApi(nodePlatform());
api.load(new WebAssembly.Module(readFileSync(new URL('gutenberg_post_parser.wasm', import.meta.url))));

// The find module is compiled when the first Document is made.
const documents = createDocuments(
  nodePlatform(),
  () => new WebAssembly.Module(readFileSync(new URL('gutenberg_post_parser_find.wasm', import.meta.url))),
);

export { ANY, DEFAULT_MAX_OUTPUT_BYTES, EditError, ExpansionLimitError, InvalidBlockError } from './core.mjs';
export const { parse, walk, serialize, reset, wasmMemoryBytes } = api;
export const { Document, BlockView, Editor } = documents;

/** Nothing to do in Node (the module is ready); for code shared with browsers. */
export async function init() {}

/** Nothing to do in Node (the module is ready); for code shared with browsers. */
export function initSync() {}

/** Nothing to do in Node (the find module loads with the first Document); for code shared with browsers. */
export async function initFind() {}
