/* Renders a gpp_document's records as the reference parser's JSON, so the
 * records can be compared byte for byte with fixtures/cases/NAME.json. */
#ifndef GPP_TEST_RENDER_H
#define GPP_TEST_RENDER_H

#include <stddef.h>

#include "gutenberg_post_parser.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A growable byte buffer; out of memory aborts the test. */
typedef struct buffer {
    char *data;
    size_t len;
    size_t cap;
} buffer;

/* Appends `len` bytes. */
void buffer_append(buffer *out, const char *bytes, size_t len);

/* Frees the buffer's memory and empties it. */
void buffer_free(buffer *out);

/* Appends JSON.stringify(parse(input)) built from the records alone. The
 * document must come from gpp_parse with GPP_PARSE_DECODE_ATTRS. Iterative:
 * any nesting depth works. */
void render_document(buffer *out, const gpp_document *document, const char *input);

/* Appends a double as JavaScript's Number#toString prints it (null when not
 * finite, as JSON.stringify does). */
void render_number(buffer *out, double number);

#ifdef __cplusplus
}
#endif

#endif
