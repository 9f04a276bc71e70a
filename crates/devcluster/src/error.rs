//! Errors: the library's own [`Error`], and [`ApiError`], the `Status` object
//! an API request fails with.

use serde_json::{Value, json};

/// Why the dev cluster could not start or serve.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// Generating the CA or the serving certificate failed.
    #[error("cannot generate the {what} certificate: {source}")]
    Certificate {
        /// Which certificate.
        what: &'static str,
        /// The underlying error.
        source: rcgen::Error,
    },
    /// The TLS configuration was rejected.
    #[error("cannot configure TLS: {0}")]
    Tls(#[from] rustls::Error),
    /// The data directory could not be read or written.
    #[error("cannot use the data directory {dir}: {message}")]
    DataDir {
        /// The directory.
        dir: String,
        /// What went wrong.
        message: String,
    },
    /// The kubeconfig written for this cluster could not be turned into a client.
    #[error("cannot build a kube client for {url}: {message}")]
    Client {
        /// The server URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

/// A failed API request, rendered as a `meta.k8s.io/v1` `Status` object with
/// the code and reason kube-apiserver uses for the same failure.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) code: u16,
    pub(crate) reason: &'static str,
    pub(crate) message: String,
    pub(crate) details: Option<Box<Value>>,
    /// A continue token for the rest of a list (an expired continue's 410).
    pub(crate) list_continue: Option<String>,
}

/// Which object a failure is about, for `Status.details`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) group: &'a str,
    /// Plural resource name, e.g. `configmaps`.
    pub(crate) kind: &'a str,
    pub(crate) name: &'a str,
}

impl Target<'_> {
    /// `configmaps` or `deployments.apps`, as kube-apiserver prints it.
    fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.kind.to_string()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }

    fn details(&self) -> Value {
        let mut d = json!({"name": self.name, "kind": self.kind});
        if !self.group.is_empty() {
            d["group"] = json!(self.group);
        }
        d
    }
}

/// One field-level cause of an `Invalid` error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `spec.ref.semver` or `spec.ports[0].port`.
    pub field: String,
    /// `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`,
    /// `FieldValueTypeInvalid`, `FieldValueTooLong`, `FieldValueTooMany`,
    /// `FieldValueDuplicate` or `FieldValueUnknown`, as kube-apiserver names them.
    pub reason: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl ApiError {
    pub(crate) fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
            list_continue: None,
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    pub(crate) fn not_found(t: Target<'_>) -> Self {
        let mut e = Self::new(
            404,
            "NotFound",
            format!("{} \"{}\" not found", t.qualified(), t.name),
        );
        e.details = Some(Box::new(t.details()));
        e
    }

    /// 404 for a path that names no resource at all.
    pub(crate) fn no_route() -> Self {
        let mut e = Self::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        );
        e.details = Some(Box::new(json!({})));
        e
    }

    pub(crate) fn already_exists(t: Target<'_>) -> Self {
        let mut e = Self::new(
            409,
            "AlreadyExists",
            format!("{} \"{}\" already exists", t.qualified(), t.name),
        );
        e.details = Some(Box::new(t.details()));
        e
    }

    pub(crate) fn conflict(t: Target<'_>, why: &str) -> Self {
        let mut e = Self::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{}\": {why}",
                t.qualified(),
                t.name
            ),
        );
        e.details = Some(Box::new(t.details()));
        e
    }

    pub(crate) fn invalid(kind: &str, group: &str, name: &str, causes: &[FieldError]) -> Self {
        let summary: Vec<String> = causes.iter().map(ToString::to_string).collect();
        let gk = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let mut e = Self::new(
            422,
            "Invalid",
            format!("{gk} \"{name}\" is invalid: {}", join_causes(&summary)),
        );
        let mut details = json!({
            "name": name,
            "kind": kind,
            "causes": causes.iter().map(|c| json!({
                "reason": c.reason, "message": c.message, "field": c.field,
            })).collect::<Vec<_>>(),
        });
        if !group.is_empty() {
            details["group"] = json!(group);
        }
        e.details = Some(Box::new(details));
        e
    }

    pub(crate) fn gone(message: impl Into<String>) -> Self {
        Self::new(410, "Expired", message)
    }

    pub(crate) fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(405, "MethodNotAllowed", message)
    }

    pub(crate) fn unsupported_media(message: impl Into<String>) -> Self {
        Self::new(415, "UnsupportedMediaType", message)
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(401, "Unauthorized", "Unauthorized")
    }

    pub(crate) fn too_large() -> Self {
        Self::new(
            413,
            "RequestEntityTooLarge",
            "request entity too large: limit is 3145728",
        )
    }

    pub(crate) fn forbidden(t: Target<'_>, why: &str) -> Self {
        let mut e = Self::new(
            403,
            "Forbidden",
            format!("{} \"{}\" is forbidden: {why}", t.qualified(), t.name),
        );
        e.details = Some(Box::new(t.details()));
        e
    }

    /// The `Status` object for this error.
    pub(crate) fn to_status(&self) -> Value {
        let mut s = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        });
        if let Some(d) = &self.details {
            s["details"] = (**d).clone();
        }
        if let Some(c) = &self.list_continue {
            s["metadata"] = json!({"continue": c});
        }
        s
    }
}

/// Joins causes like kube-apiserver's aggregate: one as is, several in brackets.
fn join_causes(causes: &[String]) -> String {
    match causes {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}
