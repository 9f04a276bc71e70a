//! The renderer's single error type.

use std::path::PathBuf;

/// Everything that can go wrong while rendering; each message names the file,
/// field or object at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The path being read.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A referenced file or directory does not exist.
    #[error("{path}: no such file or directory")]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// Invalid YAML.
    #[error("{path}:{line}: invalid YAML: {message}")]
    Yaml {
        /// The file holding the YAML.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What the parser reported.
        message: String,
    },
    /// A path escapes the directory loading is confined to.
    #[error(
        "{path} is outside the root {root}: loading is restricted to the root (use --load-restrictor LoadRestrictionsNone to allow it)"
    )]
    OutsideRoot {
        /// The offending path (after resolving `..` and symlinks).
        path: PathBuf,
        /// The root it must stay under.
        root: PathBuf,
    },
    /// Remote resources are never fetched.
    #[error("{file}: remote resource {url:?} is not supported: vendor it into the repository")]
    Remote {
        /// The kustomization that lists it.
        file: PathBuf,
        /// The remote reference.
        url: String,
    },
    /// Kustomizations that include each other.
    #[error("cycle detected: {path} is included again through {chain}")]
    Cycle {
        /// The directory entered twice.
        path: PathBuf,
        /// The chain of directories leading to it.
        chain: String,
    },
    /// A problem with a kustomization file's content.
    #[error("{file}: {message}")]
    Kustomization {
        /// The kustomization file.
        file: PathBuf,
        /// What is wrong, naming the field.
        message: String,
    },
    /// A problem with a loaded object.
    #[error("{object}: {message}")]
    Object {
        /// The object, as `kind/name` with namespace when set.
        object: String,
        /// What is wrong.
        message: String,
    },
}

/// The renderer's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
