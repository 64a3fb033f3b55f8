# frozen_string_literal: true

require_relative "test_helper"

# The suite must exercise the installed gem, built by `gem build` + `gem install`.
class TestInstalledGem < Minitest::Test
  def test_the_library_comes_from_the_installed_gem
    spec = Gem.loaded_specs.fetch("gutenberg_post_parser")
    native = $LOADED_FEATURES.grep(/gutenberg_post_parser_ruby\.#{RbConfig::CONFIG['DLEXT']}\z/)
    assert_equal 1, native.size
    assert native.first.start_with?(spec.full_gem_path), "#{native.first} is not in #{spec.full_gem_path}"
    source_lib = File.expand_path("../lib", __dir__)
    refute($LOADED_FEATURES.any? { |path| path.start_with?(source_lib) }, "the source tree's lib/ was loaded")
  end

  def test_ruby_and_native_versions_agree
    assert_equal GutenbergPostParser::VERSION, GutenbergPostParser::NATIVE_VERSION
    assert_equal GutenbergPostParser::VERSION, Gem.loaded_specs.fetch("gutenberg_post_parser").version.to_s
  end

  def test_error_is_a_standard_error
    assert_operator GutenbergPostParser::Error, :<, StandardError
  end
end
