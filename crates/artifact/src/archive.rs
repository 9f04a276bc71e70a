//! Deterministic tar.gz of a directory tree, and its digest.

use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use flate2::{Compression, GzBuilder};
use ignore::gitignore::Gitignore;
use sha2::{Digest as _, Sha256};

use crate::error::{Error, Result, io};
use crate::ignore::Rules;

/// What [`write_archive`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSummary {
    /// `sha256:<hex>` of the tar.gz bytes.
    pub digest: String,
    /// Size of the tar.gz in bytes.
    pub size: u64,
    /// Number of regular files archived.
    pub files: u64,
    /// Entries left out for safety (symlinks out of the tree, special files, loops).
    pub warnings: Vec<String>,
}

/// A writer that hashes and counts what passes through.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    written: u64,
}

impl<W: Write> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            written: 0,
        }
    }

    pub(crate) fn finish(self) -> (W, String, u64) {
        (
            self.inner,
            format!("sha256:{:x}", self.hasher.finalize()),
            self.written,
        )
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a deterministic tar.gz of `dir` to `out`.
///
/// Only directories and regular files are stored, in byte-sorted order, with uid/gid 0,
/// empty owner names, mtime 0 and modes 0755 (directories and executables) or 0644.
/// A symlink is stored as the file or directory it points to when that target is inside
/// `dir`; otherwise it is skipped with a warning. Ignore rules: `.git/` and friends
/// always, Flux's default excludes unless `spec_ignore` is given, `.sourceignore` files
/// at any level, then `spec_ignore`. The gzip header carries no name and no time, so
/// the same tree gives the same bytes on any machine.
pub fn write_archive<W: Write>(
    dir: &Path,
    spec_ignore: Option<&str>,
    out: W,
) -> Result<(ArchiveSummary, W)> {
    let meta = std::fs::metadata(dir).map_err(io("stat", dir))?;
    if !meta.is_dir() {
        return Err(Error::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    let root_canon = std::fs::canonicalize(dir).map_err(io("resolve", dir))?;
    let rules = Rules::new(dir, spec_ignore)?;
    let gz = GzBuilder::new().write(HashingWriter::new(out), Compression::default());
    let mut walker = Walker {
        root_canon: root_canon.clone(),
        rules,
        tar: tar::Builder::new(gz),
        warnings: Vec::new(),
        files: 0,
        visiting: vec![root_canon],
        dir_rules: Vec::new(),
    };
    walker.walk(dir, dir, "")?;
    let Walker {
        tar,
        warnings,
        files,
        ..
    } = walker;
    let gz = tar.into_inner().map_err(io("finish tar stream for", dir))?;
    let hashing = gz.finish().map_err(io("finish gzip stream for", dir))?;
    let (out, digest, size) = hashing.finish();
    Ok((
        ArchiveSummary {
            digest,
            size,
            files,
            warnings,
        },
        out,
    ))
}

struct Walker<W: Write> {
    root_canon: PathBuf,
    rules: Rules,
    tar: tar::Builder<flate2::write::GzEncoder<HashingWriter<W>>>,
    warnings: Vec<String>,
    files: u64,
    /// Canonical paths of the directories being walked, to stop symlink loops.
    visiting: Vec<PathBuf>,
    /// `.sourceignore` matchers of the current directory and its ancestors.
    dir_rules: Vec<(PathBuf, Gitignore)>,
}

fn header(entry_type: tar::EntryType, mode: u32, size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(entry_type);
    h.set_mode(mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(0);
    h.set_size(size);
    h
}

impl<W: Write> Walker<W> {
    /// Archives the contents of `fs_dir`, which appears in the tree as `tree_dir` and
    /// in the archive under `prefix`.
    fn walk(&mut self, fs_dir: &Path, tree_dir: &Path, prefix: &str) -> Result<()> {
        let pushed = match Rules::load_dir(fs_dir, tree_dir)? {
            Some(rules) => {
                self.dir_rules.push((tree_dir.to_path_buf(), rules));
                true
            }
            None => false,
        };
        let mut entries: Vec<_> = std::fs::read_dir(fs_dir)
            .map_err(io("read directory", fs_dir))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<std::io::Result<_>>()
            .map_err(io("read directory", fs_dir))?;
        entries.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));

        for name in entries {
            let fs_path = fs_dir.join(&name);
            let tree_path = tree_dir.join(&name);
            let rel = if prefix.is_empty() {
                name.to_string_lossy().into_owned()
            } else {
                format!("{prefix}/{}", name.to_string_lossy())
            };
            let link_meta =
                std::fs::symlink_metadata(&fs_path).map_err(io("stat", fs_path.clone()))?;
            let (real, meta) = if link_meta.file_type().is_symlink() {
                match std::fs::canonicalize(&fs_path) {
                    Ok(target) if target.starts_with(&self.root_canon) => {
                        let meta =
                            std::fs::metadata(&target).map_err(io("stat", target.clone()))?;
                        (target, meta)
                    }
                    Ok(_) => {
                        self.warnings.push(format!(
                            "{rel}: symlink points outside the source tree, skipped"
                        ));
                        continue;
                    }
                    Err(_) => {
                        self.warnings
                            .push(format!("{rel}: broken symlink, skipped"));
                        continue;
                    }
                }
            } else {
                (fs_path.clone(), link_meta)
            };
            if self
                .rules
                .is_ignored(&tree_path, meta.is_dir(), &self.dir_rules)
            {
                continue;
            }
            if meta.is_dir() {
                let canon = std::fs::canonicalize(&real).map_err(io("resolve", real.clone()))?;
                if self.visiting.contains(&canon) {
                    self.warnings.push(format!(
                        "{rel}: symlink loops back to a parent directory, skipped"
                    ));
                    continue;
                }
                let mut h = header(tar::EntryType::Directory, 0o755, 0);
                self.tar
                    .append_data(&mut h, format!("{rel}/"), io::empty())
                    .map_err(io("archive", fs_path.clone()))?;
                self.visiting.push(canon);
                self.walk(&real, &tree_path, &rel)?;
                self.visiting.pop();
            } else if meta.is_file() {
                let executable = meta.permissions().mode() & 0o111 != 0;
                let mut h = header(
                    tar::EntryType::Regular,
                    if executable { 0o755 } else { 0o644 },
                    meta.len(),
                );
                // NB: read no more than the header announces, even if the file grew.
                let file = std::io::Read::take(
                    std::fs::File::open(&real).map_err(io("open", real.clone()))?,
                    meta.len(),
                );
                self.tar
                    .append_data(&mut h, &rel, file)
                    .map_err(io("archive", fs_path.clone()))?;
                self.files += 1;
            } else {
                self.warnings
                    .push(format!("{rel}: not a regular file or directory, skipped"));
            }
        }
        if pushed {
            self.dir_rules.pop();
        }
        Ok(())
    }
}
