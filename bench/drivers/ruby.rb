# frozen_string_literal: true

# Benchmark and conformance driver for the Ruby gem (protocol: bench/README.md).
#
#   ruby ruby.rb [--form parse|marshal] --warmup W --runs R --batch K FILE
#   ruby ruby.rb --conformance DOCUMENTS
#
# +parse+ times GutenbergPostParser.parse(text), which returns the full tree as
# Arrays and Hashes. +marshal+ times the interpreter's floor for making that
# same tree: Marshal.load of Marshal.dump(parse(text)), the bytes made once
# before timing. A FILE named *.documents is a documents file, timed as one set
# (every document once per parse, in order). Conformance mode prints
# JSON.generate of the tree for every document of a documents file, one line
# each.

require "json"
require "optparse"
require "gutenberg_post_parser"

USAGE = "usage: ruby.rb [--form parse|marshal] --warmup W --runs R --batch K FILE | --conformance DOCUMENTS"

# The command line as a Hash: form, warmup, runs, batch, conformance, file.
def options(argv)
  found = { form: "parse", warmup: 1, runs: 1, batch: 1 }
  parser = OptionParser.new(USAGE)
  %i[warmup runs batch].each { |name| parser.on("--#{name} N", Integer) { |n| found[name] = n } }
  parser.on("--form FORM", %w[parse marshal]) { |form| found[:form] = form }
  parser.on("--conformance DOCUMENTS") { |path| found[:conformance] = path }
  found[:file] = parser.parse(argv).first
  abort(USAGE) unless found[:file] || found[:conformance]
  found
end

# High-water mark of resident memory (VmHWM) in KiB.
def peak_rss_kb
  File.read("/proc/self/status")[/VmHWM:\s*(\d+)/, 1].to_i
end

# Nanoseconds taken by +batch+ passes of +make+ over +inputs+, in order.
# +latest[0]+ holds the last tree, released when the next one is made, as in
# every driver.
def sample(make, inputs, batch, latest)
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
  batch.times { inputs.each { |input| latest[0] = make.call(input) } }
  elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - started
  raise "parse returned no Array" unless latest[0].is_a?(Array)

  elapsed
end

# The median time per pass of +make+ over +inputs+ in ns, after the warm-up.
def median_ns(make, inputs, opts)
  latest = [nil]
  opts[:warmup].times { sample(make, inputs, opts[:batch], latest) }
  samples = Array.new(opts[:runs]) { sample(make, inputs, opts[:batch], latest).fdiv(opts[:batch]) }.sort
  samples[samples.size / 2]
end

# The texts of +path+: its documents when it is a documents file, else itself.
def read_input(path)
  return each_document(path).to_a if path.end_with?(".documents")

  [File.read(path, mode: "rb").force_encoding(Encoding::UTF_8)]
end

# What to time and its inputs: [callable, inputs] for the form.
def workload(form, texts)
  parse = GutenbergPostParser.method(:parse)
  return [parse, texts] if form == "parse"

  [Marshal.method(:load), texts.map { |text| Marshal.dump(parse.call(text)) }]
end

def time_file(opts)
  texts = read_input(opts[:file])
  make, inputs = workload(opts[:form], texts)
  base = peak_rss_kb
  median = median_ns(make, inputs, opts)
  line = {
    impl: opts[:form] == "parse" ? "ruby" : "ruby-marshal", file: File.basename(opts[:file]),
    bytes: texts.sum(&:bytesize), median_ns: median, runs: opts[:runs], batch: opts[:batch],
    base_rss_kb: base, peak_rss_kb:
  }
  line[:documents] = texts.size if opts[:file].end_with?(".documents")
  puts JSON.generate(line)
end

# Yields every document of a documents file: length, newline, UTF-8, newline.
def each_document(path)
  return enum_for(:each_document, path) unless block_given?

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
