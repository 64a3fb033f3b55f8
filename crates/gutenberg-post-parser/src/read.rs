//! Reading a host language's block values back to block markup: the one walk
//! every binding's `serialize` goes through.
//!
//! A binding implements [`Reader`], which tells what one host value is
//! ([`Host`]); [`serialize_host`] walks the blocks (the shape `parse`
//! returns) with an explicit stack, checks them, and writes their markup with
//! the same writer as [`crate::Document::serialize`]. A value of the wrong
//! shape stops it with an [`Invalid`] that names the block and the path to
//! the value.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;
use std::vec;

use crate::delimiter::is_block_name;
use crate::json::{Array, Object, Str, Value};
use crate::serialize::write_markup;
use crate::view::{write_attrs_markup, Cursor, Item, TreeView};

/// Reads a host language's values for [`serialize_host`].
pub trait Reader<'r> {
    /// A handle to a host value (an owned reference, or a raw handle while the
    /// host keeps values alive and in place).
    type Value;
    /// A failure of the host (an exception) while reading.
    type Error;

    /// What `value` is. Strings may borrow from the host for `'r`.
    fn read(&mut self, value: &Self::Value) -> Result<Host<'r, Self::Value>, Self::Error>;

    /// The host's name for the type of `value`, for error messages.
    fn type_name(&mut self, value: &Self::Value) -> String;
}

/// One host value, as JSON and block trees see it.
pub enum Host<'r, V> {
    /// The host's null (`None`, `nil`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, as a double.
    Number(f64),
    /// A string (a Ruby Symbol reads as its name). Only attribute strings may
    /// hold lone surrogates.
    String(Str<'r>),
    /// A list; `id` identifies it while the walk runs (to refuse cycles).
    List {
        /// Identity of the list.
        id: usize,
        /// Its items.
        items: Vec<V>,
    },
    /// A map; `id` identifies it while the walk runs.
    Map {
        /// Identity of the map.
        id: usize,
        /// Its entries, keys first.
        entries: Vec<(V, V)>,
    },
    /// Anything else.
    Other,
}

/// Which block fields must be present (`blockName` and `innerContent` always
/// must); an absent optional field reads as `{}` or `[]`.
#[derive(Clone, Copy, Debug)]
pub struct Required {
    /// Whether `attrs` must be present.
    pub attrs: bool,
    /// Whether `innerBlocks` must be present.
    pub inner_blocks: bool,
}

/// A field of a block value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `blockName`.
    BlockName,
    /// `attrs`.
    Attrs,
    /// `innerBlocks`.
    InnerBlocks,
    /// `innerContent`.
    InnerContent,
}

impl Field {
    /// The key as the reference spells it.
    pub fn key(self) -> &'static str {
        match self {
            Field::BlockName => "blockName",
            Field::Attrs => "attrs",
            Field::InnerBlocks => "innerBlocks",
            Field::InnerContent => "innerContent",
        }
    }
}

/// Why [`serialize_host`] stopped.
#[derive(Debug)]
pub enum ReadError<E> {
    /// The host failed while a value was read.
    Host(E),
    /// A value does not have the shape of a block.
    Invalid(Invalid),
}

impl<E> ReadError<E> {
    /// The host's own error, or the one `invalid` makes of a value of the
    /// wrong shape.
    pub fn into_host(self, invalid: impl FnOnce(Invalid) -> E) -> E {
        match self {
            ReadError::Host(error) => error,
            ReadError::Invalid(value) => invalid(value),
        }
    }
}

impl<E> From<Invalid> for ReadError<E> {
    fn from(invalid: Invalid) -> Self {
        ReadError::Invalid(invalid)
    }
}

/// A value of the wrong shape, and where it sits.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    /// The block's position in depth-first order (0 for the first block).
    pub block: usize,
    /// Where the value sits: `[0].innerBlocks[2]`, then `.attrs["a"][1]`
    /// inside attributes.
    pub path: String,
    /// What is wrong, with the host's type name of the value found.
    pub problem: Problem,
}

