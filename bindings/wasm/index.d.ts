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
