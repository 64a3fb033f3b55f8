package gutenberg

// #include <stdlib.h>
// #include "gutenberg_post_parser.h"
import "C"

import (
	"encoding/json"
	"iter"
	"runtime"
	"unsafe"
)

// Document is a parsed document kept by the Rust library, for finding blocks
// with [Document.Find] and editing them with [Document.Edit] without building
// a []Block. The library reads the text where it is (pinned, not copied).
// Close frees the parse; a Document that is not closed is freed when garbage
// collected. Safe for
// concurrent Find calls; an Editor is for one goroutine at a time.
type Document struct {
	tree *C.gpp_tree
	text string
	// pinner pins text's bytes, which the library reads until Close.
	pinner runtime.Pinner
}

// NewDocument parses text. The only errors are *UTF8Error and *Error, as for
// [Parse]. The library reads text in place (pinned) until Close.
func NewDocument(text string) (*Document, error) {
	d := &Document{text: text}
	var failure C.gpp_error
	var input *C.char
	if len(text) > 0 {
		data := unsafe.StringData(text)
		d.pinner.Pin(data)
		input = (*C.char)(unsafe.Pointer(data))
	}
	if C.gpp_tree_parse_borrowed(input, C.size_t(len(text)), &d.tree, &failure) != C.GPP_OK {
		d.pinner.Unpin()
		return nil, statusError(&failure)
	}
	runtime.SetFinalizer(d, (*Document).Close)
	return d, nil
}

// Close frees the library's copy; the Document and its matches are unusable
// afterwards. Closing twice is harmless.
func (d *Document) Close() {
	if d.tree != nil {
		C.gpp_tree_free(d.tree)
		d.tree = nil
		d.pinner.Unpin()
		runtime.SetFinalizer(d, nil)
	}
}

// Text is the parsed text.
func (d *Document) Text() string {
	return d.text
}

// Query selects blocks for [Document.Find]. The zero Query selects every
// named block (freeform HTML is never selected).
type Query struct {
	// Name is a full name ("core/paragraph"), a name in the core namespace
	// ("paragraph"), a whole namespace ("core/*"), or "*" (also "") for any.
	Name string
	// Attrs maps attribute names to the values they must equal, compared as
	// JSON values (numbers as float64, objects whatever their key order).
	Attrs map[string]any
	// Has lists attribute names that must be present, with any value.
	Has []string
}

// Match is one block [Document.Find] found.
type Match struct {
	// Index is the block's depth-first position in the document: the index
	// of its node in the library's records, and what editors act on.
	Index int
	// Name is the full block name ("core/paragraph").
	Name string
	// Depth is the nesting depth, 0 for top-level blocks.
	Depth int
	// Parent is the Index of the enclosing block, or -1 at the top level.
	Parent int
	// Start and End are byte offsets of the whole block: Text()[Start:End].
	Start, End int
	// AttrsJSON is the attribute JSON as written ("" when there is none).
	AttrsJSON string

	doc *Document
}

// Find iterates over the blocks q selects, depth-first in document order.
// An error (a value of q.Attrs that encoding/json cannot marshal) is the
// only item:
//
//	for m, err := range doc.Find(gutenberg.Query{Name: "core/image"}) { … }
func (d *Document) Find(q Query) iter.Seq2[Match, error] {
	return func(yield func(Match, error) bool) {
		matches, err := d.find(q)
		if err != nil {
			yield(Match{}, err)
			return
		}
		for _, m := range matches {
			if !yield(m, nil) {
				return
			}
		}
	}
}

