# frozen_string_literal: true

require_relative "lib/gutenberg_post_parser/version"

# The gem is built from a staged copy of this folder that also holds the Rust
# crates under ext/ (see build_gem.rb); built from here alone it could not compile.
unless File.exist?(File.join(__dir__, "ext/gutenberg_post_parser/Cargo.toml"))
  raise "build the gem with `ruby bindings/ruby/build_gem.rb`, which stages the Rust crates first"
end

Gem::Specification.new do |spec|
  spec.name = "gutenberg_post_parser"
  spec.version = GutenbergPostParser::VERSION
  spec.summary = "Fast, exact parser of WordPress block markup (Gutenberg post content)"
  spec.description = "Parses WordPress block serialization into the same blocks as WordPress's " \
                     "own parser, with a native extension written in Rust (magnus)."
  spec.authors = ["Gutenberg Post Parser contributors"]
  spec.licenses = ["MIT", "Apache-2.0"]
  spec.required_ruby_version = ">= 3.1"
  spec.files = Dir.chdir(__dir__) do
    Dir["README.md", "lib/**/*.rb", "sig/**/*.rbs", "ext/gutenberg_post_parser/**/*"]
      .reject { |path| File.directory?(path) || path.match?(%r{/target/|\.so\z|Makefile\z}) }
  end
  spec.extensions = ["ext/gutenberg_post_parser/extconf.rb"]
  spec.require_paths = ["lib"]
  spec.metadata["rubygems_mfa_required"] = "true"
end
