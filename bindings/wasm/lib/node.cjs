'use strict';
// Node entry point (CommonJS): the module is compiled and instantiated while
// this file loads, so `parse` works as soon as it is required.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const core = require('./core.cjs');

const api = core.createApi(core.nodePlatform());
api.load(new WebAssembly.Module(readFileSync(join(__dirname, 'gutenberg_post_parser.wasm'))));

// The find module is compiled when the first Document is made.
const documents = core.createDocuments(
  core.nodePlatform(),
  () => new WebAssembly.Module(readFileSync(join(__dirname, 'gutenberg_post_parser_find.wasm'))),
);

module.exports = {
  ANY: core.ANY,
  DEFAULT_MAX_OUTPUT_BYTES: core.DEFAULT_MAX_OUTPUT_BYTES,
  EditError: core.EditError,
  ExpansionLimitError: core.ExpansionLimitError,
  InvalidBlockError: core.InvalidBlockError,
  parse: api.parse,
  walk: api.walk,
  serialize: api.serialize,
  reset: api.reset,
  wasmMemoryBytes: api.wasmMemoryBytes,
  Document: documents.Document,
  BlockView: documents.BlockView,
  Editor: documents.Editor,
  /** Nothing to do in Node (the module is ready); for code shared with browsers. */
  init: async () => {},
  /** Nothing to do in Node (the module is ready); for code shared with browsers. */
  initSync: () => {},
  /** Nothing to do in Node (the find module loads with the first Document); for code shared with browsers. */
  initFind: async () => {},
};
