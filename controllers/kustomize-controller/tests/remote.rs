//! Where and as whom objects are applied: `spec.serviceAccountName` and
//! `--default-service-account` impersonation, `spec.kubeConfig` to a second
//! devcluster; and `spec.postBuild.substituteStrategy`.
//!
//! NB: devcluster has no RBAC and ignores `Impersonate-User`, so the
//! impersonation tests record the headers kustomize-controller sends
//! instead of watching the server refuse anything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};

use ballast_api::GitRepository;
use ballast_apply::Status;
use ballast_devcluster::{DevCluster, Options as ClusterOptions};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use common::{Harness, NS, eventually, is_ready, kstatus, not_ready_with, ready};
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{ConfigMap, Secret, ServiceAccount};
use k8s_openapi::api::events::v1::Event;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kube::{Client, ResourceExt};
use serde_json::{Value, json};

/// One request kustomize-controller sent: method, path and the user it
/// impersonated, if any.
#[derive(Clone, Debug)]
struct Sent {
    method: String,
    path: String,
    user: Option<String>,
}

type Log = Arc<Mutex<Vec<Sent>>>;

/// `client`, recording every request it sends into `log`.
fn recording(client: Client, log: Log) -> Client {
    let namespace = client.default_namespace().to_string();
    let service = tower::service_fn(move |request: http::Request<kube::client::Body>| {
        let (client, log) = (client.clone(), log.clone());
        async move {
            log.lock().unwrap().push(Sent {
                method: request.method().to_string(),
                path: request.uri().path().to_string(),
                user: request
                    .headers()
                    .get("impersonate-user")
                    .map(|v| v.to_str().unwrap().to_string()),
            });
            client.send(request).await
        }
    });
    Client::new(service, namespace)
}

/// The users requests for `path` (exactly) with `method` were sent as.
fn users(log: &Log, method: &str, path: &str) -> Vec<Option<String>> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|s| s.method == method && s.path == path)
        .map(|s| s.user.clone())
        .collect()
}

fn configmap(name: &str, value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {NS}\ndata:\n  value: \"{value}\"\n"
    )
}

