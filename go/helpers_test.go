package gutenberg

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// fixture is one fixtures/cases pair: a document and the reference's JSON.
type fixture struct {
	name     string
	html     string
	expected []byte
}

// loadFixtures reads every fixtures/cases/NAME.html with its NAME.json.
func loadFixtures(t testing.TB) []fixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "fixtures", "cases", "*.html"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures found in ../fixtures/cases (%v)", err)
	}
	sort.Strings(paths)
	fixtures := make([]fixture, 0, len(paths))
	for _, path := range paths {
		html, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		expected, err := os.ReadFile(strings.TrimSuffix(path, ".html") + ".json")
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".html")
		fixtures = append(fixtures, fixture{name: name, html: string(html), expected: expected})
	}
	return fixtures
}

// sameJSON reports whether two JSON texts hold the same data.
func sameJSON(t testing.TB, got, want []byte) bool {
	t.Helper()
	var gotData, wantData any
	if err := json.Unmarshal(got, &gotData); err != nil {
		t.Fatalf("invalid JSON %q: %v", got, err)
	}
	if err := json.Unmarshal(want, &wantData); err != nil {
		t.Fatalf("invalid JSON %q: %v", want, err)
	}
	return reflect.DeepEqual(gotData, wantData)
}

// lossy replaces each lone surrogate that a string holds as WTF-8 (ED A0..BF
// 80..BF) with U+FFFD, which is what encoding/json makes of the reference's
// "\ud800" escapes.
func lossy(text string) string {
	if !strings.Contains(text, "\xed") {
		return text
	}
	var out strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == 0xed && i+2 < len(text) && text[i+1]&0xe0 == 0xa0 {
			out.WriteString("\ufffd")
			i += 2
			continue
		}
		out.WriteByte(text[i])
	}
	return out.String()
}

// lossyAttrs is attrs with every string and key made lossy.
func lossyAttrs(value any) any {
	switch value := value.(type) {
	case string:
		return lossy(value)
	case []any:
		items := make([]any, len(value))
		for i, item := range value {
			items[i] = lossyAttrs(item)
		}
		return items
	case map[string]any:
		if value == nil {
			return value
		}
		entries := make(map[string]any, len(value))
		for key, item := range value {
			entries[lossy(key)] = lossyAttrs(item)
		}
		return entries
	}
	return value
}

// lossyBlocks is a copy of blocks whose attribute strings are lossy, to be
// compared with the reference's JSON as encoding/json reads it.
func lossyBlocks(blocks []Block) []Block {
	copies := make([]Block, len(blocks))
	for i, block := range blocks {
		block.Attrs, _ = lossyAttrs(block.Attrs).(map[string]any)
		block.InnerBlocks = lossyBlocks(block.InnerBlocks)
		copies[i] = block
	}
	return copies
}

// checkBlocks reports differences between blocks and the reference's JSON,
// and checks what the JSON does not show: offsets and shared inner blocks.
func checkBlocks(t testing.TB, name, document string, blocks []Block, expected []byte) {
	t.Helper()
	got, err := json.Marshal(lossyBlocks(blocks))
	if err != nil {
		t.Fatalf("%s: json.Marshal: %v", name, err)
	}
	if !sameJSON(t, got, expected) {
		t.Errorf("%s: blocks differ from the reference\n got: %s\nwant: %s", name, got, expected)
	}
	Walk(blocks, func(block *Block, depth int) bool {
		text := document[block.Start:block.End]
		if block.IsFreeform() && text != block.InnerHTML {
			t.Errorf("%s: freeform span %q is not its HTML %q", name, text, block.InnerHTML)
		}
		if !block.IsFreeform() && !strings.HasPrefix(text, "<!--") {
			t.Errorf("%s: block span %q does not start at its delimiter", name, text)
		}
		nulls := 0
		for _, piece := range block.InnerContent {
			if piece == nil {
				nulls++
			}
		}
		if nulls != len(block.InnerBlocks) {
			t.Errorf("%s: %d nulls in InnerContent for %d inner blocks", name, nulls, len(block.InnerBlocks))
		}
		return true
	})
}
