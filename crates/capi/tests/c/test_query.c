/* Tests of finding and editing through the C ABI: gpp_find against the
 * records of gpp_parse, edits whose result the reference parses as intended
 * (the expected JSON below is the Node reference's output for the edited
 * text), untouched bytes, refusals and NULL arguments.
 * Usage: test_query. Valid C99 and C++; run under valgrind in CI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gutenberg_post_parser.h"

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

static const char POST[] =
    "<p>intro</p>\n"
    "<!-- wp:image {\"id\":7,\"url\":\"http://old.example/a.jpg\"} /-->\n"
    "<!-- wp:group --><!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph --><!-- /wp:group -->";

/* The reference's parse of the edited text. */
static const char EDITED_JSON[] =
    "[{\"blockName\":null,\"attrs\":{},\"innerBlocks\":[],\"innerHTML\":\"<p>intro</p>\\n\","
    "\"innerContent\":[\"<p>intro</p>\\n\"]},{\"blockName\":\"core/image\",\"attrs\":{\"id\":8,"
    "\"alt\":\"a <b> --\"},\"innerBlocks\":[],\"innerHTML\":\"\",\"innerContent\":[]},"
    "{\"blockName\":null,\"attrs\":{},\"innerBlocks\":[],\"innerHTML\":\"\\n\",\"innerContent\":"
    "[\"\\n\"]},{\"blockName\":\"core/group\",\"attrs\":{},\"innerBlocks\":[{\"blockName\":"
    "\"core/separator\",\"attrs\":{},\"innerBlocks\":[],\"innerHTML\":\"\",\"innerContent\":[]},"
    "{\"blockName\":\"core/paragraph\",\"attrs\":{},\"innerBlocks\":[],\"innerHTML\":"
    "\"<p>Hello</p>\",\"innerContent\":[\"<p>Hello</p>\"]}],\"innerHTML\":\"\",\"innerContent\":"
    "[null,null]}]";

static int span_is(gpp_span span, const char *text, const char *expected) {
    return span.len == strlen(expected) && memcmp(text + span.start, expected, span.len) == 0;
}

static gpp_matches *find(const gpp_tree *tree, const char *pattern, const gpp_attr_filter *filters,
                         size_t count) {
    gpp_matches *matches = NULL;
    gpp_status status = gpp_find(tree, pattern, strlen(pattern), filters, count, &matches, NULL);
    CHECK(status == GPP_OK && matches != NULL, "find %s: status %d", pattern, (int)status);
    return matches;
}

