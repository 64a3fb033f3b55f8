// Runs in Chromium (chromium.mjs): this package's parse beside the
// reference's, in the same page, on the same strings, timed with the page's
// own clock (performance.now). Rounds alternate between the two, each after a
// full garbage collection; each figure is the median of the rounds. Also times `TextEncoder.encodeInto` of each
// document alone: copying the string into wasm memory, which explains most of
// the gap to Node (where `Buffer` copies UTF-16 at memcpy speed).
import { init, parse } from 'gutenberg-post-parser';
import { parse as reference } from '/reference/index.mjs';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Milliseconds per pass of `fn` over `docs`, for one sample of `repeat` passes.
 * A full collection first (chromium.mjs exposes gc()), so that neither parser
 * pays for the other's garbage.
 */
function sample(fn, docs, repeat) {
  globalThis.gc();
  let keep = null;
  const started = performance.now();
  for (let r = 0; r < repeat; r += 1) for (const doc of docs) keep = fn(doc);
  const elapsed = performance.now() - started;
  if (keep === null) throw new Error('nothing ran');
  return elapsed / repeat;
}

function compare(docs, rounds) {
  const units = docs.reduce((sum, doc) => sum + doc.length, 0);
  const bytes = new Uint8Array(3 * Math.max(...docs.map((doc) => doc.length)));
  const encoder = new TextEncoder();
  const copy = (doc) => encoder.encodeInto(doc, bytes);
  // At least ~20 ms per sample: performance.now() is coarse in browsers.
  let repeat = 1;
  while (sample(reference, docs, repeat) * repeat < 20) repeat *= 2;
  // Warm-up: long enough for V8 to finish compiling both with its optimizing tiers.
  for (let r = 0; r < 10; r += 1) {
    sample(parse, docs, repeat);
    sample(reference, docs, repeat);
  }
  const [ours, theirs, copies] = [[], [], []];
  for (let r = 0; r < rounds; r += 1) {
    ours.push(sample(parse, docs, repeat));
    theirs.push(sample(reference, docs, repeat));
    copies.push(sample(copy, docs, repeat));
  }
  return { units, ours: median(ours), reference: median(theirs), encodeInto: median(copies) };
}

async function main() {
  const rounds = Number(new URLSearchParams(location.search).get('rounds') ?? 15);
  const started = performance.now();
  await init();
  const initMs = performance.now() - started;
  const { documents, real } = await (await fetch('/data/documents')).json();
  const rows = documents.map(([name, text]) => ({ document: name, ...compare([text], rounds) }));
  rows.push({ document: `real-documents (all ${real.length})`, ...compare(real, rounds) });
  return { userAgent: navigator.userAgent, rounds, initMs, rows };
}

main().then(
  (result) => {
    window.result = result;
  },
  (error) => {
    window.result = { error: String(error?.stack ?? error) };
  },
);
