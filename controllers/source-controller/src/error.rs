//! Errors that stop source-controller from starting or running (reconcile
//! failures are [`ballast_runtime::ReconcileError`]s recorded in status).

/// Why source-controller could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag value could not be used.
    #[error("invalid --{flag} {value:?}: {reason}")]
    InvalidFlag {
        /// The flag, without dashes.
        flag: &'static str,
        /// The value given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The artifact server could not listen.
    #[error("cannot listen on {addr} for the artifact server: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A Kubernetes client could not be created.
    #[error("{action}: {source}")]
    Kube {
        /// What was being done.
        action: String,
        /// The client error.
        #[source]
        source: kube::Error,
    },
    /// The artifact storage (`--storage-path`) could not be opened.
    #[error("artifact storage: {0}")]
    Storage(#[from] ballast_artifact::Error),
    /// The controller loop ended although no shutdown was requested.
    #[error("the GitRepository controller stopped without a shutdown request; restart the process")]
    Stopped,
    /// The shared runtime failed (servers, leader election, logging).
    #[error(transparent)]
    Runtime(#[from] ballast_runtime::Error),
}

/// Result with source-controller's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
