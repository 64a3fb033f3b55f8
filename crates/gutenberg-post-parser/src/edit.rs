//! Editing a parsed [`Document`] in place: each edit replaces one byte range
//! of the source, and every byte outside the edited ranges stays as it was.
//!
//! ```
//! use gutenberg_post_parser::{json, parse, query::Query};
//!
//! let post = "<p>intro</p>\n<!-- wp:image {\"id\":7} /-->\n<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->";
//! let document = parse(post);
//! let image = document.find(&Query::name("image")).next().unwrap().block;
//! let paragraph = document.find(&Query::name("paragraph")).next().unwrap().block;
//!
//! let mut editor = document.edit();
//! editor.set_attrs(image.id(), &json::parse(r#"{"id":8,"alt":"a <b>"}"#).unwrap()).unwrap();
//! editor.replace_inner_html(paragraph.id(), "<p>Hello</p>").unwrap();
//! assert!(editor.remove(image.id()).is_err()); // overlaps the first edit
//! assert_eq!(
//!     editor.text(),
//!     "<p>intro</p>\n<!-- wp:image {\"id\":8,\"alt\":\"a \\u003cb\\u003e\"} /-->\n<!-- wp:paragraph --><p>Hello</p><!-- /wp:paragraph -->",
//! );
//! ```
//!
//! Edits are kept sorted by position and checked against each other when
//! added (a `BTreeMap`); [`Edits::apply`] then copies the source once,
//! splicing each replacement in. Attributes are written as WordPress's
//! JavaScript serializer writes them ([`write_attributes`]).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use memchr::memmem;

use crate::delimiter::{TokenKind, Tokenizer};
use crate::json::{self, Value};
use crate::tree::{Document, NodeId};
use crate::whitespace;

/// What an edit does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    /// Rewrites the opening delimiter with new attributes.
    SetAttrs,
    /// Replaces the whole block, delimiters included.
    Replace,
    /// Replaces what lies between the delimiters.
    ReplaceInnerHtml,
    /// Deletes the whole block.
    Remove,
    /// Inserts markup just before the block.
    InsertBefore,
    /// Inserts markup just after the block.
    InsertAfter,
}

impl EditKind {
    /// The method name, as the error messages use it.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::SetAttrs => "set_attrs",
            EditKind::Replace => "replace",
            EditKind::ReplaceInnerHtml => "replace_inner_html",
            EditKind::Remove => "remove",
            EditKind::InsertBefore => "insert_before",
            EditKind::InsertAfter => "insert_after",
        }
    }
}

/// One edit as the errors describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditInfo {
    /// What it does.
    pub kind: EditKind,
    /// The block it applies to.
    pub block: NodeId,
    /// That block's full name, `None` for freeform HTML.
    pub name: Option<String>,
    /// The byte range of the source it replaces (empty for insertions).
    pub range: Range<usize>,
}

impl fmt::Display for EditInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name.as_deref().unwrap_or("freeform HTML");
        write!(
            f,
            "{} on block {} ({name}, bytes {}..{})",
            self.kind.as_str(),
            self.block,
            self.range.start,
            self.range.end
        )
    }
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// It changes bytes that an earlier edit already changes.
    Overlap {
        /// The edit refused.
        edit: EditInfo,
        /// The earlier edit it overlaps.
        earlier: EditInfo,
    },
    /// No block has this id in the document.
    NoSuchBlock(NodeId),
    /// Freeform HTML has no delimiter to hold attributes.
    Freeform(EditInfo),
    /// Attributes must be a JSON object.
    AttrsNotObject(EditInfo),
    /// The edit could change the blocks around it: its markup has a closer
    /// without an opener, an opener without a closer, or the start of a
    /// delimiter that the text around it could finish; or the text before it
    /// has such a start that the edit could finish.
    Markup {
        /// The edit refused.
        edit: EditInfo,
        /// What is wrong, with its byte offset in the markup.
        problem: String,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Overlap { edit, earlier } => {
                write!(f, "{edit} overlaps the earlier {earlier}")
            }
            EditError::NoSuchBlock(id) => write!(f, "no block {id} in this document"),
            EditError::Freeform(edit) => {
                write!(f, "{edit}: freeform HTML has no attributes")
            }
            EditError::AttrsNotObject(edit) => {
                write!(f, "{edit}: attributes must be a JSON object")
            }
            EditError::Markup { edit, problem } => write!(f, "{edit}: {problem}"),
        }
    }
}

impl std::error::Error for EditError {}

/// Position of an edit: start, end, then insertions after a block before
/// insertions before the next one, then the order the edits were made.
type Key = (usize, usize, u8, usize);

