//! The array keys every result uses, interned once at module startup (an
//! interned string made during a request would die with the request).

use std::sync::OnceLock;

use ext_php_rs::ffi::zend_string;

use crate::zend;

/// Permanent interned keys.
pub struct Keys {
    /// A block's keys, in `WP_Block_Parser_Block`'s property order (the order
    /// the core pushes the values).
    pub block: [*mut zend_string; 5],
    /// A walk entry's keys.
    pub walk: [*mut zend_string; 8],
}

// SAFETY: permanent interned strings are immutable and live as long as the
// process; the engine never frees or changes them.
unsafe impl Send for Keys {}
unsafe impl Sync for Keys {}

static KEYS: OnceLock<Keys> = OnceLock::new();

/// Makes the keys; called from the module's startup.
pub fn init() {
    KEYS.get_or_init(|| Keys {
        block: [
            "blockName",
            "attrs",
            "innerBlocks",
            "innerHTML",
            "innerContent",
        ]
        .map(zend::interned),
        walk: [
            "blockName",
            "attrs",
            "depth",
            "start",
            "end",
            "opener",
            "closer",
            "void",
        ]
        .map(zend::interned),
    });
}

/// The keys, once the module has started.
pub fn get() -> Option<&'static Keys> {
    KEYS.get()
}
