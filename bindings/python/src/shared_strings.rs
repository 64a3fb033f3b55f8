//! Making the `str` objects of one call's result, sharing equal ones: `str` is
//! immutable, so equal texts can be one object, which saves time and memory.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use libc::wchar_t;
use pyo3::prelude::*;

use crate::objects::new_str;

/// Texts up to this many bytes are shared (the blank lines between blocks,
/// mostly); longer HTML is rarely repeated.
const SHORT: usize = 16;

/// A fast hasher for short texts of one document; no protection against
/// crafted collisions is needed as the tables live for one call and hold at
/// most one entry per distinct name or short text.
#[derive(Default)]
struct TextHasher(u64);

impl Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Table<'s, 'py> = HashMap<&'s str, Bound<'py, PyAny>, BuildHasherDefault<TextHasher>>;

/// The strings of one result: short texts and attribute keys are shared,
/// keyed by texts that live for `'s`.
pub(crate) struct Strings<'s, 'py> {
    py: Python<'py>,
    shared: Table<'s, 'py>,
    /// Reused buffer for [`new_str`].
    scratch: Vec<wchar_t>,
}

impl<'s, 'py> Strings<'s, 'py> {
    /// Nothing shared yet.
    pub(crate) fn new(py: Python<'py>) -> Self {
        Strings {
            py,
            shared: Table::default(),
            scratch: Vec::new(),
        }
    }

    /// A new `str` holding `text`.
    pub(crate) fn new_str(&mut self, text: &str) -> PyResult<Bound<'py, PyAny>> {
        new_str(self.py, text, &mut self.scratch)
    }

    /// The `str` for a piece of HTML: shared if short, new otherwise.
    pub(crate) fn html(&mut self, text: &'s str) -> PyResult<Bound<'py, PyAny>> {
        if text.len() > SHORT {
            return self.new_str(text);
        }
        self.shared(text)
    }

    /// The one `str` for `text` in this result (used for object keys).
    pub(crate) fn shared(&mut self, text: &'s str) -> PyResult<Bound<'py, PyAny>> {
        if let Some(object) = self.shared.get(text) {
            return Ok(object.clone());
        }
        let object = new_str(self.py, text, &mut self.scratch)?;
        self.shared.insert(text, object.clone());
        Ok(object)
    }
}