/// One edit kept: what it replaces, with what, and how it meets others.
#[derive(Clone, Debug)]
struct Entry {
    info: EditInfo,
    text: String,
    /// Whether insertions at the ends of its range fall inside it: true for
    /// the inner HTML of a block, whose ends are where its first inner block
    /// starts and its last one ends.
    closed: bool,
    /// How many bytes at the start of its range stay the source's: the text
    /// replaces only the rest (a void block's `/-->` when it gets inner HTML).
    kept: usize,
}

impl Entry {
    /// The bytes of the source its text replaces.
    fn replaced(&self) -> Range<usize> {
        self.info.range.start + self.kept..self.info.range.end
    }
}

impl Entry {
    fn is_insertion(&self) -> bool {
        matches!(
            self.info.kind,
            EditKind::InsertBefore | EditKind::InsertAfter
        )
    }
}

/// One run of an edited text; see [`Edits::segments`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'e> {
    /// Bytes of the source, kept.
    Source(Range<usize>),
    /// The new text of an edit.
    Text(&'e str),
}

/// A set of non-overlapping edits to one document's source, independent of
/// the [`Document`] borrow (bindings keep it beside their document).
#[derive(Clone, Debug, Default)]
pub struct Edits {
    edits: BTreeMap<Key, Entry>,
    added: usize,
}

impl Edits {
    /// No edits.
    pub fn new() -> Self {
        Edits::default()
    }

    /// Number of edits made.
    pub fn len(&self) -> usize {
        self.edits.len()
    }

    /// Whether no edit was made.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Rewrites the opening delimiter of block `id` with `attrs` (an object),
    /// written as WordPress writes them; the name is kept as written and a
    /// void block stays void. `{}` leaves no attribute group.
    ///
    /// # Errors
    /// [`EditError`] for freeform HTML, attributes that are not an object, or
    /// an overlap with an earlier edit.
    pub fn set_attrs(
        &mut self,
        document: &Document<'_>,
        id: NodeId,
        attrs: &Value<'_>,
    ) -> Result<(), EditError> {
        let node = node(document, id)?;
        let Some(name) = node.name else {
            let info = info(document, EditKind::SetAttrs, id, node.span.clone());
            return Err(EditError::Freeform(info));
        };
        let range = node.span.start..node.opener_end;
        let info = info(document, EditKind::SetAttrs, id, range);
        if attrs.as_object().is_none() {
            return Err(EditError::AttrsNotObject(info));
        }
        let mut opener = String::with_capacity(name.len() + 16);
        write_opener(&mut opener, name, attrs, node.void);
        check_context_in(document, &info.range, &opener).map_err(|problem| EditError::Markup {
            edit: info.clone(),
            problem,
        })?;
        self.add(info, opener, false)
    }

    /// Replaces block `id`, delimiters included, with `markup`, which must be
    /// balanced block markup (every opener closed, no stray closer).
    ///
    /// # Errors
    /// [`EditError`] for unbalanced markup or an overlap.
    pub fn replace(
        &mut self,
        document: &Document<'_>,
        id: NodeId,
        markup: &str,
    ) -> Result<(), EditError> {
        let range = node(document, id)?.span.clone();
        self.add_markup(document, EditKind::Replace, id, range, markup)
    }

    /// Replaces what lies between the delimiters of block `id` (inner blocks
    /// included) with `html`, which must be balanced block markup. A void
    /// block gets a closer; for freeform HTML this replaces its text.
    ///
    /// # Errors
    /// [`EditError`] for unbalanced markup or an overlap.
    pub fn replace_inner_html(
        &mut self,
        document: &Document<'_>,
        id: NodeId,
        html: &str,
    ) -> Result<(), EditError> {
        let node = node(document, id)?;
        let (Some(name), true) = (node.name, node.void) else {
            let end = node.closer_start.unwrap_or(node.span.end);
            let range = node.opener_end..end;
            let closed = node.name.is_some();
            let info = info(document, EditKind::ReplaceInnerHtml, id, range);
            check_markup_in(document, &info.range, html).map_err(|problem| EditError::Markup {
                edit: info.clone(),
                problem,
            })?;
            return self.add(info, html.to_owned(), closed);
        };
        let info = info(document, EditKind::ReplaceInnerHtml, id, node.span.clone());
        check_markup_in(document, &info.range, html).map_err(|problem| EditError::Markup {
            edit: info.clone(),
            problem,
        })?;
        // `<!-- wp:name {attrs} /-->` becomes `<!-- wp:name {attrs} -->html<!-- /wp:name -->`:
        // only the closing `/-->` is replaced, so the name, the attributes and the
        // whitespace after them stay the source's bytes...
        debug_assert!(document.source[node.span.clone()].ends_with(VOID_END));
        let mut markup = String::with_capacity(html.len() + 2 * name.len() + 32);
        let mut kept = node.span.len() - VOID_END.len();
        // ...but for `<!-- /wp:name /-->`, which is rewritten whole.
        if rewrites_opener(document, id) {
            markup.push_str("<!-- wp:");
            markup.push_str(name);
            markup.push(' ');
            markup.push_str(node.attrs.unwrap_or_default());
            kept = 0;
        }
        markup.push_str("-->");
        markup.push_str(html);
        markup.push_str("<!-- /wp:");
        markup.push_str(name);
        markup.push_str(" -->");
        self.add_keeping(info, markup, false, kept)
    }

