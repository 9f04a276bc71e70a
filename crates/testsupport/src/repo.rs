//! Fixture repositories built with the real `git` CLI.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

/// Proxy variables removed from every child process.
const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
];

/// A `git` command isolated from the machine's configuration and proxies.
pub fn git_command() -> Command {
    let mut cmd = Command::new("git");
    isolate(&mut cmd);
    cmd.env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com");
    cmd
}

pub(crate) fn isolate(cmd: &mut Command) {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
}

pub(crate) fn run(mut cmd: Command, what: &str) -> Result<String> {
    let out = cmd.output().with_context(|| {
        format!(
            "{what}: cannot run {:?} (is it installed? apt-get install -y git)",
            cmd.get_program()
        )
    })?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Creates a bare repository at `path` that accepts pushes over HTTP and SSH.
pub fn init_bare(path: &Path, initial_branch: &str) -> Result<()> {
    let mut cmd = git_command();
    cmd.args(["init", "--bare", "--quiet", "-b", initial_branch])
        .arg(path);
    run(cmd, "git init --bare")?;
    for (key, value) in [
        ("http.receivepack", "true"),
        ("uploadpack.allowReachableSHA1InWant", "true"),
    ] {
        let mut cmd = git_command();
        cmd.arg("-C").arg(path).args(["config", key, value]);
        run(cmd, "git config")?;
    }
    Ok(())
}

/// A scratch non-bare repository for building fixtures with the `git` CLI.
pub struct WorkRepo {
    dir: tempfile::TempDir,
}

impl WorkRepo {
    /// `git init -b <branch>` in a fresh temporary directory.
    pub fn init(branch: &str) -> Result<Self> {
        let dir = tempfile::tempdir().context("create temp dir")?;
        let repo = Self { dir };
        repo.git(&["init", "--quiet", "-b", branch])?;
        Ok(repo)
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `git <args>` in the work tree and returns its trimmed stdout.
    pub fn git(&self, args: &[&str]) -> Result<String> {
        let mut cmd = git_command();
        cmd.arg("-C").arg(self.path()).args(args);
        run(cmd, &format!("git {}", args.join(" ")))
    }

    /// Writes a file (creating parent directories).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> Result<PathBuf> {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, contents).with_context(|| format!("write {}", path.display()))?;
        Ok(path)
    }

    /// Stages everything and commits; returns the new commit SHA.
    pub fn commit_all(&self, message: &str) -> Result<String> {
        self.git(&["add", "-A"])?;
        self.git(&["commit", "--quiet", "--allow-empty", "-m", message])?;
        self.git(&["rev-parse", "HEAD"])
    }

    /// Pushes `refspec` to the repository at `remote` (a path or URL).
    pub fn push(&self, remote: &str, refspec: &str) -> Result<()> {
        self.git(&["push", "--quiet", remote, refspec]).map(drop)
    }
}
