//! Errors that stop image-automation-controller from starting or running
//! (reconcile failures are [`ballast_runtime::ReconcileError`]s recorded in
//! status).

/// Why image-automation-controller could not start or stopped.
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
    /// The shared runtime failed (servers, leader election, logging).
    #[error(transparent)]
    Runtime(#[from] ballast_runtime::Error),
}

/// Result with image-automation-controller's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
