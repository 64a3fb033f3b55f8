<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * gutenberg_post_parser_parse() against WordPress's WP_Block_Parser: equal
 * serialize() output, and the same $offset (consumed_end).
 */
final class ParseTest extends TestCase
{
    /** @return iterable<string, array{string}> */
    public static function cases(): iterable
    {
        $dir = GPP_REPO . '/fixtures/cases';
        $html = glob("$dir/*.html") ?: [];
        sort($html);
        foreach ($html as $path) {
            yield basename($path, '.html') => [$path];
        }
    }

    /** @dataProvider cases */
    public function testFixtureCaseMatchesItsPhpSer(string $path): void
    {
        $ser = substr($path, 0, -strlen('.html')) . '.php.ser';
        $this->assertFileExists($ser);
        $document = (string) file_get_contents($path);
        $this->assertSame(file_get_contents($ser), serialize(gutenberg_post_parser_parse($document)));
        $this->assertSame(file_get_contents($ser), serialize(_gutenberg_post_parser_parse_php_json($document)));
    }

    public function testFixtureCasesAreAllThere(): void
    {
        $this->assertGreaterThan(150, iterator_count(self::cases()));
    }

    /** Compares every document of $documents with WP_Block_Parser; returns how many. */
    private function compareAll(iterable $documents): int
    {
        $count = 0;
        $differ = [];
        foreach ($documents as $name => $document) {
            $count++;
            $parser = new WP_Block_Parser();
            json_decode('[');
            $expected = serialize($parser->parse($document));
            $expectedJsonError = json_last_error();
            json_decode('[');
            $actual = serialize(gutenberg_post_parser_parse($document));
            if ($expected !== $actual) {
                $differ[] = $name;
            } elseif ($expectedJsonError !== json_last_error()) {
                $differ[] = "$name (json_last_error)";
            } elseif ($expected !== serialize(_gutenberg_post_parser_parse_php_json($document))) {
                // PHP's own json_decode for every attribute group (benchmarked beside the core's).
                $differ[] = "$name (PHP json_decode)";
            } elseif ($parser->offset !== gutenberg_post_parser_consumed_end($document)) {
                $differ[] = "$name (offset)";
            }
        }
        $this->assertSame([], array_slice($differ, 0, 20), count($differ) . " of $count differ");
        return $count;
    }

    /** @return iterable<string, string> */
    private static function files(string $pattern, bool $trim = false): iterable
    {
        $paths = glob($pattern) ?: [];
        sort($paths);
        foreach ($paths as $path) {
            $text = (string) file_get_contents($path);
            yield basename($path) => $text;
            if ($trim) {
                yield basename($path) . ' (trimmed)' => trim($text);
            }
        }
    }

    public function testWordPressFixtures(): void
    {
        // Their .parsed.json is for the trimmed input: both forms are compared.
        $dir = gpp_shared() . '/wordpress-fixtures';
        if (!is_dir($dir)) {
            $this->markTestSkipped("no $dir");
        }
        $this->assertSame(636, $this->compareAll(self::files("$dir/*.html", true)));
    }

    public function testRealDocuments(): void
    {
        $dir = gpp_shared() . '/real-documents';
        if (!is_dir($dir)) {
            $this->markTestSkipped("no $dir");
        }
        $this->assertGreaterThanOrEqual(909, $this->compareAll(self::files("$dir/*.html")));
    }

    public function testSharedDocuments(): void
    {
        $dir = gpp_shared() . '/documents';
        if (!is_dir($dir)) {
            $this->markTestSkipped("no $dir");
        }
        $this->assertGreaterThanOrEqual(8, $this->compareAll(self::files("$dir/*.html")));
    }

    public function testGeneratedCorpus(): void
    {
        $corpus = getenv('GPP_CORPUS') ?: '';
        if ($corpus === '' || !is_file($corpus)) {
            if (getenv('GPP_REQUIRE_REFERENCE')) {
                $this->fail('GPP_CORPUS names no file (test.sh generates it with node fixtures/reference/corpus.js)');
            }
            $this->markTestSkipped('no generated corpus (GPP_CORPUS)');
        }
        $documents = (function () use ($corpus): iterable {
            $handle = fopen($corpus, 'rb');
            $at = 0;
            while (($line = fgets($handle)) !== false) {
                // Only the input is used (the expected output here is
                // WordPress's); the npm output may hold lone surrogates,
                // which json_decode refuses, so it is cut off first.
                $end = strpos($line, '","expected":');
                $entry = json_decode(substr($line, 0, $end + 1) . '}', true, 512, JSON_THROW_ON_ERROR);
                yield 'corpus #' . $at++ => $entry['input'];
            }
            fclose($handle);
        })();
        $this->assertGreaterThanOrEqual(1000, $this->compareAll($documents));
    }

