//! Drift heal end to end: devcluster (workload simulation on), the real
//! source-controller, kustomize-controller, git http-backend, and real
//! `kubectl` for the hand edits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ballast_api::meta::ConditionStatus;
use ballast_api::{GitRepository, Kustomization};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::api::events::v1::Event;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use serde_json::json;

mod common;

use common::{Harness, NS, eventually, ready};

fn configmap(name: &str, value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  value: {value:?}\n"
    )
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
";

/// Runs the real kubectl against the cluster; panics with its stderr on failure.
fn kubectl(kubeconfig: &Path, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(args)
        .output()
        .expect("kubectl must be on PATH (it is installed with the test tools)");
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn kustomization(name: &str, path: &str) -> Kustomization {
    serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": name, "namespace": NS},
        "spec": {"interval": "10m", "prune": true, "path": path,
                 "sourceRef": {"kind": "GitRepository", "name": "repo"}}
    }))
    .unwrap()
}

struct Env {
    client: kube::Client,
    configmaps: Api<ConfigMap>,
    requests: u32,
}

impl Env {
    async fn value(&self, name: &str) -> Option<String> {
        let cm = self.configmaps.get_opt(name).await.unwrap()?;
        cm.data.unwrap_or_default().get("value").cloned()
    }

    /// The notes of the DriftDetected events on Kustomization `name`.
    async fn drift_events(&self, name: &str) -> Vec<String> {
        let events: Api<Event> = Api::namespaced(self.client.clone(), NS);
        events
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

    /// Waits for a DriftDetected event on `name` whose note contains all of `parts`.
    async fn wait_drift_event(&self, name: &str, parts: &[&str]) -> Vec<String> {
        eventually(&format!("a DriftDetected event with {parts:?}"), || async {
            let notes = self.drift_events(name).await;
            notes
                .iter()
                .any(|n| parts.iter().all(|p| n.contains(p)))
                .then_some(notes)
        })
        .await
    }

    async fn request_source_reconcile(&mut self) {
        self.requests += 1;
        let patch = json!({"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": format!("request-{}", self.requests)}}});
        Api::<GitRepository>::namespaced(self.client.clone(), NS)
            .patch("repo", &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .unwrap();
    }
}

