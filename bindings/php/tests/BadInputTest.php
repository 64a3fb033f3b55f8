<?php

declare(strict_types=1);

use GutenbergPostParser\ExpansionLimitException;
use PHPUnit\Framework\TestCase;

/** Input no post should hold: same answer as WordPress, or our exception. */
final class BadInputTest extends TestCase
{
    private function assertLikeWordPress(string $document): void
    {
        $this->assertSame(wp_parse_serialized($document), serialize(gutenberg_post_parser_parse($document)));
    }

    /** @return iterable<string, array{string}> */
    public static function broken(): iterable
    {
        yield 'invalid UTF-8 everywhere' => ["\xff\xfe<!-- wp:a {\"a\":\"\xc0\xaf\"} -->\xed\xa0\x80<!-- wp:b\xa0/--><!-- /wp:a -->\xf4\x90\x80\x80"];
        yield 'invalid UTF-8 in a name' => ["<!-- wp:a\xff /--><!-- wp:\xe9 /-->"];
        yield 'NUL bytes' => ["\x00<!-- wp:a -->\x00<!--\x00wp:b /--><!-- wp:c {\"a\":\"\\u0000\"} /--><!-- /wp:a -->\x00"];
        yield 'broken JSON' => ['<!-- wp:a {"a":} /--><!-- wp:b {"a":1,} /--><!-- wp:c {\'a\':1} /--><!-- wp:d {"a":01} /--><!-- wp:e {"a":"\x41"} /-->'];
        yield 'unclosed' => ['<!-- wp:a --><!-- wp:b --><!-- wp:c -->text'];
        yield 'orphaned closers' => ['<!-- /wp:a -->x<!-- wp:b -->y<!-- /wp:c --><!-- /wp:b --><!-- /wp:b -->'];
        yield 'mismatched' => ['<!-- wp:a --><!-- wp:b --><!-- /wp:a --><!-- /wp:b -->'];
        yield 'half delimiters' => [implode('x', ['<!-- wp:a', '<!-- wp:', '<!-- /wp:a', '<!-- wp:a {"a":1} /-', '<!-- wp:b {"a":'])];
        yield 'JSON depth 511 and 512' => ['<!-- wp:a {"a":' . str_repeat('[', 510) . str_repeat(']', 510) . '} /--><!-- wp:b {"a":' . str_repeat('[', 511) . str_repeat(']', 511) . '} /-->'];
        yield 'numbers' => ['<!-- wp:a {"a":-0,"b":-0.0,"c":1e400,"d":-1e400,"e":9223372036854775807,"f":9223372036854775808,"g":-9223372036854775809,"h":1E2,"i":0.1e-400,"j":2.4703282292062328e-324} /-->'];
        yield 'keys' => ['<!-- wp:a {"1":1,"01":2,"-1":3,"-0":4," 1":5,"":9,"0":10,"9223372036854775808":1,"-9223372036854775808":3} /-->'];
        yield 'lone surrogates' => ['<!-- wp:a {"a":"\ud800"} /--><!-- wp:b {"\udc00":1} /--><!-- wp:c {"a":"\ud83d\ude00"} /-->'];
    }

    /** @dataProvider broken */
    public function testBrokenInputParsesAsWordPressParsesIt(string $document): void
    {
        $this->assertLikeWordPress($document);
    }

    public function testHugeAttributes(): void
    {
        $this->assertLikeWordPress('<!-- wp:a {"a":"' . str_repeat('abc\"} -->', 200000) . '"} -->x<!-- /wp:a -->');
        $this->assertLikeWordPress('<!-- wp:a {"a":[' . str_repeat('1,', 300000) . '1]} /-->');
    }

    public function testWherePcreGivesUpWeParseCorrectly(): void
    {
        // WP_Block_Parser's regex hits pcre.backtrack_limit here and makes the
        // whole document freeform (DIALECT.md, "PCRE limits"): a PCRE limit,
        // not a rule, so the extension parses the block.
        $document = '<!-- wp:a {"a":"' . str_repeat('x}', 499993) . '"} -->y<!-- /wp:a -->';
        $blocks = gutenberg_post_parser_parse($document);
        $this->assertCount(1, $blocks);
        $this->assertSame('core/a', $blocks[0]['blockName']);
        $this->assertSame(str_repeat('x}', 499993), $blocks[0]['attrs']['a']);
        $this->assertSame(['y'], $blocks[0]['innerContent']);
    }

    public function testDeepNesting(): void
    {
        $depth = 100000;
        $document = str_repeat('<!-- wp:group -->', $depth) . 'x' . str_repeat('<!-- /wp:group -->', $depth);
        $blocks = gutenberg_post_parser_parse($document);
        $levels = 0;
        for ($block = $blocks[0] ?? null; $block !== null; $block = $block['innerBlocks'][0] ?? null) {
            $levels++;
        }
        $this->assertSame($depth, $levels);
        $this->assertCount($depth, gutenberg_post_parser_walk($document));
        $this->assertSame($document, gutenberg_post_parser_serialize($blocks));
        unset($blocks);
        // Deep unclosed nesting: each block holds the rest of the document.
        $this->expectException(ExpansionLimitException::class);
        gutenberg_post_parser_parse(str_repeat('<!-- wp:group -->x', $depth));
    }

