//! The reference's Array of block Hashes, built from the borrowed tree.
//!
//! Nodes are built in reverse depth-first order, so every inner block's Hash
//! exists before its parent's `innerBlocks`. No recursion, whatever the depth.
//!
//! The GC may run (and, with compaction on, move objects) at any allocation, so
//! Rust memory never holds a Ruby object across one: each object made is either
//! a local (on the machine stack, which the GC scans and never moves) or put at
//! once in a Ruby Array that is such a local, and read back from there.
//!
//! HTML is copied into new Strings, except a long piece that runs to the end of
//! the document: that one shares the pinned snapshot's buffer (Ruby shares a
//! substring's buffer only when it runs to the end). Each unclosed block gets the
//! rest of the document as its last piece, so 100,000 unclosed blocks cost
//! 100,000 small objects instead of 100,000 copies of the rest of the document.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::os::raw::c_long;

use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::{BlockName, BlockRef, Content};
use magnus::rb_sys::AsRawValue;
use magnus::{Error, RArray, Ruby};
use rb_sys::VALUE;

use crate::input::Pinned;
use crate::json_to_ruby::{self, Frame};
use crate::keys::{slot, Keys};
use crate::parsed::Parsed;
use crate::protected::protected;
use crate::text::new_utf8;

/// The built Hashes.
pub struct Built {
    /// The top-level blocks: what `parse` returns.
    pub roots: RArray,
    /// Every block's Hash, indexed by node id.
    pub by_id: RArray,
}

/// The Ruby objects a build works with, all locals of [`build`].
#[derive(Clone, Copy)]
struct Anchors {
    /// The pinned document (its frozen snapshot).
    source: VALUE,
    /// Where the document's text starts in memory.
    text: *const u8,
    /// The length of the document's text in bytes.
    text_len: usize,
    /// Every finished block Hash, by node id.
    by_id: VALUE,
    /// The interned full block names, in order of first use.
    names: VALUE,
    /// The open containers while converting attributes.
    containers: VALUE,
}

/// Buffers owned outside the protected build, so that a Ruby exception raised
/// inside it skips no frame that owns memory.
struct Scratch<'v, 'a> {
    /// Each block name as written, with its full name's position in
    /// [`Anchors::names`].
    names: HashMap<&'a str, c_long, BuildHasherDefault<Fnv>>,
    /// Room to spell out `core/name`.
    full_name: String,
    /// What is left of each open container while converting attributes.
    frames: Vec<Frame<'v, 'a>>,
}

/// Builds a Hash for every node of `parsed`.
pub fn build(ruby: &Ruby, pinned: &Pinned, parsed: &Parsed<'_>) -> Result<Built, Error> {
    let document = &parsed.document;
    let keys = Keys::get(ruby);
    let by_id = ruby.ary_new_capa(document.node_count());
    let roots = ruby.ary_new_capa(document.len());
    let names = ruby.ary_new();
    let containers = ruby.ary_new();
    let text = document.source();
    let anchors = Anchors {
        source: pinned.snapshot().as_raw(),
        text: text.as_ptr(),
        text_len: text.len(),
        by_id: by_id.as_raw(),
        names: names.as_raw(),
        containers: containers.as_raw(),
    };
    let mut scratch = Scratch {
        names: HashMap::default(),
        full_name: String::new(),
        frames: Vec::new(),
    };
    protected(ruby, || {
        // SAFETY: raw C API with the GVL held, inside `protected`; the anchors
        // are locals of this function (`pinned` is one of the caller).
        unsafe { build_all(parsed, keys, anchors, roots.as_raw(), &mut scratch) };
        rb_sys::Qnil as VALUE
    })?;
    Ok(Built { roots, by_id })
}

/// Builds every node into `anchors.by_id`, then pushes the top-level ones onto
/// `roots`.
unsafe fn build_all<'v, 'a>(
    parsed: &'v Parsed<'a>,
    keys: Keys,
    anchors: Anchors,
    roots: VALUE,
    scratch: &mut Scratch<'v, 'a>,
) {
    let document = &parsed.document;
    for &(id, _) in parsed.order.iter().rev() {
        let block = document.block(id);
        // SAFETY (all blocks below): raw C API, as the caller promises.
        let hash = unsafe { build_node(block, &parsed.attrs[id], keys, anchors, scratch) };
        unsafe { rb_sys::rb_ary_store(anchors.by_id, id as c_long, hash) };
    }
    for root in document.blocks() {
        unsafe {
            rb_sys::rb_ary_push(
                roots,
                rb_sys::rb_ary_entry(anchors.by_id, root.id() as c_long),
            )
        };
    }
}

