// Bad and unusual input: every UTF-16 unit where the grammar looks, lone
// surrogates, NUL, huge and deep attributes, deep nesting, hostile expansion,
// wrong argument types. Outputs are compared with the reference in this
// process. Both ways into the module are checked: Node's (UTF-16 units with
// Buffer) and browsers' (UTF-8 with TextEncoder), which Node also has.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { browserPlatform, createApi, nodePlatform } from '../lib/core.mjs';
import { builtinUnitCopier } from '../lib/js-strings.mjs';
import { DEFAULT_MAX_OUTPUT_BYTES, ExpansionLimitError, parse, walk } from '../lib/node.mjs';
import { assertSameBlocks, assertSameDeepBlocks, nested, packageDir, reference } from './helpers.mjs';

const wasm = new WebAssembly.Module(readFileSync(join(packageDir, 'lib', 'gutenberg_post_parser.wasm')));
const copyUnits = builtinUnitCopier();
// Without the JS String Builtins (Node 20), browsers copy with encodeInto; with
// them (Chromium: test/browser), a chunk of units at a time.
const platforms = { node: nodePlatform(), browser: browserPlatform() };
if (copyUnits !== null) platforms['browser with the JS String Builtins'] = browserPlatform(builtinUnitCopier());

/** Every UTF-16 unit, lone surrogates included. */
const everyUnit = Array.from({ length: 0x10000 }, (_, unit) => String.fromCharCode(unit));

for (const [name, platform] of Object.entries(platforms)) {
  describe(`input copied the ${name} way`, () => {
    const api = createApi(platform);
    api.load(wasm);
    const same = (text, label) => assertSameBlocks(api.parse(text, { maxOutputBytes: null }), reference(text), label);

    // Long documents: all but their last few units are narrowed 16 at a
    // time, the few non-ASCII units of a chunk one by one, many all at once.
    test('every UTF-16 unit as delimiter whitespace, in names, attributes and HTML, a few to a chunk', () => {
      const pieces = everyUnit.map((c) => `<!--${c}wp:a${c}{"k":"${c}"}${c}/-->${c}<!-- wp:b${c} -->${c}<!-- /wp:b -->\n`);
      same(pieces.join(''));
    });

    test('every unit below 0x100 in a one-byte string longer than a chunk (copied as Latin-1 in Node)', () => {
      const pieces = everyUnit.slice(0, 0x100).map((c) => `<!--${c}wp:a${c}{"k":"${c}"}${c}/-->${c}<!--${c.repeat(17)}wp:b -->\n`);
      const text = pieces.join('').repeat(3);
      assert.ok(text.length > 2 * 16_384);
      same(text);
      same(`${text}\u0100${text}`);
    });

    test('every UTF-16 unit as delimiter whitespace, many to a chunk', () => {
      const pieces = everyUnit.map((c) => `<!--${c.repeat(8)}wp:a${c.repeat(8)}/-->`);
      same(pieces.join(''));
    });

    test('every UTF-16 unit in documents shorter than 16 units (scalar path)', () => {
      for (const c of everyUnit) {
        same(`<!--${c}wp:a${c}-->`, `U+${c.charCodeAt(0).toString(16)}`);
        same(`<!-- wp:a {}${c}/-->`, `U+${c.charCodeAt(0).toString(16)} after attrs`);
      }
    });

    test('lone surrogates: in HTML, attribute text, names, and at chunk boundaries', () => {
      for (const lone of ['\ud800', '\udfff', '\udc00\ud800', '\ud83d']) {
        same(`${lone}<!-- wp:p {"a":"${lone}","${lone}":1} -->${lone}<!-- /wp:p -->${lone}`);
        same(`<!-- wp:${lone}a /--><!-- wp:a${lone} /--><!--${lone}wp:a /-->`);
        same(`${'x'.repeat(16_383)}${lone}<!-- wp:a /-->${lone}`);
      }
      // The reference keeps them; so does parse.
      const [block] = api.parse('<!-- wp:p {"a":"\ud800"} -->\udc00<!-- /wp:p -->');
      assert.equal(block.attrs.a, '\ud800');
      assert.equal(block.innerHTML, '\udc00');
    });

    test('NUL and other control characters', () => {
      same('\0<!-- wp:a {"\0":"\\u0000"} -->\0<!-- /wp:a -->\0');
      same('<!--\0wp:a /--><!-- wp:a\0/--><!-- wp:\0 /-->');
      same('\u0001\u0002<!-- wp:a {"x":"\u0001"} /-->\u007f');
    });

    test('empty document', () => {
      same('');
      assert.deepEqual(api.parse(''), []);
    });
  });
}

// Chromium runs the same check (test/browser/conformance.mjs), and always has the builtins.
const noBuiltins = copyUnits === null && `no JS String Builtins in Node ${process.versions.node}`;
test('the JS String Builtins copier writes every unit as it is', { skip: noBuiltins }, () => {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const text = everyUnit.join('');
  copyUnits(memory, 0, text, 0, text.length);
  assert.deepEqual(new Uint16Array(memory.buffer, 0, text.length), Uint16Array.from(text, (c) => c.charCodeAt(0)));
  copyUnits(memory, 6, text, 0xd800, 0xd802);
  assert.deepEqual([...new Uint16Array(memory.buffer, 0, 5)], [0, 1, 2, 0xd800, 0xd801]);
});