    /// Deletes block `id`, delimiters included.
    ///
    /// # Errors
    /// [`EditError::Overlap`] when an earlier edit changes the same bytes.
    pub fn remove(&mut self, document: &Document<'_>, id: NodeId) -> Result<(), EditError> {
        let range = node(document, id)?.span.clone();
        let info = info(document, EditKind::Remove, id, range);
        check_context_in(document, &info.range, "").map_err(|problem| EditError::Markup {
            edit: info.clone(),
            problem,
        })?;
        self.add(info, String::new(), false)
    }

    /// Inserts `markup` (balanced block markup) just before block `id`.
    ///
    /// # Errors
    /// [`EditError`] for unbalanced markup or an overlap.
    pub fn insert_before(
        &mut self,
        document: &Document<'_>,
        id: NodeId,
        markup: &str,
    ) -> Result<(), EditError> {
        let start = node(document, id)?.span.start;
        self.add_markup(document, EditKind::InsertBefore, id, start..start, markup)
    }

    /// Inserts `markup` (balanced block markup) just after block `id`.
    ///
    /// # Errors
    /// [`EditError`] for unbalanced markup or an overlap.
    pub fn insert_after(
        &mut self,
        document: &Document<'_>,
        id: NodeId,
        markup: &str,
    ) -> Result<(), EditError> {
        let end = node(document, id)?.span.end;
        self.add_markup(document, EditKind::InsertAfter, id, end..end, markup)
    }

    /// The edited text of `source` (the text the edited document was parsed
    /// from): one copy, each edit spliced in.
    pub fn apply(&self, source: &str) -> String {
        let mut out = String::with_capacity(self.applied_len(source));
        for segment in self.segments(source) {
            out.push_str(match segment {
                Segment::Source(range) => &source[range],
                Segment::Text(text) => text,
            });
        }
        out
    }

    /// The length in bytes of [`Edits::apply`]'s result.
    pub fn applied_len(&self, source: &str) -> usize {
        let removed: usize = self
            .edits
            .values()
            .map(|entry| entry.replaced().len())
            .sum();
        let added: usize = self.edits.values().map(|entry| entry.text.len()).sum();
        source.len() - removed + added
    }

    /// The edited text as the runs that make it, in order: byte ranges of
    /// `source` kept as they are, and the new text of each edit; for
    /// bindings that build their host's string from pieces.
    pub fn segments<'e>(&'e self, source: &str) -> impl Iterator<Item = Segment<'e>> + 'e {
        let end = source.len();
        let mut copied = 0;
        let mut entries = self.edits.values();
        let mut pending: Option<&'e str> = None;
        std::iter::from_fn(move || loop {
            if let Some(text) = pending.take() {
                if !text.is_empty() {
                    return Some(Segment::Text(text));
                }
            }
            match entries.next() {
                Some(entry) => {
                    let replaced = entry.replaced();
                    let kept = copied..replaced.start;
                    copied = replaced.end;
                    pending = Some(&entry.text);
                    if !kept.is_empty() {
                        return Some(Segment::Source(kept));
                    }
                }
                None if copied < end => {
                    let kept = copied..end;
                    copied = end;
                    return Some(Segment::Source(kept));
                }
                None => return None,
            }
        })
    }

    /// Each edit in the order of the text: the edit, the bytes of the source
    /// its text replaces (its range, but for a void block given inner HTML,
    /// whose text replaces the closing `/-->` only), and that text.
    pub fn iter(&self) -> impl Iterator<Item = (&EditInfo, Range<usize>, &str)> + '_ {
        self.edits
            .values()
            .map(|entry| (&entry.info, entry.replaced(), entry.text.as_str()))
    }

    fn add_markup(
        &mut self,
        document: &Document<'_>,
        kind: EditKind,
        id: NodeId,
        range: Range<usize>,
        markup: &str,
    ) -> Result<(), EditError> {
        let info = info(document, kind, id, range);
        check_markup_in(document, &info.range, markup).map_err(|problem| EditError::Markup {
            edit: info.clone(),
            problem,
        })?;
        self.add(info, markup.to_owned(), false)
    }

    /// Adds an edit unless it overlaps one already made. The edits kept never
    /// overlap, so only the neighbours in position order need checking.
    fn add(&mut self, info: EditInfo, text: String, closed: bool) -> Result<(), EditError> {
        self.add_keeping(info, text, closed, 0)
    }

    /// [`Edits::add`] of an edit whose first `kept` bytes stay the source's.
    fn add_keeping(
        &mut self,
        info: EditInfo,
        text: String,
        closed: bool,
        kept: usize,
    ) -> Result<(), EditError> {
        let rank = match info.kind {
            EditKind::InsertAfter => 0,
            EditKind::InsertBefore => 1,
            _ => 2,
        };
        let key = (info.range.start, info.range.end, rank, self.added);
        let entry = Entry {
            info,
            text,
            closed,
            kept,
        };
        let before = self.edits.range(..key).next_back();
        let after = self.edits.range(key..).next();
        for (_, other) in before.into_iter().chain(after) {
            if overlaps(&entry, other) {
                return Err(EditError::Overlap {
                    edit: entry.info,
                    earlier: other.info.clone(),
                });
            }
        }
        self.added += 1;
        self.edits.insert(key, entry);
        Ok(())
    }
}