/// What is wrong with a block value; `found` is the host's type name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The block is not a map.
    NotABlock { found: String },
    /// A required field is absent.
    Missing(Field),
    /// A field has the wrong type.
    WrongType { field: Field, found: String },
    /// An `innerContent` entry is neither a string nor null.
    ContentEntry { found: String },
    /// An attribute key is not a string.
    AttrsKey { found: String },
    /// An attribute value is not null, a boolean, a number, a string, a list or a map.
    AttrsValue { found: String },
    /// `innerContent` has not one null per inner block.
    Placeholders { nulls: usize, blocks: usize },
    /// A block contains itself.
    BlockCycle,
    /// An attribute list or map contains itself.
    AttrsCycle,
    /// The name cannot be written in a delimiter that reads back as that name.
    InvalidName(String),
    /// A name or an `innerContent` entry holds a lone surrogate, which block
    /// markup (UTF-8) cannot hold; only attribute strings may.
    LoneSurrogate(Field),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "block {} ({}): {}", self.block, self.path, self.problem)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotABlock { found } => write!(f, "expected a map, not {found}"),
            Problem::Missing(field) => write!(f, "missing key {:?}", field.key()),
            Problem::WrongType { field, found } => {
                write!(f, "{} has the wrong type: {found}", field.key())
            }
            Problem::ContentEntry { found } => {
                write!(
                    f,
                    "innerContent entries must be strings or null, not {found}"
                )
            }
            Problem::AttrsKey { found } => write!(f, "attrs keys must be strings, not {found}"),
            Problem::AttrsValue { found } => write!(f, "attrs cannot hold {found}"),
            Problem::Placeholders { nulls, blocks } => write!(
                f,
                "innerContent has {nulls} null entries for {blocks} innerBlocks"
            ),
            Problem::BlockCycle => f.write_str("a block contains itself"),
            Problem::AttrsCycle => f.write_str("attrs contain a list or map inside itself"),
            Problem::InvalidName(name) => write!(
                f,
                "invalid blockName {name:?}: expected [namespace/]name, each part a lowercase \
                 letter followed by lowercase letters, digits, - or _"
            ),
            Problem::LoneSurrogate(field) => {
                write!(f, "{} cannot hold a lone surrogate", field.key())
            }
        }
    }
}

impl std::error::Error for Invalid {}

/// Block markup for `roots`, blocks in the shape `parse` returns, read through
/// `reader`; written as [`crate::serialize_blocks`] writes decoded blocks.
///
/// # Errors
/// [`ReadError::Invalid`] for the first value of the wrong shape (in
/// depth-first order), [`ReadError::Host`] when the host fails.
pub fn serialize_host<'r, R: Reader<'r>>(
    reader: &mut R,
    roots: Vec<R::Value>,
    required: Required,
) -> Result<String, ReadError<R::Error>> {
    let mut view = HostView {
        reader,
        required,
        read: 0,
        open: HashSet::new(),
        trail: Vec::new(),
        _strings: PhantomData,
    };
    let mut out = String::new();
    let roots = roots
        .into_iter()
        .enumerate()
        .map(|(at, root)| (Step::Root(at), root));
    write_markup(&mut view, roots, &mut out)?;
    Ok(out)
}

/// Reads a host map of attributes as [`serialize_host`] reads a block's
/// `attrs` (keys ordered and deduplicated as `JSON.parse` orders them), for
/// edits that set attributes. Paths in errors start at `.attrs`.
///
/// # Errors
/// [`ReadError::Invalid`] for a value that is not a map or holds what JSON
/// cannot, [`ReadError::Host`] when the host fails.
pub fn read_attrs<'r, R: Reader<'r>>(
    reader: &mut R,
    attrs: &R::Value,
) -> Result<Value<'r>, ReadError<R::Error>> {
    let mut view = HostView {
        reader,
        required: Required {
            attrs: true,
            inner_blocks: true,
        },
        read: 0,
        open: HashSet::new(),
        trail: Vec::new(),
        _strings: PhantomData,
    };
    match view.read(attrs)? {
        map @ Host::Map { .. } => view.read_attrs(0, &[Step::Attrs], map),
        _ => {
            let found = view.reader.type_name(attrs);
            let problem = Problem::WrongType {
                field: Field::Attrs,
                found,
            };
            Err(view.invalid(0, &[Step::Attrs], problem))
        }
    }
}

