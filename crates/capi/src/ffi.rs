//! The exported functions. Each one checks its pointers, catches panics and
//! reports failure with a status code.

use std::ffi::CString;
use std::os::raw::c_char;
use std::ptr;

use gutenberg_post_parser::json::OutOfMemory;
use gutenberg_post_parser::limits::{Limits, Sharing};
use gutenberg_post_parser::{parse_bytes, php, Document};

use crate::outcome::{guard, Failure, Message};
use crate::records::{flatten, Records};
use crate::types::{
    gpp_document, gpp_error, gpp_status, GPP_MAX_INPUT_LEN, GPP_PARSE_DECODE_ATTRS, GPP_PARSE_PHP,
};

/// The allocation behind a `gpp_document`: the view C reads comes first, so a
/// pointer to the view is a pointer to the whole.
#[repr(C)]
struct OwnedDocument {
    view: gpp_document,
    records: Records,
}

/// Null when `items` is empty, its first element otherwise.
fn pointer_or_null<T>(items: &[T]) -> *const T {
    if items.is_empty() {
        ptr::null()
    } else {
        items.as_ptr()
    }
}

/// The caller's input.
///
/// # Safety
/// `input` is NULL or points to `input_len` readable bytes.
unsafe fn input_bytes<'a>(input: *const c_char, input_len: usize) -> Result<&'a [u8], Failure> {
    Ok(if input_len == 0 {
        &[]
    } else if input.is_null() {
        return Err(Failure::NullPointer);
    } else if input_len > GPP_MAX_INPUT_LEN {
        return Err(Failure::InputTooLarge);
    } else {
        std::slice::from_raw_parts(input.cast(), input_len)
    })
}

/// Parses the caller's UTF-8 input.
fn parse_utf8(bytes: &[u8]) -> Result<Document<'_>, Failure> {
    parse_bytes(bytes).map_err(Failure::InvalidUtf8)
}

/// Parses `input_len` bytes of UTF-8 at `input` into flat node records.
///
/// On success, `*out_document` receives a document that the caller must free
/// with `gpp_document_free`. Its spans are offsets into `input`: the records do
/// not point into the input, but reading the strings they describe needs the
/// input, so keep it alive (and unchanged) as long as you use them. On failure,
/// `*out_document` is set to NULL and `*error` (when `error` is not NULL) says why.
///
/// `options` is 0, `GPP_PARSE_DECODE_ATTRS` or `GPP_PARSE_PHP` (then `input`
/// need not be UTF-8). `max_output_bytes` bounds the
/// text of the reference's tree built from the records with every HTML run a
/// span of `input` (as the Go package builds it): joined `innerHTML`s, names
/// and attribute text. A document may always produce 16 times its own size;
/// pass `GPP_DEFAULT_MAX_OUTPUT_BYTES`, or 0 for no limit. Over the limit, the
/// call fails with `GPP_ERROR_EXPANSION_LIMIT` before making any record.
/// `input` may be NULL when `input_len` is 0. Thread-safe: any number of
/// threads may parse at once.
///
/// # Safety
/// `input` points to `input_len` readable bytes; `out_document` and `error` are
/// NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_parse(
    input: *const c_char,
    input_len: usize,
    options: u32,
    max_output_bytes: u64,
    out_document: *mut *const gpp_document,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if out_document.is_null() {
            return Err(Failure::NullPointer);
        }
        out_document.write(ptr::null());
        if options & !(GPP_PARSE_DECODE_ATTRS | GPP_PARSE_PHP) != 0
            || options == GPP_PARSE_DECODE_ATTRS | GPP_PARSE_PHP
        {
            return Err(Failure::InvalidArgument);
        }
        let bytes = input_bytes(input, input_len)?;
        let flatten_checked = |document: &Document<'_>| -> Result<Records, Failure> {
            limits(max_output_bytes)
                .check_document(document, SPANS)
                .map_err(Failure::ExpansionLimit)?;
            Ok(flatten(document, options & GPP_PARSE_DECODE_ATTRS != 0))
        };
        let records = if options & GPP_PARSE_PHP != 0 {
            let source = php::Source::new(bytes);
            flatten_checked(&source.parse())?
        } else {
            flatten_checked(&parse_utf8(bytes)?)?
        };
        let mut owned = Box::new(OwnedDocument {
            view: gpp_document {
                nodes: pointer_or_null(&records.nodes),
                node_count: records.nodes.len(),
                root_count: records.root_count,
                contents: pointer_or_null(&records.contents),
                content_count: records.contents.len(),
                values: pointer_or_null(&records.values.records),
                value_count: records.values.records.len(),
                text: pointer_or_null(&records.values.text).cast(),
                text_len: records.values.text.len(),
            },
            records: Records::default(),
        });
        // Moving the vectors moves no element: the pointers above stay valid.
        owned.records = records;
        out_document.write(Box::into_raw(owned).cast::<gpp_document>().cast_const());
        Ok(())
    })
}

