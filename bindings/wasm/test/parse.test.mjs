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

test('attributes the module decodes, and those it leaves to JSON.parse', () => {
  // Each text as a block's attributes; the module decodes plain ones on its
  // tape and hands the rest (escapes, __proto__, non-ASCII, numbers it cannot
  // convert exactly in one step) to JSON.parse: all must come out as the
  // reference's, -0, key order and prototypes included (deepStrictEqual).
  const texts = [
    '{"a":1,"b":"x","c":true,"d":false,"e":null,"f":[],"g":{}}',
    '{"a":{"b":{"c":[1,[2,[3,{"d":"e"}]]]}}}',
    '{"n":-0}', '{"n":-0.0}', '{"n":0}', '{"n":2147483647}', '{"n":2147483648}', '{"n":-2147483649}',
    '{"n":0.1}', '{"n":2.675}', '{"n":1.5E+3}', '{"n":12e-3}', '{"n":1e22}', '{"n":1e23}',
    '{"n":9007199254740991}', '{"n":9007199254740993}', '{"n":1e400}', '{"n":-1e400}', '{"n":5e-324}',
    '{"n":0.30000000000000004}', '{"n":123456789012345.6}', '{"n":01}', '{"n":1.}', '{"n":.5}',
    '{"a":1,"b":2,"a":3}', '{"b":1,"2":2,"a":3,"1":4,"b":5}', '{"4294967295":1,"4294967294":2,"x":3}',
    '{"__proto__":{"polluted":1}}', '{"a":{"__proto__":null}}', '{"constructor":1,"toString":2}',
    '{"a":"\\u003c!-- x --\\u003e"}', '{"a":"\\ud800"}', '{"a\\n":1}', '{"a":"\\/"}',
    '{"a":"é"}', '{"é":1}', '{"a":"😀"}', '{"a":"\u00a0"}', '{"a":1}\u00a0', '{\u00a0"a":1}',
    '{"a":\u20281}', '{"a":\u000b1}', '{"a":\u000c1}', '{"a":"\t"}', '{"a":"\u007f"}',
    '{"a":1,}', '{"a" 1}', "{'a':1}", '{"a":tru}', '{"a":nul}', '{"a":[1,]}', '{"a":1}}',
  ];
  for (const text of texts) {
    const doc = `<!-- wp:a ${text} /--><!-- wp:b ${text} -->x<!-- /wp:b -->`;
    assertSameBlocks(parse(doc), reference(doc), text);
  }
  // Keys live across parses (src/keys.rs): the same keys again, long ones too,
  // then more distinct keys than the module keeps.
  const long = '{"aVeryLongAttributeKeyName":1,"anotherRatherLongKey":{"aVeryLongAttributeKeyName":2}}';
  for (let round = 0; round < 3; round += 1) {
    const doc = `<!-- wp:a ${long} /-->`;
    assertSameBlocks(parse(doc), reference(doc), `round ${round}`);
  }
  const many = Object.fromEntries(Array.from({ length: 5000 }, (_, at) => [`key${at}`, at]));
  const doc = `<!-- wp:a ${JSON.stringify(many)} /--><!-- wp:a {"key4999":1,"key1":2} /-->`;
  for (let round = 0; round < 2; round += 1) assertSameBlocks(parse(doc), reference(doc), 'many keys');
});
