<?php
/**
 * Plugin Name: Gutenberg Post Parser
 * Description: Parses block markup with the gutenberg_post_parser PHP extension (Rust) instead of WP_Block_Parser; same output. Does nothing unless the extension is loaded.
 * Version: 0.1.0
 * License: MIT OR Apache-2.0
 *
 * A must-use plugin: copy this file into wp-content/mu-plugins/. It defines
 * Gutenberg_Post_Parser_Block_Parser, a WP_Block_Parser whose parse() uses the
 * extension, and hands its name to WordPress through the block_parser_class
 * filter (which parse_blocks() applies) only when the extension is loaded.
 *
 * The result of parse() and the parser's state afterwards ($document,
 * $offset, $output, $stack) are WordPress's own. It falls back to
 * WP_Block_Parser (same output, WordPress's speed):
 * - when the document is not a string (WordPress's parser is then what
 *   decides);
 * - when the extension refuses a document: a result over the extension's
 *   expansion limit (GutenbergPostParser\ExpansionLimitException: a small
 *   post of unclosed blocks whose result grows with the square of its size)
 *   or over what memory_limit leaves (GutenbergPostParser\MemoryLimitException);
 *   WordPress's parser then does what it always did with such a post;
 * - for parse_with_options() (newer WordPress), whose options the extension
 *   does not implement.
 */

if (!defined('ABSPATH')) {
    exit;
}

if (!extension_loaded('gutenberg_post_parser')) {
    return;
}

if (!class_exists('WP_Block_Parser')) {
    require_once ABSPATH . WPINC . '/class-wp-block-parser.php';
}

/**
 * WP_Block_Parser, parsing with the gutenberg_post_parser extension.
 */
class Gutenberg_Post_Parser_Block_Parser extends WP_Block_Parser
{
    /** Whether parse() runs on behalf of parent::parse_with_options(). */
    private $gutenberg_post_parser_defer = false;

    /**
     * Parses a document and returns a list of block structures, as
     * WP_Block_Parser::parse() does.
     *
     * @param string $document Input document being parsed.
     * @return array[]
     */
    public function parse($document)
    {
        if ($this->gutenberg_post_parser_defer || !is_string($document)) {
            return parent::parse($document);
        }
        try {
            list($output, $offset) = gutenberg_post_parser_parse_state($document);
        } catch (GutenbergPostParser\Exception $refused) {
            return parent::parse($document);
        }
        $this->document = $document;
        $this->offset = $offset;
        $this->output = $output;
        $this->stack = array();
        if (property_exists($this, 'empty_attrs')) {
            $this->empty_attrs = array();
        }
        return $output;
    }

    /**
     * WordPress's own parser, for options the extension does not implement.
     *
     * @param string $document Input document being parsed.
     * @param array  $options  Parser options.
     * @return array[]
     */
    public function parse_with_options($document, $options = array())
    {
        $this->gutenberg_post_parser_defer = true;
        try {
            return parent::parse_with_options($document, $options);
        } finally {
            $this->gutenberg_post_parser_defer = false;
        }
    }
}

/**
 * Picks the extension's parser where WordPress would use its own.
 *
 * @param string $parser_class The parser class chosen so far.
 * @return string
 */
function gutenberg_post_parser_block_parser_class($parser_class)
{
    return 'WP_Block_Parser' === $parser_class ? 'Gutenberg_Post_Parser_Block_Parser' : $parser_class;
}

add_filter('block_parser_class', 'gutenberg_post_parser_block_parser_class');
