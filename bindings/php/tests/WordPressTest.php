<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * The must-use plugin through WordPress's real parse_blocks()
 * (wp-includes/blocks.php from Debian's wordpress package).
 */
final class WordPressTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once __DIR__ . '/wordpress-stubs.php';
        require_once getenv('GPP_WP_INCLUDES') . '/blocks.php';
        require_once __DIR__ . '/../wordpress/gutenberg-post-parser.php';
    }

    public function testTheFilterPicksThePlugin(): void
    {
        $this->assertSame('Gutenberg_Post_Parser_Block_Parser', apply_filters('block_parser_class', 'WP_Block_Parser'));
        $this->assertSame('Other_Parser', apply_filters('block_parser_class', 'Other_Parser'));
        $this->assertTrue(is_subclass_of('Gutenberg_Post_Parser_Block_Parser', 'WP_Block_Parser'));
    }

    /** @return iterable<string, array{string}> */
    public static function documents(): iterable
    {
        $paths = array_merge(
            glob(GPP_REPO . '/fixtures/cases/*.html') ?: [],
            glob(gpp_shared() . '/documents/*.html') ?: [],
        );
        sort($paths);
        foreach ($paths as $path) {
            yield basename($path) => [(string) file_get_contents($path)];
        }
        yield 'empty' => [''];
        yield 'orphan closer' => ['<!-- wp:a /-->x<!-- /wp:b -->rest'];
        yield 'unclosed' => ['<!-- wp:a -->x<!-- wp:b -->y'];
        yield 'invalid UTF-8' => ["\xff<!-- wp:a -->\x00\xfe<!-- /wp:a -->\x00"];
    }

    /** @dataProvider documents */
    public function testParseBlocksIsWordPresss(string $document): void
    {
        $this->assertSame(wp_parse_serialized($document), serialize(parse_blocks($document)));
    }

    /** @dataProvider documents */
    public function testTheParserStateIsWordPresss(string $document): void
    {
        $ours = new Gutenberg_Post_Parser_Block_Parser();
        $theirs = new WP_Block_Parser();
        $this->assertSame(serialize($theirs->parse($document)), serialize($ours->parse($document)));
        $this->assertSame(serialize(get_object_vars($theirs)), serialize(array_diff_key(
            get_object_vars($ours),
            ['gutenberg_post_parser_defer' => true],
        )));
    }

    public function testOverTheExpansionLimitItFallsBackToWordPress(): void
    {
        // 4,000 unclosed openers: each block holds the rest of the document.
        $document = str_repeat('<!-- wp:a -->x', 4000);
        $this->expectException(GutenbergPostParser\ExpansionLimitException::class);
        try {
            gutenberg_post_parser_parse($document, 1 << 20);
        } finally {
            $this->assertSame(wp_parse_serialized($document), serialize(parse_blocks($document)));
        }
    }

    public function testANonStringGoesToWordPress(): void
    {
        $parser = new Gutenberg_Post_Parser_Block_Parser();
        $this->assertSame([], @$parser->parse(null));
    }

    public function testWithoutTheExtensionThePluginDoesNothing(): void
    {
        $php = PHP_BINARY;
        $script = 'putenv("GPP_WP_INCLUDES=" . $argv[1]); require $argv[2]; require $argv[3]; '
            . 'echo class_exists("Gutenberg_Post_Parser_Block_Parser", false) ? "defined" : "absent", " ", '
            . 'apply_filters("block_parser_class", "WP_Block_Parser");';
        $command = sprintf(
            '%s -n -r %s %s %s %s 2>&1',
            escapeshellarg($php),
            escapeshellarg($script),
            escapeshellarg((string) getenv('GPP_WP_INCLUDES')),
            escapeshellarg(__DIR__ . '/wordpress-stubs.php'),
            escapeshellarg(__DIR__ . '/../wordpress/gutenberg-post-parser.php'),
        );
        $this->assertSame('absent WP_Block_Parser', shell_exec($command));
    }
}
