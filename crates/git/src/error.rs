//! The one error type of this crate.

use std::path::PathBuf;

use crate::url::RedactedUrl;

/// Everything that can go wrong while fetching, checking out, committing or pushing.
///
/// Messages name the (redacted) URL and the reference at fault; they never
/// contain credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The repository URL cannot be parsed or uses an unsupported scheme.
    #[error("invalid Git URL {url}: {reason}")]
    InvalidUrl {
        /// The URL, redacted.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The reference given by the caller is not usable (e.g. a bad semver range).
    #[error("invalid reference {reference}: {reason}")]
    InvalidReference {
        /// The reference as given.
        reference: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A key of the credentials Secret has a value that cannot be used.
    #[error("invalid value for '{key}' in the credentials secret: {reason}")]
    InvalidSecret {
        /// The Secret data key at fault.
        key: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// A key of the proxy Secret (`spec.proxySecretRef`) has a value that cannot be used.
    #[error("invalid value for '{key}' in the proxy secret: {reason}")]
    InvalidProxySecret {
        /// The Secret data key at fault.
        key: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// The remote has no reference matching the request.
    #[error("{reference} not found in {url}")]
    ReferenceNotFound {
        /// The remote, redacted.
        url: RedactedUrl,
        /// The reference asked for, e.g. `branch 'main'`.
        reference: String,
    },
    /// The remote has no references at all.
    #[error("repository {url} is empty: {reference} not found")]
    EmptyRepository {
        /// The remote, redacted.
        url: RedactedUrl,
        /// The reference asked for.
        reference: String,
    },
    /// The requested commit is not reachable from what was fetched.
    #[error("commit '{commit}' not found in {url} ({reference})")]
    CommitNotFound {
        /// The remote, redacted.
        url: RedactedUrl,
        /// The commit SHA asked for.
        commit: String,
        /// Where it was looked for.
        reference: String,
    },
    /// The server refused the credentials (or required some and none were given).
    #[error("authentication to {url} failed: {reason}")]
    Authentication {
        /// The remote, redacted.
        url: RedactedUrl,
        /// What was tried.
        reason: String,
    },
    /// The SSH host key of the server is not in `known_hosts`.
    #[error(
        "unknown SSH host key for {host}: no {key_type} key for this host in known_hosts \
         (server key SHA256:{fingerprint}); add the server's key to known_hosts"
    )]
    UnknownHostKey {
        /// `host` or `[host]:port` as written in known_hosts.
        host: String,
        /// Key algorithm the server presented.
        key_type: String,
        /// Base64 SHA-256 fingerprint of the presented key.
        fingerprint: String,
    },
    /// The SSH host key of the server differs from the one in `known_hosts`.
    #[error(
        "SSH host key for {host} has CHANGED: the server presented a {key_type} key \
         SHA256:{fingerprint} that does not match known_hosts; refusing to connect"
    )]
    HostKeyMismatch {
        /// `host` or `[host]:port` as written in known_hosts.
        host: String,
        /// Key algorithm the server presented.
        key_type: String,
        /// Base64 SHA-256 fingerprint of the presented key.
        fingerprint: String,
    },
    /// The server's TLS certificate was not accepted.
    #[error("TLS certificate of {url} not trusted: {reason}")]
    Certificate {
        /// The remote, redacted.
        url: RedactedUrl,
        /// Why it was rejected.
        reason: String,
    },
    /// A push was rejected by the server (e.g. not a fast-forward).
    #[error("push of branch '{branch}' to {url} rejected: {reason}")]
    PushRejected {
        /// The remote, redacted.
        url: RedactedUrl,
        /// The branch pushed.
        branch: String,
        /// The server's reason.
        reason: String,
    },
    /// The operation took longer than its timeout.
    #[error("{operation} {url} timed out after {seconds}s")]
    Timeout {
        /// What was running.
        operation: &'static str,
        /// The remote, redacted.
        url: RedactedUrl,
        /// The timeout.
        seconds: u64,
    },
    /// Any other failure talking to the remote.
    #[error("{operation} {url} ({reference}) failed: {message}")]
    Remote {
        /// What was running, e.g. `fetch`.
        operation: &'static str,
        /// The remote, redacted.
        url: RedactedUrl,
        /// The reference involved.
        reference: String,
        /// libgit2's message, with the URL redacted.
        message: String,
    },
    /// A failure in the local repository (cache or work tree).
    #[error("{operation} in {path} failed: {source}")]
    Local {
        /// What was running.
        operation: &'static str,
        /// The local repository.
        path: PathBuf,
        /// libgit2's error.
        #[source]
        source: git2::Error,
    },
    /// No value of the verification Secret holds a readable public key.
    #[error("invalid public key '{key}' in the verification secret: {reason}")]
    InvalidKeyring {
        /// The Secret data key at fault (the first unreadable one).
        key: String,
        /// Why it was rejected.
        reason: String,
    },
    /// Tag verification was asked for a checkout that did not go through a tag.
    #[error("cannot verify tag object's signature if a tag reference is not specified")]
    NoTagToVerify,
    /// Tag verification was asked for a tag without a signature (or a lightweight tag).
    #[error("cannot verify signature of tag '{tag}' since it is not signed")]
    UnsignedTag {
        /// The tag, as `<name>@<object id>` or just its name when lightweight.
        tag: String,
    },
    /// The tag's signature is missing, unsupported or made by no trusted key.
    #[error("signature verification of tag '{tag}' failed: {reason}")]
    TagSignature {
        /// The tag, as `<name>@<object id>`.
        tag: String,
        /// Why, naming the signing key when the signature names one.
        reason: String,
    },
    /// The commit's signature is missing, unsupported or made by no trusted key.
    #[error("signature verification of commit '{commit}' failed: {reason}")]
    CommitSignature {
        /// The commit SHA.
        commit: String,
        /// Why, naming the signing key when the signature names one.
        reason: String,
    },
    /// A local file operation failed.
    #[error("{operation} {path}: {source}")]
    Io {
        /// What was running.
        operation: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Result with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn local(
    operation: &'static str,
    path: &std::path::Path,
) -> impl FnOnce(git2::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Local {
        operation,
        path,
        source,
    }
}
