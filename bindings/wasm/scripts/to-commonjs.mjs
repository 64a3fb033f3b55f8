// Writes a CommonJS copy of an ES module written in the style of lib/core.mjs
// (no imports; exports only as `export function`, `export class` and
// `export const` at the start of a line), for `require`:
//
//   node scripts/to-commonjs.mjs lib/core.mjs lib/core.cjs
//
// Anything else that looks like module syntax is refused, so the copy can
// never silently differ from the module.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [from, to] = process.argv.slice(2);
const source = readFileSync(from, 'utf8');
const names = [];
const body = source.replace(/^export (function|class|const) ([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
  names.push(name);
  return `${kind} ${name}`;
});
const leftover = /^\s*(import|export)\b|import\.meta/m.exec(body);
if (leftover) {
  throw new Error(`${from}: cannot convert "${leftover[0].trim()}" to CommonJS`);
}
const header = `'use strict';\n// Written by scripts/to-commonjs.mjs from ${basename(from)}: edit that file instead.\n`;
writeFileSync(to, `${header}${body}\nmodule.exports = { ${names.join(', ')} };\n`);
