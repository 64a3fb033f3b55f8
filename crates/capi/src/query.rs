//! Finding and editing blocks through the C ABI.
//!
//! `gpp_tree_parse` copies the input once and keeps it with its parse, so a
//! tree never points into the caller's memory (Go may not let C keep its
//! pointers). Blocks are named by their index in depth-first order, the
//! order of `gpp_parse`'s node records. `gpp_find` lists the blocks a name
//! pattern and attribute filters select; a `gpp_editor` collects edits and
//! writes the edited text, refusing overlapping or structure-changing edits
//! with a message that `gpp_edit_error_message` returns.
#![allow(non_camel_case_types)]

use std::mem::ManuallyDrop;
use std::os::raw::c_char;
use std::ptr;

use gutenberg_post_parser::edit::{EditError, Edits, Segment};
use gutenberg_post_parser::json::{self, Value};
use gutenberg_post_parser::query::{AttrTest, Query};
use gutenberg_post_parser::{parse, Document, NodeId, Utf8Error};

use crate::outcome::{guard, Failure};
use crate::records::span_in;
use crate::types::{
    gpp_attr_filter, gpp_change, gpp_error, gpp_match, gpp_matches, gpp_span, gpp_status, narrow,
    GPP_NONE,
};

/// A parsed document that owns its text. Opaque to C.
pub struct gpp_tree {
    /// Borrows `text`; dropped before it.
    document: ManuallyDrop<Document<'static>>,
    /// Node id of each depth-first index.
    ids: Vec<NodeId>,
    /// Depth-first index of each node id.
    order: Vec<u32>,
    /// The text, from `Box::into_raw` and freed by `Drop`; NULL-like (empty
    /// and not owned) for a tree that borrows the caller's input.
    text: Option<*mut str>,
}

impl Drop for gpp_tree {
    fn drop(&mut self) {
        // SAFETY: the document goes first, then the text it borrowed, which
        // came from `Box::into_raw` and is freed only here.
        unsafe {
            ManuallyDrop::drop(&mut self.document);
            if let Some(text) = self.text {
                drop(Box::from_raw(text));
            }
        }
    }
}

/// An editor over one tree: its edits and the message of its last refusal.
/// Opaque to C.
pub struct gpp_editor {
    tree: *const gpp_tree,
    edits: Edits,
    last_error: String,
    /// What `gpp_edit_changes` last handed out.
    changes: Vec<gpp_change>,
}

impl gpp_tree {
    /// A tree owning `text`.
    fn owning(text: Box<str>) -> Box<Self> {
        let text = Box::into_raw(text);
        // SAFETY: the document borrows the text, which stays allocated and
        // unchanged until `Drop` frees it after the document.
        Self::new(unsafe { &*text }, Some(text))
    }

    fn new(source: &'static str, text: Option<*mut str>) -> Box<Self> {
        let document = parse(source);
        let mut order = vec![GPP_NONE; document.node_count()];
        let mut ids = Vec::with_capacity(document.node_count());
        for (block, _) in document.walk() {
            order[block.id()] = narrow(ids.len());
            ids.push(block.id());
        }
        Box::new(gpp_tree {
            document: ManuallyDrop::new(document),
            ids,
            order,
            text,
        })
    }

    fn source(&self) -> &str {
        self.document.source()
    }

    /// The node id of depth-first index `index`.
    fn id(&self, index: u32) -> Result<NodeId, Failure> {
        self.ids
            .get(index as usize)
            .copied()
            .ok_or(Failure::InvalidArgument)
    }
}

fn span(range: std::ops::Range<usize>) -> gpp_span {
    gpp_span {
        start: narrow(range.start),
        len: narrow(range.len()),
    }
}

/// Reads `len` bytes of UTF-8 at `text` (NULL allowed when `len` is 0).
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes that live for `'a`.
unsafe fn text_arg<'a>(text: *const c_char, len: usize) -> Result<&'a str, Failure> {
    if len == 0 {
        return Ok("");
    }
    if text.is_null() {
        return Err(Failure::NullPointer);
    }
    let bytes = std::slice::from_raw_parts(text.cast::<u8>(), len);
    Utf8Error::check(bytes).map_err(Failure::InvalidUtf8)
}

