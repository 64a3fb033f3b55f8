# frozen_string_literal: true

require_relative "test_helper"

# Parsing runs with the GVL released: many threads at once must each get the
# same results as one thread alone.
class TestThreads < Minitest::Test
  DOCUMENTS = begin
    shared = Dir[File.join(TestSupport::SHARED_DOCUMENTS, "*.html")].map { |path| TestSupport.read_utf8(path) }
    fixtures = TestSupport.fixture_cases.map { |_name, html, _expected| html }
    large = "<!-- wp:group --><div><!-- wp:paragraph {\"n\":1} --><p>\u00e9</p><!-- /wp:paragraph --></div>" \
            "<!-- /wp:group -->\n" * 5_000
    [large, *shared, *fixtures]
  end

  def expected
    @expected ||= DOCUMENTS.map { |document| TestSupport.json(GutenbergPostParser.parse(document)) }
  end

  def test_many_threads_parse_at_once
    want = expected
    threads = 8.times.map do |offset|
      Thread.new do
        2.times.flat_map do
          DOCUMENTS.each_index.map do |index|
            at = (index + offset) % DOCUMENTS.size
            [at, TestSupport.json(GutenbergPostParser.parse(DOCUMENTS[at]))]
          end
        end
      end
    end
    results = threads.flat_map(&:value)
    assert_equal 8 * 2 * DOCUMENTS.size, results.size
    results.each { |at, json| assert_equal want[at], json, "document #{at}" }
  end

  def test_threads_mix_parse_each_block_and_serialize
    document = DOCUMENTS.first
    want = expected.first
    threads = 4.times.map do |kind|
      Thread.new do
        5.times.map do
          case kind
          when 0 then TestSupport.json(GutenbergPostParser.parse(document))
          when 1 then GutenbergPostParser.each_block(document).count
          else TestSupport.json(GutenbergPostParser.parse(round_trip(document)))
          end
        end
      end
    end
    results = threads.map(&:value)
    assert_equal [want] * 5, results[0]
    assert_equal [15_000] * 5, results[1]
    assert_equal [want] * 5, results[2]
  end

  def round_trip(document)
    GutenbergPostParser.serialize(GutenbergPostParser.parse(document))
  end

  def test_changing_the_document_while_other_threads_parse_it
    document = DOCUMENTS.first.dup
    first_block = GutenbergPostParser.parse(document).first
    writer = Thread.new do
      200.times do |round|
        document << "<!-- wp:paragraph --><p>#{round}</p><!-- /wp:paragraph -->"
        Thread.pass
      end
    end
    readers = 3.times.map do
      Thread.new { 20.times.map { GutenbergPostParser.parse(document).first } }
    end
    writer.join
    readers.flat_map(&:value).each { |block| assert_equal first_block, block }
  end
end
