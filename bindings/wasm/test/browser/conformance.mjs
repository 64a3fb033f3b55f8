// Runs in Chromium (chromium.test.mjs): the package's browser entry point,
// checked against the reference parser in the same page. Leaves
// `window.result`: what was checked and every difference found.
import {
  ANY,
  Document,
  EditError,
  ExpansionLimitError,
  init,
  initFind,
  initSync,
  parse,
  reset,
  serialize,
  walk,
  wasmMemoryBytes,
} from 'gutenberg-post-parser';
import { browserPlatform, createApi } from '/pkg/lib/core.mjs';
import { builtinUnitCopier } from '/pkg/lib/js-strings.mjs';
import { parse as reference } from '/reference/index.mjs';

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};

async function main() {
  // Before init(), parse says what to do.
  try {
    parse('');
    check(false, 'parse before init() did not throw');
  } catch (error) {
    check(/init\(\)/.test(error.message), `parse before init(): ${error.message}`);
  }
  await init(); // fetches gutenberg_post_parser.wasm from beside browser.mjs
  await init(); // a second call does nothing

  const documents = await (await fetch('/data/documents')).json();
  let walked = 0;
  for (const [name, text] of documents) {
    const ours = parse(text, { maxOutputBytes: null });
    const theirs = reference(text);
    check(JSON.stringify(ours) === JSON.stringify(theirs), `parse: ${name}`);
    const entries = walk(text);
    for (const entry of entries) {
      if (entry.blockName === null) continue;
      walked += 1;
      const opener = text.slice(...entry.opener);
      check(opener.startsWith('<!--') && opener.endsWith('-->'), `walk: ${name} at ${entry.opener}`);
    }
  }

  // Both ways a browser copies a document in, on every document and on every
  // UTF-16 unit: the JS String Builtins (this Chromium has them, so `parse`
  // above used them for documents with a unit above 0xff, and encodeInto for
  // the rest) and, without them, encodeInto for all.
  const copyUnits = builtinUnitCopier();
  check(copyUnits !== null, 'no JS String Builtins in this Chromium');
  const bytes = await (await fetch('/pkg/lib/gutenberg_post_parser.wasm')).arrayBuffer();
  const compiled = new WebAssembly.Module(bytes);
  const everyUnit = Array.from({ length: 0x10000 }, (_, unit) => String.fromCharCode(unit));
  const oneByte = everyUnit
    .slice(0, 0x100)
    .map((c) => `<!--${c}wp:a${c}{"k":"${c}"}${c}/-->${c}<!--${c.repeat(17)}wp:b -->\n`)
    .join('')
    .repeat(3);
  const unitDocuments = [
    ['every unit', everyUnit.map((c) => `<!--${c}wp:a${c}{"k":"${c}"}${c}/-->${c}<!-- wp:b${c} -->${c}<!-- /wp:b -->\n`).join('')],
    ['every unit below 0x100, longer than a chunk', oneByte],
    ['a unit above 0xff after more than a chunk', `${oneByte}\u0100${oneByte}`],
  ];
  if (copyUnits !== null) {
    const memory = new WebAssembly.Memory({ initial: 4 });
    copyUnits(memory, 0, everyUnit.join(''), 0, everyUnit.length);
    const copied = new Uint16Array(memory.buffer, 0, everyUnit.length);
    check(copied.every((unit, at) => unit === at), 'builtins: every unit copied as it is');
  }
  for (const [way, copier] of [['builtins', builtinUnitCopier], ['encodeInto', () => null]]) {
    const api = createApi(browserPlatform(copier()));
    api.load(compiled);
    for (const [name, text] of [...unitDocuments, ...documents]) {
      const same = JSON.stringify(api.parse(text, { maxOutputBytes: null })) === JSON.stringify(reference(text));
      check(same, `parse (${way}): ${name}`);
    }
    // serialize reads attribute strings as units, lone surrogates included.
    const units = everyUnit.join('');
    const [block] = reference(api.serialize([{ blockName: 'a', attrs: { units }, innerBlocks: [], innerHTML: '', innerContent: [] }]));
    check(block.attrs.units === units, `serialize (${way}): every unit in an attribute`);
  }

  // Document: before initFind() it says what to do; then, on every document,
  // find() gives walk's named blocks, and an attribute edit re-parses (by the
  // reference) to the new attributes, every other unit untouched.
  try {
    new Document('');
    check(false, 'Document before initFind() did not throw');
  } catch (error) {
    check(/initFind\(\)/.test(error.message), `Document before initFind(): ${error.message}`);
  }
  await initFind(); // fetches gutenberg_post_parser_find.wasm from beside browser.mjs
  let found = 0;
  for (const [name, text] of documents) {
    const doc = new Document(text);
    const views = doc.find();
    const named = walk(text).filter((entry) => entry.blockName !== null);
    check(views.length === named.length, `find: ${name}`);
    for (const [at, view] of views.entries()) {
      const entry = named[at];
      const same = view.name === entry.blockName && JSON.stringify(view.span) === JSON.stringify(entry.span);
      check(same && JSON.stringify(view.attrs) === JSON.stringify(entry.attrs), `find: ${name} block ${at}`);
      found += 1;
    }
    const first = views[0];
    if (first === undefined || first.attrs === null) continue;
    check(doc.find(first.name, { ...first.attrs }).some((view) => view.id === first.id), `find by attrs: ${name}`);
    const editor = doc.edit();
    try {
      editor.setAttrs(first, { ...first.attrs, edited: 'é\ud800' });
    } catch (error) {
      // Refused where the text before it has an unfinished delimiter the edit could finish.
      check(error instanceof EditError && /unfinished|could finish|never end/.test(error.message), `edit: ${name}: ${error}`);
      continue;
    }
    const edited = editor.text();
    check(edited.slice(0, first.span[0]) === text.slice(0, first.span[0]), `edit prefix: ${name}`);
    const again = new Document(edited).find(first.name, { edited: ANY });
    check(again.length >= 1 && again[0].attrs.edited === 'é\ud800', `edit: ${name}`);
  }
  check(found > 1000, `${found} blocks found`);

  // Lone surrogates stay, wherever they are.
  const lone = '\ud800<!-- wp:p {"a":"\ud800","b":"\\udc00"} -->\udfff<!-- /wp:p -->';
  check(JSON.stringify(parse(lone)) === JSON.stringify(reference(lone)), 'lone surrogates');
  check(parse(lone)[1].attrs.a === '\ud800', 'lone surrogate in attrs');

  // serialize: the reference reads the markup back as the same blocks.
  const simple = '<!-- wp:group {"x":"\ud800"} --><div><!-- wp:image {"id":1} /--></div><!-- /wp:group -->';
  const markup = serialize(reference(simple));
  check(markup === simple.replace('\ud800', '\\ud800'), `serialize: ${markup}`);
  check(JSON.stringify(reference(markup)) === JSON.stringify(reference(simple)), 'serialize round trip');

  try {
    parse('<!-- wp:group -->x<!-- wp:a /-->'.repeat(20_000));
    check(false, 'no ExpansionLimitError');
  } catch (error) {
    check(error instanceof ExpansionLimitError, `ExpansionLimitError: ${error}`);
  }

  // A trap leaves the module usable (a second instance of the same code).
  const api = createApi(browserPlatform(builtinUnitCopier()));
  api.load(compiled);
  try {
    api.trapForTests();
    check(false, 'no trap');
  } catch (error) {
    check(error instanceof WebAssembly.RuntimeError, `trap: ${error}`);
  }
  check(JSON.stringify(api.parse(simple)) === JSON.stringify(reference(simple)), 'parse after a trap');

  // initSync (a no-op once loaded) and reset release memory.
  initSync(bytes);
  const grown = wasmMemoryBytes();
  reset();
  check(wasmMemoryBytes() <= grown, 'reset');
  check(JSON.stringify(parse(simple)) === JSON.stringify(reference(simple)), 'parse after reset');

  return { documents: documents.length, walked, failures, userAgent: navigator.userAgent };
}

main().then(
  (result) => {
    window.result = result;
  },
  (error) => {
    window.result = { error: String(error?.stack ?? error) };
  },
);