/// Decodes JSON text given by the caller.
fn json_arg(text: &str) -> Result<Value<'_>, Failure> {
    json::parse(text).map_err(|error| Failure::InvalidJson(error.offset))
}

/// Parses `input_len` bytes of UTF-8 at `input` into a tree for `gpp_find`
/// and `gpp_edit_new`. The tree holds its own copy of the input: the caller
/// may free or change the input after the call. Free the tree with
/// `gpp_tree_free`, after every editor made from it.
///
/// # Safety
/// `input` points to `input_len` readable bytes; `out_tree` and `error` are
/// NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_tree_parse(
    input: *const c_char,
    input_len: usize,
    out_tree: *mut *mut gpp_tree,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if out_tree.is_null() {
            return Err(Failure::NullPointer);
        }
        out_tree.write(ptr::null_mut());
        if input_len > crate::types::GPP_MAX_INPUT_LEN {
            return Err(Failure::InputTooLarge);
        }
        let text = text_arg(input, input_len)?;
        out_tree.write(Box::into_raw(gpp_tree::owning(text.into())));
        Ok(())
    })
}

/// `gpp_tree_parse` without the copy: the tree borrows `input`, which the
/// caller must keep allocated and unchanged until `gpp_tree_free`, and
/// every editor of the tree is done. (Go pins its string with
/// `runtime.Pinner` for this.)
///
/// # Safety
/// As `gpp_tree_parse`, and `input` stays valid and unchanged as said.
#[no_mangle]
pub unsafe extern "C" fn gpp_tree_parse_borrowed(
    input: *const c_char,
    input_len: usize,
    out_tree: *mut *mut gpp_tree,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if out_tree.is_null() {
            return Err(Failure::NullPointer);
        }
        out_tree.write(ptr::null_mut());
        if input_len > crate::types::GPP_MAX_INPUT_LEN {
            return Err(Failure::InputTooLarge);
        }
        let text: &'static str = text_arg(input, input_len)?;
        out_tree.write(Box::into_raw(gpp_tree::new(text, None)));
        Ok(())
    })
}

/// Frees a tree from `gpp_tree_parse`. NULL is ignored.
///
/// # Safety
/// `tree` is NULL or came from `gpp_tree_parse`, was not freed yet, and no
/// editor made from it is still in use.
#[no_mangle]
pub unsafe extern "C" fn gpp_tree_free(tree: *mut gpp_tree) {
    if !tree.is_null() {
        guard(ptr::null_mut(), || {
            drop(Box::from_raw(tree));
            Ok(())
        });
    }
}

/// The blocks of `tree` whose name matches `pattern` (`core/paragraph`, or
/// `paragraph` for the core namespace, `core/` then `*` for a whole
/// namespace, `*` for any block) and whose attributes
/// pass every filter, depth-first in document order.
///
/// On success `*out_matches` receives a list to free with
/// `gpp_matches_free`. A filter with `value` NULL tests that the key is
/// present; otherwise `value` is JSON text the attribute must equal
/// (numbers as doubles, objects whatever their key order). Invalid JSON
/// fails with `GPP_ERROR_INVALID_JSON` (`error->offset`: where in it).
///
/// # Safety
/// `tree` came from `gpp_tree_parse`; `pattern` points to `pattern_len`
/// bytes; `filters` to `filter_count` filters whose pointers are valid;
/// `out_matches` and `error` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_find(
    tree: *const gpp_tree,
    pattern: *const c_char,
    pattern_len: usize,
    filters: *const gpp_attr_filter,
    filter_count: usize,
    out_matches: *mut *mut gpp_matches,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if out_matches.is_null() {
            return Err(Failure::NullPointer);
        }
        out_matches.write(ptr::null_mut());
        if tree.is_null() || (filter_count > 0 && filters.is_null()) {
            return Err(Failure::NullPointer);
        }
        let tree = &*tree;
        let pattern = text_arg(pattern, pattern_len)?;
        let filters = if filter_count == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(filters, filter_count)
        };
        let mut query = Query::name(pattern);
        for filter in filters {
            let key = text_arg(filter.key, filter.key_len)?;
            let test = if filter.value.is_null() {
                AttrTest::Present
            } else {
                AttrTest::Equals(json_arg(text_arg(filter.value, filter.value_len)?)?)
            };
            query = query.attr(key, test);
        }
        let items: Vec<gpp_match> = tree
            .document
            .find(&query)
            .map(|found| {
                let block = found.block;
                let source = tree.source();
                let name = block.name().map_or(gpp_span::default(), |name| {
                    span_in(source, name.as_written())
                });
                let attrs = block
                    .attrs_json()
                    .map_or(gpp_span::default(), |attrs| span_in(source, attrs));
                gpp_match {
                    node: tree.order[block.id()],
                    depth: narrow(found.depth),
                    parent: found.parent.map_or(GPP_NONE, |parent| tree.order[parent]),
                    span: span(block.span()),
                    name,
                    attrs,
                }
            })
            .collect();
        let count = items.len();
        let items = if count == 0 {
            ptr::null()
        } else {
            Box::into_raw(items.into_boxed_slice())
                .cast::<gpp_match>()
                .cast_const()
        };
        out_matches.write(Box::into_raw(Box::new(gpp_matches { items, count })));
        Ok(())
    })
}

