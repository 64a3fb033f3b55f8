//! The walk over a JSON text's containers that the event decoders share
//! ([`super::PhpEvents`], [`super::JsEvents`]): each supplies its scalars,
//! keys and events ([`Grammar`]); [`run`] finds the brackets, commas and the
//! end, without recursion.

/// What a decoder supplies to [`run`]: its cursor, and the events it pushes.
pub(super) trait Grammar {
    /// The text, and the cursor: where in it the decoder is.
    fn cursor(&self) -> (&str, usize);
    /// The cursor, to move it.
    fn cursor_mut(&mut self) -> &mut usize;
    /// The byte at the cursor, `None` at the end.
    fn peek(&self) -> Option<u8> {
        let (text, at) = self.cursor();
        text.as_bytes().get(at).copied()
    }
    /// Moves the cursor one byte on.
    fn advance(&mut self) {
        *self.cursor_mut() += 1;
    }
    /// Moves the cursor past JSON whitespace: space, tab, LF, CR.
    fn skip_whitespace(&mut self) {
        let (text, mut at) = self.cursor();
        while matches!(text.as_bytes().get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            at += 1;
        }
        *self.cursor_mut() = at;
    }
    /// Whether the cursor is at the end of the text.
    fn at_end(&self) -> bool {
        let (text, at) = self.cursor();
        at == text.len()
    }
    /// Before a container `depth` levels deep (empty ones count): `None` to
    /// refuse it.
    fn enter(&mut self, depth: usize) -> Option<()> {
        let _ = depth;
        Some(())
    }
    /// Opens an object that has members, before its first key.
    fn open_object(&mut self) {}
    /// Reads `"key":` at the cursor and pushes its event.
    fn key(&mut self) -> Option<()>;
    /// Reads a string, number, `true`, `false` or `null` at the cursor,
    /// whose first byte is `first`, and pushes its event.
    fn scalar(&mut self, first: u8) -> Option<()>;
    /// Pushes the event that closes an object (`object`) or an array of
    /// `len` members (an object with members had [`Grammar::open_object`]).
    fn close(&mut self, object: bool, len: usize) -> Option<()>;
}

/// Reads one JSON value, followed by nothing but whitespace, pushing its
/// events through `grammar`; `None` where the text is not JSON or the
/// grammar refuses it. `open` is working memory: the open containers,
/// whether each is an object, and how many members it has so far.
#[inline(always)]
pub(super) fn run<G: Grammar>(grammar: &mut G, open: &mut Vec<(bool, usize)>) -> Option<()> {
    open.clear();
    'value: loop {
        grammar.skip_whitespace();
        match grammar.peek()? {
            bracket @ (b'[' | b'{') => {
                grammar.enter(open.len())?;
                grammar.advance();
                grammar.skip_whitespace();
                let object = bracket == b'{';
                if grammar.peek() == Some(if object { b'}' } else { b']' }) {
                    grammar.advance();
                    grammar.close(object, 0)?;
                } else {
                    open.push((object, 0));
                    if object {
                        grammar.open_object();
                        grammar.key()?;
                    }
                    continue 'value;
                }
            }
            first => grammar.scalar(first)?,
        }
        // The value is done: count it in its container, and close the
        // containers that end.
        loop {
            grammar.skip_whitespace();
            let Some((object, len)) = open.last_mut() else {
                return grammar.at_end().then_some(());
            };
            *len += 1;
            let object = *object;
            match grammar.peek()? {
                b',' => {
                    grammar.advance();
                    if object {
                        grammar.skip_whitespace();
                        grammar.key()?;
                    }
                    continue 'value;
                }
                b']' if !object => {}
                b'}' if object => {}
                _ => return None,
            }
            grammar.advance();
            let (_, len) = open.pop()?;
            grammar.close(object, len)?;
        }
    }
}

/// The allocation of `events`, emptied, for the events of texts of another
/// lifetime (the element types differ only in lifetime, so collecting reuses
/// it): what lets a host keep an event decoder between calls.
pub(super) fn recycled<A, B>(mut events: Vec<A>) -> Vec<B> {
    events.clear();
    events
        .into_iter()
        .map(|_| unreachable!("emptied"))
        .collect()
}
