//! `GutenbergPostParser::Document`, `BlockView` and `Editor`: finding and
//! editing blocks without building every block as Ruby objects.
//!
//! A `Document` takes a frozen snapshot of the text (which shares the
//! caller's buffer until the caller changes its String) and parses its bytes
//! with the GVL released; its mark function keeps the snapshot alive and
//! pinned, so the bytes never move under the parse. A `BlockView` is the
//! Document object (marked, so it stays alive) and a node id;
//! names, attributes and HTML become Ruby objects only when asked for. An
//! `Editor` keeps the core's edits and writes the new text in one copy.

use std::cell::RefCell;
use std::sync::OnceLock;

use gutenberg_post_parser::edit::{Edits, Segment};
use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::query::{AttrTest, Query};
use gutenberg_post_parser::read::read_attrs;
use gutenberg_post_parser::{BlockRef, Document as Parsed, NodeId};
use magnus::gc::Marker;
use magnus::typed_data::Obj;
use magnus::value::{Lazy, Opaque};
use magnus::{
    prelude::*, DataTypeFunctions, Error, ExceptionClass, RArray, RHash, RString, Ruby, TypedData,
};

use crate::input::Pinned;
use crate::no_gc::NoGc;
use crate::reader::{invalid_error, RubyReader};
use crate::{builder, gvl, text};

/// `GutenbergPostParser::EditError < GutenbergPostParser::Error`.
static EDIT_ERROR: Lazy<ExceptionClass> = Lazy::new(|ruby| {
    let module = ruby
        .define_module("GutenbergPostParser")
        .expect("the module");
    let error: ExceptionClass = module.const_get("Error").expect("Error is defined first");
    module
        .define_error("EditError", error)
        .expect("GutenbergPostParser::EditError can be defined")
});

/// A parse of a frozen String's bytes.
struct Tree {
    /// Borrows the bytes of `snapshot`.
    parsed: Parsed<'static>,
    /// The frozen snapshot of the caller's String (`rb_str_new_frozen`):
    /// its bytes never change or move, and `Document`'s mark function
    /// keeps it alive and pinned for as long as the parse lives.
    snapshot: Opaque<RString>,
    parents: OnceLock<Vec<Option<NodeId>>>,
    /// Bytes of Rust memory reported to Ruby's GC for this parse.
    reported: i64,
}

impl Drop for Tree {
    fn drop(&mut self) {
        // SAFETY: only adjusts the GC's malloc counters, which Ruby allows
        // while it frees objects.
        unsafe { rb_sys::rb_gc_adjust_memory_usage(-self.reported) };
    }
}

/// `GutenbergPostParser::Document`.
#[derive(TypedData)]
#[magnus(class = "GutenbergPostParser::Document", free_immediately, size, mark)]
pub struct Document(Tree);

impl DataTypeFunctions for Document {
    fn mark(&self, marker: &Marker) {
        // `rb_gc_mark` also pins: compaction never moves the snapshot, so
        // even an embedded String's bytes stay where the parse points.
        marker.mark(self.0.snapshot);
    }
}

impl Document {
    fn block(&self, id: NodeId) -> BlockRef<'_, 'static> {
        self.0.parsed.block(id)
    }

    fn source(&self) -> &str {
        self.0.parsed.source()
    }

    fn parent_of(&self, id: NodeId) -> Option<NodeId> {
        self.0.parents.get_or_init(|| self.0.parsed.parents())[id]
    }

