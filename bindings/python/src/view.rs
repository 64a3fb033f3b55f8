//! `BlockView`, one block of a `Document`, as a type made with CPython's C
//! API rather than a `#[pyclass]`.
//!
//! `find` makes a view per match (2,763 on moby-dick), and most are read
//! once and dropped, so making and freeing views is much of what `find`
//! costs. A `#[pyclass]` object is always a garbage-collected container and
//! is made through its base type's `tp_new`. A view refers only to its
//! `Document`, which refers only to a `str` or `bytes`, so it can be part of
//! no reference cycle: this type leaves the collector out, and a view is one
//! `PyType_GenericAlloc` and one `PyObject_Free`.
//!
//! Every entry point runs its body through [`guarded`], which turns a Rust
//! panic into `PanicException` at the boundary, as pyo3's own entry points
//! do.

use std::ffi::{c_int, c_void, CStr};
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::{addr_of_mut, null_mut};

use gutenberg_post_parser::{BlockRef, NodeId};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::panic::PanicException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple, PyType};

use crate::document::{python_value, Document};
use crate::input::str_of;
use crate::reader::type_name;

/// The layout of a view: the object header, then the view's fields.
#[repr(C)]
struct ViewObject {
    header: ffi::PyObject,
    view: View,
}

/// Which block of which document a view shows.
struct View {
    /// Owned: released by [`dealloc`].
    document: ManuallyDrop<Py<Document>>,
    id: NodeId,
    depth: usize,
    parent: Option<NodeId>,
}

/// The `BlockView` type, made once by [`add_type`].
static VIEW_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Makes the `BlockView` type and adds it to `module`.
pub(crate) fn add_type(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let view_type = VIEW_TYPE.get_or_try_init(py, || make_type(py))?;
    module.add("BlockView", view_type.clone_ref(py))
}

/// A new view of block `id` of `document`.
pub(crate) fn new_view<'py>(
    document: &Bound<'py, Document>,
    id: NodeId,
    depth: usize,
    parent: Option<NodeId>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = document.py();
    let view_type = view_type(py)?;
    // SAFETY: `view_type` is the `BlockView` type, whose instances have the
    // size of `ViewObject`; `PyType_GenericAlloc` zeroes the memory and
    // takes a reference to the type, which `dealloc` gives back. The fields
    // are written before the object is shared.
    unsafe {
        let object = ffi::PyType_GenericAlloc(view_type, 0);
        if object.is_null() {
            return Err(PyErr::fetch(py));
        }
        let view = View {
            document: ManuallyDrop::new(document.clone().unbind()),
            id,
            depth,
            parent,
        };
        addr_of_mut!((*object.cast::<ViewObject>()).view).write(view);
        Ok(Bound::from_owned_ptr(py, object))
    }
}

/// The document and the block id of `object`, when it is a view.
pub(crate) fn view_of<'a>(object: &'a Bound<'_, PyAny>) -> PyResult<(&'a Py<Document>, NodeId)> {
    let view = as_view(object).ok_or_else(|| {
        PyTypeError::new_err(format!("expected a BlockView, not {}", type_name(object)))
    })?;
    Ok((&view.document, view.id))
}

fn as_view<'a>(object: &'a Bound<'_, PyAny>) -> Option<&'a View> {
    let view_type = view_type(object.py()).ok()?;
    // SAFETY: an object of type `BlockView` (which cannot be subclassed) is
    // a `ViewObject` whose fields `new_view` wrote; `object` keeps it alive.
    unsafe {
        let raw = object.as_ptr();
        (ffi::Py_TYPE(raw) == view_type).then(|| &(*raw.cast::<ViewObject>()).view)
    }
}

fn view_type(py: Python<'_>) -> PyResult<*mut ffi::PyTypeObject> {
    VIEW_TYPE
        .get(py)
        .map(|view_type| view_type.as_ptr().cast())
        .ok_or_else(|| PyValueError::new_err("gutenberg_post_parser._native is not initialised"))
}

impl View {
    fn block(&self) -> BlockRef<'_, 'static> {
        self.document.get().block(self.id)
    }

    /// The full block name (`core/paragraph`), or None for freeform HTML.
    fn name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let name = self.block().name().map(|name| name.full());
        Ok(match name {
            Some(name) => PyString::new(py, &name).into_any(),
            None => py.None().into_bound(py),
        })
    }

    /// The attributes as the reference decodes them: `{}` when there are
    /// none, None when their JSON is invalid. A new dict each time.
    fn attrs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let block = self.block();
        if block.attrs_json().is_none() {
            return Ok(PyDict::new(py).into_any());
        }
        python_value(py, &block.attrs())
    }

    /// `view.attrs.get(key, default)` without a dict of the other attributes.
    fn get<'py>(
        &self,
        key: &Bound<'py, PyString>,
        default: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let block = self.block();
        if block.attrs_json().is_none() {
            return Ok(default);
        }
        // A key with a lone surrogate (from a `\ud800` escape) is named by
        // its WTF-8 bytes, which `surrogatepass` gives.
        let encoded;
        let key = match str_of(key) {
            Ok(text) => text.as_bytes(),
            Err(_) => {
                encoded = key.call_method1("encode", ("utf-8", "surrogatepass"))?;
                encoded.cast::<PyBytes>()?.as_bytes()
            }
        };
        let attrs = block.attrs();
        match attrs.as_object().and_then(|attrs| attrs.get_wtf8(key)) {
            Some(value) => python_value(default.py(), value),
            None => Ok(default),
        }
    }

    /// The enclosing block's view, or None at the top level.
    fn parent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let Some(parent) = self.parent else {
            return Ok(py.None().into_bound(py));
        };
        let document = self.document.bind(py);
        let grandparent = document.get().parent_of(parent);
        new_view(document, parent, self.depth - 1, grandparent)
    }

    fn repr(&self) -> String {
        let block = self.block();
        let name = block.name().map_or("freeform".into(), |name| name.full());
        let span = block.span();
        format!("<BlockView {name} {}..{}>", span.start, span.end)
    }
}