/// Frees a list from `gpp_find`. NULL is ignored.
///
/// # Safety
/// `matches` is NULL or came from `gpp_find` and was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn gpp_matches_free(matches: *mut gpp_matches) {
    if matches.is_null() {
        return;
    }
    guard(ptr::null_mut(), || {
        let list = Box::from_raw(matches);
        if !list.items.is_null() {
            let items = ptr::slice_from_raw_parts_mut(list.items.cast_mut(), list.count);
            drop(Box::from_raw(items));
        }
        Ok(())
    });
}

/// Bytes before each string handed out: its length, for `gpp_text_free`
/// (the text itself may hold NUL bytes).
const LENGTH_PREFIX: usize = std::mem::size_of::<usize>();

/// Writes a newly allocated, NUL-terminated copy of `text`, to free with
/// `gpp_text_free`.
///
/// # Safety
/// `out_text` and `out_len` are NULL or valid for writes.
unsafe fn give_text(
    text: String,
    out_text: *mut *mut c_char,
    out_len: *mut usize,
) -> Result<(), Failure> {
    let len = text.len();
    let mut bytes = Vec::with_capacity(LENGTH_PREFIX + len + 1);
    bytes.extend_from_slice(&len.to_ne_bytes());
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(0);
    let start = Box::into_raw(bytes.into_boxed_slice()).cast::<u8>();
    out_text.write(start.add(LENGTH_PREFIX).cast::<c_char>());
    if !out_len.is_null() {
        out_len.write(len);
    }
    Ok(())
}

/// Starts a text result: clears the outputs, refuses a NULL `out_text`.
///
/// # Safety
/// `out_text` and `out_len` are NULL or valid for writes.
unsafe fn clear_text(out_text: *mut *mut c_char, out_len: *mut usize) -> Result<(), Failure> {
    if !out_len.is_null() {
        out_len.write(0);
    }
    if out_text.is_null() {
        return Err(Failure::NullPointer);
    }
    out_text.write(ptr::null_mut());
    Ok(())
}

/// The attributes of block `node` (a depth-first index) as
/// `JSON.stringify` prints the reference's `attrs`: `{}` when absent, `null`
/// when invalid. NUL-terminated; free with `gpp_text_free`.
///
/// # Safety
/// `tree` came from `gpp_tree_parse`; `out_text`, `out_len` and `error` are
/// NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_attrs_json(
    tree: *const gpp_tree,
    node: u32,
    out_text: *mut *mut c_char,
    out_len: *mut usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        clear_text(out_text, out_len)?;
        let tree = tree.as_ref().ok_or(Failure::NullPointer)?;
        let mut text = String::new();
        json::write_value(&mut text, &tree.document.block(tree.id(node)?).attrs());
        give_text(text, out_text, out_len)
    })
}

