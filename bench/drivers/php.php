<?php
// Benchmark driver for WordPress core's PHP parser, WP_Block_Parser.
//
//   php php.php --parser WP-INCLUDES/class-wp-block-parser.php \
//       --warmup W --runs R --batch K FILE
//
// Same protocol as every driver (see bench/README.md): W*K warm-up parses, then
// R samples of K parses each; prints one JSON line with the median per parse
// and the peak resident memory. A FILE named *.documents is a documents file,
// timed as one set (every document once per parse, in order). The parser file is WordPress's own, extracted
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
 * Every document of a documents file: for each, its length in decimal, a
 * newline, the UTF-8 document, a newline.
 */
function bench_documents( string $path ): array {
	$data  = file_get_contents( $path );
	$found = array();
	$at    = 0;
	while ( $at < strlen( $data ) ) {
		$newline = strpos( $data, "\n", $at );
		$size    = (int) substr( $data, $at, $newline - $at );
		$found[] = substr( $data, $newline + 1, $size );
		$at      = $newline + 1 + $size + 1;
	}
	return $found;
}

/**
 * Nanoseconds taken by $batch passes over $texts, in order, each parse a full
 * tree of WP_Block_Parser_Block. $latest holds the last tree, released when
 * the next one is made, as in every driver.
 */
function bench_sample( array $texts, int $batch, &$latest ): int {
	$started = hrtime( true );
	for ( $i = 0; $i < $batch; $i++ ) {
		foreach ( $texts as $text ) {
			$parser = new WP_Block_Parser();
			$latest = $parser->parse( $text );
		}
	}
	$elapsed = hrtime( true ) - $started;
	if ( ! is_array( $latest ) ) {
		throw new RuntimeException( 'parse returned no block list' );
	}
	return $elapsed;
}

$options = bench_options( $argv );
require $options['parser'];
$is_set = str_ends_with( $options['file'], '.documents' );
$texts  = $is_set ? bench_documents( $options['file'] ) : array( file_get_contents( $options['file'] ) );
$base   = bench_peak_rss_kb();
$warmup = (int) $options['warmup'];
$runs   = (int) $options['runs'];
$batch  = (int) $options['batch'];
$latest = null;
for ( $i = 0; $i < $warmup; $i++ ) {
	bench_sample( $texts, $batch, $latest );
}
$samples = array();
for ( $i = 0; $i < $runs; $i++ ) {
	$samples[] = bench_sample( $texts, $batch, $latest ) / $batch;
}
sort( $samples );
$line = array(
	'impl'        => 'php',
	'file'        => basename( $options['file'] ),
	'bytes'       => array_sum( array_map( 'strlen', $texts ) ),
	'median_ns'   => $samples[ intdiv( count( $samples ), 2 ) ],
	'runs'        => $runs,
	'batch'       => $batch,
	'base_rss_kb' => $base,
	'peak_rss_kb' => bench_peak_rss_kb(),
);
if ( $is_set ) {
	$line['documents'] = count( $texts );
}
echo json_encode( $line ), "\n";
