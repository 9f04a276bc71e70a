//! Every ref kind, determinism, downloads, and bad input that stalls.

use ballast_api::meta::{ConditionStatus, conditions};
use ballast_api::source::v1::GitRepositoryRef;
use ballast_artifact::{DownloadOptions, fetch_artifact};
use ballast_testsupport::{HttpGitServer, HttpOptions};
use sha2::Digest;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ref_kind_gets_a_ready_artifact_that_downloads_with_its_digest() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (work, first) = seed(&bare);
    work.git(&["tag", "v1.0.0"]).unwrap();
    work.write("deploy/app.yaml", "kind: ConfigMap\n# v1.1\n")
        .unwrap();
    let second = work.commit_all("second").unwrap();
    work.git(&["tag", "v1.1.0"]).unwrap();
    work.git(&["tag", "v2.0.0-rc.1"]).unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    work.push(bare.to_str().unwrap(), "--tags").unwrap();

    let h = Harness::start().await;
    let url = server.url("repo.git");
    let with_ref = |r: GitRepositoryRef| {
        let mut s = spec(&url, "10m");
        s.reference = Some(r);
        s
    };
    h.create("branch", spec(&url, "10m")).await;
    h.create(
        "tag",
        with_ref(GitRepositoryRef {
            tag: Some("v1.0.0".into()),
            ..Default::default()
        }),
    )
    .await;
    h.create(
        "semver",
        with_ref(GitRepositoryRef {
            semver: Some(">=1.0.0 <2.0.0".into()),
            ..Default::default()
        }),
    )
    .await;
    h.create(
        "commit",
        with_ref(GitRepositoryRef {
            commit: Some(first.clone()),
            ..Default::default()
        }),
    )
    .await;

    let branch = h.wait_ready_at("branch", &second).await;
    let tag = h.wait_ready_at("tag", &first).await;
    let semver = h.wait_ready_at("semver", &second).await;
    let commit = h.wait_ready_at("commit", &first).await;

    // Revisions use Flux's v1 format.
    assert_eq!(
        branch.artifact().unwrap().revision,
        format!("main@sha1:{second}")
    );
    assert_eq!(
        tag.artifact().unwrap().revision,
        format!("v1.0.0@sha1:{first}")
    );
    assert_eq!(
        semver.artifact().unwrap().revision,
        format!("v1.1.0@sha1:{second}")
    );
    assert_eq!(commit.artifact().unwrap().revision, format!("sha1:{first}"));

    // The same tree gives the same bytes, whatever the ref kind.
    assert_eq!(
        tag.artifact().unwrap().digest,
        commit.artifact().unwrap().digest
    );
    assert_eq!(
        branch.artifact().unwrap().digest,
        semver.artifact().unwrap().digest
    );
    assert_ne!(
        branch.artifact().unwrap().digest,
        tag.artifact().unwrap().digest
    );

    for obj in [&branch, &tag, &semver, &commit] {
        assert_kstatus(obj);
        let artifact = obj.artifact().unwrap();
        let c = condition(obj, conditions::ARTIFACT_IN_STORAGE).unwrap();
        assert_eq!(c.status, ConditionStatus::True);
        assert_eq!(
            artifact.path,
            format!(
                "gitrepository/{NS}/{}/{}.tar.gz",
                obj.metadata.name.as_deref().unwrap(),
                artifact.revision.rsplit(':').next().unwrap()
            )
        );
        // The file on disk and over HTTP has the digest and size in status.
        let bytes = std::fs::read(h.storage_path().join(&artifact.path)).unwrap();
        assert_eq!(
            format!("sha256:{:x}", sha2::Sha256::digest(&bytes)),
            artifact.digest
        );
        assert_eq!(Some(bytes.len() as i64), artifact.size);
        let dest = tempfile::tempdir().unwrap();
        let fetched = fetch_artifact(
            &artifact.url,
            &artifact.digest,
            dest.path(),
            &DownloadOptions::default(),
        )
        .await
        .unwrap();
        assert_eq!(fetched.size, bytes.len() as u64);
        assert!(dest.path().join("deploy/app.yaml").is_file());
        assert!(!dest.path().join(".git").exists());
    }
    assert!(
        std::fs::read_to_string(
            download(semver.artifact().unwrap())
                .await
                .path()
                .join("deploy/app.yaml")
        )
        .unwrap()
        .contains("v1.1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_url_and_semver_range_stall_naming_the_field() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    seed(&bare);
    let h = Harness::start().await;

    // The CRD pattern only allows http/https/ssh, so an unusable URL of an allowed scheme.
    h.create("bad-url", spec("http://", "1m")).await;
    let mut bad_semver = spec(&server.url("repo.git"), "1m");
    bad_semver.reference = Some(GitRepositoryRef {
        semver: Some(">=1.0.0 <<2".into()),
        ..Default::default()
    });
    h.create("bad-semver", bad_semver).await;

    let stalled = |o: &ballast_api::GitRepository| {
        condition(o, conditions::STALLED).is_some_and(|c| c.status == ConditionStatus::True)
            && o.status.as_ref().and_then(|s| s.observed_generation) == o.metadata.generation
    };
    let url = h.wait_for("bad-url", "stalled", stalled).await;
    let c = condition(&url, conditions::STALLED).unwrap();
    assert_eq!(c.reason, "URLInvalid");
    assert!(c.message.starts_with("spec.url:"), "{}", c.message);
    assert_kstatus(&url);

    let semver = h.wait_for("bad-semver", "stalled", stalled).await;
    let c = condition(&semver, conditions::STALLED).unwrap();
    assert_eq!(c.reason, "InvalidReference");
    assert!(c.message.starts_with("spec.ref.semver:"), "{}", c.message);
    assert!(semver.artifact().is_none());
    assert_kstatus(&semver);

    // Stalled objects are not retried in a loop: the resourceVersion stays put.
    let rv = semver.metadata.resource_version.clone();
    let api = h.api();
    // Give a retry loop (200ms min delay in tests) time to show itself, by
    // waiting on a fresh object that must become ready meanwhile.
    h.create("good", spec(&server.url("repo.git"), "1m")).await;
    h.wait_for("good", "ready", is_ready).await;
    assert_eq!(
        api.get("bad-semver")
            .await
            .unwrap()
            .metadata
            .resource_version,
        rv
    );
}