/// The reference's `innerHTML` of block `node` (a depth-first index): its
/// HTML runs joined, inner blocks left out. NUL-terminated; free with
/// `gpp_text_free`.
///
/// # Safety
/// As `gpp_attrs_json`.
#[no_mangle]
pub unsafe extern "C" fn gpp_inner_html(
    tree: *const gpp_tree,
    node: u32,
    out_text: *mut *mut c_char,
    out_len: *mut usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        clear_text(out_text, out_len)?;
        let tree = tree.as_ref().ok_or(Failure::NullPointer)?;
        let html = tree
            .document
            .block(tree.id(node)?)
            .inner_html()
            .into_owned();
        give_text(html, out_text, out_len)
    })
}

/// Frees a string from `gpp_attrs_json`, `gpp_inner_html` or
/// `gpp_edit_text`. NULL is ignored.
///
/// # Safety
/// `text` is NULL or came from one of those functions and was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn gpp_text_free(text: *mut c_char) {
    if text.is_null() {
        return;
    }
    guard(ptr::null_mut(), || {
        let start = text.cast::<u8>().sub(LENGTH_PREFIX);
        let len = usize::from_ne_bytes(ptr::read_unaligned(start.cast::<[u8; LENGTH_PREFIX]>()));
        let all = ptr::slice_from_raw_parts_mut(start, LENGTH_PREFIX + len + 1);
        drop(Box::from_raw(all));
        Ok(())
    });
}

/// Starts an editor over `tree`, with no edits. The tree must outlive it.
/// Free it with `gpp_edit_free`.
///
/// # Safety
/// `tree` came from `gpp_tree_parse`; `out_editor` and `error` are NULL or
/// valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_new(
    tree: *const gpp_tree,
    out_editor: *mut *mut gpp_editor,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if out_editor.is_null() {
            return Err(Failure::NullPointer);
        }
        out_editor.write(ptr::null_mut());
        if tree.is_null() {
            return Err(Failure::NullPointer);
        }
        out_editor.write(Box::into_raw(Box::new(gpp_editor {
            tree,
            edits: Edits::new(),
            last_error: String::new(),
            changes: Vec::new(),
        })));
        Ok(())
    })
}

/// Frees an editor. NULL is ignored.
///
/// # Safety
/// `editor` is NULL or came from `gpp_edit_new` and was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_free(editor: *mut gpp_editor) {
    if !editor.is_null() {
        guard(ptr::null_mut(), || {
            drop(Box::from_raw(editor));
            Ok(())
        });
    }
}

