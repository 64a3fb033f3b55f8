// The package's API over the WebAssembly module, shared by every entry point
// (node.mjs, node.cjs, browser.mjs). build.sh writes core.cjs from this file
// for `require`: keep it free of imports, and export only with
// `export function`, `export class` and `export const`.
//
// parse and walk: the string's UTF-16 units go into wasm memory, the core
// parses them and records its constructor calls on a tape (src/tape.rs), and
// `replay` below runs them with slices of the string. serialize: the core
// reads the blocks one value at a time through the module's imports
// (src/reader.rs) and returns the markup. Document, find and edit
// (`createDocuments`) run in a second module, built with find and edit
// (src/document.rs), which only their users load.

/** The default `maxOutputBytes` of `parse`: 64 MiB of text. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Thrown by `parse` when its result would hold more text than
 * `maxOutputBytes` allows: the reference gives every unclosed block the rest
 * of the document, so a small hostile post can expand enormously.
 */
export class ExpansionLimitError extends Error {
  constructor(message, outputBytes, limit) {
    super(message);
    this.name = 'ExpansionLimitError';
    /** How much text (UTF-16 units) the result would hold. */
    this.outputBytes = outputBytes;
    /** The limit it is over. */
    this.limit = limit;
  }
}

/**
 * Thrown by `serialize` for a value that is not a block of the shape `parse`
 * returns; `block` is its position in depth-first order, `path` where it sits
 * (`[0].innerBlocks[2].attrs["a"]`).
 */
export class InvalidBlockError extends TypeError {
  constructor(message, block, path) {
    super(message);
    this.name = 'InvalidBlockError';
    this.block = block;
    this.path = path;
  }
}

// Opcodes of the tape: the list in src/tape.rs, in the same order.
const NULL = 0;
const EMPTY_ATTRS = 1;
const RAW_ATTRS = 2;
const NAME = 3;
const NEW_NAME = 4;
const HTML = 5;
const JOINED = 6;
const DUP = 7;
const LIST = 8;
const BLOCK = 9;
const LEAF = 10;
const WALK = 11;
const FREEFORM = 12;
const NAMED_LEAF = 13;
const ATTRS_LEAF = 14;
const VOID = 15;
const NAMED_VOID = 16;
const ATTRS_VOID = 17;
const TRUE = 18;
const FALSE = 19;
const INT = 20;
const NUMBER = 21;
const KEY = 22;
const NEW_KEY = 23;
const OBJECT = 24;

// Status codes of gpp_parse and gpp_serialize (src/lib.rs).
const OK = 0;
const TOO_LARGE = 1;
const INVALID = 1;
const THREW = 2;

// Answers of the `read` import (src/reader.rs).
const KIND_NULL = 0;
const KIND_FALSE = 1;
const KIND_TRUE = 2;
const KIND_NUMBER = 3;
const KIND_STRING = 4;
const KIND_LIST = 5;
const KIND_MAP = 6;
const KIND_OTHER = 7;
const KIND_THREW = -1;

