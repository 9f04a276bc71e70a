//! What happens over an object's life: new commits and GC, quiet polls,
//! suspend/resume, requestedAt, includes, deletion, controller restarts.

use std::time::Duration;

use ballast_api::meta::{ConditionStatus, LocalObjectReference, conditions};
use ballast_api::source::v1::GitRepositoryInclude;
use ballast_testsupport::{HttpGitServer, HttpOptions};
use kube::api::{DeleteParams, Patch, PatchParams};
use serde_json::json;

use crate::common::*;

fn files_of(h: &Harness, name: &str) -> Vec<String> {
    let dir = h.storage_path().join("gitrepository").join(NS).join(name);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_commit_gives_a_new_artifact_and_old_ones_are_collected() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (work, first) = seed(&bare);
    // Keep 2 records, each for at most 2s: the previous artifact survives the
    // switch, then goes once it is older than the TTL.
    let h = Harness::start_with(|c| {
        c.artifact_retention_records = 2;
        c.artifact_retention_ttl = Duration::from_secs(2);
    })
    .await;
    h.create("app", spec(&server.url("repo.git"), "1s")).await;
    let one = h.wait_ready_at("app", &first).await;
    let first_artifact = one.artifact().unwrap().clone();

    work.write("deploy/app.yaml", "kind: ConfigMap\n# two\n")
        .unwrap();
    let second = work.commit_all("second").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let two = h.wait_ready_at("app", &second).await;
    let second_artifact = two.artifact().unwrap().clone();
    assert_ne!(first_artifact.digest, second_artifact.digest);
    assert_ne!(first_artifact.path, second_artifact.path);
    assert_kstatus(&two);
    assert_eq!(
        condition(&two, conditions::READY).unwrap().message,
        format!("stored artifact for revision 'main@sha1:{second}'")
    );

    let old = first_artifact.path.rsplit('/').next().unwrap().to_string();
    let new = second_artifact.path.rsplit('/').next().unwrap().to_string();
    eventually(
        "the old artifact to be collected after the TTL",
        DEADLINE,
        || {
            let done = files_of(&h, "app") == vec![new.clone()];
            async move { done.then_some(()) }
        },
    )
    .await;
    assert!(!files_of(&h, "app").contains(&old));

    // Events: one NewArtifact per revision, no more. NB: kube's recorder folds
    // events with the same reason into one series, so count the series.
    let events: kube::Api<k8s_openapi::api::events::v1::Event> =
        kube::Api::namespaced(h.client.clone(), NS);
    let list = events.list(&Default::default()).await.unwrap();
    let new_artifact: Vec<_> = list
        .items
        .iter()
        .filter(|e| {
            e.reason.as_deref() == Some("NewArtifact")
                && e.regarding.as_ref().and_then(|r| r.name.as_deref()) == Some("app")
        })
        .collect();
    let published: i32 = new_artifact
        .iter()
        .map(|e| e.series.as_ref().map_or(1, |s| s.count))
        .sum();
    assert_eq!(published, 2, "{new_artifact:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_remote_polls_write_nothing() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let h = Harness::start().await;
    h.create("quiet", spec(&server.url("repo.git"), "1s")).await;
    h.wait_ready_at("quiet", &commit).await;
    let polls = || {
        server
            .requests()
            .iter()
            .filter(|r| r.target.contains("info/refs"))
            .count()
    };
    // Two polls after Ready: whatever our own status write triggered has settled.
    let after_ready = polls();
    eventually("two polls after Ready", DEADLINE, || {
        let n = polls();
        async move { (n >= after_ready + 2).then_some(()) }
    })
    .await;
    let settled = h.api().get("quiet").await.unwrap();
    let rv = settled.metadata.resource_version.clone();
    let polls_before = polls();
    let packs = || {
        server
            .requests()
            .iter()
            .filter(|r| r.is_pack_download())
            .count()
    };
    let packs_before = packs();
    // Three more polls (interval 1s) happen...
    eventually("three more polls", DEADLINE, || {
        let n = polls();
        async move { (n >= polls_before + 3).then_some(()) }
    })
    .await;
    // ...and none of them downloaded a pack or wrote the object.
    let now = h.api().get("quiet").await.unwrap();
    assert_eq!(
        now.metadata.resource_version,
        rv,
        "a no-op poll wrote status: {} -> {}",
        serde_json::to_string(&settled.status).unwrap(),
        serde_json::to_string(&now.status).unwrap()
    );
    assert_eq!(packs(), packs_before, "a no-op poll downloaded a pack");
    assert_eq!(files_of(&h, "quiet").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspend_resume_and_requested_at() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (work, first) = seed(&bare);
    let h = Harness::start().await;
    h.create("app", spec(&server.url("repo.git"), "1h")).await;
    h.wait_ready_at("app", &first).await;
    let api = h.api();

    // requestedAt: reconciles now (the interval is an hour) and is echoed.
    work.write("x", "1").unwrap();
    let second = work.commit_all("second").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "2026-11-25T20:00:00Z"}}});
    api.patch("app", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let obj = h.wait_ready_at("app", &second).await;
    let handled = h
        .wait_for("app", "handled the request", |o| {
            o.status
                .as_ref()
                .and_then(|s| s.reconcile_request.last_handled_reconcile_at.as_deref())
                == Some("2026-11-25T20:00:00Z")
        })
        .await;
    assert_eq!(handled.artifact(), obj.artifact());

    // Suspended: a new commit and a request are ignored.
    api.patch(
        "app",
        &PatchParams::default(),
        &Patch::Merge(&json!({"spec": {"suspend": true}})),
    )
    .await
    .unwrap();
    work.write("x", "2").unwrap();
    let third = work.commit_all("third").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let pulls = server.requests().len();
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "2026-11-25T20:01:00Z"}}});
    api.patch("app", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    // A second object becoming ready shows the controller kept working meanwhile.
    h.create("other", spec(&server.url("repo.git"), "1h")).await;
    h.wait_ready_at("other", &third).await;
    let suspended = api.get("app").await.unwrap();
    assert!(suspended.artifact().unwrap().revision.ends_with(&second));
    assert_ne!(
        suspended
            .status
            .as_ref()
            .unwrap()
            .reconcile_request
            .last_handled_reconcile_at
            .as_deref(),
        Some("2026-11-25T20:01:00Z")
    );
    // Only "other" talked to the server.
    assert!(server.requests().len() > pulls);

    // Resumed: catches up.
    api.patch(
        "app",
        &PatchParams::default(),
        &Patch::Merge(&json!({"spec": {"suspend": false}})),
    )
    .await
    .unwrap();
    let resumed = h.wait_ready_at("app", &third).await;
    assert_kstatus(&resumed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn include_copies_another_artifact_and_waits_for_it() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let app_bare = server.create_repo("app.git", "main").unwrap();
    let (_app, app_commit) = seed(&app_bare);
    let shared_bare = server.create_repo("shared.git", "main").unwrap();
    let shared = ballast_testsupport::WorkRepo::init("main").unwrap();
    shared
        .write("base/common.yaml", "kind: Namespace\n")
        .unwrap();
    let shared_commit = shared.commit_all("shared").unwrap();
    shared
        .push(shared_bare.to_str().unwrap(), "main:main")
        .unwrap();

    let h = Harness::start().await;
    let mut app = spec(&server.url("app.git"), "10m");
    app.include = Some(vec![GitRepositoryInclude {
        repository: LocalObjectReference::new("shared"),
        from_path: Some("base".into()),
        to_path: Some("vendor/shared".into()),
    }]);
    h.create("app", app).await;
    let waiting = h
        .wait_for("app", "include unavailable", |o| {
            condition(o, conditions::INCLUDE_UNAVAILABLE)
                .is_some_and(|c| c.status == ConditionStatus::True)
        })
        .await;
    assert!(is_not_ready_with(&waiting, "DependencyNotReady"));
    assert!(waiting.artifact().is_none());

    h.create("shared", spec(&server.url("shared.git"), "10m"))
        .await;
    let shared_obj = h.wait_ready_at("shared", &shared_commit).await;
    let app = h.wait_ready_at("app", &app_commit).await;
    assert!(condition(&app, conditions::INCLUDE_UNAVAILABLE).is_none());
    let status = app.status.as_ref().unwrap();
    assert_eq!(
        status.included_artifacts.as_deref(),
        Some(&[shared_obj.artifact().unwrap().clone()][..])
    );
    assert_eq!(status.observed_include, app.spec.include);

    let artifact = app.artifact().unwrap();
    let dest = download(artifact).await;
    assert_eq!(
        std::fs::read_to_string(dest.path().join("vendor/shared/common.yaml")).unwrap(),
        "kind: Namespace\n"
    );
    assert!(dest.path().join("deploy/app.yaml").is_file());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletion_removes_stored_artifacts_then_the_object() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let h = Harness::start().await;
    h.create("gone", spec(&server.url("repo.git"), "10m")).await;
    let obj = h.wait_ready_at("gone", &commit).await;
    assert_eq!(
        obj.metadata.finalizers.as_deref(),
        Some(&["finalizers.fluxcd.io".to_string()][..])
    );
    let path = h.storage_path().join(&obj.artifact().unwrap().path);
    assert!(path.is_file());
    let cache = h.storage_path().join(".git-cache").join(NS).join("gone");
    assert!(cache.is_dir());
    h.api()
        .delete("gone", &DeleteParams::default())
        .await
        .unwrap();
    eventually("the object to go", DEADLINE, || {
        let api = h.api();
        async move { api.get_opt("gone").await.unwrap().is_none().then_some(()) }
    })
    .await;
    assert!(!path.exists());
    assert!(
        !h.storage_path()
            .join("gitrepository")
            .join(NS)
            .join("gone")
            .exists()
    );
    assert!(!cache.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_artifacts_and_status_without_downloading_again() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let mut h = Harness::start().await;
    h.create("app", spec(&server.url("repo.git"), "1s")).await;
    let before = h.wait_ready_at("app", &commit).await;
    h.stop_controller().await;
    server.clear_requests();

    h.start_controller(|_| {}).await;
    let new_addr = h.controller.as_ref().unwrap().addr;
    // The URL follows the new listener; digest, revision and file are unchanged.
    let after = h
        .wait_for("app", "served from the new address", |o| {
            o.artifact()
                .is_some_and(|a| a.url.contains(&new_addr.to_string()))
                && is_ready(o)
        })
        .await;
    let (a, b) = (before.artifact().unwrap(), after.artifact().unwrap());
    assert_eq!(
        (&a.digest, &a.revision, &a.path),
        (&b.digest, &b.revision, &b.path)
    );
    // Polls happened, yet nothing was downloaded.
    eventually("a poll after the restart", DEADLINE, || {
        let n = server.requests().len();
        async move { (n >= 2).then_some(()) }
    })
    .await;
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.is_pack_download())
            .count(),
        0,
        "{:#?}",
        server.requests()
    );
    download(b).await;
}