    public function testA100MegabyteDocument(): void
    {
        $unit = (string) file_get_contents(gpp_shared() . '/documents/moby-dick-parsed.html');
        $document = str_repeat($unit, intdiv(100 << 20, strlen($unit)) + 1);
        $this->assertGreaterThan(100 << 20, strlen($document));
        $blocks = gutenberg_post_parser_parse($document);
        $this->assertSame(count(gutenberg_post_parser_parse($unit)) * intdiv(strlen($document), strlen($unit)), count($blocks));
        $this->assertSame(wp_parse_serialized($unit), serialize(array_slice($blocks, 0, count(gutenberg_post_parser_parse($unit)))));
    }

    /** @return iterable<string, array{mixed}> */
    public static function notStrings(): iterable
    {
        yield 'null' => [null];
        yield 'int' => [1];
        yield 'array' => [[]];
        yield 'object' => [new stdClass()];
    }

    /** @dataProvider notStrings */
    public function testNonStringsAreTypeErrors(mixed $value): void
    {
        foreach (['gutenberg_post_parser_parse', 'gutenberg_post_parser_walk', 'gutenberg_post_parser_parse_state'] as $function) {
            try {
                $function($value);
                $this->fail("$function accepted " . get_debug_type($value));
            } catch (TypeError $error) {
                $this->assertStringContainsString('document', $error->getMessage());
            }
        }
    }

    public function testSerializeNeedsAnArray(): void
    {
        $this->expectException(TypeError::class);
        gutenberg_post_parser_serialize('<!-- wp:a /-->');
    }

    public function testTheExpansionLimit(): void
    {
        $document = str_repeat('<!-- wp:a -->', 20000);
        try {
            gutenberg_post_parser_parse($document);
            $this->fail('no exception');
        } catch (ExpansionLimitException $error) {
            $this->assertInstanceOf(GutenbergPostParser\Exception::class, $error);
            $this->assertInstanceOf(RuntimeException::class, $error);
            $this->assertStringContainsString('max_output_bytes', $error->getMessage());
        }
        // 0 and null: no limit (small enough to build here).
        $small = str_repeat('<!-- wp:a -->', 300);
        $this->assertCount(300, gutenberg_post_parser_parse($small, 0));
        $this->assertCount(300, gutenberg_post_parser_parse($small, null));
        $this->expectException(ExpansionLimitException::class);
        gutenberg_post_parser_parse($small, 1000);
    }

    /** With the limit lifted, 2,000 unclosed openers give WordPress's own (quadratic) output, exactly. */
    public function testUnclosedOpenersWithTheLimitLiftedAreExact(): void
    {
        $document = str_repeat('<!-- wp:group -->x', 2000);
        $this->assertSame(
            wp_parse_serialized($document),
            serialize(gutenberg_post_parser_parse($document, null))
        );
    }

    public function testANegativeLimitIsAValueError(): void
    {
        $this->expectException(ValueError::class);
        gutenberg_post_parser_parse('', -1);
    }

    /**
     * Runs `php -r $script ...$args` in a fresh process with only the
     * extension loaded and `memory_limit`; its output (errors included), then
     * " exit=STATUS", trimmed.
     */
    private static function runPhp(string $extension, string $memoryLimit, string $script, string ...$args): string
    {
        $command = sprintf(
            '%s -n -d extension=%s -d memory_limit=%s -d display_errors=stderr -r %s %s 2>&1; echo " exit=$?"',
            escapeshellarg(PHP_BINARY),
            escapeshellarg($extension),
            escapeshellarg($memoryLimit),
            escapeshellarg($script),
            implode(' ', array_map('escapeshellarg', $args)),
        );
        return trim((string) shell_exec($command));
    }

    /** A low memory_limit gives a catchable exception or PHP's own error, never a crash. */
    public function testMemoryLimit(): void
    {
        $extension = (string) getenv('GPP_EXTENSION');
        if ($extension === '') {
            $this->markTestSkipped('GPP_EXTENSION names no .so');
        }
        $moby = gpp_shared() . '/documents/moby-dick-parsed.html';
        foreach (['2M', '8M', '16M', '24M'] as $limit) {
            $script = '$d = file_get_contents($argv[1]); try { $b = gutenberg_post_parser_parse($d); echo "built ", count($b); } '
                . 'catch (GutenbergPostParser\MemoryLimitException $e) { echo "refused"; }';
            $output = self::runPhp($extension, $limit, $script, $moby);
            $this->assertMatchesRegularExpression(
                '/^(built \d+ exit=0|refused exit=0|(PHP )?Fatal error: +Allowed memory size of \d+ bytes exhausted.* exit=255)$/s',
                $output,
                "memory_limit=$limit"
            );
        }
        // Attributes whose PHP values are far larger than their text pass the
        // estimate: PHP's allocator then bails out inside the build, which the
        // extension lets through as PHP's own fatal error (shutdown functions
        // run, no crash).
        $script = 'register_shutdown_function(function () { echo "shutdown ran"; }); '
            . '$b = gutenberg_post_parser_parse("<!-- wp:a {\"a\":[" . str_repeat("0,", 1000000) . "0]} /-->"); echo "built";';
        $this->assertMatchesRegularExpression(
            '/^(PHP )?Fatal error: +Allowed memory size of 16777216 bytes exhausted.*shutdown ran exit=255$/s',
            self::runPhp($extension, '16M', $script)
        );
    }
}