/// What a tree built from the records shares: every HTML run is a span of the
/// input.
const SPANS: Sharing = Sharing {
    all_runs: true,
    ..Sharing::TREE
};

/// The limits for a `max_output_bytes` argument (0: none).
fn limits(max_output_bytes: u64) -> Limits {
    Limits {
        max_output_bytes: Some(max_output_bytes),
    }
}

/// Frees a document returned by `gpp_parse`. NULL is ignored. Every pointer
/// into the document is invalid afterwards.
///
/// # Safety
/// `document` is NULL or came from `gpp_parse` and was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn gpp_document_free(document: *const gpp_document) {
    if document.is_null() {
        return;
    }
    // Dropping plain vectors cannot panic; the guard keeps that promise checked.
    guard(ptr::null_mut(), || {
        drop(Box::from_raw(document.cast_mut().cast::<OwnedDocument>()));
        Ok(())
    });
}

/// Parses `input_len` bytes of UTF-8 at `input` and writes the reference
/// parser's `JSON.stringify(parse(input))`, byte for byte.
///
/// On success, `*out_json` receives a NUL-terminated UTF-8 string (JSON never
/// contains a NUL byte) that the caller must free with `gpp_json_free`, and
/// `*out_len` (when `out_len` is not NULL) its length without the NUL. On
/// failure, `*out_json` is NULL, `*out_len` is 0, and `*error` says why.
///
/// `max_output_bytes` bounds the text the JSON holds (HTML runs, innerHTML,
/// names, attributes), checked before it is written: a document may always
/// produce 16 times its own size; pass `GPP_DEFAULT_MAX_OUTPUT_BYTES`, or 0 for
/// no limit (`GPP_ERROR_EXPANSION_LIMIT` when over it). A failed allocation is
/// `GPP_ERROR_OUT_OF_MEMORY`, never an abort.
///
/// # Safety
/// `input` points to `input_len` readable bytes; `out_json`, `out_len` and
/// `error` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn gpp_parse_json(
    input: *const c_char,
    input_len: usize,
    max_output_bytes: u64,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    error: *mut gpp_error,
) -> gpp_status {
    guard(error, || {
        if !out_len.is_null() {
            out_len.write(0);
        }
        if out_json.is_null() {
            return Err(Failure::NullPointer);
        }
        out_json.write(ptr::null_mut());
        let json =
            parse_utf8(input_bytes(input, input_len)?)?.to_json_with(&limits(max_output_bytes))?;
        let len = json.len();
        let mut bytes = json.into_bytes();
        // Room for the NUL, so that making the CString cannot abort.
        bytes
            .try_reserve_exact(1)
            .map_err(|_| Failure::OutOfMemory(OutOfMemory { bytes: len + 1 }))?;
        // JSON.stringify escapes U+0000, so the text has no interior NUL.
        let json = CString::new(bytes).map_err(|_| Failure::Internal)?;
        out_json.write(json.into_raw());
        if !out_len.is_null() {
            out_len.write(len);
        }
        Ok(())
    })
}

/// Frees a string returned by `gpp_parse_json`. NULL is ignored.
///
/// # Safety
/// `json` is NULL or came from `gpp_parse_json` and was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn gpp_json_free(json: *mut c_char) {
    if json.is_null() {
        return;
    }
    guard(ptr::null_mut(), || {
        drop(CString::from_raw(json));
        Ok(())
    });
}

/// Writes a readable, NUL-terminated description of `error` into `buffer`,
/// truncated to `capacity - 1` bytes (at a character boundary), like `snprintf`.
///
/// Returns the length of the full message without the NUL; a result
/// `>= capacity` means it was truncated. With `buffer` NULL or `capacity` 0,
/// nothing is written. A NULL `error` is described as such.
///
/// # Safety
/// `error` is NULL or points to a `gpp_error`; `buffer` is NULL or valid for
/// writes of `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn gpp_error_message(
    error: *const gpp_error,
    buffer: *mut c_char,
    capacity: usize,
) -> usize {
    let mut length = 0;
    guard(ptr::null_mut(), || {
        let message = if error.is_null() {
            "no error information: the gpp_error pointer is NULL".to_owned()
        } else {
            Message(error.read()).to_string()
        };
        length = write_message(&message, buffer, capacity);
        Ok(())
    });
    length
}

