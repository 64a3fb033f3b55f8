//! Paths and helpers shared by the integration tests.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::PathBuf;

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
