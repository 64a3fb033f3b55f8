<?php
/**
 * Stubs of the gutenberg_post_parser extension, for IDEs and static analysis
 * (PHPStan: `stubFiles`, Psalm: `<stubs>`). Never include this file: the
 * extension defines these functions and classes.
 *
 * Block arrays are exactly what WordPress's WP_Block_Parser::parse() returns.
 *
 * @phpstan-type Block array{
 *     blockName: string|null,
 *     attrs: array<array-key, mixed>|null,
 *     innerBlocks: list<array<string, mixed>>,
 *     innerHTML: string,
 *     innerContent: list<string|null>
 * }
 * @phpstan-type WalkEntry array{
 *     blockName: string|null,
 *     attrs: array<array-key, mixed>|null,
 *     depth: int,
 *     start: int,
 *     end: int,
 *     opener: array{int, int}|null,
 *     closer: array{int, int}|null,
 *     void: bool
 * }
 */

namespace {
    /** The default `$max_output_bytes`: 64 MiB. */
    const GUTENBERG_POST_PARSER_DEFAULT_MAX_OUTPUT_BYTES = 67108864;

    /**
     * The blocks of `$document`, exactly as `(new WP_Block_Parser())->parse($document)`
     * returns them (`serialize()` of both is equal): a list of arrays with the
     * keys blockName, attrs (json_decode($text, true) of the attributes: `[]`
     * when absent, null when invalid), innerBlocks, innerHTML and innerContent.
     *
     * Any string parses, also one that is not UTF-8 (its bytes come back
     * unchanged). Unlike WordPress, a block whose attributes hold about 1 MB
     * of `x}` is parsed (PCRE's backtrack limit makes WordPress's parser give
     * up there).
     *
     * @param string $document Block markup (a post's content).
     * @param int|null $max_output_bytes The most bytes of text the result may hold,
     *     unless the document is large (it may always produce 16 times its own
     *     size); 0 or null: no limit. Unclosed blocks each hold the rest of the
     *     document, so a small post can ask for gigabytes.
     * @return list<Block>
     * @throws \GutenbergPostParser\ExpansionLimitException when the result would be over the limit.
     * @throws \GutenbergPostParser\MemoryLimitException when the result would not fit in what memory_limit leaves.
     * @throws \ValueError when $max_output_bytes is negative.
     */
    function gutenberg_post_parser_parse(string $document, ?int $max_output_bytes = 67108864): array {}

    /**
     * `[$blocks, $offset]`: what gutenberg_post_parser_parse() returns, and the
     * `$offset` WP_Block_Parser leaves after parse() (the byte offset just past
     * the last delimiter it consumed; 0 when none). For the WordPress drop-in.
     *
     * @return array{0: list<Block>, 1: int}
     * @throws \GutenbergPostParser\ExpansionLimitException
     * @throws \GutenbergPostParser\MemoryLimitException
     * @throws \ValueError
     */
    function gutenberg_post_parser_parse_state(string $document, ?int $max_output_bytes = 67108864): array {}

    /**
     * Every block of `$document` (freeform HTML runs included) depth-first, in
     * document order, with where it sits: `depth` (0 at the top level), and
     * byte offsets into `$document`: `start`/`end` for the whole block,
     * `opener` and `closer` as `[start, end]` of its delimiters (null when
     * absent). `void` tells a `<!-- wp:name /-->` block.
     *
     * @return list<WalkEntry>
     */
    function gutenberg_post_parser_walk(string $document): array {}

    /** `$offset` as WP_Block_Parser leaves it after parsing `$document`. */
    function gutenberg_post_parser_consumed_end(string $document): int {}

    /**
     * Block markup for `$blocks` in the shape gutenberg_post_parser_parse()
     * returns, with canonical delimiters. Parsing it gives the same blocks,
     * except that null attrs come back as `[]`. Reads blockName, attrs
     * (optional), innerBlocks (optional) and innerContent; strings must be
     * UTF-8.
     *
     * @param list<array<string, mixed>> $blocks
     * @throws \TypeError for a value of the wrong type (the message names the block and where it sits).
     * @throws \ValueError for a missing innerContent, an invalid block name, or an
     *     innerContent without one null per inner block.
     */
    function gutenberg_post_parser_serialize(array $blocks): string {}
}

namespace GutenbergPostParser {
    /** Base class of the extension's exceptions. */
    class Exception extends \RuntimeException {}

    /** The result would hold more text than `$max_output_bytes` allows. */
    class ExpansionLimitException extends Exception {}

    /** The result would not fit in what `memory_limit` leaves (an estimate made before building). */
    class MemoryLimitException extends Exception {}

