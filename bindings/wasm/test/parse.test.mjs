// parse gives exactly the reference's output: every fixture, every shared
// document, and thousands of generated documents, each compared with the
// reference run in this same process.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { parse } from '../lib/node.mjs';
import {
  assertSameBlocks,
  casesDir,
  fixtureCases,
  generatedDocuments,
  realDocuments,
  reference,
  sharedDocuments,
} from './helpers.mjs';

const CORPUS_COUNT = Number(process.env.GPP_CORPUS_COUNT || 3000);

describe('fixtures/cases', () => {
  const cases = fixtureCases();
  test('there are fixtures', () => assert.ok(cases.length >= 170, `${cases.length} fixtures`));
  for (const [name, text] of cases) {
    test(name, () => {
      const blocks = parse(text, { maxOutputBytes: null });
      const expected = readFileSync(join(casesDir, name.replace(/\.html$/, '.json')), 'utf8');
      assert.equal(JSON.stringify(blocks), expected);
      assertSameBlocks(blocks, reference(text));
    });
  }
});

test('../shared/documents', () => {
  const documents = sharedDocuments();
  assert.equal(documents.length, 8);
  for (const [name, text] of documents) assertSameBlocks(parse(text), reference(text), name);
});

test('../shared/real-documents (909 posts)', () => {
  const documents = realDocuments();
  assert.equal(documents.length, 909);
  for (const [name, text] of documents) assertSameBlocks(parse(text), reference(text), name);
});

test(`${CORPUS_COUNT} generated documents (fixtures/reference/corpus.js)`, () => {
  const documents = generatedDocuments(20261201, CORPUS_COUNT);
  assert.equal(documents.length, CORPUS_COUNT);
  for (const [at, text] of documents.entries()) {
    assertSameBlocks(parse(text, { maxOutputBytes: null }), reference(text), `document ${at}`);
  }
});

test('the same results with any chunking of the input', () => {
  // Documents longer than one chunk (16,384 units) are copied in pieces;
  // a surrogate pair or a delimiter may straddle two.
  const pair = '\ud83d\ude00';
  const delimiter = '<!-- wp:image {"alt":"\u00e9\ud83d\ude00"} /-->';
  for (const before of [16_383, 16_384, 16_382, 32_767]) {
    for (const middle of [pair, delimiter, `\u00a0${delimiter}\u2028`]) {
      const text = 'x'.repeat(before) + middle + '<!-- wp:p -->y<!-- /wp:p -->';
      assertSameBlocks(parse(text), reference(text), `${before} + ${JSON.stringify(middle)}`);
    }
  }
});
