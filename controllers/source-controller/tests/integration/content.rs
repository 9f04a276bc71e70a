//! What goes into an artifact and how odd remotes are handled, end to end:
//! submodules, ignore rules, symlinks out of the tree, a large repository,
//! an empty repository, a deleted branch, force-pushed history.

use std::path::Path;

use ballast_api::GitRepository;
use ballast_api::meta::{ConditionStatus, conditions};
use ballast_api::source::v1::GitRepositoryRef;
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use kube::api::{Patch, PatchParams};
use serde_json::json;

use crate::common::*;

/// Downloads the artifact of `obj` (checking its digest) and lists its files.
async fn artifact_files(obj: &GitRepository) -> (tempfile::TempDir, Vec<String>) {
    let artifact = obj.artifact().expect("artifact");
    let dest = download(artifact).await;
    let mut files = Vec::new();
    walk(dest.path(), dest.path(), &mut files);
    files.sort();
    (dest, files)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}

fn on_branch(url: &str, branch: &str) -> ballast_api::source::v1::GitRepositorySpec {
    let mut s = spec(url, "1s");
    s.reference = Some(GitRepositoryRef {
        branch: Some(branch.into()),
        ..Default::default()
    });
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submodules_are_included_only_when_asked() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    // The submodule URL is relative to the superproject's, as is common.
    let sub_bare = server.create_repo("group/sub.git", "main").unwrap();
    let top_bare = server.create_repo("group/top.git", "main").unwrap();
    let sub = WorkRepo::init("main").unwrap();
    sub.write("lib/lib.yaml", "kind: Lib\n").unwrap();
    sub.commit_all("lib").unwrap();
    sub.push(sub_bare.to_str().unwrap(), "main:main").unwrap();
    let top = WorkRepo::init("main").unwrap();
    top.git(&["remote", "add", "origin", &server.url("group/top.git")])
        .unwrap();
    top.write("deploy/app.yaml", "kind: App\n").unwrap();
    top.git(&["submodule", "add", "-q", "../sub.git", "vendor/lib"])
        .unwrap();
    let commit = top.commit_all("with submodule").unwrap();
    top.push(top_bare.to_str().unwrap(), "main:main").unwrap();

    let h = Harness::start().await;
    let mut with = on_branch(&server.url("group/top.git"), "main");
    with.recurse_submodules = Some(true);
    h.create("with", with).await;
    h.create("without", on_branch(&server.url("group/top.git"), "main"))
        .await;

    let obj = h.wait_ready_at("with", &commit).await;
    assert_eq!(
        obj.status.as_ref().unwrap().observed_recurse_submodules,
        Some(true)
    );
    assert_kstatus(&obj);
    let (_dir, files) = artifact_files(&obj).await;
    assert_eq!(files, ["deploy/app.yaml", "vendor/lib/lib/lib.yaml"]);

    let obj = h.wait_ready_at("without", &commit).await;
    let (_dir, files) = artifact_files(&obj).await;
    assert_eq!(files, ["deploy/app.yaml"]);
    let before = obj.artifact().unwrap().clone();

    // Turning it on rebuilds the same revision with the submodule.
    h.api()
        .patch(
            "without",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"recurseSubmodules": true}})),
        )
        .await
        .unwrap();
    let obj = h
        .wait_for("without", "rebuilt with the submodule", |o| {
            is_ready(o) && o.artifact().is_some_and(|a| a.digest != before.digest)
        })
        .await;
    assert_eq!(obj.artifact().unwrap().revision, before.revision);
    let (_dir, files) = artifact_files(&obj).await;
    assert_eq!(files, ["deploy/app.yaml", "vendor/lib/lib/lib.yaml"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sourceignore_and_spec_ignore_shape_the_artifact() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("deploy/app.yaml", "kind: App\n").unwrap();
    work.write("deploy/extra.yaml", "kind: Extra\n").unwrap();
    work.write("docs/guide.md", "# guide\n").unwrap();
    work.write("docs/keep.md", "# keep\n").unwrap();
    work.write("logo.png", [0x89, b'P', b'N', b'G']).unwrap();
    work.write(".github/workflows/ci.yaml", "on: push\n")
        .unwrap();
    work.write(".sourceignore", "docs/*\n!docs/keep.md\n")
        .unwrap();
    work.write("deploy/.sourceignore", "extra.yaml\n").unwrap();
    let commit = work.commit_all("content").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();

    let h = Harness::start().await;
    h.create("app", spec(&server.url("repo.git"), "1m")).await;
    let obj = h.wait_ready_at("app", &commit).await;
    assert_eq!(obj.status.as_ref().unwrap().observed_ignore, None);
    let (_dir, files) = artifact_files(&obj).await;
    // .sourceignore at every level, negation, and Flux's default excludes.
    assert_eq!(
        files,
        [
            ".sourceignore",
            "deploy/.sourceignore",
            "deploy/app.yaml",
            "docs/keep.md"
        ]
    );
    let before = obj.artifact().unwrap().clone();

    // spec.ignore replaces the defaults and adds to the .sourceignore files.
    h.api()
        .patch(
            "app",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"ignore": "/.github/\n*.md\n"}})),
        )
        .await
        .unwrap();
    let obj = h
        .wait_for("app", "rebuilt with spec.ignore", |o| {
            is_ready(o) && o.artifact().is_some_and(|a| a.digest != before.digest)
        })
        .await;
    assert_eq!(
        obj.status.as_ref().unwrap().observed_ignore.as_deref(),
        Some("/.github/\n*.md\n")
    );
    assert_eq!(obj.artifact().unwrap().revision, before.revision);
    assert_kstatus(&obj);
    let (_dir, files) = artifact_files(&obj).await;
    assert_eq!(
        files,
        [
            ".sourceignore",
            "deploy/.sourceignore",
            "deploy/app.yaml",
            "logo.png"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symlinks_out_of_the_tree_are_skipped_and_the_artifact_still_built() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("deploy/app.yaml", "kind: App\n").unwrap();
    let link = |target: &str, at: &str| {
        std::os::unix::fs::symlink(target, work.path().join(at)).unwrap();
    };
    link("/etc/passwd", "absolute");
    link("../../../../etc/hostname", "deploy/escape.yaml");
    link("app.yaml", "deploy/alias.yaml");
    link("deploy", "deploy-dir");
    let commit = work.commit_all("links").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();

    let h = Harness::start().await;
    h.create("app", spec(&server.url("repo.git"), "1m")).await;
    let obj = h.wait_ready_at("app", &commit).await;
    assert_kstatus(&obj);
    let (dir, files) = artifact_files(&obj).await;
    // Links inside the tree are stored as what they point to; the others are left out.
    assert_eq!(
        files,
        [
            "deploy-dir/alias.yaml",
            "deploy-dir/app.yaml",
            "deploy/alias.yaml",
            "deploy/app.yaml"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("deploy/alias.yaml")).unwrap(),
        "kind: App\n"
    );

    // Users learn what was left out from a Warning event, not only from the log.
    let events: kube::Api<k8s_openapi::api::events::v1::Event> =
        kube::Api::namespaced(h.client.clone(), NS);
    let warning = eventually("an EntriesSkipped event", DEADLINE, || {
        let events = events.clone();
        async move {
            let list = events.list(&Default::default()).await.ok()?;
            list.items
                .into_iter()
                .find(|e| e.reason.as_deref() == Some("EntriesSkipped"))
        }
    })
    .await;
    assert_eq!(warning.type_.as_deref(), Some("Warning"));
    let note = warning.note.unwrap_or_default();
    for needle in [
        "absolute: symlink points outside the source tree",
        // Broken or outside, depending on where the checkout sits: left out either way.
        "deploy/escape.yaml: ",
        &commit,
    ] {
        assert!(note.contains(needle), "{needle}: {note}");
    }
}

/// 1 MiB of bytes that gzip cannot shrink, the same on every run (xorshift).
fn incompressible(seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(1 << 20);
    while out.len() < 1 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mib_repository_gets_an_artifact() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("big.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    // Large blobs are stored whole: no delta search over random data on push.
    work.git(&["config", "core.bigFileThreshold", "512k"])
        .unwrap();
    for i in 0..50u64 {
        work.write(&format!("data/blob-{i:02}.bin"), incompressible(i))
            .unwrap();
    }
    work.write("deploy/app.yaml", "kind: App\n").unwrap();
    let commit = work.commit_all("50 MiB").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();

    let h = Harness::start().await;
    h.create("big", spec(&server.url("big.git"), "1m")).await;
    let obj = h.wait_ready_at("big", &commit).await;
    assert_kstatus(&obj);
    let artifact = obj.artifact().unwrap();
    let size = artifact.size.unwrap();
    assert!(size > 50 << 20, "incompressible content stays big: {size}");
    let stored = std::fs::metadata(h.storage_path().join(&artifact.path)).unwrap();
    assert_eq!(stored.len(), u64::try_from(size).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_repository_fails_clearly_until_a_commit_arrives() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("empty.git", "main").unwrap();
    let h = Harness::start().await;
    h.create("empty", spec(&server.url("empty.git"), "1s"))
        .await;
    let obj = h
        .wait_for("empty", "failing", |o| {
            is_not_ready_with(o, "GitOperationFailed")
        })
        .await;
    let ready = condition(&obj, conditions::READY).unwrap();
    assert!(
        ready.message.contains("is empty") && ready.message.contains("branch 'main'"),
        "{}",
        ready.message
    );
    assert!(
        condition(&obj, conditions::FETCH_FAILED)
            .is_some_and(|c| c.status == ConditionStatus::True)
    );
    assert!(obj.artifact().is_none());
    assert_kstatus(&obj);
    assert!(h.controller_running(), "the controller keeps running");

    // Retries back off instead of spinning: the status is written once per
    // change, so the resourceVersion stays put while nothing changes.
    let rv = obj.metadata.resource_version.clone();
    h.create("other", spec(&server.url("empty.git"), "1m"))
        .await;
    h.wait_for("other", "failing", |o| {
        is_not_ready_with(o, "GitOperationFailed")
    })
    .await;
    assert_eq!(
        h.api()
            .get("empty")
            .await
            .unwrap()
            .metadata
            .resource_version,
        rv
    );

    // The first commit is picked up by the retries.
    let (_work, commit) = seed(&bare);
    let obj = h.wait_ready_at("empty", &commit).await;
    assert!(condition(&obj, conditions::FETCH_FAILED).is_none());
    assert_kstatus(&obj);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_branch_keeps_the_artifact_and_force_push_is_followed() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let remote = bare.to_str().unwrap();
    let (work, _) = seed(&bare);
    work.git(&["checkout", "-q", "-b", "feature"]).unwrap();
    work.write("deploy/app.yaml", "kind: ConfigMap\n# feature\n")
        .unwrap();
    let feature = work.commit_all("feature").unwrap();
    work.push(remote, "feature:feature").unwrap();

    let h = Harness::start().await;
    h.create("app", on_branch(&server.url("repo.git"), "feature"))
        .await;
    let obj = h.wait_ready_at("app", &feature).await;
    let kept = obj.artifact().unwrap().clone();

    // History rewritten and force-pushed: the new tip is picked up.
    work.write("deploy/app.yaml", "kind: ConfigMap\n# amended\n")
        .unwrap();
    work.git(&["add", "-A"]).unwrap();
    work.git(&["commit", "-q", "--amend", "-m", "feature, amended"])
        .unwrap();
    let amended = work.git(&["rev-parse", "HEAD"]).unwrap();
    work.push(remote, "+feature:feature").unwrap();
    let obj = h.wait_ready_at("app", &amended).await;
    assert_ne!(obj.artifact().unwrap().digest, kept.digest);
    let (dir, _) = artifact_files(&obj).await;
    assert_eq!(
        std::fs::read_to_string(dir.path().join("deploy/app.yaml")).unwrap(),
        "kind: ConfigMap\n# amended\n"
    );
    let kept = obj.artifact().unwrap().clone();

    // The branch is deleted: Ready=False naming it, the last artifact stays.
    work.push(remote, ":feature").unwrap();
    let obj = h
        .wait_for("app", "failing", |o| {
            is_not_ready_with(o, "GitOperationFailed")
        })
        .await;
    let ready = condition(&obj, conditions::READY).unwrap();
    assert!(
        ready.message.contains("branch 'feature' not found"),
        "{}",
        ready.message
    );
    assert_eq!(obj.artifact(), Some(&kept));
    assert!(h.storage_path().join(&kept.path).is_file());
    let (_dir, files) = artifact_files(&obj).await;
    assert!(files.contains(&"deploy/app.yaml".to_string()));
    assert_kstatus(&obj);

    // Pushed again: ready again, at the same revision, no rebuild needed.
    work.push(remote, "feature:feature").unwrap();
    let obj = h.wait_ready_at("app", &amended).await;
    assert_eq!(obj.artifact().unwrap().digest, kept.digest);
}
