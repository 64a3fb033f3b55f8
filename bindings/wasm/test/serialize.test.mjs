// serialize: markup that the reference parses back to the same blocks, for
// blocks made by the reference itself; errors for values of the wrong shape.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InvalidBlockError, parse, serialize } from '../lib/node.mjs';
import {
  assertSameBlocks,
  assertSameDeepBlocks,
  fixtureCases,
  generatedDocuments,
  nested,
  realDocuments,
  reference,
  sharedDocuments,
} from './helpers.mjs';

/** Whether an HTML run reads as a delimiter (only recovery from broken markup makes that). */
function holdsDelimiters(blocks) {
  const stack = [...blocks];
  while (stack.length > 0) {
    const block = stack.pop();
    if (block.innerContent.some((html) => html !== null && /<!--[\s\ufeff]*\/?wp:/.test(html))) return true;
    stack.push(...block.innerBlocks);
  }
  return false;
}

/** `blocks` with null attrs as `{}`: invalid attribute JSON has no markup. */
function withoutNullAttrs(blocks) {
  return JSON.parse(JSON.stringify(blocks), (key, value) => (key === 'attrs' && value === null ? {} : value));
}

/** Serializes the reference's blocks for `text`; checks they parse back. Returns whether it applied. */
function roundTrip(text, label) {
  const blocks = reference(text);
  if (holdsDelimiters(blocks)) return false;
  const markup = serialize(blocks);
  assertSameBlocks(reference(markup), withoutNullAttrs(blocks), label);
  assert.equal(serialize(reference(markup)), markup, `${label}: stable`);
  return true;
}

test('the reference parses the markup back to the same blocks', () => {
  let checked = 0;
  for (const [name, text] of [...fixtureCases(), ...sharedDocuments(), ...realDocuments()]) {
    if (roundTrip(text, name)) checked += 1;
  }
  for (const [at, text] of generatedDocuments(11, 1000).entries()) {
    if (roundTrip(text, `generated ${at}`)) checked += 1;
  }
  assert.ok(checked > 1500, `${checked} documents round-tripped`);
});

test('canonical markup', () => {
  const text = '<!-- wp:group {"tag":"section"} --><div><!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --><!-- wp:image {"id":7} /--></div><!-- /wp:group -->\n\n<p>after</p>';
  assert.equal(serialize(parse(text)), text);
  assert.equal(serialize(parse('<!-- wp:a {"x":} --><!-- /wp:a -->')), '<!-- wp:a /-->');
  assert.equal(serialize([]), '');
});

test('hand-made blocks, lone surrogates in attributes', () => {
  const block = {
    blockName: 'my-plugin/card',
    attrs: { title: 'a -- b <c>', n: [1, 2.5, true, null], lone: '\ud800', '\udc00': 0 },
    innerBlocks: [],
    innerContent: ['<p>x</p>'],
  };
  const markup = serialize([block]);
  assert.ok(!markup.split('-->')[0].slice(4).includes('--'), markup);
  assert.deepStrictEqual(parse(markup), [{ ...block, innerHTML: '<p>x</p>' }]);
  assert.deepStrictEqual(reference(markup), parse(markup));
});

test('blocks nested 100,000 deep', () => {
  const text = nested(100_000);
  const blocks = parse(text);
  assert.equal(serialize(blocks), text);
  assertSameDeepBlocks(reference(serialize(blocks)), blocks);
});

describe('errors', () => {
  const ok = { blockName: 'core/a', attrs: {}, innerBlocks: [], innerHTML: '', innerContent: [] };
  const without = (key) => Object.fromEntries(Object.entries(ok).filter(([name]) => name !== key));
  const invalid = [
    [[1], /block 0: expected a block object, not number \(at blocks\[0\]\)/],
    [[without('blockName')], /missing property blockName/],
    [[without('attrs')], /missing property attrs/],
    [[without('innerBlocks')], /missing property innerBlocks/],
    [[{ ...ok, attrs: undefined }], /attrs must be an object or null, not undefined/],
    [[{ ...ok, blockName: 3 }], /blockName must be a string or null, not number/],
    [[{ ...ok, attrs: [] }], /attrs must be an object or null, not an array/],
    [[{ ...ok, innerContent: 'x' }], /innerContent must be an array, not string/],
    [[{ ...ok, innerContent: [1] }], /innerContent entries must be strings or null, not number/],
    [[{ ...ok, attrs: { a: undefined } }], /attrs values must be .* not undefined \(at blocks\[0\]\.attrs\["a"\]\)/],
    [[{ ...ok, attrs: { a: new Date(0) } }], /not a Date/],
    [[{ ...ok, attrs: { a: [1, () => 0] } }], /not function \(at blocks\[0\]\.attrs\["a"\]\[1\]\)/],
    [[{ ...ok, innerContent: [null] }], /innerContent has 1 null entries for 0 innerBlocks/],
    [[{ ...ok, blockName: 'Bad' }], /invalid blockName "Bad"/],
    [[{ ...ok, blockName: 'a\ud800' }], /blockName cannot hold a lone surrogate/],
    [[{ ...ok, innerContent: ['\ud800'] }], /innerContent cannot hold a lone surrogate/],
    [[ok, { ...ok, innerBlocks: [ok, 'x'], innerContent: [null, null] }], /block 3: expected a block object, not string \(at blocks\[1\]\.innerBlocks\[1\]\)/],
    [[new Map()], /expected a block object, not a Map/],
  ];
  for (const [blocks, message] of invalid) {
    test(String(message), () => {
      assert.throws(
        () => serialize(blocks),
        (error) => {
          assert.ok(error instanceof InvalidBlockError, error);
          assert.ok(error instanceof TypeError);
          assert.equal(error.name, 'InvalidBlockError');
          assert.match(error.message, message);
          assert.match(error.message, /^serialize: block \d+: /);
          assert.equal(typeof error.block, 'number');
          assert.ok(error.message.includes(`(at blocks${error.path})`), error.message);
          return true;
        },
      );
    });
  }

  test('not an array', () => {
    for (const value of [undefined, null, 'x', {}, ok]) assert.throws(() => serialize(value), TypeError);
  });

  test('cycles are refused, a block used twice is not', () => {
    const block = { ...ok, innerBlocks: [], innerContent: [null] };
    block.innerBlocks.push(block);
    assert.throws(() => serialize([block]), /a block contains itself/);
    const attrs = {};
    attrs.self = attrs;
    assert.throws(() => serialize([{ ...ok, attrs }]), /attrs contain an array or object inside itself/);
    const twice = { ...ok, innerContent: ['x'] };
    assert.equal(serialize([twice, twice]), '<!-- wp:a -->x<!-- /wp:a --><!-- wp:a -->x<!-- /wp:a -->');
  });

  test('an exception while reading is rethrown as is, and the module still works', () => {
    const boom = new Error('boom');
    const block = { ...ok };
    Object.defineProperty(block, 'attrs', { enumerable: true, get() { throw boom; } });
    assert.throws(() => serialize([block]), (error) => error === boom);
    const proxy = new Proxy([], { get() { throw boom; } });
    assert.throws(() => serialize([{ ...ok, innerContent: proxy }]), (error) => error === boom);
    assert.equal(serialize([{ ...ok, innerContent: ['y'] }]), '<!-- wp:a -->y<!-- /wp:a -->');
  });
});
