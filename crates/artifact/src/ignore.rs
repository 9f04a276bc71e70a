//! Which files go into an artifact: Flux's default excludes, `.sourceignore` files at
//! any level and `spec.ignore`, all with gitignore semantics (negation included).

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::{Error, Result};

/// Name of the per-directory ignore file.
pub const SOURCE_IGNORE_FILE: &str = ".sourceignore";

/// Always excluded: version control files. NB: `.git` without a trailing slash,
/// so a submodule's `.git` *file* (a `gitdir:` pointer into the superproject)
/// stays out too, not only `.git/` directories.
const EXCLUDE_VCS: &[&str] = &[".git", ".gitignore", ".gitmodules", ".gitattributes"];

/// Excluded unless `spec.ignore` is set (it replaces them): binaries and media,
/// CI configuration and tool files, as in Flux's source-controller.
const EXCLUDE_DEFAULT: &[&str] = &[
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.png",
    "*.wmv",
    "*.flv",
    "*.tar.gz",
    "*.zip",
    ".github/",
    ".circleci/",
    ".travis.yml",
    ".gitlab-ci.yml",
    "appveyor.yml",
    ".drone.yml",
    "cloudbuild.yaml",
    "codeship-services.yml",
    "codeship-steps.yml",
    "**/.goreleaser.yml",
    "**/.sops.yaml",
    "**/.flux.yaml",
];

/// Ignore rules for one archive: defaults and `spec.ignore` rooted at the tree root,
/// plus one matcher per `.sourceignore` found while walking.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// Lowest precedence first: defaults, then `.sourceignore` files from the root
    /// down, then `spec.ignore`.
    base: Gitignore,
    spec: Option<Gitignore>,
}

fn build(
    root: &Path,
    source_name: &str,
    lines: impl IntoIterator<Item = String>,
) -> Result<Gitignore> {
    let mut builder = GitignoreBuilder::new(root);
    for line in lines {
        builder
            .add_line(None, &line)
            .map_err(|e| Error::IgnorePattern {
                source_name: source_name.to_string(),
                reason: e.to_string(),
            })?;
    }
    builder.build().map_err(|e| Error::IgnorePattern {
        source_name: source_name.to_string(),
        reason: e.to_string(),
    })
}

impl Rules {
    /// Rules for a tree rooted at `root`; `spec_ignore` is the `spec.ignore` text.
    pub(crate) fn new(root: &Path, spec_ignore: Option<&str>) -> Result<Self> {
        let mut defaults: Vec<String> = EXCLUDE_VCS.iter().map(|s| s.to_string()).collect();
        if spec_ignore.is_none() {
            defaults.extend(EXCLUDE_DEFAULT.iter().map(|s| s.to_string()));
        }
        let base = build(root, "the default excludes", defaults)?;
        let spec = match spec_ignore {
            Some(text) => Some(build(
                root,
                "spec.ignore",
                text.lines().map(str::to_string),
            )?),
            None => None,
        };
        Ok(Self { base, spec })
    }

    /// Reads `.sourceignore` in `fs_dir`, if any, as a matcher rooted at `tree_dir`
    /// (the two differ when the directory was reached through a symlink).
    pub(crate) fn load_dir(fs_dir: &Path, tree_dir: &Path) -> Result<Option<Gitignore>> {
        let file = fs_dir.join(SOURCE_IGNORE_FILE);
        // NB: only a regular file counts; a symlinked .sourceignore could point outside.
        match std::fs::symlink_metadata(&file) {
            Ok(meta) if meta.is_file() => {}
            _ => return Ok(None),
        }
        let text =
            std::fs::read_to_string(&file).map_err(crate::error::io("read", file.clone()))?;
        build(
            tree_dir,
            &file.display().to_string(),
            text.lines().map(str::to_string),
        )
        .map(Some)
    }

    /// Whether `path` (under the root) is excluded, given the `.sourceignore`
    /// matchers of its ancestors (shallowest first).
    pub(crate) fn is_ignored(
        &self,
        path: &Path,
        is_dir: bool,
        dir_rules: &[(PathBuf, Gitignore)],
    ) -> bool {
        // Highest precedence first; the first definite answer wins.
        if let Some(spec) = &self.spec {
            match spec.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        for (_, rules) in dir_rules.iter().rev() {
            match rules.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        self.base.matched(path, is_dir).is_ignore()
    }
}
