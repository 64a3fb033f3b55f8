#!/usr/bin/env bash
# Runs each fuzz target for a fixed time (default 60 s), starting from the
# fixtures as seeds; CI runs it through `just fuzz-ci`.
#
#   crates/gutenberg-post-parser/fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs rustup's nightly toolchain (libFuzzer and sanitizers); installs
# cargo-fuzz from crates.io into target/fuzz-tools when missing, so nothing is
# written outside the clone. A failing input is kept in fuzz/artifacts/TARGET/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(parse roundtrip expansion dialects)

rustup toolchain list 2>/dev/null | grep -q '^nightly' ||
    { echo "error: fuzzing needs rustup's nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
tools="${CARGO_TARGET_DIR:-$repo/target}/fuzz-tools"
if ! "$tools/bin/cargo-fuzz" --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz into $tools" >&2
    cargo install cargo-fuzz --version 0.13.1 --locked --root "$tools" --quiet
fi
export PATH="$tools/bin:$PATH"

cd "$here/.."
for target in "${targets[@]}"; do
    corpus="$(mktemp -d)"
    cp "$repo"/fixtures/cases/*.html "$corpus/"
    log="$(mktemp)"
    echo "== fuzz $target for ${seconds} s"
    status=0
    cargo +nightly fuzz run "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|INFO: Seed|SUMMARY)|panicked|Test unit written' "$log" || true
    rm -rf "$corpus"
    if [ "$status" -ne 0 ]; then
        tail -40 "$log" >&2
        rm -f "$log"
        echo "error: fuzz target $target failed" >&2
        exit 1
    fi
    rm -f "$log"
done
echo "fuzzing: all targets ran clean"
