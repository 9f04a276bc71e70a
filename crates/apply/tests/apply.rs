//! The apply engine against devcluster over HTTPS: staged apply, no-op
//! re-apply without writes, all-or-nothing dry-runs, ssa annotations,
//! field take-over, prune exclusions, diff, and kstatus waits.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::time::Duration;

use ballast_apply::{
    Action, ApplyOptions, CancellationToken, ChangeSet, DeleteOptions, Error, ObjectRef,
    ResourceManager, Status, WaitOptions,
};
use ballast_devcluster::{DevCluster, Options};
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

const OWNER_NAME: &str = "kustomize.toolkit.fluxcd.io/name";
const OWNER_NAMESPACE: &str = "kustomize.toolkit.fluxcd.io/namespace";

fn obj(v: Value) -> DynamicObject {
    serde_json::from_value(v).unwrap()
}

fn owner_labels() -> BTreeMap<String, String> {
    [
        (OWNER_NAME.to_string(), "apps".to_string()),
        (OWNER_NAMESPACE.to_string(), "flux-system".to_string()),
    ]
    .into()
}

async fn start() -> (DevCluster, kube::Client, ResourceManager) {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let manager = ResourceManager::new(client.clone(), "kustomize-controller", owner_labels())
        .with_concurrency(4);
    (cluster, client, manager)
}

fn fast() -> ApplyOptions {
    ApplyOptions {
        wait_interval: Duration::from_millis(100),
        wait_timeout: Duration::from_secs(10),
        ..ApplyOptions::default()
    }
}

fn crd() -> Value {
    json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {
            "group": "example.com", "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                    "spec": {"type": "object", "properties": {"size": {"type": "integer"}}}}}}}]
        }
    })
}

fn config_map(ns: &str, name: &str, data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}, "data": data})
}

fn deployment(ns: &str, name: &str, replicas: Value) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}
        }
    })
}

fn mixed_set(data: &str) -> Vec<DynamicObject> {
    vec![
        obj(deployment("team", "web", json!(1))),
        obj(json!({"apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w", "namespace": "team"}, "spec": {"size": 3}})),
        obj(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "team"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}}),
        ),
        obj(config_map("team", "cfg", json!({"key": data}))),
        obj(
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": "widget-viewer"},
            "rules": [{"apiGroups": ["example.com"], "resources": ["widgets"], "verbs": ["get", "list"]}]}),
        ),
        obj(crd()),
        obj(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}})),
    ]
}

fn actions(cs: &ChangeSet) -> Vec<(String, Action)> {
    cs.entries
        .iter()
        .map(|e| (e.object_ref.subject(), e.action))
        .collect()
}

/// resourceVersion of every object of the change set.
async fn versions(client: &kube::Client, cs: &ChangeSet) -> Vec<String> {
    let mut out = Vec::new();
    for e in &cs.entries {
        let r = &e.object_ref;
        let ar = ApiResource::from_gvk(&r.gvk());
        let plural = match r.kind.as_str() {
            "CustomResourceDefinition" => "customresourcedefinitions".to_string(),
            "ClusterRole" => "clusterroles".to_string(),
            k => format!("{}s", k.to_lowercase()),
        };
        let ar = ApiResource { plural, ..ar };
        let api: Api<DynamicObject> = if r.namespace.is_empty() {
            Api::all_with(client.clone(), &ar)
        } else {
            Api::namespaced_with(client.clone(), &r.namespace, &ar)
        };
        let o = api.get(&r.name).await.unwrap();
        out.push(o.metadata.resource_version.unwrap());
    }
    out
}

fn cm_api(client: &kube::Client, ns: &str) -> Api<k8s_openapi::api::core::v1::ConfigMap> {
    Api::namespaced(client.clone(), ns)
}

