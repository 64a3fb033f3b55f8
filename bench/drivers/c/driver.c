/*
 * driver.c: benchmark and conformance driver for the C ABI (protocol:
 * bench/README.md).
 *
 *   gpp-bench-c --form records|attrs --warmup W --runs R --batch K FILE
 *   gpp-bench-c --conformance DOCUMENTS
 *
 * `records` times gpp_parse without options (flat node records) and
 * gpp_document_free; `attrs` adds GPP_PARSE_DECODE_ATTRS (attributes decoded
 * into value records). A FILE named *.documents is a documents file, timed as
 * one set (every document parsed once per parse, in order). Conformance mode
 * parses with decoded attributes and prints each document's tree as the
 * reference's JSON, one line each.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gutenberg_post_parser.h"
#include "tree_json.h"

/* The command line. */
typedef struct {
    const char *form;
    long warmup;
    long runs;
    long batch;
    const char *file;
    const char *conformance;
} options;

static void fail(const char *message, const char *detail) {
    fprintf(stderr, "gpp-bench-c: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static long positive(const char *flag, const char *value) {
    char *end = NULL;
    long n = value ? strtol(value, &end, 10) : 0;
    if (value == NULL || *end != '\0' || n <= 0) {
        fail("needs a positive number", flag);
    }
    return n;
}

static options parse_options(int argc, char **argv) {
    options found = {"records", 1, 1, 1, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--form") == 0 && value) {
            found.form = argv[++i];
        } else if (strcmp(argv[i], "--warmup") == 0) {
            found.warmup = positive(argv[i], value);
            i++;
        } else if (strcmp(argv[i], "--runs") == 0) {
            found.runs = positive(argv[i], value);
            i++;
        } else if (strcmp(argv[i], "--batch") == 0) {
            found.batch = positive(argv[i], value);
            i++;
        } else if (strcmp(argv[i], "--conformance") == 0 && value) {
            found.conformance = argv[++i];
        } else {
            found.file = argv[i];
        }
    }
    if (strcmp(found.form, "records") != 0 && strcmp(found.form, "attrs") != 0) {
        fail("--form is records or attrs", found.form);
    }
    if (found.file == NULL && found.conformance == NULL) {
        fail("usage: gpp-bench-c --form F (--warmup W --runs R --batch K FILE | --conformance FILE)", NULL);
    }
    return found;
}

/* The whole file, in a buffer the caller frees; its length in *len. */
static char *read_file(const char *path, size_t *len) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fail("cannot open", path);
    }
    size_t capacity = 1 << 16, used = 0;
    char *data = malloc(capacity);
    for (;;) {
        if (data == NULL) {
            fail("out of memory reading", path);
        }
        used += fread(data + used, 1, capacity - used, file);
        if (used < capacity) {
            break;
        }
        capacity *= 2;
        data = realloc(data, capacity);
    }
    if (ferror(file)) {
        fail("cannot read", path);
    }
    fclose(file);
    *len = used;
    return data;
}

/* One document of an input: where its text starts and how long it is. */
typedef struct {
    const char *text;
    size_t len;
} span;

/* The documents of a documents file held in data[0..len] (bench/README.md):
 * for each, its length in decimal, a newline, the document, a newline. The
 * caller frees the array; their number in *count. */
static span *split_documents(const char *data, size_t len, const char *path, size_t *count) {
    size_t capacity = 64, used = 0, at = 0;
    span *found = malloc(sizeof *found * capacity);
    while (at < len) {
        char *end = NULL;
        unsigned long long size = strtoull(data + at, &end, 10);
        if (found == NULL) {
            fail("out of memory", NULL);
        }
        if (end == data + at || *end != '\n' || size > len - (size_t)(end + 1 - data)) {
            fail("bad documents file", path);
        }
        if (used == capacity) {
            capacity *= 2;
            found = realloc(found, sizeof *found * capacity);
            if (found == NULL) {
                fail("out of memory", NULL);
            }
        }
        found[used].text = end + 1;
        found[used].len = (size_t)size;
        used++;
        at = (size_t)(end + 1 - data) + (size_t)size + 1;
    }
    *count = used;
    return found;
}

/* Whether `path` names a documents file, timed as one set. */
static bool is_documents_file(const char *path) {
    const char *suffix = ".documents";
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcmp(path + n - k, suffix) == 0;
}

