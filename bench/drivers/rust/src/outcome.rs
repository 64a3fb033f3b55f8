//! What the core's `to_blocks` and `to_json` return, as plain values.
//!
//! Since bounded expansion they return a `Result` (refused over the default
//! limits, which real documents never reach); before, the value itself. The
//! driver builds against either, so that `bench/run.py --old-core` can time an
//! older core with this same driver.

use gutenberg_post_parser::Block;

/// A `to_blocks` result.
pub trait Blocks<'a> {
    /// The blocks; panics when the core refused them.
    fn blocks(self) -> Vec<Block<'a>>;
}

impl<'a> Blocks<'a> for Vec<Block<'a>> {
    fn blocks(self) -> Vec<Block<'a>> {
        self
    }
}

impl<'a, E: std::fmt::Debug> Blocks<'a> for Result<Vec<Block<'a>>, E> {
    fn blocks(self) -> Vec<Block<'a>> {
        self.expect("within the default limits")
    }
}

/// A `to_json` result.
pub trait Text {
    /// The JSON text; panics when the core refused it.
    fn text(self) -> String;
}

impl Text for String {
    fn text(self) -> String {
        self
    }
}

impl<E: std::fmt::Debug> Text for Result<String, E> {
    fn text(self) -> String {
        self.expect("within the default limits")
    }
}
