//! `GutenbergPostParser\Document`, `BlockView` and `Editor`: finding and
//! editing the blocks of a post without building its block arrays.
//!
//! A `Document` keeps one reference to the PHP string it was given (PHP
//! strings do not change once shared) and the core's parse, in the PHP
//! dialect, borrows its bytes: a UTF-8 post is not copied. A `BlockView` is an
//! index into that parse: its attributes and HTML become PHP values only when
//! read, exactly as `gutenberg_post_parser_parse()` makes them. An `Editor`
//! holds the core's edits and splices them into the string's bytes once, so
//! every byte outside the edited spans (invalid UTF-8 included) stays as it was.

use std::cell::OnceCell;
use std::mem::ManuallyDrop;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;

use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;
use gutenberg_post_parser::edit::{EditError, Edits, Segment};
use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::query::{AttrTest, Query};
use gutenberg_post_parser::read::{read_attrs, ReadError};
use gutenberg_post_parser::{Document as Tree, NodeId};

use crate::input::Input;
use crate::reader::{self, PhpReader};
use crate::{exceptions, guard, keys, zend};

/// A parse that owns a reference to the string it borrows.
struct Parsed {
    /// Borrows the text of `input`; dropped first.
    tree: ManuallyDrop<Tree<'static>>,
    /// Borrows the bytes of `string`; dropped second.
    input: ManuallyDrop<Input<'static>>,
    /// One reference to the PHP string, released last.
    string: zend::Val,
    /// The enclosing block of each node, made on first use.
    parents: OnceCell<Vec<Option<NodeId>>>,
}

impl Drop for Parsed {
    fn drop(&mut self) {
        // SAFETY: the tree borrows the input, which borrows the string: each
        // goes before what it borrows, and none is used again.
        unsafe {
            ManuallyDrop::drop(&mut self.tree);
            ManuallyDrop::drop(&mut self.input);
        }
        zend::release(&mut self.string);
    }
}

impl Parsed {
    /// Parses the string `string` holds (one reference of it, now owned).
    fn new(string: zend::Val) -> Self {
        // SAFETY: `string` holds a string, whose bytes stay allocated and
        // unchanged while this reference lives (PHP copies a shared string
        // before writing to it); the parse and the input that borrow them
        // are dropped before it is released.
        let bytes: &'static [u8] = match unsafe { zend::read::<'static>(&*string) } {
            zend::Read::String(bytes) => bytes,
            _ => unreachable!("a string"),
        };
        let input = ManuallyDrop::new(Input::new(bytes));
        // SAFETY: the tree borrows the input's text, on the heap (or the
        // string's bytes), which stays put when the input moves.
        let tree = unsafe { std::mem::transmute::<Tree<'_>, Tree<'static>>(input.parse()) };
        Parsed {
            tree: ManuallyDrop::new(tree),
            input,
            string,
            parents: OnceCell::new(),
        }
    }

    fn parent_of(&self, id: NodeId) -> Option<NodeId> {
        self.parents.get_or_init(|| self.tree.parents())[id]
    }

    /// The input's bytes.
    fn bytes(&self) -> &[u8] {
        self.input.bytes(self.tree.source())
    }
}

fn type_error(message: String) -> PhpException {
    PhpException::new(message, 0, ce::type_error())
}

fn value_error(message: String) -> PhpException {
    PhpException::new(message, 0, ce::value_error())
}

/// A zval that refers to `table` without holding a reference of it (valid
/// while the caller's argument is).
fn borrowed_array(table: &ZendHashTable) -> zend::Val {
    zend::array_zval(table as *const ZendHashTable as *mut _)
}