/** The reference's attributes: `JSON.parse` of the text, `null` when it throws. */
function parseAttrs(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The same 8 bytes as a double and as two words, for `NUMBER`. */
const numberBits = new Uint32Array(2);
const numberValue = new Float64Array(numberBits.buffer);

/**
 * A copy of `text` that is V8's own key string, not a slice that would keep
 * the document it comes from alive in the key table.
 */
function ownKey(text) {
  return Object.keys({ [text]: 0 })[0];
}

/**
 * Builds what words `pc` to `end` of `tape` record, from slices of `doc`;
 * `keys` holds the attribute keys the tape's ids name (`KEY`, `NEW_KEY`).
 */
function replay(tape, pc, end, doc, keys) {
  // The values built so far: `sp` of them (entries past it are stale).
  const stack = [];
  let sp = 0;
  const names = [];
  while (pc < end) {
    switch (tape[pc]) {
      case NULL:
        stack[sp++] = null;
        pc += 1;
        break;
      case EMPTY_ATTRS:
        stack[sp++] = {};
        pc += 1;
        break;
      case RAW_ATTRS:
        stack[sp++] = parseAttrs(doc.slice(tape[pc + 1], tape[pc + 2]));
        pc += 3;
        break;
      case NAME:
        stack[sp++] = names[tape[pc + 1]];
        pc += 2;
        break;
      case NEW_NAME: {
        const written = doc.slice(tape[pc + 2], tape[pc + 3]);
        const name = tape[pc + 4] === 1 ? 'core/' + written : written;
        names[tape[pc + 1]] = name;
        stack[sp++] = name;
        pc += 5;
        break;
      }
      case HTML:
        stack[sp++] = doc.slice(tape[pc + 1], tape[pc + 2]);
        pc += 3;
        break;
      case JOINED: {
        const stop = pc + 2 + 2 * tape[pc + 1];
        let html = '';
        for (let at = pc + 2; at < stop; at += 2) html += doc.slice(tape[at], tape[at + 1]);
        stack[sp++] = html;
        pc = stop;
        break;
      }
      case DUP: {
        const value = stack[sp - 1 - tape[pc + 1]];
        stack[sp++] = value;
        pc += 2;
        break;
      }
      case LIST: {
        const len = tape[pc + 1];
        const items = stack.slice(sp - len, sp);
        sp -= len;
        stack[sp++] = items;
        pc += 2;
        break;
      }
      case BLOCK: {
        const innerContent = stack[--sp];
        const innerHTML = stack[--sp];
        const innerBlocks = stack[--sp];
        const attrs = stack[--sp];
        const blockName = stack[--sp];
        stack[sp++] = { blockName, attrs, innerBlocks, innerHTML, innerContent };
        pc += 1;
        break;
      }
      case LEAF: {
        const innerHTML = doc.slice(tape[pc + 1], tape[pc + 2]);
        const attrs = stack[--sp];
        const blockName = stack[--sp];
        stack[sp++] = { blockName, attrs, innerBlocks: [], innerHTML, innerContent: [innerHTML] };
        pc += 3;
        break;
      }
      case FREEFORM: {
        const innerHTML = doc.slice(tape[pc + 1], tape[pc + 2]);
        stack[sp++] = { blockName: null, attrs: {}, innerBlocks: [], innerHTML, innerContent: [innerHTML] };
        pc += 3;
        break;
      }
      case NAMED_LEAF: {
        const innerHTML = doc.slice(tape[pc + 2], tape[pc + 3]);
        stack[sp++] = {
          blockName: names[tape[pc + 1]],
          attrs: {},
          innerBlocks: [],
          innerHTML,
          innerContent: [innerHTML],
        };
        pc += 4;
        break;
      }
      case ATTRS_LEAF: {
        const attrs = parseAttrs(doc.slice(tape[pc + 2], tape[pc + 3]));
        const innerHTML = doc.slice(tape[pc + 4], tape[pc + 5]);
        stack[sp++] = { blockName: names[tape[pc + 1]], attrs, innerBlocks: [], innerHTML, innerContent: [innerHTML] };
        pc += 6;
        break;
      }
      case VOID: {
        const attrs = stack[--sp];
        const blockName = stack[--sp];
        stack[sp++] = { blockName, attrs, innerBlocks: [], innerHTML: '', innerContent: [] };
        pc += 1;
        break;
      }
      case NAMED_VOID:
        stack[sp++] = { blockName: names[tape[pc + 1]], attrs: {}, innerBlocks: [], innerHTML: '', innerContent: [] };
        pc += 2;
        break;
      case ATTRS_VOID: {
        const attrs = parseAttrs(doc.slice(tape[pc + 2], tape[pc + 3]));
        stack[sp++] = { blockName: names[tape[pc + 1]], attrs, innerBlocks: [], innerHTML: '', innerContent: [] };
        pc += 4;
        break;
      }
      case TRUE:
        stack[sp++] = true;
        pc += 1;
        break;
      case FALSE:
        stack[sp++] = false;
        pc += 1;
        break;
      case INT:
        stack[sp++] = tape[pc + 1] | 0;
        pc += 2;
        break;
      case NUMBER:
        numberBits[0] = tape[pc + 1];
        numberBits[1] = tape[pc + 2];
        stack[sp++] = numberValue[0];
        pc += 3;
        break;
      case KEY:
        stack[sp++] = keys[tape[pc + 1]];
        pc += 2;
        break;
      case NEW_KEY: {
        const key = ownKey(doc.slice(tape[pc + 2], tape[pc + 3]));
        keys[tape[pc + 1]] = key;
        stack[sp++] = key;
        pc += 4;
        break;
      }
      case OBJECT: {
        const base = sp - 2 * tape[pc + 1];
        const object = {};
        for (let at = base; at < sp; at += 2) object[stack[at]] = stack[at + 1];
        sp = base;
        stack[sp++] = object;
        pc += 2;
        break;
      }
      case WALK: {
        const flags = tape[pc + 8];
        const attrs = stack[--sp];
        const blockName = stack[--sp];
        stack[sp++] = {
          depth: tape[pc + 1],
          blockName,
          attrs,
          span: [tape[pc + 2], tape[pc + 3]],
          opener: flags & 1 ? [tape[pc + 4], tape[pc + 5]] : null,
          closer: flags & 2 ? [tape[pc + 6], tape[pc + 7]] : null,
          isVoid: (flags & 4) !== 0,
        };
        pc += 9;
        break;
      }
      default:
        throw new Error(`gutenberg-post-parser: unknown opcode ${tape[pc]} at ${pc}`);
    }
  }
  return stack[sp - 1];
}

/** What `value` is, in words, for error messages. */
function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return typeof value;
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return isPlainObject(value) || !name ? 'an object' : `a ${name}`;
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The limit `parse` passes to the module: 0 for none. */
function outputLimit(options) {
  if (options === undefined) return DEFAULT_MAX_OUTPUT_BYTES;
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`parse: options must be an object, not ${describe(options)}`);
  }
  const limit = options.maxOutputBytes;
  if (limit === undefined) return DEFAULT_MAX_OUTPUT_BYTES;
  if (limit === null || limit === 0 || limit === Infinity) return 0;
  if (typeof limit !== 'number') {
    throw new TypeError(`parse: maxOutputBytes must be a number or null, not ${describe(limit)}`);
  }
  if (!(limit > 0) || !Number.isInteger(limit)) {
    throw new RangeError(`parse: maxOutputBytes must be a positive integer, 0 or null, not ${limit}`);
  }
  return limit;
}

