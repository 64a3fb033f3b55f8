//go:build gpp_source

package gutenberg

// With -tags gpp_source, the package links the library built from the
// repository's sources (`cargo build --release -p gutenberg-post-parser-capi`
// at its root), in target/release; add -L<dir> to CGO_LDFLAGS to use one
// built elsewhere. The -l: form picks the static library even where the
// shared one sits beside it. go/test.sh tests this way.

// #cgo LDFLAGS: -L${SRCDIR}/../target/release -l:libgutenberg_post_parser_c.a -lpthread -ldl -lm
import "C"