/* High-water mark of resident memory (VmHWM) in KiB. */
static long peak_rss_kb(void) {
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    while (status != NULL && fgets(line, sizeof line, status) != NULL) {
        if (sscanf(line, "VmHWM: %ld", &kb) == 1) {
            break;
        }
    }
    if (status != NULL) {
        fclose(status);
    }
    return kb;
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One parse into records and its free; exits on failure. */
static size_t parse_once(const char *text, size_t len, uint32_t flags) {
    const gpp_document *document = NULL;
    gpp_error error;
    if (gpp_parse(text, len, flags, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error) != GPP_OK) {
        char message[256];
        gpp_error_message(&error, message, sizeof message);
        fail("gpp_parse failed", message);
    }
    size_t count = document->node_count;
    gpp_document_free(document);
    return count;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Parses every document of `docs` once, in order; returns their node count. */
static size_t parse_all(const span *docs, size_t count, uint32_t flags) {
    size_t nodes = 0;
    for (size_t d = 0; d < count; d++) {
        nodes += parse_once(docs[d].text, docs[d].len, flags);
    }
    return nodes;
}

static void time_file(const options *opts) {
    size_t len;
    char *text = read_file(opts->file, &len);
    bool is_set = is_documents_file(opts->file);
    span whole = {text, len};
    size_t count = 1;
    span *docs = is_set ? split_documents(text, len, opts->file, &count) : &whole;
    size_t bytes = 0;
    for (size_t d = 0; d < count; d++) {
        bytes += docs[d].len;
    }
    uint32_t flags = strcmp(opts->form, "attrs") == 0 ? GPP_PARSE_DECODE_ATTRS : 0;
    long base = peak_rss_kb();
    size_t blocks = 0;
    for (long i = 0; i < opts->warmup * opts->batch; i++) {
        blocks += parse_all(docs, count, flags);
    }
    double *samples = malloc(sizeof *samples * (size_t)opts->runs);
    if (samples == NULL) {
        fail("out of memory", NULL);
    }
    for (long r = 0; r < opts->runs; r++) {
        double started = now_ns();
        for (long i = 0; i < opts->batch; i++) {
            blocks += parse_all(docs, count, flags);
        }
        samples[r] = (now_ns() - started) / (double)opts->batch;
    }
    qsort(samples, (size_t)opts->runs, sizeof *samples, by_value);
    const char *name = strrchr(opts->file, '/') ? strrchr(opts->file, '/') + 1 : opts->file;
    printf("{\"impl\":\"c-%s\",\"file\":\"", opts->form);
    for (const char *c = name; *c; c++) {
        if (*c == '"' || *c == '\\') {
            putchar('\\');
        }
        putchar(*c);
    }
    printf("\",\"bytes\":%zu,\"median_ns\":%.1f,\"runs\":%ld,\"batch\":%ld,\"base_rss_kb\":%ld,"
           "\"peak_rss_kb\":%ld,\"blocks\":%zu",
           bytes, samples[opts->runs / 2], opts->runs, opts->batch, base, peak_rss_kb(),
           blocks / (size_t)((opts->warmup + opts->runs) * opts->batch));
    if (is_set) {
        printf(",\"documents\":%zu", count);
        free(docs);
    }
    printf("}\n");
    free(samples);
    free(text);
}

/* Prints the tree of every document of a documents file (bench/README.md). */
static void check_corpus(const char *path) {
    size_t len, count;
    char *data = read_file(path, &len);
    span *docs = split_documents(data, len, path, &count);
    static char buffer[1 << 16];
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    for (size_t d = 0; d < count; d++) {
        const gpp_document *document = NULL;
        gpp_error error;
        if (gpp_parse(docs[d].text, docs[d].len, GPP_PARSE_DECODE_ATTRS, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error) != GPP_OK) {
            char message[256];
            gpp_error_message(&error, message, sizeof message);
            fail("gpp_parse failed", message);
        }
        if (write_tree_json(stdout, docs[d].text, document) != 0) {
            fail("out of memory", NULL);
        }
        gpp_document_free(document);
    }
    fflush(stdout);
    free(docs);
    free(data);
}

int main(int argc, char **argv) {
    options opts = parse_options(argc, argv);
    if (opts.conformance != NULL) {
        check_corpus(opts.conformance);
    } else {
        time_file(&opts);
    }
    return 0;
}