/// Whether [`Edits::replace_inner_html`] rewrites block `id`'s opener whole,
/// copying its attribute text: a void block written as a closer
/// (`<!-- /wp:name /-->`, void to the reference), whose `/` would make the
/// opener a closer. Other void blocks keep their opener's bytes.
pub fn rewrites_opener(document: &Document<'_>, id: NodeId) -> bool {
    let Some(node) = document.nodes.get(id) else {
        return false;
    };
    let opener = &document.source[node.span.clone()];
    // The first `wp:` of a delimiter is its name's.
    node.void && opener[..opener.find("wp:").unwrap_or(0)].ends_with('/')
}

/// Whether two edits touch the same bytes: ranges that share a byte, an
/// edit inside another's range, or one point edited twice. Insertions at
/// the same point never overlap; an insertion next to an inner block
/// overlaps a new inner HTML of its parent.
fn overlaps(a: &Entry, b: &Entry) -> bool {
    if a.is_insertion() && b.is_insertion() {
        return false;
    }
    let (x, y) = (&a.info.range, &b.info.range);
    match (x.is_empty(), y.is_empty()) {
        (false, false) => x.start < y.end && y.start < x.end,
        (true, true) => x.start == y.start,
        (true, false) => point_inside(x.start, b, a.is_insertion()),
        (false, true) => point_inside(y.start, a, b.is_insertion()),
    }
}

/// Whether an empty edit at `point` falls inside `entry`'s range.
fn point_inside(point: usize, entry: &Entry, insertion: bool) -> bool {
    let range = &entry.info.range;
    (range.start < point && point < range.end)
        || (insertion && entry.closed && (point == range.start || point == range.end))
}

fn node<'d, 'a>(
    document: &'d Document<'a>,
    id: NodeId,
) -> Result<&'d crate::tree::Node<'a>, EditError> {
    document.nodes.get(id).ok_or(EditError::NoSuchBlock(id))
}

fn info(document: &Document<'_>, kind: EditKind, id: NodeId, range: Range<usize>) -> EditInfo {
    EditInfo {
        kind,
        block: id,
        name: document
            .block(id)
            .name()
            .map(|name| name.full().into_owned()),
        range,
    }
}

/// Checks that `markup` put in place of `range` of `document`'s source
/// changes no block around it: see [`check_balanced`] and [`check_context`].
fn check_markup_in(
    document: &Document<'_>,
    range: &Range<usize>,
    markup: &str,
) -> Result<(), String> {
    check_balanced(markup)?;
    check_context_in(document, range, markup)
}

/// [`check_context`] with the source's [`hazards`] found once per document
/// (one pass over the end of the source), whatever the number of editors.
fn check_context_in(
    document: &Document<'_>,
    range: &Range<usize>,
    text: &str,
) -> Result<(), String> {
    let source = document.source;
    let found = document.edit_hazards.get_or_init(|| hazards(source));
    check_context_with(source, range, text, found)
}

