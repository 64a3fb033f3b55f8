# frozen_string_literal: true

# Shared setup: the suite tests the INSTALLED gem (test.sh installs it into
# bindings/ruby/.gem-test); nothing here puts the source tree on the load path.

require "minitest/autorun"
require "json"
require "tmpdir"
require "gutenberg_post_parser"

module TestSupport
  REPO = File.expand_path("../../..", __dir__)
  CASES = File.join(REPO, "fixtures", "cases")
  SHARED_DOCUMENTS = File.join(REPO, "..", "shared", "documents")

  module_function

  # The text of a file as UTF-8, byte for byte (what Node's readFileSync(path, 'utf8')
  # gives for valid UTF-8, BOM included).
  def read_utf8(path)
    File.binread(path).force_encoding(Encoding::UTF_8)
  end

  # Fixture cases as [name, html, expected JSON text].
  def fixture_cases
    Dir[File.join(CASES, "*.html")].map do |html|
      [File.basename(html, ".html"), read_utf8(html), read_utf8(html.sub(/\.html\z/, ".json"))]
    end
  end

  # nil when `expected` and `actual` are the same JSON data, else where they
  # first differ. Numbers compare as JavaScript sees them (IEEE doubles); Hash
  # keys must come in the same order. Iterative, for trees of any depth.
  def data_difference(expected, actual)
    pending = [[expected, actual, "$"]]
    until pending.empty?
      want, got, path = pending.pop
      case want
      when Hash
        return "#{path}: want a Hash, got #{got.inspect[0, 80]}" unless got.is_a?(Hash)
        return "#{path}: keys #{got.keys.inspect} instead of #{want.keys.inspect}" unless want.keys == got.keys

        want.each { |key, value| pending << [value, got[key], "#{path}[#{key.inspect}]"] }
      when Array
        unless got.is_a?(Array) && got.size == want.size
          return "#{path}: want an Array of #{want.size}, got #{got.inspect[0,
                                                                            80]}"
        end

        want.each_with_index { |value, index| pending << [value, got[index], "#{path}[#{index}]"] }
      when Numeric
        # JSON numbers are doubles, compared exactly: the same double is the same number.
        same = got.is_a?(Numeric) && got.to_f == want.to_f # rubocop:disable Lint/FloatComparison
        return "#{path}: want #{want}, got #{got.inspect}" unless same
      else
        unless got.instance_of?(want.class) && got == want
          return "#{path}: want #{want.inspect[0,
                                               80]}, got #{got.inspect[0,
                                                                       80]}"
        end
      end
    end
    nil
  end

  # JSON text from the reference, parsed. The gem turns a lone UTF-16
  # surrogate (`"\ud800"` in attribute JSON) into U+FFFD, as a UTF-8 String
  # cannot hold it; Ruby's JSON refuses such escapes, so they are read as
  # U+FFFD here too. Pairs and every other escape are left as they are.
  def reference_json(text)
    fixed = text.gsub(/\\u[dD][89abAB]\h\h\\u[dD][c-fC-F]\h\h|\\u([dD][89a-fA-F]\h\h)|\\./) do |escape|
      Regexp.last_match(1) ? "\\ufffd" : escape
    end
    JSON.parse(fixed, max_nesting: false)
  end

  # Whether the Node reference can run (node, and `npm ci --prefix fixtures/reference` done).
  def reference_available?
    system("node", "--version", out: File::NULL, err: File::NULL) &&
      File.directory?(File.join(REPO, "fixtures/reference/node_modules/@wordpress/block-serialization-default-parser"))
  end

  # Runs fixtures/reference/corpus.js with `args`; returns [input, expected JSON data] pairs.
  def reference_corpus(*args)
    Dir.mktmpdir("gpp-ruby") do |dir|
      out = File.join(dir, "corpus.jsonl")
      script = File.join(REPO, "fixtures/reference/corpus.js")
      raise "corpus.js failed" unless system("node", script, *args, "--out", out)

      File.foreach(out, encoding: "UTF-8").map do |line|
        entry = reference_json(line)
        [entry.fetch("input"), entry.fetch("expected")]
      end
    end
  end

  # Whether any HTML piece of the document reads as a block delimiter itself (only
  # after recovery from broken markup), which serialized markup cannot reproduce.
  def html_holds_delimiters?(document)
    GutenbergPostParser.each_block(document).any? do |block, _depth|
      block["innerContent"].any? { |html| html&.match?(%r{<!--.*?/?wp:}m) }
    end
  end

  # JSON text for any depth of nesting.
  def json(value)
    JSON.generate(value, max_nesting: false)
  end

  # A copy of `blocks` with nil attrs (invalid JSON) as {}: serialized markup has
  # no attribute text for them, so they parse back as {}.
  def with_null_attrs_as_empty(blocks)
    copy = JSON.parse(json(blocks), max_nesting: false)
    pending = copy.dup
    until pending.empty?
      block = pending.pop
      block["attrs"] ||= {}
      pending.concat(block["innerBlocks"])
    end
    copy
  end

  # How deep the tree goes: 1 for a single top-level block. Iterative.
  def depth_of(blocks)
    depth = 0
    level = blocks
    until level.empty?
      depth += 1
      level = level.flat_map { |block| block["innerBlocks"] }
    end
    depth
  end
end