/// What an edit call does, once its arguments are read.
enum Change<'t> {
    SetAttrs(Value<'t>),
    Replace(&'t str),
    ReplaceInnerHtml(&'t str),
    Remove,
    InsertBefore(&'t str),
    InsertAfter(&'t str),
}

/// Applies one change to `editor`, keeping the message of a refusal.
///
/// # Safety
/// `editor` is NULL or came from `gpp_edit_new`, and its tree is alive.
unsafe fn edit(
    editor: *mut gpp_editor,
    node: u32,
    error: *mut gpp_error,
    change: impl FnOnce() -> Result<Change<'static>, Failure>,
) -> gpp_status {
    guard(error, || {
        let editor = editor.as_mut().ok_or(Failure::NullPointer)?;
        let tree = &*editor.tree;
        let id = tree.id(node)?;
        let document = &tree.document;
        let result = match change()? {
            Change::SetAttrs(attrs) => editor.edits.set_attrs(document, id, &attrs),
            Change::Replace(markup) => editor.edits.replace(document, id, markup),
            Change::ReplaceInnerHtml(html) => editor.edits.replace_inner_html(document, id, html),
            Change::Remove => editor.edits.remove(document, id),
            Change::InsertBefore(markup) => editor.edits.insert_before(document, id, markup),
            Change::InsertAfter(markup) => editor.edits.insert_after(document, id, markup),
        };
        result.map_err(|refusal| {
            editor.last_error = describe(tree, &refusal);
            match refusal {
                EditError::Overlap { earlier, .. } => Failure::EditOverlap {
                    start: earlier.range.start,
                    len: earlier.range.len(),
                },
                EditError::NoSuchBlock(_) => Failure::InvalidArgument,
                EditError::Freeform(info)
                | EditError::AttrsNotObject(info)
                | EditError::Markup { edit: info, .. } => Failure::EditRefused {
                    start: info.range.start,
                    len: info.range.len(),
                },
            }
        })
    })
}

/// The core's message, with blocks named by their depth-first index.
fn describe(tree: &gpp_tree, refusal: &EditError) -> String {
    let text = refusal.to_string();
    let mut named = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("on block ") {
        let digits_at = at + "on block ".len();
        let digits = rest[digits_at..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        named.push_str(&rest[..digits_at]);
        let id: usize = rest[digits_at..digits_at + digits]
            .parse()
            .unwrap_or(usize::MAX);
        match tree.order.get(id) {
            Some(index) => named.push_str(&index.to_string()),
            None => named.push_str(&rest[digits_at..digits_at + digits]),
        }
        rest = &rest[digits_at + digits..];
    }
    named.push_str(rest);
    named
}

/// Sets the attributes of block `node` (a depth-first index) to
/// `attrs_json`, a JSON object, rewriting only its opening delimiter as
/// WordPress writes one.
///
/// Refusals: `GPP_ERROR_EDIT_OVERLAP` when an earlier edit changes the same
/// bytes (`error->offset`/`length`: that edit's byte range),
/// `GPP_ERROR_EDIT_REFUSED` for freeform HTML, attributes that are not an
/// object, or markup that would change the blocks around it;
/// `GPP_ERROR_INVALID_JSON`; `GPP_ERROR_INVALID_ARGUMENT` for a node index
/// out of range. `gpp_edit_error_message` then describes the refusal.
///
/// # Safety
/// `editor` came from `gpp_edit_new` and its tree is alive; `attrs_json`
/// points to `attrs_len` bytes; `error` is NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_set_attrs(
    editor: *mut gpp_editor,
    node: u32,
    attrs_json: *const c_char,
    attrs_len: usize,
    error: *mut gpp_error,
) -> gpp_status {
    edit(editor, node, error, || {
        Ok(Change::SetAttrs(json_arg(text_arg(
            attrs_json, attrs_len,
        )?)?))
    })
}

/// Replaces block `node`, delimiters included, with `markup` (balanced
/// block markup). Refusals as `gpp_edit_set_attrs`.
///
/// # Safety
/// As `gpp_edit_set_attrs`.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_replace(
    editor: *mut gpp_editor,
    node: u32,
    markup: *const c_char,
    markup_len: usize,
    error: *mut gpp_error,
) -> gpp_status {
    edit(editor, node, error, || {
        Ok(Change::Replace(text_arg(markup, markup_len)?))
    })
}

/// Replaces what lies between the delimiters of block `node` with `html`
/// (balanced block markup); a void block gets a closer. Refusals as
/// `gpp_edit_set_attrs`.
///
/// # Safety
/// As `gpp_edit_set_attrs`.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_replace_inner_html(
    editor: *mut gpp_editor,
    node: u32,
    html: *const c_char,
    html_len: usize,
    error: *mut gpp_error,
) -> gpp_status {
    edit(editor, node, error, || {
        Ok(Change::ReplaceInnerHtml(text_arg(html, html_len)?))
    })
}

/// Removes block `node`, delimiters included. Refusals as
/// `gpp_edit_set_attrs`.
///
/// # Safety
/// `editor` came from `gpp_edit_new` and its tree is alive; `error` is NULL
/// or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_remove(
    editor: *mut gpp_editor,
    node: u32,
    error: *mut gpp_error,
) -> gpp_status {
    edit(editor, node, error, || Ok(Change::Remove))
}

/// Inserts `markup` (balanced block markup) just before block `node`.
/// Refusals as `gpp_edit_set_attrs`.
///
/// # Safety
/// As `gpp_edit_set_attrs`.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_insert_before(
    editor: *mut gpp_editor,
    node: u32,
    markup: *const c_char,
    markup_len: usize,
    error: *mut gpp_error,
) -> gpp_status {
    edit(editor, node, error, || {
        Ok(Change::InsertBefore(text_arg(markup, markup_len)?))
    })
}