#[tokio::test]
async fn mixed_set_is_created_then_unchanged_without_writes_then_only_the_change_configured() {
    let (cluster, client, manager) = start().await;

    let first = manager.apply(&mixed_set("one"), &fast()).await.unwrap();
    assert_eq!(
        actions(&first),
        [
            (
                "CustomResourceDefinition/widgets.example.com".to_string(),
                Action::Created
            ),
            ("Namespace/team".to_string(), Action::Created),
            ("ClusterRole/widget-viewer".to_string(), Action::Created),
            ("ConfigMap/team/cfg".to_string(), Action::Created),
            ("Service/team/web".to_string(), Action::Created),
            ("Deployment/team/web".to_string(), Action::Created),
            ("Widget/team/w".to_string(), Action::Created),
        ]
    );
    let widget = first.entries.last().unwrap().to_string();
    assert_eq!(widget, "Widget/team/w created");
    let before = versions(&client, &first).await;

    let second = manager.apply(&mixed_set("one"), &fast()).await.unwrap();
    assert!(
        second.entries.iter().all(|e| e.action == Action::Unchanged),
        "{second}"
    );
    assert!(!second.has_changes());
    assert_eq!(
        versions(&client, &second).await,
        before,
        "a no-op apply wrote"
    );

    let third = manager.apply(&mixed_set("two"), &fast()).await.unwrap();
    let configured: Vec<String> = third
        .with_action(Action::Configured)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(configured, ["ConfigMap/team/cfg configured"]);
    assert_eq!(third.with_action(Action::Unchanged).count(), 6);
    let cm = cm_api(&client, "team").get("cfg").await.unwrap();
    assert_eq!(cm.data.unwrap()["key"], "two");
    // What the engine wrote is owned by its field manager.
    let managers: Vec<String> = cm
        .metadata
        .managed_fields
        .unwrap()
        .into_iter()
        .filter_map(|m| m.manager)
        .collect();
    assert!(
        managers.contains(&"kustomize-controller".to_string()),
        "{managers:?}"
    );

    // Every object the apply wrote is healthy by kstatus, except the
    // Deployment no controller rolls out here.
    let mut healthy: Vec<ObjectRef> = first.to_object_set().iter().cloned().collect();
    healthy.retain(|r| r.kind != "Deployment");
    manager
        .wait(
            &healthy,
            &WaitOptions {
                interval: Duration::from_millis(100),
                timeout: Duration::from_secs(5),
                fail_fast: true,
            },
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    cluster.shutdown().await;
}

#[tokio::test]
async fn one_invalid_object_fails_the_apply_and_nothing_is_written() {
    let (cluster, client, manager) = start().await;
    let set = vec![
        obj(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bad"}})),
        obj(config_map("default", "fine", json!({"a": "b"}))),
        obj(deployment("default", "web", json!("three"))),
    ];
    let err = manager.apply(&set, &fast()).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::DryRun { .. }), "{err:?}");
    assert!(text.contains("Deployment/apps/default/web"), "{text}");
    assert!(
        text.contains("replicas"),
        "the server's message names the field: {text}"
    );
    assert_eq!(err.object().unwrap().name, "web");

    assert!(
        cm_api(&client, "default")
            .get_opt("fine")
            .await
            .unwrap()
            .is_none()
    );
    let namespaces: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client.clone());
    assert!(namespaces.get_opt("bad").await.unwrap().is_none());

    // An unknown kind fails the same way, naming the object.
    let set = vec![
        obj(config_map("default", "fine", json!({"a": "b"}))),
        obj(
            json!({"apiVersion": "example.com/v9", "kind": "Gadget", "metadata": {"name": "g", "namespace": "default"}}),
        ),
    ];
    let err = manager.apply(&set, &fast()).await.unwrap_err();
    assert!(matches!(err, Error::UnknownKind { .. }), "{err:?}");
    assert!(
        err.to_string().contains("Gadget/example.com/default/g"),
        "{err}"
    );
    assert!(
        cm_api(&client, "default")
            .get_opt("fine")
            .await
            .unwrap()
            .is_none()
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_custom_resource_violating_its_new_crd_fails_after_the_crd_stage() {
    let (cluster, _client, manager) = start().await;
    let set = vec![
        obj(crd()),
        obj(json!({"apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w", "namespace": "default"}, "spec": {"size": "big"}})),
    ];
    // The CR can only be dry-run once its CRD is established, so the CRD
    // stage is written; the error says so.
    let err = manager.apply(&set, &fast()).await.unwrap_err();
    let Error::PartiallyApplied { applied, source } = &err else {
        panic!("{err:?}");
    };
    assert!(matches!(**source, Error::DryRun { .. }), "{source:?}");
    assert_eq!(
        applied.to_string(),
        "CustomResourceDefinition/widgets.example.com created"
    );
    assert_eq!(err.object().unwrap().kind, "Widget");
    let text = err.to_string();
    assert!(
        text.contains("Widget/example.com/default/w dry-run failed"),
        "{text}"
    );
    assert!(text.contains("spec.size"), "{text}");
    assert!(
        text.contains(
            "applied before the failure: [CustomResourceDefinition/widgets.example.com created]"
        ),
        "{text}"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn ssa_ignore_and_if_not_present_are_honoured() {
    let (cluster, client, manager) = start().await;
    let annotated = |name: &str, value: &str, data: &str| {
        let mut v = config_map("default", name, json!({"k": data}));
        v["metadata"]["annotations"] = json!({"kustomize.toolkit.fluxcd.io/ssa": value});
        obj(v)
    };
    let cs = manager
        .apply(
            &[
                annotated("once", "IfNotPresent", "first"),
                annotated("never", "Ignore", "x"),
            ],
            &fast(),
        )
        .await
        .unwrap();
    assert_eq!(
        actions(&cs),
        [
            ("ConfigMap/default/never".to_string(), Action::Skipped),
            ("ConfigMap/default/once".to_string(), Action::Created),
        ]
    );
    let cms = cm_api(&client, "default");
    assert!(cms.get_opt("never").await.unwrap().is_none());

    // reconcile: disabled is an exclusion too, on the manifest or the live object.
    let mut off = config_map("default", "off", json!({"k": "x"}));
    off["metadata"]["annotations"] = json!({"kustomize.toolkit.fluxcd.io/reconcile": "disabled"});
    let cs = manager.apply(&[obj(off)], &fast()).await.unwrap();
    assert_eq!(
        actions(&cs),
        [("ConfigMap/default/off".to_string(), Action::Skipped)]
    );
    assert!(cms.get_opt("off").await.unwrap().is_none());

    // The same object twice is refused before anything happens.
    let twice = [
        annotated("dup", "Override", "a"),
        annotated("dup", "Override", "b"),
    ];
    let err = manager.apply(&twice, &fast()).await.unwrap_err();
    assert!(
        err.to_string().contains("ConfigMap/default/dup")
            && err.to_string().contains("more than once"),
        "{err}"
    );

    // Present now: a changed manifest does not touch it.
    let cs = manager
        .apply(&[annotated("once", "IfNotPresent", "second")], &fast())
        .await
        .unwrap();
    assert_eq!(
        actions(&cs),
        [("ConfigMap/default/once".to_string(), Action::Skipped)]
    );
    assert_eq!(cms.get("once").await.unwrap().data.unwrap()["k"], "first");

    // A live object annotated Ignore (by hand) is left alone too.
    let cs = manager
        .apply(
            &[obj(config_map("default", "hand", json!({"k": "git"})))],
            &fast(),
        )
        .await
        .unwrap();
    assert_eq!(cs.entries[0].action, Action::Created);
    cms.patch(
        "hand",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"annotations": {"kustomize.toolkit.fluxcd.io/ssa": "Ignore"}}, "data": {"k": "hand"}})),
    )
    .await
    .unwrap();
    let cs = manager
        .apply(
            &[obj(config_map("default", "hand", json!({"k": "git"})))],
            &fast(),
        )
        .await
        .unwrap();
    assert_eq!(cs.entries[0].action, Action::Skipped);
    assert_eq!(cms.get("hand").await.unwrap().data.unwrap()["k"], "hand");
    cluster.shutdown().await;
}