fn kustomization(name: &str, spec: Value) -> ballast_api::Kustomization {
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

/// Serves `files` from a Git repository and points GitRepository `repo` at it.
async fn source(
    harness: &Harness,
    files: &[(&str, String)],
) -> (HttpGitServer, std::path::PathBuf, WorkRepo) {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    for (path, contents) in files {
        work.write(path, contents).unwrap();
    }
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
    (server, bare, work)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_are_applied_and_pruned_as_the_impersonated_service_account() {
    let log: Log = Arc::default();
    let recorded = log.clone();
    let harness = Harness::start_with(
        |config| config.default_service_account = "fallback".into(),
        move |client| recording(client, recorded),
    )
    .await;
    let (_server, _bare, _work) = source(
        &harness,
        &[
            ("mine/cm.yaml", configmap("mine", "a")),
            ("theirs/cm.yaml", configmap("theirs", "b")),
        ],
    )
    .await;
    // Only `deployer` exists: deleting what runs as `fallback` cannot prune.
    let accounts: Api<ServiceAccount> = Api::namespaced(harness.client.clone(), NS);
    let deployer: ServiceAccount =
        serde_json::from_value(json!({"metadata": {"name": "deployer"}})).unwrap();
    accounts
        .create(&PostParams::default(), &deployer)
        .await
        .unwrap();

    let api = harness.kustomizations();
    api.create(
        &PostParams::default(),
        &kustomization(
            "named",
            json!({"path": "./mine", "serviceAccountName": "deployer", "wait": true}),
        ),
    )
    .await
    .unwrap();
    api.create(
        &PostParams::default(),
        &kustomization("defaulted", json!({"path": "./theirs"})),
    )
    .await
    .unwrap();
    harness.wait_ks("named", "Ready", is_ready).await;
    harness.wait_ks("defaulted", "Ready", is_ready).await;

    // Apply (dry-run and write) and health checks went out as the account;
    // the controller's own work (its status) did not.
    let deployer_user = Some("system:serviceaccount:default:deployer".to_string());
    let fallback_user = Some("system:serviceaccount:default:fallback".to_string());
    let mine = format!("/api/v1/namespaces/{NS}/configmaps/mine");
    let theirs = format!("/api/v1/namespaces/{NS}/configmaps/theirs");
    let sent = users(&log, "PATCH", &mine);
    assert!(
        sent.len() >= 2 && sent.iter().all(|u| *u == deployer_user),
        "{sent:?}"
    );
    let sent = users(&log, "GET", &mine);
    assert!(
        !sent.is_empty() && sent.iter().all(|u| *u == deployer_user),
        "{sent:?}"
    );
    let sent = users(&log, "PATCH", &theirs);
    assert!(
        !sent.is_empty() && sent.iter().all(|u| *u == fallback_user),
        "{sent:?}"
    );
    let status =
        format!("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{NS}/kustomizations/named/status");
    let sent = users(&log, "PATCH", &status);
    assert!(
        !sent.is_empty() && sent.iter().all(Option::is_none),
        "{sent:?}"
    );

    // Discovery is shared between reconciles (and accounts): more
    // reconciles ask the server nothing more about kinds.
    let discovery = || users(&log, "GET", "/api/v1").len();
    let discovered = discovery();
    assert!(discovered > 0);
    for request in ["again-1", "again-2"] {
        api.patch(
            "named",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": request}}}),
            ),
        )
        .await
        .unwrap();
        harness
            .wait_ks("named", "the requested reconcile handled", |ks| {
                ks.status
                    .as_ref()
                    .and_then(|s| s.reconcile_request.last_handled_reconcile_at.as_deref())
                    == Some(request)
            })
            .await;
    }
    assert_eq!(discovery(), discovered);

    // Deletion prunes as the account too.
    api.delete("named", &DeleteParams::default()).await.unwrap();
    let configmaps: Api<ConfigMap> = Api::namespaced(harness.client.clone(), NS);
    eventually("named and its ConfigMap gone", || async {
        let gone = api.get_opt("named").await.unwrap().is_none()
            && configmaps.get_opt("mine").await.unwrap().is_none();
        gone.then_some(())
    })
    .await;
    assert_eq!(users(&log, "DELETE", &mine), vec![deployer_user]);

    // The default account does not exist: as in Flux, the objects stay and
    // the deletion goes through, with a warning naming them.
    api.delete("defaulted", &DeleteParams::default())
        .await
        .unwrap();
    eventually("defaulted gone", || async {
        api.get_opt("defaulted")
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
    assert!(configmaps.get_opt("theirs").await.unwrap().is_some());
    assert!(users(&log, "DELETE", &theirs).is_empty());
    let events: Api<Event> = Api::namespaced(harness.client.clone(), NS);
    let warning = eventually("a warning about the objects left", || async {
        events
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|e| {
                e.regarding.as_ref().and_then(|r| r.name.as_deref()) == Some("defaulted")
                    && e.note
                        .as_deref()
                        .unwrap_or_default()
                        .contains("unable to prune")
            })
    })
    .await;
    assert!(
        warning.note.unwrap().contains("ConfigMap/default/theirs"),
        "the warning names the object"
    );

    drop((api, accounts, configmaps, events));
    harness.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kubeconfig_secret_sends_objects_to_a_remote_cluster() {
    let harness = Harness::start().await;
    let remote = DevCluster::start(ClusterOptions {
        simulate_workloads: true,
        ..Default::default()
    })
    .await
    .unwrap();
    let (_server, bare, work) =
        source(&harness, &[("remote/cm.yaml", configmap("far", "away"))]).await;
    let secrets: Api<Secret> = Api::namespaced(harness.client.clone(), NS);
    let secret: Secret = serde_json::from_value(json!({
        "metadata": {"name": "remote-kubeconfig"},
        "type": "Opaque",
    }))
    .unwrap();
    let secret = Secret {
        data: Some(
            [(
                "value.yaml".to_string(),
                ByteString(remote.kubeconfig().into_bytes()),
            )]
            .into(),
        ),
        ..secret
    };
    secrets
        .create(&PostParams::default(), &secret)
        .await
        .unwrap();

    let api = harness.kustomizations();
    api.create(
        &PostParams::default(),
        &kustomization(
            "remote",
            json!({"path": "./remote", "wait": true,
                   "kubeConfig": {"secretRef": {"name": "remote-kubeconfig"}}}),
        ),
    )
    .await
    .unwrap();
    // Workload identity (configMapRef) is not built: refused, naming it.
    api.create(
        &PostParams::default(),
        &kustomization(
            "cloud",
            json!({"path": "./remote", "kubeConfig": {"configMapRef": {"name": "eks"}}}),
        ),
    )
    .await
    .unwrap();
    // A Kustomization whose Secret is missing says so.
    api.create(
        &PostParams::default(),
        &kustomization(
            "nowhere",
            json!({"path": "./remote", "kubeConfig": {"secretRef": {"name": "missing"}}}),
        ),
    )
    .await
    .unwrap();
    let remote_ks = harness.wait_ks("remote", "Ready", is_ready).await;
    assert_eq!(kstatus(&remote_ks), Status::Current);
    let nowhere = harness
        .wait_ks("nowhere", "ReconciliationFailed", |ks| {
            not_ready_with(ks, "ReconciliationFailed")
        })
        .await;
    let message = ready(&nowhere).unwrap().2;
    assert!(
        message.contains("KubeConfig secret 'default/missing' not found"),
        "{message}"
    );
    assert_eq!(kstatus(&nowhere), Status::InProgress);
    let cloud = harness
        .wait_ks("cloud", "refused", |ks| {
            not_ready_with(ks, "UnsupportedField")
        })
        .await;
    let message = ready(&cloud).unwrap().2;
    assert!(
        message.contains("spec.kubeConfig.configMapRef"),
        "{message}"
    );
    assert_eq!(kstatus(&cloud), Status::Failed);

    // The object is on the remote cluster, not on the local one.
    let remote_client = remote.client().unwrap();
    let remote_cms: Api<ConfigMap> = Api::namespaced(remote_client.clone(), NS);
    let local_cms: Api<ConfigMap> = Api::namespaced(harness.client.clone(), NS);
    let far = remote_cms.get("far").await.unwrap();
    assert_eq!(far.labels()["kustomize.toolkit.fluxcd.io/name"], "remote");
    assert!(local_cms.get_opt("far").await.unwrap().is_none());

    // Prune happens there too.
    std::fs::remove_file(work.path().join("remote/cm.yaml")).unwrap();
    work.write("remote/cm2.yaml", configmap("farther", "still"))
        .unwrap();
    let second = work.commit_all("move on").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    Api::<GitRepository>::namespaced(harness.client.clone(), NS)
        .patch(
            "repo",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "second"}}}),
            ),
        )
        .await
        .unwrap();
    harness
        .wait_ks("remote", "Ready at the second commit", |ks| {
            is_ready(ks)
                && ks.status.as_ref().unwrap().last_applied_revision.as_deref()
                    == Some(format!("main@sha1:{second}").as_str())
        })
        .await;
    assert!(remote_cms.get_opt("far").await.unwrap().is_none());
    assert!(remote_cms.get_opt("farther").await.unwrap().is_some());

    // Deleting the Kustomization deletes its objects on the remote cluster.
    api.delete("remote", &DeleteParams::default())
        .await
        .unwrap();
    eventually("remote objects gone", || async {
        let gone = api.get_opt("remote").await.unwrap().is_none()
            && remote_cms.get_opt("farther").await.unwrap().is_none();
        gone.then_some(())
    })
    .await;

    drop((api, secrets, remote_cms, local_cms, remote_client));
    remote.shutdown().await;
    harness.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn substitute_strategy_always_substitutes_without_variables() {
    let harness = Harness::start().await;
    let greeting = "${greeting:=hello}";
    let (_server, _bare, _work) = source(
        &harness,
        &[
            ("always/cm.yaml", configmap("always", greeting)),
            ("default/cm.yaml", configmap("by-default", greeting)),
        ],
    )
    .await;
    let api = harness.kustomizations();
    api.create(
        &PostParams::default(),
        &kustomization(
            "always",
            json!({"path": "./always", "postBuild": {"substituteStrategy": "Always"}}),
        ),
    )
    .await
    .unwrap();
    api.create(
        &PostParams::default(),
        &kustomization("by-default", json!({"path": "./default", "postBuild": {}})),
    )
    .await
    .unwrap();
    harness.wait_ks("always", "Ready", is_ready).await;
    harness.wait_ks("by-default", "Ready", is_ready).await;
    let configmaps: Api<ConfigMap> = Api::namespaced(harness.client.clone(), NS);
    let value = |cm: ConfigMap| cm.data.unwrap()["value"].clone();
    // `Always`: the default applies. `WithVariables` without variables:
    // no substitution at all, as in Flux.
    assert_eq!(value(configmaps.get("always").await.unwrap()), "hello");
    assert_eq!(value(configmaps.get("by-default").await.unwrap()), greeting);

    drop((api, configmaps));
    harness.shutdown().await;
}

