# frozen_string_literal: true

require_relative "test_helper"

# GutenbergPostParser.each_block: depth-first order, depths, Enumerator, offsets.
class TestEachBlock < Minitest::Test
  DOCUMENT = "<p>caf\u00e9</p>\n<!-- wp:columns {\"n\":\"\u00e9\"} --><div>" \
             "<!-- wp:column --><!-- wp:paragraph --><p>\u00e9</p><!-- /wp:paragraph --><!-- /wp:column -->" \
             "<!-- wp:column /--></div><!-- /wp:columns -->\n<!-- wp:unclosed -->tail"

  def test_yields_parents_before_inner_blocks_with_depths
    visited = []
    GutenbergPostParser.each_block(DOCUMENT) { |block, depth| visited << [block["blockName"], depth] }
    assert_equal [[nil, 0], ["core/columns", 0], ["core/column", 1], ["core/paragraph", 2],
                  ["core/column", 1], [nil, 0], ["core/unclosed", 0]], visited
  end

  def test_matches_a_walk_of_the_parsed_tree
    TestSupport.fixture_cases.each do |name, html, _expected|
      expected = []
      pending = GutenbergPostParser.parse(html).reverse.map { |block| [block, 0] }
      until pending.empty?
        block, depth = pending.pop
        expected << [block, depth]
        pending.concat(block["innerBlocks"].reverse.map { |child| [child, depth + 1] })
      end
      assert_equal expected, GutenbergPostParser.each_block(html).to_a, name
    end
  end

  def test_yields_the_hashes_of_one_tree
    blocks = GutenbergPostParser.each_block(DOCUMENT).map { |block, _depth| block }
    columns = blocks.fetch(1)
    assert_same columns["innerBlocks"].first, blocks.fetch(2)
  end

  def test_without_a_block_returns_an_enumerator
    enumerator = GutenbergPostParser.each_block(DOCUMENT)
    assert_kind_of Enumerator, enumerator
    assert_equal 7, enumerator.count
    assert_equal 1, enumerator.with_index.find { |(block, _depth), _index| block["blockName"] }.last
    with_offsets = GutenbergPostParser.each_block(DOCUMENT, offsets: true)
    assert(with_offsets.all? { |_, _, offsets| offsets.is_a?(GutenbergPostParser::Offsets) })
  end

  def test_returns_nil_and_supports_break
    assert_nil(GutenbergPostParser.each_block(DOCUMENT) { nil })
    first = GutenbergPostParser.each_block(DOCUMENT) { |block, _| break block if block["blockName"] }
    assert_equal "core/columns", first["blockName"]
  end

  def test_exceptions_from_the_block_propagate
    stop = ->(_block, _depth) { raise "stop" }
    error = assert_raises(RuntimeError) { GutenbergPostParser.each_block(DOCUMENT, &stop) }
    assert_equal "stop", error.message
  end

  def test_offsets_are_byte_ranges_of_blocks_and_delimiters
    GutenbergPostParser.each_block(DOCUMENT, offsets: true) do |block, _depth, offsets|
      whole = DOCUMENT.byteslice(offsets.block)
      if block["blockName"].nil?
        assert_equal block["innerHTML"], whole
        assert_nil offsets.opener
        assert_nil offsets.closer
        next
      end
      short_name = block["blockName"].delete_prefix("core/")
      assert_match(/\A<!-- wp:#{short_name}[ {]/, DOCUMENT.byteslice(offsets.opener))
      assert whole.start_with?(DOCUMENT.byteslice(offsets.opener))
      if offsets.closer
        assert_equal "<!-- /wp:#{short_name} -->", DOCUMENT.byteslice(offsets.closer)
        assert whole.end_with?(DOCUMENT.byteslice(offsets.closer))
      end
    end
  end

  def test_offsets_count_bytes_not_characters
    offsets = GutenbergPostParser.each_block(DOCUMENT, offsets: true).map { |_, _, o| o }
    assert_equal 0...13, offsets[0].block # "<p>café</p>\n": 13 bytes, 12 characters
    assert_nil offsets.last.closer
    assert_equal DOCUMENT.bytesize, offsets.last.block.end
  end
end
