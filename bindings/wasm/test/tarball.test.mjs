// The package as users get it: `npm pack`, installed from the tarball into an
// empty project outside the repository, used with `import` and `require`,
// and its declarations type-checked there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { packageDir, reference } from './helpers.mjs';

const project = mkdtempSync(join(tmpdir(), 'gpp-tarball-'));
after(() => rmSync(project, { recursive: true, force: true }));

const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

const post = '<!-- wp:group {"a":"\\ud800"} --><div><!-- wp:image {"id":42} /--></div><!-- /wp:group -->\u00e9';

test('npm pack makes a tarball with the built module and no sources', () => {
  const [packed] = JSON.parse(run('npm', ['pack', packageDir, '--json', '--pack-destination', project]));
  const files = packed.files.map((file) => file.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'index.d.cts',
    'index.d.ts',
    'lib/browser.mjs',
    'lib/core.cjs',
    'lib/core.mjs',
    'lib/gutenberg_post_parser.wasm',
    'lib/gutenberg_post_parser_find.wasm',
    'lib/js-strings.mjs',
    'lib/node.cjs',
    'lib/node.mjs',
    'package.json',
  ]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(project, packed.filename)]);
  assert.ok(readdirSync(join(project, 'node_modules', 'gutenberg-post-parser', 'lib')).includes('gutenberg_post_parser.wasm'));
});

test('import and require work in the empty project', () => {
  const expected = JSON.stringify(reference(post));
  writeFileSync(
    join(project, 'esm.mjs'),
    "import { Document, parse, serialize } from 'gutenberg-post-parser';\n" +
      'const post = process.argv[2];\n' +
      'console.log(JSON.stringify(parse(post)));\n' +
      'console.log(JSON.stringify(parse(serialize(parse(post)))));\n' +
      "console.log(JSON.stringify(new Document(post).find('image', { id: 42 }).map((view) => view.span)));\n",
  );
  writeFileSync(
    join(project, 'cjs.cjs'),
    "const { Document, parse, walk } = require('gutenberg-post-parser');\n" +
      'const post = process.argv[2];\n' +
      'console.log(JSON.stringify(parse(post)));\n' +
      'console.log(walk(post).length);\n' +
      'const doc = new Document(post);\n' +
      'const editor = doc.edit();\n' +
      "editor.setAttrs(doc.find('image')[0], { id: 7 });\n" +
      'console.log(JSON.stringify(editor.text()));\n',
  );
  const [esm, again, spans] = run(process.execPath, ['esm.mjs', post]).trim().split('\n');
  assert.equal(esm, expected);
  assert.equal(again, expected);
  const image = post.indexOf('<!-- wp:image');
  assert.equal(spans, JSON.stringify([[image, post.indexOf('/-->', image) + 4]]));
  const [cjs, walked, edited] = run(process.execPath, ['cjs.cjs', post]).trim().split('\n');
  assert.equal(cjs, expected);
  assert.equal(walked, '3');
  assert.equal(JSON.parse(edited), post.replace('{"id":42}', '{"id":7}'));
});

test('the declarations type-check for import and require (tsc --strict)', () => {
  copyFileSync(join(packageDir, 'test', 'types', 'usage.mts'), join(project, 'usage.mts'));
  copyFileSync(join(packageDir, 'test', 'types', 'usage.cts'), join(project, 'usage.cts'));
  const tsc = join(packageDir, 'node_modules', '.bin', 'tsc');
  const options = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--types', ''];
  run(tsc, [...options, 'usage.mts', 'usage.cts']);
});
