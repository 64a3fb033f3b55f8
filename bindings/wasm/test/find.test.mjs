// Document, find and edit, against the reference: every view's name,
// attributes, inner HTML, depth, parent and span over the fixtures, the shared
// and real documents and generated ones; attribute filters; edits re-parsed by
// the reference to the intended blocks with every other unit untouched; bad
// arguments and hostile documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readFileSync } from 'node:fs';

import { createDocuments, nodePlatform } from '../lib/core.mjs';
import { ANY, BlockView, Document, EditError, Editor } from '../lib/node.mjs';
import { fixtureCases, generatedDocuments, nested, realDocuments, reference, sharedDocuments } from './helpers.mjs';

/** The reference's named blocks depth-first, with depth, parent index and path. */
function referenceBlocks(blocks) {
  const order = [];
  const stack = blocks.map((block, at) => [block, 0, -1, [at]]).reverse();
  while (stack.length > 0) {
    const [block, depth, parent, path] = stack.pop();
    const index = block.blockName === null ? parent : order.length;
    if (block.blockName !== null) order.push({ block, depth, parent, path });
    for (let at = block.innerBlocks.length - 1; at >= 0; at -= 1) {
      stack.push([block.innerBlocks[at], depth + 1, index, [...path, at]]);
    }
  }
  return order;
}

/** Whether every opener of `text` has a closer (unclosed blocks end where the document does). */
function balanced(text) {
  const openers = (text.match(/<!--\s+wp:[^>]*?-->/g) ?? []).filter((d) => !/\/-->$/.test(d)).length;
  const closers = (text.match(/<!--\s+\/wp:/g) ?? []).length;
  return openers === closers;
}

/** A `JSON.stringify` replacer that leaves out empty strings of `innerContent`. */
function nonEmpty(key, value) {
  return key === 'innerContent' ? value.filter((entry) => entry !== '') : value;
}

/** `[label, text, whether to check spans]` of every document tested. */
function allDocuments() {
  const written = [...fixtureCases(), ...sharedDocuments(), ...realDocuments()];
  const generated = generatedDocuments(13, 400).map((text, at) => [`generated ${at}`, text, false]);
  return [...written.map(([label, text]) => [label, text, balanced(text)]), ...generated];
}

test('find() gives every named block as the reference parses it', () => {
  let views = 0;
  let spans = 0;
  for (const [label, text, whole] of allDocuments()) {
    const expected = referenceBlocks(reference(text));
    const found = new Document(text).find();
    assert.equal(found.length, expected.length, label);
    for (const [at, view] of found.entries()) {
      const { block, depth, parent } = expected[at];
      const where = `${label} block ${at}`;
      assert.ok(view instanceof BlockView, where);
      assert.equal(view.name, block.blockName, where);
      assert.equal(JSON.stringify(view.attrs), JSON.stringify(block.attrs), where);
      assert.equal(view.innerHTML, block.innerHTML, where);
      assert.equal(view.depth, depth, where);
      if (parent === -1) assert.equal(view.parent, null, where);
      else assert.equal(view.parent.id, found[parent].id, where);
      if (whole) {
        // The span is the block's text: the reference parses it to the same
        // block (but for empty HTML runs, which it records in context only).
        const [again] = reference(text.slice(...view.span));
        assert.equal(JSON.stringify(again, nonEmpty), JSON.stringify(block, nonEmpty), `${where} span`);
        spans += 1;
      }
      views += 1;
    }
  }
  assert.ok(views > 10000 && spans > 5000, `${views} views, ${spans} spans`);
});

