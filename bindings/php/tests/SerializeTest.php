<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/** gutenberg_post_parser_serialize(): block markup back from parse's arrays. */
final class SerializeTest extends TestCase
{
    /** @return iterable<string, array{string}> */
    public static function documents(): iterable
    {
        $paths = array_merge(glob(gpp_shared() . '/documents/*.html') ?: [], glob(gpp_shared() . '/real-documents/*.html') ?: []);
        sort($paths);
        foreach ($paths as $path) {
            yield basename($path) => [(string) file_get_contents($path)];
        }
    }

    /** @dataProvider documents */
    public function testRoundTrip(string $document): void
    {
        // Serializing writes canonical delimiters: parsing that gives the
        // same blocks (null attrs, from invalid JSON, come back as []), and
        // serializing again the same markup.
        $blocks = gutenberg_post_parser_parse($document);
        $markup = gutenberg_post_parser_serialize($blocks);
        $again = gutenberg_post_parser_parse($markup);
        $this->assertSame($markup, gutenberg_post_parser_serialize($again));
        $this->assertTrue(serialize(self::nullAttrsAsEmpty($blocks)) === serialize($again), 'the blocks differ after a round trip');
    }

    /** $blocks with every null attrs made []. */
    private static function nullAttrsAsEmpty(array $blocks): array
    {
        foreach ($blocks as &$block) {
            $block['attrs'] ??= [];
            $block['innerBlocks'] = self::nullAttrsAsEmpty($block['innerBlocks']);
        }
        return $blocks;
    }

    public function testHandWrittenBlocks(): void
    {
        $blocks = [[
            'blockName' => 'core/group',
            'attrs' => ['layout' => ['type' => 'flex'], 'n' => 2],
            'innerBlocks' => [[
                'blockName' => 'core/image',
                'attrs' => [],
                'innerBlocks' => [],
                'innerHTML' => '',
                'innerContent' => [],
            ]],
            'innerHTML' => '<div></div>',
            'innerContent' => ['<div>', null, '</div>'],
        ], [
            'blockName' => null,
            'attrs' => [],
            'innerBlocks' => [],
            'innerHTML' => "\n",
            'innerContent' => ["\n"],
        ]];
        $this->assertSame(
            "<!-- wp:group {\"layout\":{\"type\":\"flex\"},\"n\":2} --><div><!-- wp:image /--></div><!-- /wp:group -->\n",
            gutenberg_post_parser_serialize($blocks)
        );
    }

    /** @return iterable<string, array{array, class-string}> */
    public static function wrongShapes(): iterable
    {
        yield 'not an array' => [['x'], TypeError::class];
        yield 'no innerContent' => [[['blockName' => 'core/p']], ValueError::class];
        yield 'bad name' => [[['blockName' => 'Bad Name', 'innerContent' => []]], ValueError::class];
        yield 'placeholders' => [[['blockName' => 'core/p', 'innerContent' => [null]]], ValueError::class];
        yield 'object in attrs' => [[['blockName' => 'core/p', 'attrs' => ['a' => new stdClass()], 'innerContent' => []]], TypeError::class];
        yield 'int in innerContent' => [[['blockName' => 'core/p', 'innerContent' => [1]]], TypeError::class];
    }

    /**
     * @dataProvider wrongShapes
     * @param class-string<Throwable> $class
     */
    public function testWrongShapesThrow(array $blocks, string $class): void
    {
        $this->expectException($class);
        $this->expectExceptionMessageMatches('/^block \d+: /');
        gutenberg_post_parser_serialize($blocks);
    }
}
