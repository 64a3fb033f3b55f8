//! The `gutenberg_post_parser` PHP extension: WordPress's `WP_Block_Parser`
//! output from the Rust core, plus serialize and a depth-first walk.
//! `gutenberg_post_parser.stub.php` documents the PHP API.
//!
//! Every function runs its body under `guard`: a Rust panic becomes a
//! `GutenbergPostParser\Exception` and never reaches PHP; the engine bailing
//! out of an allocation (PHP's memory_limit error) is caught around the build,
//! Rust's state is dropped, and the bailout continues as PHP's own error.

#![cfg_attr(windows, feature(abi_vectorcall))]

mod builder;
mod document;
mod input;
mod keys;
mod reader;
mod zend;

use std::panic::{catch_unwind, AssertUnwindSafe};

use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use ext_php_rs::zend::ce;
use gutenberg_post_parser::build::{Prepared, Scratch};
use gutenberg_post_parser::limits::{self, ExpansionLimitError, Limits, Sharing};
use gutenberg_post_parser::read::{serialize_host, Required};

use crate::builder::PhpBuilder;
use crate::input::Input;
use crate::reader::PhpReader;

/// The extension's exception classes, registered at module startup:
/// `GutenbergPostParser\Exception extends RuntimeException`, and its
/// subclasses. Plain PHP exception classes (the engine's own constructor and
/// properties), not Rust-backed objects.
mod exceptions {
    use std::sync::atomic::{AtomicPtr, Ordering};

    use ext_php_rs::args::ArgInfoTables;
    use ext_php_rs::builders::ClassBuilder;
    use ext_php_rs::ffi::zend_class_entry;
    use ext_php_rs::zend::{ce, ClassEntry};

    pub const BASE: &str = "GutenbergPostParser\\Exception";
    pub const EXPANSION: &str = "GutenbergPostParser\\ExpansionLimitException";
    pub const MEMORY: &str = "GutenbergPostParser\\MemoryLimitException";
    pub const EDIT: &str = "GutenbergPostParser\\EditException";

    static BASE_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());
    static EXPANSION_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());
    static MEMORY_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());
    static EDIT_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());

    extern "C" {
        static mut spl_ce_RuntimeException: *mut zend_class_entry;
    }

    fn runtime_exception() -> &'static ClassEntry {
        // SAFETY: SPL is always built in and starts before any extension.
        unsafe { &*spl_ce_RuntimeException }
    }

    fn get(class: &AtomicPtr<zend_class_entry>) -> &'static ClassEntry {
        let entry = class.load(Ordering::Acquire);
        if entry.is_null() {
            // Only before startup registered the classes (never in a request).
            return ce::exception();
        }
        // SAFETY: class entries registered at startup live as long as the process.
        unsafe { &*entry }
    }

    pub fn base() -> &'static ClassEntry {
        get(&BASE_CE)
    }

    pub fn expansion() -> &'static ClassEntry {
        get(&EXPANSION_CE)
    }

    pub fn memory() -> &'static ClassEntry {
        get(&MEMORY_CE)
    }

    pub fn edit() -> &'static ClassEntry {
        get(&EDIT_CE)
    }

    /// Registers class `name` extending `parent`; `keep` stores its entry.
    fn register(
        name: &str,
        parent: (fn() -> &'static ClassEntry, &'static str),
        keep: fn(&'static mut ClassEntry, ArgInfoTables),
    ) -> bool {
        ClassBuilder::new(name)
            .extends(parent)
            .registration(keep)
            .register()
            .is_ok()
    }

    fn keep_base(entry: &'static mut ClassEntry, _: ArgInfoTables) {
        BASE_CE.store(entry, Ordering::Release);
    }

    fn keep_expansion(entry: &'static mut ClassEntry, _: ArgInfoTables) {
        EXPANSION_CE.store(entry, Ordering::Release);
    }

    fn keep_memory(entry: &'static mut ClassEntry, _: ArgInfoTables) {
        MEMORY_CE.store(entry, Ordering::Release);
    }

    fn keep_edit(entry: &'static mut ClassEntry, _: ArgInfoTables) {
        EDIT_CE.store(entry, Ordering::Release);
    }

    /// Registers the classes (module startup); false on failure.
    pub fn init() -> bool {
        register(BASE, (runtime_exception, "RuntimeException"), keep_base)
            && register(EXPANSION, (base, BASE), keep_expansion)
            && register(MEMORY, (base, BASE), keep_memory)
            && register(EDIT, (base, BASE), keep_edit)
    }
}

