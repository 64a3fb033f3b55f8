<?php
// The least WordPress's wp-includes/blocks.php and the must-use plugin need
// to load outside WordPress (no server, no database): the constants a plugin
// checks, and a minimal add_filter()/apply_filters().

if (!defined('ABSPATH')) {
    define('ABSPATH', dirname((string) getenv('GPP_WP_INCLUDES')) . '/');
}
if (!defined('WPINC')) {
    define('WPINC', 'wp-includes');
}

$GLOBALS['gpp_filters'] = $GLOBALS['gpp_filters'] ?? [];

if (!function_exists('add_filter')) {
    function add_filter($hook, $callback, $priority = 10, $accepted_args = 1)
    {
        $GLOBALS['gpp_filters'][$hook][$priority][] = $callback;
        return true;
    }
}

if (!function_exists('apply_filters')) {
    function apply_filters($hook, $value, ...$args)
    {
        $byPriority = $GLOBALS['gpp_filters'][$hook] ?? [];
        ksort($byPriority);
        foreach ($byPriority as $callbacks) {
            foreach ($callbacks as $callback) {
                $value = $callback($value, ...$args);
            }
        }
        return $value;
    }
}
