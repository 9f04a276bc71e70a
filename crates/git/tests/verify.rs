//! OpenPGP verification of commits and tags signed by the real `gpg` and
//! `git commit -S` / `git tag -s`, each test with its own GNUPGHOME.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use ballast_git::{
    Checkout, Error, FetchOptions, FetchOutcome, Keyring, Reference, VerifyMode, fetch, verify,
};
use ballast_testsupport::{Gpg, GpgKey as Key, WorkRepo, init_bare};

fn keyring(keys: &[&Key]) -> Keyring {
    let data: BTreeMap<String, Vec<u8>> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (format!("key{i}.asc"), k.armored.clone().into_bytes()))
        .collect();
    Keyring::from_secret(&data).unwrap()
}

struct Remote {
    _dir: tempfile::TempDir,
    bare: PathBuf,
    cache: tempfile::TempDir,
}

impl Remote {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bare = dir.path().join("repo.git");
        init_bare(&bare, "main").unwrap();
        Self {
            _dir: dir,
            bare,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn push(&self, work: &WorkRepo, refspec: &str) {
        work.push(self.bare.to_str().unwrap(), refspec).unwrap();
    }

    fn checkout(&self, reference: Reference) -> Checkout {
        let url = format!("file://{}", self.bare.display());
        match fetch(&FetchOptions::new(url, reference), self.cache.path(), None).unwrap() {
            FetchOutcome::Fetched(c) => c,
            other => panic!("expected a checkout, got {other:?}"),
        }
    }
}

fn commit_signed(gpg: &Gpg, work: &WorkRepo, key: &str, file: &str) -> String {
    work.write(file, file).unwrap();
    work.git(&["add", "-A"]).unwrap();
    gpg.git(work, key, &["commit", "-q", "-S", "-m", file])
        .unwrap();
    work.git(&["rev-parse", "HEAD"]).unwrap()
}

fn message(err: Error) -> String {
    err.to_string()
}

#[test]
fn signed_commit_verifies_with_its_key_and_fails_naming_an_unknown_key() {
    let gpg = Gpg::new().unwrap();
    let trusted = gpg.key("Trusted <trusted@example.com>").unwrap();
    let stranger = gpg.key("Stranger <stranger@example.com>").unwrap();
    let remote = Remote::new();
    let work = WorkRepo::init("main").unwrap();

    // Signed by the trusted key: verified, naming the key.
    let good = commit_signed(&gpg, &work, &trusted.fingerprint, "a.txt");
    remote.push(&work, "main:main");
    let checkout = remote.checkout(Reference::branch("main"));
    assert_eq!(checkout.commit, good);
    let verified = verify(
        &checkout,
        VerifyMode::Head,
        &keyring(&[&stranger, &trusted]),
    )
    .unwrap();
    assert_eq!(verified.commit, Some((good.clone(), trusted.id.clone())));
    assert_eq!(verified.tag, None);
    assert_eq!(
        verified.message(),
        format!(
            "verified signature of\n\t- commit '{good}' with key '{}'",
            trusted.id
        )
    );

    // Signed by a key that is not trusted: refused, naming the signer's key.
    let bad = commit_signed(&gpg, &work, &stranger.fingerprint, "b.txt");
    remote.push(&work, "main:main");
    let checkout = remote.checkout(Reference::branch("main"));
    let err = message(verify(&checkout, VerifyMode::Head, &keyring(&[&trusted])).unwrap_err());
    assert!(
        err.starts_with(&format!("signature verification of commit '{bad}' failed")),
        "{err}"
    );
    assert!(err.contains(&stranger.id), "names the signer: {err}");
    assert!(err.contains(&trusted.id), "names the trusted keys: {err}");

    // A forged commit: the trusted signature copied onto changed content.
    let raw = work.git(&["cat-file", "commit", &good]).unwrap();
    let forged_raw = format!("{}\n", raw.replace("\na.txt", "\nforged"));
    assert_ne!(raw, forged_raw.trim_end());
    let file = work.write(".forged", forged_raw).unwrap();
    let forged = work
        .git(&["hash-object", "-t", "commit", "-w", file.to_str().unwrap()])
        .unwrap();
    work.git(&["update-ref", "refs/heads/forged", &forged])
        .unwrap();
    remote.push(&work, "forged:forged");
    let checkout = remote.checkout(Reference::branch("forged"));
    assert_eq!(checkout.commit, forged);
    let err = message(verify(&checkout, VerifyMode::Head, &keyring(&[&trusted])).unwrap_err());
    assert!(err.contains(&format!("commit '{forged}' failed")), "{err}");
    assert!(
        err.contains(&format!("signature made by key '{}'", trusted.id)),
        "the signature is there but does not match the content: {err}"
    );
    std::fs::remove_file(file).unwrap();

    // Unsigned: refused.
    work.write("c.txt", "c").unwrap();
    let unsigned = work.commit_all("unsigned").unwrap();
    remote.push(&work, "main:main");
    let checkout = remote.checkout(Reference::branch("main"));
    let err = verify(&checkout, VerifyMode::Head, &keyring(&[&trusted])).unwrap_err();
    assert!(matches!(err, Error::CommitSignature { .. }), "{err}");
    assert!(message(err).contains(&format!(
        "commit '{unsigned}' failed: unable to verify Git commit: the object is not signed"
    )),);

    // Tag mode without a tag checkout is a configuration error.
    let err = verify(&checkout, VerifyMode::Tag, &keyring(&[&trusted])).unwrap_err();
    assert!(matches!(err, Error::NoTagToVerify), "{err}");
}

#[test]
fn a_signing_subkey_verifies_as_its_primary_key() {
    let gpg = Gpg::new().unwrap();
    let primary = gpg.key("Sub <sub@example.com>").unwrap();
    gpg.run(&[
        "--quick-add-key",
        &primary.fingerprint,
        "ed25519",
        "sign",
        "never",
    ])
    .unwrap();
    // Re-export so the certificate carries the subkey and its binding.
    let with_subkey = gpg.exported(&primary.fingerprint).unwrap();
    let remote = Remote::new();
    let work = WorkRepo::init("main").unwrap();
    // gpg signs with the newest signing subkey.
    let commit = commit_signed(&gpg, &work, &primary.fingerprint, "a.txt");
    remote.push(&work, "main:main");
    let checkout = remote.checkout(Reference::branch("main"));
    let verified = verify(&checkout, VerifyMode::Head, &keyring(&[&with_subkey])).unwrap();
    assert_eq!(verified.commit, Some((commit, primary.id.clone())));
    // The certificate exported before the subkey existed does not know it.
    let err = message(verify(&checkout, VerifyMode::Head, &keyring(&[&primary])).unwrap_err());
    assert!(
        err.contains("does not verify with any trusted key"),
        "{err}"
    );
}

#[test]
fn tags_verify_in_tag_and_tag_and_head_modes() {
    let gpg = Gpg::new().unwrap();
    let trusted = gpg.key("Trusted <trusted@example.com>").unwrap();
    let stranger = gpg.key("Stranger <stranger@example.com>").unwrap();
    let ring = keyring(&[&trusted]);
    let remote = Remote::new();
    let work = WorkRepo::init("main").unwrap();
    let commit = commit_signed(&gpg, &work, &trusted.fingerprint, "a.txt");
    gpg.git(
        &work,
        &trusted.fingerprint,
        &["tag", "-s", "v1.0.0", "-m", "one"],
    )
    .unwrap();
    gpg.git(
        &work,
        &stranger.fingerprint,
        &["tag", "-s", "v1.1.0", "-m", "stranger"],
    )
    .unwrap();
    work.git(&["tag", "-a", "v1.2.0", "-m", "annotated, unsigned"])
        .unwrap();
    work.git(&["tag", "v1.3.0"]).unwrap();
    remote.push(&work, "main:main");
    remote.push(&work, "refs/tags/*:refs/tags/*");
    let tag_object = work.git(&["rev-parse", "v1.0.0"]).unwrap();

    let checkout = remote.checkout(Reference::tag("v1.0.0"));
    assert_eq!(checkout.tag.as_deref(), Some("v1.0.0"));
    assert_eq!(checkout.tag_object.as_deref(), Some(tag_object.as_str()));
    let verified = verify(&checkout, VerifyMode::Tag, &ring).unwrap();
    assert_eq!(
        verified.tag,
        Some((format!("v1.0.0@{tag_object}"), trusted.id.clone()))
    );
    assert_eq!(verified.commit, None);
    let both = verify(&checkout, VerifyMode::TagAndHead, &ring).unwrap();
    assert_eq!(both.commit, Some((commit, trusted.id.clone())));
    assert!(
        both.message().contains("\n\t- tag 'v1.0.0@"),
        "{}",
        both.message()
    );
    assert!(
        both.message().contains("\n\t- commit '"),
        "{}",
        both.message()
    );

    // A semver range goes through the tag as well.
    let err = message(
        verify(
            &remote.checkout(Reference::semver("~1.1")),
            VerifyMode::Tag,
            &ring,
        )
        .unwrap_err(),
    );
    assert!(
        err.starts_with("signature verification of tag 'v1.1.0@"),
        "{err}"
    );
    assert!(err.contains(&stranger.id), "{err}");

    for (tag, shown) in [("v1.2.0", "v1.2.0@"), ("v1.3.0", "v1.3.0'")] {
        let checkout = remote.checkout(Reference::tag(tag));
        let err = verify(&checkout, VerifyMode::Tag, &ring).unwrap_err();
        assert!(matches!(err, Error::UnsignedTag { .. }), "{tag}: {err}");
        assert!(message(err).contains(&format!("tag '{shown}")), "{tag}");
    }
}

#[test]
fn an_expired_key_is_refused_naming_when_it_expired() {
    // A key made in 2020 that lived one day, and a commit it signed that day.
    let gpg = Gpg::at("20200101T120000").unwrap();
    let old = gpg.key_expiring("Old <old@example.com>", "1d").unwrap();
    let remote = Remote::new();
    let work = WorkRepo::init("main").unwrap();
    let commit = commit_signed(&gpg, &work, &old.fingerprint, "a.txt");
    remote.push(&work, "main:main");
    let checkout = remote.checkout(Reference::branch("main"));
    let err = message(verify(&checkout, VerifyMode::Head, &keyring(&[&old])).unwrap_err());
    assert_eq!(
        err,
        format!(
            "signature verification of commit '{commit}' failed: unable to verify Git commit: \
             signature made by key '{}', which expired at 2020-01-02T12:00:00Z",
            old.id
        )
    );
}

#[test]
fn a_revoked_key_is_refused() {
    let gpg = Gpg::new().unwrap();
    let key = gpg.key("Revoked <revoked@example.com>").unwrap();
    let remote = Remote::new();
    let work = WorkRepo::init("main").unwrap();
    commit_signed(&gpg, &work, &key.fingerprint, "a.txt");
    remote.push(&work, "main:main");
    let checkout = remote.checkout(Reference::branch("main"));
    verify(&checkout, VerifyMode::Head, &keyring(&[&key])).unwrap();

    // gpg keeps a revocation certificate for each new key, its armour
    // guarded by a leading ':'; import it and export the revoked certificate.
    let rev = gpg
        .home()
        .join("openpgp-revocs.d")
        .join(format!("{}.rev", key.fingerprint));
    let text = std::fs::read_to_string(&rev)
        .unwrap()
        .replace(":-----BEGIN", "-----BEGIN");
    std::fs::write(&rev, text).unwrap();
    gpg.run(&["--import", rev.to_str().unwrap()]).unwrap();
    let revoked = gpg.exported(&key.fingerprint).unwrap();
    let err = message(verify(&checkout, VerifyMode::Head, &keyring(&[&revoked])).unwrap_err());
    assert!(
        err.ends_with(&format!(
            "signature made by key '{}', which is revoked",
            key.id
        )),
        "{err}"
    );
}

/// An SSH key made by `ssh-keygen`, for git's `gpg.format=ssh`.
struct SshKey {
    _dir: tempfile::TempDir,
    private: PathBuf,
    public: String,
}

fn ssh_key(comment: &str) -> SshKey {
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("id_ed25519");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(&private)
        .output()
        .expect("run ssh-keygen (apt-get install -y openssh-client)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(private.with_extension("pub")).unwrap();
    SshKey {
        _dir: dir,
        private,
        public,
    }
}

/// `ssh-keygen -l` fingerprint (`SHA256:…`) of a public key.
fn ssh_fingerprint(key: &SshKey) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(key.private.with_extension("pub"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string()
}

fn ssh_git(work: &WorkRepo, key: &SshKey, args: &[&str]) {
    let mut full = vec!["-c", "gpg.format=ssh", "-c"];
    let signing = format!("user.signingkey={}", key.private.display());
    full.push(&signing);
    full.extend_from_slice(args);
    work.git(&full).unwrap();
}

#[test]
fn ssh_signed_commits_and_tags_verify_with_sshpub_keys() {
    let trusted = ssh_key("trusted");
    let stranger = ssh_key("stranger");
    let ring = |keys: &[(&str, &str)]| {
        let data: BTreeMap<String, Vec<u8>> = keys
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect();
        Keyring::from_secret(&data).unwrap()
    };
    // authorized_keys format: comments and options are fine.
    let authorized = format!("# deploy keys\nno-pty {}", trusted.public);
    let trusted_ring = ring(&[("ci.sshpub", &authorized)]);
    let remote = Remote::new();
    let work = WorkRepo::init("main").unwrap();
    work.write("a.txt", "a").unwrap();
    work.git(&["add", "-A"]).unwrap();
    ssh_git(&work, &trusted, &["commit", "-q", "-S", "-m", "ssh signed"]);
    let commit = work.git(&["rev-parse", "HEAD"]).unwrap();
    ssh_git(&work, &trusted, &["tag", "-s", "v1.0.0", "-m", "ssh tag"]);
    remote.push(&work, "main:main");
    remote.push(&work, "refs/tags/*:refs/tags/*");

    let checkout = remote.checkout(Reference::tag("v1.0.0"));
    let verified = verify(&checkout, VerifyMode::TagAndHead, &trusted_ring).unwrap();
    let fingerprint = ssh_fingerprint(&trusted);
    assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
    assert_eq!(verified.commit, Some((commit.clone(), fingerprint.clone())));
    assert_eq!(verified.tag.map(|(_, key)| key), Some(fingerprint.clone()));

    // Not a trusted key: refused naming the signer's fingerprint.
    let err = message(
        verify(
            &checkout,
            VerifyMode::Head,
            &ring(&[("other.sshpub", &stranger.public)]),
        )
        .unwrap_err(),
    );
    assert!(
        err.contains(&format!("signature made by SSH key '{fingerprint}'")),
        "{err}"
    );
    // Only OpenPGP keys in the Secret: said so.
    let gpg = Gpg::new().unwrap();
    let pgp = gpg.key("Only <only@example.com>").unwrap();
    let err = message(verify(&checkout, VerifyMode::Head, &keyring(&[&pgp])).unwrap_err());
    assert!(
        err.ends_with("SSH signature detected but no SSH public keys found in secret (keys with .sshpub suffix)"),
        "{err}"
    );
}