/// Checks that `markup` is balanced block markup: delimiters that neither
/// close an enclosing block nor leave one open, and no `<!--` that could
/// start a delimiter with the text after it. A description of the first
/// problem otherwise.
pub fn check_balanced(markup: &str) -> Result<(), String> {
    let mut open: Vec<usize> = Vec::new();
    let mut consumed = 0;
    let mut starts = memmem::find_iter(markup.as_bytes(), COMMENT).peekable();
    for token in Tokenizer::new(markup) {
        if let Some(at) = unfinished(markup, &mut starts, consumed, token.start) {
            return Err(unfinished_problem(at));
        }
        consumed = token.end;
        match token.kind {
            TokenKind::Opener => open.push(token.start),
            TokenKind::Closer => {
                if open.pop().is_none() {
                    return Err(format!(
                        "the markup has a closing delimiter with no opener at byte {}",
                        token.start
                    ));
                }
            }
            TokenKind::Void => {}
        }
    }
    if let Some(at) = unfinished(markup, &mut starts, consumed, markup.len()) {
        return Err(unfinished_problem(at));
    }
    match open.last() {
        Some(start) => Err(format!(
            "the markup leaves the block opened at byte {start} unclosed"
        )),
        None => Ok(()),
    }
}

const COMMENT: &[u8] = b"<!--";

/// How a void delimiter ends.
const VOID_END: &str = "/-->";

fn unfinished_problem(at: usize) -> String {
    format!("the markup has an unfinished block delimiter at byte {at}")
}

/// The first `<!--` of `starts` between `from` and `to` (skipping those
/// before `from`, inside delimiters) that reads as the start of one.
fn unfinished(
    text: &str,
    starts: &mut std::iter::Peekable<impl Iterator<Item = usize>>,
    from: usize,
    to: usize,
) -> Option<usize> {
    while let Some(&at) = starts.peek() {
        if at >= to {
            return None;
        }
        starts.next();
        if at >= from && delimiter_like(&text[..to], at) {
            return Some(at);
        }
    }
    None
}

/// Whether the `<!--` at `at` begins what the tokenizer reads as the start of
/// a block delimiter (`<!--`, whitespace, an optional `/`, `wp:`), or is cut
/// off by the end of `text` before that is decided.
fn delimiter_like(text: &str, at: usize) -> bool {
    let rest = &text[at + COMMENT.len()..];
    let space = whitespace::leading_len(rest);
    if space == rest.len() {
        return true;
    }
    if space == 0 {
        return false;
    }
    let rest = &rest[space..];
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    rest.starts_with("wp:") || "wp:".starts_with(rest)
}

/// Checks that nothing around `range` of `source` reads differently once
/// `replacement` is in its place: the HTML before it holds no unfinished
/// delimiter that the new text could finish, and no `<!--` forms across
/// either edge.
pub fn check_context(source: &str, range: &Range<usize>, replacement: &str) -> Result<(), String> {
    check_context_with(source, range, replacement, &hazards(source))
}

/// [`check_context`] given the source's [`hazards`].
fn check_context_with(
    source: &str,
    range: &Range<usize>,
    replacement: &str,
    hazards: &[usize],
) -> Result<(), String> {
    let before = &source[..range.start];
    let after = &source[range.end..];
    let (left, right) = if replacement.is_empty() {
        (before, after)
    } else {
        if joins(before, replacement) {
            return Err(format!(
                "a `<!--` would form at byte {} across the start of the edit",
                range.start
            ));
        }
        (replacement, after)
    };
    if joins(left, right) {
        return Err(format!(
            "a `<!--` would form at byte {} across the end of the edit",
            range.end
        ));
    }
    if creates_attrs_end(left_of(before), replacement, after) {
        if let Some(&at) = hazards.first().filter(|&&at| at < range.start) {
            return Err(format!(
                "the HTML at byte {at} starts a block delimiter whose attributes never end, \
                 and the edit would end them"
            ));
        }
    }
    // Back through the comments before the edit, to the last delimiter.
    let finder = memmem::FinderRev::new(COMMENT);
    let mut end = range.start;
    while let Some(at) = finder.rfind(&source.as_bytes()[..end]) {
        let token = Tokenizer::new(&source[at..]).next();
        if token.is_some_and(|token| token.start == 0 && at + token.end <= range.start) {
            return Ok(());
        }
        if delimiter_like(before, at) {
            return Err(format!(
                "the HTML before the edit has an unfinished block delimiter at byte {at}, \
                 which the edit could finish"
            ));
        }
        end = at;
    }
    Ok(())
}

/// The byte before the edit when it is a `}`, which the replacement could
/// follow with ` -->`; else nothing.
fn left_of(before: &str) -> &str {
    match before.as_bytes().last() {
        Some(b'}') => &before[before.len() - 1..],
        _ => "",
    }
}

/// Whether the edited text has an end of attributes (`}`, whitespace, an
/// optional `/`, `-->`) whose `}` is the byte before the edit or in the
/// replacement.
fn creates_attrs_end(left: &str, replacement: &str, after: &str) -> bool {
    let head = &after.as_bytes()[..after.len().min(64)];
    let mut window = Vec::with_capacity(left.len() + replacement.len() + head.len());
    window.extend_from_slice(left.as_bytes());
    window.extend_from_slice(replacement.as_bytes());
    window.extend_from_slice(head);
    let seam = left.len() + replacement.len();
    let text = String::from_utf8_lossy(&window);
    memchr::memchr_iter(b'}', text.as_bytes())
        .take_while(|&at| at < seam)
        .any(|at| ends_attrs(&text[at + 1..]))
}

