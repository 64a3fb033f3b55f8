// Package gutenberg parses WordPress block markup (the
// <!-- wp:name {"attrs"} -->…<!-- /wp:name --> comments of Gutenberg posts)
// into the blocks WordPress's own parser returns.
//
// The output equals @wordpress/block-serialization-default-parser 5.56.0:
// json.Marshal of the []Block that [Parse] returns is, as data, the
// reference's JSON.stringify(parse(document)). Parsing happens in the Rust
// library (one cgo call per document); the blocks are built in Go in one pass
// over its flat records, and their strings share the input's memory.
package gutenberg

// Block is one block of a document, in the reference parser's shape. A run of
// freeform HTML is a Block with a nil BlockName.
type Block struct {
	// BlockName is the full name ("core/paragraph", "my-plugin/card"), or nil
	// for freeform HTML. Each block has its own pointer.
	BlockName *string `json:"blockName"`
	// Attrs holds the decoded attributes as encoding/json would decode them
	// (float64 numbers, []any, map[string]any), with JSON.parse's rules: the
	// last duplicate key wins. It is empty (never nil) when the block has none,
	// and nil when its attribute JSON is invalid. A number too large for a
	// float64 is nil, as JSON.stringify prints Infinity as null. A string (or
	// key) written with a lone UTF-16 surrogate escape ("\ud800"), which
	// JavaScript keeps, holds it as WTF-8: the three bytes UTF-8 would give
	// its code point (ED A0 80 for U+D800). encoding/json writes each of those
	// bytes as U+FFFD.
	Attrs map[string]any `json:"attrs"`
	// InnerBlocks are the nested blocks, in order (never nil).
	InnerBlocks []Block `json:"innerBlocks"`
	// InnerHTML is the block's own HTML: its InnerContent strings joined.
	InnerHTML string `json:"innerHTML"`
	// InnerContent is the HTML runs and, as nil, the place of each inner
	// block, in order (never nil itself).
	InnerContent []*string `json:"innerContent"`
	// Start and End are the byte offsets of the whole block in the parsed
	// document, delimiters included: document[Start:End]. Not in the JSON.
	Start, End int `json:"-"`
}

// IsFreeform reports whether b is a run of freeform HTML (no block name).
func (b *Block) IsFreeform() bool {
	return b.BlockName == nil
}
