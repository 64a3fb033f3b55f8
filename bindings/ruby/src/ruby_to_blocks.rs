//! `GutenbergPostParser.serialize`: block Hashes back to block markup.
//!
//! The Hashes (String or Symbol keys) are read into the core's `Block` tree
//! depth-first with an explicit stack, borrowing their strings, then written by
//! `gutenberg_post_parser::serialize_blocks`. `"blockName"` and `"innerContent"`
//! are required; `"attrs"` (default `{}`) and `"innerBlocks"` (default `[]`) are
//! optional; `"innerHTML"` is not read, as `innerContent` holds the same HTML.
//!
//! The GC is held off throughout ([`NoGc`]) and no Ruby code runs: keys are
//! matched while iterating each Hash, never looked up (a lookup may call `eql?`).

use std::borrow::Cow;
use std::collections::HashSet;

use gutenberg_post_parser::json::{Object, Value};
use gutenberg_post_parser::{serialize_blocks, Block, BlockName};
use magnus::r_hash::ForEach;
use magnus::rb_sys::AsRawValue;
use magnus::{prelude::*, Error, RArray, RHash, RString, Ruby, Symbol};
use rb_sys::VALUE;

use crate::no_gc::NoGc;
use crate::{errors, ruby_to_json, text};

/// `GutenbergPostParser.serialize(blocks)`: block markup for an Array of blocks.
pub fn serialize(ruby: &Ruby, blocks: magnus::Value) -> Result<RString, Error> {
    let list = RArray::from_value(blocks).ok_or_else(|| {
        errors::type_error(
            ruby,
            format!(
                "blocks must be an Array of block Hashes, not {}",
                errors::class_name(blocks)
            ),
        )
    })?;
    let markup = {
        let _no_gc = NoGc::new();
        // SAFETY: the GC is off and no Ruby code runs until `tree` is dropped.
        let tree = unsafe { read_blocks(ruby, list) }?;
        serialize_blocks(&tree)
    };
    Ok(ruby.str_new(&markup))
}

/// A block whose inner blocks are being read.
struct Frame<'r> {
    /// The Ruby Hash, to notice a block nested inside itself.
    source: VALUE,
    /// The block, inner blocks added as they finish.
    block: Block<'r>,
    /// The inner block Hashes.
    children: &'r [magnus::Value],
}

/// Reads every block of `list`, depth-first with an explicit stack.
///
/// # Safety
/// Hold a [`NoGc`] and run no Ruby code for `'r`.
unsafe fn read_blocks<'r>(ruby: &Ruby, list: RArray) -> Result<Vec<Block<'r>>, Error> {
    let keys = Keys::new(ruby);
    // SAFETY: as the caller promises.
    let roots = unsafe { items(list) };
    let mut blocks = Vec::with_capacity(roots.len());
    let mut stack: Vec<Frame<'r>> = Vec::new();
    let mut open: HashSet<VALUE> = HashSet::new();
    for &root in roots {
        stack.push(unsafe { read_block(ruby, &keys, root, &mut open) }?);
        while let Some(top) = stack.last_mut() {
            if let Some(&child) = top.children.get(top.block.inner_blocks.len()) {
                let frame = unsafe { read_block(ruby, &keys, child, &mut open) }?;
                stack.push(frame);
                continue;
            }
            let Some(done) = stack.pop() else { break };
            open.remove(&done.source);
            match stack.last_mut() {
                Some(parent) => parent.block.inner_blocks.push(done.block),
                None => blocks.push(done.block),
            }
        }
    }
    Ok(blocks)
}

/// The items of `array`, borrowed.
///
/// # Safety
/// As for [`read_blocks`].
unsafe fn items<'r>(array: RArray) -> &'r [magnus::Value] {
    // SAFETY: the Array can neither change nor move while the GC is off and no
    // Ruby code runs.
    unsafe {
        let items = array.as_slice();
        std::slice::from_raw_parts(items.as_ptr(), items.len())
    }
}

/// The values of a block Hash's keys, as found.
#[derive(Default)]
struct Found {
    block_name: Option<magnus::Value>,
    attrs: Option<magnus::Value>,
    inner_blocks: Option<magnus::Value>,
    inner_content: Option<magnus::Value>,
}