/// The default `max_output_bytes`: 64 MiB.
#[php_const]
const GUTENBERG_POST_PARSER_DEFAULT_MAX_OUTPUT_BYTES: i64 = limits::DEFAULT_MAX_OUTPUT_BYTES as i64;

extern "C" {
    fn zend_zval_type_name(value: *const ext_php_rs::ffi::zval) -> *const std::ffi::c_char;
}

/// PHP's name for the type of `value` (`int`, `array`, ...), as its
/// TypeErrors give it.
fn zend_type_name(value: &ext_php_rs::types::Zval) -> String {
    // SAFETY: `value` is live; the engine returns a static C string.
    unsafe { std::ffi::CStr::from_ptr(zend_zval_type_name(value)) }
        .to_string_lossy()
        .into_owned()
}

fn error(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, exceptions::base())
}

/// Runs `body`, turning a panic into our exception.
fn guard<T>(body: impl FnOnce() -> PhpResult<T>) -> PhpResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".to_owned());
        Err(error(format!("internal error (Rust panic): {message}")))
    })
}

fn limits_of(max_output_bytes: Option<i64>) -> PhpResult<Limits> {
    match max_output_bytes {
        Some(bytes) if bytes < 0 => Err(PhpException::new(
            "gutenberg_post_parser: max_output_bytes must be 0 or more (0 or null: no limit)"
                .into(),
            0,
            ce::value_error(),
        )),
        bytes => Ok(Limits {
            max_output_bytes: bytes.map(|bytes| bytes as u64),
        }),
    }
}

fn expansion(error: ExpansionLimitError) -> PhpException {
    PhpException::new(error.to_string(), 0, exceptions::expansion())
}

/// Refuses a build that would not fit in memory_limit, as a catchable
/// exception instead of PHP's fatal error (an estimate: PHP's own error
/// remains possible close to the limit).
fn check_memory(prepared: &Prepared<'_>, limits: &Limits) -> PhpResult<()> {
    // SAFETY: the process globals exist during a request.
    let limit = unsafe { (*ext_php_rs::ffi::ext_php_rs_process_globals()).memory_limit };
    if limit <= 0 {
        return Ok(());
    }
    let document = prepared.document();
    // A block array, its lists and string headers: about 600 bytes.
    let arrays = document.node_count() as u64 * 600;
    let used = zend::memory_usage() as u64;
    // The text is at most what the expansion limit allows (checked before):
    // when even that fits, the exact count (a walk over the tree) is skipped.
    if let Some(most) = limits.limit_for(document.source().len()) {
        if used.saturating_add(most).saturating_add(arrays) <= limit as u64 {
            return Ok(());
        }
    }
    let text = limits::output_bytes(document, Sharing::TREE);
    let needed = text.saturating_add(arrays);
    if used.saturating_add(needed) > limit as u64 {
        let message = format!(
            "the result would need about {needed} bytes, more than memory_limit ({limit} bytes) \
             leaves ({used} in use)"
        );
        return Err(PhpException::new(message, 0, exceptions::memory()));
    }
    Ok(())
}

/// Which tree to build.
enum Make {
    Blocks,
    /// Blocks, every attribute group decoded by PHP's own `json_decode` (for
    /// benchmarks: the choice between the two decoders is measured, and the
    /// core's was faster, bindings/php/README.md).
    BlocksPhpJson,
    Walk,
}

