# frozen_string_literal: true

# Benchmarks GutenbergPostParser.parse (the full Array-of-Hashes tree) on every
# document in <repo>/../shared/documents with benchmark-ips (Debian's
# ruby-benchmark-ips; plain Benchmark when it is missing), and the Node
# reference on the same documents when Node and the reference are installed.
# Prints a Markdown table: wall-clock time per parse (benchmark-ips mean), MB/s,
# the reference's time divided by ours (above 1: the gem is faster), and the
# same ratio for CPU time (least per parse over 7 rounds; steadier than wall
# time on a busy machine).
#
#   GEM_HOME=bindings/ruby/.gem-test ruby bindings/ruby/bench/bench.rb [SECONDS]

require "json"
require "open3"
require "gutenberg_post_parser"

# Times the gem and the Node reference on the shared documents.
class ParseBenchmark
  REPO = File.expand_path("../../..", __dir__)
  DOCUMENTS = File.join(REPO, "..", "shared", "documents")

  def initialize(seconds)
    @seconds = seconds
    @paths = Dir[File.join(DOCUMENTS, "*.html")]
    abort "bench.rb: no documents in #{DOCUMENTS}" if @paths.empty?
  end

  def run
    node = node_times
    puts "| document | bytes | gem ms | gem MB/s | Node ms | Node ÷ gem | gem CPU ms | Node CPU ms | CPU: Node ÷ gem |"
    puts "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    @paths.each do |path|
      text = File.binread(path).force_encoding(Encoding::UTF_8)
      name = File.basename(path)
      milliseconds = milliseconds_per_parse(text, name)
      cpu = cpu_milliseconds_per_parse(text, milliseconds)
      puts row(name, text.bytesize, [milliseconds, cpu], node.fetch(name, {}))
    end
  end

  def row(name, bytes, (milliseconds, cpu), reference)
    wall = reference["ms"]
    reference_cpu = reference["cpu_ms"]
    cells = [name, bytes, decimal(milliseconds), format("%.1f", bytes / milliseconds / 1000.0),
             decimal(wall), ratio(wall, milliseconds), decimal(cpu), decimal(reference_cpu), ratio(reference_cpu, cpu)]
    "| #{cells.join(' | ')} |"
  end

  def decimal(milliseconds)
    milliseconds ? format("%.4f", milliseconds) : "n/a"
  end

  def ratio(reference, ours)
    reference ? format("%.2f", reference / ours) : "n/a"
  end

  # The least process CPU time per parse over 7 rounds of about @seconds / 7.
  def cpu_milliseconds_per_parse(text, milliseconds)
    runs = [(@seconds * 1000 / milliseconds / 7).ceil, 1].max
    Array.new(7) do
      started = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
      runs.times { GutenbergPostParser.parse(text) }
      (Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - started) * 1000 / runs
    end.min
  end

  private

  def milliseconds_per_parse(text, label)
    require "benchmark/ips"
    report = Benchmark.ips(quiet: true) do |bench|
      bench.config(time: @seconds, warmup: @seconds / 2.0)
      bench.report(label) { GutenbergPostParser.parse(text) }
    end
    1000.0 / report.entries.first.ips
  rescue LoadError
    plain_benchmark(text)
  end

  # Without benchmark-ips: the mean over about @seconds after a warm-up.
  def plain_benchmark(text)
    warm_up_until = now + (@seconds / 2.0)
    GutenbergPostParser.parse(text) while now < warm_up_until
    runs = 0
    started = now
    while now < started + @seconds
      GutenbergPostParser.parse(text)
      runs += 1
    end
    (now - started) * 1000 / runs
  end

  def now
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  # The Node reference's {"ms", "cpu_ms"} per parse, by file name; empty without Node.
  def node_times
    script = File.join(__dir__, "node_reference.js")
    output, status = Open3.capture2("node", script, @seconds.to_s, *@paths, err: File::NULL)
    return {} unless status.success?

    output.lines.to_h do |line|
      entry = JSON.parse(line)
      [entry.fetch("file"), entry]
    end
  rescue Errno::ENOENT
    {}
  end
end

ParseBenchmark.new(Float(ARGV.fetch(0, "3"))).run
