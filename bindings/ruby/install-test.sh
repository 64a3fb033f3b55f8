#!/usr/bin/env bash
# Installs the platform gem from DIST into a fresh GEM_HOME and runs a small
# program against ../shared/documents, with no compiler involved (run it
# under .ci/without-rust).
#
#   bindings/ruby/install-test.sh DIST
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
documents="$(cd "$here/../../../shared/documents" && pwd)"
gem_file="$(ls "$1"/gutenberg_post_parser-*-x86_64-linux.gem)"
place="$(mktemp -d)"
trap 'rm -rf "$place"' EXIT
export GEM_HOME="$place/gems"
unset GEM_PATH RUBYLIB RUBYOPT
# No compiler: installing must not build anything.
PATH="$(tr ':' '\n' <<<"$PATH" | grep -v '^/usr/local/bin$' | paste -sd: -)" CC=false \
    gem install --local --no-document "$gem_file" >/dev/null
cd "$place"
ruby - "$documents" <<'RUBY'
require "gutenberg_post_parser"
require "json"

Dir[File.join(ARGV[0], "*.html")].sort.each do |path|
  text = File.read(path, encoding: "UTF-8")
  blocks = GutenbergPostParser.parse(text)
  again = GutenbergPostParser.parse(GutenbergPostParser.serialize(blocks))
  raise "#{path}: no blocks" if blocks.empty? && !text.empty?
  raise "#{path}: round trip" unless JSON.generate(again).bytesize.positive?

  count = GutenbergPostParser.each_block(text).count
  puts "#{File.basename(path)}: #{count} blocks"
end
RUBY
echo "Ruby: the platform gem installs with no compiler and parses every shared document"
