#!/usr/bin/env bash
# The PHP extension beside WordPress's WP_Block_Parser, both in the same PHP
# process (bench/drivers/php-extension.php): moby-dick, the 318 WordPress
# fixtures concatenated and the 909 real documents, with opcache on (as hosts
# run PHP) and with opcache + tracing JIT; then one cold parse of moby-dick in
# fresh processes (median of 11, alternating parsers) with the peak PHP memory
# of each. Builds the extension with bindings/php/build.sh.
#
#   bench/php-extension.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
so="$("$root/bindings/php/build.sh" | tail -n 1)"
wp="$("$root/fixtures/reference/php/fetch-wordpress.sh" | tail -n 1)"
driver="$root/bench/drivers/php-extension.php"
php --version | head -n 1
opcache=(-d opcache.enable_cli=1)
jit=(-d opcache.enable_cli=1 -d opcache.jit=tracing -d opcache.jit_buffer_size=64M)
for config in opcache jit; do
    declare -n flags="$config"
    echo "== $config: ${flags[*]}"
    for set in moby fixtures real; do
        php -d "extension=$so" "${flags[@]}" "$driver" --wp "$wp" --rounds "$rounds" --set "$set"
    done
done
echo "== cold: one parse of moby-dick in a fresh process (opcache on), median of 11; peak PHP memory"
for parser in wp ext wp ext wp ext wp ext wp ext wp ext wp ext wp ext wp ext wp ext wp ext; do
    php -d "extension=$so" "${opcache[@]}" "$driver" --wp "$wp" --mode cold --set moby --parser "$parser"
done | python3 -c '
import statistics, sys
rows = {}
for line in sys.stdin:
    parser, ms, peak = line.split()
    rows.setdefault(parser, []).append((float(ms), int(peak)))
wp = statistics.median(ms for ms, _ in rows["wp"])
for parser, name in (("wp", "WP_Block_Parser"), ("ext", "extension")):
    ms = statistics.median(ms for ms, _ in rows[parser])
    peak = max(peak for _, peak in rows[parser])
    print(f"cold  {name:<16} {ms:8.3f} ms  {wp / ms:6.2f}x  peak PHP memory {peak / 1e6:7.2f} MB")
'
