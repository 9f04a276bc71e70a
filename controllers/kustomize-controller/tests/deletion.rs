//! `spec.deletionPolicy: WaitForTermination`: a deleted Kustomization waits
//! until the objects it deleted are gone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use ballast_api::{GitRepository, Kustomization};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use common::{Harness, NS, eventually, is_ready};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_for_termination_holds_the_kustomization_until_its_objects_are_gone() {
    let harness = Harness::start().await;
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    // A finalizer another controller would release keeps the object in
    // Terminating once deleted.
    work.write(
        "app/cm.yaml",
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: {NS}\n  finalizers:\n  - example.com/hold\ndata:\n  k: v\n"
        ),
    )
    .unwrap();
    work.commit_all("first").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let repo: GitRepository = serde_json::from_value(json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": "repo", "namespace": NS},
        "spec": {"url": server.url("repo.git"), "interval": "10m", "ref": {"branch": "main"}}
    }))
    .unwrap();
    Api::<GitRepository>::namespaced(harness.client.clone(), NS)
        .create(&PostParams::default(), &repo)
        .await
        .unwrap();
    let ks: Kustomization = serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": "held", "namespace": NS},
        "spec": {"interval": "10m", "prune": true, "path": "./app", "timeout": "2m",
                 "deletionPolicy": "WaitForTermination",
                 "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    }))
    .unwrap();
    let api = harness.kustomizations();
    api.create(&PostParams::default(), &ks).await.unwrap();
    harness.wait_ks("held", "Ready", is_ready).await;

    api.delete("held", &DeleteParams::default()).await.unwrap();
    let configmaps: Api<ConfigMap> = Api::namespaced(harness.client.clone(), NS);
    eventually(
        "the ConfigMap deleted and held by its finalizer",
        || async {
            let cm = configmaps.get_opt("held").await.unwrap()?;
            cm.metadata.deletion_timestamp.map(|_| ())
        },
    )
    .await;
    // The Kustomization waits for it.
    let waiting = api.get_opt("held").await.unwrap();
    assert!(
        waiting.is_some_and(|ks| ks.metadata.deletion_timestamp.is_some()),
        "the Kustomization went before its objects"
    );

    // The other controller lets go; so does the Kustomization.
    configmaps
        .patch(
            "held",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"finalizers": null}})),
        )
        .await
        .unwrap();
    eventually("the ConfigMap and the Kustomization gone", || async {
        let gone = configmaps.get_opt("held").await.unwrap().is_none()
            && api.get_opt("held").await.unwrap().is_none();
        gone.then_some(())
    })
    .await;

    drop((api, configmaps, work, bare, server));
    harness.shutdown().await;
}