/// Parses `bytes` and builds what `make` says, as a PHP array.
fn build(bytes: &[u8], limits: &Limits, make: Make) -> PhpResult<ZBox<ZendHashTable>> {
    build_with_offset(bytes, limits, make).map(|(table, _)| table)
}

/// [`build`], and `$offset` as `WP_Block_Parser` leaves it.
fn build_with_offset(
    bytes: &[u8],
    limits: &Limits,
    make: Make,
) -> PhpResult<(ZBox<ZendHashTable>, usize)> {
    let keys = keys::get().ok_or_else(|| error("the module did not start"))?;
    let input = Input::new(bytes);
    // Attributes go to the builder as text (PhpBuilder::raw_attrs).
    let prepared =
        Prepared::with_raw_attrs(input.parse(), limits, Sharing::TREE).map_err(expansion)?;
    check_memory(&prepared, limits)?;
    if !matches!(make, Make::Walk) {
        // WP_Block_Parser::parse() starts with json_decode('{}'), which
        // clears json_last_error() even when no block has attributes.
        zend::json_succeeded();
    }
    let mut builder = PhpBuilder::new(&input, keys, matches!(make, Make::BlocksPhpJson));
    if !matches!(make, Make::Walk) {
        builder.watch_last_attrs(prepared.document().last_attrs());
    }
    let mut scratch = Scratch::default();
    let built = ext_php_rs::zend::try_catch(AssertUnwindSafe(|| match make {
        Make::Blocks | Make::BlocksPhpJson => prepared.build(&mut builder, &mut scratch),
        Make::Walk => prepared.build_walk(&mut builder, &mut scratch),
    }));
    match built {
        Ok(Ok(())) => {}
        Ok(Err(builder::OutOfOrder)) => {
            return Err(error("internal error: values built out of order"))
        }
        Err(ext_php_rs::zend::CatchError::Bailout) => {
            builder.abandon();
            drop(scratch);
            drop(prepared);
            // SAFETY: continues the engine's bailout (PHP's fatal error, such
            // as memory_limit) with Rust's state dropped.
            unsafe { ext_php_rs::zend::bailout() }
        }
        Err(other) => return Err(error(format!("internal error: {other}"))),
    }
    drop(scratch);
    builder.settle_json_error();
    let offset = prepared.document().consumed_end();
    let value = builder
        .finish()
        .map_err(|_| error("internal error: values built out of order"))?;
    // SAFETY: the result is a list the builder made (a fresh table, or the
    // shared immutable empty array, which ext-php-rs returns as such).
    unsafe {
        let table = value.value.arr;
        Ok((ZBox::from_raw(table.cast()), offset))
    }
}

mod handlers {
    //! `gutenberg_post_parser_parse()` and `_parse_state()`, the calls WordPress
    //! makes for every post, with handlers written against the engine: the
    //! ones ext-php-rs generates build an argument parser (with allocated
    //! names) on every call, several hundred nanoseconds of a small post's
    //! parse. They check their arguments as PHP's own functions do.

    use ext_php_rs::args::Arg;
    use ext_php_rs::builders::FunctionBuilder;
    use ext_php_rs::exception::{PhpException, PhpResult};
    use ext_php_rs::ffi;
    use ext_php_rs::flags::DataType;
    use ext_php_rs::types::{ZendHashTable, Zval};
    use ext_php_rs::zend::{ce, ExecuteData};
    use gutenberg_post_parser::limits::DEFAULT_MAX_OUTPUT_BYTES;

    use crate::zend::{self, Read};
    use crate::{build_with_offset, guard, limits_of, Make};

