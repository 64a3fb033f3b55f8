// walk: every block depth-first, with UTF-16 offsets that index the string.
// Names, attributes and order are checked against the reference's tree; the
// spans against the text they cover.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { walk } from '../lib/node.mjs';
import { fixtureCases, generatedDocuments, reference, sharedDocuments } from './helpers.mjs';

/** The reference's blocks depth-first in document order, with depths. */
function referenceOrder(blocks) {
  const order = [];
  const stack = blocks.map((block) => [block, 0]).reverse();
  while (stack.length > 0) {
    const [block, depth] = stack.pop();
    order.push([block, depth]);
    for (let at = block.innerBlocks.length - 1; at >= 0; at -= 1) stack.push([block.innerBlocks[at], depth + 1]);
  }
  return order;
}

/** Checks `walk(text)` against the reference's parse of `text`. */
function check(text, label) {
  const entries = walk(text);
  const expected = referenceOrder(reference(text));
  assert.equal(entries.length, expected.length, label);
  for (const [at, entry] of entries.entries()) {
    const [block, depth] = expected[at];
    const where = `${label} entry ${at}`;
    assert.deepEqual(Object.keys(entry), ['depth', 'blockName', 'attrs', 'span', 'opener', 'closer', 'isVoid']);
    assert.equal(entry.depth, depth, where);
    assert.equal(entry.blockName, block.blockName, where);
    assert.deepStrictEqual(entry.attrs, block.attrs, where);
    const covered = text.slice(...entry.span);
    if (block.blockName === null) {
      assert.equal(covered, block.innerHTML, where);
      assert.equal(entry.opener, null);
      assert.equal(entry.closer, null);
      continue;
    }
    const opener = text.slice(...entry.opener);
    assert.equal(entry.opener[0], entry.span[0], where);
    assert.match(opener, /^<!--[^]*-->$/, where);
    assert.equal(opener.endsWith('/-->'), entry.isVoid, where);
    if (entry.closer !== null) {
      assert.equal(entry.closer[1], entry.span[1], where);
      assert.match(text.slice(...entry.closer), /^<!--\s+\/wp:[^]*-->$/, where);
    }
    // The HTML between the delimiters, inner blocks included, is the block's.
    const inside = text.slice(entry.opener[1], entry.closer ? entry.closer[0] : entry.span[1]);
    for (const html of block.innerContent) if (html !== null) assert.ok(inside.includes(html), where);
  }
}

test('fixtures, shared documents and generated documents', () => {
  for (const [name, text] of fixtureCases()) check(text, name);
  for (const [name, text] of sharedDocuments()) check(text, name);
  for (const [at, text] of generatedDocuments(7, 500).entries()) check(text, `generated ${at}`);
});

test('offsets are UTF-16 units, after characters outside the BMP', () => {
  const text = '\ud83d\ude00\u00e9<!-- wp:a {"e":"\ud83d\ude00"} -->\ud800<!-- /wp:a -->';
  const [freeform, block] = walk(text);
  assert.deepEqual(freeform.span, [0, 3]);
  assert.equal(text.slice(...block.opener), '<!-- wp:a {"e":"\ud83d\ude00"} -->');
  assert.equal(text.slice(...block.closer), '<!-- /wp:a -->');
  assert.deepEqual(block.attrs, { e: '\ud83d\ude00' });
  check(text, 'astral');
});
