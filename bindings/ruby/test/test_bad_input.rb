# frozen_string_literal: true

require_relative "test_helper"

# Input that is not UTF-8 text raises GutenbergPostParser::Error; broken markup
# never raises.
class TestBadInput < Minitest::Test
  def test_invalid_utf8_names_the_byte_offset
    error = assert_raises(GutenbergPostParser::Error) { GutenbergPostParser.parse("<p>ab\xFFcd</p>") }
    assert_match(/invalid UTF-8.*byte offset 5/, error.message)
  end

  def test_a_truncated_character_is_reported
    error = assert_raises(GutenbergPostParser::Error) { GutenbergPostParser.parse("caf\xC3".b) }
    assert_match(/ends inside a character at byte offset 3/, error.message)
  end

  def test_invalid_utf8_in_binary_strings_is_reported_too
    assert_raises(GutenbergPostParser::Error) { GutenbergPostParser.parse("\xC0\x80".b) }
  end

  def test_other_encodings_are_refused_by_name
    error = assert_raises(GutenbergPostParser::Error) { GutenbergPostParser.parse("<p>x</p>".encode("UTF-16LE")) }
    assert_match(/UTF-16LE/, error.message)
    assert_raises(GutenbergPostParser::Error) { GutenbergPostParser.parse("caf\u00e9".encode("ISO-8859-1")) }
  end

  def test_each_block_raises_the_same_errors
    assert_raises(GutenbergPostParser::Error) { GutenbergPostParser.each_block("\xFF") { flunk } }
  end

  def test_broken_markup_is_recovered_not_raised
    [
      "<!-- wp:p -->unclosed",
      "<!-- /wp:p -->orphan closer",
      "<!-- wp:p {\"a\": -->",
      "<!-- wp:p {\"a\":1} --",
      "<!-- wp:a --><!-- wp:b --></p><!-- /wp:a -->",
      "<!-- wp:",
      "{\"}\" -->"
    ].each do |document|
      blocks = GutenbergPostParser.parse(document)
      assert_kind_of Array, blocks, document
      refute_empty blocks, document
    end
  end

  def test_a_huge_document
    document = "<!-- wp:paragraph --><p>#{'x' * 80}</p><!-- /wp:paragraph -->\n" * 200_000
    blocks = GutenbergPostParser.parse(document)
    assert_operator document.bytesize, :>, 20_000_000
    assert_equal 400_000, blocks.size
    assert_equal "core/paragraph", blocks.last(2).first["blockName"]
  end
end