    /**
     * An edit was refused: it overlaps an earlier edit of the same editor, or
     * its markup would change the blocks around it (unbalanced delimiters,
     * text that would finish an unfinished delimiter nearby). The message
     * names the edit and, for an overlap, the earlier one.
     */
    class EditException extends Exception {}

    /**
     * A post parsed as WP_Block_Parser parses it, for finding blocks and
     * editing them in place without building every block array. Keeps a
     * reference to `$text` (not a copy).
     */
    final class Document
    {
        /** The string this document was parsed from. */
        public readonly string $text;

        /**
         * Parses `$text` (any bytes, as gutenberg_post_parser_parse()).
         *
         * @throws \TypeError when `$text` is not a string.
         */
        public function __construct(string $text) {}

        /**
         * The blocks named `$name` whose attributes equal each entry of
         * `$attrs` and have each key listed in `$has`, depth-first in document
         * order (the order of gutenberg_post_parser_parse()'s blocks). Names
         * match in full (`core/paragraph`), in the `core` namespace
         * (`paragraph`), by namespace (`core/*`) or all (`*`). Values compare as
         * JSON values: numbers as floats (`1` equals `1.0`), arrays entry by
         * entry. Attributes that json_decode refuses (null attrs) match no
         * filter.
         *
         * @param array<string, mixed>|null $attrs
         * @param list<string>|null $has
         * @return list<BlockView>
         * @throws \TypeError for a filter value JSON cannot hold.
         */
        public function find(string $name = '*', ?array $attrs = null, ?array $has = null): array {}

        /** A new editor of this document. */
        public function edit(): Editor {}
    }

    /**
     * One block Document::find() found. Attributes and HTML are made when read,
     * exactly as gutenberg_post_parser_parse() makes them.
     */
    final class BlockView
    {
        /** The full block name (`core/paragraph`), as `blockName`. */
        public readonly string $name;
        /**
         * `attrs` as gutenberg_post_parser_parse() gives them: `[]` when absent,
         * null when json_decode refuses them.
         *
         * @var array<array-key, mixed>|null
         */
        public readonly ?array $attrs;
        /** `innerHTML`: the HTML between the delimiters, inner blocks left out. */
        public readonly string $inner_html;
        /**
         * Byte offsets of the whole block, delimiters included:
         * `substr($document->text, $start, $end - $start)`.
         *
         * @var array{int, int}
         */
        public readonly array $span;
        /** 0 for a top-level block, 1 for its inner blocks, and so on. */
        public readonly int $depth;
        /** The enclosing block; null at the top level. */
        public readonly ?BlockView $parent;
    }

    /**
     * Edits to one document. Each edit replaces one byte range of the text;
     * text() splices them in, and every byte outside them stays as it was.
     * Markup given to an edit must be UTF-8 (a \ValueError otherwise).
     */
    final class Editor
    {
        /**
         * Rewrites the opening delimiter of `$view` with `$attrs`, written as
         * gutenberg_post_parser_serialize() writes attributes (`@wordpress/blocks`'
         * serializeAttributes: a float with no fraction, 1.0, is written `1`);
         * `[]` leaves no attributes. The name is kept as written.
         *
         * @param array<string, mixed> $attrs
         * @throws EditException
         * @throws \TypeError for a value JSON cannot hold.
         * @throws \ValueError for a view of another document.
         */
        public function set_attrs(BlockView $view, array $attrs): void {}

        /**
         * Replaces `$view`, delimiters included, with `$markup` (balanced block markup).
         *
         * @throws EditException
         * @throws \ValueError
         */
        public function replace(BlockView $view, string $markup): void {}

        /**
         * Replaces what lies between the delimiters of `$view` (inner blocks
         * included) with `$html`; a void block gets a closer.
         *
         * @throws EditException
         * @throws \ValueError
         */
        public function replace_inner_html(BlockView $view, string $html): void {}

        /**
         * Removes `$view`, delimiters and inner blocks included.
         *
         * @throws EditException
         * @throws \ValueError
         */
        public function remove(BlockView $view): void {}

        /**
         * Inserts `$markup` just before `$view`.
         *
         * @throws EditException
         * @throws \ValueError
         */
        public function insert_before(BlockView $view, string $markup): void {}

        /**
         * Inserts `$markup` just after `$view`.
         *
         * @throws EditException
         * @throws \ValueError
         */
        public function insert_after(BlockView $view, string $markup): void {}

        /** The edited text: one copy of the document's bytes with each edit spliced in. */
        public function text(): string {}
    }
}
