// The package's API over the WebAssembly module, shared by every entry point
// (node.mjs, node.cjs, browser.mjs). build.sh writes core.cjs from this file
// for `require`: keep it free of imports, and export only with
// `export function`, `export class` and `export const`.
//
// parse and walk: the string's UTF-16 units go into wasm memory, the core
// parses them and records its constructor calls on a tape (src/tape.rs), and
// `replay` below runs them with slices of the string. serialize: the core
// reads the blocks one value at a time through the module's imports
// (src/reader.rs) and returns the markup.

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
    utf8: null,
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
 * How browsers copy strings into wasm memory. Documents go in as UTF-8 with
 * `TextEncoder.encodeInto`, on the whole string: the fastest way measured in
 * Chromium (a lone surrogate becomes U+FFFD, still one unit, so offsets stay
 * exact, and every value is sliced from the string itself). `serialize`'s
 * strings, which must keep lone surrogates, go in unit by unit.
 */
export function browserPlatform() {
  const encoder = new TextEncoder();
  let viewed = null;
  let units = null;
  return {
    units(memory, at, text, from, to) {
      if (viewed !== memory || units.length === 0) {
        viewed = memory;
        units = new Uint16Array(memory.buffer);
      }
      const base = (at >>> 1) - from;
      for (let i = from; i < to; i += 1) units[base + i] = text.charCodeAt(i);
    },
    /** Writes `text` as UTF-8 at byte `at` of `memory`, in `capacity` bytes; returns the bytes written. */
    utf8(memory, at, capacity, text) {
      return encoder.encodeInto(text, new Uint8Array(memory.buffer, at, capacity)).written;
    },
    /**
     * Documents up to this long go in unit by unit, the rest as UTF-8: as
     * short as Node's own loop (`SHORT`), where `encodeInto`'s fixed cost
     * is most of the copy.
     */
    shortUnits: SHORT,
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
  let doubles = null;
  let decoder = null;
  // The attribute keys the module's tape has made, by id (src/keys.rs): as
  // long-lived as the instance.
  let keys = [];
  // serialize: the values being read, by handle; object identities; what the
  // module's reading threw.
  let table = [];
  let identities = null;
  let thrown = null;

  const imports = {
    gpp: {
      read(handle, reply) {
        try {
          const value = table[handle];
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
        platform.units(wasm.memory, to, text, 0, text.length);
      },
      type_name(handle) {
        table.push(describe(table[handle]));
        return table.length - 1;
      },
    },
  };

  /** A fresh instance: the old one, and all its memory, become garbage. */
  function instantiate() {
    wasm = null;
    words = null;
    doubles = null;
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
    // ignoreBOM: keep a leading U+FEFF, which is the markup's own.
    decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
    const bytes = new Uint8Array(exports.memory.buffer, exports.gpp_text(at), exports.gpp_text_len(at));
    return decoder.decode(bytes);
  }

  /** Copies `doc` into the module, narrowed; returns its length. */
  function copyIn(exports, doc) {
    const len = doc.length;
    const memory = exports.memory;
    if (platform.utf8 === null) {
      const bytes = exports.gpp_input(len);
      for (let at = 0; at < len; ) {
        const end = Math.min(len, at + chunk);
        platform.units(memory, unitsAt, doc, at, end);
        const wide = exports.gpp_narrow(at, end - at);
        // A first chunk without a unit above 0xff: the string may be one of
        // V8's one-byte strings, whose Latin-1 is a plain copy. (Looking
        // for such a unit costs nothing in those, but a scan in others.)
        if (at === 0 && end < len && !wide) {
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
        const len = copyIn(exports, doc);
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
      table = blocks.slice();
      identities = new Map();
      thrown = null;
      let status;
      try {
        status = exports.gpp_serialize(blocks.length);
      } catch (error) {
        instantiate();
        throw error;
      } finally {
        table = [];
        identities = null;
      }
      switch (status) {
        case OK:
          return text(exports, 0);
        case INVALID: {
          const message = `serialize: ${text(exports, 0)}`;
          throw new InvalidBlockError(message, exports.gpp_number(0), text(exports, 1));
        }
        case THREW: {
          const { error } = thrown;
          thrown = null;
          throw error;
        }
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