/** JSON with object keys sorted: equality whatever the order of keys. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

test('attribute filters and name patterns select what filtering the reference gives', () => {
  let queries = 0;
  for (const [label, text] of [...fixtureCases(), ...realDocuments(), ...sharedDocuments()]) {
    const expected = referenceBlocks(reference(text));
    const doc = new Document(text);
    const spans = (views) => views.map((view) => view.id);
    const ids = (keep) => expected.flatMap((entry, at) => (keep(entry.block) ? [doc.find()[at].id] : []));
    const namespace = (name) => name.split('/')[0];
    assert.deepEqual(spans(doc.find('core/*')), ids((b) => namespace(b.blockName) === 'core'), label);
    assert.deepEqual(spans(doc.find('paragraph')), ids((b) => b.blockName === 'core/paragraph'), label);
    for (const { block } of expected.slice(0, 6)) {
      if (block.attrs === null) continue;
      // The reference's values come from another realm: made here again.
      for (const [key, value] of Object.entries(structuredClone(block.attrs)).slice(0, 3)) {
        const same = (b) =>
          b.blockName === block.blockName && b.attrs !== null && Object.hasOwn(b.attrs, key) && canonical(b.attrs[key]) === canonical(value);
        assert.deepEqual(spans(doc.find(block.blockName, { [key]: value })), ids(same), `${label} ${key}`);
        const present = (b) => b.blockName === block.blockName && b.attrs !== null && Object.hasOwn(b.attrs, key);
        assert.deepEqual(spans(doc.find(block.blockName, { [key]: ANY })), ids(present), `${label} ${key} ANY`);
        queries += 2;
      }
    }
  }
  assert.ok(queries > 1000, `${queries} queries`);
});

test('filters see the characters narrowing hides, lone surrogates included', () => {
  const doc = new Document(
    '<!-- wp:a {"k":"é ü"} /--><!-- wp:a {"k":"\uD800"} /--><!-- wp:a {"k":"\\ud800"} /--><!-- wp:a {"k":"\u00a0"}\u00a0/--><!-- wp:a {"k":"x"} /-->',
  );
  assert.equal(doc.find('a', { k: 'é ü' }).length, 1);
  assert.deepEqual(
    doc.find('a', { k: '\uD800' }).map((view) => view.span[0]),
    [26, 50],
  );
  assert.equal(doc.find('a', { k: 'x' }).length, 1);
  assert.equal(doc.find('a', { k: ANY }).length, 4, 'the fourth has invalid JSON (U+00A0 after it)');
  assert.equal(doc.find('a')[3].attrs, null);
  assert.equal(doc.find('a', { k: '\u00a0' }).length, 0);
  assert.equal(doc.find('a', { k: 1 }).length, 0);
  const keys = new Document('<!-- wp:a {"\\ud800k":1,"\udc00":2} /-->');
  assert.equal(keys.find('a', { '\ud800k': 1, '\udc00': ANY }).length, 1);
  assert.equal(keys.find('a', { '\ufffdk': ANY }).length, 0);
  const numbers = new Document('<!-- wp:a {"n":1.0,"o":{"y":[2],"x":null}} /-->');
  assert.equal(numbers.find('a', { n: 1, o: { x: null, y: [2] } }).length, 1);
});

const REPLACEMENT = '<!-- wp:gpp/replaced {"by":"test"} --><p>r é</p><!-- /wp:gpp/replaced -->';
const INSERTED = '<!-- wp:gpp/inserted {"a":"x--y"} /-->';
const INNER = '<p>new & -- "inner" ü</p>';

/** The reference's block at `path` of `blocks`, and the list holding it. */
function at(blocks, path) {
  let list = blocks;
  let parent = null;
  for (const step of path.slice(0, -1)) {
    parent = list[step];
    list = parent.innerBlocks;
  }
  return { list, parent, index: path[path.length - 1] };
}

/** The `null` of `parent.innerContent` that stands for inner block `index`. */
function placeholder(parent, index) {
  let seen = -1;
  return parent.innerContent.findIndex((entry) => entry === null && ++seen === index);
}

/** Applies edit `kind` to the reference's tree `blocks` (a copy), as the edit intends. */
function intend(blocks, path, kind, attrs) {
  const { list, parent, index } = at(blocks, path);
  const block = list[index];
  switch (kind) {
    case 'setAttrs':
      block.attrs = attrs;
      return;
    case 'replace':
      list[index] = reference(REPLACEMENT)[0];
      return;
    case 'replaceInnerHTML':
      Object.assign(block, { innerBlocks: [], innerHTML: INNER, innerContent: [INNER] });
      return;
    case 'remove': {
      const content = parent.innerContent;
      const hole = placeholder(parent, index);
      const [before, after] = [content[hole - 1], content[hole + 1]];
      if (typeof before === 'string' && typeof after === 'string') content.splice(hole - 1, 3, before + after);
      else content.splice(hole, 1);
      list.splice(index, 1);
      return;
    }
    default: {
      const hole = placeholder(parent, index);
      const after = kind === 'insertAfter' ? 1 : 0;
      parent.innerContent.splice(hole + after, 0, null);
      list.splice(index + after, 0, reference(INSERTED)[0]);
    }
  }
}

