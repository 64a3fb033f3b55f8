//! The document as the core parses it: one byte per UTF-16 unit of the
//! JavaScript string.
//!
//! The delimiter grammar is ASCII, except for the JavaScript whitespace that
//! may separate its parts. So each unit becomes one byte: ASCII as it is, any
//! other whitespace [`WHITESPACE`], anything else (other characters, each half
//! of a surrogate pair, lone surrogates) [`OTHER`], which no rule of the
//! grammar matches. The copy parses to the same blocks as the string, is ASCII
//! (hence a `&str`), and its byte offsets are UTF-16 offsets into the string:
//! the JavaScript side takes every name, attribute text and HTML run from the
//! string itself with `slice`, so nothing is decoded or copied back.
//!
//! Both stand-ins are control characters to JSON, as neither the characters
//! they stand for nor they are JSON whitespace: attributes whose text holds
//! one never pass as JSON in the module (`tape`), and go to `JSON.parse`.

use gutenberg_post_parser::whitespace::is_js_whitespace;

/// What stands for a unit that is neither ASCII nor whitespace.
pub(crate) const OTHER: u8 = 0x01;

/// What stands for whitespace that is not ASCII: VT, whitespace to the
/// delimiter grammar (JavaScript's `\s`) as those characters are, and not to
/// JSON, as they are not.
pub(crate) const WHITESPACE: u8 = 0x0b;

/// The byte for one UTF-16 unit.
#[inline]
fn narrow_unit(unit: u16) -> u8 {
    if unit < 0x80 {
        unit as u8
    } else if char::from_u32(u32::from(unit)).is_some_and(is_js_whitespace) {
        WHITESPACE
    } else {
        OTHER
    }
}

/// Writes the byte for each unit of `units` to `bytes` (as long); returns
/// whether any unit is above 0xff.
pub(crate) fn utf16(units: &[u16], bytes: &mut [u8]) -> bool {
    assert_eq!(units.len(), bytes.len());
    let (done, mut wide) = simd_chunks(units, bytes);
    for (byte, &unit) in bytes[done..].iter_mut().zip(&units[done..]) {
        *byte = narrow_unit(unit);
        wide |= unit > 0xff;
    }
    wide
}

/// Narrows the leading units 16 at a time with SIMD; returns how many it
/// narrowed (a multiple of 16) and whether any of them is above 0xff. A chunk
/// of ASCII takes one instruction; others compare every unit with the
/// whitespace set of [`is_js_whitespace`] (the package's tests check both
/// paths against the reference for every UTF-16 unit).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn simd_chunks(units: &[u16], bytes: &mut [u8]) -> (usize, bool) {
    use std::arch::wasm32::{
        u16x8_splat, u8x16_narrow_i16x8, v128, v128_and, v128_any_true, v128_load, v128_or,
        v128_store,
    };
    let high = u16x8_splat(0xff80);
    let chunks = units.len() / 16;
    let mut all = u16x8_splat(0);
    for chunk in 0..chunks {
        // SAFETY: the 16 units read and the 16 bytes written at `16 * chunk`
        // lie within `units` and `bytes`, which are as long and do not
        // overlap (one is borrowed mutably); wasm loads need no alignment.
        unsafe {
            let from = units.as_ptr().add(16 * chunk).cast::<v128>();
            let mut low = v128_load(from);
            let mut upper = v128_load(from.add(1));
            let both = v128_or(low, upper);
            if v128_any_true(v128_and(both, high)) {
                // Only chunks with a unit above 0x7f can have one above 0xff.
                all = v128_or(all, both);
                low = narrow_lanes(low);
                upper = narrow_lanes(upper);
            }
            let to = bytes.as_mut_ptr().add(16 * chunk).cast::<v128>();
            v128_store(to, u8x16_narrow_i16x8(low, upper));
        }
    }
    let wide = v128_any_true(v128_and(all, u16x8_splat(0xff00)));
    (16 * chunks, wide)
}

/// [`narrow_unit`] of each of 8 units, as 8 units.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn narrow_lanes(units: std::arch::wasm32::v128) -> std::arch::wasm32::v128 {
    use std::arch::wasm32::{
        u16x8_eq, u16x8_le, u16x8_lt, u16x8_splat, u16x8_sub, v128_bitselect, v128_or,
    };
    let is = |unit: u16| u16x8_eq(units, u16x8_splat(unit));
    let spaces = u16x8_le(u16x8_sub(units, u16x8_splat(0x2000)), u16x8_splat(0x0a));
    let whitespace = [
        0x00a0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
    ]
    .into_iter()
    .fold(spaces, |found, unit| v128_or(found, is(unit)));
    let space = u16x8_splat(u16::from(WHITESPACE));
    let other = v128_bitselect(space, u16x8_splat(u16::from(OTHER)), whitespace);
    v128_bitselect(units, other, u16x8_lt(units, u16x8_splat(0x80)))
}