/// Whether `rest` (just after a `}`) is whitespace, an optional `/` and `-->`.
fn ends_attrs(rest: &str) -> bool {
    let space = whitespace::leading_len(rest);
    let rest = &rest[space..];
    space > 0 && rest.strip_prefix('/').unwrap_or(rest).starts_with("-->")
}

/// Where the source has a `<!--`, whitespace, `wp:name`, whitespace and `{`
/// that the tokenizer gave up on because no end of attributes (`}`,
/// whitespace, `/`?, `-->`) follows anywhere: any edit after one that brings
/// an end of attributes would finish it. Only possible after the source's
/// last end of attributes; in order. One pass over the end of the source.
fn hazards(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let last_end = memchr::memrchr_iter(b'}', bytes)
        .find(|&at| ends_attrs(&source[at + 1..]))
        .map_or(0, |at| at + 1);
    memchr::memchr_iter(b'{', &bytes[last_end..])
        .filter_map(|at| opens_attrs(source, last_end + at))
        .collect()
}

/// The start of `<!--`, whitespace, `/`?, `wp:`, a name and whitespace that
/// end just before the `{` at `brace`, if they do.
fn opens_attrs(source: &str, brace: usize) -> Option<usize> {
    let before = &source[..brace];
    let space = whitespace::trailing_len(before);
    if space == 0 {
        return None;
    }
    let before = &before[..before.len() - space];
    let name_len = before
        .bytes()
        .rev()
        .take_while(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'/'))
        .count();
    let before = before[..before.len() - name_len].strip_suffix("wp:")?;
    let before = before.strip_suffix('/').unwrap_or(before);
    let space = whitespace::trailing_len(before);
    let before = before[..before.len() - space].strip_suffix("<!--")?;
    (space > 0 && name_len > 0).then_some(before.len())
}

/// Whether `<!--` would appear across the seam of `left` and `right`.
fn joins(left: &str, right: &str) -> bool {
    let left = &left.as_bytes()[left.len().saturating_sub(3)..];
    let right = &right.as_bytes()[..right.len().min(3)];
    let mut seam = [0u8; 6];
    seam[..left.len()].copy_from_slice(left);
    seam[left.len()..left.len() + right.len()].copy_from_slice(right);
    let seam = &seam[..left.len() + right.len()];
    (1..=left.len()).any(|cut| {
        let start = left.len() - cut;
        seam.len() >= start + 4 && &seam[start..start + 4] == COMMENT && cut < 4
    })
}

/// Appends an opening delimiter as WordPress writes it:
/// `<!-- wp:name {attrs} -->`, `/-->` when `void`, no group for `{}`.
pub fn write_opener(out: &mut String, name: &str, attrs: &Value<'_>, void: bool) {
    out.push_str("<!-- wp:");
    out.push_str(name);
    out.push(' ');
    if attrs.as_object().is_some_and(|object| !object.is_empty()) {
        write_attributes(out, attrs);
        out.push(' ');
    }
    out.push_str(if void { "/-->" } else { "-->" });
}

/// Appends attributes as WordPress's `serializeAttributes` writes them
/// (`@wordpress/blocks` 16.1.0): `JSON.stringify`, then `\\` as `\u005c`,
/// `--` as `\u002d\u002d`, `<`, `>` and `&` as `\u003c`, `\u003e`,
/// `\u0026`, and `\"` as `\u0022`, so the text can never end the comment
/// and survives WordPress's `stripslashes`.
pub fn write_attributes(out: &mut String, attrs: &Value<'_>) {
    let mut plain = String::new();
    json::write_value(&mut plain, attrs);
    out.reserve(plain.len());
    // One pass does the replacements in WordPress's order: after `\\` pairs
    // are taken, every `\` left starts an escape, so `\"` is an escaped quote.
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\') => out.push_str("\\u005c"),
                Some('"') => out.push_str("\\u0022"),
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            '-' if chars.peek() == Some(&'-') => {
                chars.next();
                out.push_str("\\u002d\\u002d");
            }
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
}

/// A document and the edits made to it so far; see the module documentation.
#[derive(Debug)]
pub struct Editor<'d, 'a> {
    document: &'d Document<'a>,
    edits: Edits,
}

impl<'a> Document<'a> {
    /// An editor over this document, with no edits yet.
    pub fn edit(&self) -> Editor<'_, 'a> {
        Editor {
            document: self,
            edits: Edits::new(),
        }
    }
}

