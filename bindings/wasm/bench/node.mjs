// Node benchmark: this package's parse beside the reference's, in one
// process, on the same strings. Rounds alternate between the two (the
// machine's speed drifts, both meet the same drift); each figure is the
// median of the rounds' per-parse times.
//
//   node bench/node.mjs [--rounds N] [--json]
//
// Documents: every file of ../shared/documents (each alone), and the 909
// files of ../shared/real-documents (timed as one batch: all of them parsed
// once per sample). Also: instantiation time, .wasm size raw and gzipped,
// and linear memory after the runs.
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Milliseconds per parse of `docs` by `fn`, in one sample of `repeat` passes. */
function sample(fn, docs, repeat) {
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
  // Aim at ~20 ms per sample so timer noise does not matter.
  const once = sample(reference, docs, 1);
  const repeat = Math.max(1, Math.round(20 / Math.max(once, 0.001)));
  for (let r = 0; r < 3; r += 1) { sample(parse, docs, repeat); sample(reference, docs, repeat); }
  const ours = [];
  const theirs = [];
  for (let r = 0; r < rounds; r += 1) {
    ours.push(sample(parse, docs, repeat));
    theirs.push(sample(reference, docs, repeat));
  }
  return { units: bytes, ours: median(ours), reference: median(theirs) };
}

function main() {
  const wasmPath = join(here, '..', 'lib', 'gutenberg_post_parser.wasm');
  const wasmBytes = readFileSync(wasmPath);
  const instantiations = [];
  for (let r = 0; r < 21; r += 1) {
    const started = process.hrtime.bigint();
    new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { gpp: { read() {}, read_string() {}, type_name() {} } });
    instantiations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
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
    compileAndInstantiateMs: median(instantiations),
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
      `| ${row.document} | ${row.units} | ${row.ours.toFixed(3)} | ${row.reference.toFixed(3)} | ${(row.reference / row.ours).toFixed(2)}x |`,
    );
  }
  console.log(`.wasm: ${result.wasm.bytes} bytes, ${result.wasm.gzipped} gzipped; compile + instantiate: ${result.compileAndInstantiateMs.toFixed(2)} ms; linear memory after the runs: ${result.linearMemoryBytes} bytes`);
}

main();
