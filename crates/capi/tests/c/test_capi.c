/* Tests of the C ABI: every fixture (JSON call and records), structure of the
 * records, errors, NULL arguments, 100,000-deep nesting and threads.
 * Usage: test_capi FIXTURES_DIR. Valid C99 and C++; run under valgrind in CI. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gutenberg_post_parser.h"
#include "render.h"

static int failures = 0;
static int checks = 0;

#define CHECK(condition, ...)                                                  \
    do {                                                                       \
        checks++;                                                              \
        if (!(condition)) {                                                    \
            failures++;                                                        \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #condition); \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
        }                                                                      \
    } while (0)

/* A fixture: its input and the reference's JSON. */
typedef struct fixture {
    char *name;
    buffer html;
    buffer json;
} fixture;

static int read_file(const char *path, buffer *out) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        return 0;
    }
    char chunk[65536];
    size_t got;
    buffer_append(out, "", 0);
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
        buffer_append(out, chunk, got);
    }
    int ok = !ferror(file);
    fclose(file);
    return ok;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(((const fixture *)a)->name, ((const fixture *)b)->name);
}

/* Reads every NAME.html with its NAME.json from `dir`. */
static fixture *load_fixtures(const char *dir, size_t *count) {
    DIR *listing = opendir(dir);
    if (!listing) {
        fprintf(stderr, "cannot open %s\n", dir);
        exit(2);
    }
    fixture *fixtures = NULL;
    size_t len = 0, cap = 0;
    struct dirent *entry;
    while ((entry = readdir(listing)) != NULL) {
        size_t name_len = strlen(entry->d_name);
        if (name_len < 6 || strcmp(entry->d_name + name_len - 5, ".html") != 0) {
            continue;
        }
        if (len == cap) {
            cap = cap ? cap * 2 : 64;
            fixtures = (fixture *)realloc(fixtures, cap * sizeof *fixtures);
            if (!fixtures) {
                abort();
            }
        }
        fixture *f = &fixtures[len++];
        memset(f, 0, sizeof *f);
        f->name = (char *)malloc(name_len - 4);
        memcpy(f->name, entry->d_name, name_len - 5);
        f->name[name_len - 5] = '\0';
        size_t path_len = strlen(dir) + name_len + 2;
        char *path = (char *)malloc(path_len);
        snprintf(path, path_len, "%s/%s", dir, entry->d_name);
        int ok = read_file(path, &f->html);
        memcpy(path + strlen(path) - 4, "json", 4);
        ok = ok && read_file(path, &f->json);
        if (!ok) {
            fprintf(stderr, "cannot read %s\n", path);
            exit(2);
        }
        free(path);
    }
    closedir(listing);
    if (len) {
        qsort(fixtures, len, sizeof *fixtures, compare_names);
    }
    *count = len;
    return fixtures;
}

/* Whether the records and content entries agree with each other. */
static int structure_is_consistent(const gpp_document *document) {
    size_t roots = 0;
    for (size_t i = 0; i < document->node_count; i += 1 + document->nodes[i].descendant_count) {
        roots++;
    }
    if (roots != document->root_count) {
        return 0;
    }
    for (size_t i = 0; i < document->node_count; i++) {
        const gpp_node *node = &document->nodes[i];
        size_t next_child = i + 1;
        uint32_t children = 0;
        uint32_t end = node->span.start + node->span.len;
        if (node->opener_len + node->closer_len > node->span.len) {
            return 0;
        }
        for (uint32_t c = 0; c < node->content_count; c++) {
            const gpp_content *entry = &document->contents[node->content_start + c];
            if (entry->span.start < node->span.start || entry->span.start + entry->span.len > end) {
                return 0;
            }
            if (entry->node == GPP_NONE) {
                continue;
            }
            const gpp_node *child = &document->nodes[entry->node];
            if (entry->node != next_child || child->span.start != entry->span.start ||
                child->span.len != entry->span.len) {
                return 0;
            }
            next_child += 1 + child->descendant_count;
            children++;
        }
        if (children != node->child_count || next_child != i + 1 + node->descendant_count) {
            return 0;
        }
    }
    return 1;
}

