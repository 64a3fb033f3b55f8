# frozen_string_literal: true

module GutenbergPostParser
  # The gem's version, the same as the Rust crates it is built from.
  VERSION = "0.1.0"
end
