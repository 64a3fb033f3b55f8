# frozen_string_literal: true

# How fast can Ruby build the tree at all? Times, in alternating rounds in one
# process (fair on a busy machine), the gem's parse of moby-dick-parsed.html and
# a plain-Ruby loop that builds the same tree of Hashes, Arrays and copied
# Strings from Strings that already exist (no parsing at all).
#
#   GEM_HOME=bindings/ruby/.gem-test ruby bindings/ruby/bench/plain_ruby_tree.rb

require "gutenberg_post_parser"

DOCUMENT = File.join(__dir__, "..", "..", "..", "..", "shared", "documents", "moby-dick-parsed.html")
KEYS = %w[blockName attrs innerBlocks innerHTML innerContent].map(&:-@)

# The same tree as `blocks`, rebuilt: new Hashes and Arrays, Strings copied.
def rebuild(blocks)
  blocks.map do |block|
    content = block["innerContent"].map { |html| html && (+"" << html) }
    html = content.size == 1 ? content.first : (+"" << block["innerHTML"])
    KEYS.zip([block["blockName"], {}, rebuild(block["innerBlocks"]), html, content]).to_h
  end
end

def milliseconds(runs, &)
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  runs.times(&)
  (Process.clock_gettime(Process::CLOCK_MONOTONIC) - started) * 1000 / runs
end

text = File.binread(DOCUMENT).force_encoding(Encoding::UTF_8)
blocks = GutenbergPostParser.parse(text)
gem = []
plain = []
9.times do
  gem << milliseconds(20) { GutenbergPostParser.parse(text) }
  plain << milliseconds(20) { rebuild(blocks) }
end
puts format("gem parse: %<gem>.2f ms; plain-Ruby tree building alone: %<plain>.2f ms (medians of 9 rounds of 20)",
            gem: gem.sort[4], plain: plain.sort[4])
