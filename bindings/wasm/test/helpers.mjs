// Shared by the test files: the reference parser (installed by
// `npm ci --prefix fixtures/reference`), the documents, and comparisons that
// work at any depth.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = join(here, '..');
export const repo = join(packageDir, '..', '..');
const shared = join(repo, '..', 'shared');
const referenceDir = join(repo, 'fixtures', 'reference');

const require = createRequire(import.meta.url);

/** The reference's `parse` (@wordpress/block-serialization-default-parser 5.56.0). */
export const reference = (() => {
  const { loadReference } = require(join(referenceDir, 'lib.js'));
  return loadReference();
})();

/** `[name, text]` of every `.html` file in `dir`, sorted. */
function htmlFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
}

export const casesDir = join(repo, 'fixtures', 'cases');
export const fixtureCases = () => htmlFiles(casesDir);
export const sharedDocuments = () => htmlFiles(join(shared, 'documents'));
export const realDocuments = () => htmlFiles(join(shared, 'real-documents'));

/** `count` documents from fixtures/reference/corpus.js with seed `seed`. */
export function generatedDocuments(seed, count) {
  const lines = execFileSync(
    process.execPath,
    [join(referenceDir, 'corpus.js'), '--seed', String(seed), '--count', String(count)],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  return lines
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line).input);
}

/**
 * Asserts that two parse results are equal as the reference's are: the same
 * JSON text (key order, lone surrogates as escapes) and the same values.
 */
export function assertSameBlocks(actual, expected, label) {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), label);
  assert.deepStrictEqual(actual, expected, label);
}

/**
 * `assertSameBlocks` for results of any depth (JSON.stringify and
 * deepStrictEqual recurse): walks both with an explicit stack and compares
 * each block's keys, name, attributes (as JSON), HTML and content.
 */
export function assertSameDeepBlocks(actual, expected) {
  const stack = [[actual, expected, 'blocks']];
  while (stack.length > 0) {
    const [ours, theirs, path] = stack.pop();
    assert.equal(ours.length, theirs.length, `${path}.length`);
    for (let at = 0; at < ours.length; at += 1) {
      const [a, b] = [ours[at], theirs[at]];
      const where = `${path}[${at}]`;
      assert.deepEqual(Object.keys(a), Object.keys(b), `${where} keys`);
      assert.equal(a.blockName, b.blockName, `${where}.blockName`);
      assert.equal(JSON.stringify(a.attrs), JSON.stringify(b.attrs), `${where}.attrs`);
      assert.equal(a.innerHTML, b.innerHTML, `${where}.innerHTML`);
      assert.deepEqual(a.innerContent, b.innerContent, `${where}.innerContent`);
      stack.push([a.innerBlocks, b.innerBlocks, `${where}.innerBlocks`]);
    }
  }
}

/** A document of blocks nested `depth` deep, a paragraph at the bottom. */
export function nested(depth) {
  return (
    '<!-- wp:group {"d":1} --><div>'.repeat(depth) +
    '<!-- wp:paragraph --><p>bottom</p><!-- /wp:paragraph -->' +
    '</div><!-- /wp:group -->'.repeat(depth)
  );
}