/// Writes `message` into `buffer` as `snprintf` would (truncated at a
/// character boundary, NUL-terminated) and returns its full length.
///
/// # Safety
/// `buffer` is NULL or valid for writes of `capacity` bytes.
pub(crate) unsafe fn write_message(message: &str, buffer: *mut c_char, capacity: usize) -> usize {
    if !buffer.is_null() && capacity > 0 {
        let mut keep = message.len().min(capacity - 1);
        while !message.is_char_boundary(keep) {
            keep -= 1;
        }
        ptr::copy_nonoverlapping(message.as_ptr(), buffer.cast::<u8>(), keep);
        buffer.add(keep).write(0);
    }
    message.len()
}

/// The library's version, as a static NUL-terminated string (never freed).
#[no_mangle]
pub extern "C" fn gpp_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{
        GPP_DEFAULT_MAX_OUTPUT_BYTES, GPP_ERROR_EXPANSION_LIMIT, GPP_ERROR_INVALID_ARGUMENT,
        GPP_ERROR_INVALID_UTF8, GPP_ERROR_NULL_POINTER, GPP_OK,
    };
    use std::ffi::CStr;

    #[test]
    fn unclosed_openers_hit_the_limit_until_it_is_lifted() {
        let input = "<!-- wp:group -->x".repeat(2_000);
        let mut json = ptr::null_mut();
        let mut len = 0;
        let mut error = gpp_error::default();
        let call = |limit, json: &mut *mut c_char, len: &mut usize, error: &mut gpp_error| unsafe {
            gpp_parse_json(input.as_ptr().cast(), input.len(), limit, json, len, error)
        };
        let status = call(1 << 20, &mut json, &mut len, &mut error);
        assert_eq!((status, error.status), (GPP_ERROR_EXPANSION_LIMIT, status));
        assert!(error.output_bytes > 60_000_000 && error.limit == 1 << 20);
        assert!(json.is_null());
        assert_eq!(call(0, &mut json, &mut len, &mut error), GPP_OK);
        assert!(len > 70_000_000, "{len}");
        unsafe { gpp_json_free(json) };

        // The records hold spans: only names count, far under any limit.
        let mut document = ptr::null();
        let status = unsafe {
            gpp_parse(
                input.as_ptr().cast(),
                input.len(),
                0,
                1 << 20,
                &mut document,
                &mut error,
            )
        };
        assert_eq!(status, GPP_OK);
        unsafe { gpp_document_free(document) };
    }

    #[test]
    fn parse_fills_and_frees_a_document() {
        let input = "<!-- wp:p {\"a\":[1]} -->x<!-- /wp:p -->";
        let mut document = ptr::null();
        let mut error = gpp_error::default();
        let status = unsafe {
            gpp_parse(
                input.as_ptr().cast(),
                input.len(),
                GPP_PARSE_DECODE_ATTRS,
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                &mut document,
                &mut error,
            )
        };
        assert_eq!(status, GPP_OK);
        let view = unsafe { &*document };
        assert_eq!(
            (view.node_count, view.root_count, view.content_count),
            (1, 1, 1)
        );
        assert_eq!((view.value_count, view.text_len), (3, 1));
        unsafe { gpp_document_free(document) };
    }

    /// The HTML runs of one node's inner content.
    type Runs = Vec<Vec<u8>>;

    /// Parses `input` with `options`: the status, and for each node the bytes
    /// of its inner content's HTML runs.
    fn nodes(input: &[u8], options: u32) -> (gpp_status, Vec<Runs>) {
        let mut document = ptr::null();
        let status = unsafe {
            gpp_parse(
                input.as_ptr().cast(),
                input.len(),
                options,
                0,
                &mut document,
                ptr::null_mut(),
            )
        };
        if status != GPP_OK {
            return (status, Vec::new());
        }
        let view = unsafe { &*document };
        let records = unsafe { std::slice::from_raw_parts(view.nodes, view.node_count) };
        let contents = unsafe { std::slice::from_raw_parts(view.contents, view.content_count) };
        let text = |span: crate::types::gpp_span| {
            input[span.start as usize..(span.start + span.len) as usize].to_vec()
        };
        let found = records
            .iter()
            .map(|node| {
                let start = node.content_start as usize;
                contents[start..start + node.content_count as usize]
                    .iter()
                    .filter(|content| content.node == crate::types::GPP_NONE)
                    .map(|content| text(content.span))
                    .collect()
            })
            .collect();
        unsafe { gpp_document_free(document) };
        (status, found)
    }

    #[test]
    fn php_dialect_takes_bytes_and_wordpress_rules() {
        let input = b"\xff<!-- wp:a -->0<!-- wp:b /-->\xfe<!-- /wp:a --><!--\xc2\xa0wp:c /-->";
        assert_eq!(nodes(input, 0).0, GPP_ERROR_INVALID_UTF8);
        let (status, runs) = nodes(input, GPP_PARSE_PHP);
        assert_eq!(status, GPP_OK);
        assert_eq!(
            runs,
            [
                vec![b"\xff".to_vec()],
                vec![b"\xfe".to_vec()],
                vec![],
                vec![b"<!--\xc2\xa0wp:c /-->".to_vec()],
            ],
            "freeform, core/a without its \"0\" run, core/b, and a freeform NBSP delimiter"
        );
        let decode_php = GPP_PARSE_PHP | GPP_PARSE_DECODE_ATTRS;
        assert_eq!(nodes(b"x", decode_php).0, GPP_ERROR_INVALID_ARGUMENT);
    }

    #[test]
    fn null_and_empty_inputs() {
        let mut document = ptr::null();
        let status = unsafe {
            gpp_parse(
                ptr::null(),
                0,
                0,
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                &mut document,
                ptr::null_mut(),
            )
        };
        assert_eq!(status, GPP_OK);
        let view = unsafe { &*document };
        assert_eq!(view.node_count, 0);
        assert!(view.nodes.is_null() && view.contents.is_null() && view.values.is_null());
        unsafe { gpp_document_free(document) };

        let mut error = gpp_error::default();
        let status = unsafe {
            gpp_parse(
                ptr::null(),
                3,
                0,
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                &mut document,
                &mut error,
            )
        };
        assert_eq!(
            (status, error.status),
            (GPP_ERROR_NULL_POINTER, GPP_ERROR_NULL_POINTER)
        );
        assert!(document.is_null());
        let status = unsafe {
            gpp_parse(
                ptr::null(),
                0,
                0,
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        assert_eq!(status, GPP_ERROR_NULL_POINTER);
        let status = unsafe {
            gpp_parse(
                ptr::null(),
                0,
                4,
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                &mut document,
                ptr::null_mut(),
            )
        };
        assert_eq!(status, GPP_ERROR_INVALID_ARGUMENT);
        unsafe {
            gpp_document_free(ptr::null());
            gpp_json_free(ptr::null_mut());
        }
    }

    #[test]
    fn json_and_errors() {
        let input = b"ok\xffno";
        let mut json = ptr::null_mut();
        let mut len = 99;
        let mut error = gpp_error::default();
        let status = unsafe {
            gpp_parse_json(
                input.as_ptr().cast(),
                input.len(),
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                &mut json,
                &mut len,
                &mut error,
            )
        };
        assert_eq!(status, GPP_ERROR_INVALID_UTF8);
        assert_eq!((error.offset, error.length, len), (2, 1, 0));
        assert!(json.is_null());

        let mut buffer = [0 as c_char; 16];
        let full = unsafe { gpp_error_message(&error, buffer.as_mut_ptr(), buffer.len()) };
        let written = unsafe { CStr::from_ptr(buffer.as_ptr()) }.to_str().unwrap();
        assert_eq!(written, "invalid UTF-8: ");
        assert!(full > written.len());
        assert_eq!(
            unsafe { gpp_error_message(&error, ptr::null_mut(), 0) },
            full
        );

        let status = unsafe {
            gpp_parse_json(
                b"x".as_ptr().cast(),
                1,
                GPP_DEFAULT_MAX_OUTPUT_BYTES,
                &mut json,
                &mut len,
                ptr::null_mut(),
            )
        };
        assert_eq!(status, GPP_OK);
        let text = unsafe { CStr::from_ptr(json) }.to_str().unwrap();
        assert_eq!(text.len(), len);
        assert!(text.starts_with("[{\"blockName\":null"));
        unsafe { gpp_json_free(json) };
    }

    #[test]
    fn version_is_the_crate_version() {
        let version = unsafe { CStr::from_ptr(gpp_version()) };
        assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}
