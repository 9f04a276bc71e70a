//! `spec.verify`: OpenPGP signatures made by the real gpg, keys from a Secret.

use ballast_api::GitRepository;
use ballast_api::meta::{ConditionStatus, LocalObjectReference, conditions};
use ballast_api::source::v1::{GitRepositoryRef, GitRepositoryVerification};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use kube::api::{Patch, PatchParams};
use serde_json::json;

use crate::common::*;
use crate::gpg::{Gpg, commit_signed};

fn verify(mode: &str, secret: &str) -> Option<GitRepositoryVerification> {
    Some(GitRepositoryVerification {
        mode: Some(mode.into()),
        secret_ref: LocalObjectReference::new(secret),
    })
}

fn source_verified(obj: &GitRepository) -> (ConditionStatus, String, String) {
    let c = condition(obj, conditions::SOURCE_VERIFIED).expect("SourceVerified condition");
    (c.status, c.reason.clone(), c.message.clone())
}

/// Ready=False for the current generation with `reason`.
fn failing_with(reason: &'static str) -> impl Fn(&GitRepository) -> bool {
    move |o| {
        is_not_ready_with(o, reason)
            && condition(o, conditions::READY)
                .is_some_and(|c| c.observed_generation == o.metadata.generation)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_commits_are_verified_and_unverified_ones_give_no_artifact() {
    let gpg = Gpg::new().unwrap();
    let trusted = gpg.key("Trusted <trusted@example.com>").unwrap();
    let stranger = gpg.key("Stranger <stranger@example.com>").unwrap();
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let remote = bare.to_str().unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("deploy/app.yaml", "kind: ConfigMap\n").unwrap();
    let good = commit_signed(&gpg, &work, &trusted, "signed");
    work.push(remote, "main:main").unwrap();

    let h = Harness::start().await;
    h.create_secret("pgp-keys", &[("trusted.asc", &trusted.armored)])
        .await;

    // The Secret is missing: a clear error, no artifact.
    let mut missing = spec(&server.url("repo.git"), "1s");
    missing.verification = verify("HEAD", "no-such-keys");
    h.create("missing", missing).await;
    let obj = h
        .wait_for(
            "missing",
            "failing verification",
            failing_with("VerificationError"),
        )
        .await;
    let (status, reason, message) = source_verified(&obj);
    assert_eq!(
        (status, reason.as_str()),
        (ConditionStatus::False, "VerificationError")
    );
    assert!(
        message
            == "public keys secret error: secret 'default/no-such-keys' (spec.verify.secretRef) not found",
        "{message}"
    );
    assert!(obj.artifact().is_none());
    assert_kstatus(&obj);

    // The legacy lowercase `head` means HEAD.
    let mut s = spec(&server.url("repo.git"), "1s");
    s.verification = verify("head", "pgp-keys");
    h.create("app", s).await;
    let obj = h.wait_ready_at("app", &good).await;
    let (status, reason, message) = source_verified(&obj);
    assert_eq!(
        (status, reason.as_str()),
        (ConditionStatus::True, "Succeeded")
    );
    assert_eq!(
        message,
        format!(
            "verified signature of\n\t- commit '{good}' with key '{}'",
            trusted.id
        )
    );
    assert_eq!(
        obj.status
            .as_ref()
            .unwrap()
            .source_verification_mode
            .as_deref(),
        Some("HEAD")
    );
    assert_kstatus(&obj);
    let good_artifact = obj.artifact().unwrap().clone();

    // Signed by a key that is not in the Secret: refused naming the key, the
    // last good artifact stays served.
    work.write("deploy/app.yaml", "kind: ConfigMap\n# stranger\n")
        .unwrap();
    let bad = commit_signed(&gpg, &work, &stranger, "stranger");
    work.push(remote, "main:main").unwrap();
    let obj = h
        .wait_for("app", "refusing the stranger's commit", |o| {
            failing_with("InvalidCommitSignature")(o)
                && condition(o, conditions::READY).is_some_and(|c| c.message.contains(&bad))
        })
        .await;
    let (status, reason, message) = source_verified(&obj);
    assert_eq!(
        (status, reason.as_str()),
        (ConditionStatus::False, "InvalidCommitSignature")
    );
    assert!(
        message.starts_with(&format!("signature verification of commit '{bad}' failed")),
        "{message}"
    );
    assert!(
        message.contains(&stranger.id),
        "names the signer: {message}"
    );
    assert_eq!(obj.artifact(), Some(&good_artifact));
    assert!(h.storage_path().join(&good_artifact.path).is_file());
    assert_kstatus(&obj);
    // The last good artifact is still served with its digest.
    let dest = download(&good_artifact).await;
    assert_eq!(
        std::fs::read_to_string(dest.path().join("deploy/app.yaml")).unwrap(),
        "kind: ConfigMap\n"
    );

    // Unsigned: refused as well.
    work.write("deploy/app.yaml", "kind: ConfigMap\n# unsigned\n")
        .unwrap();
    let unsigned = work.commit_all("unsigned").unwrap();
    work.push(remote, "main:main").unwrap();
    let obj = h
        .wait_for("app", "refusing the unsigned commit", |o| {
            condition(o, conditions::SOURCE_VERIFIED).is_some_and(|c| {
                c.status == ConditionStatus::False && c.message.contains(&unsigned)
            })
        })
        .await;
    let (_, reason, message) = source_verified(&obj);
    assert_eq!(reason, "InvalidCommitSignature");
    assert!(message.contains("not signed"), "{message}");
    assert_eq!(obj.artifact(), Some(&good_artifact));

    // A trusted signature again: a new artifact.
    work.write("deploy/app.yaml", "kind: ConfigMap\n# fixed\n")
        .unwrap();
    let fixed = commit_signed(&gpg, &work, &trusted, "fixed");
    work.push(remote, "main:main").unwrap();
    let obj = h.wait_ready_at("app", &fixed).await;
    assert_ne!(obj.artifact().unwrap().digest, good_artifact.digest);
    let (status, _, message) = source_verified(&obj);
    assert_eq!(status, ConditionStatus::True);
    assert!(message.contains(&fixed), "{message}");
    assert_kstatus(&obj);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_are_verified_in_tag_modes() {
    let gpg = Gpg::new().unwrap();
    let trusted = gpg.key("Trusted <trusted@example.com>").unwrap();
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("deploy/app.yaml", "kind: ConfigMap\n").unwrap();
    let commit = commit_signed(&gpg, &work, &trusted, "signed");
    gpg.git(
        &work,
        &trusted.fingerprint,
        &["tag", "-s", "v1.0.0", "-m", "one"],
    )
    .unwrap();
    work.git(&["tag", "v1.1.0"]).unwrap();
    let remote = bare.to_str().unwrap();
    work.push(remote, "main:main").unwrap();
    work.push(remote, "refs/tags/*:refs/tags/*").unwrap();
    let tag_object = work.git(&["rev-parse", "v1.0.0"]).unwrap();

    let h = Harness::start().await;
    h.create_secret("pgp-keys", &[("trusted.asc", &trusted.armored)])
        .await;
    let with = |reference: GitRepositoryRef, mode: &str| {
        let mut s = spec(&server.url("repo.git"), "1m");
        s.reference = Some(reference);
        s.verification = verify(mode, "pgp-keys");
        s
    };
    let tag = |name: &str| GitRepositoryRef {
        tag: Some(name.into()),
        ..Default::default()
    };
    h.create("both", with(tag("v1.0.0"), "TagAndHEAD")).await;
    h.create(
        "on-branch",
        with(
            GitRepositoryRef {
                branch: Some("main".into()),
                ..Default::default()
            },
            "Tag",
        ),
    )
    .await;
    h.create("lightweight", with(tag("v1.1.0"), "Tag")).await;

    let obj = h.wait_ready_at("both", &commit).await;
    let (status, _, message) = source_verified(&obj);
    assert_eq!(status, ConditionStatus::True);
    assert_eq!(
        message,
        format!(
            "verified signature of\n\t- tag 'v1.0.0@{tag_object}' with key '{}'\n\t- commit '{commit}' with key '{}'",
            trusted.id, trusted.id
        )
    );
    assert_eq!(
        obj.status
            .as_ref()
            .unwrap()
            .source_verification_mode
            .as_deref(),
        Some("TagAndHEAD")
    );
    assert_eq!(
        obj.artifact().unwrap().revision,
        format!("v1.0.0@sha1:{commit}")
    );

    // Tag mode on a branch cannot work whatever the remote does: Stalled.
    let obj = h
        .wait_for("on-branch", "stalled", |o| {
            condition(o, conditions::STALLED).is_some_and(|c| c.status == ConditionStatus::True)
        })
        .await;
    let (status, reason, message) = source_verified(&obj);
    assert_eq!(
        (status, reason.as_str()),
        (ConditionStatus::False, "InvalidVerificationMode")
    );
    assert!(message.starts_with("spec.verify.mode:"), "{message}");
    assert!(obj.artifact().is_none());
    assert_kstatus(&obj);

    // A lightweight tag has no signature.
    let obj = h
        .wait_for("lightweight", "failing", failing_with("InvalidGitObject"))
        .await;
    let (_, _, message) = source_verified(&obj);
    assert_eq!(
        message,
        "cannot verify signature of tag 'v1.1.0' since it is not signed"
    );
    assert!(obj.artifact().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_verify_on_checks_the_served_revision_and_off_forgets_it() {
    let gpg = Gpg::new().unwrap();
    let trusted = gpg.key("Trusted <trusted@example.com>").unwrap();
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, unsigned) = seed(&bare);

    let h = Harness::start().await;
    h.create_secret("pgp-keys", &[("trusted.asc", &trusted.armored)])
        .await;
    h.create("app", spec(&server.url("repo.git"), "1m")).await;
    let obj = h.wait_ready_at("app", &unsigned).await;
    assert!(condition(&obj, conditions::SOURCE_VERIFIED).is_none());
    let served = obj.artifact().unwrap().clone();

    // The same revision, now to be verified: it is not signed, so Ready=False
    // while the artifact built before stays.
    h.api()
        .patch(
            "app",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"spec": {"verify": {"mode": "HEAD", "secretRef": {"name": "pgp-keys"}}}}),
            ),
        )
        .await
        .unwrap();
    let obj = h
        .wait_for(
            "app",
            "failing verification",
            failing_with("InvalidCommitSignature"),
        )
        .await;
    let (status, _, message) = source_verified(&obj);
    assert_eq!(status, ConditionStatus::False);
    assert!(
        message.contains(&unsigned) && message.contains("not signed"),
        "{message}"
    );
    assert_eq!(obj.artifact(), Some(&served));
    assert_eq!(obj.status.as_ref().unwrap().source_verification_mode, None);
    assert_kstatus(&obj);

    // Verification off again: ready, and nothing about verification is left.
    h.api()
        .patch(
            "app",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"verify": null}})),
        )
        .await
        .unwrap();
    let obj = h
        .wait_for("app", "ready without verify", |o| {
            is_ready(o) && condition(o, conditions::SOURCE_VERIFIED).is_none()
        })
        .await;
    assert_eq!(obj.artifact().unwrap().digest, served.digest);
    assert_eq!(obj.status.as_ref().unwrap().source_verification_mode, None);
    assert_kstatus(&obj);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssh_signed_commits_verify_with_sshpub_keys() {
    let keys = tempfile::tempdir().unwrap();
    let private = keys.path().join("id_ed25519");
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "ci", "-f"])
        .arg(&private)
        .output()
        .expect("run ssh-keygen (apt-get install -y openssh-client)");
    assert!(out.status.success());
    let public = std::fs::read_to_string(private.with_extension("pub")).unwrap();
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("deploy/app.yaml", "kind: ConfigMap\n").unwrap();
    work.git(&["add", "-A"]).unwrap();
    let signing = format!("user.signingkey={}", private.display());
    work.git(&[
        "-c",
        "gpg.format=ssh",
        "-c",
        &signing,
        "commit",
        "-q",
        "-S",
        "-m",
        "ssh",
    ])
    .unwrap();
    let commit = work.git(&["rev-parse", "HEAD"]).unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();

    let h = Harness::start().await;
    h.create_secret("ssh-keys", &[("ci.sshpub", &public)]).await;
    let mut s = spec(&server.url("repo.git"), "1m");
    s.verification = verify("HEAD", "ssh-keys");
    h.create("app", s).await;
    let obj = h.wait_ready_at("app", &commit).await;
    let (status, _, message) = source_verified(&obj);
    assert_eq!(status, ConditionStatus::True);
    assert!(
        message.starts_with(&format!(
            "verified signature of\n\t- commit '{commit}' with key 'SHA256:"
        )),
        "{message}"
    );
    assert_kstatus(&obj);
}