/* Parses `f` both ways and compares with the reference; returns failures seen. */
static int check_fixture(const fixture *f) {
    int failed = 0;
    gpp_error error;
    char *json = NULL;
    size_t json_len = 0;
    gpp_status status = gpp_parse_json(f->html.data, f->html.len, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, &json_len, &error);
    if (status != GPP_OK || json_len != f->json.len || memcmp(json, f->json.data, json_len) != 0) {
        fprintf(stderr, "FAIL %s: gpp_parse_json differs from the reference\n", f->name);
        failed++;
    }
    gpp_json_free(json);

    const gpp_document *decoded = NULL;
    status = gpp_parse(f->html.data, f->html.len, GPP_PARSE_DECODE_ATTRS, GPP_DEFAULT_MAX_OUTPUT_BYTES, &decoded, &error);
    if (status != GPP_OK) {
        fprintf(stderr, "FAIL %s: gpp_parse returned %d\n", f->name, (int)status);
        return failed + 1;
    }
    buffer rendered = {NULL, 0, 0};
    render_document(&rendered, decoded, f->html.data);
    if (rendered.len != f->json.len || memcmp(rendered.data, f->json.data, rendered.len) != 0) {
        fprintf(stderr, "FAIL %s: records render as\n%s\nexpected\n%s\n", f->name, rendered.data,
                f->json.data);
        failed++;
    }
    buffer_free(&rendered);
    if (!structure_is_consistent(decoded)) {
        fprintf(stderr, "FAIL %s: inconsistent records\n", f->name);
        failed++;
    }

    /* Without decoding, the same records except for decoded attributes. */
    const gpp_document *plain = NULL;
    status = gpp_parse(f->html.data, f->html.len, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &plain, NULL);
    int same = status == GPP_OK && plain->node_count == decoded->node_count &&
               plain->content_count == decoded->content_count && plain->value_count == 0 &&
               plain->values == NULL && plain->text == NULL;
    for (size_t i = 0; same && i < plain->node_count; i++) {
        gpp_node expected = decoded->nodes[i];
        expected.flags &= ~(uint32_t)GPP_NODE_ATTRS_INVALID;
        expected.attrs_value = GPP_NONE;
        same = memcmp(&expected, &plain->nodes[i], sizeof expected) == 0;
    }
    if (same && plain->content_count) {
        same = memcmp(plain->contents, decoded->contents,
                      plain->content_count * sizeof *plain->contents) == 0;
    }
    if (!same) {
        fprintf(stderr, "FAIL %s: records without GPP_PARSE_DECODE_ATTRS differ\n", f->name);
        failed++;
    }
    gpp_document_free(plain);
    gpp_document_free(decoded);
    return failed;
}

static void test_fixtures(const fixture *fixtures, size_t count) {
    for (size_t i = 0; i < count; i++) {
        checks++;
        failures += check_fixture(&fixtures[i]) ? 1 : 0;
    }
}

