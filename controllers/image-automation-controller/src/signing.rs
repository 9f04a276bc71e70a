//! Signed commits (`spec.git.commit.signingKey`): the commit object is built
//! with libgit2, signed over its text — OpenPGP with rPGP (type `gpg`, a
//! detached armoured signature as `git commit -S` makes) or an SSH signature
//! in the `git` namespace (type `ssh`, as `gpg.format=ssh` makes) — and
//! written with its `gpgsig` header; HEAD's branch then moves to it.

use std::collections::BTreeMap;
use std::path::Path;

use ballast_git::Signature;
use git2::{IndexAddOption, Repository};
use pgp::composed::{ArmorOptions, Deserializable, DetachedSignature, SignedSecretKey};
use pgp::crypto::hash::HashAlgorithm;
use pgp::types::Password;

/// The Secret key holding the armoured OpenPGP private key, as Flux's.
const KEY_FIELD: &str = "git.asc";
/// The Secret key holding its passphrase, if any.
const PASSPHRASE_FIELD: &str = "passphrase";
/// The Secret key holding the OpenSSH private key, as Flux's.
const SSH_KEY_FIELD: &str = "identity";
/// The Secret key holding the SSH key's passphrase, if any.
const SSH_PASSWORD_FIELD: &str = "password";

/// A private key ready to sign commits.
pub(crate) enum CommitSigner {
    /// OpenPGP (`type: gpg`).
    OpenPgp {
        key: Box<SignedSecretKey>,
        passphrase: String,
    },
    /// SSH (`type: ssh`).
    Ssh(Box<ssh_key::PrivateKey>),
}

impl std::fmt::Debug for CommitSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommitSigner").finish_non_exhaustive()
    }
}

impl CommitSigner {
    /// Reads `git.asc` (and `passphrase`) from a Secret's data and checks
    /// that the key can sign with that passphrase. Errors name the field.
    pub(crate) fn from_secret(data: &BTreeMap<String, Vec<u8>>) -> Result<Self, String> {
        let signer = Self::open_pgp(data)?;
        // Fail now, naming the Secret, rather than after the files changed.
        signer
            .sign("ballast signing check\n")
            .map_err(|e| format!("'{KEY_FIELD}' cannot sign (wrong '{PASSPHRASE_FIELD}'?): {e}"))?;
        Ok(signer)
    }

    /// Reads an OpenSSH private key from `identity`; keys protected by a
    /// `password` are refused (this build has no OpenSSH key decryption).
    pub(crate) fn ssh_from_secret(data: &BTreeMap<String, Vec<u8>>) -> Result<Self, String> {
        let pem = data
            .get(SSH_KEY_FIELD)
            .ok_or_else(|| format!("no '{SSH_KEY_FIELD}' key in the secret"))?;
        let key = ssh_key::PrivateKey::from_openssh(pem).map_err(|e| {
            format!(
                "'{SSH_KEY_FIELD}' is not an OpenSSH private key (BEGIN OPENSSH PRIVATE KEY): {e}"
            )
        })?;
        if key.is_encrypted() {
            let hint = if data.contains_key(SSH_PASSWORD_FIELD) {
                format!(" ('{SSH_PASSWORD_FIELD}' is set)")
            } else {
                String::new()
            };
            return Err(format!(
                "'{SSH_KEY_FIELD}' is passphrase-protected{hint}; ballast signs only with unencrypted SSH keys"
            ));
        }
        let signer = Self::Ssh(Box::new(key));
        signer
            .sign("ballast signing check\n")
            .map_err(|e| format!("'{SSH_KEY_FIELD}' cannot sign: {e}"))?;
        Ok(signer)
    }

    fn open_pgp(data: &BTreeMap<String, Vec<u8>>) -> Result<Self, String> {
        let armored = data
            .get(KEY_FIELD)
            .ok_or_else(|| format!("no '{KEY_FIELD}' key in the secret"))?;
        let armored = std::str::from_utf8(armored)
            .map_err(|_| format!("'{KEY_FIELD}' is not ASCII-armoured text"))?;
        let (key, _) = SignedSecretKey::from_string(armored)
            .map_err(|e| format!("'{KEY_FIELD}' is not an armoured OpenPGP private key: {e}"))?;
        let passphrase = match data.get(PASSPHRASE_FIELD) {
            Some(p) => String::from_utf8(p.clone())
                .map_err(|_| format!("'{PASSPHRASE_FIELD}' is not UTF-8"))?,
            None => String::new(),
        };
        Ok(Self::OpenPgp {
            key: Box::new(key),
            passphrase,
        })
    }