    /// PHP's TypeError for argument `at` (from 1) of `function`.
    fn type_error(
        function: &str,
        at: usize,
        name: &str,
        expected: &str,
        value: &Zval,
    ) -> PhpException {
        let given = crate::zend_type_name(value);
        PhpException::new(
            format!(
                "{function}(): Argument #{at} (${name}) must be of type {expected}, {given} given"
            ),
            0,
            ce::type_error(),
        )
    }

    /// The document and the limit, checked as `string $document, ?int
    /// $max_output_bytes = 64 MiB` (strict: a non-string is a TypeError).
    fn arguments<'a>(
        function: &str,
        execute: &'a ExecuteData,
    ) -> Option<PhpResult<(&'a [u8], Option<i64>)>> {
        // SAFETY: the engine passes `num_args` arguments in the frame.
        let count = unsafe { execute.This.u2.num_args } as usize;
        if !(1..=2).contains(&count) {
            // SAFETY: throws PHP's ArgumentCountError.
            unsafe { ffi::zend_wrong_parameters_count_error(1, 2) };
            return None;
        }
        // SAFETY: argument 0 exists (count >= 1).
        let document = unsafe { execute.zend_call_arg(0) }?;
        // SAFETY: a live argument, unchanged during the call.
        let bytes = match unsafe { zend::read(&*document) } {
            Read::String(bytes) => bytes,
            _ => return Some(Err(type_error(function, 1, "document", "string", document))),
        };
        let mut limit = Some(DEFAULT_MAX_OUTPUT_BYTES as i64);
        if count == 2 {
            // SAFETY: argument 1 exists (count == 2).
            let given = unsafe { execute.zend_call_arg(1) }?;
            // SAFETY: as above.
            limit = match unsafe { zend::read(&*given) } {
                Read::Null => None,
                Read::Long(bytes) => Some(bytes),
                _ => {
                    return Some(Err(type_error(
                        function,
                        2,
                        "max_output_bytes",
                        "?int",
                        given,
                    )))
                }
            };
        }
        Some(Ok((bytes, limit)))
    }

    fn respond(result: PhpResult<ZendHashTableBox>, retval: &mut Zval) {
        match result {
            Ok(table) => retval.set_hashtable(table),
            Err(error) => error.throw(),
        }
    }

    type ZendHashTableBox = ext_php_rs::boxed::ZBox<ZendHashTable>;

    /// What `FunctionBuilder::new` takes.
    type Handler = extern "C" fn(&mut ExecuteData, &mut Zval);

    extern "C" fn parse(execute: &mut ExecuteData, retval: &mut Zval) {
        let result = guard(|| match arguments("gutenberg_post_parser_parse", execute) {
            None => Ok(None),
            Some(Err(error)) => Err(error),
            Some(Ok((document, limit))) => {
                build_with_offset(document, &limits_of(limit)?, Make::Blocks)
                    .map(|(table, _)| Some(table))
            }
        });
        match result {
            Ok(None) => {}
            Ok(Some(table)) => respond(Ok(table), retval),
            Err(error) => respond(Err(error), retval),
        }
    }

    extern "C" fn parse_state(execute: &mut ExecuteData, retval: &mut Zval) {
        let result = guard(
            || match arguments("gutenberg_post_parser_parse_state", execute) {
                None => Ok(None),
                Some(Err(error)) => Err(error),
                Some(Ok((document, limit))) => {
                    let (blocks, offset) =
                        build_with_offset(document, &limits_of(limit)?, Make::Blocks)?;
                    // The shared empty array (an empty document) is
                    // immutable: not counted, as ZVAL_EMPTY_ARRAY makes it.
                    let blocks = if blocks.is_immutable() {
                        zend::empty_array()
                    } else {
                        zend::array_zval(blocks.into_raw())
                    };
                    let pair = zend::list(&[blocks, zend::long(offset as i64)]);
                    // SAFETY: `list` made a fresh table of two.
                    Ok(Some(unsafe {
                        ext_php_rs::boxed::ZBox::from_raw(pair.value.arr.cast())
                    }))
                }
            },
        );
        match result {
            Ok(None) => {}
            Ok(Some(table)) => respond(Ok(table), retval),
            Err(error) => respond(Err(error), retval),
        }
    }

    fn signature(name: &str, handler: Handler) -> FunctionBuilder<'static> {
        FunctionBuilder::new(name, handler)
            .arg(Arg::new("document", DataType::String))
            .not_required()
            .arg(
                Arg::new("max_output_bytes", DataType::Long)
                    .allow_null()
                    .default(DEFAULT_MAX_OUTPUT_BYTES.to_string()),
            )
            .returns(DataType::Array, false, false)
    }

    /// The functions, for the module.
    pub fn functions() -> [FunctionBuilder<'static>; 2] {
        [
            signature("gutenberg_post_parser_parse", parse),
            signature("gutenberg_post_parser_parse_state", parse_state),
        ]
    }
}

