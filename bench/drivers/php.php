<?php
// Benchmark driver for WordPress core's PHP parser, WP_Block_Parser.
//
//   php php.php --parser WP-INCLUDES/class-wp-block-parser.php \
//       --warmup W --runs R --batch K FILE
//
// Same protocol as every driver (see bench/README.md): W*K warm-up parses, then
// R samples of K parses each; prints one JSON line with the median per parse
// and the peak resident memory. The parser file is WordPress's own, extracted
// from Debian's `wordpress` package by bench/harness (never committed here).

/** The command line as an array: warmup, runs, batch, parser, file. */
function bench_options(array $argv): array {
	$found = array( 'warmup' => 1, 'runs' => 1, 'batch' => 1, 'parser' => null, 'file' => null );
	for ( $i = 1; $i < count( $argv ); $i++ ) {
		$name = substr( $argv[ $i ], 2 );
		if ( str_starts_with( $argv[ $i ], '--' ) && array_key_exists( $name, $found ) ) {
			$found[ $name ] = $argv[ ++$i ];
		} else {
			$found['file'] = $argv[ $i ];
		}
	}
	if ( null === $found['file'] || null === $found['parser'] ) {
		fwrite( STDERR, "usage: php.php --parser PATH --warmup W --runs R --batch K FILE\n" );
		exit( 2 );
	}
	return $found;
}

/** High-water mark of resident memory (VmHWM) in KiB. */
function bench_peak_rss_kb(): int {
	preg_match( '/VmHWM:\s*(\d+)/', file_get_contents( '/proc/self/status' ), $m );
	return (int) $m[1];
}

/**
 * Nanoseconds taken by $batch parses of $text, each a full tree of
 * WP_Block_Parser_Block. $latest holds the last tree, released when the next
 * one is made, as in every driver.
 */
function bench_sample( string $text, int $batch, &$latest ): int {
	$started = hrtime( true );
	for ( $i = 0; $i < $batch; $i++ ) {
		$parser = new WP_Block_Parser();
		$latest = $parser->parse( $text );
	}
	$elapsed = hrtime( true ) - $started;
	if ( ! is_array( $latest ) ) {
		throw new RuntimeException( 'parse returned no block list' );
	}
	return $elapsed;
}

$options = bench_options( $argv );
require $options['parser'];
$text   = file_get_contents( $options['file'] );
$base   = bench_peak_rss_kb();
$warmup = (int) $options['warmup'];
$runs   = (int) $options['runs'];
$batch  = (int) $options['batch'];
$latest = null;
for ( $i = 0; $i < $warmup; $i++ ) {
	bench_sample( $text, $batch, $latest );
}
$samples = array();
for ( $i = 0; $i < $runs; $i++ ) {
	$samples[] = bench_sample( $text, $batch, $latest ) / $batch;
}
sort( $samples );
echo json_encode(
	array(
		'impl'        => 'php',
		'file'        => basename( $options['file'] ),
		'bytes'       => strlen( $text ),
		'median_ns'   => $samples[ intdiv( count( $samples ), 2 ) ],
		'runs'        => $runs,
		'batch'       => $batch,
		'base_rss_kb' => $base,
		'peak_rss_kb' => bench_peak_rss_kb(),
	)
), "\n";
