//! `GutenbergPostParser::Error` and the errors this library raises.

use std::any::Any;

use gutenberg_post_parser::limits::{ExpansionLimitError, AMPLIFICATION};
use magnus::{prelude::*, value::Lazy, Error, ExceptionClass, RModule, Ruby};

/// `GutenbergPostParser::Error`, defined when the library loads.
static ERROR: Lazy<ExceptionClass> = Lazy::new(|ruby| {
    ruby.define_module("GutenbergPostParser")
        .and_then(|module| module.define_error("Error", ruby.exception_standard_error()))
        .expect("GutenbergPostParser::Error can be defined")
});

/// `GutenbergPostParser::ExpansionLimitError`, defined when the library loads.
static EXPANSION_LIMIT: Lazy<ExceptionClass> = Lazy::new(|ruby| {
    ruby.define_module("GutenbergPostParser")
        .and_then(|module| module.define_error("ExpansionLimitError", ruby.get_inner(&ERROR)))
        .expect("GutenbergPostParser::ExpansionLimitError can be defined")
});

/// Defines `GutenbergPostParser::Error < StandardError` and
/// `GutenbergPostParser::ExpansionLimitError < Error` under `module`.
pub fn define(ruby: &Ruby, module: RModule) -> Result<(), Error> {
    module.define_error("Error", ruby.exception_standard_error())?;
    // Resolve the lazy classes now, while loading, rather than on the first error.
    ruby.get_inner(&ERROR);
    ruby.get_inner(&EXPANSION_LIMIT);
    Ok(())
}

/// A `GutenbergPostParser::ExpansionLimitError` for `limit`, with
/// `output_bytes` and `limit` readable on it.
pub fn expansion_limit(ruby: &Ruby, limit: ExpansionLimitError) -> Error {
    let message = format!(
        "the result would hold {} bytes of text, over the limit of {} bytes (the larger of \
         max_output_bytes and {AMPLIFICATION} times the document's {} bytes): unclosed blocks \
         each hold the rest of the document; pass a larger max_output_bytes:, or nil for no limit",
        limit.output_bytes, limit.limit, limit.document_bytes
    );
    let class = ruby.get_inner(&EXPANSION_LIMIT);
    let made = class
        .new_instance((message,))
        .and_then(|exception: magnus::Exception| {
            for (name, size) in [
                ("@output_bytes", limit.output_bytes),
                ("@limit", limit.limit),
            ] {
                let _: magnus::Value = exception.funcall("instance_variable_set", (name, size))?;
            }
            Ok(exception)
        });
    match made {
        Ok(exception) => Error::from(exception),
        Err(error) => error,
    }
}

/// A `GutenbergPostParser::Error` with this message.
pub fn error(ruby: &Ruby, message: impl Into<String>) -> Error {
    Error::new(ruby.get_inner(&ERROR), message.into())
}

/// A `TypeError` with this message.
pub fn type_error(ruby: &Ruby, message: impl Into<String>) -> Error {
    Error::new(ruby.exception_type_error(), message.into())
}

/// A `GutenbergPostParser::Error` for a Rust panic, which would be a bug here.
pub fn internal(ruby: &Ruby, panic: Box<dyn Any + Send>) -> Error {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    error(
        ruby,
        format!("internal error in gutenberg_post_parser (please report it): {detail}"),
    )
}

/// The class name of `value`, for error messages.
pub fn class_name(value: magnus::Value) -> String {
    // SAFETY: the class name is copied out at once.
    unsafe { value.class().name() }.into_owned()
}