/// Inserts `markup` (balanced block markup) just after block `node`.
/// Refusals as `gpp_edit_set_attrs`.
///
/// # Safety
/// As `gpp_edit_set_attrs`.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_insert_after(
    editor: *mut gpp_editor,
    node: u32,
    markup: *const c_char,
    markup_len: usize,
    error: *mut gpp_error,
) -> gpp_status {
    edit(editor, node, error, || {
        Ok(Change::InsertAfter(text_arg(markup, markup_len)?))
    })
}

/// The edited text: the tree's text with every edit spliced in, bytes
/// outside the edits unchanged. NUL-terminated (`*out_len` excludes the
/// NUL); free with `gpp_text_free`.
///
/// # Safety
/// `editor` came from `gpp_edit_new` and its tree is alive; `out_text`,
/// `out_len` and `error` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_text(
    editor: *const gpp_editor,
    out_text: *mut *mut c_char,
    out_len: *mut usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        clear_text(out_text, out_len)?;
        let editor = editor.as_ref().ok_or(Failure::NullPointer)?;
        give_text(
            editor.edits.apply((*editor.tree).source()),
            out_text,
            out_len,
        )
    })
}

/// The length in bytes of the edited text, for `gpp_edit_write_text`.
///
/// # Safety
/// `editor` came from `gpp_edit_new` and its tree is alive; `out_len` and
/// `error` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_text_len(
    editor: *const gpp_editor,
    out_len: *mut usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        let editor = editor.as_ref().ok_or(Failure::NullPointer)?;
        let out_len = out_len.as_mut().ok_or(Failure::NullPointer)?;
        *out_len = editor.edits.applied_len((*editor.tree).source());
        Ok(())
    })
}

/// Writes the edited text into the caller's `buffer` (no NUL added): one
/// copy, for callers that own the memory of the result (Go). `capacity`
/// must be at least `gpp_edit_text_len`'s length, else nothing is written
/// and the call fails with `GPP_ERROR_INVALID_ARGUMENT`.
///
/// # Safety
/// `editor` came from `gpp_edit_new` and its tree is alive; `buffer` is
/// valid for writes of `capacity` bytes; `error` is NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_write_text(
    editor: *const gpp_editor,
    buffer: *mut c_char,
    capacity: usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        let editor = editor.as_ref().ok_or(Failure::NullPointer)?;
        let source = (*editor.tree).source();
        let len = editor.edits.applied_len(source);
        if len > capacity {
            return Err(Failure::InvalidArgument);
        }
        if len == 0 {
            return Ok(());
        }
        if buffer.is_null() {
            return Err(Failure::NullPointer);
        }
        let out = std::slice::from_raw_parts_mut(buffer.cast::<u8>(), len);
        let mut at = 0;
        for segment in editor.edits.segments(source) {
            let piece = match segment {
                Segment::Source(range) => &source[range],
                Segment::Text(text) => text,
            };
            out[at..at + piece.len()].copy_from_slice(piece.as_bytes());
            at += piece.len();
        }
        Ok(())
    })
}

/// The editor's edits in text order, each the byte range of the tree's
/// text it replaces and its new text, for callers that build the edited
/// text themselves from their own copy of the input (Go). `*out_changes`
/// (NULL when there is none) stays valid until the next call on this editor.
///
/// # Safety
/// `editor` came from `gpp_edit_new`; `out_changes`, `out_count` and
/// `error` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_changes(
    editor: *mut gpp_editor,
    out_changes: *mut *const gpp_change,
    out_count: *mut usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if out_changes.is_null() || out_count.is_null() {
            return Err(Failure::NullPointer);
        }
        out_changes.write(ptr::null());
        out_count.write(0);
        let editor = editor.as_mut().ok_or(Failure::NullPointer)?;
        let changes: Vec<gpp_change> = editor
            .edits
            .iter()
            .map(|(_, range, text)| gpp_change {
                range: span(range),
                text: text.as_ptr().cast(),
                text_len: text.len(),
            })
            .collect();
        editor.changes = changes;
        if !editor.changes.is_empty() {
            out_changes.write(editor.changes.as_ptr());
        }
        out_count.write(editor.changes.len());
        Ok(())
    })
}