impl Editor<'_, '_> {
    /// See [`Edits::set_attrs`].
    ///
    /// # Errors
    /// As [`Edits::set_attrs`].
    pub fn set_attrs(&mut self, id: NodeId, attrs: &Value<'_>) -> Result<&mut Self, EditError> {
        self.edits.set_attrs(self.document, id, attrs)?;
        Ok(self)
    }

    /// See [`Edits::replace`].
    ///
    /// # Errors
    /// As [`Edits::replace`].
    pub fn replace(&mut self, id: NodeId, markup: &str) -> Result<&mut Self, EditError> {
        self.edits.replace(self.document, id, markup)?;
        Ok(self)
    }

    /// See [`Edits::replace_inner_html`].
    ///
    /// # Errors
    /// As [`Edits::replace_inner_html`].
    pub fn replace_inner_html(&mut self, id: NodeId, html: &str) -> Result<&mut Self, EditError> {
        self.edits.replace_inner_html(self.document, id, html)?;
        Ok(self)
    }

    /// See [`Edits::remove`].
    ///
    /// # Errors
    /// As [`Edits::remove`].
    pub fn remove(&mut self, id: NodeId) -> Result<&mut Self, EditError> {
        self.edits.remove(self.document, id)?;
        Ok(self)
    }

    /// See [`Edits::insert_before`].
    ///
    /// # Errors
    /// As [`Edits::insert_before`].
    pub fn insert_before(&mut self, id: NodeId, markup: &str) -> Result<&mut Self, EditError> {
        self.edits.insert_before(self.document, id, markup)?;
        Ok(self)
    }

    /// See [`Edits::insert_after`].
    ///
    /// # Errors
    /// As [`Edits::insert_after`].
    pub fn insert_after(&mut self, id: NodeId, markup: &str) -> Result<&mut Self, EditError> {
        self.edits.insert_after(self.document, id, markup)?;
        Ok(self)
    }

    /// The edits made so far.
    pub fn edits(&self) -> &Edits {
        &self.edits
    }

