#!/usr/bin/env node
'use strict';
// Times the Node reference parser (@wordpress/block-serialization-default-parser,
// installed by `npm ci --prefix fixtures/reference`) on each FILE the way
// bench.rb times the gem: the mean wall-clock time per parse over about SECONDS
// after a warm-up, and the least CPU time per parse (the process's, GC threads
// included) over 7 rounds. Prints one JSON line per file: {"file","ms","cpu_ms"}.
//
//   node bench/node_reference.js SECONDS FILE...

const fs = require('fs');
const path = require('path');
const { loadReference } = require('../../../fixtures/reference/lib');

const parse = loadReference();
const [seconds, ...files] = process.argv.slice(2);

/** Wall-clock milliseconds since `started` (from process.hrtime.bigint()). */
function since(started) {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Mean milliseconds per parse of `text` over about `budgetMs`, and the runs made. */
function timeParse(text, budgetMs) {
  let runs = 0;
  let blocks = null;
  const started = process.hrtime.bigint();
  while (since(started) < budgetMs) {
    blocks = parse(text);
    runs += 1;
  }
  if (!Array.isArray(blocks)) throw new Error('parse returned no block list');
  return { ms: since(started) / runs, runs };
}

/** Least CPU milliseconds per parse over 7 rounds of `runs` parses. */
function cpuPerParse(text, runs) {
  let best = Infinity;
  for (let round = 0; round < 7; round += 1) {
    const before = process.cpuUsage();
    for (let i = 0; i < runs; i += 1) parse(text);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000 / runs);
  }
  return best;
}

for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const budgetMs = Number(seconds) * 1000;
  timeParse(text, budgetMs / 2);
  const { ms, runs } = timeParse(text, budgetMs);
  const cpuMs = cpuPerParse(text, Math.max(1, Math.ceil(runs / 14)));
  process.stdout.write(`${JSON.stringify({ file: path.basename(file), ms, cpu_ms: cpuMs })}\n`);
}
