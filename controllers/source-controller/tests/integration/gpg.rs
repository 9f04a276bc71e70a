//! Real OpenPGP keys and signatures: `gpg` with an isolated GNUPGHOME, and
//! `git commit -S` / `git tag -s` using it.

use std::process::Command;

use ballast_testsupport::WorkRepo;

/// An isolated GnuPG home; dropping it stops the gpg-agent that gpg started.
pub(crate) struct Gpg {
    home: tempfile::TempDir,
}

/// A key made in a [`Gpg`] home.
pub(crate) struct Key {
    pub(crate) fingerprint: String,
    /// The 16-hex-digit key ID of the primary key.
    pub(crate) id: String,
    pub(crate) armored: String,
}

impl Gpg {
    pub(crate) fn new() -> Self {
        let home = tempfile::Builder::new().prefix("gpg").tempdir().unwrap();
        Self { home }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new("gpg");
        cmd.env("GNUPGHOME", self.home.path()).args([
            "--batch",
            "--quiet",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
        ]);
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(args)
            .output()
            .expect("run gpg (apt-get install -y gnupg)");
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A new ed25519 signing key for `uid`.
    pub(crate) fn key(&self, uid: &str) -> Key {
        self.run(&["--quick-gen-key", uid, "ed25519", "sign", "never"]);
        let listing = self.run(&["--with-colons", "--list-keys", uid]);
        let fingerprint = listing
            .lines()
            .find(|l| l.starts_with("fpr:"))
            .and_then(|l| l.split(':').nth(9))
            .unwrap()
            .to_string();
        self.exported(&fingerprint)
    }

    pub(crate) fn exported(&self, fingerprint: &str) -> Key {
        Key {
            id: fingerprint[fingerprint.len() - 16..].to_string(),
            armored: self.run(&["--armor", "--export", fingerprint]),
            fingerprint: fingerprint.to_string(),
        }
    }

    /// Runs `git <args>` in `work` with this home and `key` for signing.
    pub(crate) fn git(&self, work: &WorkRepo, key: &str, args: &[&str]) -> String {
        let mut cmd = ballast_testsupport::git_command();
        cmd.env("GNUPGHOME", self.home.path())
            .arg("-C")
            .arg(work.path())
            .args(["-c", "gpg.program=gpg", "-c"])
            .arg(format!("user.signingkey={key}"))
            .args(args);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
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

/// Commits everything in `work`, signed with `key`; returns the SHA.
pub(crate) fn commit_signed(gpg: &Gpg, work: &WorkRepo, key: &Key, message: &str) -> String {
    work.git(&["add", "-A"]).unwrap();
    gpg.git(
        work,
        &key.fingerprint,
        &["commit", "-q", "--allow-empty", "-S", "-m", message],
    );
    work.git(&["rev-parse", "HEAD"]).unwrap()
}
