package gutenberg

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestFixtures(t *testing.T) {
	for _, f := range loadFixtures(t) {
		blocks, err := Parse(f.html)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		checkBlocks(t, f.name, f.html, blocks, f.expected)
		fromBytes, err := ParseBytes([]byte(f.html))
		if err != nil {
			t.Fatalf("%s: ParseBytes: %v", f.name, err)
		}
		checkBlocks(t, f.name+" (bytes)", f.html, fromBytes, f.expected)
	}
}

func TestManyGoroutinesParseAtOnce(t *testing.T) {
	fixtures := loadFixtures(t)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range fixtures {
				f := fixtures[(i+g*len(fixtures)/16)%len(fixtures)]
				blocks, err := Parse(f.html)
				if err != nil {
					t.Errorf("%s: %v", f.name, err)
					return
				}
				checkBlocks(t, f.name, f.html, blocks, f.expected)
			}
		}()
	}
	wg.Wait()
}

func TestEmptyDocument(t *testing.T) {
	for _, document := range []string{"", string([]byte{})} {
		blocks, err := Parse(document)
		if err != nil || blocks == nil || len(blocks) != 0 {
			t.Fatalf("Parse(%q) = %#v, %v; want an empty, non-nil slice", document, blocks, err)
		}
		if got, _ := json.Marshal(blocks); string(got) != "[]" {
			t.Errorf("empty document marshals to %s", got)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	cases := []struct {
		document       string
		offset, length int
	}{
		{"<p>caf\xc3\xa9 \xff</p>", 9, 1},
		{"<!-- wp:p -->\xe2\x82", 13, 0},
		{"\xc0\x80", 0, 1},
	}
	for _, c := range cases {
		blocks, err := Parse(c.document)
		var utf8Error *UTF8Error
		if !errors.As(err, &utf8Error) || blocks != nil {
			t.Fatalf("Parse(%q) = %v, %v; want a *UTF8Error", c.document, blocks, err)
		}
		if utf8Error.Offset != c.offset || utf8Error.Length != c.length {
			t.Errorf("Parse(%q): %+v, want offset %d length %d", c.document, utf8Error, c.offset, c.length)
		}
		if !strings.Contains(err.Error(), "invalid UTF-8") {
			t.Errorf("unclear message %q", err)
		}
		if _, err := ParseBytes([]byte(c.document)); !errors.As(err, &utf8Error) {
			t.Errorf("ParseBytes(%q) = %v; want a *UTF8Error", c.document, err)
		}
	}
}

func TestAttrs(t *testing.T) {
	document := `<!-- wp:a {"n":1.5,"n":2,"big":1e400,"s":"x\"\u00e9","l":[true,false,null,[]],"o":{}} /-->` +
		`<!-- wp:b {"broken":} /--><!-- wp:c /-->`
	blocks, err := Parse(document)
	if err != nil {
		t.Fatal(err)
	}
	attrs := blocks[0].Attrs
	if attrs["n"] != 2.0 || attrs["s"] != "x\"é" {
		t.Errorf("last duplicate must win and strings decode: %#v", attrs)
	}
	if value, present := attrs["big"]; !present || value != nil {
		t.Errorf("a number beyond float64 must be nil (JSON null): %#v", attrs["big"])
	}
	list := attrs["l"].([]any)
	if len(list) != 4 || list[0] != true || list[1] != false || list[2] != nil || len(list[3].([]any)) != 0 {
		t.Errorf("array decoded as %#v", list)
	}
	if object := attrs["o"].(map[string]any); object == nil || len(object) != 0 {
		t.Errorf("empty object decoded as %#v", attrs["o"])
	}
	if blocks[1].Attrs != nil {
		t.Errorf("invalid JSON must give nil attrs, got %#v", blocks[1].Attrs)
	}
	if blocks[2].Attrs == nil || len(blocks[2].Attrs) != 0 {
		t.Errorf("absent attrs must be an empty map, got %#v", blocks[2].Attrs)
	}
	got, _ := json.Marshal(blocks)
	if !strings.Contains(string(got), `"big":null`) || !strings.Contains(string(got), `"attrs":null`) {
		t.Errorf("marshalled as %s", got)
	}
}

func TestBlocksDoNotShareMutableState(t *testing.T) {
	blocks, err := Parse("<!-- wp:p --><!-- wp:x /--><!-- wp:x /--><!-- /wp:p --><!-- wp:p /-->")
	if err != nil {
		t.Fatal(err)
	}
	first, second := &blocks[0].InnerBlocks[0], &blocks[0].InnerBlocks[1]
	first.Attrs["k"] = 1
	*first.BlockName = "changed"
	if len(second.Attrs) != 0 || *second.BlockName != "core/x" || *blocks[1].BlockName != "core/p" {
		t.Error("changing one block changed another")
	}
	// Appending to a slice of the result must not overwrite a neighbour.
	inner := append(blocks[0].InnerBlocks, Block{})
	inner[0].InnerContent = append(inner[0].InnerContent, nil)
	if len(blocks[1].InnerBlocks) != 0 || blocks[1].BlockName == nil || len(blocks[1].InnerContent) != 0 {
		t.Error("append through a result slice overwrote another block")
	}
}

func TestDeepNesting(t *testing.T) {
	const depth = 100_000
	document := strings.Repeat("<!-- wp:group -->", depth) + "<p>deep</p>" + strings.Repeat("<!-- /wp:group -->", depth)
	blocks, err := Parse(document)
	if err != nil {
		t.Fatal(err)
	}
	count, deepest := 0, -1
	var innermost *Block
	Walk(blocks, func(block *Block, level int) bool {
		count++
		if level > deepest {
			deepest, innermost = level, block
		}
		return true
	})
	if count != depth || deepest != depth-1 || innermost.InnerHTML != "<p>deep</p>" {
		t.Fatalf("walked %d blocks, deepest %d; want %d and %d", count, deepest, depth, depth-1)
	}
	attrsDocument := `<!-- wp:a {"a":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `} /-->`
	blocks, err = Parse(attrsDocument)
	if err != nil {
		t.Fatal(err)
	}
	levels := 0
	for value := blocks[0].Attrs["a"]; value != nil; levels++ {
		items := value.([]any)
		value = nil
		if len(items) > 0 {
			value = items[0]
		}
	}
	if levels != depth {
		t.Errorf("attribute arrays nested %d deep, want %d", levels, depth)
	}
}

func TestWalkAndAll(t *testing.T) {
	blocks, err := Parse("a<!-- wp:g --><!-- wp:x /--><!-- wp:g --><!-- wp:y /--><!-- /wp:g --><!-- /wp:g --><!-- wp:z /-->")
	if err != nil {
		t.Fatal(err)
	}
	var visited []string
	Walk(blocks, func(block *Block, depth int) bool {
		name := "html"
		if !block.IsFreeform() {
			name = *block.BlockName
		}
		visited = append(visited, strings.Repeat(".", depth)+name)
		return name != "core/x"
	})
	want := "html core/g .core/x .core/g ..core/y core/z"
	if got := strings.Join(visited, " "); got != want {
		t.Errorf("Walk visited %q, want %q", got, want)
	}
	// Returning false skips inner blocks only.
	skipped := 0
	Walk(blocks, func(*Block, int) bool { skipped++; return false })
	if skipped != 3 {
		t.Errorf("Walk without descending visited %d blocks, want 3", skipped)
	}
	var depths []int
	for depth, block := range All(blocks) {
		depths = append(depths, depth)
		if block.BlockName != nil && *block.BlockName == "core/y" {
			break
		}
	}
	if len(depths) != 5 || depths[4] != 2 {
		t.Errorf("All yielded depths %v, want 5 blocks ending at depth 2", depths)
	}
}

func TestOffsets(t *testing.T) {
	document := "é<!-- wp:p {\"a\":1} -->x<!-- /wp:p -->"
	blocks, err := Parse(document)
	if err != nil {
		t.Fatal(err)
	}
	if blocks[0].Start != 0 || blocks[0].End != 2 || blocks[1].Start != 2 || blocks[1].End != len(document) {
		t.Errorf("spans %d..%d and %d..%d", blocks[0].Start, blocks[0].End, blocks[1].Start, blocks[1].End)
	}
	if blocks[1].Attrs["a"] != 1.0 || document[blocks[1].Start:blocks[1].End][:4] != "<!--" {
		t.Errorf("block 1: attrs %v, text %q", blocks[1].Attrs, document[blocks[1].Start:blocks[1].End])
	}
}
