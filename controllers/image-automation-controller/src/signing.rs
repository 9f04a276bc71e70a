//! OpenPGP-signed commits (`spec.git.commit.signingKey`, type `gpg`): the
//! commit object is built with libgit2, signed with rPGP (a detached,
//! ASCII-armoured signature over the commit text, as `git commit -S` makes)
//! and written with its `gpgsig` header; HEAD's branch then moves to it.

use std::collections::BTreeMap;
use std::path::Path;

use ballast_git::Signature;
use git2::{IndexAddOption, Repository};
use pgp::composed::{ArmorOptions, Deserializable, DetachedSignature, SignedSecretKey};
use pgp::crypto::hash::HashAlgorithm;
use pgp::types::Password;

/// The Secret key holding the armoured private key, as Flux's.
const KEY_FIELD: &str = "git.asc";
/// The Secret key holding its passphrase, if any.
const PASSPHRASE_FIELD: &str = "passphrase";

/// An OpenPGP private key ready to sign commits.
pub(crate) struct CommitSigner {
    key: SignedSecretKey,
    passphrase: String,
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
        let signer = Self { key, passphrase };
        // Fail now, naming the Secret, rather than after the files changed.
        signer
            .sign("ballast signing check\n")
            .map_err(|e| format!("'{KEY_FIELD}' cannot sign (wrong '{PASSPHRASE_FIELD}'?): {e}"))?;
        Ok(signer)
    }

    /// A detached, armoured signature of `payload`.
    fn sign(&self, payload: &str) -> Result<String, String> {
        let signature = DetachedSignature::sign_binary_data(
            rand_08::thread_rng(),
            &self.key.primary_key,
            &Password::from(self.passphrase.clone()),
            HashAlgorithm::Sha256,
            payload.as_bytes(),
        )
        .map_err(|e| e.to_string())?;
        signature
            .to_armored_string(ArmorOptions::default())
            .map_err(|e| e.to_string())
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