    /// `Document.new(text)`: parses `text` (UTF-8) with the GVL released,
    /// borrowing the bytes of a frozen snapshot of it.
    fn new(ruby: &Ruby, text: magnus::Value) -> Result<Obj<Document>, Error> {
        let pinned = Pinned::new(ruby, text)?;
        let prepared = {
            let bytes = pinned.bytes();
            gvl::without_gvl(ruby, || gutenberg_post_parser::parse_bytes(bytes))?
                .map_err(|error| text::invalid_utf8(ruby, "document", error))?
        };
        // SAFETY: the snapshot's bytes stay allocated, unchanged and in place
        // for as long as the snapshot lives, which the Document's mark
        // function ensures for as long as the parse does.
        let parsed = unsafe { std::mem::transmute::<Parsed<'_>, Parsed<'static>>(prepared) };
        // The parse's arrays take about as many bytes as the text: told to
        // the GC, they make it collect old Documents before memory piles up
        // (else every parse writes to fresh pages).
        let reported = i64::try_from(parsed.source().len()).unwrap_or(i64::MAX);
        // SAFETY: adjusts the GC's malloc counters, with the GVL held. Ruby
        // weighs them only when it allocates through its own malloc; a
        // one-byte allocation makes it do so now, so that a loop making
        // Documents and little else still collects the old ones (without
        // it, 2,000 parses of moby-dick kept 1.6 GB). The GC may run here:
        // `pinned` holds the snapshot on the machine stack.
        unsafe {
            rb_sys::rb_gc_adjust_memory_usage(reported);
            rb_sys::ruby_xfree(rb_sys::ruby_xmalloc(1));
        }
        let document = Document(Tree {
            parsed,
            snapshot: pinned.snapshot().into(),
            parents: OnceLock::new(),
            reported,
        });
        // Wrapped while `pinned` still holds the snapshot on the machine
        // stack: the allocation may run the GC before the new object marks it.
        let object = ruby.obj_wrap(document);
        drop(pinned);
        Ok(object)
    }

    /// The text parsed (the frozen snapshot of the String given).
    fn text(ruby: &Ruby, rb_self: &Self) -> RString {
        ruby.get_inner(rb_self.0.snapshot)
    }

    /// `find_native(name, present, equal)`: the views of the blocks named
    /// `name` that have every key of `present` and whose attributes equal
    /// `equal`'s values.
    fn find_native(
        ruby: &Ruby,
        rb_self: Obj<Document>,
        name: String,
        present: Vec<String>,
        equal: RHash,
    ) -> Result<RArray, Error> {
        let values = {
            let _no_gc = NoGc::new();
            read_attrs(&mut RubyReader { ruby }, &equal.as_value())
                .map_err(|e| e.into_host(|invalid| invalid_error(ruby, invalid)))
        }?;
        let mut query = Query::name(&name);
        for key in present {
            query = query.attr(key, AttrTest::Present);
        }
        if let Value::Object(entries) = &values {
            for (key, value) in entries.iter() {
                query = query.attr(
                    key.to_str_lossy().into_owned(),
                    AttrTest::Equals(value.clone()),
                );
            }
        }
        let found: Vec<_> = rb_self
            .0
            .parsed
            .find(&query)
            .map(|found| (found.block.id(), found.depth, found.parent))
            .collect();
        let views = ruby.ary_new_capa(found.len());
        for (id, depth, parent) in found {
            views.push(BlockView {
                document: rb_self.into(),
                id,
                depth,
                parent,
            })?;
        }
        Ok(views)
    }

    /// An editor with no edits.
    fn edit(rb_self: Obj<Document>) -> Editor {
        Editor {
            document: rb_self.into(),
            edits: RefCell::new(Edits::new()),
        }
    }

    fn inspect(&self) -> String {
        format!(
            "#<GutenbergPostParser::Document {} bytes, {} blocks>",
            self.source().len(),
            self.0.parsed.node_count()
        )
    }
}

/// `GutenbergPostParser::BlockView`: one block of a Document.
#[derive(TypedData)]
#[magnus(class = "GutenbergPostParser::BlockView", free_immediately, size, mark)]
pub struct BlockView {
    document: Opaque<Obj<Document>>,
    id: NodeId,
    depth: usize,
    parent: Option<NodeId>,
}

impl DataTypeFunctions for BlockView {
    fn mark(&self, marker: &Marker) {
        marker.mark(self.document);
    }
}

