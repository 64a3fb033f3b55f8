// The package in a real browser: Debian's headless Chromium loads the browser
// entry point from 127.0.0.1 and compares it with the reference in the page
// (conformance.mjs) on every shared document, every fixture and generated
// documents.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { fixtureCases, generatedDocuments, realDocuments, sharedDocuments } from '../helpers.mjs';
import { CHROMIUM, runPage } from './chromium.mjs';
import { serve } from './server.mjs';

test('Chromium: the browser entry point equals the reference in the same page', { timeout: 900_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (bindings/wasm/test.sh does)`);
  const documents = [
    ...sharedDocuments(),
    ...realDocuments(),
    ...fixtureCases(),
    ...generatedDocuments(99, 500).map((text, at) => [`generated ${at}`, text]),
  ];
  const { url, server } = await serve({ documents });
  try {
    const { result } = await runPage(`${url}/page/conformance.html`);
    assert.equal(result.documents, documents.length);
    assert.ok(result.walked > 10_000, `${result.walked} blocks walked`);
    assert.deepEqual(result.failures, []);
  } finally {
    server.close();
  }
});