/**
 * How Node copies strings into wasm memory with `Buffer`, as V8 holds them
 * (so lone surrogates stay): UTF-16 units, for documents and for
 * `serialize`'s strings, and a run of a document's units below 0x100 as
 * Latin-1.
 */
export function nodePlatform() {
  let viewed = null;
  let bytes = null;
  let units = null;
  function view(memory) {
    // A view of memory that has grown since is detached: length 0.
    if (viewed !== memory || bytes.length === 0) {
      viewed = memory;
      bytes = Buffer.from(memory.buffer);
      units = new Uint16Array(memory.buffer);
    }
  }
  return {
    /** Writes units `from` to `to` of `text` at byte `at` of `memory`. */
    units(memory, at, text, from, to) {
      view(memory);
      if (to - from > SHORT) {
        bytes.write(from === 0 && to === text.length ? text : text.slice(from, to), at, 'utf16le');
        return;
      }
      // Buffer.write costs more than this loop for short strings.
      const base = (at >>> 1) - from;
      for (let i = from; i < to; i += 1) units[base + i] = text.charCodeAt(i);
    },
    /**
     * Writes the units of `text` from `from` on, up to its first one above
     * 0xff, as Latin-1, one byte each, at byte `at` of `memory`; returns how
     * many. For V8's one-byte strings that is all of them, found at once,
     * and a plain copy.
     */
    latin1(memory, at, text, from) {
      const rest = text.slice(from);
      const wide = rest.search(WIDE);
      const end = wide === -1 ? rest.length : wide;
      view(memory);
      bytes.write(end === rest.length ? rest : rest.slice(0, end), at, end, 'latin1');
      return end;
    },
    /** Whether `doc` goes in as UTF-8 (`utf8`): never. */
    asUtf8: () => false,
    /** Documents up to this long (and one chunk) go in as UTF-16 units in one piece. */
    shortUnits: Infinity,
  };
}

/**
 * Up to this many units, Node copies a string with a loop rather than
 * `Buffer.write` (about 3 ns a unit against a call of about 150 ns).
 */
const SHORT = 64;

/** A UTF-16 unit above 0xff. V8 knows a one-byte string has none without looking. */
const WIDE = /[^\0-\xff]/;

/**
 * How browsers copy strings into wasm memory. `copyUnits` (lib/js-strings.mjs,
 * one per module instance) copies UTF-16 units with the engine's JS String
 * Builtins, where it has them: documents with a unit above 0xff then go in a chunk at a time, as in
 * Node. The rest (all documents, without `copyUnits`) go in as UTF-8 with
 * `TextEncoder.encodeInto`, on the whole string, which is fastest for V8's
 * one-byte strings (a lone surrogate becomes U+FFFD, still one unit, so
 * offsets stay exact, and every value is sliced from the string itself).
 * Without `copyUnits`, `serialize`'s strings, which must keep lone
 * surrogates, and short documents go in unit by unit.
 */
export function browserPlatform(copyUnits = null) {
  const encoder = new TextEncoder();
  let viewed = null;
  let units = null;
  /** Without `copyUnits`: unit by unit. */
  function unitLoop(memory, at, text, from, to) {
    if (viewed !== memory || units.length === 0) {
      viewed = memory;
      units = new Uint16Array(memory.buffer);
    }
    const base = (at >>> 1) - from;
    for (let i = from; i < to; i += 1) units[base + i] = text.charCodeAt(i);
  }
  return {
    units: copyUnits ?? unitLoop,
    latin1: null,
    /** Writes `text` as UTF-8 at byte `at` of `memory`, in `capacity` bytes; returns the bytes written. */
    utf8(memory, at, capacity, text) {
      return encoder.encodeInto(text, new Uint8Array(memory.buffer, at, capacity)).written;
    },
    /** Whether `doc` goes in as UTF-8: without `copyUnits`, or when it has no unit above 0xff (no scan for one-byte strings). */
    asUtf8: (doc) => copyUnits === null || !WIDE.test(doc),
    /**
     * Documents up to this long go in unit by unit in one piece. Without
     * `copyUnits`, as short as Node's own loop (`SHORT`), where
     * `encodeInto`'s fixed cost is most of the copy.
     */
    shortUnits: copyUnits === null ? SHORT : Infinity,
  };
}

