# frozen_string_literal: true

# Runs test files in one process: `ruby test/run.rb [FILE...] [-- MINITEST_OPTIONS]`
# (every test/test_*.rb when no file is given).

split = ARGV.index("--")
files = split ? ARGV[0...split] : ARGV.dup
options = split ? ARGV[(split + 1)..] : []
files = Dir[File.join(__dir__, "test_*.rb")] if files.empty?
ARGV.replace(options)
files.each { |file| require File.expand_path(file) }
