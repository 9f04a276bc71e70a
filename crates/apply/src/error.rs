//! The crate's one error type.

use std::time::Duration;

use crate::object_ref::ObjectRef;

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An object that is not healthy, with its kstatus and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unhealthy {
    /// The object.
    pub object: ObjectRef,
    /// Its last computed status.
    pub status: crate::kstatus::Status,
    /// Why it is not Current.
    pub message: String,
}

fn list_unhealthy(objects: &[Unhealthy]) -> String {
    objects
        .iter()
        .map(|u| {
            format!(
                "{} status: '{}': {}",
                u.object.subject(),
                u.status,
                u.message
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What can go wrong while applying, deleting or waiting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The object lacks what every object needs (type, name, namespace).
    #[error("{object}: invalid object: {reason}")]
    InvalidObject {
        /// The object, as far as it could be named.
        object: String,
        /// What is missing or wrong.
        reason: String,
    },
    /// An inventory id does not have Flux's `<namespace>_<name>_<group>_<kind>` form.
    #[error("invalid inventory id {id:?}: {reason}")]
    InvalidId {
        /// The id as given.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The API server does not serve the object's kind.
    #[error("{object}: no matches for kind {:?} in version {:?}: {source}", object.kind, object.api_version())]
    UnknownKind {
        /// The object.
        object: Box<ObjectRef>,
        /// The discovery error.
        #[source]
        source: kube::Error,
    },
    /// The server-side dry-run of the object was rejected; nothing was applied.
    #[error("{object} dry-run failed ({reason}): {message}")]
    DryRun {
        /// The object.
        object: Box<ObjectRef>,
        /// The server's reason (`Invalid`, `NotFound`, …).
        reason: String,
        /// The server's message, naming the field at fault.
        message: String,
        /// The request error.
        #[source]
        source: kube::Error,
    },
    /// The object changes an immutable field; it is recreated only with force.
    #[error(
        "{object} dry-run failed, immutable field changed: {message} (set force, or annotate the object with kustomize.toolkit.fluxcd.io/force: enabled, to recreate it)"
    )]
    Immutable {
        /// The object.
        object: Box<ObjectRef>,
        /// The server's message, naming the field.
        message: String,
        /// The request error.
        #[source]
        source: kube::Error,
    },
    /// A request about the object failed (get, apply, delete, cleanup).
    #[error("{object} {operation} failed: {source}")]
    Request {
        /// The object.
        object: Box<ObjectRef>,
        /// What was being done (`apply`, `get`, `delete`, …).
        operation: &'static str,
        /// The request error.
        #[source]
        source: kube::Error,
    },
    /// Objects did not become Current before the timeout.
    #[error("timeout waiting for: [{}] after {timeout:?}", list_unhealthy(objects))]
    Timeout {
        /// How long was waited.
        timeout: Duration,
        /// The objects still not Current.
        objects: Vec<Unhealthy>,
    },
    /// Objects reached the kstatus Failed state (waits fail fast on it).
    #[error("health check failed: [{}]", list_unhealthy(objects))]
    HealthCheckFailed {
        /// The failed objects.
        objects: Vec<Unhealthy>,
    },
    /// The wait was cancelled (e.g. a new source revision arrived).
    #[error(
        "health check cancelled while waiting for: [{}]",
        list_unhealthy(objects)
    )]
    Cancelled {
        /// The objects not yet Current when cancelled.
        objects: Vec<Unhealthy>,
    },
    /// An apply failed after it had written some objects (a later stage's
    /// dry-run, or a write, failed).
    #[error("{source}; applied before the failure: [{}]", applied.entries.iter().filter(|e| e.action != crate::Action::Unchanged).map(|e| e.to_string()).collect::<Vec<_>>().join(", "))]
    PartiallyApplied {
        /// What was done before the failure.
        applied: crate::ChangeSet,
        /// The failure.
        #[source]
        source: Box<Error>,
    },
    /// A custom health check expression does not compile.
    #[error(
        "health check expressions for {rule}: invalid CEL expression in {field} {expression:?}: {message}"
    )]
    InvalidHealthExpression {
        /// The kind and API version the rule is for.
        rule: String,
        /// `current`, `inProgress`, `failed` (or `kind` when that is missing).
        field: &'static str,
        /// The expression as written.
        expression: String,
        /// The parser's complaint.
        message: String,
    },
    /// An object could not be turned into JSON or back.
    #[error("{object}: cannot encode the object: {source}")]
    Encode {
        /// The object.
        object: String,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
}

impl Error {
    /// The object the error is about, when there is one.
    pub fn object(&self) -> Option<&ObjectRef> {
        match self {
            Error::UnknownKind { object, .. }
            | Error::DryRun { object, .. }
            | Error::Immutable { object, .. }
            | Error::Request { object, .. } => Some(object.as_ref()),
            Error::PartiallyApplied { source, .. } => source.object(),
            _ => None,
        }
    }
}
