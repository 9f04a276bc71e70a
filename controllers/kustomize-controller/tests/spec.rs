//! Spec fields end to end: unsupported features refuse to apply, spec.path
//! confinement, dependsOn, health checks with recovery, deletion with prune.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use ballast_api::meta::{ConditionStatus, conditions, find_condition};
use ballast_api::{GitRepository, Kustomization};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use common::{Harness, NS, eventually, is_ready, not_ready_with, ready};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

fn configmap(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {NS}\ndata:\n  key: value\n"
    )
}

fn deployment(fail: bool) -> String {
    let annotation = if fail {
        "      annotations:\n        devcluster.ballast.dev/fail: \"true\"\n"
    } else {
        ""
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {NS}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n{annotation}    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
    )
}

fn kustomization(name: &str, spec: Value) -> Kustomization {
    let mut full = json!({"interval": "10m", "prune": true,
        "sourceRef": {"kind": "GitRepository", "name": "repo"}});
    for (k, v) in spec.as_object().unwrap() {
        full[k] = v.clone();
    }
    serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": name, "namespace": NS},
        "spec": full
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spec_fields_unsupported_paths_dependencies_health_and_deletion() {
    let harness = Harness::start().await;
    let client = harness.client.clone();
    let kustomizations = harness.kustomizations();
    let configmaps: Api<ConfigMap> = Api::namespaced(client.clone(), NS);
    let sources: Api<GitRepository> = Api::namespaced(client.clone(), NS);

    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("app/cm.yaml", configmap("app-config")).unwrap();
    work.write("base/cm.yaml", configmap("base-config"))
        .unwrap();
    work.write("dep/cm.yaml", configmap("dep-config")).unwrap();
    work.write("health/deploy.yaml", deployment(true)).unwrap();
    let first = work.commit_all("first").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let repo: GitRepository = serde_json::from_value(json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": "repo", "namespace": NS},
        "spec": {"url": server.url("repo.git"), "interval": "10m", "ref": {"branch": "main"}}
    }))
    .unwrap();
    sources.create(&PostParams::default(), &repo).await.unwrap();

    let create = |ks: Kustomization| {
        let api = kustomizations.clone();
        async move { api.create(&PostParams::default(), &ks).await.unwrap() }
    };
    // The dependent first: it waits for its dependency to exist and be Ready.
    create(kustomization(
        "dependent",
        json!({"path": "./dep", "dependsOn": [{"name": "base"}]}),
    ))
    .await;
    create(kustomization(
        "sops",
        json!({"path": "./app", "decryption": {"provider": "sops"}}),
    ))
    .await;
    create(kustomization(
        "oci",
        json!({"path": "./app", "sourceRef": {"kind": "OCIRepository", "name": "repo"}}),
    ))
    .await;
    create(kustomization("badpath", json!({"path": "./app/../../etc"}))).await;
    create(kustomization(
        "health",
        json!({"path": "./health", "wait": true, "timeout": "30s"}),
    ))
    .await;

    let waiting = harness
        .wait_ks("dependent", "waiting for base", |ks| {
            not_ready_with(ks, "DependencyNotReady")
                && ready(ks).is_some_and(|(_, _, m)| m.contains("dependency"))
        })
        .await;
    assert!(
        ready(&waiting).unwrap().2.contains("default/base"),
        "{:?}",
        ready(&waiting)
    );

    for (name, reason, needle) in [
        ("sops", "SOPSDecryptionUnsupported", "spec.decryption"),
        ("oci", "UnsupportedSourceKind", "OCIRepository"),
        ("badpath", "InvalidPath", "spec.path"),
    ] {
        let ks = harness
            .wait_ks(name, &format!("Ready=False {reason}"), |ks| {
                not_ready_with(ks, reason)
            })
            .await;
        let message = ready(&ks).unwrap().2;
        assert!(message.contains(needle), "{name}: {message}");
        let stalled = find_condition(
            ks.status.as_ref().unwrap().conditions.as_deref().unwrap(),
            conditions::STALLED,
        )
        .unwrap();
        assert_eq!(stalled.status, ConditionStatus::True, "{name}");
    }
    // Nothing of the refused Kustomizations reached the cluster.
    assert!(configmaps.get_opt("app-config").await.unwrap().is_none());

    // The dependency arrives; the dependent follows.
    create(kustomization("base", json!({"path": "./base"}))).await;
    harness.wait_ks("base", "Ready", is_ready).await;
    let dependent = harness.wait_ks("dependent", "Ready", is_ready).await;
    assert_eq!(
        dependent
            .status
            .as_ref()
            .unwrap()
            .last_applied_revision
            .as_deref(),
        Some(format!("main@sha1:{first}").as_str())
    );
    assert!(configmaps.get_opt("dep-config").await.unwrap().is_some());

    // A failing rollout fails the health check, naming the Deployment.
    let unhealthy = harness
        .wait_ks("health", "HealthCheckFailed", |ks| {
            not_ready_with(ks, "HealthCheckFailed")
        })
        .await;
    let message = ready(&unhealthy).unwrap().2;
    assert!(message.contains("Deployment/default/web"), "{message}");
    // The fix is a new commit; the source watch picks it up.
    work.write("health/deploy.yaml", deployment(false)).unwrap();
    let fixed = work.commit_all("fix rollout").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let patch = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "fix"}}});
    sources
        .patch("repo", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let healthy = harness
        .wait_ks("health", "Ready after the fix", |ks| {
            is_ready(ks)
                && ks.status.as_ref().unwrap().last_applied_revision.as_deref()
                    == Some(format!("main@sha1:{fixed}").as_str())
        })
        .await;
    let healthy_condition = find_condition(
        healthy
            .status
            .as_ref()
            .unwrap()
            .conditions
            .as_deref()
            .unwrap(),
        conditions::HEALTHY,
    )
    .unwrap();
    assert_eq!(healthy_condition.status, ConditionStatus::True);

    // Deleting a pruning Kustomization deletes what it applied.
    kustomizations
        .delete("dependent", &DeleteParams::default())
        .await
        .unwrap();
    eventually("dependent and its objects gone", || async {
        let gone = kustomizations.get_opt("dependent").await.unwrap().is_none()
            && configmaps.get_opt("dep-config").await.unwrap().is_none();
        gone.then_some(())
    })
    .await;
    assert!(configmaps.get_opt("base-config").await.unwrap().is_some());

    drop((kustomizations, configmaps, sources));
    harness.shutdown().await;
}
