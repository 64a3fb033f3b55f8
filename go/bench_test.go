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