static void test_find(const gpp_tree *tree) {
    const gpp_document *document = NULL;
    CHECK(gpp_parse(POST, sizeof POST - 1, 0, GPP_DEFAULT_MAX_OUTPUT_BYTES, &document, NULL) == GPP_OK, "parse");
    gpp_matches *all = find(tree, "*", NULL, 0);
    CHECK(all->count == 3, "named blocks: %zu", all->count);
    for (size_t i = 0; i < all->count; i++) {
        /* A match's node is its record in gpp_parse's depth-first order. */
        const gpp_match *match = &all->items[i];
        const gpp_node *node = &document->nodes[match->node];
        CHECK(node->span.start == match->span.start && node->span.len == match->span.len,
              "match %zu is record %u", i, match->node);
        CHECK(node->name.start == match->name.start, "name of match %zu", i);
    }
    CHECK(all->items[2].depth == 1 && all->items[2].parent == all->items[1].node, "parent");
    gpp_matches_free(all);

    gpp_attr_filter filters[2] = {{"id", 2, "7.0", 3}, {"url", 3, NULL, 0}};
    gpp_matches *images = find(tree, "core/image", filters, 2);
    CHECK(images->count == 1 && span_is(images->items[0].name, POST, "image"), "image by id");
    char *attrs = NULL;
    size_t attrs_len = 0;
    CHECK(gpp_attrs_json(tree, images->items[0].node, &attrs, &attrs_len, NULL) == GPP_OK &&
              strcmp(attrs, "{\"id\":7,\"url\":\"http://old.example/a.jpg\"}") == 0 &&
              attrs_len == strlen(attrs),
          "attrs %s", attrs ? attrs : "(null)");
    gpp_text_free(attrs);
    gpp_matches_free(images);

    gpp_attr_filter other = {"id", 2, "8", 1};
    gpp_matches *none = find(tree, "image", &other, 1);
    CHECK(none->count == 0 && none->items == NULL, "no match");
    gpp_matches_free(none);

    gpp_matches *paragraphs = find(tree, "core/*", NULL, 0);
    char *html = NULL;
    CHECK(gpp_inner_html(tree, paragraphs->items[2].node, &html, NULL, NULL) == GPP_OK &&
              strcmp(html, "<p>Hi</p>") == 0,
          "inner html");
    gpp_text_free(html);
    gpp_matches_free(paragraphs);

    gpp_error error;
    gpp_attr_filter bad = {"id", 2, "{", 1};
    gpp_matches *out = NULL;
    CHECK(gpp_find(tree, "image", 5, &bad, 1, &out, &error) == GPP_ERROR_INVALID_JSON &&
              out == NULL && error.offset == 1,
          "bad filter JSON");
    CHECK(gpp_find(NULL, "image", 5, NULL, 0, &out, &error) == GPP_ERROR_NULL_POINTER, "NULL tree");
    CHECK(gpp_find(tree, "image", 5, NULL, 1, &out, &error) == GPP_ERROR_NULL_POINTER,
          "NULL filters");
    gpp_document_free(document);
}

