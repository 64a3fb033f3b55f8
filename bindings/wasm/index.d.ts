/// <reference lib="esnext.disposable" />
// Types of the gutenberg-post-parser package: the same for every entry point
// (Node's `import` and `require`, browsers and bundlers).

/** A value of a block's attributes: what `JSON.parse` makes. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** A block's attributes: `null` when their JSON is invalid. */
export type Attributes = { [key: string]: JSONValue } | null;

/** A block, exactly as `@wordpress/block-serialization-default-parser` returns it. */
export interface ParsedBlock {
  /** The full name (`core/paragraph`), or `null` for freeform HTML. */
  blockName: string | null;
  attrs: Attributes;
  innerBlocks: ParsedBlock[];
  /** The block's HTML without its inner blocks. */
  innerHTML: string;
  /** The HTML runs, with `null` where each inner block sits. */
  innerContent: Array<string | null>;
}

/** What `serialize` reads: `innerHTML` is not needed. */
export interface SerializableBlock {
  blockName: string | null;
  attrs: Attributes;
  innerBlocks: readonly SerializableBlock[];
  innerContent: ReadonlyArray<string | null>;
}

export interface ParseOptions {
  /**
   * The most text (in UTF-16 units) the result may hold; a document may
   * always produce 16 times its own length. Default:
   * `DEFAULT_MAX_OUTPUT_BYTES`; `null`, `0` or `Infinity`: no limit.
   */
  maxOutputBytes?: number | null;
}

/** `[start, end)` offsets into the document string (UTF-16 units). */
export type Span = [start: number, end: number];

/** One block met by `walk`, with where it sits in the document. */
export interface WalkEntry {
  /** 0 for a top-level block, 1 for its inner blocks, and so on. */
  depth: number;
  blockName: string | null;
  attrs: Attributes;
  /** The whole block, delimiters included: `document.slice(...span)`. */
  span: Span;
  /** The opening (or void) delimiter; `null` for freeform HTML. */
  opener: Span | null;
  /** The closing delimiter; `null` when nothing closed the block. */
  closer: Span | null;
  /** Whether the block was written as a void delimiter (`<!-- wp:x /-->`). */
  isVoid: boolean;
}

/** The default `maxOutputBytes`: 64 MiB. */
export const DEFAULT_MAX_OUTPUT_BYTES: number;

/**
 * The blocks of `document`, exactly as the reference parser returns them
 * (lone surrogates included). Throws `TypeError` when `document` is not a
 * string, `ExpansionLimitError` when the result would hold more text than
 * `maxOutputBytes` allows.
 */
export function parse(document: string, options?: ParseOptions): ParsedBlock[];

/** Every block of `document` depth-first in document order, with offsets. */
export function walk(document: string): WalkEntry[];

/**
 * Block markup for blocks in the shape `parse` returns; parsing it gives the
 * same blocks back. Throws `TypeError` when `blocks` is not an array,
 * `InvalidBlockError` for a value of the wrong shape.
 */
export function serialize(blocks: readonly SerializableBlock[]): string;

/**
 * Loads the WebAssembly module (browsers; in Node it is loaded on import and
 * this does nothing). Default source: the `.wasm` file beside the module.
 */
export function init(
  source?: string | URL | Request | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module,
): Promise<void>;

/** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(source: BufferSource | WebAssembly.Module): void;

/**
 * Replaces the module's instance with a fresh one, releasing its linear
 * memory (which grows to fit the largest document parsed and never shrinks).
 */
export function reset(): void;

/** The current size of the module's linear memory, in bytes. */
export function wasmMemoryBytes(): number;

/** Thrown by `parse` when the result would hold more text than `maxOutputBytes` allows. */
export class ExpansionLimitError extends Error {
  readonly name: 'ExpansionLimitError';
  /** How much text (UTF-16 units) the result would hold. */
  readonly outputBytes: number;
  /** The limit it is over. */
  readonly limit: number;
}

/** Thrown by `serialize` for a value that is not a block of the shape `parse` returns. */
export class InvalidBlockError extends TypeError {
  readonly name: 'InvalidBlockError';
  /** The block's position in depth-first order (0: the first block). */
  readonly block: number;
  /** Where the value sits: `[0].innerBlocks[2].attrs["a"]`. */
  readonly path: string;
}