#[tokio::test]
async fn fields_set_by_kubectl_are_taken_back_unless_merge() {
    let (cluster, client, manager) = start().await;
    let cms = cm_api(&client, "default");
    for name in ["plain", "merged"] {
        // Created by hand with kubectl's client-side apply, with an extra key.
        let pp = PostParams {
            field_manager: Some("kubectl-client-side-apply".into()),
            ..PostParams::default()
        };
        let mut cm: k8s_openapi::api::core::v1::ConfigMap = serde_json::from_value(config_map(
            "default",
            name,
            json!({"k": "v", "extra": "by-hand"}),
        ))
        .unwrap();
        cm.metadata.annotations = Some(
            [(
                "kubectl.kubernetes.io/last-applied-configuration".to_string(),
                "{}".to_string(),
            )]
            .into(),
        );
        cms.create(&pp, &cm).await.unwrap();
    }
    let plain = obj(config_map("default", "plain", json!({"k": "v"})));
    let mut merged = config_map("default", "merged", json!({"k": "v"}));
    merged["metadata"]["annotations"] = json!({"kustomize.toolkit.fluxcd.io/ssa": "Merge"});
    let cs = manager.apply(&[plain, obj(merged)], &fast()).await.unwrap();
    assert_eq!(
        actions(&cs),
        [
            ("ConfigMap/default/merged".to_string(), Action::Configured),
            ("ConfigMap/default/plain".to_string(), Action::Configured),
        ]
    );
    // Default: Git is the whole truth; kubectl's extra key and record go.
    let plain = cms.get("plain").await.unwrap();
    assert_eq!(
        plain.data.unwrap(),
        [("k".to_string(), "v".to_string())].into()
    );
    assert!(
        !plain
            .metadata
            .annotations
            .unwrap_or_default()
            .contains_key("kubectl.kubernetes.io/last-applied-configuration")
    );
    // Merge: what others set stays.
    let merged = cms.get("merged").await.unwrap();
    assert_eq!(merged.data.unwrap()["extra"], "by-hand");
    cluster.shutdown().await;
}

