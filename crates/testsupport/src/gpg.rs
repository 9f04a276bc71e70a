//! Real OpenPGP keys and signatures: `gpg` with an isolated GNUPGHOME, and
//! `git commit -S` / `git tag -s` using it.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context as _, Result};

use crate::repo::{WorkRepo, git_command, run};

/// An isolated GnuPG home; dropping it stops the gpg-agent that gpg started.
pub struct Gpg {
    home: tempfile::TempDir,
    /// gpg's clock, frozen at this time (`--faked-system-time`), if set.
    faked_time: Option<String>,
}

/// A key made in a [`Gpg`] home.
#[derive(Debug, Clone)]
pub struct GpgKey {
    /// The primary key's fingerprint (40 hex digits).
    pub fingerprint: String,
    /// The 16-hex-digit key ID of the primary key.
    pub id: String,
    /// The ASCII-armoured public key, as a Flux verification Secret holds it.
    pub armored: String,
}

impl Gpg {
    /// A fresh GnuPG home in a temporary directory.
    pub fn new() -> Result<Self> {
        let home = tempfile::Builder::new()
            .prefix("gpg")
            .tempdir()
            .context("create a GNUPGHOME")?;
        Ok(Self {
            home,
            faked_time: None,
        })
    }

    /// A home whose gpg (also when git runs it) lives at `time`, e.g. `20200101T120000`.
    pub fn at(time: &str) -> Result<Self> {
        let mut gpg = Self::new()?;
        gpg.faked_time = Some(format!("{time}!"));
        Ok(gpg)
    }

    /// The GNUPGHOME directory (keys, revocation certificates).
    pub fn home(&self) -> &std::path::Path {
        self.home.path()
    }

    /// The gpg program git should run: gpg itself, or a wrapper with the faked clock.
    fn program(&self) -> Result<PathBuf> {
        let Some(time) = &self.faked_time else {
            return Ok(PathBuf::from("gpg"));
        };
        let path = self.home.path().join("gpg-at");
        std::fs::write(
            &path,
            format!("#!/bin/sh\nexec gpg --faked-system-time '{time}' \"$@\"\n"),
        )
        .with_context(|| format!("write {}", path.display()))?;
        let mut perms = std::fs::metadata(&path)?.permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms)?;
        Ok(path)
    }

    /// Runs `gpg <args>` in this home, without prompts; returns its stdout.
    pub fn run(&self, args: &[&str]) -> Result<String> {
        let mut cmd = Command::new("gpg");
        cmd.env("GNUPGHOME", self.home.path()).args([
            "--batch",
            "--quiet",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
        ]);
        if let Some(time) = &self.faked_time {
            cmd.args(["--faked-system-time", time]);
        }
        cmd.args(args);
        run(cmd, &format!("gpg {args:?} (apt-get install -y gnupg)"))
    }

    /// A new ed25519 signing key for `uid` that never expires.
    pub fn key(&self, uid: &str) -> Result<GpgKey> {
        self.key_expiring(uid, "never")
    }

    /// A new ed25519 signing key for `uid` that expires after `expire` (gpg's syntax: `1d`).
    pub fn key_expiring(&self, uid: &str, expire: &str) -> Result<GpgKey> {
        self.run(&["--quick-gen-key", uid, "ed25519", "sign", expire])?;
        let listing = self.run(&["--with-colons", "--list-keys", uid])?;
        let fingerprint = listing
            .lines()
            .find(|l| l.starts_with("fpr:"))
            .and_then(|l| l.split(':').nth(9))
            .with_context(|| format!("no fingerprint for {uid} in gpg's listing"))?
            .to_string();
        self.exported(&fingerprint)
    }

    /// The public key `fingerprint` as it is now (with its subkeys,
    /// expiry and revocation).
    pub fn exported(&self, fingerprint: &str) -> Result<GpgKey> {
        let id = fingerprint
            .get(fingerprint.len().saturating_sub(16)..)
            .context("fingerprint too short")?
            .to_string();
        let mut armored = self.run(&["--armor", "--export", fingerprint])?;
        armored.push('\n');
        Ok(GpgKey {
            id,
            armored,
            fingerprint: fingerprint.to_string(),
        })
    }

    /// Runs `git <args>` in `work` with this home and `key` for signing.
    pub fn git(&self, work: &WorkRepo, key: &str, args: &[&str]) -> Result<String> {
        let mut cmd = git_command();
        cmd.env("GNUPGHOME", self.home.path())
            .arg("-C")
            .arg(work.path())
            .arg("-c")
            .arg(format!("gpg.program={}", self.program()?.display()))
            .arg("-c")
            .arg(format!("user.signingkey={key}"))
            .args(args);
        run(cmd, &format!("git {args:?}"))
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", self.home.path())
            .args(["--kill", "all"])
            .output();
    }
}