/// Private, for benchmarks: gutenberg_post_parser_parse() with every
/// attribute group decoded by PHP's own json_decode.
#[php_function]
#[php(name = "_gutenberg_post_parser_parse_php_json")]
pub fn parse_php_json(document: BinarySlice<u8>) -> PhpResult<ZBox<ZendHashTable>> {
    guard(|| build(&document, &Limits::default(), Make::BlocksPhpJson))
}

/// Every block of `$document` depth-first, in document order.
#[php_function]
pub fn gutenberg_post_parser_walk(document: BinarySlice<u8>) -> PhpResult<ZBox<ZendHashTable>> {
    // Entries hold names and attributes only: linear in the document.
    guard(|| build(&document, &Limits::UNLIMITED, Make::Walk))
}

/// `$offset` as `WP_Block_Parser::parse()` leaves it.
#[php_function]
pub fn gutenberg_post_parser_consumed_end(document: BinarySlice<u8>) -> PhpResult<i64> {
    guard(|| {
        let input = Input::new(&document);
        Ok(input.parse().consumed_end() as i64)
    })
}

/// Block markup for `$blocks` in the shape parse returns.
#[php_function]
pub fn gutenberg_post_parser_serialize(blocks: &ZendHashTable) -> PhpResult<String> {
    guard(|| {
        let mut reader = PhpReader::default();
        // SAFETY: the argument lives, unchanged, for the whole call.
        let roots = unsafe { PhpReader::roots(blocks) };
        let required = Required {
            attrs: false,
            inner_blocks: false,
        };
        serialize_host(&mut reader, roots, required).map_err(|failure| {
            let invalid = match failure {
                gutenberg_post_parser::read::ReadError::Invalid(invalid) => invalid,
                gutenberg_post_parser::read::ReadError::Host(never) => match never {},
            };
            let (type_error, message) = reader::invalid_message(invalid);
            let class = if type_error {
                ce::type_error()
            } else {
                ce::value_error()
            };
            PhpException::new(message, 0, class)
        })
    })
}

/// Module startup: the interned keys and the exception classes. A failure
/// (or a panic) fails the module's startup instead of unwinding into PHP.
pub fn startup(_ty: i32, _module_number: i32) -> i32 {
    let started = catch_unwind(|| {
        keys::init();
        exceptions::init()
    });
    if matches!(started, Ok(true)) {
        0
    } else {
        -1
    }
}

#[php_module]
#[php(startup = "startup")]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let [parse, parse_state] = handlers::functions();
    module
        .function(parse)
        .function(parse_state)
        .function(wrap_function!(gutenberg_post_parser_walk))
        .function(wrap_function!(gutenberg_post_parser_serialize))
        .function(wrap_function!(gutenberg_post_parser_consumed_end))
        .function(wrap_function!(parse_php_json))
        .class::<document::Document>()
        .class::<document::BlockView>()
        .class::<document::Editor>()
        .constant(wrap_constant!(
            GUTENBERG_POST_PARSER_DEFAULT_MAX_OUTPUT_BYTES
        ))
}