#[tokio::test]
async fn prune_deletes_owned_objects_and_keeps_excluded_ones() {
    let (cluster, client, manager) = start().await;
    let labelled = |name: &str, owner: &str, annotations: Value| {
        let mut v = config_map("default", name, json!({"k": "v"}));
        v["metadata"]["labels"] = json!({OWNER_NAME: owner, OWNER_NAMESPACE: "flux-system"});
        v["metadata"]["annotations"] = annotations;
        obj(v)
    };
    let set = vec![
        labelled("stale", "apps", json!({})),
        labelled(
            "keep",
            "apps",
            json!({"kustomize.toolkit.fluxcd.io/prune": "disabled"}),
        ),
        labelled("moved", "other", json!({})),
    ];
    manager.apply(&set, &fast()).await.unwrap();
    let refs: Vec<ObjectRef> = ["stale", "keep", "moved", "gone"]
        .iter()
        .map(|n| ObjectRef::new("", "v1", "ConfigMap", "default", *n))
        .collect();
    let result = manager.delete(&refs, &DeleteOptions::default()).await;
    assert!(result.failed.is_empty(), "{:?}", result.failed);
    assert_eq!(
        actions(&result.changes),
        [
            ("ConfigMap/default/stale".to_string(), Action::Deleted),
            ("ConfigMap/default/keep".to_string(), Action::Skipped),
            ("ConfigMap/default/moved".to_string(), Action::Skipped),
            ("ConfigMap/default/gone".to_string(), Action::Skipped),
        ]
    );
    let cms = cm_api(&client, "default");
    assert!(cms.get_opt("stale").await.unwrap().is_none());
    assert!(cms.get_opt("keep").await.unwrap().is_some());
    assert!(cms.get_opt("moved").await.unwrap().is_some());

    // Failures are reported per object and do not stop the others: a
    // client the server refuses fails each object on its own.
    let kubeconfig = cluster
        .kubeconfig()
        .replace(cluster.token(), "not-the-token");
    let config = kube::Config::from_custom_kubeconfig(
        kube::config::Kubeconfig::from_yaml(&kubeconfig).unwrap(),
        &kube::config::KubeConfigOptions::default(),
    )
    .await
    .unwrap();
    let refused = ResourceManager::new(
        kube::Client::try_from(config).unwrap(),
        "kustomize-controller",
        owner_labels(),
    );
    let refs = vec![
        ObjectRef::new("", "v1", "ConfigMap", "default", "keep"),
        ObjectRef::new("", "v1", "ConfigMap", "default", "moved"),
    ];
    let result = refused.delete(&refs, &DeleteOptions::default()).await;
    assert!(result.changes.entries.is_empty(), "{}", result.changes);
    let failed: Vec<&str> = result.failed.iter().map(|(r, _)| r.name.as_str()).collect();
    assert_eq!(failed, ["keep", "moved"]);
    assert!(
        result.failed[0]
            .1
            .to_string()
            .contains("ConfigMap/default/keep"),
        "{}",
        result.failed[0].1
    );
    assert!(cms.get_opt("keep").await.unwrap().is_some());
    cluster.shutdown().await;
}

