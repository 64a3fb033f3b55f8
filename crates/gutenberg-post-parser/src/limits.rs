//! How much text a materialised result may hold.
//!
//! The reference's recovery gives every unclosed block the rest of the
//! document as its last HTML run, so a small post made of unclosed openers
//! has an output that grows with the square of its size (20,000 openers in
//! 360 KB: 13 GB of JSON). The borrowed [`Document`] stays linear whatever the
//! input; what a host builds from it (the reference's tree, or its JSON) is
//! counted before anything is allocated, and refused over a limit, as trusted
//! parsers refuse amplification attacks (a factor with an activation
//! threshold). The default never trips on real content: real posts produce
//! about twice their own size.

use std::fmt;

use crate::json::OutOfMemory;
use crate::tree::{Document, Piece};

/// The default of [`Limits::max_output_bytes`]: 64 MiB.
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 64 << 20;

/// A document may always produce this many times its own size, whatever
/// [`Limits::max_output_bytes`] says (real posts produce about twice theirs).
pub const AMPLIFICATION: u64 = 16;

// `Limits::check_document` skips its count for documents whose results hold
// at most twice their size.
const _: () = assert!(AMPLIFICATION >= 2);

/// Bounds on what a materialised result may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of text a result may hold, unless the document is
    /// large: a document may always produce [`AMPLIFICATION`] times its own
    /// size. `None` or `Some(0)`: no limit. Default:
    /// [`DEFAULT_MAX_OUTPUT_BYTES`].
    pub max_output_bytes: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_output_bytes: Some(DEFAULT_MAX_OUTPUT_BYTES),
        }
    }
}

impl Limits {
    /// No limit at all.
    pub const UNLIMITED: Limits = Limits {
        max_output_bytes: None,
    };

    /// The limit for a document of `document_bytes`, or `None` for no limit.
    pub fn limit_for(&self, document_bytes: usize) -> Option<u64> {
        match self.max_output_bytes {
            None | Some(0) => None,
            Some(bytes) => Some(bytes.max(AMPLIFICATION.saturating_mul(document_bytes as u64))),
        }
    }

    /// Checks that `output_bytes` of text made from a document of
    /// `document_bytes` is within the limit.
    ///
    /// # Errors
    /// [`ExpansionLimitError`] when it is not.
    pub fn check(
        &self,
        document_bytes: usize,
        output_bytes: u64,
    ) -> Result<(), ExpansionLimitError> {
        match self.limit_for(document_bytes) {
            Some(limit) if output_bytes > limit => Err(ExpansionLimitError {
                output_bytes,
                limit,
                document_bytes: document_bytes as u64,
            }),
            _ => Ok(()),
        }
    }

    /// Checks the text of `document`'s result built by a host that shares
    /// what `sharing` says; see [`output_bytes`].
    ///
    /// # Errors
    /// [`ExpansionLimitError`] when it is over the limit.
    pub fn check_document(
        &self,
        document: &Document<'_>,
        sharing: Sharing,
    ) -> Result<(), ExpansionLimitError> {
        // Without overlapping runs every byte of the document is in one HTML
        // run or one delimiter at most, so a result holds at most twice the
        // document (each run in `innerContent` and again in a joined
        // `innerHTML`): under any limit, which is at least `AMPLIFICATION`
        // times the document. Real posts end here, without a walk.
        if !document.runs_overlap || self.limit_for(document.source.len()).is_none() {
            return Ok(());
        }
        self.check(document.source.len(), output_bytes(document, sharing))
    }
}

/// A result that would hold more text than its limit allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpansionLimitError {
    /// How many bytes of text the result would hold.
    pub output_bytes: u64,
    /// The limit it is over.
    pub limit: u64,
    /// The size of the document it would be made from.
    pub document_bytes: u64,
}

impl fmt::Display for ExpansionLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the result would hold {} bytes of text, over the limit of {} bytes \
             (the larger of max_output_bytes and {AMPLIFICATION} times the document's {} bytes): \
             unclosed blocks each hold the rest of the document; raise max_output_bytes, or set \
             it to 0 for no limit",
            self.output_bytes, self.limit, self.document_bytes
        )
    }
}

impl std::error::Error for ExpansionLimitError {}

/// Why a result was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputError {
    /// It would hold more text than the limits allow.
    TooLarge(ExpansionLimitError),
    /// It did not fit in memory.
    OutOfMemory(OutOfMemory),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::TooLarge(error) => error.fmt(f),
            OutputError::OutOfMemory(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for OutputError {}

impl From<ExpansionLimitError> for OutputError {
    fn from(error: ExpansionLimitError) -> Self {
        OutputError::TooLarge(error)
    }
}

impl From<OutOfMemory> for OutputError {
    fn from(error: OutOfMemory) -> Self {
        OutputError::OutOfMemory(error)
    }
}

/// What a host's result shares instead of copying, so that the core counts
/// what the host actually allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sharing {
    /// A block's single HTML run is one value for `innerHTML` and its
    /// `innerContent` entry (every tree built through [`crate::build`]).
    pub single_run: bool,
    /// HTML runs that end the document and are at least this long share the
    /// document's memory (Ruby's shared substrings).
    pub document_tail_from: Option<usize>,
    /// Every HTML run shares the document's memory (Go strings, C spans):
    /// only joined `innerHTML`s are new text.
    pub all_runs: bool,
    /// The result holds `innerContent`; without it (a table of blocks, see
    /// [`crate::table`]) each block's `innerHTML` is its only text.
    pub inner_content: bool,
}

impl Sharing {
    /// Nothing shared: JSON text, which writes every run out.
    pub const NOTHING: Sharing = Sharing {
        single_run: false,
        document_tail_from: None,
        all_runs: false,
        inner_content: true,
    };