/// Where a value sits in its parent.
#[derive(Clone, Debug)]
enum Step {
    Root(usize),
    InnerBlock(usize),
    Attrs,
    Item(usize),
    Key(String),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Root(at) => write!(f, "[{at}]"),
            Step::InnerBlock(at) => write!(f, ".innerBlocks[{at}]"),
            Step::Attrs => f.write_str(".attrs"),
            Step::Item(at) => write!(f, "[{at}]"),
            Step::Key(key) => write!(f, "[{key:?}]"),
        }
    }
}

/// The markup writer's view of host values.
struct HostView<'x, 'r, R: Reader<'r>> {
    reader: &'x mut R,
    required: Required,
    /// Blocks read so far.
    read: usize,
    /// Identities of the blocks from the root to the one being read.
    open: HashSet<usize>,
    /// Where each of those blocks sits.
    trail: Vec<Step>,
    _strings: PhantomData<Cow<'r, str>>,
}

/// One block value, read.
struct HostBlock<'r, V> {
    id: usize,
    name: Option<Cow<'r, str>>,
    attrs: Value<'r>,
    /// `innerContent`; each run is taken when written.
    content: Vec<Option<Cow<'r, str>>>,
    /// `innerBlocks`, each read when its `null` in `innerContent` is reached.
    children: vec::IntoIter<V>,
}

// (A type alias keeps the impl headers short.)
type Node<'r, R> = HostBlock<'r, <R as Reader<'r>>::Value>;

impl<'r, R: Reader<'r>> HostView<'_, 'r, R> {
    /// The path to a value at `step` inside the block being read.
    fn path(&self, steps: &[Step]) -> String {
        self.trail
            .iter()
            .chain(steps)
            .map(Step::to_string)
            .collect()
    }

    fn invalid(&self, block: usize, steps: &[Step], problem: Problem) -> ReadError<R::Error> {
        ReadError::Invalid(Invalid {
            block,
            path: self.path(steps),
            problem,
        })
    }

