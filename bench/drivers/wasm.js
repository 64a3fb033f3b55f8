#!/usr/bin/env node
'use strict';
// Benchmark and conformance driver for the WebAssembly npm package
// (bindings/wasm, built by bindings/wasm/build.sh), in Node.
//
//   node wasm.js --warmup W --runs R --batch K FILE
//       Parses FILE W*K times to warm up, then R samples of K parses each; prints
//       one JSON line: {"impl","file","bytes","median_ns","runs","batch",
//       "base_rss_kb","peak_rss_kb"} (median_ns is per parse). Each parse builds
//       the reference's objects; peak_rss_kb includes the module's linear memory.
//       A FILE named *.documents is a documents file, timed as one set (every
//       document once per parse, in order; adds "documents").
//   node wasm.js --conformance DOCUMENTS
//       Prints JSON.stringify(parse(document)) for each document of DOCUMENTS
//       (length in bytes, newline, UTF-8 document, newline).
//
// The protocol is the same for every driver; bench/harness/driver.py runs them.

const fs = require('fs');
const path = require('path');
const { parse } = require('../../bindings/wasm/lib/node.cjs');

/** The command line as {warmup, runs, batch, conformance, file}. */
function options(argv) {
  const found = { warmup: 1, runs: 1, batch: 1, conformance: null, file: null };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i].replace(/^--/, '');
    if (name === 'conformance') {
      found.conformance = argv[i + 1];
      i += 1;
    } else if (name in found && argv[i].startsWith('--')) {
      found[name] = Number(argv[i + 1]);
      i += 1;
    } else {
      found.file = argv[i];
    }
  }
  if (!found.file && !found.conformance) {
    process.stderr.write('usage: wasm.js --warmup W --runs R --batch K FILE | --conformance DOCUMENTS\n');
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
 * Nanoseconds taken by `batch` passes over `texts`, in order. `latest.blocks`
 * holds the last tree, released when the next one is made, as in every driver.
 */
function sample(texts, batch, latest) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < batch; i += 1) {
    for (const text of texts) latest.blocks = parse(text, { maxOutputBytes: null });
  }
  const elapsed = process.hrtime.bigint() - started;
  if (!Array.isArray(latest.blocks)) throw new Error('parse returned no block list');
  return Number(elapsed);
}

/** Each document of a documents file. */
function* documents(file) {
  const data = fs.readFileSync(file);
  let at = 0;
  while (at < data.length) {
    const newline = data.indexOf(0x0a, at);
    const size = Number(data.toString('latin1', at, newline));
    yield data.toString('utf8', newline + 1, newline + 1 + size);
    at = newline + 1 + size + 1;
  }
}

function conformance(file) {
  for (const text of documents(file)) {
    process.stdout.write(`${JSON.stringify(parse(text, { maxOutputBytes: null }))}\n`);
  }
}

function time(warmup, runs, batch, file) {
  const isSet = file.endsWith('.documents');
  const texts = isSet ? [...documents(file)] : [fs.readFileSync(file, 'utf8')];
  const baseRssKb = peakRssKb();
  const latest = { blocks: null };
  for (let i = 0; i < warmup; i += 1) sample(texts, batch, latest);
  const samples = [];
  for (let i = 0; i < runs; i += 1) samples.push(sample(texts, batch, latest) / batch);
  samples.sort((a, b) => a - b);
  const line = {
    impl: 'wasm',
    file: path.basename(file),
    bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0),
    median_ns: samples[Math.floor(samples.length / 2)],
    runs,
    batch,
    base_rss_kb: baseRssKb,
    peak_rss_kb: peakRssKb(),
  };
  if (isSet) line.documents = texts.length;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function main() {
  const { warmup, runs, batch, conformance: corpus, file } = options(process.argv.slice(2));
  if (corpus) conformance(corpus);
  else time(warmup, runs, batch, file);
}

main();