/// Without SIMD every unit goes through [`narrow_unit`].
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn simd_chunks(_units: &[u16], _bytes: &mut [u8]) -> (usize, bool) {
    (0, false)
}

/// Narrows, in place, bytes that are each one UTF-16 unit below 0x100 (as
/// `Buffer.write` writes a string as Latin-1): ASCII stays, the one
/// whitespace above it (U+00A0) becomes [`WHITESPACE`], the rest [`OTHER`].
pub(crate) fn latin1_in_place(bytes: &mut [u8]) {
    let done = latin1_chunks(bytes);
    for byte in &mut bytes[done..] {
        *byte = narrow_unit(u16::from(*byte));
    }
}

/// [`latin1_in_place`] of the leading bytes, 16 at a time; returns how many
/// it narrowed (a multiple of 16).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn latin1_chunks(bytes: &mut [u8]) -> usize {
    use std::arch::wasm32::{
        i8x16_lt, u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_bitselect, v128_load, v128_store,
    };
    let chunks = bytes.len() / 16;
    for chunk in 0..chunks {
        // SAFETY: the 16 bytes read and written at `16 * chunk` lie within
        // `bytes`; wasm loads need no alignment.
        unsafe {
            let at = bytes.as_mut_ptr().add(16 * chunk).cast::<v128>();
            let units = v128_load(at);
            if u8x16_bitmask(units) == 0 {
                continue;
            }
            let nbsp = u8x16_eq(units, u8x16_splat(0xa0));
            let other = v128_bitselect(u8x16_splat(WHITESPACE), u8x16_splat(OTHER), nbsp);
            let high = i8x16_lt(units, u8x16_splat(0));
            v128_store(at, v128_bitselect(other, units, high));
        }
    }
    16 * chunks
}

/// Without SIMD every byte goes through [`narrow_unit`].
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn latin1_chunks(_bytes: &mut [u8]) -> usize {
    0
}

/// Narrows, in place, the UTF-8 text in the first `len` bytes of `buffer` (as
/// `TextEncoder` writes a string: each lone surrogate became U+FFFD) to the
/// byte for each of its UTF-16 units, and returns how many that is: one per
/// character, two for one outside the BMP (a surrogate pair in the string).
/// Each unit takes at least as many bytes as it leaves, so the writes never
/// overtake the reads.
pub(crate) fn utf8_in_place(buffer: &mut [u8], len: usize) -> usize {
    let (mut from, mut to) = (0, 0);
    while from < len {
        let ascii = ascii_run(buffer, from, to, len);
        from += ascii;
        to += ascii;
        let Some(&lead) = buffer[..len].get(from) else {
            break;
        };
        let width = match lead {
            0x00..=0x7f => {
                buffer[to] = lead;
                from += 1;
                to += 1;
                continue;
            }
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            // Not a lead byte (never in `TextEncoder`'s output): one unit.
            _ => 1,
        };
        let end = (from + width).min(len);
        let mut code = u32::from(lead) & (0x7f >> width);
        for &byte in &buffer[from + 1..end] {
            code = code << 6 | u32::from(byte & 0x3f);
        }
        from = end;
        if width == 4 {
            buffer[to..to + 2].fill(OTHER);
            to += 2;
        } else {
            buffer[to] = match char::from_u32(code).is_some_and(is_js_whitespace) {
                true => WHITESPACE,
                false => OTHER,
            };
            to += 1;
        }
    }
    to
}

/// Moves the ASCII that starts at byte `from` of `buffer` (before `len`) to
/// byte `to` (at or before `from`), 16 bytes at a time; returns how many.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn ascii_run(buffer: &mut [u8], from: usize, to: usize, len: usize) -> usize {
    use std::arch::wasm32::{u8x16_bitmask, v128, v128_load, v128_store};
    assert!(to <= from && len <= buffer.len());
    let mut done = 0;
    while from + done + 16 <= len {
        // SAFETY: the 16 bytes read at `from + done` lie before `len`, and
        // the 16 written at `to + done` before them; each store follows its
        // load, and the next load starts past it. Wasm loads need no
        // alignment.
        unsafe {
            let base = buffer.as_mut_ptr();
            let chunk = v128_load(base.add(from + done).cast::<v128>());
            if u8x16_bitmask(chunk) != 0 {
                break;
            }
            v128_store(base.add(to + done).cast::<v128>(), chunk);
        }
        done += 16;
    }
    done
}

/// Without SIMD every byte goes through [`utf8_in_place`]'s loop.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn ascii_run(_buffer: &mut [u8], _from: usize, _to: usize, _len: usize) -> usize {
    0
}
