//! Artifact storage: paths, atomic writes, garbage collection and read locks.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::archive::{ArchiveSummary, write_archive};
use crate::error::{Error, Result, io};
use crate::extract::{ExtractLimits, extract_tar_gz};

/// An artifact in storage, as the controller reports it in `status.artifact`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactInfo {
    /// Path relative to the storage root, `/`-separated:
    /// `gitrepository/<namespace>/<name>/<sha>.tar.gz`.
    pub path: String,
    /// Download URL built from the advertised address.
    pub url: String,
    /// The source revision, e.g. `main@sha1:<sha>`.
    pub revision: String,
    /// `sha256:<hex>` of the file.
    pub digest: String,
    /// Size in bytes.
    pub size: u64,
    /// When the file was written.
    pub last_update_time: SystemTime,
}

/// Which object an artifact belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectKey {
    /// Lowercase kind, e.g. `gitrepository`.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ObjectKey {
    /// Key for a `kind` (any case; stored lowercase as Flux does), namespace and name.
    pub fn new(kind: &str, namespace: &str, name: &str) -> Result<Self> {
        let key = Self {
            kind: kind.to_ascii_lowercase(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        };
        for (field, value) in [
            ("kind", &key.kind),
            ("namespace", &key.namespace),
            ("name", &key.name),
        ] {
            check_segment(field, value)?;
        }
        Ok(key)
    }

    fn dir(&self) -> String {
        format!("{}/{}/{}", self.kind, self.namespace, self.name)
    }
}

fn check_segment(field: &'static str, value: &str) -> Result<()> {
    let bad = |reason: &str| Error::InvalidInput {
        field,
        value: value.to_string(),
        reason: reason.to_string(),
    };
    if value.is_empty() {
        return Err(bad("must not be empty"));
    }
    if value.starts_with('.') || value.contains(['/', '\\', '\0']) {
        return Err(bad("must not start with '.' or contain '/', '\\' or NUL"));
    }
    Ok(())
}

/// The hex digest in a revision: `main@sha1:<hex>` → `<hex>`.
fn revision_hash(revision: &str) -> Result<&str> {
    let hash = revision.rsplit(':').next().unwrap_or_default();
    if hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hash)
    } else {
        Err(Error::InvalidInput {
            field: "revision",
            value: revision.to_string(),
            reason: "expected '<ref>@sha1:<hex>' or 'sha1:<hex>'".into(),
        })
    }
}

/// Counts readers per artifact file, so garbage collection never deletes a file that
/// is being served or copied.
#[derive(Debug, Default)]
struct Readers(Mutex<HashMap<PathBuf, usize>>);

/// Holds a read lock on one stored artifact until dropped.
#[derive(Debug)]
pub struct ReadGuard {
    readers: Arc<Readers>,
    path: PathBuf,
}

impl Drop for ReadGuard {
    fn drop(&mut self) {
        if let Ok(mut map) = self.readers.0.lock()
            && let Some(count) = map.get_mut(&self.path)
        {
            *count -= 1;
            if *count == 0 {
                map.remove(&self.path);
            }
        }
    }
}

/// What [`Storage::garbage_collect`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GcReport {
    /// Deleted files, relative to the storage root.
    pub deleted: Vec<String>,
    /// Files that were due but are being read, kept for a later run.
    pub busy: Vec<String>,
}

/// The artifact store rooted at `--storage-path`, with URLs built from `--storage-adv-addr`.
#[derive(Debug, Clone)]
pub struct Storage {
    root: PathBuf,
    base_url: String,
    readers: Arc<Readers>,
}