/// The notes of the DriftDetected events on Kustomization `name`.
async fn drift_notes(client: &Client, name: &str) -> Vec<String> {
    Api::<Event>::namespaced(client.clone(), NS)
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|e| {
            e.reason.as_deref() == Some(ballast_kustomize_controller::DRIFT_DETECTED)
                && e.regarding.as_ref().and_then(|r| r.name.as_deref()) == Some(name)
        })
        .filter_map(|e| e.note)
        .collect()
}

/// Sets `data.value` of ConfigMap `name` as field manager `manager`.
async fn hand_edit(configmaps: &Api<ConfigMap>, name: &str, manager: &str, value: &str) {
    let params = PatchParams {
        field_manager: Some(manager.to_string()),
        ..PatchParams::default()
    };
    configmaps
        .patch(
            name,
            &params,
            &Patch::Merge(json!({"data": {"value": value}})),
        )
        .await
        .unwrap();
}

async fn value(configmaps: &Api<ConfigMap>, name: &str) -> Option<String> {
    let cm = configmaps.get_opt(name).await.unwrap()?;
    cm.data.unwrap_or_default().get("value").cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_edits_on_a_remote_cluster_are_healed() {
    let harness = Harness::start().await;
    let remote = DevCluster::start(ClusterOptions::default()).await.unwrap();
    let (_server, _bare, _work) = source(
        &harness,
        &[
            ("remote/cm.yaml", configmap("twin", "far")),
            ("local/cm.yaml", configmap("near", "here")),
        ],
    )
    .await;
    let secret: Secret = serde_json::from_value(json!({
        "metadata": {"name": "remote-kubeconfig"},
        "data": {"value": k8s_openapi::ByteString(remote.kubeconfig().into_bytes())},
    }))
    .unwrap();
    Api::<Secret>::namespaced(harness.client.clone(), NS)
        .create(&PostParams::default(), &secret)
        .await
        .unwrap();
    let api = harness.kustomizations();
    api.create(
        &PostParams::default(),
        &kustomization(
            "remote",
            json!({"path": "./remote",
                   "kubeConfig": {"secretRef": {"name": "remote-kubeconfig"}}}),
        ),
    )
    .await
    .unwrap();
    // A local Kustomization, so the local drift watch covers ConfigMaps too.
    api.create(
        &PostParams::default(),
        &kustomization("here", json!({"path": "./local"})),
    )
    .await
    .unwrap();
    harness.wait_ks("remote", "Ready", is_ready).await;
    harness.wait_ks("here", "Ready", is_ready).await;
    let remote_cms: Api<ConfigMap> = Api::namespaced(remote.client().unwrap(), NS);
    let local_cms: Api<ConfigMap> = Api::namespaced(harness.client.clone(), NS);
    assert_eq!(value(&remote_cms, "twin").await.as_deref(), Some("far"));

    // A local look-alike of the remote object: same name, same owner
    // labels, applied by the controller's field manager, then edited by
    // hand. It is not the remote Kustomization's, so it is left alone.
    let twin = json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "twin", "namespace": NS, "labels": {
            "kustomize.toolkit.fluxcd.io/name": "remote",
            "kustomize.toolkit.fluxcd.io/namespace": NS}},
        "data": {"value": "far"}
    });
    local_cms
        .patch(
            "twin",
            &PatchParams::apply(ballast_kustomize_controller::FIELD_MANAGER).force(),
            &Patch::Apply(&twin),
        )
        .await
        .unwrap();
    hand_edit(&local_cms, "twin", "local-hand", "local edit").await;

    // A hand edit on the remote cluster is healed, and the event names
    // its writer.
    hand_edit(&remote_cms, "twin", "remote-hand", "remote edit").await;
    eventually("the remote hand edit healed", || async {
        (value(&remote_cms, "twin").await.as_deref() == Some("far")).then_some(())
    })
    .await;
    let notes = eventually("a DriftDetected event naming remote-hand", || async {
        let notes = drift_notes(&harness.client, "remote").await;
        notes
            .iter()
            .any(|n| n.contains("ConfigMap/default/twin") && n.contains("remote-hand"))
            .then_some(notes)
    })
    .await;
    assert!(
        notes.iter().all(|n| !n.contains("local-hand")),
        "the local look-alike was taken for the remote object: {notes:?}"
    );
    assert_eq!(
        value(&local_cms, "twin").await.as_deref(),
        Some("local edit")
    );

    // A changed Secret (same cluster, other content) replaces the watch:
    // edits are still healed after the reconcile that reads it.
    let mut changed = remote.kubeconfig();
    changed.push_str("\n# rotated\n");
    Api::<Secret>::namespaced(harness.client.clone(), NS)
        .patch(
            "remote-kubeconfig",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"data": {"value": k8s_openapi::ByteString(changed.into_bytes())}}),
            ),
        )
        .await
        .unwrap();
    api.patch(
        "remote",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "rotated"}}})),
    )
    .await
    .unwrap();
    harness
        .wait_ks("remote", "Ready after the rotation", |ks| {
            is_ready(ks)
                && ks
                    .status
                    .as_ref()
                    .unwrap()
                    .reconcile_request
                    .last_handled_reconcile_at
                    .as_deref()
                    == Some("rotated")
        })
        .await;
    hand_edit(&remote_cms, "twin", "rotated-hand", "remote edit").await;
    eventually("the remote hand edit healed after the rotation", || async {
        (value(&remote_cms, "twin").await.as_deref() == Some("far")).then_some(())
    })
    .await;
    eventually("a DriftDetected event naming rotated-hand", || async {
        let notes = drift_notes(&harness.client, "remote").await;
        notes
            .iter()
            .any(|n| n.contains("rotated-hand"))
            .then_some(())
    })
    .await;

    drop((api, remote_cms, local_cms));
    remote.shutdown().await;
    harness.shutdown().await;
}