let decoder = null;

/** The `len` bytes of UTF-8 at `at` in the memory of `exports`, as a string. */
function utf8At(exports, at, len) {
  // ignoreBOM: keep a leading U+FEFF, which is the markup's own.
  decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  return decoder.decode(new Uint8Array(exports.memory.buffer, at, len));
}

/**
 * Copies `doc` into the module of `exports`, narrowed (src/narrow.rs);
 * returns its length. `chunk` and `unitsAt`: the module's chunk of UTF-16
 * units and where its buffer is.
 */
function copyIn(platform, exports, chunk, unitsAt, doc) {
  const len = doc.length;
  const memory = exports.memory;
  if (!platform.asUtf8(doc)) {
    const bytes = exports.gpp_input(len);
    for (let at = 0; at < len; ) {
      const end = Math.min(len, at + chunk);
      platform.units(memory, unitsAt, doc, at, end);
      const wide = exports.gpp_narrow(at, end - at);
      // A first chunk without a unit above 0xff: the string may be one of
      // V8's one-byte strings, whose Latin-1 is a plain copy. (Looking
      // for such a unit costs nothing in those, but a scan in others.)
      if (platform.latin1 !== null && at === 0 && end < len && !wide) {
        at = end + platform.latin1(memory, bytes + end, doc, end);
        if (at > end) exports.gpp_narrow_latin1(end, at - end);
      } else {
        at = end;
      }
    }
    return len;
  }
  const bytes = exports.gpp_input_utf8(len);
  return exports.gpp_narrow_utf8(platform.utf8(memory, bytes, 3 * len, doc));
}

/**
 * The imports through which the module reads JavaScript values
 * (src/reader.rs), for `serialize` and for `Document`'s attributes;
 * `exportsOf()` is the instance's exports. `run(list, call)` makes `list`
 * handles 0, 1, ... while `call` runs, and rethrows what reading threw.
 */
function createReader(platform, exportsOf) {
  // The values being read, by handle; object identities; what reading threw.
  let table = [];
  let identities = null;
  let thrown = null;
  let doubles = null;
  const imports = {
    read(handle, reply) {
      try {
        const value = table[handle];
        const wasm = exportsOf();
        if (doubles === null || doubles.length === 0) doubles = new Float64Array(wasm.memory.buffer);
        const at = reply >>> 3;
        switch (typeof value) {
          case 'string':
            doubles[at] = value.length;
            return KIND_STRING;
          case 'number':
            doubles[at] = value;
            return KIND_NUMBER;
          case 'boolean':
            return value ? KIND_TRUE : KIND_FALSE;
          case 'object':
            break;
          default:
            return KIND_OTHER;
        }
        if (value === null) return KIND_NULL;
        const list = Array.isArray(value);
        if (!list && !isPlainObject(value)) return KIND_OTHER;
        let id = identities.get(value);
        if (id === undefined) {
          id = identities.size;
          identities.set(value, id);
        }
        doubles[at] = id;
        doubles[at + 2] = table.length;
        if (list) {
          doubles[at + 1] = value.length;
          for (let at = 0; at < value.length; at += 1) table.push(value[at]);
          return KIND_LIST;
        }
        const keys = Object.keys(value);
        doubles[at + 1] = keys.length;
        for (const key of keys) table.push(key, value[key]);
        return KIND_MAP;
      } catch (error) {
        thrown = { error };
        return KIND_THREW;
      }
    },
    read_string(handle, to) {
      const text = table[handle];
      platform.units(exportsOf().memory, to, text, 0, text.length);
    },
    type_name(handle) {
      table.push(describe(table[handle]));
      return table.length - 1;
    },
  };
  return {
    imports,
    /** A new instance: views of the old one's memory are stale. */
    forget() {
      doubles = null;
    },
    run(list, call) {
      table = list.slice();
      identities = new Map();
      thrown = null;
      try {
        return call();
      } finally {
        table = [];
        identities = null;
      }
    },
    /** What the last `run`'s reading threw (once). */
    takeThrown() {
      const { error } = thrown;
      thrown = null;
      return error;
    },
  };
}


/**
 * The API over a compiled module, once `load` has it; `platform` is
 * `nodePlatform()` or `browserPlatform()`.
 */
