// Runs a page in Debian's headless Chromium (/usr/bin/chromium, driven by
// playwright-core: no browser download) with a fresh profile, and returns
// what the page leaves in `window.result`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.GPP_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Opens `url`, waits (up to `timeout` ms) for `window.result`, returns it and
 * the browser's version. `flags`: more command-line flags for Chromium.
 */
export async function runPage(url, timeout = 600_000, flags = []) {
  const profile = mkdtempSync(join(tmpdir(), 'gpp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, ...flags],
  });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(new Error(message.text()));
    });
    await page.goto(url);
    await page.waitForFunction(() => 'result' in window, null, { timeout, polling: 200 });
    const result = await page.evaluate(() => window.result);
    const version = await page.evaluate(() => navigator.userAgent);
    if (result?.error) throw new Error(`the page failed: ${result.error}`);
    if (errors.length > 0) throw errors[0];
    return { result, version };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
