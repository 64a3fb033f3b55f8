package gutenberg

// The static library is linked by link_prebuilt.go (the one committed under
// lib/, the default) or link_source.go (a fresh build, with -tags gpp_source).

// #include "gutenberg_post_parser.h"
import "C"

import (
	"fmt"
	"unsafe"
)

// MaxInputLen is the longest document Parse accepts, in bytes (4 GiB - 2, the
// C library's GPP_MAX_INPUT_LEN): the library's offsets are 32-bit.
const MaxInputLen = 1<<32 - 2

// Compile-time check that MaxInputLen equals GPP_MAX_INPUT_LEN: an array
// length cannot be negative.
var (
	_ [MaxInputLen - C.GPP_MAX_INPUT_LEN]struct{}
	_ [C.GPP_MAX_INPUT_LEN - MaxInputLen]struct{}
)

// UTF8Error reports a document that is not valid UTF-8.
type UTF8Error struct {
	// Offset is the byte offset of the first byte that is not valid UTF-8.
	Offset int
	// Length is the length of the invalid sequence, or 0 when the document
	// ends inside a character.
	Length int
}

func (e *UTF8Error) Error() string {
	if e.Length == 0 {
		return fmt.Sprintf("gutenberg: invalid UTF-8: input ends inside a character at byte offset %d", e.Offset)
	}
	return fmt.Sprintf("gutenberg: invalid UTF-8: %d invalid byte(s) at byte offset %d", e.Length, e.Offset)
}

// DefaultMaxOutputBytes is the MaxOutputBytes of DefaultOptions: 64 MiB.
const DefaultMaxOutputBytes = C.GPP_DEFAULT_MAX_OUTPUT_BYTES

// Options are the settings of ParseWith.
type Options struct {
	// MaxOutputBytes bounds the text the blocks hold beyond the document's
	// own memory (their HTML strings share it): joined InnerHTMLs, names and
	// attributes. A document may always produce 16 times its own size. 0
	// means no limit. Unclosed blocks each hold the rest of the document, so
	// a small hostile post can otherwise need gigabytes.
	MaxOutputBytes int64
}

// DefaultOptions are the options Parse uses.
func DefaultOptions() Options {
	return Options{MaxOutputBytes: DefaultMaxOutputBytes}
}

// ExpansionLimitError reports a document whose blocks would hold more text
// than Options.MaxOutputBytes allows.
type ExpansionLimitError struct {
	// OutputBytes is how many bytes of text the blocks would hold.
	OutputBytes int64
	// Limit is the limit they are over.
	Limit int64
}

func (e *ExpansionLimitError) Error() string {
	return fmt.Sprintf("gutenberg: the blocks would hold %d bytes of text, over the limit of %d bytes "+
		"(unclosed blocks each hold the rest of the document); raise Options.MaxOutputBytes, or set it to 0 for no limit",
		e.OutputBytes, e.Limit)
}

// Error is any other failure of the parser library: a document longer than
// MaxInputLen, or an internal error (a bug, reported instead of crashing).
type Error struct {
	// Code is the library's status code (GPP_ERROR_* in the C header).
	Code int
	// Message describes the failure.
	Message string
}

func (e *Error) Error() string {
	return "gutenberg: " + e.Message
}

// Parse parses a document with DefaultOptions and returns its top-level
// blocks, freeform HTML included. Broken markup gets the reference parser's
// recovery; the only errors are *UTF8Error for a document that is not UTF-8,
// *ExpansionLimitError, and *Error.
//
// The InnerContent strings share memory with document, and so does InnerHTML
// unless a block's HTML is split by inner blocks (then the runs are joined
// into new memory). Safe for concurrent use.
func Parse(document string) ([]Block, error) {
	return ParseWith(document, DefaultOptions())
}

// ParseWith is Parse with options.
func ParseWith(document string, options Options) ([]Block, error) {
	records, err := parseRecords(document, options)
	if err != nil {
		return nil, err
	}
	defer records.free()
	return records.blocks(document), nil
}

// ParseBytes is Parse for a document held in bytes. It copies the document
// once, so that the blocks do not change if the caller reuses the slice.
func ParseBytes(document []byte) ([]Block, error) {
	return Parse(string(document))
}

// records is the library's flat result for one document.
type records struct {
	document *C.gpp_document
}

// parseRecords makes the one cgo call that parses document.
func parseRecords(document string, options Options) (records, error) {
	var result *C.gpp_document
	var failure C.gpp_error
	input := (*C.char)(unsafe.Pointer(unsafe.StringData(document)))
	limit := C.uint64_t(max(options.MaxOutputBytes, 0))
	status := C.gpp_parse(input, C.size_t(len(document)), C.GPP_PARSE_DECODE_ATTRS, limit, &result, &failure)
	if status != C.GPP_OK {
		return records{}, statusError(&failure)
	}
	return records{result}, nil
}

// free releases the library's memory; the records are unusable afterwards.
func (r records) free() {
	C.gpp_document_free(r.document)
}

// statusError turns a failed call's gpp_error into a Go error.
func statusError(failure *C.gpp_error) error {
	switch failure.status {
	case C.GPP_ERROR_INVALID_UTF8:
		return &UTF8Error{Offset: int(failure.offset), Length: int(failure.length)}
	case C.GPP_ERROR_EXPANSION_LIMIT:
		return &ExpansionLimitError{OutputBytes: int64(failure.output_bytes), Limit: int64(failure.limit)}
	}
	var buffer [256]C.char
	C.gpp_error_message(failure, &buffer[0], C.size_t(len(buffer)))
	return &Error{Code: int(failure.status), Message: C.GoString(&buffer[0])}
}
