<?php
// Side-by-side benchmark of the gutenberg_post_parser extension and
// WordPress's WP_Block_Parser in one PHP process (bench/php-extension.sh runs
// it in each configuration: opcache, opcache + tracing JIT, cold).
//
//   php -d extension=SO php-extension.php --wp WP-INCLUDES [--rounds N] [--mode MODE] [--set SET]
//
// Sets: moby (../shared/documents/moby-dick-parsed.html), fixtures (the 318
// WordPress fixtures concatenated: attribute-heavy), real (the 909 real
// documents, each parsed once per sample). Each round times every parser on
// every set, in turn (interleaved), a sample being enough parses to take about
// 50 ms; prints the median per parse of each, and the ratio to WP_Block_Parser
// from the same rounds. Also the floor for building the same PHP arrays:
// unserialize() of WordPress's result.
//
// --mode cold: parses SET once in this (fresh) process and prints the time of
// that first parse of the parser given by --parser (wp|ext), and the process's
// peak PHP memory (memory_get_peak_usage) after it.

function options(array $argv): array
{
    $found = ['wp' => null, 'rounds' => '7', 'mode' => 'warm', 'set' => 'moby', 'parser' => 'ext'];
    for ($i = 1; $i < count($argv); $i++) {
        $name = substr($argv[$i], 2);
        if (!array_key_exists($name, $found) || !isset($argv[$i + 1])) {
            fwrite(STDERR, "unknown argument {$argv[$i]}\n");
            exit(2);
        }
        $found[$name] = $argv[++$i];
    }
    if ($found['wp'] === null) {
        fwrite(STDERR, "usage: php -d extension=SO php-extension.php --wp WP-INCLUDES [--rounds N] [--mode warm|cold] [--set moby|fixtures|real] [--parser wp|ext]\n");
        exit(2);
    }
    return $found;
}

/** @return list<string> the documents of a set */
function documents(string $set): array
{
    $shared = __DIR__ . '/../../../shared';
    switch ($set) {
        case 'moby':
            return [file_get_contents("$shared/documents/moby-dick-parsed.html")];
        case 'fixtures':
            $all = '';
            foreach (glob("$shared/wordpress-fixtures/*.html") as $path) {
                $all .= file_get_contents($path);
            }
            return [$all];
        case 'real':
            return array_map('file_get_contents', glob("$shared/real-documents/*.html"));
    }
    throw new InvalidArgumentException("no set $set");
}

/** The parsers, each a function parsing one document. */
function parsers(): array
{
    return [
        'WP_Block_Parser' => static fn (string $d) => (new WP_Block_Parser())->parse($d),
        'extension' => static fn (string $d) => gutenberg_post_parser_parse($d),
        'extension, PHP json_decode' => static fn (string $d) => _gutenberg_post_parser_parse_php_json($d),
    ];
}

/** Nanoseconds per pass over $texts, $count passes timed together. */
function sample(callable $parse, array $texts, int $count): float
{
    $latest = null;
    $started = hrtime(true);
    for ($i = 0; $i < $count; $i++) {
        foreach ($texts as $text) {
            $latest = $parse($text);
        }
    }
    $elapsed = hrtime(true) - $started;
    unset($latest);
    return $elapsed / $count;
}

function median(array $values): float
{
    sort($values);
    $n = count($values);
    return $n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
}

$options = options($argv);
require_once $options['wp'] . '/class-wp-block-parser.php';
$texts = documents($options['set']);

if ($options['mode'] === 'cold') {
    $parse = $options['parser'] === 'wp' ? parsers()['WP_Block_Parser'] : parsers()['extension'];
    $base = memory_get_usage();
    $started = hrtime(true);
    $result = array_map($parse, $texts);
    $elapsed = hrtime(true) - $started;
    printf("%s\t%.3f\t%d\n", $options['parser'], $elapsed / 1e6, memory_get_peak_usage() - $base);
    exit(0);
}

$parsers = parsers();
$serialized = array_map(static fn ($t) => serialize((new WP_Block_Parser())->parse($t)), $texts);
foreach ($texts as $at => $text) {
    if (serialize(gutenberg_post_parser_parse($text)) !== $serialized[$at]) {
        fwrite(STDERR, "the extension's output differs from WP_Block_Parser's (document $at)\n");
        exit(1);
    }
}
$parsers['unserialize() floor'] = null;
$counts = [];
$times = [];
foreach ($parsers as $name => $parse) {
    $run = $parse ?? static fn () => null;
    $one = $parse === null ? sample(static fn ($s) => unserialize($s), $serialized, 1) : sample($run, $texts, 1);
    $counts[$name] = max(1, (int) (50e6 / max($one, 1)));
}
for ($round = 0; $round < (int) $options['rounds']; $round++) {
    foreach ($parsers as $name => $parse) {
        $times[$name][] = $parse === null
            ? sample(static fn ($s) => unserialize($s), $serialized, $counts[$name])
            : sample($parse, $texts, $counts[$name]);
    }
}
$wp = median($times['WP_Block_Parser']);
foreach ($times as $name => $samples) {
    $ms = median($samples) / 1e6;
    printf("%-10s %-28s %9.3f ms  %6.2fx WP_Block_Parser\n", $options['set'], $name, $ms, $wp / median($samples));
}
