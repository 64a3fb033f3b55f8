// Command gpp-bench-go is the benchmark and conformance driver for the Go
// package (protocol: bench/README.md).
//
//	gpp-bench-go --warmup W --runs R --batch K FILE
//	gpp-bench-go --conformance DOCUMENTS
//
// It times gutenberg.Parse, which returns the full tree of Blocks; a FILE
// named *.documents is a documents file, timed as one set (every document
// parsed once per parse, in order). Conformance mode prints json.Marshal of
// that tree for every document of a documents file, one line each.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	gutenberg "github.com/gutenberg-post-parser/gutenberg-post-parser/go"
)

// result is the line printed after timing a file.
type result struct {
	Impl      string  `json:"impl"`
	File      string  `json:"file"`
	Bytes     int     `json:"bytes"`
	MedianNs  float64 `json:"median_ns"`
	Runs      int     `json:"runs"`
	Batch     int     `json:"batch"`
	BaseRssKb int     `json:"base_rss_kb"`
	PeakRssKb int     `json:"peak_rss_kb"`
	Documents int     `json:"documents,omitempty"`
}

var vmHWM = regexp.MustCompile(`VmHWM:\s*(\d+)`)

// peakRssKb is the high-water mark of resident memory (VmHWM) in KiB.
func peakRssKb() int {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	match := vmHWM.FindSubmatch(status)
	if match == nil {
		return 0
	}
	kb, _ := strconv.Atoi(string(match[1]))
	return kb
}

// latest holds the last tree, released when the next one is made, as in
// every driver.
var latest []gutenberg.Block

// sample returns the nanoseconds taken by batch parses of every one of texts,
// in order.
func sample(texts []string, batch int) (float64, error) {
	var err error
	started := time.Now()
	for range batch {
		for _, text := range texts {
			latest, err = gutenberg.Parse(text)
			if err != nil {
				return 0, err
			}
		}
	}
	elapsed := time.Since(started)
	if latest == nil && len(texts[len(texts)-1]) > 0 {
		return 0, errors.New("Parse returned no blocks")
	}
	return float64(elapsed.Nanoseconds()), nil
}

// readInput returns the texts of path: the documents of a documents file
// (named *.documents), or the whole file.
func readInput(path string) (texts []string, isSet bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	if !strings.HasSuffix(path, ".documents") {
		return []string{string(data)}, false, nil
	}
	err = eachDocument(data, func(text []byte) error {
		texts = append(texts, string(text))
		return nil
	})
	return texts, true, err
}

func timeFile(path string, warmup, runs, batch int) error {
	texts, isSet, err := readInput(path)
	if err != nil {
		return err
	}
	total := 0
	for _, text := range texts {
		total += len(text)
	}
	base := peakRssKb()
	for range warmup {
		if _, err := sample(texts, batch); err != nil {
			return err
		}
	}
	samples := make([]float64, runs)
	for i := range samples {
		elapsed, err := sample(texts, batch)
		if err != nil {
			return err
		}
		samples[i] = elapsed / float64(batch)
	}
	slices.Sort(samples)
	line := result{
		Impl: "go", File: filepath.Base(path), Bytes: total,
		MedianNs: samples[len(samples)/2], Runs: runs, Batch: batch,
		BaseRssKb: base, PeakRssKb: peakRssKb(),
	}
	if isSet {
		line.Documents = len(texts)
	}
	out, err := json.Marshal(line)
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

// eachDocument calls each with every document of a documents file: for
// each, its length in decimal, a newline, the UTF-8 document, a newline.
func eachDocument(data []byte, each func([]byte) error) error {
	for len(data) > 0 {
		newline := bytes.IndexByte(data, '\n')
		if newline < 0 {
			return errors.New("documents file: a length without a newline")
		}
		size, err := strconv.Atoi(string(data[:newline]))
		if err != nil || size < 0 || newline+1+size > len(data) {
			return errors.New("documents file: a bad length")
		}
		if err := each(data[newline+1 : newline+1+size]); err != nil {
			return err
		}
		data = data[min(len(data), newline+1+size+1):]
	}
	return nil
}

// checkCorpus prints the tree of every document of a documents file.
func checkCorpus(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	err = eachDocument(data, func(text []byte) error {
		blocks, err := gutenberg.Parse(string(text))
		if err != nil {
			return err
		}
		line, err := json.Marshal(blocks)
		if err != nil {
			return err
		}
		out.Write(line)
		return out.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	return out.Flush()
}

func main() {
	warmup := flag.Int("warmup", 1, "warm-up samples")
	runs := flag.Int("runs", 1, "timed samples")
	batch := flag.Int("batch", 1, "parses per sample")
	conformance := flag.String("conformance", "", "documents file: print each tree as JSON")
	flag.Parse()
	var err error
	switch {
	case *conformance != "":
		err = checkCorpus(*conformance)
	case flag.NArg() == 1 && *runs > 0 && *batch > 0 && *warmup >= 0:
		err = timeFile(flag.Arg(0), *warmup, *runs, *batch)
	default:
		err = errors.New("usage: gpp-bench-go --warmup W --runs R --batch K FILE | --conformance DOCUMENTS")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gpp-bench-go:", err)
		os.Exit(2)
	}
}