/// Runs an entry point's body: its error, or a panic as `PanicException`,
/// becomes the raised exception and a null result.
///
/// # Safety
/// The caller is attached to the interpreter (CPython calls these slots
/// with the GIL held).
unsafe fn guarded(
    body: impl FnOnce(Python<'_>) -> PyResult<*mut ffi::PyObject>,
) -> *mut ffi::PyObject {
    // SAFETY: see above.
    let py = unsafe { Python::assume_attached() };
    let error = match catch_unwind(AssertUnwindSafe(|| body(py))) {
        Ok(Ok(object)) => return object,
        Ok(Err(error)) => error,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a Rust panic".to_owned());
            PanicException::new_err(message)
        }
    };
    error.restore(py);
    null_mut()
}

/// The view inside `object`, which CPython passes to this type's slots.
///
/// # Safety
/// `object` is a live `BlockView`.
unsafe fn view<'a>(object: *mut ffi::PyObject) -> &'a View {
    // SAFETY: see above.
    unsafe { &(*object.cast::<ViewObject>()).view }
}

macro_rules! getter {
    ($name:ident, |$py:ident, $view:ident| $body:expr) => {
        unsafe extern "C" fn $name(
            object: *mut ffi::PyObject,
            _: *mut c_void,
        ) -> *mut ffi::PyObject {
            // SAFETY: CPython calls getters of this type on its instances,
            // with the GIL held.
            unsafe {
                guarded(|$py| {
                    let $view = view(object);
                    $body.map(Bound::into_ptr)
                })
            }
        }
    };
}

getter!(get_name, |py, view| view.name(py));
getter!(get_attrs, |py, view| view.attrs(py));
getter!(get_inner_html, |py, view| Ok::<_, PyErr>(
    PyString::new(py, &view.block().inner_html()).into_any()
));
getter!(get_span, |py, view| {
    let span = view.block().span();
    (span.start, span.end)
        .into_pyobject(py)
        .map(Bound::into_any)
});
getter!(get_depth, |py, view| Ok::<_, PyErr>(
    view.depth.into_pyobject(py)?.into_any()
));
getter!(get_parent, |py, view| view.parent(py));
getter!(get_document, |py, view| Ok::<_, PyErr>(
    view.document.bind(py).clone().into_any()
));

/// `get(key, default=None)`, with `METH_VARARGS | METH_KEYWORDS`.
unsafe extern "C" fn get(
    object: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this method of this type on its instances, with
    // the GIL held, a tuple of arguments and a dict of keywords or null.
    unsafe {
        guarded(|py| {
            let args = Bound::from_borrowed_ptr(py, args).cast_into_unchecked::<PyTuple>();
            let kwargs = Bound::from_borrowed_ptr_or_opt(py, kwargs)
                .map(|kwargs| kwargs.cast_into_unchecked::<PyDict>());
            let (key, default) = get_arguments(&args, kwargs.as_ref())?;
            let key = key.cast_into::<PyString>().map_err(|error| {
                let type_name = type_name(error.into_inner().as_any());
                PyTypeError::new_err(format!("get() key must be str, not {type_name}"))
            })?;
            view(object).get(&key, default).map(Bound::into_ptr)
        })
    }
}

/// `key` and `default` from `get`'s positional and keyword arguments.
fn get_arguments<'py>(
    args: &Bound<'py, PyTuple>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let py = args.py();
    let mut slots: [Option<Bound<'py, PyAny>>; 2] = [None, None];
    if args.len() > 2 {
        return Err(PyTypeError::new_err(format!(
            "get() takes at most 2 arguments ({} given)",
            args.len()
        )));
    }
    for (slot, arg) in slots.iter_mut().zip(args.iter()) {
        *slot = Some(arg);
    }
    for (name, value) in kwargs.into_iter().flatten() {
        let index = match name.extract::<String>().as_deref() {
            Ok("key") => 0,
            Ok("default") => 1,
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "get() got an unexpected keyword argument {}",
                    name.repr()?
                )))
            }
        };
        if slots[index].replace(value).is_some() {
            return Err(PyTypeError::new_err(format!(
                "get() got multiple values for argument {}",
                name.repr()?
            )));
        }
    }
    let [key, default] = slots;
    let key = key.ok_or_else(|| PyTypeError::new_err("get() missing required argument 'key'"))?;
    Ok((key, default.unwrap_or_else(|| py.None().into_bound(py))))
}

