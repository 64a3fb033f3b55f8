# frozen_string_literal: true

require_relative "test_helper"

# 100,000-deep nesting goes through every API without SystemStackError or a crash.
class TestDeep < Minitest::Test
  DEPTH = 100_000

  def nested(depth)
    "#{'<!-- wp:group -->' * depth}x#{'<!-- /wp:group -->' * depth}"
  end

  def test_deep_blocks_parse
    blocks = GutenbergPostParser.parse(nested(DEPTH))
    assert_equal DEPTH, TestSupport.depth_of(blocks)
    innermost = blocks.first
    innermost = innermost["innerBlocks"].first until innermost["innerBlocks"].empty?
    assert_equal "x", innermost["innerHTML"]
  end

  def test_deep_blocks_walk_and_serialize
    document = nested(DEPTH)
    deepest = 0
    count = 0
    GutenbergPostParser.each_block(document) do |_block, depth|
      deepest = depth if depth > deepest
      count += 1
    end
    assert_equal [DEPTH, DEPTH - 1], [count, deepest]
    assert_equal document, GutenbergPostParser.serialize(GutenbergPostParser.parse(document))
  end

  def test_deep_unclosed_blocks_recover
    blocks = GutenbergPostParser.parse("<!-- wp:group -->" * DEPTH)
    assert_equal DEPTH, blocks.size
    assert(blocks.all? { |block| block["innerBlocks"].empty? })
  end

  def test_deep_attribute_json
    document = "<!-- wp:x {\"a\":#{'[' * DEPTH}1#{']' * DEPTH}} /-->"
    block = GutenbergPostParser.parse(document).first
    value = block["attrs"]["a"]
    depth = 0
    while value.is_a?(Array)
      value = value.first
      depth += 1
    end
    assert_equal [DEPTH, 1], [depth, value]
    markup = GutenbergPostParser.serialize([block])
    assert_equal document, markup
  end

  def test_deep_hand_made_attrs_and_blocks_serialize
    attrs = {}
    inner = attrs
    (DEPTH - 1).times { inner = (inner["k"] = {}) }
    markup = GutenbergPostParser.serialize([{ "blockName" => "core/x", "attrs" => attrs, "innerContent" => [] }])
    assert_equal "<!-- wp:x #{'{"k":' * (DEPTH - 1)}{}#{'}' * (DEPTH - 1)} /-->", markup
  end
end
