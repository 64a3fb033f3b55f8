# frozen_string_literal: true

require_relative "test_helper"

# Every fixtures/cases pair: JSON.generate of our blocks is the reference's JSON
# as data, and every string comes back UTF-8.
class TestFixtures < Minitest::Test
  CASES = TestSupport.fixture_cases

  def test_there_are_fixtures
    assert_operator CASES.size, :>=, 175
  end

  CASES.each do |name, html, expected|
    define_method("test_#{name.tr('-', '_')}") do
      blocks = GutenbergPostParser.parse(html)
      generated = JSON.parse(TestSupport.json(blocks), max_nesting: false)
      difference = TestSupport.data_difference(TestSupport.reference_json(expected), generated)
      assert_nil difference, "#{name}: #{difference}"
      GutenbergPostParser.each_block(html) do |block, _depth|
        strings = [block["blockName"], block["innerHTML"], *block["innerContent"]].compact
        strings.each { |string| assert_equal Encoding::UTF_8, string.encoding }
      end
    end
  end
end
