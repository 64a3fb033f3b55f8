#!/usr/bin/env node
'use strict';
// One round of the find-and-edit benchmarks for the Node reference
// (bench/find_edit.py runs it between the other languages' rounds): the
// median milliseconds of "parse, then find every core/paragraph and read one
// attribute" with @wordpress/block-serialization-default-parser, printed as
// JSON.
//
//   node bench/find_edit_node.js DOCUMENT [REPEATS]

const fs = require('fs');
const { loadReference } = require('../fixtures/reference/lib');

const parse = loadReference();

function parseFilter(text) {
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

const [path, repeats = '30'] = process.argv.slice(2);
const text = fs.readFileSync(path, 'utf8');
process.stdout.write(JSON.stringify({ parse_filter: medianMs(Number(repeats), () => parseFilter(text)) }) + '\n');
