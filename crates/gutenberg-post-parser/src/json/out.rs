//! Where JSON text goes: a `String`, a `String` whose growth may fail, or a
//! stream written in chunks.

use std::io;

/// A destination for JSON text.
pub trait Out {
    /// Appends `text`.
    fn push_str(&mut self, text: &str);

    /// Appends one ASCII character.
    fn push_ascii(&mut self, byte: u8) {
        debug_assert!(byte.is_ascii());
        let bytes = [byte];
        // SAFETY: one ASCII byte is UTF-8.
        self.push_str(unsafe { std::str::from_utf8_unchecked(&bytes) });
    }
}

impl Out for String {
    #[inline]
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }

    #[inline]
    fn push_ascii(&mut self, byte: u8) {
        self.push(char::from(byte));
    }
}

/// An allocation that failed: the result did not fit in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfMemory {
    /// How many bytes the result needed when the allocation failed.
    pub bytes: usize,
}

impl std::fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "out of memory: could not allocate {} bytes for the result",
            self.bytes
        )
    }
}

impl std::error::Error for OutOfMemory {}

/// A `String` whose growth may fail: the first failed allocation stops the
/// writing, and [`TryString::finish`] reports it (instead of aborting the
/// process, as a plain `String` does).
#[derive(Debug, Default)]
pub struct TryString {
    text: String,
    failed: Option<usize>,
}

impl TryString {
    /// An empty string with room for `capacity` bytes, if that much memory
    /// can be had (else with none).
    pub fn with_capacity(capacity: usize) -> Self {
        let mut text = String::new();
        // A smaller reservation is still a good start; growth retries.
        let _ = text.try_reserve_exact(capacity);
        TryString { text, failed: None }
    }

    /// The text, or the failed allocation.
    ///
    /// # Errors
    /// [`OutOfMemory`] when the text could not grow.
    pub fn finish(self) -> Result<String, OutOfMemory> {
        match self.failed {
            None => Ok(self.text),
            Some(bytes) => Err(OutOfMemory { bytes }),
        }
    }
}

impl Out for TryString {
    #[inline]
    fn push_str(&mut self, text: &str) {
        if self.failed.is_some() {
            return;
        }
        if self.text.capacity() - self.text.len() < text.len()
            && self.text.try_reserve(text.len()).is_err()
        {
            self.failed = Some(self.text.len() + text.len());
            return;
        }
        self.text.push_str(text);
    }
}

/// Size of the chunks [`WriteOut`] writes.
const CHUNK: usize = 64 * 1024;

/// A stream (`io::Write`) fed in chunks of 64 KiB: memory stays small
/// whatever the size of the text. The first write error stops the writing,
/// and [`WriteOut::finish`] reports it.
pub struct WriteOut<W: io::Write> {
    inner: W,
    buffer: String,
    error: Option<io::Error>,
}

impl<W: io::Write> WriteOut<W> {
    /// Text will go to `inner`.
    pub fn new(inner: W) -> Self {
        WriteOut {
            inner,
            buffer: String::with_capacity(CHUNK),
            error: None,
        }
    }

    fn flush_buffer(&mut self) {
        if self.error.is_none() {
            if let Err(error) = self.inner.write_all(self.buffer.as_bytes()) {
                self.error = Some(error);
            }
        }
        self.buffer.clear();
    }

    /// Writes what is left and gives the stream back.
    ///
    /// # Errors
    /// The first error the stream returned.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_buffer();
        match self.error.take() {
            None => Ok(self.inner),
            Some(error) => Err(error),
        }
    }
}

impl<W: io::Write> Out for WriteOut<W> {
    #[inline]
    fn push_str(&mut self, text: &str) {
        if self.buffer.len() + text.len() > CHUNK {
            self.flush_buffer();
            if text.len() > CHUNK {
                if self.error.is_none() {
                    if let Err(error) = self.inner.write_all(text.as_bytes()) {
                        self.error = Some(error);
                    }
                }
                return;
            }
        }
        self.buffer.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_gets_every_byte_in_order() {
        let mut out = WriteOut::new(Vec::new());
        let big = "x".repeat(CHUNK + 10);
        for piece in ["a", &big, "b", &"y".repeat(CHUNK - 1), "c"] {
            out.push_str(piece);
        }
        let written = out.finish().unwrap();
        let expected = format!("a{big}b{}c", "y".repeat(CHUNK - 1));
        assert_eq!(written, expected.as_bytes());
    }

    #[test]
    fn a_failed_stream_is_reported() {
        struct Broken;
        impl io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("closed"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = WriteOut::new(Broken);
        out.push_str("text");
        assert!(out.finish().is_err());
    }
}
