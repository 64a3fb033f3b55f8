#!/usr/bin/env node
'use strict';
// Benchmark driver for the Node reference,
// @wordpress/block-serialization-default-parser (installed by `just reference`).
//
//   node node.js --warmup W --runs R --batch K FILE
//       Parses FILE W*K times to warm up, then R samples of K parses each; prints
//       one JSON line: {"impl","file","bytes","median_ns","runs","batch",
//       "base_rss_kb","peak_rss_kb"} (median_ns is per parse).
//
// The protocol is the same for every driver; bench/harness/driver.py runs them.

const fs = require('fs');
const path = require('path');
const { loadReference } = require('../../fixtures/reference/lib');

const parse = loadReference();

/** The command line as {warmup, runs, batch, file}. */
function options(argv) {
  const found = { warmup: 1, runs: 1, batch: 1, file: null };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i].replace(/^--/, '');
    if (name in found && argv[i].startsWith('--')) {
      found[name] = Number(argv[i + 1]);
      i += 1;
    } else {
      found.file = argv[i];
    }
  }
  if (!found.file) {
    process.stderr.write('usage: node.js --warmup W --runs R --batch K FILE\n');
    process.exit(2);
  }
  return found;
}

/** High-water mark of resident memory (VmHWM) in KiB. */
function peakRssKb() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s*(\d+)/.exec(status)[1]);
}

/**
 * Nanoseconds taken by `batch` parses of `text`. `latest.blocks` holds the last
 * tree, released when the next one is made, as in every driver.
 */
function sample(text, batch, latest) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < batch; i += 1) {
    latest.blocks = parse(text);
  }
  const elapsed = process.hrtime.bigint() - started;
  if (!Array.isArray(latest.blocks)) throw new Error('parse returned no block list');
  return Number(elapsed);
}

function main() {
  const { warmup, runs, batch, file } = options(process.argv.slice(2));
  const text = fs.readFileSync(file, 'utf8');
  const baseRssKb = peakRssKb();
  const latest = { blocks: null };
  for (let i = 0; i < warmup; i += 1) sample(text, batch, latest);
  const samples = [];
  for (let i = 0; i < runs; i += 1) samples.push(sample(text, batch, latest) / batch);
  samples.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({
    impl: 'node',
    file: path.basename(file),
    bytes: Buffer.byteLength(text, 'utf8'),
    median_ns: samples[Math.floor(samples.length / 2)],
    runs,
    batch,
    base_rss_kb: baseRssKb,
    peak_rss_kb: peakRssKb(),
  })}\n`);
}

main();
