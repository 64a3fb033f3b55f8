# frozen_string_literal: true

# Finding and editing blocks without building every block as Ruby objects.
#
#   doc = GutenbergPostParser::Document.new(post)
#   doc.find("core/image", id: 42).each do |image|   # an Enumerator without a block
#     image.attrs, image.span, image.depth, image.parent
#   end
#   editor = doc.edit
#   editor.set_attrs(image, url: "https://new.example/a.jpg")
#   editor.text   # the new text: every byte outside the edits as it was
#
# The native extension defines the classes and their readers; this file adds
# the Ruby idiom on top: Enumerators, keyword arguments, ANY.
module GutenbergPostParser
  # An attribute filter of Document#find that only needs the attribute present:
  # <tt>doc.find("core/image", url: GutenbergPostParser::ANY)</tt>.
  ANY = Object.new
  def ANY.inspect = "GutenbergPostParser::ANY"
  ANY.freeze

  # A parsed document (the text is copied once; parsing runs with the GVL released).
  class Document
    # Yields each BlockView of the blocks named +name+ (<tt>"core/paragraph"</tt>,
    # <tt>"paragraph"</tt>, <tt>"core/*"</tt>, <tt>"*"</tt>) whose attributes equal
    # the keyword arguments (ANY: present with any value), depth-first in document
    # order. Returns an Enumerator without a block.
    def find(name = "*", **attrs, &)
      return enum_for(__method__, name, **attrs) unless block_given?

      present, equal = attrs.partition { |_key, value| ANY.equal?(value) }
      find_native(name, present.map { |key, _value| key.to_s }, equal.to_h).each(&)
      self
    end
  end

  # Edits of one Document; +text+ writes the result.
  class Editor
    # Rewrites the opening delimiter of +view+'s block with new attributes: a Hash,
    # keyword arguments, or both (the keywords win). Written as WordPress writes them.
    def set_attrs(view, attrs = {}, **more)
      set_attrs_native(view, attrs.merge(more))
      self
    end

    alias length size
  end
end
