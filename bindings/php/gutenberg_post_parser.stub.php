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
}
