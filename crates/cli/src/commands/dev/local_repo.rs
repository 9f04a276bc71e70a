//! The local Git repository that `ballast dev up` reconciles: where it lives,
//! which branch is checked out, what its tip is, and the `spec.path` that
//! `--path` names.
//!
//! Everything goes through the `git` command line, so the repository is read
//! exactly as the user's own `git` sees it (worktrees, packed refs, reftable).

use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, bail};

/// The checked-out branch and the commit at its tip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Head {
    /// Short branch name, e.g. `main`.
    pub(crate) branch: String,
    /// Full commit id.
    pub(crate) commit: String,
}

/// What [`LocalRepo::head`] found when HEAD is not a branch with commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HeadState {
    /// On a branch with at least one commit.
    Branch(Head),
    /// HEAD points at a commit, not a branch.
    Detached,
    /// The current branch has no commits yet.
    Unborn,
}

/// A validated local repository and path, ready to be served.
#[derive(Clone, Debug)]
pub(crate) struct LocalRepo {
    /// The work tree's top level.
    pub(crate) toplevel: PathBuf,
    /// The directory holding refs and objects (shared by linked work trees).
    pub(crate) git_dir: PathBuf,
    /// `--path` as Flux's `spec.path`: relative to the top level, `./`-prefixed.
    pub(crate) spec_path: String,
    /// The branch and commit checked out when `ballast dev up` started.
    pub(crate) head: Head,
}

impl LocalRepo {
    /// Checks that `dir` is inside a Git work tree whose current branch has
    /// commits and whose tip contains the directory `path` (relative to
    /// `dir`). Every error names the flag and the value at fault.
    pub(crate) fn open(dir: &Path, path: &Path) -> anyhow::Result<Self> {
        if !dir.is_dir() {
            bail!("--repo {}: no such directory", dir.display());
        }
        let out = git(
            dir,
            &[
                "rev-parse",
                "--path-format=absolute",
                "--show-toplevel",
                "--git-common-dir",
                "--show-prefix",
            ],
        )?;
        if !out.status.success() {
            bail!(
                "--repo {}: not inside a Git work tree ({})",
                dir.display(),
                stderr_line(&out)
            );
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut lines = stdout.lines();
        let (Some(toplevel), Some(git_dir)) = (lines.next(), lines.next()) else {
            bail!(
                "--repo {}: unexpected output from `git rev-parse`: {stdout:?}",
                dir.display()
            );
        };
        let prefix = lines.next().unwrap_or("");
        let toplevel = PathBuf::from(toplevel);
        let git_dir = PathBuf::from(git_dir);

        let head = match head_state(&toplevel)? {
            HeadState::Branch(head) => head,
            HeadState::Detached => bail!(
                "--repo {}: HEAD is detached; check out the branch to reconcile",
                toplevel.display()
            ),
            HeadState::Unborn => bail!(
                "--repo {}: the current branch has no commits yet; commit something first",
                toplevel.display()
            ),
        };

        let relative = repo_relative(&toplevel, prefix, path)
            .map_err(|e| anyhow::anyhow!("--path {}: {e}", path.display()))?;
        check_tree(&toplevel, &head, &relative, path)?;
        let spec_path = if relative.is_empty() {
            "./".to_string()
        } else {
            format!("./{relative}")
        };
        Ok(Self {
            toplevel,
            git_dir,
            spec_path,
            head,
        })
    }

    /// A short name for the repository in URLs: its directory name, limited
    /// to characters that need no escaping.
    pub(crate) fn url_name(&self) -> String {
        let name: String = self
            .toplevel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let name = name.trim_matches('.');
        if name.is_empty() {
            "repo".to_string()
        } else {
            name.to_string()
        }
    }
}

/// Reads the current branch and its tip with one `git` call.
pub(crate) fn head_state(toplevel: &Path) -> anyhow::Result<HeadState> {
    // NB: `--symbolic-full-name` applies only to the arguments after it, so
    // this prints the commit id, then the full ref name (or `HEAD` when
    // detached). An unborn branch makes it fail.
    let out = git(
        toplevel,
        &["rev-parse", "HEAD", "--symbolic-full-name", "HEAD"],
    )?;
    if !out.status.success() {
        // Distinguish "no commits yet" from a broken repository.
        let born = git(toplevel, &["rev-parse", "--verify", "-q", "HEAD"])?;
        if !born.status.success() && born.stderr.is_empty() {
            return Ok(HeadState::Unborn);
        }
        bail!(
            "{}: cannot read HEAD ({})",
            toplevel.display(),
            stderr_line(&out)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let (Some(commit), Some(reference)) = (lines.next(), lines.next()) else {
        bail!(
            "{}: unexpected output from `git rev-parse`: {stdout:?}",
            toplevel.display()
        );
    };
    match reference.strip_prefix("refs/heads/") {
        Some(branch) => Ok(HeadState::Branch(Head {
            branch: branch.to_string(),
            commit: commit.to_string(),
        })),
        None => Ok(HeadState::Detached),
    }
}

/// Resolves `path` (relative to the directory at `prefix` inside the work
/// tree, or absolute) to a `/`-separated path relative to the top level;
/// empty for the top level itself.
fn repo_relative(toplevel: &Path, prefix: &str, path: &Path) -> anyhow::Result<String> {
    let joined = if path.is_absolute() {
        let canonical_top = toplevel
            .canonicalize()
            .unwrap_or_else(|_| toplevel.to_path_buf());
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        match canonical.strip_prefix(&canonical_top) {
            Ok(rest) => rest.to_path_buf(),
            Err(_) => bail!("is outside the repository {}", toplevel.display()),
        }
    } else {
        Path::new(prefix).join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    bail!("leads outside the repository {}", toplevel.display());
                }
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Ok(parts.join("/"))
}

/// Fails unless `relative` is a directory in the commit at `head`.
fn check_tree(toplevel: &Path, head: &Head, relative: &str, shown: &Path) -> anyhow::Result<()> {
    if relative.is_empty() {
        return Ok(());
    }
    let object = format!("{}:{relative}", head.commit);
    let out = git(toplevel, &["cat-file", "-t", &object])?;
    let short = &head.commit[..head.commit.len().min(7)];
    if !out.status.success() {
        let on_disk = if toplevel.join(relative).is_dir() {
            " (it exists on disk: commit it first)"
        } else {
            ""
        };
        bail!(
            "--path {}: no directory {relative} in {} at commit {short} of branch {}{on_disk}",
            shown.display(),
            toplevel.display(),
            head.branch
        );
    }
    let kind = String::from_utf8_lossy(&out.stdout);
    if kind.trim() != "tree" {
        bail!(
            "--path {}: {relative} is a file in {} at commit {short}; point at a directory",
            shown.display(),
            toplevel.display()
        );
    }
    Ok(())
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("cannot run `git` (is it installed and on PATH?)")
}

fn stderr_line(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_directory_inside_the_work_tree() {
        let top = Path::new("/nonexistent/repo");
        assert_eq!(repo_relative(top, "", Path::new("./")).unwrap(), "");
        assert_eq!(
            repo_relative(top, "examples/", Path::new("clusters/dev")).unwrap(),
            "examples/clusters/dev"
        );
        assert_eq!(
            repo_relative(top, "a/b/", Path::new("../c/./d")).unwrap(),
            "a/c/d"
        );
        let err = repo_relative(top, "", Path::new("../x")).unwrap_err();
        assert!(err.to_string().contains("outside the repository"), "{err}");
    }
}
