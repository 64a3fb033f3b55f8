/*
 * tree_json.h: writes a gpp_document (records parsed with
 * GPP_PARSE_DECODE_ATTRS) as the reference parser's JSON, for conformance mode.
 */
#ifndef GPP_BENCH_TREE_JSON_H
#define GPP_BENCH_TREE_JSON_H

#include <stdio.h>

#include "gutenberg_post_parser.h"

/*
 * Writes the blocks of `document`, parsed from `input`, to `out` as a JSON
 * array in the reference's shape, then a newline. Iterative: any nesting depth.
 * Returns 0, or -1 when memory runs out.
 */
int write_tree_json(FILE *out, const char *input, const gpp_document *document);

#endif