    /// A tree built through [`crate::build::Builder`]: single runs shared.
    pub const TREE: Sharing = Sharing {
        single_run: true,
        document_tail_from: None,
        all_runs: false,
        inner_content: true,
    };
}

/// Bytes of text in `document`'s result as the reference shapes it (names,
/// attribute text, `innerHTML`s and `innerContent` runs), counting only what a
/// host that shares as `sharing` says allocates. Linear in the size of the
/// borrowed tree, whatever the result's size.
pub fn output_bytes(document: &Document<'_>, sharing: Sharing) -> u64 {
    let end = document.source.len();
    let shared = |start: usize, stop: usize| {
        sharing.all_runs
            || sharing
                .document_tail_from
                .is_some_and(|from| stop == end && stop - start >= from)
    };
    let mut total: u64 = 0;
    for node in &document.nodes {
        total += node.name.map_or(0, str::len) as u64;
        total += node.attrs.map_or(0, str::len) as u64;
        let (mut runs, mut html, mut copied) = (0u64, 0u64, 0u64);
        for piece in &document.pieces[node.content.clone()] {
            if let Piece::Html(start, stop) = *piece {
                runs += 1;
                html += (stop - start) as u64;
                if !shared(start, stop) {
                    copied += (stop - start) as u64;
                }
            }
        }
        // `innerContent`, then `innerHTML`: one run may be the same value,
        // several are joined into new text.
        if sharing.inner_content {
            total += copied;
        }
        total += match runs {
            0 => 0,
            1 if sharing.single_run && sharing.inner_content => 0,
            1 => copied,
            _ => html,
        };
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use crate::test_rng::Rng;

    #[test]
    fn the_limit_grows_with_large_documents() {
        let limits = Limits::default();
        assert_eq!(limits.limit_for(1000), Some(DEFAULT_MAX_OUTPUT_BYTES));
        assert_eq!(limits.limit_for(100 << 20), Some(1600 << 20));
        assert_eq!(Limits::UNLIMITED.limit_for(1), None);
        let zero = Limits {
            max_output_bytes: Some(0),
        };
        assert_eq!(zero.limit_for(1), None);
        let error = Limits {
            max_output_bytes: Some(100),
        }
        .check(5, 101)
        .unwrap_err();
        assert_eq!((error.output_bytes, error.limit), (101, 100));
    }

    #[test]
    fn counts_what_each_host_allocates() {
        // One block, two runs around an inner block, then freeform to the end.
        let source = "<!-- wp:g {\"a\":1} -->ab<!-- wp:x /-->cd<!-- /wp:g -->tail-of-document";
        let document = parse(source);
        let attrs = "{\"a\":1} ".len() as u64;
        let names = ("g".len() + "x".len()) as u64;
        let tail = "tail-of-document".len() as u64;
        // JSON: runs in innerContent and again in innerHTML.
        assert_eq!(
            output_bytes(&document, Sharing::NOTHING),
            names + attrs + 4 + 4 + 2 * tail
        );
        // A tree: the freeform run is one value; the joined innerHTML is new.
        assert_eq!(
            output_bytes(&document, Sharing::TREE),
            names + attrs + 4 + 4 + tail
        );
        let ruby = Sharing {
            document_tail_from: Some(10),
            ..Sharing::TREE
        };
        assert_eq!(output_bytes(&document, ruby), names + attrs + 4 + 4);
        let go = Sharing {
            all_runs: true,
            ..Sharing::TREE
        };
        assert_eq!(output_bytes(&document, go), names + attrs + 4);
        // A table: each innerHTML once, no innerContent.
        let table = Sharing {
            inner_content: false,
            ..Sharing::NOTHING
        };
        assert_eq!(output_bytes(&document, table), names + attrs + 4 + tail);
    }

    /// Documents made of delimiters and short runs, some unclosed or orphaned.
    fn token_soup(seed: u64, count: usize) -> Vec<String> {
        const PARTS: [&str; 8] = [
            "<!-- wp:a -->",
            "<!-- /wp:a -->",
            "<!-- wp:b {\"k\":[1,2]} -->",
            "<!-- /wp:b -->",
            "<!-- wp:v /-->",
            "text ",
            "0",
            "\n",
        ];
        let mut rng = Rng(seed);
        (0..count)
            .map(|_| {
                (0..rng.below(24))
                    .map(|_| PARTS[rng.below(PARTS.len())])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_shortcut_agrees_with_the_count() {
        let sharings = [
            Sharing::NOTHING,
            Sharing::TREE,
            Sharing {
                all_runs: true,
                ..Sharing::TREE
            },
        ];
        let tightest = Limits {
            max_output_bytes: Some(1),
        };
        let mut overlapping = 0;
        for source in token_soup(7, 20_000) {
            let document = parse(&source);
            let bytes = output_bytes(&document, Sharing::NOTHING);
            if document.runs_overlap {
                overlapping += 1;
            } else {
                assert!(bytes <= 2 * source.len() as u64, "{source:?}: {bytes}");
            }
            for sharing in sharings {
                let counted = tightest.check(source.len(), output_bytes(&document, sharing));
                assert_eq!(
                    tightest.check_document(&document, sharing),
                    counted,
                    "{source:?}"
                );
            }
        }
        assert!(overlapping > 1000, "{overlapping}");
    }

    #[test]
    fn unclosed_openers_are_counted_without_building_them() {
        let source = "<!-- wp:group -->x".repeat(20_000);
        let document = parse(&source);
        let bytes = output_bytes(&document, Sharing::TREE);
        assert!(bytes > 3_000_000_000, "{bytes}");
        assert!(Limits::default()
            .check_document(&document, Sharing::TREE)
            .is_err());
    }
}