test('edits re-parse, by the reference, to the intended blocks; other units stay', () => {
  const kinds = ['setAttrs', 'replace', 'replaceInnerHTML', 'remove', 'insertBefore', 'insertAfter'];
  let made = 0;
  let refused = 0;
  for (const [label, text] of [...fixtureCases(), ...realDocuments()]) {
    if (!balanced(text)) continue;
    const blocks = reference(text);
    const expected = referenceBlocks(blocks);
    const doc = new Document(text);
    const views = doc.find();
    for (let pick = 0; pick < Math.min(views.length, 6); pick += 1) {
      const position = (pick * 7919) % views.length;
      const { path, depth } = expected[position];
      const view = views[position];
      const kind = kinds[(pick + label.length) % kinds.length];
      // Removing and inserting at the top level would merge freeform neighbours; nested only.
      if (depth === 0 && ['remove', 'insertBefore', 'insertAfter'].includes(kind)) continue;
      const attrs = { ...(view.attrs ?? {}), gppEdit: `<b>\\"${position}"--&</b> é`, gppNumber: position };
      const editor = doc.edit();
      const where = `${label} ${kind} block ${position}`;
      try {
        if (kind === 'setAttrs') editor.setAttrs(view, attrs);
        else if (kind === 'replace') editor.replace(view, REPLACEMENT);
        else if (kind === 'replaceInnerHTML') editor.replaceInnerHTML(view, INNER);
        else if (kind === 'remove') editor.remove(view);
        else editor[kind](view, INSERTED);
      } catch (error) {
        assert.ok(error instanceof EditError, `${where}: ${error}`);
        assert.match(error.message, /unfinished|could finish/, where);
        refused += 1;
        continue;
      }
      const edited = editor.text();
      const intended = structuredClone(blocks);
      intend(intended, path, kind, attrs);
      assert.equal(JSON.stringify(reference(edited)), JSON.stringify(intended), where);
      const [start, end] = view.span;
      assert.equal(edited.slice(0, start), text.slice(0, start), `${where}: prefix`);
      assert.equal(edited.slice(edited.length - (text.length - end)), text.slice(end), `${where}: suffix`);
      made += 1;
    }
  }
  assert.ok(made > 1000 && refused * 20 < made, `${made} edits made, ${refused} refused`);
});

test('edits of one editor splice together; a void block gets a closer', () => {
  const text = 'é<!-- wp:image {"alt":"ü"} /--><!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --><!-- wp:spacer /-->';
  const doc = new Document(text);
  const [image, paragraph, spacer] = doc.find();
  const editor = doc.edit();
  editor.replaceInnerHTML(image, '<img alt="ü"/>');
  editor.setAttrs(paragraph, { align: 'center', note: '</p> & --' });
  editor.insertAfter(paragraph, '<p>after</p>');
  editor.remove(spacer);
  assert.equal(editor.size, 4);
  assert.equal(
    editor.text(),
    'é<!-- wp:image {"alt":"ü"} --><img alt="ü"/><!-- /wp:image -->' +
      '<!-- wp:paragraph {"align":"center","note":"\\u003c/p\\u003e \\u0026 \\u002d\\u002d"} --><p>x</p><!-- /wp:paragraph -->' +
      '<p>after</p>',
  );
  assert.equal(doc.edit().text(), text, 'a new editor starts from the document');
});

test('a void delimiter written as a closer gets inner HTML unless its attributes left ASCII', () => {
  const doc = new Document('<!-- /wp:a {"k":"x"} /--><!-- /wp:b {"k":"é"} /-->');
  const [a, b] = doc.find();
  const editor = doc.edit();
  editor.replaceInnerHTML(a, '<p>a</p>');
  assert.throws(() => editor.replaceInnerHTML(b, '<p>b</p>'), /replace the block instead/);
  editor.replace(b, '<!-- wp:b {"k":"é"} --><p>b</p><!-- /wp:b -->');
  const edited = editor.text();
  assert.equal(edited, '<!-- wp:a {"k":"x"} --><p>a</p><!-- /wp:a --><!-- wp:b {"k":"é"} --><p>b</p><!-- /wp:b -->');
  assert.deepEqual(
    reference(edited).map((block) => [block.blockName, block.attrs, block.innerHTML]),
    [
      ['core/a', { k: 'x' }, '<p>a</p>'],
      ['core/b', { k: 'é' }, '<p>b</p>'],
    ],
  );
});

