#!/usr/bin/env bash
# Uses the Go module as `go get` users get it (a copy of go/, outside the
# repository, with its committed library) from a program in another folder,
# and runs it against ../shared/documents; cgo needs only a C compiler (run it
# under .ci/without-rust).
#
#   go/install-test.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
documents="$(cd "$here/../../shared/documents" && pwd)"
module="$(sed -n 's/^module //p' "$here/go.mod")"
place="$(mktemp -d)"
trap 'rm -rf "$place"' EXIT
# The module as published: its files, no tests.
mkdir -p "$place/module"
(cd "$here" && tar -cf - --exclude='*_test.go' --exclude='test.sh' --exclude='install-test.sh' .) |
    tar -xf - -C "$place/module"
mkdir -p "$place/app"
cat >"$place/app/go.mod" <<MOD
module example.com/app

go 1.24

require $module v0.1.0

replace $module => ../module
MOD
cat >"$place/app/main.go" <<GO
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gutenberg "$module"
)

func main() {
	paths, _ := filepath.Glob(filepath.Join(os.Args[1], "*.html"))
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			panic(err)
		}
		blocks, err := gutenberg.Parse(string(text))
		if err != nil {
			panic(err)
		}
		if _, err := json.Marshal(blocks); err != nil {
			panic(err)
		}
		count := 0
		for range gutenberg.All(blocks) {
			count++
		}
		fmt.Printf("%s: %d blocks\n", filepath.Base(path), count)
	}
}
GO
cd "$place/app"
GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=1 go build -o app .
./app "$documents"
echo "Go: the module builds outside the repository with only a C compiler"
