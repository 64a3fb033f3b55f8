// The module as a whole: a trap leaves it usable, memory grows to the
// largest document and no further, reset() releases it, and every entry
// point (import, require) gives the same API.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import { createApi, nodePlatform } from '../lib/core.mjs';
import * as esm from '../lib/node.mjs';
import { assertSameBlocks, packageDir, reference, sharedDocuments } from './helpers.mjs';

const require = createRequire(import.meta.url);
const wasm = new WebAssembly.Module(readFileSync(join(packageDir, 'lib', 'gutenberg_post_parser.wasm')));
const documents = Object.fromEntries(sharedDocuments());
const moby = documents['moby-dick-parsed.html'];

test('a trap inside the module leaves it usable', () => {
  const api = createApi(nodePlatform());
  api.load(wasm);
  const text = documents['gutenberg-demo.html'];
  assertSameBlocks(api.parse(text), reference(text));
  for (let round = 0; round < 3; round += 1) {
    assert.throws(() => api.trapForTests(), WebAssembly.RuntimeError);
    assertSameBlocks(api.parse(text), reference(text));
    assert.equal(api.serialize(api.parse(text)).length > 0, true);
  }
});

test('linear memory grows to the largest document, then stays; reset() releases it', () => {
  const api = createApi(nodePlatform());
  api.load(wasm);
  const fresh = api.wasmMemoryBytes();
  api.parse(moby);
  const afterOne = api.wasmMemoryBytes();
  for (let round = 0; round < 50; round += 1) api.parse(moby);
  assert.equal(api.wasmMemoryBytes(), afterOne, 'repeated parses of one document');
  for (const text of Object.values(documents)) api.parse(text);
  assert.equal(api.wasmMemoryBytes(), afterOne, 'smaller documents fit in the same memory');
  const large = moby.repeat(8);
  api.parse(large);
  const afterLarge = api.wasmMemoryBytes();
  assert.ok(afterLarge > afterOne);
  for (let round = 0; round < 5; round += 1) api.parse(large);
  api.parse(moby);
  assert.equal(api.wasmMemoryBytes(), afterLarge, 'memory does not shrink');
  api.reset();
  assert.equal(api.wasmMemoryBytes(), fresh);
  assertSameBlocks(api.parse(moby), reference(moby));
});

test('DEFAULT_MAX_OUTPUT_BYTES is the core default', () => {
  const api = createApi(nodePlatform());
  api.load(wasm);
  assert.equal(esm.DEFAULT_MAX_OUTPUT_BYTES, api.defaultMaxOutputBytes());
  assert.equal(esm.DEFAULT_MAX_OUTPUT_BYTES, 64 * 1024 * 1024);
});

test('import and require give the same API and the same results', async () => {
  const cjs = require('../lib/node.cjs');
  const names = [
    'ANY', 'BlockView', 'DEFAULT_MAX_OUTPUT_BYTES', 'Document', 'EditError', 'Editor', 'ExpansionLimitError',
    'InvalidBlockError', 'init', 'initFind', 'initSync', 'parse', 'reset', 'serialize', 'walk', 'wasmMemoryBytes',
  ];
  assert.deepEqual(Object.keys(esm).sort(), names);
  assert.deepEqual(Object.keys(cjs).sort(), names);
  const text = documents['early-adopting-the-future.html'];
  assertSameBlocks(cjs.parse(text), esm.parse(text));
  assert.deepStrictEqual(cjs.walk(text), esm.walk(text));
  assert.equal(cjs.serialize(cjs.parse(text)), esm.serialize(esm.parse(text)));
  const spans = (api) => new api.Document(text).find('core/*').map((view) => view.span);
  assert.deepStrictEqual(spans(cjs), spans(esm));
  assert.equal(cjs.ANY, esm.ANY);
  await esm.init();
  esm.initSync();
  await esm.initFind();
  await cjs.init();
  cjs.initSync();
  await cjs.initFind();
});

test('the package resolves to the Node entry points', async () => {
  const self = await import('gutenberg-post-parser');
  assert.equal(self.parse, esm.parse);
  assert.equal(require('gutenberg-post-parser').parse, require('../lib/node.cjs').parse);
});