/// The Document of a view or editor. Methods run on Ruby threads only.
fn document_of(document: Opaque<Obj<Document>>) -> Obj<Document> {
    Ruby::get().expect("called from Ruby").get_inner(document)
}

impl BlockView {
    fn block(&self) -> BlockRef<'_, 'static> {
        let object = document_of(self.document);
        let document: *const Document = &*object;
        // SAFETY: the data lives in the Document object, which this view
        // marks, so it outlives the view; its tree never changes.
        unsafe { &*document }.block(self.id)
    }

    fn name(&self) -> Option<String> {
        self.block().name().map(|name| name.full().into_owned())
    }

    fn attrs(ruby: &Ruby, rb_self: &Self) -> Result<magnus::Value, Error> {
        let block = rb_self.block();
        if block.attrs_json().is_none() {
            return Ok(ruby.hash_new().as_value());
        }
        builder::build_value(ruby, &block.attrs())
    }

    fn inner_html(ruby: &Ruby, rb_self: &Self) -> RString {
        ruby.str_new(&rb_self.block().inner_html())
    }

    fn span(ruby: &Ruby, rb_self: &Self) -> Result<magnus::Value, Error> {
        let span = rb_self.block().span();
        ruby.range_new(span.start, span.end, true)
            .map(|range| range.as_value())
    }

    fn depth(&self) -> usize {
        self.depth
    }

    fn parent(&self) -> Option<BlockView> {
        let parent = self.parent?;
        Some(BlockView {
            document: self.document,
            id: parent,
            depth: self.depth - 1,
            parent: document_of(self.document).parent_of(parent),
        })
    }

    fn document(&self) -> Obj<Document> {
        document_of(self.document)
    }

    fn inspect(&self) -> String {
        let block = self.block();
        let name = block.name().map_or("freeform".into(), |name| name.full());
        let span = block.span();
        format!(
            "#<GutenbergPostParser::BlockView {name} {}...{}>",
            span.start, span.end
        )
    }
}

/// `GutenbergPostParser::Editor`: edits of one Document.
#[derive(TypedData)]
#[magnus(class = "GutenbergPostParser::Editor", free_immediately, size, mark)]
pub struct Editor {
    document: Opaque<Obj<Document>>,
    edits: RefCell<Edits>,
}

impl DataTypeFunctions for Editor {
    fn mark(&self, marker: &Marker) {
        marker.mark(self.document);
    }
}

impl Editor {
    /// Applies one change to the edits, raising `EditError` on refusal.
    fn apply(
        ruby: &Ruby,
        rb_self: &Self,
        view: &BlockView,
        change: impl FnOnce(
            &mut Edits,
            &Parsed<'static>,
            NodeId,
        ) -> Result<(), gutenberg_post_parser::edit::EditError>,
    ) -> Result<(), Error> {
        let document = document_of(rb_self.document);
        if !document_of(view.document)
            .as_value()
            .equal(document.as_value())?
        {
            return Err(Error::new(
                ruby.exception_arg_error(),
                "the block belongs to another Document",
            ));
        }
        let mut edits = rb_self.edits.borrow_mut();
        change(&mut edits, &document.0.parsed, view.id)
            .map_err(|error| Error::new(ruby.get_inner(&EDIT_ERROR), error.to_string()))
    }

    fn set_attrs(ruby: &Ruby, rb_self: &Self, view: &BlockView, attrs: RHash) -> Result<(), Error> {
        let value = {
            let _no_gc = NoGc::new();
            read_attrs(&mut RubyReader { ruby }, &attrs.as_value())
                .map_err(|e| e.into_host(|invalid| invalid_error(ruby, invalid)))
        }?;
        Self::apply(ruby, rb_self, view, |edits, document, id| {
            edits.set_attrs(document, id, &value)
        })
    }

    fn replace(ruby: &Ruby, rb_self: &Self, view: &BlockView, markup: String) -> Result<(), Error> {
        Self::apply(ruby, rb_self, view, |edits, document, id| {
            edits.replace(document, id, &markup)
        })
    }

