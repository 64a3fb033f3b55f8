//! The walk over a JSON text's containers that the event decoders share
//! ([`super::PhpEvents`], [`super::JsEvents`]): each supplies its scalars,
//! keys and events ([`Grammar`]); [`run`] finds the brackets, commas and the
//! end, without recursion.

/// What a decoder supplies to [`run`]: its cursor, and the events it pushes.
pub(super) trait Grammar {
    /// The byte at the cursor, `None` at the end.
    fn peek(&self) -> Option<u8>;
    /// Moves the cursor one byte on.
    fn advance(&mut self);
    /// Moves the cursor past JSON whitespace.
    fn skip_whitespace(&mut self);
    /// Whether the cursor is at the end of the text.
    fn at_end(&self) -> bool;
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