    /** @return iterable<string, array{string}> */
    public static function jsonErrorCases(): iterable
    {
        yield 'no attributes' => ['<!-- wp:a --><p>x</p><!-- /wp:a -->'];
        yield 'valid attributes' => ['<!-- wp:a {"b":1} /-->'];
        yield 'invalid JSON' => ['<!-- wp:a {"b":} /-->'];
        yield 'a lone surrogate' => ['<!-- wp:a {"b":"\\ud800"} /-->'];
        yield 'a repeated key' => ['<!-- wp:a {"b":1,"b":2} /-->'];
        yield 'invalid, then shared valid' => ['<!-- wp:a {"b":1} /--><!-- wp:a {"b":} /--><!-- wp:a {"b":1} /-->'];
        yield 'valid, then invalid' => ['<!-- wp:a {"b":1} /--><!-- wp:a {"b":} /-->'];
        yield 'invalid parent, valid inner block' => ['<!-- wp:a {"b":} --><!-- wp:c {"d":1} /--><!-- /wp:a -->'];
        yield 'valid parent, invalid inner block' => ['<!-- wp:a {"b":1} --><!-- wp:c {"d":} /--><!-- /wp:a -->'];
        yield 'a closer with invalid attributes' => ['<!-- wp:a {"b":1} -->x<!-- /wp:a {"c":} -->'];
        yield 'an orphaned closer with invalid attributes' => ['<!-- /wp:a {"c":} --><!-- wp:b {"d":1} /-->'];
        yield 'an unclosed block, then valid' => ['<!-- wp:a {"b":} -->x<!-- wp:c {"d":1} -->y'];
    }

    /**
     * json_last_error() after a parse is WP_Block_Parser's: cleared at the
     * start, then as the last decode of attributes leaves it.
     *
     * @dataProvider jsonErrorCases
     */
    public function testJsonLastErrorIsWordPresss(string $document): void
    {
        json_decode('[');
        (new WP_Block_Parser())->parse($document);
        $expected = json_last_error();
        json_decode('[');
        gutenberg_post_parser_parse($document);
        $this->assertSame($expected, json_last_error());
    }

    /** Blocks and attributes that repeat are shared arrays: changing one changes no other. */
    public function testSharedArraysAreValues(): void
    {
        $document = str_repeat("<!-- wp:spacer {\"height\":\"1em\"} /-->\n\n<!-- wp:separator /-->\n\n", 3);
        $blocks = gutenberg_post_parser_parse($document);
        $expected = wp_parse_serialized($document);
        $this->assertSame($expected, serialize($blocks));
        $blocks[0]['attrs']['height'] = 'changed';
        $blocks[1]['innerHTML'] = 'changed';
        foreach ($blocks as &$block) {
            $block['attrs']['touched'] = true;
            break;
        }
        unset($block);
        $this->assertSame('1em', $blocks[4]['attrs']['height']);
        $this->assertSame("\n\n", $blocks[3]['innerHTML']);
        $this->assertArrayNotHasKey('touched', $blocks[4]['attrs']);
        $this->assertSame($expected, serialize(gutenberg_post_parser_parse($document)));
    }

    /** Mutations of real documents that hit the PHP dialect's own rules. */
    public function testDialectMutations(): void
    {
        $seeds = [
            "<!-- wp:a -->0<!-- wp:b /-->x<!-- /wp:a -->",
            "<!-- wp:a -->0<!-- /wp:a -->",
            "<!-- wp:a --><!-- wp:b -->0",
            "<!--\u{a0}wp:p /-->",
            "<!-- wp:p\u{2028}/-->",
            "<!-- wp:p {\"a\":1}\u{feff}/-->",
            "\xff<!-- wp:a -->\x00\xfe<!-- /wp:a -->\x00",
            "<!-- wp:a {\"a\":\"\xff\"} /-->",
            "<!-- wp:a {\"a\":\"\\ud800\"} /-->",
            "<!-- wp:a {\"1\":1,\"01\":2,\"-1\":3,\"-0\":4,\"a\":-0,\"b\":1e400,\"c\":1.0,\"d\":9223372036854775808} /-->",
            "<!-- wp:a {\"b\":1,\"a\":2,\"b\":3} /-->",
            "<!-- wp:a {} /--><!-- wp:b { } /--><!-- wp:c {\"a\":{}} /-->",
            "<!-- wp:a {\"a\":1}\x0b/-->",
        ];
        $documents = [];
        foreach ($seeds as $at => $seed) {
            $documents["seed $at"] = $seed;
            for ($cut = 1; $cut < strlen($seed); $cut += 3) {
                $documents["seed $at cut $cut"] = substr($seed, 0, $cut);
                $documents["seed $at tail $cut"] = substr($seed, $cut);
            }
        }
        $this->compareAll($documents);
    }
}