test('huge attributes: a 20 MB string value and 10,000 keys', () => {
  const big = 'y'.repeat(20_000_000);
  const text = `<!-- wp:a {"big":"${big}"} --><!-- /wp:a -->`;
  const [block] = parse(text);
  assert.equal(block.attrs.big, big);
  assertSameBlocks(parse(text), reference(text));
  const keys = Array.from({ length: 10_000 }, (_, at) => `"k${at}":${at}`).join(',');
  const many = `<!-- wp:a {${keys}} /-->`;
  assertSameBlocks(parse(many), reference(many));
});

test('attributes nested 100,000 deep', () => {
  const depth = 100_000;
  const text = `<!-- wp:a {"x":${'['.repeat(depth)}${']'.repeat(depth)}} /-->`;
  const [block] = parse(text);
  const [expected] = reference(text);
  let [ours, theirs, levels] = [block.attrs.x, expected.attrs.x, 0];
  while (Array.isArray(ours) && ours.length > 0) {
    assert.equal(theirs.length, 1);
    [ours, theirs, levels] = [ours[0], theirs[0], levels + 1];
  }
  assert.equal(levels, depth - 1);
});

test('blocks nested 100,000 deep', () => {
  const text = nested(100_000);
  assertSameDeepBlocks(parse(text), reference(text));
  const entries = walk(text);
  assert.equal(entries.length, 100_001);
  assert.equal(entries.at(-1).depth, 100_000);
  assert.equal(entries.at(-1).blockName, 'core/paragraph');
});

test('a 100 MB document', () => {
  const run = 'x'.repeat(100_000_000);
  const text = `<!-- wp:p -->${run}<!-- /wp:p -->\u2028<!-- wp:image {"id":1} /-->${run}`;
  const ours = parse(text);
  const theirs = reference(text);
  assert.equal(ours.length, theirs.length);
  for (const [at, block] of ours.entries()) {
    assert.equal(block.blockName, theirs[at].blockName);
    assert.equal(block.innerHTML === theirs[at].innerHTML, true, `block ${at} innerHTML`);
    assert.deepEqual(block.attrs, theirs[at].attrs);
  }
});

test('arguments that are not strings are a TypeError', () => {
  for (const value of [undefined, null, 1, true, {}, [], new String('<!-- wp:a /-->'), Symbol('x'), 1n, () => {}]) {
    assert.throws(() => parse(value), TypeError);
    assert.throws(() => walk(value), TypeError);
  }
  assert.throws(() => parse(), /document must be a string, not undefined/);
});

test('options: maxOutputBytes', () => {
  const text = '<!-- wp:a -->x<!-- /wp:a -->';
  for (const maxOutputBytes of [undefined, null, 0, Infinity, 1, 2 ** 40]) {
    assertSameBlocks(parse(text, { maxOutputBytes }), reference(text), String(maxOutputBytes));
  }
  assertSameBlocks(parse(text, {}), reference(text));
  assert.throws(() => parse(text, { maxOutputBytes: -1 }), RangeError);
  assert.throws(() => parse(text, { maxOutputBytes: 1.5 }), RangeError);
  assert.throws(() => parse(text, { maxOutputBytes: NaN }), RangeError);
  assert.throws(() => parse(text, { maxOutputBytes: '10' }), TypeError);
  assert.throws(() => parse(text, 10), TypeError);
  assert.throws(() => parse(text, null), TypeError);
});

describe('expansion limit', () => {
  // Unclosed blocks each get the rest of the document, as slices of the
  // string, which V8 shares with it: no expansion. Where a block's runs are
  // joined, the text is new, and its size grows with the square of the input.
  const opener = '<!-- wp:group -->x';
  const joined = '<!-- wp:group -->x<!-- wp:a /-->';

  test('unclosed openers only make slices, so they are not refused', () => {
    const text = opener.repeat(2_000);
    assertSameDeepBlocks(parse(text), reference(text));
  });

  test('20,000 unclosed openers with joined HTML (640 KB, gigabytes of text) are refused before anything is built', () => {
    const text = joined.repeat(20_000);
    assert.throws(
      () => parse(text),
      (error) => {
        assert.ok(error instanceof ExpansionLimitError);
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'ExpansionLimitError');
        assert.equal(error.limit, DEFAULT_MAX_OUTPUT_BYTES);
        assert.ok(error.outputBytes > error.limit);
        assert.match(error.message, /maxOutputBytes/);
        return true;
      },
    );
    // The walk holds names and attributes only.
    assert.equal(walk(text).length, 40_000);
  });

  test('with the limit lifted, the output is the reference', () => {
    const text = joined.repeat(300);
    assertSameDeepBlocks(parse(text, { maxOutputBytes: null }), reference(text));
    assert.throws(() => parse(text, { maxOutputBytes: 1000 }), ExpansionLimitError);
  });

  test('a document may always produce 16 times its length', () => {
    const text = joined.repeat(40);
    assert.throws(
      () => parse(text, { maxOutputBytes: 1 }),
      (error) => error instanceof ExpansionLimitError && error.limit === 16 * text.length,
    );
  });
});
