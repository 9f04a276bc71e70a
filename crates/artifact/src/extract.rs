//! Safe extraction of a tar.gz into a directory.

use std::io::Read;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Component, Path, PathBuf};

use flate2::read::GzDecoder;

use crate::error::{Error, Result, io};

/// Limits that stop tar bombs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractLimits {
    /// Most bytes of file content extracted (`--max-extract-size`).
    pub max_bytes: u64,
    /// Most files and directories extracted.
    pub max_entries: u64,
}

impl Default for ExtractLimits {
    /// 100 MiB (Flux's default `--max-extract-size`) and 100 000 entries.
    fn default() -> Self {
        Self {
            max_bytes: 100 << 20,
            max_entries: 100_000,
        }
    }
}

/// What was extracted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExtractStats {
    /// Regular files written.
    pub files: u64,
    /// Directories created.
    pub dirs: u64,
    /// Bytes of file content written.
    pub bytes: u64,
}

fn unsafe_entry(entry: &str, reason: impl Into<String>) -> Error {
    Error::UnsafeEntry {
        entry: entry.to_string(),
        reason: reason.into(),
    }
}

/// A relative path made only of normal components, or the reason it is not.
fn confined(raw: &Path, shown: &str) -> Result<PathBuf> {
    let mut out = PathBuf::new();
    for c in raw.components() {
        match c {
            Component::Normal(seg) => out.push(seg),
            Component::CurDir => {}
            Component::ParentDir => return Err(unsafe_entry(shown, "path contains '..'")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(unsafe_entry(shown, "absolute path"));
            }
        }
    }
    Ok(out)
}

/// Extracts a tar.gz stream into `dest` (created if missing; it must be empty).
///
/// Only regular files and directories are accepted. Absolute paths, `..`, symlinks,
/// hard links, device files and FIFOs are rejected, as are archives with more content
/// bytes or entries than `limits` allow; each error names the entry. Files get mode
/// 0755 when executable in the archive, else 0644; directories 0755.
pub fn extract_tar_gz(
    reader: impl Read,
    dest: &Path,
    limits: &ExtractLimits,
) -> Result<ExtractStats> {
    std::fs::create_dir_all(dest).map_err(io("create directory", dest))?;
    let not_empty = std::fs::read_dir(dest)
        .map_err(io("read directory", dest))?
        .next()
        .is_some();
    if not_empty {
        return Err(Error::InvalidInput {
            field: "path",
            value: dest.display().to_string(),
            reason: "extraction directory must be empty".into(),
        });
    }
    let mut archive = tar::Archive::new(GzDecoder::new(reader));
    let mut stats = ExtractStats::default();
    let entries = archive.entries().map_err(|e| Error::InvalidArchive {
        reason: e.to_string(),
    })?;
    for entry in entries {
        let mut entry = entry.map_err(|e| Error::InvalidArchive {
            reason: e.to_string(),
        })?;
        let raw_path = entry
            .path()
            .map_err(|e| Error::InvalidArchive {
                reason: e.to_string(),
            })?
            .into_owned();
        let shown = raw_path.display().to_string();
        let kind = entry.header().entry_type();
        let rel = confined(&raw_path, &shown)?;
        use tar::EntryType as T;
        match kind {
            T::Symlink => return Err(unsafe_entry(&shown, "symbolic links are not allowed")),
            T::Link => return Err(unsafe_entry(&shown, "hard links are not allowed")),
            T::Char | T::Block => return Err(unsafe_entry(&shown, "device files are not allowed")),
            T::Fifo => return Err(unsafe_entry(&shown, "FIFOs are not allowed")),
            // Metadata records carry no file.
            T::XGlobalHeader | T::XHeader | T::GNULongName | T::GNULongLink => continue,
            T::Regular | T::Continuous | T::Directory => {}
            other => {
                return Err(unsafe_entry(
                    &shown,
                    format!("unsupported entry type {other:?}"),
                ));
            }
        }
        if rel.as_os_str().is_empty() {
            continue;
        }
        if stats.files + stats.dirs >= limits.max_entries {
            return Err(unsafe_entry(
                &shown,
                format!("more than {} entries (tar bomb?)", limits.max_entries),
            ));
        }
        let target = dest.join(&rel);
        if kind == T::Directory {
            std::fs::create_dir_all(&target).map_err(io("create directory", target.clone()))?;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755))
                .map_err(io("chmod", target.clone()))?;
            stats.dirs += 1;
            continue;
        }
        let declared = entry.header().size().map_err(|e| Error::InvalidArchive {
            reason: e.to_string(),
        })?;
        let budget = limits.max_bytes.saturating_sub(stats.bytes);
        if declared > budget {
            return Err(unsafe_entry(
                &shown,
                format!(
                    "extracting it would exceed the {} byte limit (tar bomb?)",
                    limits.max_bytes
                ),
            ));
        }
        let executable = entry
            .header()
            .mode()
            .map(|m| m & 0o111 != 0)
            .unwrap_or(false);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io("create directory", parent))?;
        }
        // NB: nothing in `dest` can be a symlink (we never create one), but a file may
        // repeat; replace it rather than write through it.
        let _ = std::fs::remove_file(&target);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(io("create", target.clone()))?;
        let written =
            std::io::copy(&mut (&mut entry).take(budget + 1), &mut file).map_err(|e| {
                Error::InvalidArchive {
                    reason: format!("{shown}: {e}"),
                }
            })?;
        if written > budget {
            return Err(unsafe_entry(
                &shown,
                format!(
                    "extracting it would exceed the {} byte limit (tar bomb?)",
                    limits.max_bytes
                ),
            ));
        }
        std::fs::set_permissions(
            &target,
            std::fs::Permissions::from_mode(if executable { 0o755 } else { 0o644 }),
        )
        .map_err(io("chmod", target.clone()))?;
        stats.files += 1;
        stats.bytes += written;
    }
    Ok(stats)
}
