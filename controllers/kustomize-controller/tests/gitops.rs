//! End to end in-process: devcluster, the real source-controller serving
//! artifacts on loopback, kustomize-controller, and a real Git repository
//! behind `git http-backend`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ballast_api::meta::ConditionStatus;
use ballast_api::{GitRepository, Kustomization};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::json;

mod common;

use common::{DEADLINE, Harness, NS, eventually, ready};

fn configmap(name: &str, value: &str, annotations: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\n{annotations}data:\n  value: {value:?}\n"
    )
}

struct Env {
    kustomizations: Api<Kustomization>,
    sources: Api<GitRepository>,
    configmaps: Api<ConfigMap>,
    requests: u32,
}

impl Env {
    /// Asks source-controller to fetch now rather than at its interval.
    async fn request_source_reconcile(&mut self) {
        self.requests += 1;
        let patch = json!({"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": format!("request-{}", self.requests)}}});
        self.sources
            .patch("repo", &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .unwrap();
    }

    /// Waits for Kustomization `apps` to satisfy `check`, printing its
    /// status on timeout.
    async fn wait_apps(&self, what: &str, check: impl Fn(&Kustomization) -> bool) -> Kustomization {
        let end = tokio::time::Instant::now() + DEADLINE;
        loop {
            let obj = self.kustomizations.get_opt("apps").await.unwrap();
            if let Some(obj) = &obj
                && check(obj)
            {
                return obj.clone();
            }
            assert!(
                tokio::time::Instant::now() < end,
                "timed out waiting for apps to be {what}; last status: {:#?}",
                obj.and_then(|o| o.status)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn wait_applied(&self, commit: &str) -> Kustomization {
        let revision = format!("main@sha1:{commit}");
        self.wait_apps(&format!("Ready at {revision}"), |ks| {
            ready(ks).is_some_and(|(s, _, m)| {
                s == ConditionStatus::True && m == format!("Applied revision: {revision}")
            }) && ks.status.as_ref().unwrap().last_applied_revision.as_deref()
                == Some(revision.as_str())
        })
        .await
    }

    async fn configmap_value(&self, name: &str) -> Option<String> {
        let cm = self.configmaps.get_opt(name).await.unwrap()?;
        cm.data.unwrap_or_default().get("value").cloned()
    }
}

fn inventory_ids(ks: &Kustomization) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = ks
        .status
        .as_ref()
        .and_then(|s| s.inventory.as_ref())
        .map(|inv| {
            inv.entries
                .iter()
                .map(|e| (e.id.clone(), e.version.clone()))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

fn id(name: &str) -> (String, String) {
    (format!("{NS}_{name}__ConfigMap"), "v1".to_string())
}

fn commit_and_push(work: &WorkRepo, bare: &std::path::Path, message: &str) -> String {
    let commit = work.commit_all(message).unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    commit
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_apply_change_prune_break_and_recover() {
    let harness = Harness::start().await;
    let client = harness.client.clone();

    let mut env = Env {
        kustomizations: Api::namespaced(client.clone(), NS),
        sources: Api::namespaced(client.clone(), NS),
        configmaps: Api::namespaced(client.clone(), NS),
        requests: 0,
    };

    // A Kustomization whose source does not exist yet waits for it.
    let ks: Kustomization = serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": "apps", "namespace": NS},
        "spec": {"interval": "10m", "prune": true, "path": "./deploy",
                 "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    }))
    .unwrap();
    env.kustomizations
        .create(&PostParams::default(), &ks)
        .await
        .unwrap();
    let waiting = env
        .wait_apps("waiting for its source", |ks| {
            ready(ks)
                .is_some_and(|(s, r, _)| s == ConditionStatus::False && r == "DependencyNotReady")
        })
        .await;
    let (_, _, message) = ready(&waiting).unwrap();
    assert!(message.contains("GitRepository/default/repo"), "{message}");
    assert!(inventory_ids(&waiting).is_empty());

    // First commit: three ConfigMaps, one that must never be pruned.
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("deploy/a.yaml", configmap("a", "one", ""))
        .unwrap();
    work.write("deploy/b.yaml", configmap("b", "one", ""))
        .unwrap();
    work.write(
        "deploy/c.yaml",
        configmap(
            "c",
            "one",
            "  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled\n",
        ),
    )
    .unwrap();
    work.write("README.md", "not applied: outside spec.path\n")
        .unwrap();
    let first = commit_and_push(&work, &bare, "first");
    let repo: GitRepository = serde_json::from_value(json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": "repo", "namespace": NS},
        "spec": {"url": server.url("repo.git"), "interval": "10m", "ref": {"branch": "main"}}
    }))
    .unwrap();
    env.sources
        .create(&PostParams::default(), &repo)
        .await
        .unwrap();

    let applied = env.wait_applied(&first).await;
    assert_eq!(inventory_ids(&applied), vec![id("a"), id("b"), id("c")]);
    let status = applied.status.as_ref().unwrap();
    assert_eq!(
        status.last_attempted_revision.as_deref(),
        Some(format!("main@sha1:{first}").as_str())
    );
    assert_eq!(status.observed_generation, applied.metadata.generation);
    let a = env.configmaps.get("a").await.unwrap();
    let labels = a.metadata.labels.clone().unwrap_or_default();
    assert_eq!(
        labels
            .get("kustomize.toolkit.fluxcd.io/name")
            .map(String::as_str),
        Some("apps")
    );
    assert_eq!(
        labels
            .get("kustomize.toolkit.fluxcd.io/namespace")
            .map(String::as_str),
        Some(NS)
    );
    assert!(
        a.metadata
            .managed_fields
            .iter()
            .flatten()
            .any(|m| m.manager.as_deref() == Some("kustomize-controller")),
        "{:?}",
        a.metadata.managed_fields
    );

    // A changed object is configured; the untouched one is not written.
    let b_version = env
        .configmaps
        .get("b")
        .await
        .unwrap()
        .metadata
        .resource_version;
    work.write("deploy/a.yaml", configmap("a", "two", ""))
        .unwrap();
    let second = commit_and_push(&work, &bare, "change a");
    env.request_source_reconcile().await;
    env.wait_applied(&second).await;
    assert_eq!(env.configmap_value("a").await.as_deref(), Some("two"));
    assert_eq!(
        env.configmaps
            .get("b")
            .await
            .unwrap()
            .metadata
            .resource_version,
        b_version,
        "an unchanged object was written"
    );

    // Objects removed from Git are pruned, except the one that opts out.
    std::fs::remove_file(work.path().join("deploy/b.yaml")).unwrap();
    std::fs::remove_file(work.path().join("deploy/c.yaml")).unwrap();
    let third = commit_and_push(&work, &bare, "remove b and c");
    env.request_source_reconcile().await;
    let pruned = env.wait_applied(&third).await;
    assert_eq!(inventory_ids(&pruned), vec![id("a")]);
    eventually("b pruned", || async {
        env.configmaps
            .get_opt("b")
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
    assert_eq!(env.configmap_value("c").await.as_deref(), Some("one"));

    // A broken commit fails the build: nothing applied, nothing pruned.
    work.write(
        "deploy/a.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n",
    )
    .unwrap();
    work.write("deploy/d.yaml", configmap("d", "one", ""))
        .unwrap();
    let broken = commit_and_push(&work, &bare, "broken yaml");
    env.request_source_reconcile().await;
    let failed = env
        .wait_apps("failed at the broken revision", |ks| {
            ks.status
                .as_ref()
                .unwrap()
                .last_attempted_revision
                .as_deref()
                == Some(format!("main@sha1:{broken}").as_str())
                && ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::False)
        })
        .await;
    let (_, reason, message) = ready(&failed).unwrap();
    assert_eq!(reason, "BuildFailed", "{message}");
    assert!(message.contains("a.yaml"), "{message}");
    // Named relative to the artifact, not the per-attempt extraction dir.
    assert!(!message.contains(".tmp"), "{message}");
    let status = failed.status.as_ref().unwrap();
    assert_eq!(
        status.last_applied_revision.as_deref(),
        Some(format!("main@sha1:{third}").as_str())
    );
    assert_eq!(inventory_ids(&failed), vec![id("a")]);
    assert_eq!(env.configmap_value("a").await.as_deref(), Some("two"));
    assert!(env.configmaps.get_opt("d").await.unwrap().is_none());

    // Reverting recovers.
    work.git(&["revert", "--no-edit", "HEAD"]).unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let reverted = work.git(&["rev-parse", "HEAD"]).unwrap();
    env.request_source_reconcile().await;
    let recovered = env.wait_applied(reverted.trim()).await;
    assert_eq!(inventory_ids(&recovered), vec![id("a")]);
    assert_eq!(env.configmap_value("a").await.as_deref(), Some("two"));
    assert!(env.configmaps.get_opt("d").await.unwrap().is_none());

    // A manual request is handled and echoed, as `flux reconcile` expects.
    let patch = json!({"metadata": {"annotations": {
        "reconcile.fluxcd.io/requestedAt": "2026-11-25T21:00:00Z"}}});
    env.kustomizations
        .patch("apps", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    env.wait_apps("handled the request", |ks| {
        ks.status
            .as_ref()
            .unwrap()
            .reconcile_request
            .last_handled_reconcile_at
            .as_deref()
            == Some("2026-11-25T21:00:00Z")
            && ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::True)
    })
    .await;

    drop(env);
    harness.shutdown().await;
}
