//! The attribute keys (and short attribute strings) the JavaScript side has
//! made, by id, kept across parses.
//!
//! A site's blocks use a few hundred distinct attribute keys (256 in the 909
//! shared documents), and V8 assigns a property fastest with a key string it
//! has seen before. So the tape gives each key an id the first time it comes
//! (`NEW_KEY`: JavaScript makes the string and keeps it) and only the id after
//! that, in any later parse of the same instance (`KEY`). A new instance
//! starts both sides afresh.
//!
//! The table is a cache of two-slot sets, and a key's id is its slot: a key
//! not in its set takes the slot used less recently (`NEW_KEY` then replaces
//! the string JavaScript keeps for that id; the tape is replayed in order, so
//! every `KEY` gets the string its slot held when it was written). So a lookup
//! costs the same whatever the texts (keys that collide only miss),
//! JavaScript keeps at most [`SLOTS`] strings, and a long-lived instance never
//! runs out of ids. A key longer than [`MAX_KEY_LEN`] bytes is a plain slice.

/// The longest key kept, in UTF-16 units (one byte each, narrowed).
const MAX_KEY_LEN: usize = 64;

/// Slots of the cache (a power of two), two to a set; so also the most
/// strings JavaScript keeps.
const SLOTS: usize = 8192;

/// Text to id.
#[derive(Default)]
pub(crate) struct Keys {
    slots: Vec<Option<Slot>>,
    /// For each set, which of its two slots was used last (bit `n` for set
    /// `n`).
    recent: Vec<u64>,
}

/// A key as a slot holds it: its [`Print`], and its text when the print
/// does not hold all of it.
struct Slot {
    print: Print,
    long: Option<Box<str>>,
}

impl Keys {
    /// Allocates the table (256 KB), once: called before any document's
    /// buffers are, so that the table does not land beyond them and grow
    /// linear memory when a later, smaller document first has attributes.
    pub(crate) fn allocate(&mut self) {
        if self.slots.is_empty() {
            self.slots.resize_with(SLOTS, || None);
            self.recent = vec![0; SLOTS / 2 / 64];
        }
    }

    /// `key`'s id and whether JavaScript has it already (else it has it once
    /// the tape is replayed); `None` for a key not kept.
    pub(crate) fn id(&mut self, key: &str) -> Option<(u32, bool)> {
        if key.len() > MAX_KEY_LEN {
            return None;
        }
        self.allocate();
        let print = Print::of(key.as_bytes());
        let set = print.set();
        let holds = |slot: &Option<Slot>| {
            slot.as_ref().is_some_and(|slot| {
                slot.print == print && slot.long.as_deref().is_none_or(|long| long == key)
            })
        };
        let found = (0..2).find(|way| holds(&self.slots[2 * set + way]));
        // Else the slot used less recently.
        let way = found.unwrap_or(usize::from(self.recent[set / 64] >> (set % 64) & 1 == 0));
        let bit = 1 << (set % 64);
        if way == 1 {
            self.recent[set / 64] |= bit;
        } else {
            self.recent[set / 64] &= !bit;
        }
        let at = 2 * set + way;
        if found.is_none() {
            let long = (key.len() > Print::EXACT).then(|| key.into());
            self.slots[at] = Some(Slot { print, long });
        }
        Some((at as u32, found.is_some()))
    }
}

/// A text's length and up to 8 bytes from each end, in two words: all the
/// bytes of a text of up to [`Print::EXACT`] bytes, so equal exactly when
/// such texts are.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Print {
    head: u64,
    tail: u64,
    len: u8,
}

impl Print {
    /// Up to this many bytes, the print holds every byte.
    const EXACT: usize = 16;

    /// The print of `bytes` (at most 255 of them). Each word is made with
    /// fixed-size loads (a copy of a variable length would call `memcpy`)
    /// that overlap where the text is short: given the length, the
    /// positions loaded still cover every byte of a text of up to
    /// [`Print::EXACT`] bytes.
    fn of(bytes: &[u8]) -> Print {
        let len = bytes.len();
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().unwrap_or_default(),
            ))
        };
        let (head, tail) = match len {
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
        Print {
            head,
            tail,
            len: len as u8,
        }
    }

    /// Which set it belongs to.
    fn set(&self) -> usize {
        let hash = mix(mix(self.head) ^ self.tail ^ u64::from(self.len));
        hash as usize & (SLOTS / 2 - 1)
    }
}

/// A multiply-and-rotate step: the set comes from the high bits it mixes.
fn mix(word: u64) -> u64 {
    word.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn prints_tell_every_short_text_apart() {
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
        for len in 4..=Print::EXACT {
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
            let print = Print::of(text);
            let print = (print.head, print.tail, print.len);
            if let Some(other) = seen.insert(print, text.clone()) {
                assert_eq!(&other, text, "two texts, one print");
            }
        }
    }

    #[test]
    fn a_key_keeps_its_id_until_its_slot_is_taken() {
        let mut keys = Keys::default();
        // Longer than a print holds, and alike at both ends.
        let long = "isStackedOnMobile_____x_____isStackedOnMobile";
        let other = "isStackedOnMobile_____y_____isStackedOnMobile";
        let (align, made) = keys.id("align").unwrap();
        assert!(!made);
        let (long_id, made) = keys.id(long).unwrap();
        assert!(!made);
        assert_eq!(keys.id("align"), Some((align, true)));
        assert_eq!(keys.id(long), Some((long_id, true)));
        assert_eq!(keys.id(other).map(|(_, known)| known), Some(false));
        assert_eq!(keys.id(&"k".repeat(MAX_KEY_LEN + 1)), None);
        // Two more keys of the same set: the first takes the other slot, the
        // second the one used less recently, which is "align"'s.
        let set = Print::of(b"align").set();
        let mut rivals = (0..)
            .map(|at| format!("k{at}"))
            .filter(|key| Print::of(key.as_bytes()).set() == set);
        let (first, second) = (rivals.next().unwrap(), rivals.next().unwrap());
        let (first_id, made) = keys.id(&first).unwrap();
        assert!(!made && first_id != align);
        assert_eq!(keys.id(&second), Some((align, false)));
        assert_eq!(keys.id(&first), Some((first_id, true)));
        assert_eq!(keys.id("align").map(|(_, known)| known), Some(false));
    }

    #[test]
    fn lookups_stay_exact_whatever_collides() {
        // Replays what JavaScript keeps, by id, and checks that every `KEY`
        // names the key looked up.
        let mut keys = Keys::default();
        let mut strings: HashMap<u32, String> = HashMap::new();
        for at in 0..50_000u32 {
            let n = at.wrapping_mul(2_654_435_761) % 9000;
            let key = match n % 3 {
                0 => format!("key{n}"),
                _ => format!("a-rather-long-attribute-key-{n}-of-a-block"),
            };
            let (id, known) = keys.id(&key).unwrap();
            assert!((id as usize) < SLOTS);
            if known {
                assert_eq!(strings.get(&id), Some(&key), "id {id}");
            } else {
                strings.insert(id, key);
            }
        }
        assert!(strings.len() <= SLOTS);
    }
}
