/* JSON rendering of gpp_document records; see render.h. Valid C99 and C++. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buffer_append(buffer *out, const char *bytes, size_t len) {
    if (out->len + len + 1 > out->cap) {
        size_t cap = out->cap ? out->cap : 256;
        while (out->len + len + 1 > cap) {
            cap *= 2;
        }
        char *grown = (char *)realloc(out->data, cap);
        if (!grown) {
            fputs("out of memory\n", stderr);
            abort();
        }
        out->data = grown;
        out->cap = cap;
    }
    if (len) {
        memcpy(out->data + out->len, bytes, len);
    }
    out->len += len;
    out->data[out->len] = '\0';
}

void buffer_free(buffer *out) {
    free(out->data);
    out->data = NULL;
    out->len = out->cap = 0;
}

static void append_text(buffer *out, const char *text) {
    buffer_append(out, text, strlen(text));
}

/* Appends the bytes between quotes, escaped as JSON.stringify escapes them.
 * Decoded strings may hold a lone surrogate as WTF-8 (ED A0..BF 80..BF), which
 * JSON.stringify writes as a \uXXXX escape. */
static void append_escaped(buffer *out, const char *bytes, size_t len) {
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        const char *escape = NULL;
        char unicode[7];
        if (c == 0xED && i + 2 < len && ((unsigned char)bytes[i + 1] & 0xE0) == 0xA0) {
            unsigned code = 0xD000u | (((unsigned char)bytes[i + 1] & 0x3Fu) << 6) |
                            ((unsigned char)bytes[i + 2] & 0x3Fu);
            buffer_append(out, bytes + run, i - run);
            memcpy(unicode, "\\u", 2);
            for (int digit = 0; digit < 4; digit++) {
                unicode[2 + digit] = hex[(code >> (12 - 4 * digit)) & 15];
            }
            unicode[6] = '\0';
            append_text(out, unicode);
            i += 2;
            run = i + 1;
            continue;
        }
        switch (c) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
            if (c < 0x20) {
                memcpy(unicode, "\\u00", 4);
                unicode[4] = hex[c >> 4];
                unicode[5] = hex[c & 15];
                unicode[6] = '\0';
                escape = unicode;
            }
        }
        if (escape) {
            buffer_append(out, bytes + run, i - run);
            append_text(out, escape);
            run = i + 1;
        }
    }
    buffer_append(out, bytes + run, len - run);
}

static void append_string(buffer *out, const char *bytes, size_t len) {
    buffer_append(out, "\"", 1);
    append_escaped(out, bytes, len);
    buffer_append(out, "\"", 1);
}

static void append_span(buffer *out, const char *base, gpp_span span) {
    append_string(out, base + span.start, span.len);
}