static void test_edit(const gpp_tree *tree) {
    gpp_matches *images = find(tree, "image", NULL, 0);
    gpp_matches *groups = find(tree, "group", NULL, 0);
    gpp_matches *paragraphs = find(tree, "paragraph", NULL, 0);
    uint32_t image = images->items[0].node;
    uint32_t group = groups->items[0].node;
    uint32_t paragraph = paragraphs->items[0].node;
    gpp_editor *editor = NULL;
    gpp_error error;
    CHECK(gpp_edit_new(tree, &editor, NULL) == GPP_OK, "editor");

    const char attrs[] = "{\"id\":8,\"alt\":\"a <b> --\"}";
    CHECK(gpp_edit_set_attrs(editor, image, attrs, sizeof attrs - 1, &error) == GPP_OK, "set");
    CHECK(gpp_edit_replace_inner_html(editor, paragraph, "<p>Hello</p>", 12, &error) == GPP_OK,
          "inner");
    CHECK(gpp_edit_insert_before(editor, paragraph, "<!-- wp:separator /-->", 22, &error) ==
              GPP_OK,
          "insert");

    /* Refusals, each with a message naming the edits. */
    char message[256];
    CHECK(gpp_edit_remove(editor, group, &error) == GPP_ERROR_EDIT_OVERLAP &&
              error.status == GPP_ERROR_EDIT_OVERLAP,
          "overlap: %d", (int)error.status);
    gpp_edit_error_message(editor, message, sizeof message);
    CHECK(strstr(message, "remove on block 3 (core/group") != NULL &&
              strstr(message, "overlaps the earlier") != NULL,
          "%s", message);
    CHECK(gpp_edit_insert_after(editor, image, "<!-- /wp:x -->", 14, &error) ==
              GPP_ERROR_EDIT_REFUSED,
          "unbalanced");
    gpp_edit_error_message(editor, message, sizeof message);
    CHECK(strstr(message, "closing delimiter with no opener") != NULL, "%s", message);
    CHECK(gpp_edit_set_attrs(editor, 0, "{}", 2, &error) == GPP_ERROR_EDIT_REFUSED, "freeform");
    CHECK(gpp_edit_set_attrs(editor, image, "[1]", 3, &error) == GPP_ERROR_EDIT_REFUSED, "array");
    CHECK(gpp_edit_remove(editor, 99, &error) == GPP_ERROR_INVALID_ARGUMENT, "index");
    CHECK(gpp_edit_remove(NULL, 0, &error) == GPP_ERROR_NULL_POINTER, "NULL editor");
    CHECK(gpp_error_message(&error, message, sizeof message) > 0, "message");

    char *text = NULL;
    size_t len = 0;
    CHECK(gpp_edit_text(editor, &text, &len, NULL) == GPP_OK && len == strlen(text), "text");
    /* Bytes before the first edit and after the last are the source's. */
    const char *image_at = strstr(POST, "<!-- wp:image");
    CHECK(strncmp(text, POST, (size_t)(image_at - POST)) == 0, "prefix kept");
    CHECK(strcmp(text + len - 35, POST + sizeof POST - 1 - 35) == 0, "suffix kept");
    char *json = NULL;
    CHECK(gpp_parse_json(text, len, GPP_DEFAULT_MAX_OUTPUT_BYTES, &json, NULL, NULL) == GPP_OK && strcmp(json, EDITED_JSON) == 0,
          "edited document parses as intended: %s", json ? json : "(null)");
    gpp_json_free(json);
    size_t needed = 0;
    CHECK(gpp_edit_text_len(editor, &needed, NULL) == GPP_OK && needed == len, "length");
    char *own = (char *)malloc(needed);
    CHECK(gpp_edit_write_text(editor, own, needed - 1, &error) == GPP_ERROR_INVALID_ARGUMENT,
          "short buffer");
    CHECK(gpp_edit_write_text(editor, own, needed, NULL) == GPP_OK && memcmp(own, text, len) == 0,
          "written into the caller's buffer");
    free(own);
    /* The changes rebuild the same text from the input. */
    const gpp_change *changes = NULL;
    size_t change_count = 0;
    CHECK(gpp_edit_changes(editor, &changes, &change_count, NULL) == GPP_OK && change_count == 3,
          "changes: %zu", change_count);
    char rebuilt[1024];
    size_t at = 0, copied = 0;
    for (size_t i = 0; i < change_count; i++) {
        memcpy(rebuilt + at, POST + copied, changes[i].range.start - copied);
        at += changes[i].range.start - copied;
        memcpy(rebuilt + at, changes[i].text, changes[i].text_len);
        at += changes[i].text_len;
        copied = changes[i].range.start + changes[i].range.len;
    }
    memcpy(rebuilt + at, POST + copied, sizeof POST - 1 - copied);
    at += sizeof POST - 1 - copied;
    CHECK(at == len && memcmp(rebuilt, text, len) == 0, "rebuilt from the changes");
    gpp_text_free(text);
    CHECK(gpp_edit_text(editor, NULL, &len, &error) == GPP_ERROR_NULL_POINTER && len == 0,
          "NULL out");

    gpp_edit_free(editor);
    gpp_edit_free(NULL);
    gpp_text_free(NULL);
    gpp_matches_free(NULL);
    gpp_matches_free(images);
    gpp_matches_free(groups);
    gpp_matches_free(paragraphs);
}

int main(void) {
    gpp_tree *tree = NULL;
    gpp_error error;
    CHECK(gpp_tree_parse(POST, sizeof POST - 1, &tree, &error) == GPP_OK, "tree");
    test_find(tree);
    test_edit(tree);
    gpp_tree_free(tree);
    gpp_tree_free(NULL);
    CHECK(gpp_tree_parse("\xff", 1, &tree, &error) == GPP_ERROR_INVALID_UTF8 && tree == NULL,
          "invalid UTF-8");
    CHECK(gpp_tree_parse(NULL, 0, &tree, NULL) == GPP_OK, "empty");
    gpp_tree_free(tree);
    /* A borrowed tree reads the caller's buffer, which outlives it here. */
    char *copy = (char *)malloc(sizeof POST);
    memcpy(copy, POST, sizeof POST);
    CHECK(gpp_tree_parse_borrowed(copy, sizeof POST - 1, &tree, NULL) == GPP_OK, "borrowed");
    test_find(tree);
    gpp_tree_free(tree);
    free(copy);
    printf("query: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
