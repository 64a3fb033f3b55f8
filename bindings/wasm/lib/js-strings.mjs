// Copying a string's UTF-16 units into wasm memory through the JS String
// Builtins (`wasm:js-string`, in Chromium since 130 and Firefox since 134): a
// module of 247 bytes, assembled here, that asks the engine itself for the
// units, about 1.5 ns a unit in Chromium. Browsers have no other fast way to
// the units of a string that has any above 0xff: `TextEncoder.encodeInto`
// takes about 2.7 ns a unit for those, and a `charCodeAt` loop about 3 ns.

/** Unsigned LEB128. */
function leb(value) {
  const bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

const name = (text) => [...leb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
const vector = (items) => [...leb(items.length), ...items.flat()];
const section = (id, body) => [id, ...leb(body.length), ...body];

const I32 = 0x7f;
const EXTERNREF = 0x6f;
/** `(ref null 0)`: the module's array of i16. */
const UNITS_REF = [0x63, 0x00];

/**
 * The module: `copy(text, from, to, at)` writes units `from` to `to` of
 * `text` at byte `at` of the imported memory. The engine copies them into an
 * `(array (mut i16))` kept between calls (`intoCharCodeArray` of a
 * `substring`), and a loop stores them into memory.
 */
function moduleBytes() {
  const types = vector([
    [0x5e, 0x77, 0x01], // 0: (array (mut i16))
    [0x60, 3, EXTERNREF, ...UNITS_REF, I32, 1, I32], // 1: intoCharCodeArray
    [0x60, 3, EXTERNREF, I32, I32, 1, 0x64, EXTERNREF], // 2: substring, to (ref extern)
    [0x60, 4, EXTERNREF, I32, I32, I32, 0], // 3: copy
  ]);
  const imports = vector([
    [...name('wasm:js-string'), ...name('intoCharCodeArray'), 0x00, 1], // func 0
    [...name('wasm:js-string'), ...name('substring'), 0x00, 2], // func 1
    [...name('env'), ...name('memory'), 0x02, 0x00, 0x00],
  ]);
  const functions = vector([[3]]); // func 2: copy
  const globals = vector([[...UNITS_REF, 0x01, 0xd0, 0x00, 0x0b]]); // mutable, ref.null
  const exports = vector([[...name('copy'), 0x00, 2]]);
  // Parameters: 0 text, 1 from, 2 to, 3 at; locals: 4 count, 5 i, 6 the array.
  const body = [
    ...vector([
      [2, I32],
      [1, ...UNITS_REF],
    ]),
    // count = to - from; the array = the kept one, or a new one if it is null or short.
    0x20, 2, 0x20, 1, 0x6b, 0x21, 4,
    0x23, 0, 0x21, 6,
    0x02, 0x40,
    0x20, 6, 0xd1, 0x45, 0x04, 0x40, // if not null
    0x20, 6, 0xfb, 0x0f, 0x20, 4, 0x4f, 0x0d, 1, // long enough: keep it
    0x0b,
    0x20, 4, 0xfb, 0x07, 0x00, 0x21, 6, 0x20, 6, 0x24, 0,
    0x0b,
    // intoCharCodeArray(substring(text, from, to), array, 0)
    0x20, 0, 0x20, 1, 0x20, 2, 0x10, 1, 0x20, 6, 0x41, 0, 0x10, 0, 0x1a,
    // for (i = 0; i < count; i++, at += 2) memory[at] = array[i]
    0x02, 0x40, 0x03, 0x40,
    0x20, 5, 0x20, 4, 0x4f, 0x0d, 1,
    0x20, 3, 0x20, 6, 0x20, 5, 0xfb, 0x0d, 0x00, 0x3b, 0x01, 0x00,
    0x20, 3, 0x41, 2, 0x6a, 0x21, 3,
    0x20, 5, 0x41, 1, 0x6a, 0x21, 5,
    0x0c, 0, 0x0b, 0x0b,
    0x0b,
  ];
  const code = vector([[...leb(body.length), ...body]]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(6, globals),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** The compiled module; null where the engine has no JS String Builtins; undefined until tried. */
let compiled;

function compiledModule() {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes(), { builtins: ['js-string'] });
      // Without the builtins, the `wasm:js-string` imports are missing: this throws.
      new WebAssembly.Instance(compiled, { env: { memory: new WebAssembly.Memory({ initial: 0 }) } });
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * A function `(memory, at, text, from, to)`, as a platform's `units`
 * (lib/core.mjs), that writes units `from` to `to` of `text` at byte `at` of
 * `memory` (a `WebAssembly.Memory`); or `null` where the engine has no JS
 * String Builtins. Each copier binds one instance of the module to the
 * memory it last wrote to: give each module instance its own copier.
 */
export function builtinUnitCopier() {
  const module = compiledModule();
  if (module === null) return null;
  let bound = null;
  let copy = null;
  return (memory, at, text, from, to) => {
    if (bound !== memory) {
      copy = new WebAssembly.Instance(module, { env: { memory } }).exports.copy;
      bound = memory;
    }
    copy(text, from, to, at);
  };
}
