#!/usr/bin/env bash
# Unpacks the C tarball from DIST into a fresh folder, builds a small program
# with pkg-config (shared library) and another against the static library,
# and runs both against ../shared/documents (run it under .ci/without-rust).
#
#   crates/capi/install-test.sh DIST
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
documents="$(cd "$here/../../../shared/documents" && pwd)"
tarball="$(ls "$1"/gutenberg-post-parser-c-*-x86_64-linux-gnu.tar.gz)"
command -v pkg-config >/dev/null || "$here/../../.ci/apt-install" pkg-config
place="$(mktemp -d)"
trap 'rm -rf "$place"' EXIT
tar -xzf "$tarball" -C "$place"
prefix="$(ls -d "$place"/gutenberg-post-parser-c-*)"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cat >"$place/app.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gutenberg_post_parser.h"

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) return 1;
        fseek(file, 0, SEEK_END);
        long size = ftell(file);
        rewind(file);
        char *text = malloc((size_t)size + 1);
        if (!text || fread(text, 1, (size_t)size, file) != (size_t)size) return 1;
        fclose(file);
        const gpp_document *document;
        gpp_error error;
        if (gpp_parse(text, (size_t)size, GPP_PARSE_DECODE_ATTRS, GPP_DEFAULT_MAX_OUTPUT_BYTES,
                      &document, &error) != GPP_OK) {
            char message[256];
            gpp_error_message(&error, message, sizeof message);
            fprintf(stderr, "%s: %s\n", argv[i], message);
            return 1;
        }
        char *json;
        size_t json_len;
        if (gpp_parse_json(text, (size_t)size, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, &json_len,
                           &error) != GPP_OK || json[0] != '[') return 1;
        const char *name = strrchr(argv[i], '/');
        printf("%s: %zu nodes, %zu bytes of JSON\n", name ? name + 1 : argv[i],
               document->node_count, json_len);
        gpp_json_free(json);
        gpp_document_free(document);
        free(text);
    }
    return 0;
}
C
cd "$place"
# shellcheck disable=SC2046
cc -Wall -Werror app.c $(pkg-config --cflags --libs gutenberg-post-parser) -o app-shared
LD_LIBRARY_PATH="$prefix/lib" ./app-shared "$documents"/*.html
# shellcheck disable=SC2046
cc -Wall -Werror app.c $(pkg-config --cflags gutenberg-post-parser) "$prefix/lib/libgutenberg_post_parser_c.a" \
    $(pkg-config --libs-only-l --static gutenberg-post-parser | sed 's/-lgutenberg_post_parser_c//') -o app-static
./app-static "$documents"/*.html >/dev/null
echo "C: the tarball's library links with pkg-config, shared and static"
