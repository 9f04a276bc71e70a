//! Immutable fields: an error naming the object and field without force, a
//! recreate (new uid) with the force annotation or option. devcluster
//! refuses a changed Job `spec.template` as kube-apiserver does (422
//! Invalid, "field is immutable"), on dry-run and real writes alike.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::time::Duration;

use ballast_apply::{Action, ApplyOptions, Error, ResourceManager};
use ballast_devcluster::{DevCluster, Options};
use k8s_openapi::api::batch::v1::Job;
use kube::api::{Api, DynamicObject};
use serde_json::{Value, json};

fn job(image: &str, annotations: Value) -> DynamicObject {
    serde_json::from_value(json!({
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "migrate", "namespace": "default", "annotations": annotations},
        "spec": {"template": {"spec": {"restartPolicy": "Never",
            "containers": [{"name": "migrate", "image": image}]}}}
    }))
    .unwrap()
}

fn opts(force: bool) -> ApplyOptions {
    ApplyOptions {
        force,
        wait_interval: Duration::from_millis(50),
        wait_timeout: Duration::from_secs(10),
        ..ApplyOptions::default()
    }
}

#[tokio::test]
async fn immutable_changes_fail_without_force_and_recreate_with_it() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let manager = ResourceManager::new(client.clone(), "kustomize-controller", BTreeMap::new());
    let jobs: Api<Job> = Api::namespaced(client, "default");

    let cs = manager
        .apply(&[job("migrate:1", json!({}))], &opts(false))
        .await
        .unwrap();
    assert_eq!(cs.entries[0].action, Action::Created);
    let first_uid = jobs.get("migrate").await.unwrap().metadata.uid.unwrap();

    // Without force: an error naming the object and the field; nothing changes.
    let err = manager
        .apply(&[job("migrate:2", json!({}))], &opts(false))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Immutable { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("Job/batch/default/migrate"), "{text}");
    assert!(
        text.contains("spec.template") && text.contains("field is immutable"),
        "{text}"
    );
    let live = jobs.get("migrate").await.unwrap();
    assert_eq!(live.metadata.uid.as_deref(), Some(first_uid.as_str()));

    // The force annotation recreates it.
    let forced = json!({"kustomize.toolkit.fluxcd.io/force": "enabled"});
    let cs = manager
        .apply(&[job("migrate:2", forced)], &opts(false))
        .await
        .unwrap();
    assert_eq!(cs.to_string(), "Job/default/migrate created");
    let live = jobs.get("migrate").await.unwrap();
    let second_uid = live.metadata.uid.unwrap();
    assert_ne!(second_uid, first_uid);
    let image = live.spec.unwrap().template.spec.unwrap().containers[0]
        .image
        .clone();
    assert_eq!(image.as_deref(), Some("migrate:2"));

    // So does the force option (Kustomization spec.force).
    let cs = manager
        .apply(&[job("migrate:3", json!({}))], &opts(true))
        .await
        .unwrap();
    assert_eq!(cs.entries[0].action, Action::Created);
    assert_ne!(
        jobs.get("migrate").await.unwrap().metadata.uid.unwrap(),
        second_uid
    );

    // Unchanged objects are not recreated by force.
    let cs = manager
        .apply(&[job("migrate:3", json!({}))], &opts(true))
        .await
        .unwrap();
    assert_eq!(cs.entries[0].action, Action::Unchanged);
    cluster.shutdown().await;
}