/** Tests only that an attribute is present, in `Document.find`'s `attrs`. */
export const ANY: unique symbol;

/** An attribute filter of `Document.find`: a value to equal, or `ANY`. */
export type AttrFilter = { [key: string]: JSONValue | typeof ANY };

/**
 * A post parsed once, to find blocks in and edit without building every
 * block's objects. Lives in the find module (`gutenberg_post_parser_find.wasm`),
 * which Node loads with the first `Document` and browsers with `initFind()`.
 * Its parse stays in the module until the document is collected or `free()`d.
 */
export class Document {
  /** Parses `text` as the reference does. Throws `TypeError` when it is not a string. */
  constructor(text: string);
  /** The string it was made from. */
  readonly text: string;
  /**
   * The blocks whose name matches `name` (`core/paragraph`; `paragraph` for
   * the core namespace; `core/*`; `*`, the default, for every block) and whose
   * attributes equal each value of `attrs` (numbers as numbers, objects
   * whatever the order of their keys; `ANY`: present), depth-first in document
   * order. Throws `TypeError` for a filter value JSON cannot hold.
   */
  find(name?: string, attrs?: AttrFilter | null): BlockView[];
  /** A new editor of this document. */
  edit(): Editor;
  /** Releases the parse now; the document cannot be used after. */
  free(): void;
  [Symbol.dispose](): void;
}

/** One block of a `Document`; its values are read from the string when asked for. */
export class BlockView {
  private constructor();
  /** The full name (`core/paragraph`). */
  readonly name: string;
  /** The attributes, exactly as the reference's `parse` gives them (`null` for invalid JSON). */
  readonly attrs: Attributes;
  /** The block's HTML without its inner blocks: the reference's `innerHTML`. */
  readonly innerHTML: string;
  /** The whole block, delimiters included: `document.text.slice(...span)`. */
  readonly span: Span;
  /** 0 for a top-level block, 1 for its inner blocks, and so on. */
  readonly depth: number;
  /** The enclosing block, `null` at the top level. */
  readonly parent: BlockView | null;
  /** The document it belongs to. */
  readonly document: Document;
  /** Its number in its document. */
  readonly id: number;
}

/**
 * Edits of one document, each a splice of its string: every unit outside the
 * edited blocks stays as it was. Refused edits throw `EditError` and change
 * nothing; a view of another document, markup that is not a string or holds a
 * lone surrogate, and attributes JSON cannot hold throw `TypeError`.
 */
export class Editor {
  private constructor();
  /** Rewrites the block's opening delimiter with `attrs`, as WordPress's `serializeAttributes` writes them. */
  setAttrs(view: BlockView, attrs: { [key: string]: JSONValue }): void;
  /** Replaces the whole block, delimiters included, with balanced block markup. */
  replace(view: BlockView, markup: string): void;
  /** Replaces what lies between the block's delimiters; a void block gets a closer. */
  replaceInnerHTML(view: BlockView, html: string): void;
  /** Deletes the block, delimiters included. */
  remove(view: BlockView): void;
  /** Inserts balanced block markup just before the block. */
  insertBefore(view: BlockView, markup: string): void;
  /** Inserts balanced block markup just after the block. */
  insertAfter(view: BlockView, markup: string): void;
  /** How many edits were made. */
  readonly size: number;
  /** The document's string with every edit spliced in. */
  text(): string;
  /** Releases the edits now; the editor cannot be used after. */
  free(): void;
  [Symbol.dispose](): void;
}

/**
 * Thrown by an `Editor` for an edit it refuses: it overlaps an earlier edit,
 * sets attributes of freeform HTML, or its markup would change the blocks
 * around it. The message names the edits (offsets in UTF-16 units).
 */
export class EditError extends Error {
  readonly name: 'EditError';
}

/**
 * Loads the find module in browsers (in Node it loads with the first
 * `Document`, and this does nothing). Default source: the `.wasm` beside the module.
 */
export function initFind(
  source?: string | URL | Request | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module,
): Promise<void>;

/** Loads the find module synchronously from its bytes or a compiled module (browsers). */
export function initFindSync(source: BufferSource | WebAssembly.Module): void;
