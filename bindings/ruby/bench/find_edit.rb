# frozen_string_literal: true

# One round of the find-and-edit benchmarks for the gem (bench/find_edit.py
# runs it between the other languages' rounds): the median milliseconds of
# each workload on one document, printed as JSON.
#
#   GEM_HOME=bindings/ruby/.gem-test ruby bindings/ruby/bench/find_edit.rb DOCUMENT [REPEATS]

require "json"
require "gutenberg_post_parser"

# The workloads: find + one attribute per view, parse + filter the Hashes,
# one attribute edit and the new text, and one copy of the text.
module FindEditRound
  module_function

  def median_ms(repeats, &work)
    3.times(&work)
    times = Array.new(repeats) do
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      work.call
      (Process.clock_gettime(Process::CLOCK_MONOTONIC) - started) * 1e3
    end
    times.sort[times.size / 2]
  end

  def find(text)
    GutenbergPostParser::Document.new(text).find("core/paragraph").map { |view| view.attrs["align"] }
  end

  def parse_filter(text)
    found = []
    GutenbergPostParser.each_block(text) do |block, _depth|
      found << block["attrs"]["align"] if block["blockName"] == "core/paragraph"
    end
    found
  end

  # One attribute edit of the last paragraph of an already parsed document.
  def one_edit(text)
    document = GutenbergPostParser::Document.new(text)
    target = document.find("core/paragraph").to_a.last
    proc { document.edit.set_attrs(target, align: "center").text }
  end

  def run(path, repeats)
    text = File.binread(path).force_encoding(Encoding::UTF_8)
    {
      find: median_ms(repeats) { find(text) },
      parse_filter: median_ms(repeats) { parse_filter(text) },
      edit: median_ms(repeats, &one_edit(text)),
      copy: median_ms(repeats) { text.dup << " " }
    }
  end
end

puts JSON.generate(FindEditRound.run(ARGV.fetch(0), Integer(ARGV.fetch(1, "30"))))
