//! Pausing Python's cyclic garbage collector while a large result is built.
//!
//! Building thousands of new containers triggers young-generation collections
//! that traverse the very objects being built, none of which can be garbage.
//! The GIL is held throughout, so no other Python code runs while the
//! collector is paused; it is resumed (if it was enabled) on every exit path.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// Results with fewer nodes than this are built without pausing.
pub(crate) const WORTH_PAUSING: usize = 512;

static GC: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// While alive, the collector is disabled; dropping it re-enables it if it was
/// enabled before.
pub(crate) struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    /// Pauses the collector when `nodes` is at least [`WORTH_PAUSING`].
    pub(crate) fn for_nodes(py: Python<'py>, nodes: usize) -> PyResult<Self> {
        if nodes < WORTH_PAUSING {
            return Ok(GcPause { gc: None });
        }
        let gc = GC
            .get_or_try_init(py, || py.import("gc").map(Bound::unbind))?
            .bind(py);
        if !gc.call_method0(intern!(py, "isenabled"))?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0(intern!(py, "disable"))?;
        Ok(GcPause {
            gc: Some(gc.clone()),
        })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            if let Err(error) = gc.call_method0(intern!(gc.py(), "enable")) {
                error.write_unraisable(gc.py(), None);
            }
        }
    }
}
