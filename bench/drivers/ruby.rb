# frozen_string_literal: true

# Benchmark and conformance driver for the Ruby gem (protocol: bench/README.md).
#
#   ruby ruby.rb --warmup W --runs R --batch K FILE
#   ruby ruby.rb --conformance DOCUMENTS
#
# Times GutenbergPostParser.parse(text), which returns the full tree as Arrays
# and Hashes; conformance mode prints JSON.generate of that tree for every
# document of a documents file, one line each.

require "json"
require "optparse"
require "gutenberg_post_parser"

USAGE = "usage: ruby.rb --warmup W --runs R --batch K FILE | --conformance DOCUMENTS"

# The command line as a Hash: warmup, runs, batch, conformance, file.
def options(argv)
  found = { warmup: 1, runs: 1, batch: 1 }
  parser = OptionParser.new(USAGE)
  %i[warmup runs batch].each { |name| parser.on("--#{name} N", Integer) { |n| found[name] = n } }
  parser.on("--conformance DOCUMENTS") { |path| found[:conformance] = path }
  found[:file] = parser.parse(argv).first
  abort(USAGE) unless found[:file] || found[:conformance]
  found
end

# High-water mark of resident memory (VmHWM) in KiB.
def peak_rss_kb
  File.read("/proc/self/status")[/VmHWM:\s*(\d+)/, 1].to_i
end

# Nanoseconds taken by +batch+ parses of +text+. +latest[0]+ holds the last
# tree, released when the next one is made, as in every driver.
def sample(text, batch, latest)
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
  batch.times { latest[0] = GutenbergPostParser.parse(text) }
  elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - started
  raise "parse returned no Array" unless latest[0].is_a?(Array)

  elapsed
end

# The median time per parse of +text+ in ns, after the warm-up.
def median_ns(text, opts)
  latest = [nil]
  opts[:warmup].times { sample(text, opts[:batch], latest) }
  samples = Array.new(opts[:runs]) { sample(text, opts[:batch], latest).fdiv(opts[:batch]) }.sort
  samples[samples.size / 2]
end

def time_file(opts)
  text = File.read(opts[:file], mode: "rb").force_encoding(Encoding::UTF_8)
  base = peak_rss_kb
  median = median_ns(text, opts)
  puts JSON.generate(
    impl: "ruby", file: File.basename(opts[:file]), bytes: text.bytesize, median_ns: median,
    runs: opts[:runs], batch: opts[:batch], base_rss_kb: base, peak_rss_kb:
  )
end

# Yields every document of a documents file: length, newline, UTF-8, newline.
def each_document(path)
  data = File.binread(path)
  at = 0
  while at < data.bytesize
    newline = data.index("\n", at)
    size = Integer(data.byteslice(at, newline - at), 10)
    yield data.byteslice(newline + 1, size).force_encoding(Encoding::UTF_8)
    at = newline + 1 + size + 1
  end
end

def check_corpus(path)
  out = $stdout
  each_document(path) do |text|
    out.write(JSON.generate(GutenbergPostParser.parse(text), allow_nan: true, max_nesting: false), "\n")
  end
end

opts = options(ARGV)
if opts[:conformance]
  check_corpus(opts[:conformance])
else
  time_file(opts)
end
