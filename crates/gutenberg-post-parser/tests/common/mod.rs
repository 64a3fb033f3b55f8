//! Paths and helpers shared by the integration tests.

#![allow(dead_code)] // each test binary uses its own subset

pub mod php;

use std::path::PathBuf;
use std::process::Command;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the repository, when it exists.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared");
    dir.is_dir().then_some(dir)
}

/// Parses JSON text into data for order-insensitive comparison.
pub fn data(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json:.200}"))
}

/// Whether `node` runs, and the reference package is installed beside its scripts.
pub fn reference_available() -> bool {
    let installed = repo_root()
        .join("fixtures/reference/node_modules/@wordpress/block-serialization-default-parser")
        .is_dir();
    installed
        && std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// Whether a missing Node reference must fail the test rather than skip it (CI).
pub fn reference_required() -> bool {
    std::env::var_os("GPP_REQUIRE_REFERENCE").is_some()
}

/// Runs `corpus.js` with `args` and returns its JSON Lines, or `None` when Node
/// or the reference is missing (an error when `GPP_REQUIRE_REFERENCE` is set).
pub fn corpus(args: &[&str]) -> Option<String> {
    if !reference_available() {
        assert!(
            !reference_required(),
            "the Node reference is required: run `just reference`"
        );
        eprintln!(
            "node or fixtures/reference/node_modules missing: skipping the differential test"
        );
        return None;
    }
    let script = repo_root().join("fixtures/reference/corpus.js");
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "corpus.js failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).expect("corpus.js writes UTF-8"))
}

/// xorshift64*: a small deterministic generator.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}
