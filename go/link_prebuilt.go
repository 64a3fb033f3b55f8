//go:build !gpp_source

package gutenberg

// The C library prebuilt for each platform the module supports, committed
// under lib/GOOS_GOARCH/ (lib/update.sh rebuilds it from the Rust sources and
// records their fingerprint; lib/update.sh --check fails when it is stale).
// Building needs only a C compiler (cgo). Elsewhere, build the library from a
// clone (`cargo build --release -p gutenberg-post-parser-capi`) and use
// -tags gpp_source, or set CGO_LDFLAGS.

// #cgo linux,amd64 LDFLAGS: ${SRCDIR}/lib/linux_amd64/libgutenberg_post_parser_c.a -lpthread -ldl -lm
import "C"