static void test_errors(void) {
    char message[128];
    gpp_error error;
    const gpp_document *document = (const gpp_document *)&error; /* must be reset to NULL */
    const char invalid[] = "<p>caf\xc3\xa9 \xff</p>";
    gpp_status status = gpp_parse(invalid, sizeof invalid - 1, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error);
    CHECK(status == GPP_ERROR_INVALID_UTF8 && error.status == status, "status %d", (int)status);
    CHECK(document == NULL, "document not reset");
    CHECK(error.offset == 9 && error.length == 1, "offset %zu length %zu", error.offset,
          error.length);
    size_t full = gpp_error_message(&error, message, sizeof message);
    CHECK(strcmp(message, "invalid UTF-8: 1 invalid byte(s) at byte offset 9") == 0, "%s", message);
    CHECK(full == strlen(message), "length %zu", full);
    CHECK(gpp_error_message(&error, message, 8) == full && strlen(message) == 7, "truncation");
    CHECK(gpp_error_message(&error, NULL, 0) == full, "NULL buffer");

    const char truncated[] = "ok \xe2\x82";
    status = gpp_parse(truncated, sizeof truncated - 1, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error);
    CHECK(status == GPP_ERROR_INVALID_UTF8 && error.offset == 3 && error.length == 0, "truncated");
    gpp_error_message(&error, message, sizeof message);
    CHECK(strstr(message, "ends inside a character") != NULL, "%s", message);

    char *json = message;
    size_t json_len = 7;
    status = gpp_parse_json(invalid, sizeof invalid - 1, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, &json_len, NULL);
    CHECK(status == GPP_ERROR_INVALID_UTF8 && json == NULL && json_len == 0, "json error");

    /* NULL arguments. */
    CHECK(gpp_parse(NULL, 4, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error) == GPP_ERROR_NULL_POINTER &&
              error.status == GPP_ERROR_NULL_POINTER && document == NULL,
          "NULL input");
    CHECK(gpp_parse("x", 1, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, NULL, &error) == GPP_ERROR_NULL_POINTER, "NULL out");
    CHECK(gpp_parse("x", 1, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, NULL, NULL) == GPP_ERROR_NULL_POINTER, "NULL out and error");
    CHECK(gpp_parse_json("x", 1, GPP_DEFAULT_MAX_OUTPUT_BYTES, NULL, &json_len, &error) == GPP_ERROR_NULL_POINTER, "NULL json");
    CHECK(gpp_parse_json(NULL, 1, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, NULL, NULL) == GPP_ERROR_NULL_POINTER && json == NULL,
          "NULL json input");
    CHECK(gpp_parse("x", 1, 1u << 7, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error) == GPP_ERROR_INVALID_ARGUMENT, "options");
    gpp_error_message(&error, message, sizeof message);
    CHECK(strstr(message, "option") != NULL, "%s", message);
    CHECK(gpp_parse("x", (size_t)GPP_MAX_INPUT_LEN + 1, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error) ==
              GPP_ERROR_INPUT_TOO_LARGE,
          "too large");
    CHECK(gpp_error_message(NULL, message, sizeof message) > 0, "NULL error");
    gpp_error unknown = {99, 0, 0, 0, 0};
    gpp_error_message(&unknown, message, sizeof message);
    CHECK(strcmp(message, "unknown status code 99") == 0, "%s", message);
    gpp_document_free(NULL);
    gpp_json_free(NULL);

    /* An empty input may be NULL and gives no blocks. */
    CHECK(gpp_parse(NULL, 0, GPP_PARSE_DECODE_ATTRS, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, &error) == GPP_OK &&
              error.status == GPP_OK && document->node_count == 0 && document->nodes == NULL,
          "empty input");
    gpp_document_free(document);
    CHECK(gpp_parse_json(NULL, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, &json_len, NULL) == GPP_OK && strcmp(json, "[]") == 0 &&
              json_len == 2,
          "empty JSON");
    gpp_json_free(json);
    CHECK(gpp_version() != NULL && strlen(gpp_version()) > 0, "version");
}

/* Unclosed openers each hold the rest of the document: the JSON of 2,000 of
 * them is about 72 MB, refused under a smaller limit with the sizes in the
 * error, and exact with no limit. */
static void test_expansion_limit(void) {
    const char opener[] = "<!-- wp:group -->x";
    const size_t count = 2000, unit = sizeof opener - 1;
    char *input = (char *)malloc(count * unit);
    CHECK(input != NULL, "malloc");
    if (input == NULL) return;
    for (size_t i = 0; i < count; i++) memcpy(input + i * unit, opener, unit);

    char *json = NULL;
    size_t json_len = 0;
    gpp_error error;
    gpp_status status = gpp_parse_json(input, count * unit, 1u << 20, &json, &json_len, &error);
    CHECK(status == GPP_ERROR_EXPANSION_LIMIT && json == NULL && error.limit == (1u << 20) &&
              error.output_bytes > 60000000u,
          "over the limit: status %d", (int)status);
    char message[512];
    gpp_error_message(&error, message, sizeof message);
    CHECK(strstr(message, "max_output_bytes") != NULL, "%s", message);

    status = gpp_parse_json(input, count * unit, 0, &json, &json_len, &error);
    CHECK(status == GPP_OK && json_len > 70000000u, "no limit: status %d, %zu bytes", (int)status,
          json_len);
    /* The last block is the outermost: its innerHTML is the rest of the document. */
    CHECK(json != NULL && strstr(json, "\"innerHTML\":\"x<!-- wp:group -->x") != NULL, "content");
    gpp_json_free(json);

    /* The records hold spans of the input: far under any limit. */
    const gpp_document *document = NULL;
    status = gpp_parse(input, count * unit, 0, 1u << 20, &document, &error);
    CHECK(status == GPP_OK && document->root_count == 2 * count - 1, "records");
    gpp_document_free(document);
    free(input);
}