/// Reads one block Hash, all but its inner blocks.
///
/// # Safety
/// As for [`read_blocks`].
unsafe fn read_block<'r>(
    ruby: &Ruby,
    keys: &Keys,
    value: magnus::Value,
    open: &mut HashSet<VALUE>,
) -> Result<Frame<'r>, Error> {
    let hash = RHash::from_value(value).ok_or_else(|| {
        errors::type_error(
            ruby,
            format!(
                "each block must be a Hash, not {}",
                errors::class_name(value)
            ),
        )
    })?;
    if !open.insert(hash.as_raw()) {
        return Err(errors::error(ruby, "a block is nested inside itself"));
    }
    let mut found = Found::default();
    hash.foreach(|key: magnus::Value, item: magnus::Value| {
        if let Some(slot) = keys.slot(key, &mut found) {
            *slot = Some(item);
        }
        Ok(ForEach::Continue)
    })?;
    let block_name = match required(ruby, found.block_name, "blockName")? {
        name if name.is_nil() => None,
        // SAFETY (here and below): as the caller promises.
        name => Some(unsafe { read_name(ruby, name) }?),
    };
    let attrs = match found.attrs {
        None => Value::Object(Object::new()),
        Some(attrs) if attrs.is_nil() || RHash::from_value(attrs).is_some() => {
            unsafe { ruby_to_json::convert(ruby, attrs) }?
        }
        Some(attrs) => {
            return Err(errors::type_error(
                ruby,
                format!(
                    "attrs must be a Hash or nil, not {}",
                    errors::class_name(attrs)
                ),
            ))
        }
    };
    let children = match found.inner_blocks {
        None => &[],
        Some(list) => unsafe { items(array(ruby, list, "innerBlocks")?) },
    };
    let content = array(
        ruby,
        required(ruby, found.inner_content, "innerContent")?,
        "innerContent",
    )?;
    let content = unsafe { items(content) };
    let mut inner_content = Vec::with_capacity(content.len());
    let mut inner_html = String::new();
    for &entry in content {
        if entry.is_nil() {
            inner_content.push(None);
            continue;
        }
        let html = RString::from_value(entry).ok_or_else(|| {
            errors::type_error(
                ruby,
                format!(
                    "innerContent entries must be Strings or nil, not {}",
                    errors::class_name(entry)
                ),
            )
        })?;
        let html = unsafe { text::borrow(ruby, html, "innerContent") }?;
        inner_html.push_str(html);
        inner_content.push(Some(Cow::Borrowed(html)));
    }
    let placeholders = inner_content.iter().filter(|entry| entry.is_none()).count();
    if placeholders != children.len() {
        return Err(errors::error(
            ruby,
            format!(
                "innerContent has {placeholders} nil placeholder(s) for {} innerBlocks",
                children.len()
            ),
        ));
    }
    Ok(Frame {
        source: hash.as_raw(),
        block: Block {
            block_name,
            attrs,
            inner_blocks: Vec::with_capacity(children.len()),
            inner_html: Cow::Owned(inner_html),
            inner_content,
        },
        children,
    })
}

/// The value of a required key, or `KeyError`.
fn required(ruby: &Ruby, value: Option<magnus::Value>, key: &str) -> Result<magnus::Value, Error> {
    value.ok_or_else(|| {
        Error::new(
            ruby.exception_key_error(),
            format!("block Hash has no {key:?} key"),
        )
    })
}

/// `value` as an Array, or `TypeError` naming `key`.
fn array(ruby: &Ruby, value: magnus::Value, key: &str) -> Result<RArray, Error> {
    RArray::from_value(value).ok_or_else(|| {
        errors::type_error(
            ruby,
            format!("{key} must be an Array, not {}", errors::class_name(value)),
        )
    })
}

/// A block name that the parser reads back as the same name.
///
/// # Safety
/// As for [`read_blocks`].
unsafe fn read_name<'r>(ruby: &Ruby, name: magnus::Value) -> Result<BlockName<'r>, Error> {
    let string = RString::from_value(name).ok_or_else(|| {
        errors::type_error(
            ruby,
            format!(
                "blockName must be a String or nil, not {}",
                errors::class_name(name)
            ),
        )
    })?;
    // SAFETY: as the caller promises.
    let name = unsafe { text::borrow(ruby, string, "blockName") }?;
    // Parse the void delimiter that `serialize` would write for this name.
    let short = name.strip_prefix("core/").unwrap_or(name);
    let probe = format!("<!-- wp:{short} /-->");
    let document = gutenberg_post_parser::parse(&probe);
    let read_back = document.blocks().next().and_then(|block| block.name());
    if document.len() == 1 && read_back.is_some_and(|read| read == name) {
        return Ok(BlockName::new(name));
    }
    Err(errors::error(
        ruby,
        format!(
            "invalid blockName {name:?}: expected [namespace/]name, each part a lowercase \
             letter followed by lowercase letters, digits, - or _"
        ),
    ))
}

/// The keys `serialize` reads, as Strings (matched by content) and Symbols.
struct Keys {
    symbols: [Symbol; 4],
}

/// The key names, in the order of [`Keys::symbols`].
const NAMES: [&str; 4] = ["blockName", "attrs", "innerBlocks", "innerContent"];

impl Keys {
    fn new(ruby: &Ruby) -> Self {
        Keys {
            symbols: NAMES.map(|name| ruby.to_symbol(name)),
        }
    }

    /// Where the value of `key` goes in `found`, when it is one of [`NAMES`].
    fn slot<'f>(
        &self,
        key: magnus::Value,
        found: &'f mut Found,
    ) -> Option<&'f mut Option<magnus::Value>> {
        let index = if let Some(string) = RString::from_value(key) {
            // SAFETY: the bytes are compared at once.
            let bytes = unsafe { string.as_slice() };
            NAMES.iter().position(|name| name.as_bytes() == bytes)
        } else {
            let raw = key.as_raw();
            self.symbols
                .iter()
                .position(|symbol| symbol.as_raw() == raw)
        }?;
        Some(match index {
            0 => &mut found.block_name,
            1 => &mut found.attrs,
            2 => &mut found.inner_blocks,
            _ => &mut found.inner_content,
        })
    }
}
