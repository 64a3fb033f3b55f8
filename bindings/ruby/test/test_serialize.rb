# frozen_string_literal: true

require_relative "test_helper"

# GutenbergPostParser.serialize: block Hashes back to markup.
class TestSerialize < Minitest::Test
  def serialize(blocks)
    GutenbergPostParser.serialize(blocks)
  end

  def test_fixtures_parse_back_to_the_same_blocks
    checked = 0
    TestSupport.fixture_cases.each do |name, html, _expected|
      next if TestSupport.html_holds_delimiters?(html)

      blocks = GutenbergPostParser.parse(html)
      markup = serialize(blocks)
      difference = TestSupport.data_difference(TestSupport.with_null_attrs_as_empty(blocks),
                                               GutenbergPostParser.parse(markup))
      assert_nil difference, "#{name}: #{markup.inspect}"
      checked += 1
    end
    assert_operator checked, :>=, 120
  end

  def test_canonical_form
    blocks = GutenbergPostParser.parse("<!--  wp:core/paragraph  {\"a\" : 1}  --><p>x</p><!-- /wp:paragraph   -->" \
                                       "<!-- wp:my/void   /-->")
    assert_equal "<!-- wp:paragraph {\"a\":1} --><p>x</p><!-- /wp:paragraph --><!-- wp:my/void /-->", serialize(blocks)
  end

  def test_hand_made_blocks_with_symbol_keys_and_optional_keys_left_out
    blocks = [
      { blockName: "core/group", attrs: { layout: { type: :flex }, "n" => [1, 2.5, nil, true] },
        innerBlocks: [{ blockName: "core/paragraph", innerContent: ["<p>x</p>"] }],
        innerContent: ["<div>", nil, "</div>"] },
      { "blockName" => nil, "innerContent" => ["\n"] }
    ]
    markup = serialize(blocks)
    assert_equal '<!-- wp:group {"layout":{"type":"flex"},"n":[1,2.5,null,true]} --><div>' \
                 "<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --></div><!-- /wp:group -->\n", markup
    assert_equal({ "layout" => { "type" => "flex" }, "n" => [1, 2.5, nil, true] },
                 GutenbergPostParser.parse(markup).first["attrs"])
  end

  def test_attribute_text_cannot_end_the_comment
    attrs = { "html" => "--><!-- wp:evil /--> & <b>\"q\"" }
    markup = serialize([{ "blockName" => "core/p", "attrs" => attrs, "innerContent" => [] }])
    blocks = GutenbergPostParser.parse(markup)
    assert_equal 1, blocks.size
    assert_equal attrs, blocks.first["attrs"]
  end

  def test_nil_attrs_are_left_out
    assert_equal "<!-- wp:p /-->", serialize([{ "blockName" => "core/p", "attrs" => nil, "innerContent" => [] }])
  end

  def test_wrong_types_raise_type_error
    valid = { "blockName" => "core/p", "innerContent" => [] }
    [
      "not an array",
      ["not a hash"],
      [valid.merge("blockName" => 42)],
      [valid.merge("innerContent" => "x")],
      [valid.merge("innerContent" => [1])],
      [valid.merge("innerBlocks" => {})],
      [valid.merge("attrs" => [])],
      [valid.merge("attrs" => { "t" => Time.now })],
      [valid.merge("attrs" => { 1 => "integer key" })]
    ].each do |blocks|
      assert_raises(TypeError, blocks.inspect) { serialize(blocks) }
    end
  end

  def test_missing_required_keys_raise_key_error
    error = assert_raises(KeyError) { serialize([{ "blockName" => "core/p" }]) }
    assert_match(/innerContent/, error.message)
    assert_raises(KeyError) { serialize([{ "innerContent" => [] }]) }
  end

  def test_malformed_blocks_raise_the_gem_error
    base = { "blockName" => "core/p", "innerContent" => [] }
    ["Bad Name", "core/", "a/b/c", "1abc", "p -->"].each do |name|
      assert_raises(GutenbergPostParser::Error, name) { serialize([base.merge("blockName" => name)]) }
    end
    mismatch = base.merge("innerContent" => [nil, nil], "innerBlocks" => [base])
    assert_match(/2 nil placeholder/, assert_raises(GutenbergPostParser::Error) { serialize([mismatch]) }.message)
    assert_raises(GutenbergPostParser::Error) { serialize([base.merge("innerContent" => ["\xFF"])]) }
  end

  def test_blocks_and_attrs_nested_inside_themselves_raise
    block = { "blockName" => "core/p", "innerContent" => [nil] }
    block["innerBlocks"] = [block]
    assert_match(/inside itself/, assert_raises(GutenbergPostParser::Error) { serialize([block]) }.message)
    list = []
    list << list
    assert_raises(GutenbergPostParser::Error) do
      serialize([{ "blockName" => "core/p", "attrs" => { "a" => list }, "innerContent" => [] }])
    end
  end

  def test_a_shared_but_not_cyclic_block_is_fine
    child = { "blockName" => "core/p", "innerContent" => [] }
    parent = { "blockName" => "core/group", "innerBlocks" => [child, child], "innerContent" => [nil, nil] }
    assert_equal "<!-- wp:group --><!-- wp:p /--><!-- wp:p /--><!-- /wp:group -->", serialize([parent])
  end
end
