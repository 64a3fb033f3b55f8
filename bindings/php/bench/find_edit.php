<?php
// One round of the find-and-edit benchmarks for the PHP extension
// (bench/find_edit.py runs it between the other languages' rounds): the
// median milliseconds of each workload on one document, printed as JSON.
// With GPP_WP_INCLUDES, WordPress's WP_Block_Parser + filter is timed in the
// same process (wp_parse_filter).
//
//   php -d extension=/path/to.so bindings/php/bench/find_edit.php DOCUMENT [REPEATS]

declare(strict_types=1);

use GutenbergPostParser\Document;

function median_ms(int $repeats, callable $work): float
{
    for ($i = 0; $i < 3; $i++) {
        $work();
    }
    $times = [];
    for ($i = 0; $i < $repeats; $i++) {
        $started = hrtime(true);
        $work();
        $times[] = (hrtime(true) - $started) / 1e6;
    }
    sort($times);
    return $times[intdiv($repeats, 2)];
}

/** @param list<array<string, mixed>> $blocks */
function filter_paragraphs(array $blocks): array
{
    $found = [];
    $stack = array_reverse($blocks);
    while ($stack) {
        $block = array_pop($stack);
        if ($block['blockName'] === 'core/paragraph') {
            $found[] = $block['attrs']['align'] ?? null;
        }
        for ($i = count($block['innerBlocks']) - 1; $i >= 0; $i--) {
            $stack[] = $block['innerBlocks'][$i];
        }
    }
    return $found;
}

[, $path] = $argv;
$repeats = (int) ($argv[2] ?? 30);
$text = (string) file_get_contents($path);

$result = [
    'find' => median_ms($repeats, function () use ($text) {
        $found = [];
        foreach ((new Document($text))->find('core/paragraph') as $view) {
            $found[] = $view->attrs['align'] ?? null;
        }
        return $found;
    }),
    'parse_filter' => median_ms($repeats, fn () => filter_paragraphs(gutenberg_post_parser_parse($text))),
];
$includes = getenv('GPP_WP_INCLUDES') ?: '';
if ($includes !== '') {
    foreach (['class-wp-block-parser-block.php', 'class-wp-block-parser-frame.php', 'class-wp-block-parser.php'] as $file) {
        if (is_file("$includes/$file")) {
            require_once "$includes/$file";
        }
    }
    $result['wp_parse_filter'] = median_ms($repeats, fn () => filter_paragraphs((new WP_Block_Parser())->parse($text)));
}
$document = new Document($text);
$paragraphs = $document->find('core/paragraph');
$last = end($paragraphs);
$result['edit'] = median_ms($repeats, function () use ($document, $last) {
    $editor = $document->edit();
    $editor->set_attrs($last, ['align' => 'center']);
    return $editor->text();
});
$result['copy'] = median_ms($repeats, fn () => $text . ' ');
echo json_encode($result), "\n";
