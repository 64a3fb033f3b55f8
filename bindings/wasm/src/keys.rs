//! The attribute keys (and short attribute strings) the JavaScript side has
//! made, by id, kept across parses.
//!
//! A site's blocks use a few hundred distinct attribute keys (256 in the 909
//! shared documents), and V8 assigns a property fastest with a key string it
//! has seen before. So the tape gives each key an id the first time it comes
//! (`NEW_KEY`: JavaScript makes the string and keeps it) and only the id after
//! that, in any later parse of the same instance (`KEY`). A new instance
//! starts both sides afresh. The table is bounded: past [`MAX_KEYS`] keys, or
//! for a key longer than [`MAX_KEY_LEN`] bytes, a key is a plain slice.
//!
//! Most keys are at most 16 bytes: those are looked up by a [`Short`]
//! fingerprint that holds every byte, so a lookup compares two words and
//! never the text. The hash starts from a random seed that JavaScript gives
//! each instance (`gpp_seed`), so that a document cannot be written to make
//! its keys collide and every lookup slow.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// The most keys kept.
const MAX_KEYS: usize = 4096;

/// The longest key kept, in UTF-16 units (one byte each, narrowed).
const MAX_KEY_LEN: usize = 64;

/// Text to id.
#[derive(Default)]
pub(crate) struct Keys {
    short: HashMap<Short, u32, Seed>,
    long: HashMap<Box<str>, u32, Seed>,
}

impl Keys {
    /// An empty table whose hash starts from `seed`.
    pub(crate) fn with_seed(seed: u64) -> Self {
        Keys {
            short: HashMap::with_hasher(Seed(seed)),
            long: HashMap::with_hasher(Seed(seed)),
        }
    }

    /// `key`'s id and whether JavaScript has it already; a new id for a new
    /// key (which JavaScript has once the tape is replayed); `None` for a key
    /// not kept.
    pub(crate) fn id(&mut self, key: &str) -> Option<(u32, bool)> {
        let next = (self.short.len() + self.long.len()) as u32;
        let full = next as usize >= MAX_KEYS;
        if let Some(short) = Short::of(key.as_bytes()) {
            if let Some(&id) = self.short.get(&short) {
                return Some((id, true));
            }
            if full {
                return None;
            }
            self.short.insert(short, next);
            return Some((next, false));
        }
        if let Some(&id) = self.long.get(key) {
            return Some((id, true));
        }
        if key.len() > MAX_KEY_LEN || full {
            return None;
        }
        self.long.insert(key.into(), next);
        Some((next, false))
    }
}

/// All the bytes of a text of at most 16 bytes, in two words and its length:
/// equal exactly when the texts are.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Short {
    head: u64,
    tail: u64,
    len: u8,
}

impl Short {
    /// The fingerprint of `bytes`, `None` past 16 bytes. Each word is made
    /// with fixed-size loads (a copy of a variable length would call
    /// `memcpy`) that overlap where the text is short: given the length,
    /// the positions loaded still cover every byte once at least, so the
    /// words determine the text.
    fn of(bytes: &[u8]) -> Option<Short> {
        let len = bytes.len();
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().unwrap_or_default(),
            ))
        };
        let (head, tail) = match len {
            17.. => return None,
            8.. => (word(0), word(len - 8)),
            4.. => (half(0) | half(len - 4) << 32, 0),
            1.. => (
                u64::from(bytes[0])
                    | u64::from(bytes[len / 2]) << 8
                    | u64::from(bytes[len - 1]) << 16,
                0,
            ),
            0 => (0, 0),
        };
        Some(Short {
            head,
            tail,
            len: len as u8,
        })
    }
}

/// The hash's seed, for the tables.
#[derive(Clone, Copy, Default)]
struct Seed(u64);

impl BuildHasher for Seed {
    type Hasher = Mix;

    fn build_hasher(&self) -> Mix {
        Mix(self.0)
    }
}

/// A multiply-and-rotate hash from a seed: keys are short, and SipHash costs
/// more than the lookup saves.
struct Mix(u64);

impl Mix {
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
}

impl Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_fingerprints_tell_every_text_apart() {
        // Every text of up to 3 bytes over a small alphabet, and texts of 4
        // to 16 bytes that differ in one byte.
        let alphabet = [0u8, b'a', b'b', 0xff];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=3 {
            let mut all = vec![Vec::new()];
            for _ in 0..len {
                all = all
                    .into_iter()
                    .flat_map(|t: Vec<u8>| {
                        alphabet.iter().map(move |&b| [t.clone(), vec![b]].concat())
                    })
                    .collect();
            }
            texts.extend(all);
        }
        for len in 4..=16 {
            let base: Vec<u8> = (0..len).map(|at| b'a' + at as u8).collect();
            for at in 0..len {
                let mut changed = base.clone();
                changed[at] = b'z';
                texts.push(changed);
            }
            texts.push(base);
        }
        let mut seen = HashMap::new();
        for text in &texts {
            let print = Short::of(text).unwrap();
            if let Some(other) = seen.insert(print, text.clone()) {
                assert_eq!(&other, text, "two texts, one fingerprint");
            }
        }
        assert!(Short::of(&[b'a'; 17]).is_none());
    }

    #[test]
    fn ids_count_up_and_stop_at_the_bound() {
        let mut keys = Keys::default();
        assert_eq!(keys.id("align"), Some((0, false)));
        assert_eq!(keys.id("aVeryLongAttributeKeyName"), Some((1, false)));
        assert_eq!(keys.id("align"), Some((0, true)));
        assert_eq!(keys.id("aVeryLongAttributeKeyName"), Some((1, true)));
        assert_eq!(keys.id(&"k".repeat(MAX_KEY_LEN + 1)), None);
        for at in 2..MAX_KEYS {
            assert_eq!(keys.id(&format!("key{at}")), Some((at as u32, false)));
        }
        assert_eq!(keys.id("one more"), None);
        assert_eq!(keys.id("align"), Some((0, true)));
    }

    #[test]
    fn lookups_are_exact_under_any_seed() {
        for seed in [0, 1, 0x9e37_79b9_7f4a_7c15, u64::MAX] {
            let mut keys = Keys::with_seed(seed);
            let mut strings: HashMap<u32, String> = HashMap::new();
            for at in 0..20_000u32 {
                let n = at.wrapping_mul(2_654_435_761) % 6000;
                let key = match n % 3 {
                    0 => format!("key{n}"),
                    _ => format!("a-rather-long-attribute-key-{n}-of-a-block"),
                };
                match keys.id(&key) {
                    Some((id, true)) => assert_eq!(strings.get(&id), Some(&key), "id {id}"),
                    Some((id, false)) => assert!(strings.insert(id, key).is_none()),
                    None => assert_eq!(strings.len(), MAX_KEYS),
                }
            }
        }
    }
}