    /// The edited text.
    pub fn text(&self) -> String {
        self.edits.apply(self.document.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(text: &str) -> Value<'_> {
        json::parse(text).unwrap()
    }

    fn written(text: &str) -> String {
        let mut out = String::new();
        write_attributes(&mut out, &attrs(text));
        out
    }

    #[test]
    fn attributes_are_escaped_as_wordpress_escapes_them() {
        assert_eq!(
            written(r#"{"a":"x\\\"--<>&","b":"---"}"#),
            r#"{"a":"x\u005c\u0022\u002d\u002d\u003c\u003e\u0026","b":"\u002d\u002d-"}"#
        );
        assert_eq!(
            written(r#"{"a":"\\\\\""}"#),
            r#"{"a":"\u005c\u005c\u0022"}"#
        );
        assert_eq!(written(r#"{"n":[1e21,-0,0.1]}"#), r#"{"n":[1e+21,0,0.1]}"#);
    }

    #[test]
    fn every_editor_of_a_document_checks_as_the_first_did() {
        // b's opener never ends: new attributes after it would end it, so
        // setting c's is refused and setting a's is not, by every editor,
        // whichever document (of the same text) found the hazard first.
        let source = "<!-- wp:a /--><!-- wp:b {\"x\":1 --><!-- wp:c /-->";
        let document = crate::parse(source);
        let ids: Vec<_> = document.blocks().map(|block| block.id()).collect();
        let (a, c) = (ids[0], *ids.last().unwrap());
        let new_attrs = attrs(r#"{"y":2}"#);
        for _ in 0..2 {
            let mut editor = document.edit();
            assert!(editor.set_attrs(a, &new_attrs).is_ok());
            assert!(editor.set_attrs(c, &new_attrs).is_err());
            assert!(Edits::new().set_attrs(&document, c, &new_attrs).is_err());
        }
        let other = crate::parse(source);
        let mut edits = Edits::new();
        assert!(edits.set_attrs(&other, c, &new_attrs).is_err());
        assert!(edits.set_attrs(&document, a, &new_attrs).is_ok());
        assert!(edits.apply(source).starts_with(r#"<!-- wp:a {"y":2} /-->"#));
    }

    fn entry(kind: EditKind, range: Range<usize>, closed: bool) -> Entry {
        let info = EditInfo {
            kind,
            block: 0,
            name: None,
            range,
        };
        Entry {
            info,
            text: String::new(),
            closed,
            kept: 0,
        }
    }

    #[test]
    fn overlap_rules() {
        let replace = |range| entry(EditKind::Replace, range, false);
        let insert = |at| entry(EditKind::InsertBefore, at..at, false);
        let inner = |range| entry(EditKind::ReplaceInnerHtml, range, true);
        assert!(overlaps(&replace(0..5), &replace(4..6)));
        assert!(!overlaps(&replace(0..5), &replace(5..6)));
        assert!(overlaps(&insert(3), &replace(0..5)));
        assert!(!overlaps(&insert(0), &replace(0..5)));
        assert!(!overlaps(&insert(5), &replace(0..5)));
        assert!(!overlaps(&insert(2), &insert(2)));
        assert!(overlaps(&insert(2), &inner(2..6)));
        assert!(overlaps(&inner(2..6), &insert(6)));
        assert!(!overlaps(&replace(0..2), &inner(2..6)));
        assert!(overlaps(&inner(2..2), &inner(2..2)));
        assert!(overlaps(&inner(2..2), &replace(0..5)));
        assert!(!overlaps(&inner(2..2), &replace(0..2)));
    }

    #[test]
    fn balanced_markup() {
        assert!(check_balanced("<p>x</p><!-- wp:a --><!-- wp:b /--><!-- /wp:a -->").is_ok());
        assert!(check_balanced("<!-- more --><!-- wp:a {\"x\":\"<!-- wp:\"} /-->").is_ok());
        assert!(check_balanced("<!-- /wp:a -->").is_err());
        assert!(check_balanced("<!-- wp:a -->").is_err());
        assert!(check_balanced("<p><!-- wp:a {\"x\":1</p>").is_err());
        assert!(check_balanced("<p><!-- w").is_err());
        assert!(check_balanced("<p><!--").is_err());
    }

    #[test]
    fn context_that_the_edit_could_finish() {
        let source = "<p><!-- wp:x {\"a\":1</p><!-- wp:b /--><!-- more --><!-- wp:c /-->";
        let b = source.find("<!-- wp:b").unwrap();
        let c = source.find("<!-- wp:c").unwrap();
        assert!(check_context(source, &(b..b), "<!-- wp:n {\"x\":1} /-->").is_err());
        assert!(check_context(source, &(c..c), "<!-- wp:n /-->").is_ok());
        // The unfinished `{` at byte 3 reaches any later end of attributes.
        assert!(check_context(source, &(c..c), "<!-- wp:n {\"x\":1} /-->").is_err());
        assert!(check_context("a<", &(2..2), "!-- x -->").is_err());
        assert!(check_context("a<!-", &(4..4), "-").is_err());
        assert!(check_context("<!-x-->", &(3..4), "").is_err());
        assert!(check_context("<!-x-->", &(3..4), "y").is_ok());
        let hazard = "<p><!-- wp:x {\"a\":1</p><!-- wp:b --><p>b</p><!-- /wp:b -->";
        let b = hazard.find("<!-- wp:b").unwrap();
        let end = hazard.len();
        let with_attrs = "<!-- wp:n {\"x\":1} /-->";
        let error = check_context(hazard, &(end..end), with_attrs).unwrap_err();
        assert!(
            error.contains("at byte 3 starts a block delimiter"),
            "{error}"
        );
        assert!(check_context(hazard, &(end..end), "<!-- wp:n /-->").is_ok());
        // Right after it, any delimiter is refused: the grammar could reach it.
        assert!(check_context(hazard, &(b..b), "<!-- wp:n /-->").is_err());
        assert!(joins("<!", "--"));
        assert!(!joins("<!--", "x"));
        assert!(!joins("", "<!--"));
    }

    #[test]
    fn neighbours_are_enough_to_find_overlaps() {
        // Random sequences of edits: refused exactly when some pair overlaps.
        let ranges = [
            0..4,
            4..4,
            2..2,
            4..9,
            9..9,
            3..6,
            6..6,
            9..12,
            0..12,
            12..12,
        ];
        let kinds = [
            EditKind::Replace,
            EditKind::ReplaceInnerHtml,
            EditKind::InsertBefore,
            EditKind::InsertAfter,
        ];
        let mut rng = crate::test_rng::Rng(7);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..5_000 {
            let mut edits = Edits::new();
            let mut kept: Vec<Entry> = Vec::new();
            for _ in 0..6 {
                let range = ranges[next(ranges.len())].clone();
                let kind = if range.is_empty() {
                    kinds[next(4)]
                } else {
                    kinds[next(2)]
                };
                let closed = kind == EditKind::ReplaceInnerHtml && next(2) == 0;
                let new = entry(kind, range, closed);
                let expected = kept.iter().any(|other| overlaps(&new, other));
                let result = edits.add(new.info.clone(), String::new(), closed);
                assert_eq!(result.is_err(), expected, "{:?} after {kept:?}", new.info);
                if !expected {
                    kept.push(new);
                }
            }
        }
    }
}