    /// A detached, armoured signature of `payload`.
    fn sign(&self, payload: &str) -> Result<String, String> {
        match self {
            Self::OpenPgp { key, passphrase } => {
                let signature = DetachedSignature::sign_binary_data(
                    rand_08::thread_rng(),
                    &key.primary_key,
                    &Password::from(passphrase.clone()),
                    HashAlgorithm::Sha256,
                    payload.as_bytes(),
                )
                .map_err(|e| e.to_string())?;
                signature
                    .to_armored_string(ArmorOptions::default())
                    .map_err(|e| e.to_string())
            }
            Self::Ssh(key) => key
                .sign("git", ssh_key::HashAlg::Sha512, payload.as_bytes())
                .and_then(|sig| sig.to_pem(ssh_key::LineEnding::LF))
                .map_err(|e| e.to_string()),
        }
    }
}

/// Stages every change of the work tree at `dir` and commits it signed on
/// HEAD's branch, with `author` as author and committer. Returns the new
/// commit, or `None` when the tree did not change.
pub(crate) fn commit_signed(
    dir: &Path,
    author: &Signature,
    message: &str,
    signer: &CommitSigner,
) -> Result<Option<String>, String> {
    let git = |what: &str| {
        let what = what.to_string();
        move |e: git2::Error| format!("{what}: {}", e.message())
    };
    let repo = Repository::open(dir).map_err(git("open work tree"))?;
    let mut index = repo.index().map_err(git("open index"))?;
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .map_err(git("stage changes"))?;
    index
        .update_all(["*"], None)
        .map_err(git("stage deletions"))?;
    index.write().map_err(git("write index"))?;
    let tree_id = index.write_tree().map_err(git("write tree"))?;
    let head = repo.head().map_err(git("read HEAD"))?;
    let parent = head.peel_to_commit().map_err(git("read HEAD commit"))?;
    if parent.tree_id() == tree_id {
        return Ok(None);
    }
    let branch = head
        .name()
        .map_err(|_| "HEAD is not a branch".to_string())?
        .to_string();
    let tree = repo.find_tree(tree_id).map_err(git("read tree"))?;
    let who = git2::Signature::now(&author.name, &author.email).map_err(git("make author"))?;
    let mut text = message.trim_end().to_string();
    text.push('\n');
    let buffer = repo
        .commit_create_buffer(&who, &who, &text, &tree, &[&parent])
        .map_err(git("build commit"))?;
    let payload = buffer
        .as_str()
        .map_err(|_| "commit text is not UTF-8".to_string())?;
    let signature = signer.sign(payload)?;
    let oid = repo
        .commit_signed(payload, &signature, Some("gpgsig"))
        .map_err(git("write signed commit"))?;
    repo.reference(&branch, oid, true, "ballast: signed commit")
        .map_err(git("move branch"))?;
    Ok(Some(oid.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, &[u8])]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect()
    }

    #[test]
    fn unusable_keys_are_refused_naming_the_field() {
        let err = CommitSigner::from_secret(&data(&[])).unwrap_err();
        assert!(err.contains("'git.asc'"), "{err}");
        let err = CommitSigner::from_secret(&data(&[("git.asc", b"not a key")])).unwrap_err();
        assert!(err.contains("'git.asc' is not an armoured"), "{err}");
        let err = CommitSigner::ssh_from_secret(&data(&[("git.asc", b"x")])).unwrap_err();
        assert!(err.contains("'identity'"), "{err}");
        let err = CommitSigner::ssh_from_secret(&data(&[("identity", b"junk")])).unwrap_err();
        assert!(err.contains("not an OpenSSH private key"), "{err}");
    }

    #[test]
    fn passphrase_protected_ssh_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("k");
        let made = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "s3cret", "-f"])
            .arg(&key)
            .status()
            .expect("ssh-keygen (apt-get install -y openssh-client)");
        assert!(made.success());
        let pem = std::fs::read(&key).unwrap();
        let err =
            CommitSigner::ssh_from_secret(&data(&[("identity", &pem), ("password", b"s3cret")]))
                .unwrap_err();
        assert!(err.contains("passphrase-protected"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
