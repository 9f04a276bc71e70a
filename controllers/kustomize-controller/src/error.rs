//! Errors that stop kustomize-controller from starting or running (reconcile
//! failures are [`ballast_runtime::ReconcileError`]s recorded in status).

/// Why kustomize-controller could not start or stopped.
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

/// Result with kustomize-controller's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
