//! The attribute keys the JavaScript side has made, by id, kept across parses.
//!
//! A site's blocks use a few hundred distinct attribute keys (256 in the 909
//! shared documents), and V8 assigns a property fastest with a key string it
//! has seen before. So the tape gives each key an id the first time it comes
//! (`NEW_KEY`: JavaScript makes the string and keeps it) and only the id after
//! that, in any later parse of the same instance (`KEY`). A new instance
//! starts both sides afresh. The table is bounded: past [`MAX_KEYS`] keys, or
//! for a key longer than [`MAX_KEY_LEN`] bytes, a key is a plain slice.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The most keys kept.
const MAX_KEYS: usize = 4096;

/// The longest key kept, in UTF-16 units.
const MAX_KEY_LEN: usize = 64;

/// Key text to id.
#[derive(Default)]
pub(crate) struct Keys {
    ids: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
}

impl Keys {
    /// `key`'s id and whether JavaScript has it already; a new id for a new
    /// key (which JavaScript has once the tape is replayed); `None` for a key
    /// not kept.
    pub(crate) fn id(&mut self, key: &str) -> Option<(u32, bool)> {
        if let Some(&id) = self.ids.get(key) {
            return Some((id, true));
        }
        if key.len() > MAX_KEY_LEN || self.ids.len() >= MAX_KEYS {
            return None;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(key.into(), id);
        Some((id, false))
    }
}

/// FNV-1a: keys are short, and SipHash costs more than the lookup saves.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
