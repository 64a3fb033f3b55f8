package gutenberg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchDocuments reads every document in <repo root>/../shared/documents.
func benchDocuments(b *testing.B) map[string]string {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "documents", "*.html"))
	if len(paths) == 0 {
		b.Skip("no documents in ../../shared/documents")
	}
	documents := map[string]string{}
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		documents[strings.TrimSuffix(filepath.Base(path), ".html")] = string(text)
	}
	return documents
}

// BenchmarkParse measures Parse: the cgo call and the full []Block.
func BenchmarkParse(b *testing.B) {
	for name, document := range benchDocuments(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(document)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(document); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecords measures the cgo call alone: the library's flat records
// (attributes decoded), freed without building Go blocks.
func BenchmarkRecords(b *testing.B) {
	for name, document := range benchDocuments(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(document)))
			for b.Loop() {
				records, err := parseRecords(document, DefaultOptions())
				if err != nil {
					b.Fatal(err)
				}
				records.free()
			}
		})
	}
}

// mobyDick is ../shared/documents/moby-dick-parsed.html, for the find and
// edit benchmarks.
func mobyDick(b *testing.B) string {
	document, ok := benchDocuments(b)["moby-dick-parsed"]
	if !ok {
		b.Skip("no moby-dick-parsed.html")
	}
	return document
}

// BenchmarkFindParagraphAttr is the goal's "find every core/paragraph and
// read one attribute" with NewDocument and Find.
func BenchmarkFindParagraphAttr(b *testing.B) {
	document := mobyDick(b)
	b.SetBytes(int64(len(document)))
	for b.Loop() {
		doc, err := NewDocument(document)
		if err != nil {
			b.Fatal(err)
		}
		found := 0
		for m, err := range doc.Find(Query{Name: "core/paragraph"}) {
			if err != nil {
				b.Fatal(err)
			}
			if align, _ := m.Attr("align"); align == nil {
				found++
			}
		}
		doc.Close()
	}
}

// BenchmarkParseFilterParagraphAttr is the same with Parse and a walk over
// the []Block.
func BenchmarkParseFilterParagraphAttr(b *testing.B) {
	document := mobyDick(b)
	b.SetBytes(int64(len(document)))
	for b.Loop() {
		blocks, err := Parse(document)
		if err != nil {
			b.Fatal(err)
		}
		found := 0
		for _, block := range All(blocks) {
			if block.BlockName != nil && *block.BlockName == "core/paragraph" && block.Attrs["align"] == nil {
				found++
			}
		}
	}
}

// BenchmarkEditOneBlock sets one block's attributes and writes the new text
// (the document already parsed); BenchmarkCopyDocument is the copy it is
// compared with.
func BenchmarkEditOneBlock(b *testing.B) {
	document := mobyDick(b)
	doc, err := NewDocument(document)
	if err != nil {
		b.Fatal(err)
	}
	defer doc.Close()
	var target Match
	for m := range doc.Find(Query{Name: "core/paragraph"}) {
		target = m
	}
	b.SetBytes(int64(len(document)))
	for b.Loop() {
		editor := doc.Edit()
		if err := editor.SetAttrs(target, map[string]any{"align": "center"}); err != nil {
			b.Fatal(err)
		}
		if _, err := editor.Text(); err != nil {
			b.Fatal(err)
		}
		editor.Close()
	}
}

// copySink keeps BenchmarkCopyDocument's copies from being optimized away.
var copySink []byte

// BenchmarkCopyDocument copies the document once.
func BenchmarkCopyDocument(b *testing.B) {
	document := mobyDick(b)
	b.SetBytes(int64(len(document)))
	for b.Loop() {
		copySink = []byte(document)
	}
}