#[tokio::test]
async fn diff_names_changed_paths_and_masks_secrets() {
    let (cluster, _client, manager) = start().await;
    let secret = |value: &str| {
        obj(
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "default"},
            "stringData": {"password": value}}),
        )
    };
    manager
        .apply(
            &[
                obj(config_map("default", "cfg", json!({"a": "1", "b": "2"}))),
                secret("hunter2"),
            ],
            &fast(),
        )
        .await
        .unwrap();
    let diff = manager
        .diff(
            &[
                obj(config_map("default", "cfg", json!({"a": "1", "b": "3"}))),
                secret("correct-horse"),
                obj(config_map("default", "new", json!({"x": "y"}))),
            ],
            &fast(),
        )
        .await
        .unwrap();
    let summary: Vec<(String, Action, Vec<String>)> = diff
        .iter()
        .map(|d| {
            (
                d.object_ref.subject(),
                d.action,
                d.changes.iter().map(|c| c.path.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "ConfigMap/default/cfg".to_string(),
                Action::Configured,
                vec!["/data/b".to_string()]
            ),
            (
                "ConfigMap/default/new".to_string(),
                Action::Created,
                vec![
                    "/apiVersion".into(),
                    "/kind".into(),
                    "/metadata".into(),
                    "/data".into()
                ]
            ),
            (
                "Secret/default/s".to_string(),
                Action::Configured,
                vec!["/data/password".to_string()]
            ),
        ]
    );
    let text = format!("{diff:?}");
    assert!(
        !text.contains("hunter2")
            && !text.contains("aHVudGVyMg")
            && !text.contains("Y29ycmVjdC1ob3JzZQ"),
        "{text}"
    );
    // stringData is written into data by the server: re-applying it is no change.
    let same = manager.diff(&[secret("hunter2")], &fast()).await.unwrap();
    assert_eq!(same[0].action, Action::Unchanged, "{same:?}");
    // Diff writes nothing.
    let again = manager
        .diff(
            &[obj(config_map(
                "default",
                "cfg",
                json!({"a": "1", "b": "3"}),
            ))],
            &fast(),
        )
        .await
        .unwrap();
    assert_eq!(again[0].action, Action::Configured);
    cluster.shutdown().await;
}

