#!/usr/bin/env node
'use strict';
// Benchmark driver for the Node reference,
// @wordpress/block-serialization-default-parser (installed by `just reference`).
//
//   node node.js [--form parse|json] --warmup W --runs R --batch K FILE
//       Parses FILE W*K times to warm up, then R samples of K parses each; prints
//       one JSON line: {"impl","file","bytes","median_ns","runs","batch",
//       "base_rss_kb","peak_rss_kb"} (median_ns is per parse). `json` times
//       JSON.stringify(parse(text)) and adds "output_bytes". A FILE named
//       *.documents is a documents file, timed as one set (every document once
//       per parse, in order; adds "documents").
//
// The protocol is the same for every driver (bench/README.md).

const fs = require('fs');
const path = require('path');
const { loadReference } = require('../../fixtures/reference/lib');

const parse = loadReference();

/** The command line as {form, warmup, runs, batch, file}. */
function options(argv) {
  const found = { form: 'parse', warmup: 1, runs: 1, batch: 1, file: null };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i].replace(/^--/, '');
    if (name in found && argv[i].startsWith('--')) {
      found[name] = name === 'form' ? argv[i + 1] : Number(argv[i + 1]);
      i += 1;
    } else {
      found.file = argv[i];
    }
  }
  if (!found.file || !(found.form in FORMS)) {
    process.stderr.write('usage: node.js [--form parse|json] --warmup W --runs R --batch K FILE\n');
    process.exit(2);
  }
  return found;
}

/** What each form makes of a document. */
const FORMS = {
  parse: (text) => parse(text),
  json: (text) => JSON.stringify(parse(text)),
};

/** Every document of a documents file: length, newline, UTF-8, newline. */
function documents(file) {
  const data = fs.readFileSync(file);
  const found = [];
  let at = 0;
  while (at < data.length) {
    const newline = data.indexOf(10, at);
    const size = Number(data.toString('latin1', at, newline));
    found.push(data.toString('utf8', newline + 1, newline + 1 + size));
    at = newline + 1 + size + 1;
  }
  return found;
}

/** High-water mark of resident memory (VmHWM) in KiB. */
function peakRssKb() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s*(\d+)/.exec(status)[1]);
}

/**
 * Nanoseconds taken by `batch` passes of `make` over `texts`, in order.
 * `latest.result` holds the last result, released when the next one is made,
 * as in every driver.
 */
function sample(make, texts, batch, latest) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < batch; i += 1) {
    for (const text of texts) latest.result = make(text);
  }
  const elapsed = process.hrtime.bigint() - started;
  if (latest.result == null) throw new Error('parse returned nothing');
  return Number(elapsed);
}

function main() {
  const { form, warmup, runs, batch, file } = options(process.argv.slice(2));
  const isSet = file.endsWith('.documents');
  const texts = isSet ? documents(file) : [fs.readFileSync(file, 'utf8')];
  const make = FORMS[form];
  const baseRssKb = peakRssKb();
  const latest = { result: null };
  for (let i = 0; i < warmup; i += 1) sample(make, texts, batch, latest);
  const samples = [];
  for (let i = 0; i < runs; i += 1) samples.push(sample(make, texts, batch, latest) / batch);
  samples.sort((a, b) => a - b);
  const line = {
    impl: form === 'parse' ? 'node' : 'node-json',
    file: path.basename(file),
    bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0),
    median_ns: samples[Math.floor(samples.length / 2)],
    runs,
    batch,
    base_rss_kb: baseRssKb,
    peak_rss_kb: peakRssKb(),
  };
  if (isSet) line.documents = texts.length;
  if (form === 'json') {
    line.output_bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(make(text), 'utf8'), 0);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main();
