#!/usr/bin/env node
'use strict';
// Times the reference parser (Node) on each document given, with the same
// protocol as benchmarks/test_speed.py: batches of 5 parses, about a second
// per document, median per parse. Prints {"file": median_ms, ...} as JSON.
//
//   node bindings/python/benchmarks/node_reference.js FILE...

const fs = require('fs');
const path = require('path');
const { loadReference } = require('../../../fixtures/reference/lib');

const parse = loadReference();
const BATCH = 5;

function batchMs(text) {
  const started = process.hrtime.bigint();
  let blocks = null;
  for (let i = 0; i < BATCH; i += 1) blocks = parse(text);
  if (!Array.isArray(blocks)) throw new Error('no block list');
  return Number(process.hrtime.bigint() - started) / 1e6 / BATCH;
}

const medians = {};
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  const once = batchMs(text);
  const rounds = Math.min(2000, Math.max(20, Math.floor(1000 / (once * BATCH))));
  for (let i = 0; i < Math.max(2, rounds / 10); i += 1) batchMs(text);
  const samples = [];
  for (let i = 0; i < rounds; i += 1) samples.push(batchMs(text));
  samples.sort((a, b) => a - b);
  medians[path.basename(file, '.html')] = samples[Math.floor(samples.length / 2)];
}
process.stdout.write(JSON.stringify(medians) + '\n');