async fn set_status(client: &kube::Client, name: &str, status: Value) {
    let api: Api<k8s_openapi::api::apps::v1::Deployment> =
        Api::namespaced(client.clone(), "default");
    api.patch_status(
        name,
        &PatchParams::default(),
        &Patch::Merge(json!({"status": status})),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn wait_follows_the_deployment_rollout_and_times_out_naming_it() {
    let (cluster, client, manager) = start().await;
    manager
        .apply(&[obj(deployment("default", "web", json!(2)))], &fast())
        .await
        .unwrap();
    let web = ObjectRef::new("apps", "v1", "Deployment", "default", "web");
    let opts = WaitOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_millis(400),
        fail_fast: true,
    };

    let err = manager
        .wait(std::slice::from_ref(&web), &opts, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("Deployment/default/web status: 'InProgress'"),
        "{err}"
    );

    set_status(&client, "web", json!({"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 1, "availableReplicas": 1})).await;
    let err = manager
        .wait(std::slice::from_ref(&web), &opts, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Available: 1/2"), "{err}");

    // Counters alone are not enough: kstatus also wants the rollout
    // controller's conditions.
    set_status(&client, "web", json!({"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 2, "availableReplicas": 2})).await;
    let err = manager
        .wait(std::slice::from_ref(&web), &opts, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("ReplicaSet not Available"),
        "{err}"
    );
    set_status(
        &client,
        "web",
        json!({"conditions": [
        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
        {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"}]}),
    )
    .await;
    manager
        .wait(std::slice::from_ref(&web), &opts, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(manager.status(&web).await.unwrap().status, Status::Current);

    // A rollout past its deadline fails fast instead of waiting out the timeout.
    set_status(&client, "web", json!({"conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]})).await;
    let slow = WaitOptions {
        timeout: Duration::from_secs(60),
        ..opts.clone()
    };
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        manager.wait(std::slice::from_ref(&web), &slow, &CancellationToken::new()),
    )
    .await
    .expect("fail-fast wait returned")
    .unwrap_err();
    assert!(matches!(err, Error::HealthCheckFailed { .. }), "{err:?}");
    assert!(
        err.to_string().contains("Progress deadline exceeded"),
        "{err}"
    );

    // A missing object is not healthy.
    let ghost = ObjectRef::new("apps", "v1", "Deployment", "default", "ghost");
    let err = manager
        .wait(&[ghost], &opts, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Deployment/default/ghost status: 'NotFound'"),
        "{err}"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_stuck_wait_is_cancelled() {
    let (cluster, _client, manager) = start().await;
    manager
        .apply(&[obj(deployment("default", "web", json!(1)))], &fast())
        .await
        .unwrap();
    let web = ObjectRef::new("apps", "v1", "Deployment", "default", "web");
    let cancel = CancellationToken::new();
    let opts = WaitOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(300),
        fail_fast: true,
    };
    let waiting = {
        let cancel = cancel.clone();
        async move { manager.wait(&[web], &opts, &cancel).await }
    };
    let (result, ()) = tokio::join!(
        tokio::time::timeout(Duration::from_secs(10), waiting),
        async { cancel.cancel() }
    );
    let err = result.expect("cancelled wait returned").unwrap_err();
    assert!(matches!(err, Error::Cancelled { .. }), "{err:?}");
    assert!(err.to_string().contains("cancelled"), "{err}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn simulated_rollout_becomes_current() {
    let cluster = DevCluster::start(Options {
        simulate_workloads: true,
        ..Options::default()
    })
    .await
    .unwrap();
    let manager = ResourceManager::new(
        cluster.client().unwrap(),
        "kustomize-controller",
        owner_labels(),
    );
    let mut failing = deployment("default", "bad", json!(1));
    failing["spec"]["template"]["metadata"]["annotations"] =
        json!({"devcluster.ballast.dev/fail": "true"});
    manager
        .apply(
            &[obj(deployment("default", "good", json!(2))), obj(failing)],
            &fast(),
        )
        .await
        .unwrap();
    let opts = WaitOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(10),
        fail_fast: true,
    };
    let good = ObjectRef::new("apps", "v1", "Deployment", "default", "good");
    manager
        .wait(&[good], &opts, &CancellationToken::new())
        .await
        .unwrap();
    let bad = ObjectRef::new("apps", "v1", "Deployment", "default", "bad");
    let err = manager
        .wait(&[bad], &opts, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::HealthCheckFailed { .. }), "{err:?}");
    assert!(err.to_string().contains("Deployment/default/bad"), "{err}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn inventory_diff_prunes_what_left_the_set() {
    let (cluster, client, manager) = start().await;
    let labelled = |mut v: Value| {
        v["metadata"]["labels"] = json!({OWNER_NAME: "apps", OWNER_NAMESPACE: "flux-system"});
        obj(v)
    };
    let widget = json!({"apiVersion": "example.com/v1", "kind": "Widget",
        "metadata": {"name": "w", "namespace": "default"}, "spec": {"size": 1}});
    let first = vec![
        labelled(crd()),
        labelled(widget),
        labelled(config_map("default", "a", json!({"k": "v"}))),
        labelled(config_map("default", "b", json!({"k": "v"}))),
    ];
    let applied = manager.apply(&first, &fast()).await.unwrap();
    // The inventory is stored as (id, version) strings, as Flux does.
    let stored: Vec<(String, String)> = applied
        .to_object_set()
        .iter()
        .map(|o| (o.id(), o.version.clone()))
        .collect();
    assert!(
        stored.contains(&("default_w_example.com_Widget".to_string(), "v1".to_string())),
        "{stored:?}"
    );

    let second = vec![labelled(config_map("default", "a", json!({"k": "v"})))];
    let applied = manager.apply(&second, &fast()).await.unwrap();
    let old: ballast_apply::ObjectSet = stored
        .iter()
        .map(|(id, v)| ObjectRef::parse_id(id, v.as_str()))
        .collect::<Result<_, _>>()
        .unwrap();
    let stale = old.diff(&applied.to_object_set());
    let subjects: Vec<String> = stale.iter().map(ObjectRef::subject).collect();
    // Custom resources before their CRD.
    assert_eq!(
        subjects,
        [
            "Widget/default/w",
            "ConfigMap/default/b",
            "CustomResourceDefinition/widgets.example.com"
        ]
    );
    let result = manager.delete(&stale, &DeleteOptions::default()).await;
    assert!(result.failed.is_empty(), "{:?}", result.failed);
    assert!(
        result
            .changes
            .entries
            .iter()
            .all(|e| e.action == Action::Deleted),
        "{}",
        result.changes
    );
    let cms = cm_api(&client, "default");
    assert!(cms.get_opt("b").await.unwrap().is_none());
    assert!(cms.get_opt("a").await.unwrap().is_some());
    let crds: Api<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition> =
        Api::all(client.clone());
    assert!(crds.get_opt("widgets.example.com").await.unwrap().is_none());
    cluster.shutdown().await;
}

#[tokio::test]
async fn objects_in_a_namespace_of_the_same_apply_wait_for_it() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let manager = ResourceManager::new(client.clone(), "kustomize-controller", BTreeMap::new());
    let cm = |ns: &str| -> DynamicObject {
        serde_json::from_value(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "cfg", "namespace": ns}, "data": {"k": "v"}}))
        .unwrap()
    };
    let ns: DynamicObject = serde_json::from_value(
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}),
    )
    .unwrap();

    // A namespace that neither exists nor comes with the apply: the dry-run
    // fails, naming the object, and nothing is written.
    let err = manager
        .apply(&[ns.clone(), cm("nowhere")], &fast())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::DryRun { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("ConfigMap/nowhere/cfg") && text.contains("namespaces \"nowhere\" not found"),
        "{text}"
    );
    let namespaces: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client.clone());
    assert!(namespaces.get_opt("team").await.unwrap().is_none());

    // The namespace comes with the apply: its objects are dry-run after it.
    let cs = manager.apply(&[cm("team"), ns], &fast()).await.unwrap();
    assert_eq!(
        cs.to_string(),
        "Namespace/team created\nConfigMap/team/cfg created"
    );
    let cms = cm_api(&client, "team");
    assert!(cms.get_opt("cfg").await.unwrap().is_some());
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_kind_whose_crd_was_deleted_is_reported_unknown_not_missing() {
    let (cluster, client, manager) = start().await;
    let widget = || {
        obj(json!({"apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w", "namespace": "default"}, "spec": {"size": 1}}))
    };
    manager
        .apply(&[obj(crd()), widget()], &fast())
        .await
        .unwrap();
    // The kind is in the manager's discovery cache; its CRD goes behind its back.
    let crds: Api<
        k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition,
    > = Api::all(client.clone());
    crds.delete("widgets.example.com", &Default::default())
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while crds.get_opt("widgets.example.com").await.unwrap().is_some() {
        assert!(tokio::time::Instant::now() < deadline, "CRD not deleted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let err = manager.apply(&[widget()], &fast()).await.unwrap_err();
    assert!(matches!(err, Error::UnknownKind { .. }), "{err:?}");
    assert!(
        err.to_string().contains("no matches for kind \"Widget\""),
        "{err}"
    );
    cluster.shutdown().await;
}
