# frozen_string_literal: true

require_relative "test_helper"

# GutenbergPostParser.parse: the shape of the result and what it accepts.
class TestParse < Minitest::Test
  DOCUMENT = '<!-- wp:paragraph {"align":"center","n":[1,2.5,-0,1e400,9007199254740994]} -->' \
             "<p>Hi</p><!-- /wp:paragraph -->\n" \
             "<!-- wp:columns --><div><!-- wp:my-plugin/card /--></div><!-- /wp:columns -->"

  def parse(document = DOCUMENT)
    GutenbergPostParser.parse(document)
  end

  def test_blocks_have_the_reference_keys_in_order
    parse.each do |block|
      assert_equal %w[blockName attrs innerBlocks innerHTML innerContent], block.keys
      assert(block.keys.all?(&:frozen?))
    end
  end

  def test_names_attrs_and_content
    paragraph, freeform, columns = parse
    assert_equal "core/paragraph", paragraph["blockName"]
    assert_equal({ "align" => "center", "n" => [1, 2.5, 0, nil, 9_007_199_254_740_994.0] }, paragraph["attrs"])
    assert_equal [Integer, Float, Integer, NilClass, Float], paragraph["attrs"]["n"].map(&:class)
    assert_equal "<p>Hi</p>", paragraph["innerHTML"]
    assert_nil freeform["blockName"]
    assert_equal({}, freeform["attrs"])
    assert_equal ["\n"], freeform["innerContent"]
    assert_equal ["<div>", nil, "</div>"], columns["innerContent"]
    assert_equal "<div></div>", columns["innerHTML"]
    card = columns["innerBlocks"].fetch(0)
    assert_equal "my-plugin/card", card["blockName"]
    assert_equal [], card["innerContent"]
    assert_equal "", card["innerHTML"]
  end

  def test_integral_numbers_up_to_2_pow_53_are_integers
    numbers = parse("<!-- wp:x {\"a\":[9007199254740992,-9007199254740992,1.0,1e2,1.5,1e300]} /-->")
              .first["attrs"]["a"]
    assert_equal [Integer, Integer, Integer, Integer, Float, Float], numbers.map(&:class)
    assert_equal 2**53, numbers.first
  end

  def test_invalid_attribute_json_gives_nil_attrs
    assert_nil parse('<!-- wp:x {"a":} /-->').first["attrs"]
  end

  def test_names_are_frozen_and_shared_other_strings_are_not
    blocks = parse("<!-- wp:p -->a<!-- /wp:p --><!-- wp:p -->b<!-- /wp:p -->")
    assert blocks[0]["blockName"].frozen?
    assert_same blocks[0]["blockName"], blocks[1]["blockName"]
    refute blocks[0]["innerHTML"].frozen?
    refute blocks[0]["attrs"].frozen?
    blocks[0]["attrs"]["added"] = true
    assert_equal({}, blocks[1]["attrs"])
  end

  def test_a_single_html_piece_is_one_string_in_both_places
    block = parse("<!-- wp:p -->a<!-- /wp:p -->").first
    assert_same block["innerHTML"], block["innerContent"].first
    columns = parse.last
    refute_same columns["innerHTML"], columns["innerContent"].first
  end

  def test_empty_document
    assert_equal [], parse("")
  end

  def test_results_do_not_change_with_the_input
    document = +"<!-- wp:p -->abcdefghijklmnopqrstuvwxyz0123456789<!-- /wp:p -->"
    blocks = parse(document)
    document.replace("x" * document.bytesize)
    assert_equal "abcdefghijklmnopqrstuvwxyz0123456789", blocks.first["innerHTML"]
  end

  def test_frozen_binary_and_us_ascii_inputs
    text = "<!-- wp:p -->caf\u00e9<!-- /wp:p -->"
    expected = parse(text)
    assert_equal expected, parse(text.dup.freeze)
    assert_equal expected, parse(text.b)
    assert_equal Encoding::UTF_8, parse(text.b).first["innerHTML"].encoding
    ascii = parse("<!-- wp:p -->x<!-- /wp:p -->".encode(Encoding::US_ASCII)).first
    assert_equal Encoding::UTF_8, ascii["innerHTML"].encoding
  end

  def test_an_object_with_to_str_is_accepted
    document = Object.new
    def document.to_str = "<!-- wp:p /-->"
    assert_equal "core/p", parse(document).first["blockName"]
  end

  def test_a_non_string_raises_type_error
    assert_raises(TypeError) { parse(nil) }
    assert_raises(TypeError) { parse(42) }
  end
end