unsafe extern "C" fn repr(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: CPython calls `tp_repr` on instances, with the GIL held.
    unsafe { guarded(|py| Ok(PyString::new(py, &view(object).repr()).into_ptr())) }
}

unsafe extern "C" fn no_constructor(
    _: *mut ffi::PyTypeObject,
    _: *mut ffi::PyObject,
    _: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls `tp_new` with the GIL held.
    unsafe {
        guarded(|_| {
            Err(PyTypeError::new_err(
                "BlockView cannot be made directly: Document.find returns them",
            ))
        })
    }
}

unsafe extern "C" fn dealloc(object: *mut ffi::PyObject) {
    // SAFETY: CPython calls `tp_dealloc` once, with the GIL held, when the
    // last reference to a view goes; `new_view` made its memory with
    // `PyType_GenericAlloc` (`PyObject_Malloc`, the type not being
    // collected) and took a reference to the type.
    unsafe {
        let view = &mut (*object.cast::<ViewObject>()).view;
        let document = ManuallyDrop::take(&mut view.document);
        ffi::Py_DecRef(document.into_ptr());
        let view_type = ffi::Py_TYPE(object);
        ffi::PyObject_Free(object.cast());
        ffi::Py_DecRef(view_type.cast());
    }
}

const TYPE_DOC: &CStr = c"One block of a Document, read on demand: the name, attributes and \
HTML become Python objects only when asked for. Made by Document.find and BlockView.parent.";

fn getset(name: &'static CStr, get: ffi::getter, doc: &'static CStr) -> ffi::PyGetSetDef {
    ffi::PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: doc.as_ptr(),
        closure: null_mut(),
    }
}

fn slot(slot: c_int, pfunc: *mut c_void) -> ffi::PyType_Slot {
    ffi::PyType_Slot { slot, pfunc }
}

fn make_type(py: Python<'_>) -> PyResult<Py<PyType>> {
    // CPython keeps pointers into the getter and method tables for the
    // type's lifetime (the whole process): they are leaked on purpose, once.
    let getters: &'static mut [ffi::PyGetSetDef] = Box::leak(Box::new([
        getset(
            c"name",
            get_name,
            c"The full block name (`core/paragraph`), or None for freeform HTML.",
        ),
        getset(
            c"attrs",
            get_attrs,
            c"The attributes, decoded as the reference decodes them: `{}` when the block has \
none, None when their JSON is invalid. A new dict each time.",
        ),
        getset(
            c"inner_html",
            get_inner_html,
            c"The reference's `innerHTML`: the HTML runs joined, inner blocks left out.",
        ),
        getset(
            c"span",
            get_span,
            c"`(start, end)`: the whole block in the document's UTF-8 bytes.",
        ),
        getset(
            c"depth",
            get_depth,
            c"Nesting depth: 0 for a top-level block.",
        ),
        getset(
            c"parent",
            get_parent,
            c"The enclosing block, or None at the top level.",
        ),
        getset(
            c"document",
            get_document,
            c"The document this block belongs to.",
        ),
        ffi::PyGetSetDef::default(),
    ]));
    let methods: &'static mut [ffi::PyMethodDef] = Box::leak(Box::new([
        ffi::PyMethodDef {
            ml_name: c"get".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunctionWithKeywords: get,
            },
            ml_flags: ffi::METH_VARARGS | ffi::METH_KEYWORDS,
            ml_doc: c"get(key, default=None)\n--\n\nOne attribute, as `view.attrs.get(key, \
default)` gives it, without making a dict of the others: `default` when the block has no such \
attribute or its attributes are invalid JSON (`attrs` is None)."
                .as_ptr(),
        },
        ffi::PyMethodDef::zeroed(),
    ]));
    let mut slots = [
        slot(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot(ffi::Py_tp_repr, repr as *mut c_void),
        slot(ffi::Py_tp_new, no_constructor as *mut c_void),
        slot(ffi::Py_tp_getset, getters.as_mut_ptr().cast()),
        slot(ffi::Py_tp_methods, methods.as_mut_ptr().cast()),
        slot(ffi::Py_tp_doc, TYPE_DOC.as_ptr() as *mut c_void),
        slot(0, null_mut()),
    ];
    let mut spec = ffi::PyType_Spec {
        name: c"gutenberg_post_parser._native.BlockView".as_ptr(),
        basicsize: c_int::try_from(size_of::<ViewObject>()).expect("a small struct"),
        itemsize: 0,
        // Not a base type: `as_view` tells views by their exact type.
        flags: ffi::Py_TPFLAGS_DEFAULT as _,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: the spec, its slots and the C strings outlive the call (the
    // spec is copied; the tables it points to are leaked above).
    unsafe {
        let view_type = ffi::PyType_FromSpec(&mut spec);
        if view_type.is_null() {
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, view_type)
            .cast_into_unchecked::<PyType>()
            .unbind())
    }
}
