package gutenberg

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestGeneratedCorpus compares Parse with the reference parser (Node) on
// generated documents: GPP_CORPUS_COUNT of them (default 2000), seed
// GPP_CORPUS_SEED (default 1). Skipped without Node or the installed reference
// (`npm ci --prefix fixtures/reference`) unless GPP_REQUIRE_REFERENCE=1.
func TestGeneratedCorpus(t *testing.T) {
	script := filepath.Join("..", "fixtures", "reference", "corpus.js")
	installed := filepath.Join("..", "fixtures", "reference", "node_modules", "@wordpress", "block-serialization-default-parser")
	_, nodeErr := exec.LookPath("node")
	if _, err := os.Stat(installed); err != nil || nodeErr != nil {
		if os.Getenv("GPP_REQUIRE_REFERENCE") == "1" {
			t.Fatalf("the reference parser is required: install Node and run npm ci --prefix fixtures/reference")
		}
		t.Skip("reference parser not installed")
	}
	count := envInt(t, "GPP_CORPUS_COUNT", 2000)
	seed := envInt(t, "GPP_CORPUS_SEED", 1)
	output, err := exec.Command("node", script, "--seed", strconv.Itoa(seed), "--count", strconv.Itoa(count)).Output()
	if err != nil {
		t.Fatalf("corpus.js: %v", err)
	}
	lines := bufio.NewScanner(bytes.NewReader(output))
	lines.Buffer(nil, len(output)+1)
	documents := 0
	for lines.Scan() {
		var line struct {
			Input    string          `json:"input"`
			Expected json.RawMessage `json:"expected"`
		}
		if err := json.Unmarshal(lines.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		blocks, err := Parse(line.Input)
		if err != nil {
			t.Fatalf("document %d: %v", documents, err)
		}
		checkBlocks(t, "document "+strconv.Itoa(documents), line.Input, blocks, line.Expected)
		documents++
	}
	if documents != count {
		t.Fatalf("read %d documents, want %d", documents, count)
	}
}

func envInt(t *testing.T, name string, fallback int) int {
	text := os.Getenv(name)
	if text == "" {
		return fallback
	}
	value, err := strconv.Atoi(text)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, text, err)
	}
	return value
}