impl Storage {
    /// Opens (creating it if needed) the storage root. `advertised` is a host:port or
    /// a full `http://…` base URL that clients use to reach the file server.
    pub fn new(root: impl Into<PathBuf>, advertised: &str) -> Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root).map_err(io("create storage root", root.clone()))?;
        let root =
            std::fs::canonicalize(&root).map_err(io("resolve storage root", root.clone()))?;
        let base = if advertised.contains("://") {
            advertised.trim_end_matches('/').to_string()
        } else {
            format!("http://{}", advertised.trim_end_matches('/'))
        };
        url::Url::parse(&base).map_err(|e| Error::InvalidInput {
            field: "url",
            value: advertised.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            root,
            base_url: base,
            readers: Arc::default(),
        })
    }

    /// The storage root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The download URL of a relative artifact path.
    pub fn url_for(&self, rel_path: &str) -> String {
        let encoded: Vec<String> = rel_path
            .split('/')
            .map(|seg| {
                url::form_urlencoded::byte_serialize(seg.as_bytes())
                    .collect::<String>()
                    .replace('+', "%20")
            })
            .collect();
        format!("{}/{}", self.base_url, encoded.join("/"))
    }

    /// The relative path for the artifact of `key` at `revision`.
    pub fn artifact_path(&self, key: &ObjectKey, revision: &str) -> Result<String> {
        Ok(format!("{}/{}.tar.gz", key.dir(), revision_hash(revision)?))
    }

    /// Resolves a relative path inside the root, refusing anything that could leave it.
    pub fn local_path(&self, rel_path: &str) -> Result<PathBuf> {
        let bad = |reason: &str| Error::InvalidInput {
            field: "path",
            value: rel_path.to_string(),
            reason: reason.to_string(),
        };
        let rel = Path::new(rel_path);
        let mut out = self.root.clone();
        for c in rel.components() {
            match c {
                Component::Normal(seg) if !seg.as_encoded_bytes().starts_with(b".") => {
                    out.push(seg)
                }
                Component::CurDir => {}
                _ => {
                    return Err(bad(
                        "must be a relative path without '..' or hidden segments",
                    ));
                }
            }
        }
        if out == self.root {
            return Err(bad("names no file"));
        }
        Ok(out)
    }

    /// Archives `dir` as the artifact of `key` at `revision`, atomically (temp file in
    /// the same directory, fsync, rename, fsync of the directory).
    ///
    /// Returns the artifact and the archive summary (with its warnings).
    pub fn archive(
        &self,
        key: &ObjectKey,
        revision: &str,
        dir: &Path,
        spec_ignore: Option<&str>,
    ) -> Result<(ArtifactInfo, ArchiveSummary)> {
        let rel = self.artifact_path(key, revision)?;
        let dest = self.local_path(&rel)?;
        let parent = dest.parent().unwrap_or(&self.root).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(io("create directory", parent.clone()))?;
        let tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&parent)
            .map_err(io("create temp file in", parent.clone()))?;
        let (summary, file) = write_archive(dir, spec_ignore, tmp)?;
        file.as_file()
            .sync_all()
            .map_err(io("fsync", file.path().to_path_buf()))?;
        file.persist(&dest).map_err(|e| Error::Io {
            operation: "rename temp file to",
            path: dest.clone(),
            source: e.error,
        })?;
        File::open(&parent)
            .and_then(|d| d.sync_all())
            .map_err(io("fsync directory", parent.clone()))?;
        let last_update_time = std::fs::metadata(&dest)
            .and_then(|m| m.modified())
            .map_err(io("stat", dest.clone()))?;
        Ok((
            ArtifactInfo {
                url: self.url_for(&rel),
                path: rel,
                revision: revision.to_string(),
                digest: summary.digest.clone(),
                size: summary.size,
                last_update_time,
            },
            summary,
        ))
    }

    /// Whether the stored file at `rel_path` still has `digest` (`sha256:<hex>`), e.g.
    /// to check an artifact named in a status before trusting it after a restart.
    pub fn verify(&self, rel_path: &str, digest: &str) -> Result<bool> {
        use sha2::Digest as _;
        let path = self.local_path(rel_path)?;
        let _guard = self.lock_path(path.clone());
        let mut file = File::open(&path).map_err(io("open", path.clone()))?;
        let mut hasher = sha2::Sha256::new();
        std::io::copy(&mut file, &mut hasher).map_err(io("read", path.clone()))?;
        Ok(format!("sha256:{:x}", hasher.finalize()) == digest)
    }

    /// Whether the artifact file exists.
    pub fn exists(&self, rel_path: &str) -> bool {
        self.local_path(rel_path)
            .map(|p| p.is_file())
            .unwrap_or(false)
    }

    /// Takes a read lock on an artifact: garbage collection skips it until the guard drops.
    pub fn lock_for_read(&self, rel_path: &str) -> Result<ReadGuard> {
        let path = self.local_path(rel_path)?;
        Ok(self.lock_path(path))
    }

    pub(crate) fn lock_path(&self, path: PathBuf) -> ReadGuard {
        if let Ok(mut map) = self.readers.0.lock() {
            *map.entry(path.clone()).or_default() += 1;
        }
        ReadGuard {
            readers: self.readers.clone(),
            path,
        }
    }

    /// Deletes old artifacts of `key`: every file older than `ttl`, and beyond that the
    /// oldest ones until at most `keep` remain (`current` included, as Flux's
    /// `--artifact-retention-records` counts it). `current` (a relative path) is never
    /// deleted, nor is any file under a read lock (reported as busy). Temp files of
    /// archives in progress are left alone unless older than `ttl`.
    pub fn garbage_collect(
        &self,
        key: &ObjectKey,
        current: Option<&str>,
        keep: usize,
        ttl: Duration,
    ) -> Result<GcReport> {
        let dir = self.root.join(key.dir());
        let current = current.map(|c| self.local_path(c)).transpose()?;
        let now = SystemTime::now();
        let mut files = Vec::new();
        let mut stale = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(GcReport::default()),
            Err(e) => return Err(io("read directory", dir.clone())(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io("read directory", dir.clone()))?;
            let meta = entry.metadata().map_err(io("stat", entry.path()))?;
            if !meta.is_file() {
                continue;
            }
            let modified = meta.modified().map_err(io("stat", entry.path()))?;
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                // A temp file of an archive in progress, or one left by a crash:
                // only the latter (older than the TTL) is garbage.
                if now.duration_since(modified).unwrap_or_default() > ttl {
                    stale.push(entry.path());
                }
                continue;
            }
            files.push((modified, entry.path()));
        }
        // Newest first; ties broken by name for a stable order.
        files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        let mut garbage = stale;
        // The current artifact always stays and counts towards `keep`, as in Flux.
        let mut kept = usize::from(files.iter().any(|(_, p)| current.as_ref() == Some(p)));
        for (modified, path) in &files {
            if current.as_ref() == Some(path) {
                continue;
            }
            let expired = now.duration_since(*modified).unwrap_or_default() > ttl;
            if !expired && kept < keep {
                kept += 1;
            } else {
                garbage.push(path.clone());
            }
        }
        let mut report = GcReport::default();
        for path in garbage {
            let rel = path
                .strip_prefix(&self.root)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            // NB: hold the readers map while checking and deleting, so no reader can
            // take the file between the two.
            let map = self.readers.0.lock().map_err(|_| Error::Io {
                operation: "lock readers for",
                path: path.clone(),
                source: std::io::Error::other("poisoned lock"),
            })?;
            if map.get(&path).copied().unwrap_or(0) > 0 {
                report.busy.push(rel);
                continue;
            }
            match std::fs::remove_file(&path) {
                Ok(()) => report.deleted.push(rel),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("delete", path.clone())(e)),
            }
            drop(map);
        }
        Ok(report)
    }

    /// Removes every artifact of `key` (on object deletion). Files under a read lock are
    /// kept and reported as busy.
    pub fn remove_all(&self, key: &ObjectKey) -> Result<GcReport> {
        let report = self.garbage_collect(key, None, 0, Duration::ZERO)?;
        if report.busy.is_empty() {
            let dir = self.root.join(key.dir());
            match std::fs::remove_dir(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("remove directory", dir)(e)),
            }
        }
        Ok(report)
    }

    /// Copies the contents of a stored artifact (for `spec.include`): the entries under
    /// `from_path` (`.` or empty for all) land in `to_dir`, merged over what is there.
    /// Extraction is as strict as for downloads.
    pub fn copy_include(
        &self,
        rel_path: &str,
        from_path: &str,
        to_dir: &Path,
        limits: &ExtractLimits,
    ) -> Result<u64> {
        let path = self.local_path(rel_path)?;
        let _guard = self.lock_path(path.clone());
        let from = sanitize_sub_path(from_path)?;
        let staging_parent = to_dir.parent().unwrap_or(to_dir);
        std::fs::create_dir_all(staging_parent).map_err(io("create directory", staging_parent))?;
        let staging = tempfile::Builder::new()
            .prefix(".include-")
            .tempdir_in(staging_parent)
            .map_err(io("create temp dir in", staging_parent))?;
        let file = File::open(&path).map_err(io("open", path.clone()))?;
        extract_tar_gz(file, staging.path(), limits)?;
        let source = staging.path().join(&from);
        if !source.is_dir() {
            return Err(Error::InvalidInput {
                field: "path",
                value: from_path.to_string(),
                reason: format!("no such directory in artifact {rel_path}"),
            });
        }
        copy_tree(&source, to_dir)
    }
}

