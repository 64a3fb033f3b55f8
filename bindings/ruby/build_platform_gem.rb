# frozen_string_literal: true

# Builds the platform gem (x86_64-linux, for the Ruby running this script):
# the gem's Ruby files with the native extension already compiled inside, so
# that `gem install` needs no compiler, cargo or Ruby headers.
#
#   ruby bindings/ruby/build_platform_gem.rb EXTENSION.so
#   # => bindings/ruby/pkg/gutenberg_post_parser-VERSION-x86_64-linux.gem
#
# EXTENSION.so is the cdylib of the gutenberg-post-parser-ruby crate, built in
# release mode for this Ruby (bindings/ruby/dist.sh builds it).

require "fileutils"
require "rubygems/package"
require "rbconfig"
require_relative "lib/gutenberg_post_parser/version"

HERE = __dir__
STAGE = File.join(HERE, "pkg", "platform-stage")
EXTENSION = "gutenberg_post_parser/gutenberg_post_parser_ruby.#{RbConfig::CONFIG['DLEXT']}".freeze

library = ARGV.fetch(0) { abort "usage: ruby build_platform_gem.rb EXTENSION.so" }
abort "build_platform_gem.rb: #{library} does not exist" unless File.file?(library)

FileUtils.rm_rf(STAGE)
files = ["README.md"] + Dir.chdir(HERE) { Dir["lib/**/*.rb", "sig/**/*.rbs"] }
files.each do |file|
  FileUtils.mkdir_p(File.dirname(File.join(STAGE, file)))
  FileUtils.cp(File.join(HERE, file), File.join(STAGE, file))
end
FileUtils.cp(library, File.join(STAGE, "lib", EXTENSION))
ruby_minor = RbConfig::CONFIG.values_at("MAJOR", "MINOR").join(".")

spec = Gem::Specification.new do |gem|
  gem.name = "gutenberg_post_parser"
  gem.version = GutenbergPostParser::VERSION
  gem.platform = Gem::Platform.new("x86_64-linux")
  gem.summary = "Fast, exact parser of WordPress block markup (Gutenberg post content)"
  gem.description = "Parses WordPress block serialization into the same blocks as WordPress's " \
                    "own parser. This gem holds the native extension prebuilt for x86_64 Linux " \
                    "and Ruby #{ruby_minor}."
  gem.authors = ["Gutenberg Post Parser contributors"]
  gem.licenses = ["MIT", "Apache-2.0"]
  # The extension is built against this Ruby's ABI.
  gem.required_ruby_version = "~> #{ruby_minor}.0"
  gem.files = files + ["lib/#{EXTENSION}"]
  gem.require_paths = ["lib"]
  gem.metadata["rubygems_mfa_required"] = "true"
end
Gem::DefaultUserInteraction.ui = Gem::SilentUI.new
Dir.chdir(STAGE) do
  built = Gem::Package.build(spec)
  FileUtils.mv(built, File.join(HERE, "pkg"))
  puts File.join(HERE, "pkg", File.basename(built))
end
