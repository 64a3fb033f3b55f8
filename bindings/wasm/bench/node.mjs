// Node benchmark: this package's parse beside the reference's, in one
// process, on the same strings. Rounds alternate between the two (the
// machine's speed drifts, both meet the same drift), each after a full
// garbage collection; each figure is the median of the rounds' per-parse
// times.
//
//   node bench/node.mjs [--rounds N] [--json]
//
// Documents: every file of ../shared/documents (each alone), and the 909
// files of ../shared/real-documents (timed as one batch: all of them parsed
// once per sample). Also: .wasm size raw and gzipped; compile, instantiate
// and require() times in fresh processes; linear memory after the runs.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { parse, wasmMemoryBytes } from '../lib/node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const shared = join(repo, '..', 'shared');
const require = createRequire(import.meta.url);
const reference = require(
  require.resolve('@wordpress/block-serialization-default-parser', {
    paths: [join(repo, 'fixtures', 'reference')],
  }),
).parse;

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 31;
const asJson = args.includes('--json');

/** Milliseconds with four significant digits. */
function ms(value) {
  return value.toPrecision(4);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Milliseconds per parse of `docs` by `fn`, in one sample of `repeat` passes.
 * A full collection first, so that neither parser pays for the other's garbage.
 */
function sample(fn, docs, repeat) {
  globalThis.gc();
  let keep = null;
  const started = process.hrtime.bigint();
  for (let r = 0; r < repeat; r += 1) for (const doc of docs) keep = fn(doc);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (!Array.isArray(keep)) throw new Error('parse returned no array');
  return elapsed / repeat;
}

/** Median ms per pass of each parser over `docs`, rounds interleaved. */
function compare(docs) {
  const bytes = docs.reduce((sum, doc) => sum + doc.length, 0);
  // At least ~20 ms per sample, so that the clock's resolution does not matter.
  let repeat = 1;
  while (sample(reference, docs, repeat) * repeat < 20) repeat *= 2;
  // Warm-up: long enough for V8 to finish compiling both with its optimizing tiers.
  for (let r = 0; r < 10; r += 1) {
    sample(parse, docs, repeat);
    sample(reference, docs, repeat);
  }
  const ours = [];
  const theirs = [];
  for (let r = 0; r < rounds; r += 1) {
    ours.push(sample(parse, docs, repeat));
    theirs.push(sample(reference, docs, repeat));
  }
  return { units: bytes, ours: median(ours), reference: median(theirs) };
}

/** Run in a fresh process: times compiling and instantiating the .wasm, then requiring the package. */
const COLD_START = `
const { readFileSync } = require('fs');
const [wasm, entry] = process.argv.slice(1);
const elapsed = (since) => Number(process.hrtime.bigint() - since) / 1e6;
const bytes = readFileSync(wasm);
let since = process.hrtime.bigint();
const module = new WebAssembly.Module(bytes);
const compileMs = elapsed(since);
since = process.hrtime.bigint();
new WebAssembly.Instance(module, { gpp: { read() {}, read_string() {}, type_name() {} } });
const instantiateMs = elapsed(since);
since = process.hrtime.bigint();
require(entry);
console.log(JSON.stringify({ compileMs, instantiateMs, requireMs: elapsed(since) }));
`;

function main() {
  if (typeof globalThis.gc !== 'function') {
    // Run again with gc() exposed (see `sample`).
    execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
    return;
  }
  const wasmPath = join(here, '..', 'lib', 'gutenberg_post_parser.wasm');
  const wasmBytes = readFileSync(wasmPath);
  const starts = Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, ['-e', COLD_START, wasmPath, join(here, '..', 'lib', 'node.cjs')], { encoding: 'utf8' })));
  const startup = Object.fromEntries(['compileMs', 'instantiateMs', 'requireMs'].map((key) => [key, median(starts.map((start) => start[key]))]));
  const rows = [];
  const documents = join(shared, 'documents');
  for (const name of readdirSync(documents).sort()) {
    const doc = readFileSync(join(documents, name), 'utf8');
    rows.push({ document: name, ...compare([doc]) });
  }
  const real = join(shared, 'real-documents');
  const realDocs = readdirSync(real)
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => readFileSync(join(real, name), 'utf8'));
  rows.push({ document: `real-documents (all ${realDocs.length})`, ...compare(realDocs) });
  const result = {
    node: process.version,
    rounds,
    wasm: { bytes: statSync(wasmPath).size, gzipped: gzipSync(wasmBytes, { level: 9 }).length },
    startup,
    linearMemoryBytes: wasmMemoryBytes(),
    rows,
  };
  if (asJson) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`Node ${result.node}, median of ${rounds} interleaved rounds (ms per parse)`);
  console.log('| document | UTF-16 units | gutenberg-post-parser | reference | speed-up |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.document} | ${row.units} | ${ms(row.ours)} | ${ms(row.reference)} | ${(row.reference / row.ours).toFixed(2)}x |`,
    );
  }
  console.log(
    `.wasm: ${result.wasm.bytes} bytes, ${result.wasm.gzipped} gzipped; in a fresh process (median of 7): ` +
      `compile ${ms(startup.compileMs)} ms, instantiate ${ms(startup.instantiateMs)} ms, require() of the package ` +
      `${ms(startup.requireMs)} ms; linear memory after the runs: ${result.linearMemoryBytes} bytes`,
  );
}

main();
