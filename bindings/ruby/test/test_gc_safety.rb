# frozen_string_literal: true

require_relative "test_helper"

# Building Ruby objects while the GC runs at every allocation (and, where Ruby
# supports it, moves objects): results must not change.
class TestGcSafety < Minitest::Test
  DOCUMENT = "<!-- wp:group {\"a\":[1,{\"b\":\"\u00e9\",\"c\":[true,null]}],\"d\":{}} --><div>" \
             "<!-- wp:paragraph --><p>one</p><!-- /wp:paragraph -->\n" \
             "<!-- wp:my/card {\"title\":\"t\"} /--></div><!-- /wp:group -->\n<p>tail</p>"

  def under_gc_stress
    compact = GC.respond_to?(:auto_compact=)
    GC.auto_compact = true if compact
    GC.stress = true
    yield
  ensure
    GC.stress = false
    GC.auto_compact = false if compact
  end

  def test_parse_each_block_and_serialize_under_gc_stress
    want = TestSupport.json(GutenbergPostParser.parse(DOCUMENT))
    markup = GutenbergPostParser.serialize(GutenbergPostParser.parse(DOCUMENT))
    got = nil
    walked = nil
    serialized = nil
    under_gc_stress do
      got = GutenbergPostParser.parse(DOCUMENT)
      walked = GutenbergPostParser.each_block(DOCUMENT, offsets: true).map do |block, depth, offsets|
        [block, depth, offsets]
      end
      serialized = GutenbergPostParser.serialize(got)
    end
    assert_equal want, TestSupport.json(got)
    assert_equal 4, walked.size
    assert_equal markup, serialized
  end
end
