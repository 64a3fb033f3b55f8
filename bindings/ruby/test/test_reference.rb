# frozen_string_literal: true

require_relative "test_helper"

# Differential tests against the reference parser on Node. Skipped when Node or
# the reference is missing, unless GPP_REQUIRE_REFERENCE is set.
class TestReference < Minitest::Test
  def setup
    return if TestSupport.reference_available?
    raise "the Node reference is required: run `npm ci --prefix fixtures/reference`" if ENV["GPP_REQUIRE_REFERENCE"]

    skip "node or fixtures/reference/node_modules missing"
  end

  def test_generated_documents_match_the_reference
    corpus = TestSupport.reference_corpus("--seed", "11", "--count", "500")
    assert_equal 500, corpus.size
    corpus.each_with_index do |(input, expected), index|
      difference = TestSupport.data_difference(expected, GutenbergPostParser.parse(input))
      assert_nil difference, "document #{index} #{input[0, 200].inspect}: #{difference}"
    end
  end

  def test_shared_documents_match_the_reference
    paths = Dir[File.join(TestSupport::SHARED_DOCUMENTS, "*.html")]
    skip "../shared/documents not found" if paths.empty?
    Dir.mktmpdir("gpp-ruby") do |dir|
      list = File.join(dir, "docs.json")
      File.write(list, JSON.generate(paths.map { |path| TestSupport.read_utf8(path) }))
      corpus = TestSupport.reference_corpus("--docs", list)
      assert_equal paths.size, corpus.size
      corpus.zip(paths) do |(input, expected), path|
        difference = TestSupport.data_difference(expected, GutenbergPostParser.parse(input))
        assert_nil difference, "#{File.basename(path)}: #{difference}"
      end
    end
  end

  def test_serialized_generated_documents_parse_back_to_the_same_blocks
    checked = 0
    TestSupport.reference_corpus("--seed", "7", "--count", "300").each do |input, _expected|
      next if TestSupport.html_holds_delimiters?(input)

      blocks = GutenbergPostParser.parse(input)
      markup = GutenbergPostParser.serialize(blocks)
      expected = TestSupport.with_null_attrs_as_empty(blocks)
      difference = TestSupport.data_difference(expected, GutenbergPostParser.parse(markup))
      assert_nil difference, "input: #{input.inspect}\nmarkup: #{markup.inspect}"
      checked += 1
    end
    assert_operator checked, :>=, 100
  end
end
