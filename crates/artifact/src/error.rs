//! The one error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while archiving, storing, serving or fetching artifacts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file system operation failed.
    #[error("{operation} {path}: {source}")]
    Io {
        /// What was being done.
        operation: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The directory to archive does not exist or is not a directory.
    #[error("cannot archive {path}: not a directory")]
    NotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// An ignore pattern (from `.sourceignore` or `spec.ignore`) is invalid.
    #[error("invalid ignore pattern in {source_name}: {reason}")]
    IgnorePattern {
        /// `spec.ignore` or the `.sourceignore` file.
        source_name: String,
        /// The parser's message.
        reason: String,
    },
    /// A kind, namespace, name, revision or path does not make a safe storage path.
    #[error("invalid {field} '{value}': {reason}")]
    InvalidInput {
        /// Which input: `kind`, `namespace`, `name`, `revision`, `path`, `digest`, `url`.
        field: &'static str,
        /// The value given.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// An artifact download failed.
    #[error("download {url} failed: {reason}")]
    Download {
        /// The artifact URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The downloaded artifact does not have the expected digest.
    #[error("artifact {url} digest mismatch: expected {expected}, got {actual}")]
    DigestMismatch {
        /// The artifact URL.
        url: String,
        /// Digest the caller expected.
        expected: String,
        /// Digest of what was downloaded.
        actual: String,
    },
    /// A tar entry is unsafe or over a limit; the archive is rejected.
    #[error("unsafe archive entry '{entry}': {reason}")]
    UnsafeEntry {
        /// The entry's path as written in the archive.
        entry: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The archive is not a valid tar.gz.
    #[error("invalid archive: {reason}")]
    InvalidArchive {
        /// What is wrong.
        reason: String,
    },
}

/// Result with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Builds a closure that wraps an I/O error with the operation and path.
pub(crate) fn io(
    operation: &'static str,
    path: impl Into<PathBuf>,
) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io {
        operation,
        path,
        source,
    }
}
