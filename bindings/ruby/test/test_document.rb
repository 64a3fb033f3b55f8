# frozen_string_literal: true

require_relative "test_helper"

# Document#find and Editor: views checked against the reference's parse,
# edits byte for byte outside the edited ranges and, with the Node reference,
# parsed back to the blocks they intend. GC.stress runs over views and edits.
class TestDocument < Minitest::Test
  POST = "<p>intro</p>\n" \
         "<!-- wp:image {\"id\":7,\"url\":\"http://old.example/a.jpg\"} /-->\n" \
         "<!-- wp:group --><!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph --><!-- /wp:group -->"

  # Named blocks of a reference parse, depth-first, with their depth.
  def reference_blocks(tree)
    out = []
    pending = tree.reverse.map { |block| [block, 0] }
    until pending.empty?
      block, depth = pending.pop
      out << [block, depth] if block["blockName"]
      pending.concat(block["innerBlocks"].reverse.map { |inner| [inner, depth + 1] })
    end
    out
  end

  def test_find_holds_what_the_reference_parse_holds
    TestSupport.fixture_cases.each do |name, html, expected|
      views = GutenbergPostParser::Document.new(html).find.to_a
      wanted = reference_blocks(TestSupport.reference_json(expected))
      assert_equal wanted.size, views.size, name
      views.zip(wanted).each do |view, (block, depth)|
        assert_equal block["blockName"], view.name, name
        assert_nil TestSupport.data_difference(block["attrs"], view.attrs), name
        assert_equal block["innerHTML"], view.inner_html, name
        assert_equal depth, view.depth, name
        assert html.byteslice(view.span).start_with?("<!--"), name
        parent = view.parent
        if depth.zero?
          assert_nil parent
        else
          assert_equal depth - 1, parent.depth
          assert_operator parent.span.begin, :<, view.span.begin
        end
      end
    end
  end

  def test_name_patterns_and_keyword_filters
    doc = GutenbergPostParser::Document.new(POST)
    assert_equal %w[core/image core/group core/paragraph], doc.find("core/*").map(&:name)
    assert_equal ["core/image"], doc.find("image", id: 7).map(&:name)
    assert_equal ["core/image"], doc.find("core/image", id: 7.0, url: GutenbergPostParser::ANY).map(&:name)
    assert_empty doc.find("image", id: 8).to_a
    assert_empty doc.find("image", alt: GutenbergPostParser::ANY).to_a
    assert_equal ["core/image"], doc.find(url: "http://old.example/a.jpg").map(&:name)
    assert_kind_of Enumerator, doc.find
    assert_same(doc, doc.find { |_view| nil })
    assert_raises(TypeError) { doc.find("image", id: Object.new).to_a }
  end

  def test_an_edit_keeps_every_other_byte
    doc = GutenbergPostParser::Document.new(POST)
    image = doc.find("image").first
    paragraph = doc.find("paragraph").first
    editor = doc.edit
    editor.set_attrs(image, image.attrs, url: "https://new.example/a.jpg", alt: "a <b> -- \"c\"")
    editor.replace_inner_html(paragraph, "<p>Hello</p>")
    editor.insert_after(paragraph, "<!-- wp:separator /-->")
    assert_equal 3, editor.size
    text = editor.text
    assert_equal Encoding::UTF_8, text.encoding
    assert text.start_with?(POST.byteslice(0, image.span.begin))
    assert text.end_with?(POST.byteslice(paragraph.span.end..))
    assert_includes text, '<!-- wp:image {"id":7,"url":"https://new.example/a.jpg",' \
                          '"alt":"a \\u003cb\\u003e \\u002d\\u002d \\u0022c\\u0022"} /-->'
    assert_equal POST, doc.edit.text
  end

  def test_bad_edits_raise_clear_errors
    doc = GutenbergPostParser::Document.new(POST)
    group = doc.find("group").first
    paragraph = doc.find("paragraph").first
    editor = doc.edit
    editor.remove(paragraph)
    error = assert_raises(GutenbergPostParser::EditError) { editor.replace(group, "<!-- wp:separator /-->") }
    assert_match(%r{replace on block \d+ \(core/group.*overlaps the earlier remove}, error.message)
    assert_kind_of GutenbergPostParser::Error, error
    error = assert_raises(GutenbergPostParser::EditError) { editor.insert_before(group, "<!-- /wp:group -->") }
    assert_match(/no opener/, error.message)
    assert_raises(TypeError) { editor.set_attrs(group, x: Object.new) }
    other = GutenbergPostParser::Document.new(POST).find("group").first
    assert_raises(ArgumentError) { editor.remove(other) }
    assert_equal POST.sub("<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->", ""), editor.text
  end

  def test_invalid_input
    assert_raises(GutenbergPostParser::Error) { GutenbergPostParser::Document.new("<!-- wp:a -->\xff".b) }
    assert_raises(TypeError) { GutenbergPostParser::Document.new(42) }
  end

  def test_deep_nesting_without_recursion
    depth = 100_000
    text = "#{'<!-- wp:group -->' * depth}<!-- wp:paragraph /-->#{'<!-- /wp:group -->' * depth}"
    doc = GutenbergPostParser::Document.new(text)
    bottom = doc.find("paragraph").first
    assert_equal depth, bottom.depth
    assert_equal depth - 1, bottom.parent.depth
    editor = doc.edit
    editor.set_attrs(bottom, deep: true)
    assert_includes editor.text, '<!-- wp:paragraph {"deep":true} /-->'
  end

  def test_views_and_edits_survive_gc_stress
    views = nil
    GC.stress = true
    begin
      views = GutenbergPostParser::Document.new(+POST).find("core/*").to_a
      editor = views.first.document.edit
      editor.set_attrs(views.first, { "id" => 8 })
      GC.start(full_mark: true, immediate_sweep: true)
      GC.compact if GC.respond_to?(:compact)
      assert_equal "core/group", views.last.parent.name
      assert_includes editor.text, '{"id":8}'
    ensure
      GC.stress = false
    end
    assert_equal({ "id" => 7, "url" => "http://old.example/a.jpg" }, views.first.attrs)
  end

  # The parse's memory is reported to the GC, so a loop that makes Documents
  # and little else still frees the old ones.
  def test_documents_in_a_loop_do_not_pile_up
    skip "no /proc/self/status" unless File.readable?("/proc/self/status")
    text = "<!-- wp:paragraph --><p>#{'x' * 100}</p><!-- /wp:paragraph -->\n" * 20_000
    peak = -> { File.read("/proc/self/status")[/VmHWM:\s*(\d+)/, 1].to_i }
    before = peak.call
    300.times { GutenbergPostParser::Document.new(text) }
    grown_mb = (peak.call - before) / 1024
    assert_operator grown_mb, :<, 300, "peak memory grew by #{grown_mb} MB for 300 documents of 2.4 MB"
  end

  def test_edited_documents_parse_to_the_intended_blocks
    unless TestSupport.reference_available?
      raise "the Node reference is required: run `npm ci --prefix fixtures/reference`" if ENV["GPP_REQUIRE_REFERENCE"]

      skip "node or fixtures/reference/node_modules missing"
    end
    edited = []
    intended = []
    TestSupport.fixture_cases.each do |_name, html, expected|
      views = GutenbergPostParser::Document.new(html).find.to_a
      next if views.empty? || expected.include?("\\ud")

      editor = views.last.document.edit
      attrs = { "gpp" => "x--<y> \"z\" \\", "n" => views.size }
      begin
        editor.set_attrs(views.last, attrs)
      rescue GutenbergPostParser::EditError
        next
      end
      tree = TestSupport.reference_json(expected)
      reference_blocks(tree).last.first["attrs"] = attrs
      edited << editor.text
      intended << tree
    end
    assert_operator edited.size, :>, 100
    Dir.mktmpdir("gpp-ruby") do |dir|
      list = File.join(dir, "docs.json")
      File.write(list, JSON.generate(edited))
      lines = TestSupport.reference_corpus("--docs", list)
      lines.zip(intended).each do |(text, got), want|
        assert_nil TestSupport.data_difference(want, got), text
      end
    end
  end
end