void render_number(buffer *out, double number) {
    if (!isfinite(number)) {
        append_text(out, "null");
        return;
    }
    if (number == 0) {
        append_text(out, "0"); /* -0 prints as 0 too */
        return;
    }
    /* The shortest digits that read back as the same double. */
    char scientific[40];
    int precision = 1;
    for (; precision <= 17; precision++) {
        snprintf(scientific, sizeof scientific, "%.*e", precision - 1, number);
        if (strtod(scientific, NULL) == number) {
            break;
        }
    }
    const char *at = scientific;
    if (*at == '-') {
        buffer_append(out, "-", 1);
        at++;
    }
    char digits[20];
    int k = 0;
    for (; *at != 'e'; at++) {
        if (*at != '.') {
            digits[k++] = *at;
        }
    }
    int n = atoi(at + 1) + 1; /* the value is 0.DIGITS x 10^n */
    char zeros[32];
    memset(zeros, '0', sizeof zeros);
    if (k <= n && n <= 21) {
        buffer_append(out, digits, (size_t)k);
        buffer_append(out, zeros, (size_t)(n - k));
    } else if (0 < n && n <= 21) {
        buffer_append(out, digits, (size_t)n);
        buffer_append(out, ".", 1);
        buffer_append(out, digits + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        buffer_append(out, "0.", 2);
        buffer_append(out, zeros, (size_t)-n);
        buffer_append(out, digits, (size_t)k);
    } else {
        char exponent[16];
        buffer_append(out, digits, 1);
        if (k > 1) {
            buffer_append(out, ".", 1);
            buffer_append(out, digits + 1, (size_t)(k - 1));
        }
        snprintf(exponent, sizeof exponent, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
        append_text(out, exponent);
    }
}

/* A container being written: how many children are left, whether it is an object. */
typedef struct open_value {
    uint32_t remaining;
    int is_object;
    int first;
} open_value;

/* Appends the value at `root` and its descendants, with an explicit stack. */
static void render_value(buffer *out, const gpp_document *document, uint32_t root) {
    const gpp_value *values = document->values;
    size_t end = (size_t)root + 1 + values[root].descendant_count;
    open_value *stack = NULL;
    size_t depth = 0, cap = 0;
    for (size_t i = root; i < end; i++) {
        const gpp_value *value = &values[i];
        if (depth) {
            open_value *parent = &stack[depth - 1];
            if (!parent->first) {
                buffer_append(out, ",", 1);
            }
            parent->first = 0;
            if (parent->is_object) {
                append_span(out, document->text, value->key);
                buffer_append(out, ":", 1);
            }
            parent->remaining--;
        }
        int opened = 0;
        switch (value->kind) {
        case GPP_VALUE_NULL: append_text(out, "null"); break;
        case GPP_VALUE_FALSE: append_text(out, "false"); break;
        case GPP_VALUE_TRUE: append_text(out, "true"); break;
        case GPP_VALUE_NUMBER: render_number(out, value->number); break;
        case GPP_VALUE_STRING: append_span(out, document->text, value->string); break;
        case GPP_VALUE_ARRAY:
        case GPP_VALUE_OBJECT: {
            int is_object = value->kind == GPP_VALUE_OBJECT;
            buffer_append(out, is_object ? "{" : "[", 1);
            if (value->count == 0) {
                buffer_append(out, is_object ? "}" : "]", 1);
                break;
            }
            if (depth == cap) {
                cap = cap ? cap * 2 : 16;
                stack = (open_value *)realloc(stack, cap * sizeof *stack);
                if (!stack) {
                    abort();
                }
            }
            stack[depth].remaining = value->count;
            stack[depth].is_object = is_object;
            stack[depth].first = 1;
            depth++;
            opened = 1;
            break;
        }
        default:
            fprintf(stderr, "unknown value kind %u\n", (unsigned)value->kind);
            abort();
        }
        while (!opened && depth && stack[depth - 1].remaining == 0) {
            buffer_append(out, stack[depth - 1].is_object ? "}" : "]", 1);
            depth--;
        }
    }
    free(stack);
}

static void render_attrs(buffer *out, const gpp_document *document, const gpp_node *node) {
    if (!(node->flags & GPP_NODE_HAS_ATTRS)) {
        append_text(out, "{}");
    } else if (node->flags & GPP_NODE_ATTRS_INVALID) {
        append_text(out, "null");
    } else {
        render_value(out, document, node->attrs_value);
    }
}

/* `{"blockName":…,"attrs":…,"innerBlocks":[` */
static void open_block(buffer *out, const gpp_document *document, const gpp_node *node,
                       const char *input) {
    append_text(out, "{\"blockName\":");
    if (node->flags & GPP_NODE_FREEFORM) {
        append_text(out, "null");
    } else {
        buffer_append(out, "\"", 1);
        if (node->flags & GPP_NODE_IMPLICIT_CORE) {
            append_text(out, "core/");
        }
        append_escaped(out, input + node->name.start, node->name.len);
        buffer_append(out, "\"", 1);
    }
    append_text(out, ",\"attrs\":");
    render_attrs(out, document, node);
    append_text(out, ",\"innerBlocks\":[");
}

/* `],"innerHTML":…,"innerContent":[…]}` */
static void close_block(buffer *out, const gpp_document *document, const gpp_node *node,
                        const char *input) {
    const gpp_content *contents = document->contents + node->content_start;
    append_text(out, "],\"innerHTML\":\"");
    for (uint32_t i = 0; i < node->content_count; i++) {
        if (contents[i].node == GPP_NONE) {
            append_escaped(out, input + contents[i].span.start, contents[i].span.len);
        }
    }
    append_text(out, "\",\"innerContent\":[");
    for (uint32_t i = 0; i < node->content_count; i++) {
        if (i) {
            buffer_append(out, ",", 1);
        }
        if (contents[i].node == GPP_NONE) {
            append_span(out, input, contents[i].span);
        } else {
            append_text(out, "null");
        }
    }
    append_text(out, "]}");
}

/* A block whose inner blocks are being written. */
typedef struct open_block_frame {
    size_t node;
    uint32_t remaining;
} open_block_frame;

void render_document(buffer *out, const gpp_document *document, const char *input) {
    open_block_frame *stack = NULL;
    size_t depth = 0, cap = 0;
    int first_root = 1;
    buffer_append(out, "[", 1);
    for (size_t i = 0; i < document->node_count; i++) {
        const gpp_node *node = &document->nodes[i];
        if (depth) {
            open_block_frame *parent = &stack[depth - 1];
            if (parent->remaining != document->nodes[parent->node].child_count) {
                buffer_append(out, ",", 1);
            }
            parent->remaining--;
        } else if (!first_root) {
            buffer_append(out, ",", 1);
        }
        first_root = 0;
        open_block(out, document, node, input);
        if (node->child_count) {
            if (depth == cap) {
                cap = cap ? cap * 2 : 16;
                stack = (open_block_frame *)realloc(stack, cap * sizeof *stack);
                if (!stack) {
                    abort();
                }
            }
            stack[depth].node = i;
            stack[depth].remaining = node->child_count;
            depth++;
            continue;
        }
        close_block(out, document, node, input);
        while (depth && stack[depth - 1].remaining == 0) {
            close_block(out, document, &document->nodes[stack[depth - 1].node], input);
            depth--;
        }
    }
    buffer_append(out, "]", 1);
    free(stack);
}