    fn replace_inner_html(
        ruby: &Ruby,
        rb_self: &Self,
        view: &BlockView,
        html: String,
    ) -> Result<(), Error> {
        Self::apply(ruby, rb_self, view, |edits, document, id| {
            edits.replace_inner_html(document, id, &html)
        })
    }

    fn remove(ruby: &Ruby, rb_self: &Self, view: &BlockView) -> Result<(), Error> {
        Self::apply(ruby, rb_self, view, |edits, document, id| {
            edits.remove(document, id)
        })
    }

    fn insert_before(
        ruby: &Ruby,
        rb_self: &Self,
        view: &BlockView,
        markup: String,
    ) -> Result<(), Error> {
        Self::apply(ruby, rb_self, view, |edits, document, id| {
            edits.insert_before(document, id, &markup)
        })
    }

    fn insert_after(
        ruby: &Ruby,
        rb_self: &Self,
        view: &BlockView,
        markup: String,
    ) -> Result<(), Error> {
        Self::apply(ruby, rb_self, view, |edits, document, id| {
            edits.insert_after(document, id, &markup)
        })
    }

    /// The edited text: one new UTF-8 String, each piece copied once.
    fn text(ruby: &Ruby, rb_self: &Self) -> Result<RString, Error> {
        let document = document_of(rb_self.document);
        let source = document.source();
        let edits = rb_self.edits.borrow();
        let out = ruby.str_buf_new(edits.applied_len(source));
        for segment in edits.segments(source) {
            out.cat(match segment {
                Segment::Source(range) => &source[range],
                Segment::Text(text) => text,
            });
        }
        // The pieces are UTF-8; a new buffer is binary until told otherwise.
        out.enc_associate(ruby.utf8_encindex())?;
        Ok(out)
    }

    fn size(&self) -> usize {
        self.edits.borrow().len()
    }
}

/// Defines the classes and their native methods under `module`.
pub fn define(ruby: &Ruby, module: magnus::RModule) -> Result<(), Error> {
    use magnus::{function, method};
    let document = module.define_class("Document", ruby.class_object())?;
    document.undef_default_alloc_func();
    document.define_singleton_method("new", function!(Document::new, 1))?;
    document.define_method("text", method!(Document::text, 0))?;
    document.define_private_method("find_native", method!(Document::find_native, 3))?;
    document.define_method("edit", method!(Document::edit, 0))?;
    document.define_method("inspect", method!(Document::inspect, 0))?;

    let view = module.define_class("BlockView", ruby.class_object())?;
    view.undef_default_alloc_func();
    view.define_method("name", method!(BlockView::name, 0))?;
    view.define_method("attrs", method!(BlockView::attrs, 0))?;
    view.define_method("inner_html", method!(BlockView::inner_html, 0))?;
    view.define_method("span", method!(BlockView::span, 0))?;
    view.define_method("depth", method!(BlockView::depth, 0))?;
    view.define_method("parent", method!(BlockView::parent, 0))?;
    view.define_method("document", method!(BlockView::document, 0))?;
    view.define_method("inspect", method!(BlockView::inspect, 0))?;

    let editor = module.define_class("Editor", ruby.class_object())?;
    editor.undef_default_alloc_func();
    editor.define_private_method("set_attrs_native", method!(Editor::set_attrs, 2))?;
    editor.define_method("replace", method!(Editor::replace, 2))?;
    editor.define_method("replace_inner_html", method!(Editor::replace_inner_html, 2))?;
    editor.define_method("remove", method!(Editor::remove, 1))?;
    editor.define_method("insert_before", method!(Editor::insert_before, 2))?;
    editor.define_method("insert_after", method!(Editor::insert_after, 2))?;
    editor.define_method("text", method!(Editor::text, 0))?;
    editor.define_method("size", method!(Editor::size, 0))?;
    ruby.get_inner(&EDIT_ERROR);
    Ok(())
}