export function createApi(platform) {
  let module = null;
  let wasm = null;
  let chunk = 0;
  // Where the module's buffer for a chunk of UTF-16 units is, and (in
  // words) where it says where the last tape is: both fixed for an instance.
  let unitsAt = 0;
  let resultAt = 0;
  // Documents up to this long are copied and parsed in one call.
  let short = 0;
  // Views of the module's memory; one of memory that has grown since is
  // detached (length 0). (Reading `memory.buffer` costs more than a parse of
  // a small post.)
  let words = null;
  // The attribute keys the module's tape has made, by id (src/keys.rs): as
  // long-lived as the instance.
  let keys = [];
  // serialize: the JavaScript values the module reads.
  const values = createReader(platform, () => wasm);
  const imports = { gpp: values.imports };

  /** A fresh instance: the old one, and all its memory, become garbage. */
  function instantiate() {
    wasm = null;
    words = null;
    values.forget();
    keys = [];
    wasm = new WebAssembly.Instance(module, imports).exports;
    // The key table's hash seed: a document cannot be written to make the
    // keys of an instance it cannot see collide.
    const seed = new Uint32Array(2);
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(seed);
    else for (let at = 0; at < 2; at += 1) seed[at] = Math.random() * 2 ** 32;
    wasm.gpp_seed(seed[0], seed[1]);
    chunk = wasm.gpp_chunk();
    unitsAt = wasm.gpp_units();
    resultAt = wasm.gpp_result() >>> 2;
    short = Math.min(chunk, platform.shortUnits);
  }

  function ready() {
    if (wasm === null) {
      throw new Error(
        'gutenberg-post-parser: the WebAssembly module is not loaded; call `await init()` first',
      );
    }
    return wasm;
  }

  function text(exports, at) {
    return utf8At(exports, exports.gpp_text(at), exports.gpp_text_len(at));
  }

  /**
   * Parses `doc` in the module and replays the tape. If the module throws (a
   * trap, or running out of memory), the instance may be in any state: a
   * fresh one replaces it.
   */
  function build(doc, limit, walk, caller) {
    if (typeof doc !== 'string') {
      throw new TypeError(`${caller}: document must be a string, not ${describe(doc)}`);
    }
    const exports = ready();
    let status;
    try {
      if (doc.length <= short) {
        // One call: the units go to the chunk buffer, narrowed in the parse.
        platform.units(exports.memory, unitsAt, doc, 0, doc.length);
        status = exports.gpp_parse_units(doc.length, limit, walk);
      } else {
        const len = copyIn(platform, exports, chunk, unitsAt, doc);
        if (len !== doc.length) throw new Error(`gutenberg-post-parser: ${len} units copied of ${doc.length}`);
        status = exports.gpp_parse(len, limit, walk);
      }
    } catch (error) {
      instantiate();
      throw error;
    }
    if (status === TOO_LARGE) {
      throw new ExpansionLimitError(text(exports, 0), exports.gpp_number(0), exports.gpp_number(1));
    }
    if (status !== OK) {
      instantiate();
      throw new Error(`gutenberg-post-parser: internal error ${status}`);
    }
    if (words === null || words.length === 0) words = new Uint32Array(exports.memory.buffer);
    const start = words[resultAt] >>> 2;
    try {
      return replay(words, start, start + words[resultAt + 1], doc, keys);
    } catch (error) {
      // Running out of memory, most likely; the tape's new keys may not all
      // be made, and a fresh instance forgets them.
      instantiate();
      throw error;
    }
  }

  return {
    /** Instantiates `compiled` (a `WebAssembly.Module`). */
    load(compiled) {
      module = compiled;
      instantiate();
    },

    loaded() {
      return wasm !== null;
    },

    parse(doc, options) {
      return build(doc, outputLimit(options), 0, 'parse');
    },

    walk(doc) {
      return build(doc, 0, 1, 'walk');
    },

    serialize(blocks) {
      if (!Array.isArray(blocks)) {
        throw new TypeError(`serialize: blocks must be an array, not ${describe(blocks)}`);
      }
      const exports = ready();
      let status;
      try {
        status = values.run(blocks, () => exports.gpp_serialize(blocks.length));
      } catch (error) {
        instantiate();
        throw error;
      }
      switch (status) {
        case OK:
          return text(exports, 0);
        case INVALID: {
          const message = `serialize: ${text(exports, 0)}`;
          throw new InvalidBlockError(message, exports.gpp_number(0), text(exports, 1));
        }
        case THREW:
          throw values.takeThrown();
        default:
          throw new Error(`gutenberg-post-parser: internal error ${status}`);
      }
    },

    /** Drops the instance and its memory, and makes a fresh one. */
    reset() {
      ready();
      instantiate();
    },

    wasmMemoryBytes() {
      return ready().memory.buffer.byteLength;
    },

    /** Traps inside the module on purpose (for the package's tests). */
    trapForTests() {
      const exports = ready();
      try {
        exports.gpp_trap();
      } catch (error) {
        instantiate();
        throw error;
      }
    },

    defaultMaxOutputBytes() {
      return ready().gpp_default_max_output_bytes();
    },
  };
}

/**
 * The value of an attribute filter of `Document.find` that only asks for the
 * attribute to be present: `doc.find('core/image', { url: ANY })`. A
 * registered symbol, so `import` and `require` share it.
 */
export const ANY = Symbol.for('gutenberg-post-parser.ANY');