test('refused edits and bad arguments throw typed errors and change nothing', () => {
  const text = '<!-- wp:group --><!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --><!-- /wp:group -->';
  const doc = new Document(text);
  const [group, paragraph] = doc.find();
  const editor = doc.edit();
  editor.replaceInnerHTML(group, '<p>y</p>');
  assert.throws(() => editor.remove(paragraph), (error) => error instanceof EditError && /overlaps/.test(error.message));
  assert.throws(() => editor.replace(group, '<!-- wp:x -->'), EditError);
  assert.throws(() => editor.replace(paragraph, '<!-- /wp:group -->'), EditError);
  assert.throws(() => editor.setAttrs(group, [1]), TypeError);
  assert.throws(() => editor.setAttrs(group, null), TypeError);
  assert.throws(() => editor.setAttrs(paragraph, { a: undefined }), /attrs values must be/);
  assert.throws(() => editor.setAttrs(paragraph, { a: 1n }), TypeError);
  assert.throws(() => editor.replace(paragraph, 7), TypeError);
  assert.throws(() => editor.replace(paragraph, '<p>\uD800</p>'), /lone surrogate/);
  const other = new Document(text).find()[1];
  assert.throws(() => editor.remove(other), /BlockView of this editor's document/);
  assert.throws(() => editor.remove({}), TypeError);
  assert.equal(editor.size, 1);
  assert.equal(editor.text(), '<!-- wp:group --><p>y</p><!-- /wp:group -->');
  assert.throws(() => new Document(1), TypeError);
  assert.throws(() => doc.find(1), TypeError);
  assert.throws(() => doc.find('*', [1]), TypeError);
  assert.throws(() => doc.find('*', { a: () => 1 }), /attrs values must be/);
  assert.throws(() => new BlockView(), TypeError);
  assert.throws(() => new Editor(), TypeError);
  const thrower = {
    get a() {
      throw new RangeError('from a getter');
    },
  };
  assert.throws(() => doc.find('*', thrower), RangeError);
});

test('free() releases a document; a freed one says so', () => {
  const doc = new Document('<!-- wp:a /-->');
  const [view] = doc.find();
  const editor = doc.edit();
  doc.free();
  doc.free();
  assert.throws(() => doc.find(), /freed/);
  assert.throws(() => view.innerHTML, /freed/);
  assert.throws(() => editor.text(), /freed/);
  const scoped = new Document('<!-- wp:b /-->');
  scoped[Symbol.dispose]();
  assert.throws(() => scoped.find(), /freed/);
});

test('hostile documents: 100,000-deep nesting, unclosed blocks, invalid JSON', () => {
  const depth = 100_000;
  const deep = new Document(nested(depth));
  const [bottom] = deep.find('paragraph');
  assert.equal(bottom.depth, depth);
  assert.equal(bottom.parent.depth, depth - 1);
  // Up to the top, each step one call: linear in the depth.
  let steps = 0;
  for (let view = bottom; view.parent !== null; view = view.parent) steps += 1;
  assert.equal(steps, depth);
  assert.equal(deep.find('group', { d: 1 }).length, depth);
  const editor = deep.edit();
  editor.replaceInnerHTML(bottom, '<p>new</p>');
  assert.equal(editor.text(), nested(depth).replace('<p>bottom</p>', '<p>new</p>'));

  const unclosed = new Document('<!-- wp:group -->x'.repeat(20_000));
  const groups = unclosed.find('group');
  assert.equal(groups.length, 20_000);
  assert.deepEqual(groups[0].span.length, 2);

  const broken = new Document('<!-- wp:a {"k": } /--><!-- wp:a {"k":1} /-->');
  assert.deepEqual(
    broken.find('a').map((view) => view.attrs),
    [null, { k: 1 }],
  );
  assert.equal(broken.find('a', { k: ANY }).length, 1);
});

test('after a trap, documents and editors are made again in a fresh instance', () => {
  const bytes = readFileSync(new URL('../lib/gutenberg_post_parser_find.wasm', import.meta.url));
  const api = createDocuments(nodePlatform(), () => new WebAssembly.Module(bytes));
  const doc = new api.Document('é<!-- wp:a {"k":"ü"} /--><!-- wp:b /-->');
  const [a, b] = doc.find();
  const editor = doc.edit();
  editor.setAttrs(a, { k: 'v' });
  assert.throws(() => api.trapForTests(), WebAssembly.RuntimeError);
  assert.deepEqual(
    doc.find('a', { k: 'ü' }).map((view) => view.span),
    [[1, 25]],
  );
  assert.equal(b.innerHTML, '');
  editor.remove(b);
  assert.throws(() => editor.remove(a), EditError, 'the edit made before the trap still counts');
  assert.equal(editor.text(), 'é<!-- wp:a {"k":"v"} /-->');
});
