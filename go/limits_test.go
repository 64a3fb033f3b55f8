package gutenberg

import (
	"errors"
	"strings"
	"testing"
)

// Unclosed openers each hold the rest of the document: 20,000 of them are
// gigabytes of JSON, but Go's strings share the document, so Parse stays
// small and fast.
func TestUnclosedOpenersShareTheDocument(t *testing.T) {
	document := strings.Repeat("<!-- wp:group -->x", 20_000)
	blocks, err := Parse(document)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	// Each opener but the first has an "x" before it, as a freeform block;
	// unclosed blocks come out innermost first, so the outermost is last.
	outer := blocks[len(blocks)-1]
	if len(blocks) != 39_999 || outer.InnerHTML != document[len("<!-- wp:group -->"):] {
		t.Fatalf("got %d blocks; the outermost does not hold the rest of the document", len(blocks))
	}
}

// With an inner block each, every unclosed block joins two runs into a new
// InnerHTML: that text grows with the square of the document and is refused.
func TestJoinedInnerHTMLHitsTheLimit(t *testing.T) {
	document := strings.Repeat("<!-- wp:group -->x<!-- wp:x /-->y", 20_000)
	_, err := Parse(document)
	var limit *ExpansionLimitError
	if !errors.As(err, &limit) {
		t.Fatalf("Parse = %v; want an *ExpansionLimitError", err)
	}
	if limit.OutputBytes <= limit.Limit || limit.Limit != DefaultMaxOutputBytes {
		t.Fatalf("limit error %+v", limit)
	}
	if !strings.Contains(err.Error(), "MaxOutputBytes") {
		t.Fatalf("the message does not say how to lift the limit: %v", err)
	}
	small := strings.Repeat("<!-- wp:group -->x<!-- wp:x /-->y", 2_000)
	if _, err := ParseWith(small, Options{MaxOutputBytes: 1 << 20}); !errors.As(err, &limit) {
		t.Fatalf("ParseWith(1 MiB) = %v; want an *ExpansionLimitError", err)
	}
	blocks, err := ParseWith(small, Options{})
	if err != nil {
		t.Fatalf("ParseWith(no limit): %v", err)
	}
	// Unclosed blocks come out innermost first: the outermost is last.
	outer := blocks[len(blocks)-1]
	if want := "x" + small[len("<!-- wp:group -->x<!-- wp:x /-->"):]; outer.InnerHTML != want {
		t.Fatalf("the outermost block's InnerHTML is not its runs joined")
	}
}
