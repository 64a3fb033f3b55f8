# frozen_string_literal: true

require_relative "test_helper"

# Building Ruby objects while the GC runs at every allocation (and, where Ruby
# supports it, moves objects): results must not change.
class TestGcSafety < Minitest::Test
  DOCUMENT = "<!-- wp:group {\"a\":[1,{\"b\":\"\u00e9\",\"c\":[true,null]}],\"d\":{}} --><div>" \
             "<!-- wp:paragraph --><p>one</p><!-- /wp:paragraph -->\n" \
             "<!-- wp:my/card {\"title\":\"t\"} /--></div><!-- /wp:group -->\n<p>tail</p>"

  # How many VM stack slots above its caller `scrub_vm_stack` sets to nil: far
  # more than the calls under test use.
  SCRUBBED_SLOTS = 4096

  # Sets the VM stack slots above the caller to nil (a method's locals start as
  # nil), working around a Ruby bug: after every compaction, Ruby 3.1
  # (rb_vm_each_stack_value, fixed upstream by ruby/ruby#7081 in January 2023)
  # also reads the stale slot just past the top of the stack as an object. A
  # reference that earlier code (an earlier test) left there, to an object whose
  # heap page has since been freed, crashes the first compaction that runs with
  # the stack at that height, whatever the code running. Scrubbed, those slots
  # hold nothing from before the test.
  class_eval(<<~RUBY, __FILE__, __LINE__ + 1)
    # def scrub_vm_stack
    #   _slot0 = nil; _slot1 = nil; ...; _slot4095 = nil
    #   nil
    # end
    def scrub_vm_stack
      #{(0...SCRUBBED_SLOTS).map { |slot| "_slot#{slot} = nil" }.join('; ')}
      nil
    end
  RUBY

  # The worst case for that bug: references to objects that die at once (on heap
  # pages that the next full GC frees) in the slots above the caller, as the
  # arguments of a call that has returned. Followed by a full GC, it makes the
  # test crash Ruby 3.1 every time unless `under_gc_stress` scrubs those slots.
  def self.ignore(*) = nil

  class_eval(<<~RUBY, __FILE__, __LINE__ + 1)
    # def leave_dead_references_on_the_vm_stack
    #   dead = Array.new(300_000) { Object.new }.each_slice(1000).map(&:first)
    #   TestGcSafety.ignore(dead[0], dead[1], ..., dead[299])
    # end
    def leave_dead_references_on_the_vm_stack
      dead = Array.new(300_000) { Object.new }.each_slice(1000).map(&:first)
      TestGcSafety.ignore(#{(0...300).map { |index| "dead[#{index}]" }.join(', ')})
    end
  RUBY

  def under_gc_stress
    compact = GC.respond_to?(:auto_compact=)
    scrub_vm_stack
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
    leave_dead_references_on_the_vm_stack
    GC.start
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
