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

  # Raised when a result would hold more text than +max_output_bytes+ allows:
  # the reference gives every unclosed block the rest of the document, so a
  # small hostile post can need gigabytes. +output_bytes+ is how much it would
  # hold, +limit+ the limit it is over.
  class ExpansionLimitError < Error
    attr_reader :output_bytes, :limit
  end

  # The blocks of +document+, exactly as the reference parser returns them: an
  # Array of Hashes with the keys "blockName", "attrs", "innerBlocks",
  # "innerHTML" and "innerContent". Raises ExpansionLimitError when they would
  # hold more than +max_output_bytes+ of text (a document may always produce 16
  # times its own size; +nil+ or 0: no limit).
  def self.parse(document, max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES)
    parse_native(document, max_output_bytes)
  end

  # Yields every block of +document+ depth-first, parents before their inner
  # blocks, as +|block, depth|+ (+depth+ 0 at the top level), or
  # +|block, depth, offsets|+ with +offsets: true+ (an Offsets). Each +block+
  # is a Hash of the tree that +parse+ returns (+max_output_bytes+ as there).
  # Returns an Enumerator when no block is given.
  def self.each_block(document, offsets: false, max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES, &block)
    return enum_for(__method__, document, offsets:, max_output_bytes:) unless block

    each_block_native(document, offsets ? true : false, max_output_bytes, &block)
    nil
  end

  private_class_method :parse_native, :each_block_native
end
