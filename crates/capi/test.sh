#!/usr/bin/env bash
# C ABI tests, from a clean clone: Rust lints and unit tests, header freshness,
# the static library, then the C test and the README example compiled as C99
# and as C++ with -Wall -Wextra -Werror and run under valgrind (any leak or
# memory error fails). Installs valgrind (apt) and cbindgen (cargo) if missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
library="$target/release/libgutenberg_post_parser_c.a"
build="$target/capi-tests"

install_tool() { # COMMAND DEBIAN_PACKAGE
    command -v "$1" >/dev/null || .ci/apt-install "$2"
}
install_tool gcc gcc
install_tool g++ g++
install_tool valgrind valgrind

echo "== rustfmt, clippy, unit tests"
cargo fmt -p gutenberg-post-parser-capi -- --check
cargo clippy --quiet -p gutenberg-post-parser-capi --all-targets -- -D warnings
cargo test --quiet -p gutenberg-post-parser-capi

echo "== header is fresh"
crates/capi/header.sh --check

echo "== static library"
cargo build --quiet --release -p gutenberg-post-parser-capi

mkdir -p "$build"
awk '/^```c$/ { inside = 1; next } /^```$/ { inside = 0 } inside' crates/capi/README.md >"$build/example.c"
awk '/^It prints:$/ { found = 1 } found && /^```text$/ { inside = 1; next } inside && /^```$/ { exit } inside' \
    crates/capi/README.md >"$build/example.expected"

flags=(-pedantic -Wall -Wextra -Werror -Iinclude -Icrates/capi/tests/c)
links=("$library" -lpthread -ldl -lm)
c_test=(crates/capi/tests/c/test_capi.c crates/capi/tests/c/render.c)
echo "== compile as C99 and as C++"
gcc -std=c99 "${flags[@]}" "${c_test[@]}" "${links[@]}" -o "$build/test_capi_c"
g++ -x c++ -std=c++11 "${flags[@]}" "${c_test[@]}" -x none "${links[@]}" -o "$build/test_capi_cpp"
gcc -std=c99 "${flags[@]}" crates/capi/tests/c/test_query.c "${links[@]}" -o "$build/test_query_c"
g++ -x c++ -std=c++11 "${flags[@]}" crates/capi/tests/c/test_query.c -x none "${links[@]}" \
    -o "$build/test_query_cpp"
gcc -std=c99 "${flags[@]}" "$build/example.c" "${links[@]}" -o "$build/example_c"
g++ -x c++ -std=c++11 "${flags[@]}" "$build/example.c" -x none "${links[@]}" -o "$build/example_cpp"

memcheck=(valgrind --quiet --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
    --error-exitcode=99)
echo "== C test under valgrind"
"${memcheck[@]}" "$build/test_capi_c" fixtures/cases
echo "== C++ build of the C test under valgrind"
"${memcheck[@]}" "$build/test_capi_cpp" fixtures/cases
echo "== find and edit (C and C++) under valgrind"
"${memcheck[@]}" "$build/test_query_c"
"${memcheck[@]}" "$build/test_query_cpp"
echo "== README example (C and C++) under valgrind"
for example in example_c example_cpp; do
    "${memcheck[@]}" "$build/$example" >"$build/$example.out"
    diff -u "$build/example.expected" "$build/$example.out"
done
echo "C ABI: all tests passed"
