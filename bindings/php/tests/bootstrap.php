<?php
// PHPUnit bootstrap: the extension must be loaded (test.sh passes
// -d extension=...), and WordPress's own WP_Block_Parser, the reference, is
// loaded from GPP_WP_INCLUDES (what fixtures/reference/php/fetch-wordpress.sh
// extracts from Debian's `wordpress` package).

declare(strict_types=1);

if (!extension_loaded('gutenberg_post_parser')) {
    fwrite(STDERR, "the gutenberg_post_parser extension is not loaded (php -d extension=/path/to/the.so)\n");
    exit(1);
}

$includes = getenv('GPP_WP_INCLUDES') ?: '';
if (!is_file("$includes/class-wp-block-parser.php")) {
    fwrite(STDERR, "GPP_WP_INCLUDES must name WordPress's wp-includes (run fixtures/reference/php/fetch-wordpress.sh)\n");
    exit(1);
}
foreach (['class-wp-block-parser-block.php', 'class-wp-block-parser-frame.php'] as $split) {
    if (is_file("$includes/$split")) {
        require_once "$includes/$split";
    }
}
require_once "$includes/class-wp-block-parser.php";

const GPP_REPO = __DIR__ . '/../../..';

/** The shared data directory (../shared from the repository). */
function gpp_shared(): string
{
    return getenv('GPP_SHARED') ?: GPP_REPO . '/../shared';
}

/** serialize() of WordPress's parse of $document. */
function wp_parse_serialized(string $document): string
{
    return serialize((new WP_Block_Parser())->parse($document));
}
