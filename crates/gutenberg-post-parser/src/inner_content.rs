//! [`InnerContent`]: a block's `innerContent`, without an allocation for the
//! single HTML run that most blocks have.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::slice;

/// One entry of `innerContent`: an HTML run, or `None` where an inner block
/// sits.
type Entry<'a> = Option<Cow<'a, str>>;

/// A block's `innerContent`: HTML runs, with `None` where each inner block
/// sits. Reads and writes as a slice of `Option<Cow<str>>`; a single entry
/// (every leaf block and freeform run) is held inline, so building a tree
/// allocates nothing for it.
#[derive(Clone)]
pub struct InnerContent<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    One(Entry<'a>),
    Many(Vec<Entry<'a>>),
}

impl<'a> InnerContent<'a> {
    /// No entries: a block with neither HTML nor inner blocks.
    pub const fn new() -> Self {
        InnerContent(Repr::Many(Vec::new()))
    }

    /// A single entry.
    pub const fn one(entry: Entry<'a>) -> Self {
        InnerContent(Repr::One(entry))
    }

    /// The entries as a vector.
    pub fn into_vec(self) -> Vec<Entry<'a>> {
        match self.0 {
            Repr::One(entry) => vec![entry],
            Repr::Many(entries) => entries,
        }
    }

    /// Appends an entry.
    pub fn push(&mut self, entry: Entry<'a>) {
        match &mut self.0 {
            Repr::Many(entries) if !entries.is_empty() => entries.push(entry),
            Repr::Many(_) => self.0 = Repr::One(entry),
            Repr::One(first) => {
                let first = first.take();
                self.0 = Repr::Many(vec![first, entry]);
            }
        }
    }
}

impl Default for InnerContent<'_> {
    fn default() -> Self {
        InnerContent::new()
    }
}

impl<'a> Deref for InnerContent<'a> {
    type Target = [Entry<'a>];

    fn deref(&self) -> &Self::Target {
        match &self.0 {
            Repr::One(entry) => slice::from_ref(entry),
            Repr::Many(entries) => entries,
        }
    }
}

impl DerefMut for InnerContent<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match &mut self.0 {
            Repr::One(entry) => slice::from_mut(entry),
            Repr::Many(entries) => entries,
        }
    }
}

/// Equal when the entries are, however each is held.
impl PartialEq for InnerContent<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for InnerContent<'_> {}

impl fmt::Debug for InnerContent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> From<Vec<Entry<'a>>> for InnerContent<'a> {
    fn from(entries: Vec<Entry<'a>>) -> Self {
        InnerContent(Repr::Many(entries))
    }
}

impl<'a> FromIterator<Entry<'a>> for InnerContent<'a> {
    fn from_iter<I: IntoIterator<Item = Entry<'a>>>(entries: I) -> Self {
        let mut entries = entries.into_iter();
        match (entries.next(), entries.next()) {
            (None, _) => InnerContent::new(),
            (Some(entry), None) => InnerContent::one(entry),
            (Some(first), Some(second)) => {
                let mut all = Vec::with_capacity(2 + entries.size_hint().0);
                all.extend([first, second]);
                all.extend(entries);
                InnerContent::from(all)
            }
        }
    }
}

impl<'c, 'a> IntoIterator for &'c InnerContent<'a> {
    type Item = &'c Entry<'a>;
    type IntoIter = slice::Iter<'c, Entry<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'c, 'a> IntoIterator for &'c mut InnerContent<'a> {
    type Item = &'c mut Entry<'a>;
    type IntoIter = slice::IterMut<'c, Entry<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<'a> IntoIterator for InnerContent<'a> {
    type Item = Entry<'a>;
    type IntoIter = std::vec::IntoIter<Entry<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Entry<'_> {
        Some(Cow::Borrowed(text))
    }

    #[test]
    fn reads_as_a_slice_of_any_length() {
        let mut content = InnerContent::new();
        assert!(content.is_empty());
        content.push(run("a"));
        assert_eq!(&*content, &[run("a")]);
        content.push(None);
        content.push(run("b"));
        assert_eq!(&*content, &[run("a"), None, run("b")]);
        assert_eq!(content.clone().into_vec(), vec![run("a"), None, run("b")]);
        assert_eq!(format!("{content:?}"), r#"[Some("a"), None, Some("b")]"#);
        content[1] = run("c");
        assert_eq!(content.iter().flatten().count(), 3);
    }

    #[test]
    fn collects_to_the_same_entries() {
        for len in 0..4 {
            let entries: Vec<Entry> = (0..len)
                .map(|i| (i % 2 == 0).then_some("x".into()))
                .collect();
            let content: InnerContent = entries.iter().cloned().collect();
            assert_eq!(&*content, &entries[..]);
            assert_eq!(
                content,
                InnerContent::from(entries.clone())
                    .iter()
                    .cloned()
                    .collect()
            );
        }
    }
}