/**
 * Thrown by an `Editor` for an edit it refuses: one that overlaps an earlier
 * edit, attributes for freeform HTML, or markup that would change the blocks
 * around it (an unbalanced delimiter, or text that would finish an
 * unfinished delimiter nearby). The message names the edits.
 */
export class EditError extends Error {
  constructor(message) {
    super(message);
    this.name = 'EditError';
  }
}

// What the find module's calls answer (src/document.rs).
const REFUSED = -1;
const BAD_VALUE = -2;
const READ_THREW = -3;
const GONE = -4;
// Numbers per row of `gpp_find` and `gpp_view`, and what they hold.
const ROW = 10;
const NO_OFFSET = 0xffffffff;
/** A lone surrogate: markup the module takes as UTF-8 cannot hold one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// `gpp_edit`'s kinds, in src/document.rs's order.
const SET_ATTRS = 0;
const REPLACE = 1;
const REPLACE_INNER_HTML = 2;
const REMOVE = 3;
const INSERT_BEFORE = 4;
const INSERT_AFTER = 5;

/**
 * `Document`, `BlockView` and `Editor` over the find module
 * (gutenberg_post_parser_find.wasm: the parser with find and edit, kept out
 * of the main module so that `parse` users do not load it). `compile()`
 * gives the compiled module the first time a document needs it (Node reads
 * the file), or is null where `load` must be called first (browsers'
 * `initFind`).
 */