// find makes the one cgo call of a query and copies the results.
func (d *Document) find(q Query) ([]Match, error) {
	name := q.Name
	if name == "" {
		name = "*"
	}
	// Keys and values live in C memory while the call reads them: a Go
	// array passed to C may not hold Go pointers.
	var owned []unsafe.Pointer
	defer func() {
		for _, p := range owned {
			C.free(p)
		}
	}()
	text := func(s string) (*C.char, C.size_t) {
		p := C.CBytes([]byte(s))
		owned = append(owned, p)
		return (*C.char)(p), C.size_t(len(s))
	}
	count := len(q.Attrs) + len(q.Has)
	var filters *C.gpp_attr_filter
	if count > 0 {
		filters = (*C.gpp_attr_filter)(C.calloc(C.size_t(count), C.size_t(unsafe.Sizeof(C.gpp_attr_filter{}))))
		owned = append(owned, unsafe.Pointer(filters))
	}
	list := unsafe.Slice(filters, count)
	at := 0
	for key, value := range q.Attrs {
		encoded, err := json.Marshal(value)
		if err != nil {
			return nil, err
		}
		list[at].key, list[at].key_len = text(key)
		list[at].value, list[at].value_len = text(string(encoded))
		at++
	}
	for _, key := range q.Has {
		list[at].key, list[at].key_len = text(key)
		at++
	}
	var result *C.gpp_matches
	var failure C.gpp_error
	pattern := (*C.char)(unsafe.Pointer(unsafe.StringData(name)))
	status := C.gpp_find(d.tree, pattern, C.size_t(len(name)), filters, C.size_t(count), &result, &failure)
	runtime.KeepAlive(d)
	if status != C.GPP_OK {
		return nil, statusError(&failure)
	}
	defer C.gpp_matches_free(result)
	items := cSlice(result.items, result.count)
	matches := make([]Match, len(items))
	var names coreNames
	for i := range items {
		item := &items[i]
		written := d.slice(item.name)
		full := written
		if !containsSlash(written) {
			full = names.fullName(written)
		}
		parent := -1
		if item.parent != C.GPP_NONE {
			parent = int(item.parent)
		}
		matches[i] = Match{
			Index:     int(item.node),
			Name:      full,
			Depth:     int(item.depth),
			Parent:    parent,
			Start:     int(item.span.start),
			End:       int(item.span.start + item.span.len),
			AttrsJSON: d.slice(item.attrs),
			doc:       d,
		}
	}
	return matches, nil
}

func (d *Document) slice(span C.gpp_span) string {
	return d.text[span.start : span.start+span.len]
}

func containsSlash(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			return true
		}
	}
	return false
}

// Attrs decodes the block's attributes as the reference does (JSON.parse):
// an empty map when it has none, nil when its JSON is invalid. Numbers are
// float64; a lone UTF-16 surrogate escape becomes U+FFFD.
func (m Match) Attrs() (map[string]any, error) {
	if m.AttrsJSON == "" {
		return map[string]any{}, nil
	}
	text, err := m.doc.blockText(m.Index, false)
	if err != nil {
		return nil, err
	}
	var attrs map[string]any
	if err := json.Unmarshal([]byte(text), &attrs); err != nil {
		return nil, err
	}
	return attrs, nil
}

// Attr is one attribute, decoded as [Match.Attrs] decodes it, and whether the
// block has it: the cheap way to read one attribute, with no map for a block
// without attributes.
func (m Match) Attr(key string) (any, bool) {
	if m.AttrsJSON == "" {
		return nil, false
	}
	attrs, err := m.Attrs()
	if err != nil || attrs == nil {
		return nil, false
	}
	value, ok := attrs[key]
	return value, ok
}

// InnerHTML is the reference's innerHTML: the block's HTML runs joined,
// inner blocks left out.
func (m Match) InnerHTML() (string, error) {
	return m.doc.blockText(m.Index, true)
}

// blockText copies the attribute JSON (or, with html, the inner HTML) of
// block index.
func (d *Document) blockText(index int, html bool) (string, error) {
	var out *C.char
	var length C.size_t
	var failure C.gpp_error
	var status C.gpp_status
	if html {
		status = C.gpp_inner_html(d.tree, C.uint32_t(index), &out, &length, &failure)
	} else {
		status = C.gpp_attrs_json(d.tree, C.uint32_t(index), &out, &length, &failure)
	}
	runtime.KeepAlive(d)
	if status != C.GPP_OK {
		return "", statusError(&failure)
	}
	defer C.gpp_text_free(out)
	return C.GoStringN(out, C.int(length)), nil
}