static void test_deep_nesting(void) {
    const size_t depth = 100000;
    const char *opener = "<!-- wp:group -->";
    const char *closer = "<!-- /wp:group -->";
    size_t opener_len = strlen(opener), closer_len = strlen(closer);
    buffer input = {NULL, 0, 0};
    for (size_t i = 0; i < depth; i++) {
        buffer_append(&input, opener, opener_len);
    }
    buffer_append(&input, "<p>deep</p>", 11);
    for (size_t i = 0; i < depth; i++) {
        buffer_append(&input, closer, closer_len);
    }
    const gpp_document *document = NULL;
    gpp_status status = gpp_parse(input.data, input.len, GPP_PARSE_DECODE_ATTRS, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, NULL);
    CHECK(status == GPP_OK && document->node_count == depth && document->root_count == 1,
          "deep parse");
    if (status == GPP_OK) {
        const gpp_node *innermost = &document->nodes[depth - 1];
        CHECK(document->nodes[0].descendant_count == depth - 1 && innermost->child_count == 0,
              "deep shape");
        const gpp_content *html = &document->contents[innermost->content_start];
        CHECK(innermost->content_count == 1 && html->span.len == 11 &&
                  memcmp(input.data + html->span.start, "<p>deep</p>", 11) == 0,
              "innermost HTML");
        CHECK(structure_is_consistent(document), "deep structure");
        buffer rendered = {NULL, 0, 0};
        render_document(&rendered, document, input.data);
        char *json = NULL;
        size_t json_len = 0;
        CHECK(gpp_parse_json(input.data, input.len, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, &json_len, NULL) == GPP_OK &&
                  json_len == rendered.len && memcmp(json, rendered.data, json_len) == 0,
              "deep JSON");
        gpp_json_free(json);
        buffer_free(&rendered);
    }
    gpp_document_free(document);
    buffer_free(&input);
}

static void test_numbers(void) {
    /* Attribute numbers come back as doubles that JavaScript prints exactly. */
    const char input[] = "<!-- wp:x {\"a\":[1e21,1e-7,-0,0.1,123456789012345680000,5e-324,1e400]} /-->";
    const gpp_document *document = NULL;
    CHECK(gpp_parse(input, sizeof input - 1, GPP_PARSE_DECODE_ATTRS, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, NULL) == GPP_OK,
          "numbers parse");
    buffer rendered = {NULL, 0, 0};
    render_document(&rendered, document, input);
    const char *expected = "[{\"blockName\":\"core/x\",\"attrs\":{\"a\":[1e+21,1e-7,0,0.1,"
                           "123456789012345680000,5e-324,null]},\"innerBlocks\":[],"
                           "\"innerHTML\":\"\",\"innerContent\":[]}]";
    CHECK(strcmp(rendered.data, expected) == 0, "%s", rendered.data);
    buffer_free(&rendered);
    gpp_document_free(document);
}

/* Each thread parses every fixture, starting at a different one. */
typedef struct thread_work {
    const fixture *fixtures;
    size_t count;
    size_t offset;
    int failed;
} thread_work;

static void *parse_all(void *argument) {
    thread_work *work = (thread_work *)argument;
    for (size_t i = 0; i < work->count; i++) {
        work->failed += check_fixture(&work->fixtures[(i + work->offset) % work->count]);
    }
    return NULL;
}

static void test_threads(const fixture *fixtures, size_t count) {
    enum { THREADS = 8 };
    pthread_t threads[THREADS];
    thread_work work[THREADS];
    for (size_t t = 0; t < THREADS; t++) {
        work[t].fixtures = fixtures;
        work[t].count = count;
        work[t].offset = t * count / THREADS;
        work[t].failed = 0;
        CHECK(pthread_create(&threads[t], NULL, parse_all, &work[t]) == 0, "thread %zu", t);
    }
    for (size_t t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        CHECK(work[t].failed == 0, "thread %zu saw %d failures", t, work[t].failed);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    size_t count = 0;
    fixture *fixtures = load_fixtures(argv[1], &count);
    CHECK(count > 0, "no fixtures in %s", argv[1]);
    test_fixtures(fixtures, count);
    test_errors();
    test_numbers();
    test_deep_nesting();
    test_expansion_limit();
    test_threads(fixtures, count);
    for (size_t i = 0; i < count; i++) {
        free(fixtures[i].name);
        buffer_free(&fixtures[i].html);
        buffer_free(&fixtures[i].json);
    }
    free(fixtures);
    printf("%zu fixtures, %d checks, %d failures\n", count, checks, failures);
    return failures ? 1 : 0;
}