/// Builds one node's Hash; its inner blocks are already in `anchors.by_id`.
unsafe fn build_node<'v, 'a>(
    block: BlockRef<'_, 'a>,
    attrs: &'v Value<'a>,
    keys: Keys,
    anchors: Anchors,
    scratch: &mut Scratch<'v, 'a>,
) -> VALUE {
    // The values, each stored here (on the machine stack) as soon as it is made.
    let mut pairs = keys.pairs();
    // SAFETY (all blocks below): raw C API, as the caller promises.
    pairs[slot::BLOCK_NAME] = match block.name() {
        Some(name) => unsafe { scratch.name(name, anchors.names) },
        None => rb_sys::Qnil as VALUE,
    };
    pairs[slot::ATTRS] =
        unsafe { json_to_ruby::convert(attrs, &mut scratch.frames, anchors.containers) };
    let content = block.inner_content();
    let inner_content = unsafe { rb_sys::rb_ary_new_capa(content.len() as c_long) };
    pairs[slot::INNER_CONTENT] = inner_content;
    let inner_blocks = unsafe { rb_sys::rb_ary_new_capa(block.inner_block_count() as c_long) };
    pairs[slot::INNER_BLOCKS] = inner_blocks;
    let mut html_runs = 0;
    let mut html_len = 0;
    let mut last_html = rb_sys::Qnil as VALUE;
    for item in content {
        let entry = match item {
            Content::Html(html) => {
                html_runs += 1;
                html_len += html.len();
                last_html = unsafe { html_string(html, anchors) };
                last_html
            }
            Content::Block(child) => {
                unsafe {
                    let child = rb_sys::rb_ary_entry(anchors.by_id, child.id() as c_long);
                    rb_sys::rb_ary_push(inner_blocks, child)
                };
                rb_sys::Qnil as VALUE
            }
        };
        unsafe { rb_sys::rb_ary_push(inner_content, entry) };
    }
    // One HTML run (the usual case) is shared with `innerContent`: the same
    // String object, as it holds the same text.
    pairs[slot::INNER_HTML] = match html_runs {
        0 => unsafe { new_utf8("") },
        1 => last_html,
        _ => unsafe { joined_html(block, html_len) },
    };
    unsafe {
        let hash = rb_sys::rb_hash_new();
        rb_sys::rb_hash_bulk_insert(pairs.len() as c_long, pairs.as_ptr(), hash);
        hash
    }
}

/// A String for one HTML piece: shared with the source when it is long and runs
/// to the end of the document, else a copy.
unsafe fn html_string(html: &str, anchors: Anchors) -> VALUE {
    /// Longer than this, a String keeps its bytes outside the object.
    const EMBEDDED_MAX: usize = 23;
    let start = html.as_ptr() as usize - anchors.text as usize;
    if html.len() <= EMBEDDED_MAX || start + html.len() != anchors.text_len {
        // SAFETY: raw C API, as the caller promises.
        return unsafe { new_utf8(html) };
    }
    // SAFETY: raw C API, as the caller promises. `rb_str_subseq` takes the
    // snapshot's encoding, which may be binary or US-ASCII: set UTF-8.
    unsafe {
        let shared = rb_sys::rb_str_subseq(anchors.source, start as c_long, html.len() as c_long);
        rb_sys::rb_enc_associate_index(shared, rb_sys::rb_utf8_encindex());
        shared
    }
}

/// `innerHTML` of a block with several HTML runs: one String of `len` bytes.
unsafe fn joined_html(block: BlockRef<'_, '_>, len: usize) -> VALUE {
    // SAFETY (all): raw C API, as the caller promises; each run is valid UTF-8.
    unsafe {
        let joined = rb_sys::rb_str_buf_new(len as c_long);
        rb_sys::rb_enc_associate_index(joined, rb_sys::rb_utf8_encindex());
        for html in block.html_pieces() {
            rb_sys::rb_str_cat(joined, html.as_ptr().cast(), html.len() as c_long);
        }
        joined
    }
}

impl<'a> Scratch<'_, 'a> {
    /// The interned full name (`core/paragraph`) for `name`, made once per
    /// call and kept in `names`.
    unsafe fn name(&mut self, name: BlockName<'a>, names: VALUE) -> VALUE {
        let written = name.as_written();
        if let Some(&at) = self.names.get(written) {
            // SAFETY: raw C API, as the caller promises.
            return unsafe { rb_sys::rb_ary_entry(names, at) };
        }
        let full = if name.has_namespace() {
            written
        } else {
            self.full_name.clear();
            self.full_name.push_str("core/");
            self.full_name.push_str(written);
            &self.full_name
        };
        // SAFETY: `full` is valid for `full.len()` bytes; raw C API, as the
        // caller promises.
        unsafe {
            let string = rb_sys::rb_enc_interned_str(
                full.as_ptr().cast(),
                full.len() as c_long,
                rb_sys::rb_utf8_encoding(),
            );
            self.names.insert(written, rb_sys::RARRAY_LEN(names));
            rb_sys::rb_ary_push(names, string);
            string
        }
    }
}

/// FNV-1a: a fast hash for the few short block names of a document (the
/// default SipHash guards against flooding, which a per-call cache of names
/// from one document does not need).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