fn applied(ks: &Kustomization, commit: &str) -> bool {
    let revision = format!("main@sha1:{commit}");
    ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::True)
        && ks.status.as_ref().unwrap().last_applied_revision.as_deref() == Some(revision.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_edits_and_deletions_are_healed_and_nothing_else() {
    let harness = Harness::start().await;
    let client = harness.client.clone();
    let mut env = Env {
        client: client.clone(),
        configmaps: Api::namespaced(client.clone(), NS),
        requests: 0,
    };
    let scratch = tempfile::tempdir().unwrap();
    let kubeconfig = scratch.path().join("kubeconfig");
    std::fs::write(&kubeconfig, harness.cluster.kubeconfig()).unwrap();

    // Two Kustomizations from one repository: `apps` (a Deployment and
    // ConfigMaps) and `frozen`, which will be suspended.
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("apps/app.yaml", configmap("app", "one"))
        .unwrap();
    work.write("apps/pinned.yaml", configmap("pinned", "one"))
        .unwrap();
    work.write("apps/untouched.yaml", configmap("untouched", "one"))
        .unwrap();
    work.write("apps/web.yaml", DEPLOYMENT).unwrap();
    work.write("frozen/frozen.yaml", configmap("frozen", "one"))
        .unwrap();
    let first = work.commit_all("first").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let repo: GitRepository = serde_json::from_value(json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": "repo", "namespace": NS},
        "spec": {"url": server.url("repo.git"), "interval": "10m", "ref": {"branch": "main"}}
    }))
    .unwrap();
    Api::<GitRepository>::namespaced(client.clone(), NS)
        .create(&PostParams::default(), &repo)
        .await
        .unwrap();
    let kustomizations = harness.kustomizations();
    for (name, path) in [("apps", "./apps"), ("frozen", "./frozen")] {
        kustomizations
            .create(&PostParams::default(), &kustomization(name, path))
            .await
            .unwrap();
    }
    harness
        .wait_ks("apps", "applied", |ks| applied(ks, &first))
        .await;
    harness
        .wait_ks("frozen", "applied", |ks| applied(ks, &first))
        .await;
    let patch = json!({"spec": {"suspend": true}});
    kustomizations
        .patch("frozen", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();

    // The simulated controller writes the Deployment's status (an idle
    // cluster's steady trickle of status changes).
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), NS);
    eventually("the Deployment's status", || async {
        let d = deployments.get("web").await.unwrap();
        d.status
            .and_then(|s| s.available_replicas)
            .filter(|n| *n == 2)
    })
    .await;

    // The controller's own apply of a new revision is no drift.
    work.write("apps/app.yaml", configmap("app", "two"))
        .unwrap();
    let second = work.commit_all("app two").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    env.request_source_reconcile().await;
    harness
        .wait_ks("apps", "at the second commit", |ks| applied(ks, &second))
        .await;
    assert_eq!(env.value("app").await.as_deref(), Some("two"));

    // Opted out by hand, then edited: left alone.
    kubectl(
        &kubeconfig,
        &[
            "annotate",
            "configmap",
            "pinned",
            "kustomize.toolkit.fluxcd.io/reconcile=disabled",
        ],
    );
    kubectl(
        &kubeconfig,
        &[
            "patch",
            "configmap",
            "pinned",
            "-p",
            r#"{"data":{"value":"pinned by hand"}}"#,
        ],
    );
    // The suspended Kustomization's object, edited: left alone.
    kubectl(
        &kubeconfig,
        &[
            "patch",
            "configmap",
            "frozen",
            "-p",
            r#"{"data":{"value":"frozen by hand"}}"#,
        ],
    );

    // A hand edit is healed, with an event naming the writer.
    let untouched = env.configmaps.get("untouched").await.unwrap();
    let edited = Instant::now();
    kubectl(
        &kubeconfig,
        &[
            "patch",
            "configmap",
            "app",
            "-p",
            r#"{"data":{"value":"by hand"}}"#,
        ],
    );
    eventually("the hand edit healed", || async {
        (env.value("app").await.as_deref() == Some("two")).then_some(())
    })
    .await;
    eprintln!("hand edit healed in {:?}", edited.elapsed());
    let notes = env
        .wait_drift_event(
            "apps",
            &["ConfigMap/default/app", ".data.value", "kubectl-patch"],
        )
        .await;
    // Nothing before it was drift: not the controller's own apply, not the
    // Deployment's status, not the opted-out or the suspended object.
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(env.drift_events("frozen").await.is_empty());
    assert_eq!(env.value("pinned").await.as_deref(), Some("pinned by hand"));
    assert_eq!(env.value("frozen").await.as_deref(), Some("frozen by hand"));
    // The heal wrote only the drifted object.
    assert_eq!(
        env.configmaps
            .get("untouched")
            .await
            .unwrap()
            .metadata
            .resource_version,
        untouched.metadata.resource_version
    );

    // A deleted inventory object is recreated.
    let deleted = Instant::now();
    kubectl(&kubeconfig, &["delete", "configmap", "app"]);
    eventually("the deleted object recreated", || async {
        (env.value("app").await.as_deref() == Some("two")).then_some(())
    })
    .await;
    eprintln!("deletion healed in {:?}", deleted.elapsed());
    env.wait_drift_event("apps", &["ConfigMap/default/app deleted"])
        .await;

    // A Deployment scaled by hand is scaled back.
    kubectl(&kubeconfig, &["scale", "deployment", "web", "--replicas=5"]);
    eventually("the scaled Deployment healed", || async {
        let d = deployments.get("web").await.unwrap();
        (d.spec.and_then(|s| s.replicas) == Some(2)).then_some(())
    })
    .await;
    env.wait_drift_event("apps", &["Deployment/default/web", ".spec.replicas"])
        .await;

    // The controller's prune is not a hand deletion.
    std::fs::remove_file(work.path().join("apps/untouched.yaml")).unwrap();
    let third = work.commit_all("drop untouched").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    env.request_source_reconcile().await;
    harness
        .wait_ks("apps", "at the third commit", |ks| applied(ks, &third))
        .await;
    assert_eq!(env.value("untouched").await, None);
    kubectl(
        &kubeconfig,
        &[
            "patch",
            "configmap",
            "app",
            "--field-manager=someone-else",
            "-p",
            r#"{"data":{"value":"again"}}"#,
        ],
    );
    let notes = env
        .wait_drift_event("apps", &["ConfigMap/default/app", "someone-else"])
        .await;
    assert!(notes.iter().all(|n| !n.contains("untouched")), "{notes:#?}");
    eventually("the second hand edit healed", || async {
        (env.value("app").await.as_deref() == Some("two")).then_some(())
    })
    .await;

    // A writer that keeps fighting the controller: past 10 heals of one
    // object within a minute, its drift no longer triggers a reconcile (a
    // Warning event says so); the next reconcile, for whatever reason,
    // still applies the desired state.
    let fight = |round: usize| {
        let patch = format!(r#"{{"data":{{"value":"fight {round}"}}}}"#);
        kubectl(
            &kubeconfig,
            &[
                "patch",
                "configmap",
                "app",
                "--field-manager=operator",
                "-p",
                &patch,
            ],
        );
    };
    // Three heals of `app` so far: the edit, the deletion, someone-else.
    for round in 4..=10 {
        fight(round);
        eventually(&format!("fight {round} healed"), || async {
            (env.value("app").await.as_deref() == Some("two")).then_some(())
        })
        .await;
    }
    fight(11);
    let notes = env
        .wait_drift_event(
            "apps",
            &["ConfigMap/default/app", "left for the next reconcile"],
        )
        .await;
    let app_heals = notes
        .iter()
        .filter(|n| n.starts_with("ConfigMap/default/app") && n.ends_with("re-applying"))
        .count();
    assert_eq!(app_heals, 10, "{notes:#?}");

    harness.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_edit_is_healed_while_a_health_check_waits() {
    let harness = Harness::start().await;
    let client = harness.client.clone();
    let env = Env {
        client: client.clone(),
        configmaps: Api::namespaced(client.clone(), NS),
        requests: 0,
    };
    let scratch = tempfile::tempdir().unwrap();
    let kubeconfig = scratch.path().join("kubeconfig");
    std::fs::write(&kubeconfig, harness.cluster.kubeconfig()).unwrap();

    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("apps/app.yaml", configmap("app", "one"))
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
    Api::<GitRepository>::namespaced(client.clone(), NS)
        .create(&PostParams::default(), &repo)
        .await
        .unwrap();
    harness
        .kustomizations()
        .create(&PostParams::default(), &kustomization("apps", "./apps"))
        .await
        .unwrap();
    harness
        .wait_ks("apps", "Ready", |ks| {
            ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::True)
        })
        .await;

    // Now a health check waits for a Deployment nobody has created, for far
    // longer than any deadline of this test; the same change labels the
    // ConfigMap, so its label says the reconcile got past its apply.
    let patch = json!({"spec": {
        "timeout": "10m",
        "commonMetadata": {"labels": {"phase": "waiting"}},
        "healthChecks": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "late", "namespace": NS}]
    }});
    harness
        .kustomizations()
        .patch("apps", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    eventually("the ConfigMap applied with the new label", || async {
        let cm = env.configmaps.get("app").await.unwrap();
        let labels = cm.metadata.labels.unwrap_or_default();
        (labels.get("phase").map(String::as_str) == Some("waiting")).then_some(())
    })
    .await;

    kubectl(
        &kubeconfig,
        &[
            "patch",
            "configmap",
            "app",
            "-p",
            r#"{"data":{"value":"by hand"}}"#,
        ],
    );
    eventually("the hand edit healed during the health check", || async {
        (env.value("app").await.as_deref() == Some("one")).then_some(())
    })
    .await;
    env.wait_drift_event("apps", &["ConfigMap/default/app", "kubectl-patch"])
        .await;

    // The awaited Deployment arrives: the health check passes and the
    // controller can stop without a wait in flight.
    let late: Deployment = serde_json::from_value(json!({
        "metadata": {"name": "late", "namespace": NS},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "late"}},
                 "template": {"metadata": {"labels": {"app": "late"}},
                              "spec": {"containers": [{"name": "late", "image": "nginx:1.27"}]}}}
    }))
    .unwrap();
    Api::<Deployment>::namespaced(client.clone(), NS)
        .create(&PostParams::default(), &late)
        .await
        .unwrap();
    harness
        .wait_ks("apps", "Ready after the health check", common::is_ready)
        .await;

    harness.shutdown().await;
}
