//! The drift watch against devcluster (with workload simulation): hand
//! edits and deletions are reported with the writer's name; the engine's own
//! applies, status writes, opted-out objects and unowned objects are not.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::time::Duration;

use ballast_apply::{
    ApplyOptions, CancellationToken, Drift, DriftChange, DriftEvents, DriftWatch, ObjectRef,
    ResourceManager, Status, WaitOptions,
};
use ballast_devcluster::{DevCluster, Options};
use futures::StreamExt;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::json;

const OWNER_NAME: &str = "kustomize.toolkit.fluxcd.io/name";
const OWNER_NAMESPACE: &str = "kustomize.toolkit.fluxcd.io/namespace";
const DEADLINE: Duration = Duration::from_secs(30);

fn owner_labels() -> BTreeMap<String, String> {
    [
        (OWNER_NAME.to_string(), "apps".to_string()),
        (OWNER_NAMESPACE.to_string(), "flux-system".to_string()),
    ]
    .into()
}

fn configmap(name: &str, value: &str) -> DynamicObject {
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": "default", "labels": owner_labels()},
        "data": {"value": value, "other": "kept"}
    }))
    .unwrap()
}

fn deployment(name: &str) -> DynamicObject {
    serde_json::from_value(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default", "labels": owner_labels()},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}
            }
        }
    }))
    .unwrap()
}

fn by(manager: &str) -> PatchParams {
    PatchParams {
        field_manager: Some(manager.to_string()),
        ..PatchParams::default()
    }
}

async fn next(events: &mut DriftEvents, what: &str) -> Drift {
    tokio::time::timeout(DEADLINE, events.next())
        .await
        .unwrap_or_else(|_| panic!("no drift reported for {what} within {DEADLINE:?}"))
        .expect("the drift stream ended")
}

/// Applies a probe object of `object`'s kind and deletes it by hand until
/// its deletion is reported: the kind's watch is live from then on.
async fn wait_until_watched(
    client: &kube::Client,
    manager: &ResourceManager,
    watch: &DriftWatch,
    events: &mut DriftEvents,
    object: DynamicObject,
) {
    let probe = ObjectRef::from_object(&object).unwrap();
    watch.track(&probe);
    let api: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        "default",
        &kube::api::ApiResource::from_gvk(&probe.gvk()),
    );
    let end = tokio::time::Instant::now() + DEADLINE;
    loop {
        manager
            .apply(std::slice::from_ref(&object), &ApplyOptions::default())
            .await
            .unwrap();
        api.delete(&probe.name, &DeleteParams::default())
            .await
            .unwrap();
        if let Ok(Some(drift)) =
            tokio::time::timeout(Duration::from_millis(500), events.next()).await
        {
            assert_eq!(drift.object.subject(), probe.subject(), "{drift}");
            assert_eq!(drift.change, DriftChange::Deleted);
            return;
        }
        assert!(
            tokio::time::Instant::now() < end,
            "the {} watch never delivered",
            probe.kind
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn hand_edits_and_deletions_are_reported_and_nothing_else() {
    let cluster = DevCluster::start(Options {
        simulate_workloads: true,
        ..Options::default()
    })
    .await
    .unwrap();
    let client = cluster.client().unwrap();
    let manager = ResourceManager::new(client.clone(), "kustomize-controller", owner_labels());
    let (watch, mut events) = DriftWatch::new(
        client.clone(),
        "kustomize-controller",
        &[OWNER_NAME, OWNER_NAMESPACE],
    );
    wait_until_watched(
        &client,
        &manager,
        &watch,
        &mut events,
        configmap("probe", "x"),
    )
    .await;
    wait_until_watched(&client, &manager, &watch, &mut events, deployment("probe")).await;

    // The engine's own applies, and the workload status the simulated
    // controller writes afterwards, are no drift.
    manager
        .apply(
            &[configmap("app", "v1"), deployment("web")],
            &ApplyOptions::default(),
        )
        .await
        .unwrap();
    let web = ObjectRef::new("apps", "v1", "Deployment", "default", "web");
    let wait = WaitOptions {
        interval: Duration::from_millis(100),
        timeout: DEADLINE,
        ..WaitOptions::default()
    };
    manager
        .wait(std::slice::from_ref(&web), &wait, &CancellationToken::new())
        .await
        .unwrap();
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "default");
    assert!(deployments.get("web").await.unwrap().status.is_some());
    manager
        .apply(&[configmap("app", "v2")], &ApplyOptions::default())
        .await
        .unwrap();
    // A label added by hand is someone else's field, not drift.
    let configmaps: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let label = json!({"metadata": {"labels": {"team": "web"}}});
    configmaps
        .patch("app", &by("kubectl-label"), &Patch::Merge(&label))
        .await
        .unwrap();
    // Objects without the owner labels are not watched.
    let unowned: ConfigMap = serde_json::from_value(json!({
        "metadata": {"name": "unowned", "namespace": "default"}, "data": {"value": "a"}
    }))
    .unwrap();
    configmaps
        .create(&PostParams::default(), &unowned)
        .await
        .unwrap();
    let edit = json!({"data": {"value": "b"}});
    configmaps
        .patch("unowned", &by("kubectl-edit"), &Patch::Merge(&edit))
        .await
        .unwrap();

    // A hand edit of an applied value is the first drift reported.
    let edit = json!({"data": {"value": "by hand"}});
    configmaps
        .patch("app", &by("kubectl-edit"), &Patch::Merge(&edit))
        .await
        .unwrap();
    let drift = next(&mut events, "the hand edit").await;
    assert_eq!(
        drift.to_string(),
        "ConfigMap/default/app: .data.value changed by kubectl-edit"
    );
    assert_eq!(drift.owner, owner_labels());

    // Healing it (the engine's apply) is no drift; a deletion is.
    manager
        .apply(&[configmap("app", "v2")], &ApplyOptions::default())
        .await
        .unwrap();
    configmaps
        .delete("app", &DeleteParams::default())
        .await
        .unwrap();
    let drift = next(&mut events, "the deletion").await;
    assert_eq!(drift.to_string(), "ConfigMap/default/app deleted");

    // An opted-out object is not reported, whatever happens to it.
    manager
        .apply(
            &[configmap("app", "v2"), configmap("sentinel", "s")],
            &ApplyOptions::default(),
        )
        .await
        .unwrap();
    let opt_out =
        json!({"metadata": {"annotations": {"kustomize.toolkit.fluxcd.io/reconcile": "disabled"}}});
    configmaps
        .patch("app", &by("kubectl-annotate"), &Patch::Merge(&opt_out))
        .await
        .unwrap();
    let edit = json!({"data": {"value": "mine now"}});
    configmaps
        .patch("app", &by("kubectl-edit"), &Patch::Merge(&edit))
        .await
        .unwrap();
    // A Deployment's spec edited by hand is reported (after the opted-out
    // edit, so that one would have come first).
    let scale = json!({"spec": {"replicas": 5}});
    deployments
        .patch("web", &by("kubectl-scale"), &Patch::Merge(&scale))
        .await
        .unwrap();
    let drift = next(&mut events, "the scaled Deployment").await;
    assert_eq!(drift.object, web);
    assert_eq!(
        drift.change,
        DriftChange::Modified {
            manager: Some("kubectl-scale".into()),
            fields: vec![".spec.replicas".into()]
        }
    );
    let status = manager.status(&web).await.unwrap();
    assert_ne!(status.status, Status::Failed, "{status:?}");

    drop(events);
    drop(watch);
    cluster.shutdown().await;
}