export function createDocuments(platform, compile) {
  let module = null;
  let wasm = null;
  // Counts instances: a document or editor made in an older one is made
  // again, from its string (and its edits), in the current one.
  let generation = 0;
  let chunk = 0;
  let unitsAt = 0;
  let rowsView = null;
  let encoder = null;
  // The string of the document being searched, for the `document_units` import.
  let searched = '';
  const values = createReader(platform, () => wasm);
  const imports = {
    gpp: {
      ...values.imports,
      document_units(start, end, to) {
        platform.units(wasm.memory, to, searched, start, end);
      },
    },
  };
  // Frees a collected document's or editor's slot, unless its instance is gone.
  const collected = new FinalizationRegistry(({ free, handle, made }) => {
    if (made === generation && wasm !== null) wasm[free](handle);
  });

  function instantiate() {
    wasm = null;
    rowsView = null;
    values.forget();
    generation += 1;
    wasm = new WebAssembly.Instance(module, imports).exports;
    chunk = wasm.gpp_chunk();
    unitsAt = wasm.gpp_units();
  }

  function ready() {
    if (wasm === null) {
      if (compile === null) {
        throw new Error(
          'gutenberg-post-parser: the find module is not loaded; call `await initFind()` first',
        );
      }
      module = compile();
      instantiate();
    }
    return wasm;
  }

  /** Runs `call` in the module; a trap (or running out of memory) makes a fresh instance. */
  function guarded(call) {
    const exports = ready();
    try {
      return call(exports);
    } catch (error) {
      instantiate();
      throw error;
    }
  }

  /** `count` numbers of the last answer, copied out of the module's memory. */
  function rows(count) {
    if (rowsView === null || rowsView.buffer !== wasm.memory.buffer) rowsView = new Uint32Array(wasm.memory.buffer);
    const at = wasm.gpp_rows() >>> 2;
    return rowsView.slice(at, at + count);
  }

  function message() {
    return utf8At(wasm, wasm.gpp_text(0), wasm.gpp_text_len(0));
  }

  /** Writes `text` (well-formed) into the module's argument buffer as UTF-8; returns its length. */
  function argument(exports, text) {
    encoder ??= new TextEncoder();
    const at = exports.gpp_argument(3 * text.length);
    return encoder.encodeInto(text, new Uint8Array(exports.memory.buffer, at, 3 * text.length)).written;
  }

  /** Throws what an answer below 0 means. */
  function check(status, caller) {
    switch (status) {
      case REFUSED:
        // The module's offsets are UTF-16 units of the string (those in markup, UTF-8 bytes).
        throw new EditError(`${caller}: ${message().replace(/, bytes (\d+\.\.\d+)\)/g, ', units $1)')}`);
      case BAD_VALUE:
        throw new TypeError(`${caller}: ${message()}`);
      case READ_THREW:
        throw values.takeThrown();
      case GONE:
        throw new Error(`gutenberg-post-parser: ${caller}: the document or editor was freed`);
      default:
        return status;
    }
  }

  /** A document's slot in the current instance, made again after a new instance. */
  function handleOf(state, caller) {
    if (state.freed) throw new Error(`gutenberg-post-parser: ${caller}: the document was freed`);
    if (state.made !== generation || state.handle === 0) {
      const text = state.text;
      state.handle = guarded((exports) => exports.gpp_document(copyIn(platform, exports, chunk, unitsAt, text)));
      state.made = generation;
      collected.unregister(state);
      collected.register(state.owner, { free: 'gpp_document_free', handle: state.handle, made: generation }, state);
    }
    return state.handle;
  }

  function free(state, name) {
    if (state.freed) return;
    state.freed = true;
    collected.unregister(state);
    if (state.made === generation && wasm !== null) wasm[name](state.handle);
  }

  const dispose = Symbol.dispose ?? Symbol.for('Symbol.dispose');
  // A view's document state, for `Editor` to check (set in BlockView's static block).
  let docOf = null;

  /** One block of a `Document`, read lazily from its string. */
  class BlockView {
    #doc;
    // Its numbers: `ROW` of them from `#at` in `#rows` (shared by one find's views).
    #rows;
    #at;
    #attrs;
    constructor(doc, rows, at, key) {
      if (key !== viewKey) throw new TypeError('BlockView: made by Document.find, not by new');
      this.#doc = doc;
      this.#rows = rows;
      this.#at = at;
    }

    static {
      docOf = (view) => (view !== null && typeof view === 'object' && #doc in view ? view.#doc : undefined);
    }

    /** The full name (`core/paragraph`). */
    get name() {
      const [rows, at] = [this.#rows, this.#at];
      const written = this.#doc.text.slice(rows[at + 5], rows[at + 6]);
      return rows[at + 7] === 1 ? 'core/' + written : written;
    }

    /** The attributes, as the reference decodes them (`null` when their JSON is invalid). */
    get attrs() {
      if (this.#attrs === undefined) {
        const [rows, at] = [this.#rows, this.#at];
        this.#attrs = rows[at + 8] === NO_OFFSET ? {} : parseAttrs(this.#doc.text.slice(rows[at + 8], rows[at + 9]));
      }
      return this.#attrs;
    }

    /** The block's HTML without its inner blocks: the reference's `innerHTML`. */
    get innerHTML() {
      const doc = this.#doc;
      const id = this.id;
      const count = check(guarded((exports) => exports.gpp_inner_html(handleOf(doc, 'innerHTML'), id)), 'innerHTML');
      const runs = rows(2 * count);
      let html = '';
      for (let at = 0; at < runs.length; at += 2) html += doc.text.slice(runs[at], runs[at + 1]);
      return html;
    }

    /** `[start, end)` of the whole block in the document's string (UTF-16 units). */
    get span() {
      return [this.#rows[this.#at + 3], this.#rows[this.#at + 4]];
    }

    /** 0 for a top-level block, 1 for its inner blocks, and so on. */
    get depth() {
      return this.#rows[this.#at + 1];
    }

    /** The enclosing block, `null` at the top level. */
    get parent() {
      const parent = this.#rows[this.#at + 2];
      if (parent === 0) return null;
      const doc = this.#doc;
      const depth = this.depth - 1;
      guarded((exports) => check(exports.gpp_view(handleOf(doc, 'parent'), parent - 1, depth), 'parent'));
      return new BlockView(doc, rows(ROW), 0, viewKey);
    }

    /** The document it belongs to. */
    get document() {
      return this.#doc.owner;
    }

    /** Its id in its document (blocks depth-first in document order count from 0). */
    get id() {
      return this.#rows[this.#at];
    }
  }
  const viewKey = Symbol('BlockView');

  /** A post, parsed once, to find blocks in and edit without building them all. */
  class Document {
    #state;
    /** Parses `text` as the reference does. */
    constructor(text) {
      if (typeof text !== 'string') throw new TypeError(`Document: text must be a string, not ${describe(text)}`);
      this.#state = { text, owner: this, handle: 0, made: 0, freed: false };
      handleOf(this.#state, 'Document');
    }

    /** The string it was made from. */
    get text() {
      return this.#state.text;
    }

    /**
     * The blocks whose name matches `name` (`core/paragraph`, `paragraph`
     * for the core namespace, `core/*`, or `*` for every block) and whose
     * attributes equal each value of `attrs` (`ANY`: present with any
     * value), depth-first in document order.
     */
    find(name = '*', attrs = undefined) {
      if (typeof name !== 'string') throw new TypeError(`find: name must be a string, not ${describe(name)}`);
      const words = [name];
      // No prototype: a `__proto__` key is a key like any other.
      const equal = Object.create(null);
      let tests = false;
      if (attrs !== undefined && attrs !== null) {
        if (typeof attrs !== 'object' || Array.isArray(attrs)) {
          throw new TypeError(`find: attrs must be an object, not ${describe(attrs)}`);
        }
        for (const key of Object.keys(attrs)) {
          if (attrs[key] === ANY) words.push(key);
          else {
            equal[key] = attrs[key];
            tests = true;
          }
        }
      }
      const state = this.#state;
      const pattern = JSON.stringify(words);
      const count = guarded((exports) => {
        const handle = handleOf(state, 'find');
        const len = argument(exports, pattern);
        searched = state.text;
        try {
          return values.run([equal], () => exports.gpp_find(handle, len, tests ? 1 : 0));
        } finally {
          searched = '';
        }
      });
      const found = rows(ROW * check(count, 'find'));
      const views = new Array(found.length / ROW);
      for (let at = 0; at < views.length; at += 1) {
        views[at] = new BlockView(state, found, ROW * at, viewKey);
      }
      return views;
    }

    /** A new editor of this document. */
    edit() {
      return new Editor(this.#state, editorKey);
    }

    /**
     * Releases the parse held in the module now, rather than when the
     * document is collected; the document cannot be used after.
     */
    free() {
      free(this.#state, 'gpp_document_free');
    }

    [dispose]() {
      this.free();
    }
  }

  /**
   * Edits of one document, each a splice of its string: every unit outside
   * the edited blocks stays as it was.
   */
  class Editor {
    #doc;
    #state;
    // The edits made, to make them again in a new instance.
    #made = [];
    constructor(doc, key) {
      if (key !== editorKey) throw new TypeError('Editor: made by Document.edit, not by new');
      this.#doc = doc;
      this.#state = { owner: this, handle: 0, made: 0, freed: false };
    }

    #handle(caller) {
      const state = this.#state;
      if (state.freed) throw new Error(`gutenberg-post-parser: ${caller}: the editor was freed`);
      const doc = handleOf(this.#doc, caller);
      if (state.made !== generation || state.handle === 0) {
        state.handle = guarded((exports) => exports.gpp_editor(doc));
        state.made = generation;
        collected.unregister(state);
        collected.register(this, { free: 'gpp_editor_free', handle: state.handle, made: generation }, state);
        for (const [kind, id, value] of this.#made) this.#apply(kind, id, value, 'edit');
      }
      return state.handle;
    }

    #apply(kind, id, value, caller) {
      const status = guarded((exports) => {
        const handle = this.#handle(caller);
        if (kind === SET_ATTRS) return values.run([value], () => exports.gpp_edit(handle, kind, id, 0));
        return exports.gpp_edit(handle, kind, id, argument(exports, value));
      });
      check(status, caller);
    }

    #edit(kind, view, value, caller) {
      if (docOf(view) !== this.#doc) {
        throw new TypeError(`${caller}: expected a BlockView of this editor's document, not ${describe(view)}`);
      }
      if (kind === SET_ATTRS) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new TypeError(`${caller}: attrs must be an object, not ${describe(value)}`);
        }
      } else if (kind !== REMOVE) {
        if (typeof value !== 'string') throw new TypeError(`${caller}: markup must be a string, not ${describe(value)}`);
        if (LONE_SURROGATE.test(value)) throw new TypeError(`${caller}: markup holds a lone surrogate`);
      }
      this.#apply(kind, view.id, value, caller);
      this.#made.push([kind, view.id, value]);
    }

    /** Rewrites the block's opening delimiter with `attrs`, as WordPress writes attributes. */
    setAttrs(view, attrs) {
      this.#edit(SET_ATTRS, view, attrs, 'setAttrs');
    }

    /** Replaces the whole block, delimiters included, with `markup` (balanced block markup). */
    replace(view, markup) {
      this.#edit(REPLACE, view, markup, 'replace');
    }

    /** Replaces what lies between the block's delimiters (a void block gets a closer). */
    replaceInnerHTML(view, html) {
      this.#edit(REPLACE_INNER_HTML, view, html, 'replaceInnerHTML');
    }

    /** Deletes the block. */
    remove(view) {
      this.#edit(REMOVE, view, '', 'remove');
    }

    /** Inserts `markup` just before the block. */
    insertBefore(view, markup) {
      this.#edit(INSERT_BEFORE, view, markup, 'insertBefore');
    }

    /** Inserts `markup` just after the block. */
    insertAfter(view, markup) {
      this.#edit(INSERT_AFTER, view, markup, 'insertAfter');
    }

    /** How many edits were made. */
    get size() {
      return this.#made.length;
    }

    /** The edited text: the document's string with each edit spliced in. */
    text() {
      const source = this.#doc.text;
      const count = check(guarded((exports) => exports.gpp_edited(this.#handle('text'))), 'text');
      const runs = rows(3 * count);
      let out = '';
      for (let at = 0; at < runs.length; at += 3) {
        out += runs[at] === 0 ? source.slice(runs[at + 1], runs[at + 2]) : utf8At(wasm, runs[at + 1], runs[at + 2]);
      }
      return out;
    }

    /** Releases the edits held in the module now; the editor cannot be used after. */
    free() {
      free(this.#state, 'gpp_editor_free');
    }

    [dispose]() {
      this.free();
    }
  }
  const editorKey = Symbol('Editor');

  return {
    Document,
    BlockView,
    Editor,
    /** Instantiates `compiled`, the find module. */
    load(compiled) {
      module = compiled;
      instantiate();
    },
    loaded() {
      return wasm !== null;
    },
    /** Traps inside the find module on purpose (for the package's tests). */
    trapForTests() {
      guarded((exports) => exports.gpp_trap());
    },
  };
}
