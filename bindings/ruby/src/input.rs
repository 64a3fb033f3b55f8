//! Taking a document from Ruby: checking its encoding and pinning its bytes.

use std::hint::black_box;

use magnus::{Error, RString, Ruby, TryConvert, Value};

use crate::text;

/// A frozen snapshot of the document string, whose bytes stay put while Rust
/// borrows them, even while another thread holds the GVL.
///
/// The snapshot shares the caller's buffer (`rb_str_new_frozen`): if the caller's
/// string is changed meanwhile, Ruby gives that string a copy and leaves the
/// snapshot's bytes alone. A `Pinned` must stay on the stack (never in a `Box`
/// or collection), where Ruby's conservative GC scan sees it and keeps the
/// snapshot alive.
pub struct Pinned {
    snapshot: RString,
}

impl Pinned {
    /// Pins `document`, which must be a String (or convert with `to_str`) in an
    /// encoding that holds UTF-8 bytes. Its bytes are checked later, while parsing.
    pub fn new(ruby: &Ruby, document: Value) -> Result<Self, Error> {
        let document = RString::try_convert(document)?;
        text::check_encoding(ruby, document, "document")?;
        Ok(Pinned {
            snapshot: RString::new_frozen(document),
        })
    }

    /// The frozen snapshot.
    pub fn snapshot(&self) -> RString {
        self.snapshot
    }

    /// The document's bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the snapshot is frozen, so its buffer never changes or moves,
        // and it lives at least as long as `self`.
        unsafe { self.snapshot.as_slice() }
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        // The RB_GC_GUARD of Ruby's C API: keeps the snapshot visibly in use until
        // every borrow of its bytes has ended.
        black_box(self.snapshot);
    }
}
