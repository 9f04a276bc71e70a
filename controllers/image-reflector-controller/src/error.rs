//! Errors that stop image-reflector-controller from starting or running, and
//! failures of its tag store (reconcile failures are
//! [`ballast_runtime::ReconcileError`]s recorded in status).

use std::path::PathBuf;

/// Why image-reflector-controller could not start, stopped, or could not
/// read or write its tag store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A Kubernetes client could not be created.
    #[error("{action}: {source}")]
    Kube {
        /// What was being done.
        action: String,
        /// The client error.
        #[source]
        source: kube::Error,
    },
    /// A file of the tag store (`--storage-path`) could not be read or written.
    #[error("cannot {action} tag store file {}: {source}", path.display())]
    Store {
        /// What was being done, e.g. `write`.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// An object name that cannot be used as a tag store file name.
    #[error("ImageRepository name '{namespace}/{name}' cannot name a tag store file")]
    InvalidStoreKey {
        /// The namespace.
        namespace: String,
        /// The name.
        name: String,
    },
    /// A controller loop ended although no shutdown was requested.
    #[error("the {0} controller stopped without a shutdown request; restart the process")]
    Stopped(&'static str),
    /// The shared runtime failed (servers, leader election, logging).
    #[error(transparent)]
    Runtime(#[from] ballast_runtime::Error),
}

/// Result with image-reflector-controller's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
