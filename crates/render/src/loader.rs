//! File access confined like kustomize's loader: files a kustomization names
//! must lie in or below its own directory (unless restrictions are off), and
//! nothing may leave the source root when one is set. Paths are resolved
//! through `..` and symlinks before the check.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::yaml;

/// How far file references may reach, as kustomize's `--load-restrictor`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LoadRestrictor {
    /// Files must be in or below the directory of the kustomization naming
    /// them (kustomize's default, `LoadRestrictionsRootOnly`).
    #[default]
    RootOnly,
    /// Any file may be read (`LoadRestrictionsNone`).
    None,
}

impl std::str::FromStr for LoadRestrictor {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "LoadRestrictionsRootOnly" | "rootOnly" => Ok(LoadRestrictor::RootOnly),
            "LoadRestrictionsNone" | "none" => Ok(LoadRestrictor::None),
            other => Err(format!(
                "unknown load restrictor {other:?}: use LoadRestrictionsRootOnly or LoadRestrictionsNone"
            )),
        }
    }
}

pub(crate) struct Loader {
    pub(crate) restrictor: LoadRestrictor,
    /// Canonical directory nothing may escape, when set.
    pub(crate) source_root: Option<PathBuf>,
}

/// Whether a resource/component entry is a remote reference (URL or git
/// shorthand), which we reject rather than fetch.
pub(crate) fn is_remote(entry: &str) -> bool {
    let e = entry.trim();
    e.contains("://")
        || e.starts_with("git@")
        || e.starts_with("github.com/")
        || e.starts_with("gitlab.com/")
        || e.starts_with("bitbucket.org/")
        || e.contains("?ref=")
        || e.contains(".git//")
        || e.starts_with("git::")
}

impl Loader {
    fn canonical(&self, path: &Path) -> Result<PathBuf> {
        std::fs::canonicalize(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::NotFound {
                    path: path.to_path_buf(),
                }
            } else {
                Error::Io {
                    path: path.to_path_buf(),
                    source: e,
                }
            }
        })
    }

    fn check_source_root(&self, canonical: &Path, shown: &Path) -> Result<()> {
        if let Some(root) = &self.source_root
            && !canonical.starts_with(root)
        {
            return Err(Error::OutsideRoot {
                path: shown.to_path_buf(),
                root: root.clone(),
            });
        }
        Ok(())
    }

    /// Resolves `entry` relative to the kustomization directory `dir`
    /// (canonical) to an existing path, enforcing the restrictions for files.
    pub(crate) fn resolve(&self, dir: &Path, entry: &str) -> Result<(PathBuf, bool)> {
        let joined = dir.join(entry);
        let canonical = self.canonical(&joined)?;
        self.check_source_root(&canonical, &joined)?;
        let is_dir = canonical.is_dir();
        if !is_dir && self.restrictor == LoadRestrictor::RootOnly && !canonical.starts_with(dir) {
            return Err(Error::OutsideRoot {
                path: joined,
                root: dir.to_path_buf(),
            });
        }
        Ok((canonical, is_dir))
    }

    /// Resolves and reads a file named by a kustomization in `dir`.
    pub(crate) fn read_file(&self, dir: &Path, entry: &str) -> Result<(PathBuf, Vec<u8>)> {
        let (path, is_dir) = self.resolve(dir, entry)?;
        if is_dir {
            return Err(Error::Io {
                path,
                source: std::io::Error::other("is a directory, expected a file"),
            });
        }
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Ok((path, bytes))
    }

    /// Resolves a directory (the root or a base), checking the source root.
    pub(crate) fn canonical_dir(&self, path: &Path) -> Result<PathBuf> {
        let canonical = self.canonical(path)?;
        self.check_source_root(&canonical, path)?;
        Ok(canonical)
    }
}

/// Reads UTF-8 text.
pub(crate) fn text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| Error::Yaml {
        path: path.to_path_buf(),
        line: 1,
        message: "file is not valid UTF-8".into(),
    })
}

/// Parses a YAML file into its non-empty documents.
pub(crate) fn parse_yaml(path: &Path, text: &str) -> Result<Vec<serde_json::Value>> {
    let docs = yaml::parse_documents(text).map_err(|e| Error::Yaml {
        path: path.to_path_buf(),
        line: e.line,
        message: e.message,
    })?;
    Ok(docs.into_iter().filter(|d| !d.is_null()).collect())
}

/// Parses a kustomize configuration file (kustomization, transformer
/// configuration, replacements): kustomize reads these through
/// `sigs.k8s.io/yaml`, i.e. with YAML 1.1 scalars (`yes`, `on`, `n` are
/// booleans).
pub(crate) fn parse_config_yaml(path: &Path, text: &str) -> Result<Vec<serde_json::Value>> {
    let docs = yaml::parse_documents_as(text, true).map_err(|e| Error::Yaml {
        path: path.to_path_buf(),
        line: e.line,
        message: e.message,
    })?;
    Ok(docs.into_iter().filter(|d| !d.is_null()).collect())
}
