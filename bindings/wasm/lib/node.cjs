'use strict';
// Node entry point (CommonJS): the module is compiled and instantiated while
// this file loads, so `parse` works as soon as it is required.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const core = require('./core.cjs');

const api = core.createApi(core.nodePlatform());
api.load(new WebAssembly.Module(readFileSync(join(__dirname, 'gutenberg_post_parser.wasm'))));

module.exports = {
  DEFAULT_MAX_OUTPUT_BYTES: core.DEFAULT_MAX_OUTPUT_BYTES,
  ExpansionLimitError: core.ExpansionLimitError,
  InvalidBlockError: core.InvalidBlockError,
  parse: api.parse,
  walk: api.walk,
  serialize: api.serialize,
  reset: api.reset,
  wasmMemoryBytes: api.wasmMemoryBytes,
  /** Nothing to do in Node (the module is ready); for code shared with browsers. */
  init: async () => {},
  /** Nothing to do in Node (the module is ready); for code shared with browsers. */
  initSync: () => {},
};