/// A parsed post, for `find()` and `edit()`.
#[php_class]
#[php(name = "GutenbergPostParser\\Document")]
#[php(flags = ClassFlags::Final)]
pub struct Document {
    parsed: Rc<Parsed>,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Document {
    /// Parses `$text` as `WP_Block_Parser` does (any bytes: UTF-8 or not).
    pub fn __construct(text: &Zval) -> PhpResult<Self> {
        guard(|| {
            // SAFETY: a live argument.
            let string = unsafe { zend::string_ref(text) }.ok_or_else(|| {
                let given = crate::zend_type_name(text);
                type_error(format!(
                    "GutenbergPostParser\\Document::__construct(): Argument #1 ($text) must be of type string, {given} given"
                ))
            })?;
            Ok(Document {
                parsed: Rc::new(Parsed::new(string)),
            })
        })
    }

    /// The string this document was parsed from.
    #[php(getter)]
    pub fn get_text(&self) -> Zval {
        ManuallyDrop::into_inner(zend::copy(&self.parsed.string))
    }

    /// The blocks named `$name` (`core/paragraph`, `paragraph`, `core/*`,
    /// `*`) whose attributes equal each entry of `$attrs` and have each key
    /// listed in `$has`, depth-first in document order.
    #[php(defaults(name = "*".to_owned()))]
    pub fn find(
        &self,
        name: String,
        attrs: Option<&ZendHashTable>,
        has: Option<&ZendHashTable>,
    ) -> PhpResult<Vec<BlockView>> {
        guard(|| {
            let values = match attrs {
                Some(attrs) => attrs_argument(attrs, "Document::find")?,
                None => Value::Null,
            };
            let mut query = Query::name(&name);
            for key in has.map(present_keys).transpose()?.unwrap_or_default() {
                query = query.attr(key, AttrTest::Present);
            }
            if let Value::Object(entries) = &values {
                for (key, value) in entries.iter() {
                    let key = key.to_str_lossy().into_owned();
                    query = query.attr(key, AttrTest::Equals(value.clone()));
                }
            }
            let parsed = &self.parsed;
            Ok(parsed
                .tree
                .find(&query)
                .map(|found| BlockView {
                    parsed: Rc::clone(parsed),
                    id: found.block.id(),
                    depth: found.depth,
                    parent: found.parent,
                })
                .collect())
        })
    }

    /// An editor of this document's text.
    pub fn edit(&self) -> Editor {
        Editor {
            parsed: Rc::clone(&self.parsed),
            edits: Edits::new(),
        }
    }
}

/// The attribute names listed in `has` (strings).
fn present_keys(has: &ZendHashTable) -> PhpResult<Vec<String>> {
    // SAFETY: the argument lives, unchanged, for the whole call.
    let entries = unsafe { zend::entries(has) };
    entries
        .into_iter()
        .map(|(_, value)| {
            // SAFETY: as above.
            match unsafe { zend::read(value) } {
                zend::Read::String(bytes) => std::str::from_utf8(bytes)
                    .map(str::to_owned)
                    .map_err(|_| {
                        value_error(
                            "GutenbergPostParser\\Document::find(): Argument #3 ($has) must hold UTF-8 strings"
                                .to_owned(),
                        )
                    }),
                zend::Read::Long(number) => Ok(number.to_string()),
                _ => Err(type_error(
                    "GutenbergPostParser\\Document::find(): Argument #3 ($has) must be a list of attribute names (strings)"
                        .to_owned(),
                )),
            }
        })
        .collect()
}

/// Argument #2, `$attrs`, of `method`, read as a block's attributes (a map,
/// even when empty or list-like), or the PHP exception for what JSON cannot
/// hold.
fn attrs_argument<'r>(attrs: &'r ZendHashTable, method: &str) -> PhpResult<Value<'r>> {
    let array = borrowed_array(attrs);
    let pointer: *const ext_php_rs::ffi::zval = &*array;
    let read = read_attrs(
        &mut PhpReader::for_attrs(pointer),
        &reader::Value::Zval(pointer),
    );
    let invalid = match read {
        Ok(value) => return Ok(value),
        Err(ReadError::Invalid(invalid)) => invalid,
        Err(ReadError::Host(never)) => match never {},
    };
    let function = format!("GutenbergPostParser\\{method}");
    let (is_type, message) = reader::attrs_message(&function, 2, "attrs", invalid);
    Err(if is_type {
        type_error(message)
    } else {
        value_error(message)
    })
}