    fn read(&mut self, value: &R::Value) -> Result<Host<'r, R::Value>, ReadError<R::Error>> {
        self.reader.read(value).map_err(ReadError::Host)
    }

    /// Reads the block `value`, which sits at `step`, and marks it open.
    fn read_block(
        &mut self,
        value: R::Value,
        step: Step,
    ) -> Result<Node<'r, R>, ReadError<R::Error>> {
        let index = self.read;
        self.read += 1;
        let here = [step];
        let Host::Map { id, entries } = self.read(&value)? else {
            let found = self.reader.type_name(&value);
            return Err(self.invalid(index, &here, Problem::NotABlock { found }));
        };
        if self.open.contains(&id) {
            return Err(self.invalid(index, &here, Problem::BlockCycle));
        }
        let mut fields: [Option<R::Value>; 4] = [None, None, None, None];
        for (key, item) in entries {
            if let Host::String(key) = self.read(&key)? {
                let slot = [
                    Field::BlockName,
                    Field::Attrs,
                    Field::InnerBlocks,
                    Field::InnerContent,
                ]
                .iter()
                .position(|field| key == field.key());
                if let Some(slot) = slot {
                    fields[slot] = Some(item);
                }
            }
        }
        let [name, attrs, inner_blocks, inner_content] = fields;
        let missing = |view: &Self, field| view.invalid(index, &here, Problem::Missing(field));
        let wrong = |view: &mut Self, field, value: &R::Value| {
            let found = view.reader.type_name(value);
            view.invalid(index, &here, Problem::WrongType { field, found })
        };

        let name = name.ok_or_else(|| missing(self, Field::BlockName))?;
        let name = match self.read(&name)? {
            Host::Null => None,
            Host::String(text) => match text.into_text() {
                Ok(text) if is_written_name(&text) => Some(text),
                Ok(text) => {
                    let problem = Problem::InvalidName(text.into_owned());
                    return Err(self.invalid(index, &here, problem));
                }
                Err(_) => {
                    let problem = Problem::LoneSurrogate(Field::BlockName);
                    return Err(self.invalid(index, &here, problem));
                }
            },
            _ => return Err(wrong(self, Field::BlockName, &name)),
        };

        let attrs = match attrs {
            None if self.required.attrs => return Err(missing(self, Field::Attrs)),
            None => Value::Object(Object::new()),
            Some(attrs) => match self.read(&attrs)? {
                Host::Null => Value::Null,
                map @ Host::Map { .. } => {
                    let steps = [here[0].clone(), Step::Attrs];
                    self.read_attrs(index, &steps, map)?
                }
                _ => return Err(wrong(self, Field::Attrs, &attrs)),
            },
        };

        let inner_content = inner_content.ok_or_else(|| missing(self, Field::InnerContent))?;
        let Host::List { items: entries, .. } = self.read(&inner_content)? else {
            return Err(wrong(self, Field::InnerContent, &inner_content));
        };
        let mut content = Vec::with_capacity(entries.len());
        for entry in &entries {
            content.push(match self.read(entry)? {
                Host::Null => None,
                Host::String(html) => match html.into_text() {
                    Ok(html) => Some(html),
                    Err(_) => {
                        let problem = Problem::LoneSurrogate(Field::InnerContent);
                        return Err(self.invalid(index, &here, problem));
                    }
                },
                _ => {
                    let found = self.reader.type_name(entry);
                    return Err(self.invalid(index, &here, Problem::ContentEntry { found }));
                }
            });
        }

        let children = match inner_blocks {
            None if self.required.inner_blocks => return Err(missing(self, Field::InnerBlocks)),
            None => Vec::new(),
            Some(list) => match self.read(&list)? {
                Host::List { items, .. } => items,
                _ => return Err(wrong(self, Field::InnerBlocks, &list)),
            },
        };
        let nulls = content.iter().filter(|entry| entry.is_none()).count();
        if nulls != children.len() {
            let blocks = children.len();
            return Err(self.invalid(index, &here, Problem::Placeholders { nulls, blocks }));
        }

        let [step] = here;
        self.open.insert(id);
        self.trail.push(step);
        Ok(HostBlock {
            id,
            name,
            attrs,
            content,
            children: children.into_iter(),
        })
    }

    /// Converts an attributes map, depth-first with an explicit stack; keys
    /// are ordered and deduplicated as `JSON.parse` would.
    fn read_attrs(
        &mut self,
        block: usize,
        steps: &[Step],
        map: Host<'r, R::Value>,
    ) -> Result<Value<'r>, ReadError<R::Error>> {
        let mut path: Vec<Step> = steps.to_vec();
        let mut ids: HashSet<usize> = HashSet::new();
        let mut stack: Vec<AttrsFrame<'r, R::Value>> = Vec::new();
        let mut next = Some(map);
        loop {
            if let Some(host) = next.take() {
                let frame = match host {
                    Host::Map { id, entries } => AttrsFrame::object(id, entries),
                    Host::List { id, items } => AttrsFrame::array(id, items),
                    _ => unreachable!("only containers are opened"),
                };
                if !ids.insert(frame.id) {
                    return Err(self.invalid(block, &path, Problem::AttrsCycle));
                }
                stack.push(frame);
            }
            let Some(top) = stack.last_mut() else {
                unreachable!("the walk ends when the outer map closes")
            };
            let Some((step, key, item)) = top.next() else {
                let done = stack.pop().expect("a frame is open");
                ids.remove(&done.id);
                let value = done.finish();
                match stack.last_mut() {
                    Some(parent) => parent.accept(value),
                    None => return Ok(value),
                }
                path.pop();
                continue;
            };
            let key = match key {
                None => None,
                Some(key) => match self.read(&key)? {
                    Host::String(key) => Some(key),
                    _ => {
                        let found = self.reader.type_name(&key);
                        return Err(self.invalid(block, &path, Problem::AttrsKey { found }));
                    }
                },
            };
            let step = match (&key, step) {
                (Some(key), _) => Step::Key(key.to_str_lossy().into_owned()),
                (None, at) => Step::Item(at),
            };
            let top = stack.last_mut().expect("a frame is open");
            top.key = key;
            let scalar = match self.read(&item)? {
                Host::Null => Value::Null,
                Host::Bool(flag) => Value::Bool(flag),
                Host::Number(number) => Value::Number(number),
                Host::String(text) => Value::String(text),
                container @ (Host::List { .. } | Host::Map { .. }) => {
                    path.push(step);
                    next = Some(container);
                    continue;
                }
                Host::Other => {
                    path.push(step);
                    let found = self.reader.type_name(&item);
                    return Err(self.invalid(block, &path, Problem::AttrsValue { found }));
                }
            };
            stack.last_mut().expect("a frame is open").accept(scalar);
        }
    }
}

