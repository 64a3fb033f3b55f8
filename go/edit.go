package gutenberg

// #include "gutenberg_post_parser.h"
import "C"

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"unsafe"
)

// EditError is an edit the library refused: one that overlaps an earlier
// edit (Code GPP_ERROR_EDIT_OVERLAP), or that it cannot make safely
// (GPP_ERROR_EDIT_REFUSED: attributes for freeform HTML or that are not an
// object, markup that would change the blocks around it).
type EditError struct {
	// Code is the library's status code (GPP_ERROR_* in the C header).
	Code int
	// Message names the edit and, for an overlap, the earlier one.
	Message string
}

func (e *EditError) Error() string {
	return "gutenberg: " + e.Message
}

// Editor collects edits of one Document and writes the edited text: each
// edit replaces one byte range, every byte outside them stays as it was.
// Use it from one goroutine at a time; Close frees it (or the garbage
// collector does).
type Editor struct {
	editor *C.gpp_editor
	doc    *Document
}

// Edit starts an editor with no edits.
func (d *Document) Edit() *Editor {
	var editor *C.gpp_editor
	C.gpp_edit_new(d.tree, &editor, nil)
	runtime.KeepAlive(d)
	e := &Editor{editor: editor, doc: d}
	runtime.SetFinalizer(e, (*Editor).Close)
	return e
}

// Close frees the editor. Closing twice is harmless.
func (e *Editor) Close() {
	if e.editor != nil {
		C.gpp_edit_free(e.editor)
		e.editor = nil
		runtime.SetFinalizer(e, nil)
	}
}

// errOtherDocument is returned for a Match of another Document.
var errOtherDocument = errors.New("gutenberg: the match belongs to another document")

// editKind names the gpp_edit_* function that takes text.
type editKind int

const (
	setAttrs editKind = iota
	replace
	replaceInnerHTML
	insertBefore
	insertAfter
)

func (e *Editor) apply(m Match, kind editKind, text string) error {
	if m.doc != e.doc {
		return errOtherDocument
	}
	var failure C.gpp_error
	input := (*C.char)(unsafe.Pointer(unsafe.StringData(text)))
	node, length := C.uint32_t(m.Index), C.size_t(len(text))
	var status C.gpp_status
	switch kind {
	case setAttrs:
		status = C.gpp_edit_set_attrs(e.editor, node, input, length, &failure)
	case replace:
		status = C.gpp_edit_replace(e.editor, node, input, length, &failure)
	case replaceInnerHTML:
		status = C.gpp_edit_replace_inner_html(e.editor, node, input, length, &failure)
	case insertBefore:
		status = C.gpp_edit_insert_before(e.editor, node, input, length, &failure)
	case insertAfter:
		status = C.gpp_edit_insert_after(e.editor, node, input, length, &failure)
	}
	return e.result(status, &failure)
}

func (e *Editor) result(status C.gpp_status, failure *C.gpp_error) error {
	runtime.KeepAlive(e)
	if status == C.GPP_OK {
		return nil
	}
	if status == C.GPP_ERROR_EDIT_OVERLAP || status == C.GPP_ERROR_EDIT_REFUSED {
		var buffer [512]C.char
		C.gpp_edit_error_message(e.editor, &buffer[0], C.size_t(len(buffer)))
		return &EditError{Code: int(status), Message: C.GoString(&buffer[0])}
	}
	return statusError(failure)
}

// SetAttrs rewrites the block's opening delimiter with attrs, written as
// WordPress writes attributes; the rest of the block is untouched.
func (e *Editor) SetAttrs(m Match, attrs map[string]any) error {
	if attrs == nil {
		attrs = map[string]any{}
	}
	encoded, err := json.Marshal(attrs)
	if err != nil {
		return err
	}
	return e.apply(m, setAttrs, string(encoded))
}

// Replace replaces the whole block with markup (balanced block markup).
func (e *Editor) Replace(m Match, markup string) error {
	return e.apply(m, replace, markup)
}

// ReplaceInnerHTML replaces what lies between the block's delimiters with
// html (balanced block markup); a void block gets a closer.
func (e *Editor) ReplaceInnerHTML(m Match, html string) error {
	return e.apply(m, replaceInnerHTML, html)
}

// InsertBefore inserts markup (balanced block markup) just before the block.
func (e *Editor) InsertBefore(m Match, markup string) error {
	return e.apply(m, insertBefore, markup)
}

// InsertAfter inserts markup (balanced block markup) just after the block.
func (e *Editor) InsertAfter(m Match, markup string) error {
	return e.apply(m, insertAfter, markup)
}

// Remove deletes the block, delimiters included.
func (e *Editor) Remove(m Match) error {
	if m.doc != e.doc {
		return errOtherDocument
	}
	var failure C.gpp_error
	status := C.gpp_edit_remove(e.editor, C.uint32_t(m.Index), &failure)
	return e.result(status, &failure)
}

// Text is the edited text: the document's text with each change spliced in,
// built in Go in one copy.
func (e *Editor) Text() (string, error) {
	var changes *C.gpp_change
	var count C.size_t
	var failure C.gpp_error
	if status := C.gpp_edit_changes(e.editor, &changes, &count, &failure); status != C.GPP_OK {
		return "", e.result(status, &failure)
	}
	defer runtime.KeepAlive(e)
	text := e.doc.text
	list := cSlice(changes, count)
	size := len(text)
	for i := range list {
		size += int(list[i].text_len) - int(list[i]._range.len)
	}
	var out strings.Builder
	out.Grow(size)
	copied := 0
	for i := range list {
		start := int(list[i]._range.start)
		out.WriteString(text[copied:start])
		out.WriteString(unsafe.String((*byte)(unsafe.Pointer(list[i].text)), int(list[i].text_len)))
		copied = start + int(list[i]._range.len)
	}
	out.WriteString(text[copied:])
	return out.String(), nil
}
