//! Immutable fields: an error naming the object and field without force, a
//! recreate (new uid) with the force annotation or option.
//!
//! NB: devcluster does not (yet) enforce kube-apiserver's immutable-field
//! validation, so this test puts a shim in front of it that answers as
//! kube-apiserver's Job validation does: a PATCH (dry-run or not) changing
//! `spec.template` of an existing Job gets 422 Invalid, "field is
//! immutable". Everything else goes to devcluster unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::time::Duration;

use ballast_apply::{Action, ApplyOptions, Error, ResourceManager};
use ballast_devcluster::{DevCluster, Options};
use http_body_util::BodyExt;
use k8s_openapi::api::batch::v1::Job;
use kube::api::{Api, DynamicObject};
use kube::client::Body;
use serde_json::{Value, json};

fn status(
    code: u16,
    reason: &str,
    message: String,
    details: Value,
) -> Result<http::Response<Body>, kube::Error> {
    let status = json!({
        "kind": "Status", "apiVersion": "v1", "status": "Failure",
        "code": code, "reason": reason, "message": message, "details": details,
    });
    http::Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Body::from(serde_json::to_vec(&status).unwrap_or_default()))
        .map_err(kube::Error::HttpError)
}

/// A client that sends everything to `inner`, except requests
/// kube-apiserver would refuse by the rules above.
fn like_kube_apiserver(inner: kube::Client) -> kube::Client {
    let service = tower::service_fn(move |request: http::Request<Body>| {
        let inner = inner.clone();
        async move {
            let (parts, body) = request.into_parts();
            let bytes = body.collect().await?.to_bytes();
            let path = parts.uri.path().to_string();
            if parts.method == http::Method::PATCH
                && let Some(rest) = path.strip_prefix("/apis/batch/v1/namespaces/")
                && let Some((namespace, name)) = rest.split_once("/jobs/")
                && !name.contains('/')
            {
                let desired: Value = serde_json::from_slice(&bytes).unwrap_or_default();
                let jobs: Api<Job> = Api::namespaced(inner.clone(), namespace);
                if let Some(live) = jobs.get_opt(name).await? {
                    let live = serde_json::to_value(live).unwrap_or_default();
                    let image = "/spec/template/spec/containers/0/image";
                    if desired.pointer(image).is_some()
                        && desired.pointer(image) != live.pointer(image)
                    {
                        return status(
                            422,
                            "Invalid",
                            format!(
                                "Job.batch \"{name}\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{{...}}: field is immutable"
                            ),
                            json!({"name": name, "group": "batch", "kind": "Job",
                                "causes": [{"reason": "FieldValueInvalid", "message": "Invalid value: field is immutable", "field": "spec.template"}]}),
                        );
                    }
                }
            }
            inner
                .send(http::Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    });
    kube::Client::new(service, "default")
}

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
    let client = like_kube_apiserver(cluster.client().unwrap());
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