/// Writes the message of the editor's last refused edit into `buffer` (as
/// `gpp_error_message` does: NUL-terminated, truncated to `capacity - 1`
/// bytes) and returns its full length; empty when no edit was refused.
///
/// # Safety
/// `editor` is NULL or came from `gpp_edit_new`; `buffer` is NULL or valid
/// for writes of `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn gpp_edit_error_message(
    editor: *const gpp_editor,
    buffer: *mut c_char,
    capacity: usize,
) -> usize {
    let mut length = 0;
    guard(ptr::null_mut(), || {
        let message = editor.as_ref().map_or("", |editor| &editor.last_error);
        length = crate::ffi::write_message(message, buffer, capacity);
        Ok(())
    });
    length
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{GPP_ERROR_EDIT_OVERLAP, GPP_ERROR_INVALID_JSON, GPP_OK};

    unsafe fn tree(text: &str) -> *mut gpp_tree {
        let mut tree = ptr::null_mut();
        let status = gpp_tree_parse(text.as_ptr().cast(), text.len(), &mut tree, ptr::null_mut());
        assert_eq!(status, GPP_OK);
        tree
    }

    #[test]
    fn find_then_edit_by_depth_first_index() {
        unsafe {
            let text = "<p>a</p><!-- wp:group --><!-- wp:image {\"id\":1} /--><!-- /wp:group -->";
            let tree = tree(text);
            let mut matches = ptr::null_mut();
            let filter = gpp_attr_filter {
                key: b"id".as_ptr().cast(),
                key_len: 2,
                value: b"1".as_ptr().cast(),
                value_len: 1,
            };
            let status = gpp_find(
                tree,
                b"image".as_ptr().cast(),
                5,
                &filter,
                1,
                &mut matches,
                ptr::null_mut(),
            );
            assert_eq!(status, GPP_OK);
            let list = &*matches;
            assert_eq!(list.count, 1);
            let found = *list.items;
            assert_eq!((found.node, found.depth, found.parent), (2, 1, 1));
            assert_eq!(
                &text[found.name.start as usize..][..found.name.len as usize],
                "image"
            );
            assert_eq!(
                &text[found.attrs.start as usize..][..found.attrs.len as usize],
                "{\"id\":1} "
            );
            gpp_matches_free(matches);

            let mut editor = ptr::null_mut();
            assert_eq!(gpp_edit_new(tree, &mut editor, ptr::null_mut()), GPP_OK);
            let attrs = "{\"id\":2}";
            let status = gpp_edit_set_attrs(
                editor,
                2,
                attrs.as_ptr().cast(),
                attrs.len(),
                ptr::null_mut(),
            );
            assert_eq!(status, GPP_OK);
            let mut error = gpp_error::default();
            assert_eq!(
                gpp_edit_remove(editor, 1, &mut error),
                GPP_ERROR_EDIT_OVERLAP
            );
            assert_eq!((error.offset, error.length), (25, 27));
            let mut buffer = [0 as c_char; 200];
            gpp_edit_error_message(editor, buffer.as_mut_ptr(), buffer.len());
            let message = std::ffi::CStr::from_ptr(buffer.as_ptr()).to_str().unwrap();
            assert_eq!(
                message,
                "remove on block 1 (core/group, bytes 8..70) overlaps the earlier set_attrs on \
                 block 2 (core/image, bytes 25..52)"
            );
            let bad = gpp_edit_set_attrs(editor, 2, b"{".as_ptr().cast(), 1, &mut error);
            assert_eq!((bad, error.offset), (GPP_ERROR_INVALID_JSON, 1));
            let mut out = ptr::null_mut();
            let mut len = 0;
            assert_eq!(
                gpp_edit_text(editor, &mut out, &mut len, ptr::null_mut()),
                GPP_OK
            );
            let edited = std::ffi::CStr::from_ptr(out).to_str().unwrap();
            assert_eq!(edited, text.replace("{\"id\":1}", "{\"id\":2}"));
            assert_eq!(len, edited.len());
            gpp_text_free(out);
            gpp_edit_free(editor);
            gpp_tree_free(tree);
        }
    }
}
