// Chromium benchmark: serves the package and the documents from 127.0.0.1,
// runs browser.mjs in Debian's headless Chromium, prints its table.
//
//   node bench/chromium.mjs [--rounds N] [--json]
import { realDocuments, sharedDocuments } from '../test/helpers.mjs';
import { runPage } from '../test/browser/chromium.mjs';
import { serve } from '../test/browser/server.mjs';

/** Milliseconds with four significant digits. */
const ms = (value) => value.toPrecision(4);

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 15;
const documents = sharedDocuments();
const real = realDocuments().map(([, text]) => text);
const { url, server } = await serve({ documents: { documents, real } });
try {
  // gc() between samples, as in bench/node.mjs.
  const { result } = await runPage(`${url}/bench/browser.html?rounds=${rounds}`, 1_800_000, ['--js-flags=--expose-gc']);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    console.log(`${result.userAgent}\nmedian of ${rounds} interleaved rounds, ms per parse (performance.now); init(): ${result.initMs.toFixed(1)} ms`);
    console.log('| document | UTF-16 units | gutenberg-post-parser | reference | speed-up | encodeInto alone |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const row of result.rows) {
      console.log(
        `| ${row.document} | ${row.units} | ${ms(row.ours)} | ${ms(row.reference)} | ${(row.reference / row.ours).toFixed(2)}x | ${ms(row.encodeInto)} |`,
      );
    }
  }
} finally {
  server.close();
}
