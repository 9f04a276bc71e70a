//! How a reconcile fails, and what the controller does about it.

use std::time::Duration;

/// Why a reconcile did not finish, classified by what retrying would do
/// (STYLE.md rule 7). Every kind carries a condition reason and a message
/// meant for `status.conditions` and events, so it must never hold secrets.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// The spec cannot work as written (invalid field, access denied):
    /// retrying the same generation is pointless. `Stalled=True`, no requeue
    /// until the object changes.
    #[error("{message}")]
    Stalled {
        /// Condition reason, e.g. `InvalidURL`.
        reason: &'static str,
        /// What is wrong, naming the field.
        message: String,
    },
    /// Something this object depends on is not ready yet: try again after
    /// `retry_after`, without counting it as a failure.
    #[error("{message}")]
    Waiting {
        /// Condition reason, e.g. `DependencyNotReady`.
        reason: &'static str,
        /// What is being waited for.
        message: String,
        /// When to look again.
        retry_after: Duration,
    },
    /// A failure that may go away (network, API server, storage): retried
    /// with jittered exponential backoff.
    #[error("{message}")]
    Transient {
        /// Condition reason, e.g. `GitOperationFailed`.
        reason: &'static str,
        /// What failed.
        message: String,
    },
}

impl ReconcileError {
    /// The condition reason.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Stalled { reason, .. }
            | Self::Waiting { reason, .. }
            | Self::Transient { reason, .. } => reason,
        }
    }

    /// The message for conditions and events.
    pub fn message(&self) -> &str {
        match self {
            Self::Stalled { message, .. }
            | Self::Waiting { message, .. }
            | Self::Transient { message, .. } => message,
        }
    }

    /// A short label for metrics and logs: `stalled`, `waiting` or `transient`.
    pub fn metric_label(&self) -> &'static str {
        match self {
            Self::Stalled { .. } => "stalled",
            Self::Waiting { .. } => "waiting",
            Self::Transient { .. } => "transient",
        }
    }
}

/// Attaches a condition reason to any error, turning it into a
/// [`ReconcileError`]: `fetch(..).await.reason(reasons::ARTIFACT_FAILED)?`.
pub trait ResultExt<T> {
    /// A failure here is transient: it is retried with backoff.
    fn reason(self, reason: &'static str) -> Result<T, ReconcileError>;
    /// A failure here is permanent for this generation of the object.
    fn stalled(self, reason: &'static str) -> Result<T, ReconcileError>;
}

impl<T, E: std::fmt::Display> ResultExt<T> for Result<T, E> {
    fn reason(self, reason: &'static str) -> Result<T, ReconcileError> {
        self.map_err(|err| ReconcileError::Transient {
            reason,
            message: err.to_string(),
        })
    }

    fn stalled(self, reason: &'static str) -> Result<T, ReconcileError> {
        self.map_err(|err| ReconcileError::Stalled {
            reason,
            message: err.to_string(),
        })
    }
}

/// Errors of the runtime itself: starting servers, talking to the API.
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
    /// A listener could not be bound.
    #[error("cannot listen on {addr} for {what}: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// The server, e.g. `metrics`.
        what: &'static str,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Leader election failed or the lease was lost.
    #[error("leader election for {lease}: {message}")]
    LeaderElection {
        /// `namespace/name` of the Lease.
        lease: String,
        /// What happened.
        message: String,
    },
    /// A Kubernetes API call failed.
    #[error("{action}: {source}")]
    Kube {
        /// What was being done, naming the object.
        action: String,
        /// The client error.
        #[source]
        source: kube::Error,
    },
    /// A value could not be turned into JSON.
    #[error("cannot serialize {what}: {source}")]
    Serialize {
        /// What was being serialized.
        what: String,
        /// The serializer's error.
        #[source]
        source: serde_json::Error,
    },
    /// Logging could not be set up.
    #[error("cannot set up logging: {0}")]
    Logging(String),
}

/// Result with the runtime's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
