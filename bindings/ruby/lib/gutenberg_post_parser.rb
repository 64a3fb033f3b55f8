# frozen_string_literal: true

require_relative "gutenberg_post_parser/version"
require "gutenberg_post_parser/gutenberg_post_parser_ruby"
require_relative "gutenberg_post_parser/document"

# Parses WordPress block markup (Gutenberg post content) exactly as WordPress's
# own parser does, with a native extension written in Rust.
#
#   GutenbergPostParser.parse('<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->')
#   # => [{"blockName"=>"core/paragraph", "attrs"=>{}, "innerBlocks"=>[],
#   #      "innerHTML"=>"<p>Hi</p>", "innerContent"=>["<p>Hi</p>"]}]
#
# The native extension defines +parse+, +serialize+ and the +Error+ class; the
# signatures are in +sig/gutenberg_post_parser.rbs+.
module GutenbergPostParser
  # Byte ranges (end excluded) of one block in the document it was parsed from:
  # +block+ spans the whole block, +opener+ and +closer+ its delimiters (+nil+
  # for freeform HTML, and +closer+ for a void or unclosed block). Slice the
  # document with String#byteslice.
  Offsets = Struct.new(:block, :opener, :closer)

  # Yields every block of +document+ depth-first, parents before their inner
  # blocks, as +|block, depth|+ (+depth+ 0 at the top level), or
  # +|block, depth, offsets|+ with +offsets: true+ (an Offsets). Each +block+
  # is a Hash of the tree that +parse+ returns. Returns an Enumerator when no
  # block is given.
  def self.each_block(document, offsets: false, &block)
    return enum_for(__method__, document, offsets:) unless block

    each_block_native(document, offsets ? true : false, &block)
    nil
  end

  private_class_method :each_block_native
end