fn sanitize_sub_path(p: &str) -> Result<PathBuf> {
    let mut out = PathBuf::new();
    for c in Path::new(p).components() {
        match c {
            Component::Normal(seg) => out.push(seg),
            Component::CurDir => {}
            _ => {
                return Err(Error::InvalidInput {
                    field: "path",
                    value: p.to_string(),
                    reason: "must be relative and must not contain '..'".into(),
                });
            }
        }
    }
    Ok(out)
}

/// Copies regular files and directories from `src` into `dst` (no symlinks exist in
/// an extracted artifact). Returns the number of files copied.
fn copy_tree(src: &Path, dst: &Path) -> Result<u64> {
    replace_symlink(dst)?;
    std::fs::create_dir_all(dst).map_err(io("create directory", dst))?;
    let mut copied = 0;
    let mut names: Vec<_> = std::fs::read_dir(src)
        .map_err(io("read directory", src))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()
        .map_err(io("read directory", src))?;
    names.sort();
    for name in names {
        let from = src.join(&name);
        let to = dst.join(&name);
        let meta = std::fs::symlink_metadata(&from).map_err(io("stat", from.clone()))?;
        if meta.is_dir() {
            copied += copy_tree(&from, &to)?;
        } else if meta.is_file() {
            replace_symlink(&to)?;
            std::fs::copy(&from, &to).map_err(io("copy to", to.clone()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Removes `path` if it is a symlink, so that writing to it cannot escape the tree.
fn replace_symlink(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::remove_file(path).map_err(io("remove symlink", path))
        }
        _ => Ok(()),
    }
}
