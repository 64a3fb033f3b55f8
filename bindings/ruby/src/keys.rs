//! The reference's Hash keys, as interned Ruby strings made once per process.

use magnus::rb_sys::AsRawValue;
use magnus::{value::Lazy, RString, Ruby};
use rb_sys::VALUE;

/// Makes the interned (frozen, deduplicated) string for a key.
fn interned(ruby: &Ruby, key: &str) -> RString {
    ruby.str_new(key).to_interned_str()
}

static BLOCK_NAME: Lazy<RString> = Lazy::new(|ruby| interned(ruby, "blockName"));
static ATTRS: Lazy<RString> = Lazy::new(|ruby| interned(ruby, "attrs"));
static INNER_BLOCKS: Lazy<RString> = Lazy::new(|ruby| interned(ruby, "innerBlocks"));
static INNER_HTML: Lazy<RString> = Lazy::new(|ruby| interned(ruby, "innerHTML"));
static INNER_CONTENT: Lazy<RString> = Lazy::new(|ruby| interned(ruby, "innerContent"));

/// The five keys of a block Hash. Frozen strings go into a Hash as they are,
/// without the copy Ruby makes of an unfrozen String key.
#[derive(Clone, Copy)]
pub struct Keys {
    /// `"blockName"`.
    pub block_name: RString,
    /// `"attrs"`.
    pub attrs: RString,
    /// `"innerBlocks"`.
    pub inner_blocks: RString,
    /// `"innerHTML"`.
    pub inner_html: RString,
    /// `"innerContent"`.
    pub inner_content: RString,
}

impl Keys {
    /// The keys (made on first use; the GC keeps them for good).
    pub fn get(ruby: &Ruby) -> Self {
        Keys {
            block_name: ruby.get_inner(&BLOCK_NAME),
            attrs: ruby.get_inner(&ATTRS),
            inner_blocks: ruby.get_inner(&INNER_BLOCKS),
            inner_html: ruby.get_inner(&INNER_HTML),
            inner_content: ruby.get_inner(&INNER_CONTENT),
        }
    }

    /// Key/value pairs for `rb_hash_bulk_insert`, in the reference's key order,
    /// with `values` (blockName, attrs, innerBlocks, innerHTML, innerContent).
    pub fn pairs(&self, values: &[VALUE]) -> [VALUE; 10] {
        let keys = [
            self.block_name,
            self.attrs,
            self.inner_blocks,
            self.inner_html,
            self.inner_content,
        ];
        let mut pairs = [rb_sys::Qnil as VALUE; 10];
        for (at, (key, &value)) in keys.iter().zip(values).enumerate() {
            pairs[2 * at] = key.as_raw();
            pairs[2 * at + 1] = value;
        }
        pairs
    }
}
