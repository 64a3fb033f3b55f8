# frozen_string_literal: true

require_relative "test_helper"
require "open3"
require "rbconfig"

# Hostile documents: every unclosed block holds the rest of the document, so
# the result can grow with the square of the input. Runs that end the document
# share its buffer, so plain unclosed openers stay small in Ruby; blocks whose
# HTML is split by an inner block need a new joined innerHTML each, and those
# are refused over the limit.
class TestHostile < Minitest::Test
  OPENER = "<!-- wp:group -->x"
  SPLIT = "<!-- wp:group -->x<!-- wp:x /-->y"

  # Runs Ruby `code` in a fresh process with the installed gem; returns its output.
  def run_isolated(code)
    output, status = Open3.capture2e(RbConfig.ruby, "-e", code)
    assert status.success?, output
    output
  end

  def peak_script(body)
    <<~RUBY
      require "gutenberg_post_parser"
      #{body}
      puts File.read("/proc/self/status")[/VmHWM:\\s*(\\d+)/, 1].to_i / 1024
    RUBY
  end

  def test_unclosed_openers_share_the_document
    peak_mib = run_isolated(peak_script(<<~RUBY)).to_i
      blocks = GutenbergPostParser.parse(#{OPENER.dump} * 20_000)
      raise "wrong count" unless blocks.size == 39_999
    RUBY
    assert_operator peak_mib, :<, 200
  end

  def test_split_blocks_are_refused_with_the_sizes
    peak_mib = run_isolated(peak_script(<<~RUBY)).to_i
      begin
        GutenbergPostParser.parse(#{SPLIT.dump} * 20_000)
        raise "not refused"
      rescue GutenbergPostParser::ExpansionLimitError => e
        raise e.message unless e.output_bytes > e.limit && e.limit == GutenbergPostParser::DEFAULT_MAX_OUTPUT_BYTES
        raise e.message unless e.message.include?("max_output_bytes")
      end
    RUBY
    assert_operator peak_mib, :<, 200
  end

  def test_the_error_is_a_gem_error_and_each_block_takes_the_limit
    document = SPLIT * 300
    error = assert_raises(GutenbergPostParser::Error) do
      GutenbergPostParser.parse(document, max_output_bytes: 1024)
    end
    assert_kind_of GutenbergPostParser::ExpansionLimitError, error
    assert_equal 16 * document.bytesize, error.limit
    assert_raises(GutenbergPostParser::ExpansionLimitError) do
      GutenbergPostParser.each_block(document, max_output_bytes: 1024).to_a
    end
    # 300 blocks, each opener but the first led by a freeform "y".
    assert_equal 599, GutenbergPostParser.parse(document, max_output_bytes: nil).size
    assert_equal 599, GutenbergPostParser.parse(document, max_output_bytes: 0).size
  end

  def test_with_the_limit_lifted_the_output_is_the_references
    skip "the Node reference is not installed" unless TestSupport.reference_available?

    document = SPLIT * 2_000
    script = File.join(TestSupport::REPO, "fixtures/reference/parse-stdin.js")
    expected, status = Open3.capture2("node", script, stdin_data: document)
    assert status.success?
    assert_raises(GutenbergPostParser::ExpansionLimitError) do
      GutenbergPostParser.parse(document, max_output_bytes: 1 << 20)
    end
    blocks = GutenbergPostParser.parse(document, max_output_bytes: nil)
    assert_nil TestSupport.data_difference(TestSupport.reference_json(expected), blocks)
  end
end