/// Runs `body`, which may allocate from the engine: its bailout (PHP's
/// memory_limit error) continues as PHP's own error once nothing of ours is
/// left to drop.
fn engine<T>(body: impl FnOnce() -> T) -> PhpResult<T> {
    match ext_php_rs::zend::try_catch(AssertUnwindSafe(body)) {
        Ok(value) => Ok(value),
        // SAFETY: continues the engine's bailout; the callers hold only
        // borrowed values here.
        Err(ext_php_rs::zend::CatchError::Bailout) => unsafe { ext_php_rs::zend::bailout() },
        Err(other) => Err(crate::error(format!("internal error: {other}"))),
    }
}

/// One block that `Document::find()` found: an index into the document;
/// attributes and HTML are made when read.
#[php_class]
#[php(name = "GutenbergPostParser\\BlockView")]
#[php(flags = ClassFlags::Final)]
pub struct BlockView {
    parsed: Rc<Parsed>,
    id: NodeId,
    depth: usize,
    parent: Option<NodeId>,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl BlockView {
    /// The full block name, as `blockName` gives it (`core/paragraph`).
    #[php(getter)]
    pub fn get_name(&self) -> String {
        let block = self.parsed.tree.block(self.id);
        block
            .name()
            .map(|name| name.full().into_owned())
            .unwrap_or_default()
    }

    /// The attributes, as `attrs` of `gutenberg_post_parser_parse()`: `[]`
    /// when absent, null when `json_decode` refuses them.
    #[php(getter)]
    pub fn get_attrs(&self) -> PhpResult<Zval> {
        guard(|| {
            let keys = keys::get().ok_or_else(|| crate::error("the module did not start"))?;
            let parsed = &*self.parsed;
            let text = parsed.tree.block(self.id).attrs_json();
            match engine(|| crate::builder::attrs_of(&parsed.input, keys, text))? {
                Ok(value) => Ok(ManuallyDrop::into_inner(value)),
                Err(_) => Err(crate::error("internal error: values built out of order")),
            }
        })
    }

    /// The HTML between the delimiters without the inner blocks, as
    /// `innerHTML` gives it.
    #[php(getter, name = "inner_html")]
    pub fn get_inner_html(&self) -> Zval {
        let parsed = &*self.parsed;
        let block = parsed.tree.block(self.id);
        let pieces: Vec<&[u8]> = block
            .html_pieces()
            .map(|piece| parsed.input.bytes(piece))
            .collect();
        let len = pieces.iter().map(|piece| piece.len()).sum();
        let string = match *pieces {
            [] => zend::new_string(b""),
            [one] => zend::new_string(one),
            _ => zend::string_of_pieces(len, pieces.into_iter()),
        };
        ManuallyDrop::into_inner(zend::string_zval(string))
    }

    /// `[start, end]`: byte offsets of the whole block, delimiters included
    /// (`substr($text, $start, $end - $start)`).
    #[php(getter)]
    pub fn get_span(&self) -> Vec<i64> {
        let span = self.parsed.tree.block(self.id).span();
        vec![span.start as i64, span.end as i64]
    }

    /// 0 for a top-level block, 1 for its inner blocks, and so on.
    #[php(getter)]
    pub fn get_depth(&self) -> i64 {
        self.depth as i64
    }

    /// The enclosing block, null at the top level.
    #[php(getter)]
    pub fn get_parent(&self) -> Option<BlockView> {
        let parent = self.parent?;
        Some(BlockView {
            parsed: Rc::clone(&self.parsed),
            id: parent,
            depth: self.depth - 1,
            parent: self.parsed.parent_of(parent),
        })
    }
}

/// Edits to one document, spliced into its text by `text()`.
#[php_class]
#[php(name = "GutenbergPostParser\\Editor")]
#[php(flags = ClassFlags::Final)]
pub struct Editor {
    parsed: Rc<Parsed>,
    edits: Edits,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Editor {
    /// Rewrites the opening delimiter of `$view` with `$attrs` (written as
    /// `serialize_blocks()` writes attributes; `[]` leaves none).
    pub fn set_attrs(&mut self, view: &BlockView, attrs: &ZendHashTable) -> PhpResult<()> {
        guard(|| {
            let id = self.block_of(view)?;
            let value = attrs_argument(attrs, "Editor::set_attrs")?;
            let outcome = self.edits.set_attrs(&self.parsed.tree, id, &value);
            outcome.map_err(edit_error)
        })
    }

    /// Replaces `$view`, delimiters included, with `$markup` (balanced block
    /// markup).
    pub fn replace(&mut self, view: &BlockView, markup: BinarySlice<u8>) -> PhpResult<()> {
        self.markup_edit(view, &markup, "replace($view, $markup)", Edits::replace)
    }

    /// Replaces what lies between the delimiters of `$view` with `$html`.
    pub fn replace_inner_html(&mut self, view: &BlockView, html: BinarySlice<u8>) -> PhpResult<()> {
        let method = "replace_inner_html($view, $html)";
        self.markup_edit(view, &html, method, Edits::replace_inner_html)
    }

    /// Removes `$view`, delimiters included.
    pub fn remove(&mut self, view: &BlockView) -> PhpResult<()> {
        guard(|| {
            let id = self.block_of(view)?;
            let outcome = self.edits.remove(&self.parsed.tree, id);
            outcome.map_err(edit_error)
        })
    }

    /// Inserts `$markup` just before `$view`.
    pub fn insert_before(&mut self, view: &BlockView, markup: BinarySlice<u8>) -> PhpResult<()> {
        let method = "insert_before($view, $markup)";
        self.markup_edit(view, &markup, method, Edits::insert_before)
    }

    /// Inserts `$markup` just after `$view`.
    pub fn insert_after(&mut self, view: &BlockView, markup: BinarySlice<u8>) -> PhpResult<()> {
        let method = "insert_after($view, $markup)";
        self.markup_edit(view, &markup, method, Edits::insert_after)
    }

    /// The edited text: the document's bytes with each edit spliced in.
    pub fn text(&self) -> PhpResult<Zval> {
        guard(|| {
            let parsed = &*self.parsed;
            if self.edits.is_empty() {
                return Ok(ManuallyDrop::into_inner(zend::copy(&parsed.string)));
            }
            let source = parsed.tree.source();
            let bytes = parsed.bytes();
            let len = self.edits.applied_len(source);
            let pieces = self.edits.segments(source).map(|segment| match segment {
                Segment::Source(range) => &bytes[range],
                Segment::Text(text) => text.as_bytes(),
            });
            let string = engine(|| zend::string_of_pieces(len, pieces))?;
            Ok(ManuallyDrop::into_inner(zend::string_zval(string)))
        })
    }
}

/// What the markup edits of the core look like.
type MarkupEdit = fn(&mut Edits, &Tree<'_>, NodeId, &str) -> Result<(), EditError>;

impl Editor {
    /// The node of `view`, which must come from this editor's document.
    fn block_of(&self, view: &BlockView) -> PhpResult<NodeId> {
        if Rc::ptr_eq(&view.parsed, &self.parsed) {
            Ok(view.id)
        } else {
            Err(value_error(
                "GutenbergPostParser\\Editor: the view belongs to another document".to_owned(),
            ))
        }
    }

    fn markup_edit(
        &mut self,
        view: &BlockView,
        markup: &[u8],
        method: &str,
        edit: MarkupEdit,
    ) -> PhpResult<()> {
        guard(|| {
            let id = self.block_of(view)?;
            let markup = std::str::from_utf8(markup).map_err(|error| {
                value_error(format!(
                    "GutenbergPostParser\\Editor::{method}: Argument #2 must be UTF-8 ({error})"
                ))
            })?;
            edit(&mut self.edits, &self.parsed.tree, id, markup).map_err(edit_error)
        })
    }
}

fn edit_error(error: EditError) -> PhpException {
    PhpException::new(error.to_string(), 0, exceptions::edit())
}
