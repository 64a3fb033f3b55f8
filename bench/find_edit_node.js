#!/usr/bin/env node
'use strict';
// One round of the find-and-edit benchmarks in Node (bench/find_edit.py runs
// it between the other languages' rounds): median milliseconds of each
// workload, printed as JSON. Without --package, the reference
// (@wordpress/block-serialization-default-parser): parse_filter, "parse, then
// find every core/paragraph and read one attribute". With --package, the npm
// package in bindings/wasm (built by its build.sh):
//
//   find          new Document, find every core/paragraph, read attrs.align,
//                 free the document
//   parse_filter  the same with the package's parse
//   edit          set the last paragraph's attributes in a Document made
//                 before, and make the new text
//   copy          make a new string of the document once
//
// Both `edit` and `copy` read a unit of their result, which makes V8 flatten
// the string it built from pieces: each ends with one flat copy.
//
//   node bench/find_edit_node.js DOCUMENT [REPEATS] [--package]

const fs = require('fs');
const path = require('path');

function parseFilter(parse, text) {
  const found = [];
  const stack = parse(text).reverse();
  while (stack.length > 0) {
    const block = stack.pop();
    if (block.blockName === 'core/paragraph') found.push(block.attrs.align);
    for (let i = block.innerBlocks.length - 1; i >= 0; i -= 1) stack.push(block.innerBlocks[i]);
  }
  return found;
}

function medianMs(repeats, work) {
  for (let i = 0; i < 3; i += 1) work();
  const times = [];
  for (let i = 0; i < repeats; i += 1) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The package's workloads on `text`. */
function packageRound(text, repeats) {
  const { Document, parse } = require(path.join(__dirname, '..', 'bindings', 'wasm', 'lib', 'node.cjs'));
  const doc = new Document(text);
  const paragraphs = doc.find('core/paragraph');
  const last = paragraphs[paragraphs.length - 1];
  const attrs = { ...last.attrs, className: 'edited' };
  return {
    find: medianMs(repeats, () => {
      const found = new Document(text);
      const aligns = found.find('core/paragraph').map((view) => view.attrs.align);
      found.free(); // else each waits for the garbage collector, holding its module memory
      return aligns;
    }),
    parse_filter: medianMs(repeats, () => parseFilter(parse, text)),
    edit: medianMs(repeats, () => {
      const editor = doc.edit();
      editor.setAttrs(last, attrs);
      const edited = editor.text();
      return edited.charCodeAt(edited.length >> 1);
    }),
    copy: medianMs(repeats, () => {
      const copied = text + ' ';
      return copied.charCodeAt(copied.length >> 1);
    }),
  };
}

const args = process.argv.slice(2);
const [file, repeats = '30'] = args.filter((arg) => arg !== '--package');
const text = fs.readFileSync(file, 'utf8');
let result;
if (args.includes('--package')) {
  result = packageRound(text, Number(repeats));
} else {
  const parse = require('../fixtures/reference/lib').loadReference();
  result = { parse_filter: medianMs(Number(repeats), () => parseFilter(parse, text)) };
}
process.stdout.write(JSON.stringify(result) + '\n');
