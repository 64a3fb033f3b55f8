/*
 * tree_json.c: the reference's JSON for a gpp_document, built from its flat
 * records with explicit stacks (no recursion on the document's structure).
 */
#include "tree_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Writes `len` bytes of UTF-8 as a JSON string (contents only, no quotes).
 * Decoded strings may hold a lone surrogate as WTF-8 (ED A0..BF 80..BF): it is
 * written as the \uXXXX escape JSON.stringify writes for it. */
static void write_escaped(FILE *out, const char *text, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0xED && i + 2 < len && ((unsigned char)text[i + 1] & 0xE0) == 0xA0) {
            unsigned code = 0xD000u | (((unsigned char)text[i + 1] & 0x3Fu) << 6) |
                            ((unsigned char)text[i + 2] & 0x3Fu);
            fprintf(out, "\\u%04x", code);
            i += 2;
        } else if (c == '"' || c == '\\') {
            putc('\\', out);
            putc(c, out);
        } else if (c < 0x20) {
            fprintf(out, "\\u%04x", c);
        } else {
            putc(c, out);
        }
    }
}

/* Writes a span of `base` as a quoted JSON string. */
static void write_span(FILE *out, const char *base, gpp_span span) {
    putc('"', out);
    write_escaped(out, base + span.start, span.len);
    putc('"', out);
}

/* One open array or object while writing decoded attributes. */
typedef struct {
    uint32_t remaining;
    bool is_object;
} value_frame;

/* Writes the decoded value tree starting at values[first]. */
static int write_value(FILE *out, const gpp_document *document, uint32_t first) {
    const gpp_value *values = document->values;
    value_frame *frames = malloc(sizeof *frames * ((size_t)values[first].descendant_count + 1));
    if (frames == NULL) {
        return -1;
    }
    size_t depth = 0;
    size_t at = first;
    for (;;) {
        const gpp_value *value = &values[at++];
        if (depth > 0 && frames[depth - 1].is_object) {
            write_span(out, document->text, value->key);
            putc(':', out);
        }
        switch (value->kind) {
        case GPP_VALUE_FALSE:
            fputs("false", out);
            break;
        case GPP_VALUE_TRUE:
            fputs("true", out);
            break;
        case GPP_VALUE_NUMBER:
            if (isfinite(value->number)) {
                fprintf(out, "%.17g", value->number);
            } else {
                fputs("null", out); /* what JSON.stringify prints for infinity */
            }
            break;
        case GPP_VALUE_STRING:
            write_span(out, document->text, value->string);
            break;
        case GPP_VALUE_ARRAY:
        case GPP_VALUE_OBJECT: {
            bool is_object = value->kind == GPP_VALUE_OBJECT;
            putc(is_object ? '{' : '[', out);
            if (value->count > 0) {
                frames[depth++] = (value_frame){value->count, is_object};
                continue;
            }
            putc(is_object ? '}' : ']', out);
            break;
        }
        default:
            fputs("null", out);
            break;
        }
        /* A value is complete: close every container it completes. */
        while (depth > 0) {
            if (--frames[depth - 1].remaining > 0) {
                putc(',', out);
                break;
            }
            putc(frames[depth - 1].is_object ? '}' : ']', out);
            depth--;
        }
        if (depth == 0) {
            break;
        }
    }
    free(frames);
    return 0;
}

/* `{"blockName":…,"attrs":…,"innerBlocks":[` */
static int open_block(FILE *out, const char *input, const gpp_document *document, const gpp_node *node) {
    fputs("{\"blockName\":", out);
    if (node->flags & GPP_NODE_FREEFORM) {
        fputs("null", out);
    } else {
        putc('"', out);
        if (node->flags & GPP_NODE_IMPLICIT_CORE) {
            fputs("core/", out);
        }
        write_escaped(out, input + node->name.start, node->name.len);
        putc('"', out);
    }
    fputs(",\"attrs\":", out);
    if (node->flags & GPP_NODE_ATTRS_INVALID) {
        fputs("null", out);
    } else if (node->attrs_value == GPP_NONE) {
        fputs("{}", out);
    } else if (write_value(out, document, node->attrs_value) != 0) {
        return -1;
    }
    fputs(",\"innerBlocks\":[", out);
    return 0;
}

/* `],"innerHTML":…,"innerContent":[…]}` */
static void close_block(FILE *out, const char *input, const gpp_document *document, const gpp_node *node) {
    const gpp_content *contents = document->contents + node->content_start;
    fputs("],\"innerHTML\":\"", out);
    for (uint32_t i = 0; i < node->content_count; i++) {
        if (contents[i].node == GPP_NONE) {
            write_escaped(out, input + contents[i].span.start, contents[i].span.len);
        }
    }
    fputs("\",\"innerContent\":[", out);
    for (uint32_t i = 0; i < node->content_count; i++) {
        if (i > 0) {
            putc(',', out);
        }
        if (contents[i].node == GPP_NONE) {
            write_span(out, input, contents[i].span);
        } else {
            fputs("null", out);
        }
    }
    fputs("]}", out);
}

/* One block whose inner blocks are being written. */
typedef struct {
    uint32_t node;
    uint32_t next_child;
    uint32_t remaining;
} block_frame;

int write_tree_json(FILE *out, const char *input, const gpp_document *document) {
    const gpp_node *nodes = document->nodes;
    block_frame *frames = malloc(sizeof *frames * (document->node_count + 1));
    if (frames == NULL) {
        return -1;
    }
    putc('[', out);
    uint32_t root = 0;
    for (size_t r = 0; r < document->root_count; r++) {
        if (r > 0) {
            putc(',', out);
        }
        size_t depth = 0;
        if (open_block(out, input, document, &nodes[root]) != 0) {
            free(frames);
            return -1;
        }
        frames[depth++] = (block_frame){root, root + 1, nodes[root].child_count};
        while (depth > 0) {
            block_frame *top = &frames[depth - 1];
            if (top->remaining > 0) {
                uint32_t child = top->next_child;
                if (top->remaining < nodes[top->node].child_count) {
                    putc(',', out);
                }
                top->remaining--;
                top->next_child = child + 1 + nodes[child].descendant_count;
                if (open_block(out, input, document, &nodes[child]) != 0) {
                    free(frames);
                    return -1;
                }
                frames[depth++] = (block_frame){child, child + 1, nodes[child].child_count};
            } else {
                close_block(out, input, document, &nodes[top->node]);
                depth--;
            }
        }
        root += 1 + nodes[root].descendant_count;
    }
    fputs("]\n", out);
    free(frames);
    return 0;
}
