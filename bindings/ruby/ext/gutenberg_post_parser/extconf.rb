# frozen_string_literal: true

# Writes the Makefile that RubyGems runs (`make clean`, `make`, `make install`)
# to build the native extension with cargo from the crates staged next to this
# file. Needs cargo, Ruby's headers (ruby-dev) and libclang (rb-sys runs bindgen).
#
# CARGO_TARGET_DIR, read now, sets where cargo builds; without it the build goes
# to ./target, removed once the extension is installed.

require "rbconfig"
require "shellwords"

here = __dir__
cargo = ENV.fetch("CARGO", "cargo")
unless system(cargo, "--version", out: File::NULL, err: File::NULL)
  abort "gutenberg_post_parser: cargo (Rust 1.85 or newer) is needed to build the native extension; " \
        "install it from https://rustup.rs or set CARGO"
end

crate = "gutenberg-post-parser-ruby"
library = "gutenberg_post_parser_ruby"
built = "lib#{library}.#{RbConfig::CONFIG['host_os'].include?('darwin') ? 'dylib' : 'so'}"
extension = "#{library}.#{RbConfig::CONFIG['DLEXT']}"
own_target = ENV["CARGO_TARGET_DIR"].to_s.empty?
target_dir = own_target ? File.join(here, "target") : File.expand_path(ENV.fetch("CARGO_TARGET_DIR"))
install_dir = "$(DESTDIR)#{RbConfig::CONFIG['sitearchdir']}/gutenberg_post_parser"

File.write(File.join(here, "Makefile"), <<~MAKE)
  CARGO = #{Shellwords.escape(cargo)}
  TARGET_DIR = #{Shellwords.escape(target_dir)}

  all:
  \tRUBY=#{Shellwords.escape(RbConfig.ruby)} $(CARGO) build --release --locked --package #{crate} \\
  \t\t--manifest-path #{Shellwords.escape(File.join(here, 'Cargo.toml'))} --target-dir $(TARGET_DIR)
  \tcp $(TARGET_DIR)/release/#{built} #{extension}

  install: all
  \tmkdir -p #{install_dir}
  \tcp #{extension} #{install_dir}/#{extension}
  #{own_target ? "\trm -rf $(TARGET_DIR)" : ''}

  clean:
  \trm -f #{extension}

  .PHONY: all install clean
MAKE
