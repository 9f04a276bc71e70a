//! The crate's one error type. Messages name the image, registry and step at
//! fault; they never contain credentials or tokens.

use std::time::Duration;

/// Everything that can go wrong reading an image name, credentials, TLS settings,
/// a policy, or talking to a registry.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `spec.image` is not a usable image name.
    #[error("invalid image '{image}': {reason}")]
    InvalidImage {
        /// The image as given.
        image: String,
        /// Why it was refused.
        reason: String,
    },
    /// A `.dockerconfigjson` document that cannot be read.
    #[error("invalid docker config JSON: {reason}")]
    InvalidDockerConfig {
        /// What is wrong, naming the `auths` entry when there is one.
        reason: String,
    },
    /// TLS material (`ca.crt`, `tls.crt`, `tls.key`) that cannot be used.
    #[error("invalid TLS settings: {reason}")]
    InvalidTls {
        /// What is wrong, naming the key.
        reason: String,
    },
    /// A proxy (`spec.proxySecretRef`) that cannot be used.
    #[error("invalid proxy settings: {reason}")]
    InvalidProxy {
        /// What is wrong, naming the key.
        reason: String,
    },
    /// An `exclusionList` entry or `filterTags.pattern` that is not a valid regexp.
    #[error("invalid regular expression '{pattern}' in {field}: {reason}")]
    InvalidPattern {
        /// The field it came from, e.g. `spec.exclusionList`.
        field: &'static str,
        /// The pattern as given.
        pattern: String,
        /// The parser's complaint.
        reason: String,
    },
    /// A policy that cannot be built, e.g. a malformed semver range.
    #[error("invalid policy {policy}: {reason}")]
    InvalidPolicy {
        /// The policy, e.g. `semver '>=1.0'`.
        policy: String,
        /// Why it was refused.
        reason: String,
    },
    /// The policy chose nothing from the tags it was given.
    #[error("no tag matches {policy} (out of {candidates} tag(s){filtered})")]
    NoMatch {
        /// The policy, e.g. `semver '>=2.0.0'`.
        policy: String,
        /// How many tags the policy looked at.
        candidates: usize,
        /// Note on filtering, e.g. ` after filterTags '^main-'`, or empty.
        filtered: String,
    },
    /// A numerical policy met a tag that is not a number (Flux fails the same way).
    #[error("tag '{tag}' is not a number, as {policy} needs")]
    NotNumeric {
        /// The offending (possibly extracted) tag.
        tag: String,
        /// The policy.
        policy: String,
    },
    /// The registry (or its token service) refused the credentials, or wants some.
    #[error("{registry} refused access to {image}: {reason}")]
    Unauthorized {
        /// The canonical image name.
        image: String,
        /// The registry host.
        registry: String,
        /// Which credentials were refused and what to do.
        reason: String,
    },
    /// The repository does not exist (or is hidden from these credentials).
    #[error("repository {image} not found on {registry}")]
    RepositoryNotFound {
        /// The canonical image name.
        image: String,
        /// The registry host.
        registry: String,
    },
    /// The tag has no manifest.
    #[error("tag '{tag}' of {image} not found")]
    TagNotFound {
        /// The canonical image name.
        image: String,
        /// The tag.
        tag: String,
    },
    /// The registry's certificate could not be verified, or the TLS handshake failed.
    #[error("TLS problem talking to {registry} for {image}: {reason}")]
    Tls {
        /// The canonical image name.
        image: String,
        /// The registry host.
        registry: String,
        /// The TLS error and what to do.
        reason: String,
    },
    /// The registry could not be reached.
    #[error("cannot reach {registry} for {image}: {reason}")]
    Connect {
        /// The canonical image name.
        image: String,
        /// The registry host.
        registry: String,
        /// The transport error.
        reason: String,
    },
    /// The whole operation took longer than the configured timeout.
    #[error("{operation} for {image} timed out after {timeout:?}")]
    Timeout {
        /// The canonical image name.
        image: String,
        /// What was being done, e.g. `listing tags`.
        operation: &'static str,
        /// The timeout (`spec.timeout`).
        timeout: Duration,
    },
    /// Any other unexpected answer from the registry or token service.
    #[error("{registry} answered {what} for {image}: {detail}")]
    Protocol {
        /// The canonical image name.
        image: String,
        /// The registry (or token service) host.
        registry: String,
        /// The request, e.g. `HTTP 500 to GET /v2/x/tags/list`.
        what: String,
        /// The body or parse error, shortened.
        detail: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the error comes from the settings themselves (image name, Secret
    /// contents, patterns, policy), so retrying cannot help until they change:
    /// a controller reports these as Stalled rather than retrying.
    pub fn is_configuration(&self) -> bool {
        matches!(
            self,
            Self::InvalidImage { .. }
                | Self::InvalidDockerConfig { .. }
                | Self::InvalidTls { .. }
                | Self::InvalidProxy { .. }
                | Self::InvalidPattern { .. }
                | Self::InvalidPolicy { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_errors_are_told_apart_from_registry_failures() {
        let bad_image = Error::InvalidImage {
            image: "x:1".into(),
            reason: "tag".into(),
        };
        let not_found = Error::RepositoryNotFound {
            image: "r/x".into(),
            registry: "r".into(),
        };
        assert!(bad_image.is_configuration());
        assert!(!not_found.is_configuration());
    }
}