/// An attribute list or map being converted.
struct AttrsFrame<'r, V> {
    id: usize,
    /// The entries left (keys `None` for a list).
    rest: vec::IntoIter<(Option<V>, V)>,
    /// Position of the next entry.
    at: usize,
    /// The key of the entry being converted.
    key: Option<Str<'r>>,
    items: Vec<Value<'r>>,
    entries: Vec<(Str<'r>, Value<'r>)>,
    is_map: bool,
}

impl<'r, V> AttrsFrame<'r, V> {
    fn array(id: usize, items: Vec<V>) -> Self {
        let rest: Vec<_> = items.into_iter().map(|item| (None, item)).collect();
        Self::new(id, rest, false)
    }

    fn object(id: usize, entries: Vec<(V, V)>) -> Self {
        let rest: Vec<_> = entries.into_iter().map(|(k, v)| (Some(k), v)).collect();
        Self::new(id, rest, true)
    }

    fn new(id: usize, rest: Vec<(Option<V>, V)>, is_map: bool) -> Self {
        AttrsFrame {
            id,
            items: Vec::new(),
            entries: Vec::with_capacity(if is_map { rest.len() } else { 0 }),
            rest: rest.into_iter(),
            at: 0,
            key: None,
            is_map,
        }
    }

    /// The next entry: its position, key and value.
    fn next(&mut self) -> Option<(usize, Option<V>, V)> {
        let (key, value) = self.rest.next()?;
        self.at += 1;
        Some((self.at - 1, key, value))
    }

    /// Stores the converted value of the entry last handed out.
    fn accept(&mut self, value: Value<'r>) {
        match self.key.take() {
            Some(key) => self.entries.push((key, value)),
            None => self.items.push(value),
        }
    }

    fn finish(self) -> Value<'r> {
        if self.is_map {
            Value::Object(self.entries.into_iter().collect())
        } else {
            Value::Array(Array::from_vec(self.items))
        }
    }
}

/// Whether `name` (full, or with the `core/` namespace left out) can be written
/// in a delimiter that reads back as that name.
fn is_written_name(name: &str) -> bool {
    is_block_name(name.strip_prefix("core/").unwrap_or(name))
}

impl<'t, 'r: 't, R: Reader<'r>> TreeView<'t> for HostView<'_, 'r, R> {
    type Root = (Step, R::Value);
    type Node = Node<'r, R>;
    type Error = ReadError<R::Error>;

    fn open(&mut self, (step, root): (Step, R::Value)) -> Result<Self::Node, Self::Error> {
        self.read_block(root, step)
    }

    fn name(&self, node: &Self::Node) -> Option<Cow<'t, str>> {
        node.name.clone()
    }

    fn write_attrs_json<O: crate::json::Out + ?Sized>(&self, node: &Self::Node, out: &mut O) {
        crate::json::write_value(out, &node.attrs);
    }

    fn write_attrs_markup(&self, node: &Self::Node, out: &mut String) {
        write_attrs_markup(&node.attrs, out);
    }

    fn has_content(&self, node: &Self::Node) -> bool {
        !node.content.is_empty()
    }

    fn next_item(
        &mut self,
        node: &mut Self::Node,
        cursor: &mut Cursor,
    ) -> Result<Option<Item<'t, Self::Node>>, Self::Error> {
        let Some(entry) = node.content.get_mut(cursor.next_entry()) else {
            return Ok(None);
        };
        match entry.take() {
            Some(html) => Ok(Some(Item::Html(html))),
            None => {
                let at = cursor.next_child();
                let child = node
                    .children
                    .next()
                    .expect("one inner block per null, checked");
                self.read_block(child, Step::InnerBlock(at))
                    .map(|child| Some(Item::Block(child)))
            }
        }
    }

    fn close(&mut self, node: &Self::Node) {
        self.open.remove(&node.id);
        self.trail.pop();
    }
}
