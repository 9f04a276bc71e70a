//! Health checks beyond kstatus: a new revision cancels a health check
//! waiting on the previous one, `spec.healthCheckExprs` (CEL), and
//! `spec.dependsOn[].readyExpr`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use ballast_api::meta::{ConditionStatus, conditions, find_condition};
use ballast_api::{GitRepository, Kustomization};
use ballast_apply::Status;
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use common::{Harness, NS, eventually, is_ready, kstatus, not_ready_with, ready};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::events::v1::Event;
use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use kube::discovery::ApiResource;
use serde_json::{Value, json};

/// A Git repository served over HTTP with a GitRepository pointing at it.
struct Repo {
    server: HttpGitServer,
    bare: PathBuf,
    work: WorkRepo,
    sources: Api<GitRepository>,
}

impl Repo {
    async fn start(harness: &Harness, files: &[(&str, String)]) -> (Self, String) {
        let server = HttpGitServer::start(HttpOptions::default()).unwrap();
        let bare = server.create_repo("repo.git", "main").unwrap();
        let work = WorkRepo::init("main").unwrap();
        let sources: Api<GitRepository> = Api::namespaced(harness.client.clone(), NS);
        let repo = Repo {
            server,
            bare,
            work,
            sources,
        };
        let first = repo.commit(files, "first").await;
        let source: GitRepository = serde_json::from_value(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": {"name": "repo", "namespace": NS},
            "spec": {"url": repo.server.url("repo.git"), "interval": "10m", "ref": {"branch": "main"}}
        }))
        .unwrap();
        repo.sources
            .create(&PostParams::default(), &source)
            .await
            .unwrap();
        (repo, first)
    }

    /// Writes `files`, commits, pushes and asks source-controller to fetch;
    /// returns the commit.
    async fn commit(&self, files: &[(&str, String)], message: &str) -> String {
        for (path, contents) in files {
            self.work.write(path, contents).unwrap();
        }
        let commit = self.work.commit_all(message).unwrap();
        self.work
            .push(self.bare.to_str().unwrap(), "main:main")
            .unwrap();
        let patch =
            json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": commit}}});
        // The GitRepository does not exist before the first commit.
        if self.sources.get_opt("repo").await.unwrap().is_some() {
            self.sources
                .patch("repo", &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .unwrap();
        }
        commit
    }
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

/// A StatefulSet whose rollout never finishes when `fail` is set:
/// devcluster keeps it at 0 ready replicas, which kstatus reads as
/// InProgress (not Failed), so a health check waits for its timeout.
fn stateful_set(fail: bool) -> String {
    let annotation = if fail {
        "      annotations:\n        devcluster.ballast.dev/fail: \"true\"\n"
    } else {
        ""
    };
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: {NS}\nspec:\n  replicas: 1\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n{annotation}    spec:\n      containers:\n      - name: db\n        image: postgres:17\n"
    )
}

fn revision_of(ks: &Kustomization) -> Option<String> {
    ks.status.as_ref()?.last_applied_revision.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_revision_cancels_a_health_check_waiting_on_the_previous_one() {
    let harness = Harness::start().await;
    let (repo, first) = Repo::start(&harness, &[("app/db.yaml", stateful_set(true))]).await;
    let api = harness.kustomizations();
    // A long timeout: without cancellation the fix would wait five minutes.
    api.create(
        &PostParams::default(),
        &kustomization(
            "db",
            json!({"path": "./app", "wait": true, "timeout": "5m"}),
        ),
    )
    .await
    .unwrap();

    // The broken rollout is applied and stuck: the health check is waiting.
    let sts: Api<StatefulSet> = Api::namespaced(harness.client.clone(), NS);
    eventually("the failing StatefulSet applied and stuck", || async {
        let s = sts.get_opt("db").await.unwrap()?;
        let failing = s
            .spec
            .as_ref()?
            .template
            .metadata
            .as_ref()?
            .annotations
            .as_ref()?
            .contains_key("devcluster.ballast.dev/fail");
        let stuck = s.status.as_ref()?.ready_replicas.unwrap_or(0) == 0
            && s.status.as_ref()?.observed_generation.is_some();
        (failing && stuck).then_some(())
    })
    .await;
    // The Kustomization says it is waiting, on which revision and for how long.
    let waiting = harness
        .wait_ks("db", "running health checks", |ks| {
            ready(ks).is_some_and(|(s, r, _)| s == ConditionStatus::Unknown && r == "Progressing")
        })
        .await;
    let reconciling = find_condition(
        waiting
            .status
            .as_ref()
            .unwrap()
            .conditions
            .as_deref()
            .unwrap(),
        conditions::RECONCILING,
    )
    .unwrap();
    assert_eq!(kstatus(&waiting), Status::InProgress);
    assert_eq!(
        reconciling.message,
        format!("Running health checks for revision main@sha1:{first} with a timeout of 5m0s")
    );

    // The fix is a new commit; the waiting health check gives way to it.
    let started = std::time::Instant::now();
    let fixed = repo
        .commit(&[("app/db.yaml", stateful_set(false))], "fix the rollout")
        .await;
    let healthy = harness
        .wait_ks("db", "Ready at the fixed revision", |ks| {
            is_ready(ks) && revision_of(ks) == Some(format!("main@sha1:{fixed}"))
        })
        .await;
    let took = started.elapsed();
    // NB: not a speed test: the bound only tells "cancelled" from "waited
    // for the 5m timeout" (the harness gives up after 60s anyway).
    assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
    eprintln!("fix commit to Ready: {took:?} (health check timeout 5m)");
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
    assert_eq!(kstatus(&healthy), Status::Current);

    // Reconciles that change nothing write nothing (each status write
    // requeues the Kustomization, so churn here would never stop).
    for request in ["again-1", "again-2"] {
        api.patch(
            "db",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": request}}}),
            ),
        )
        .await
        .unwrap();
        let handled = harness
            .wait_ks("db", "the requested reconcile handled", |ks| {
                ks.status
                    .as_ref()
                    .and_then(|s| s.reconcile_request.last_handled_reconcile_at.as_deref())
                    == Some(request)
            })
            .await;
        let now = handled
            .status
            .as_ref()
            .unwrap()
            .conditions
            .as_deref()
            .unwrap();
        assert_eq!(
            find_condition(now, conditions::HEALTHY),
            Some(healthy_condition),
            "{request}"
        );
        assert!(find_condition(now, conditions::RECONCILING).is_none());
    }

    // The cancellation was reported, naming the source that triggered it.
    let events: Api<Event> = Api::namespaced(harness.client.clone(), NS);
    let cancelled = eventually("a HealthCheckCanceled event", || async {
        events
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|e| {
                e.reason.as_deref() == Some("HealthCheckCanceled")
                    && e.regarding.as_ref().and_then(|r| r.name.as_deref()) == Some("db")
            })
    })
    .await;
    assert_eq!(
        cancelled.note.as_deref(),
        Some(
            "Health checks canceled due to new reconciliation triggered by GitRepository/default/repo"
        )
    );
    assert_eq!(cancelled.type_.as_deref(), Some("Normal"));

    drop((api, sts, events, repo));
    harness.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_the_kustomization_cancels_its_waiting_health_check() {
    let harness = Harness::start().await;
    let (repo, first) = Repo::start(&harness, &[("app/db.yaml", stateful_set(true))]).await;
    let api = harness.kustomizations();
    api.create(
        &PostParams::default(),
        &kustomization(
            "db",
            json!({"path": "./app", "wait": true, "timeout": "5m"}),
        ),
    )
    .await
    .unwrap();
    harness
        .wait_ks("db", "running health checks", |ks| {
            ready(ks).is_some_and(|(s, r, _)| s == ConditionStatus::Unknown && r == "Progressing")
        })
        .await;

    // The fix is in the Kustomization this time: stop waiting on the rollout.
    api.patch(
        "db",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"wait": false}})),
    )
    .await
    .unwrap();
    let done = harness
        .wait_ks("db", "Ready without health checks", |ks| {
            is_ready(ks) && revision_of(ks) == Some(format!("main@sha1:{first}"))
        })
        .await;
    let status = done.status.as_ref().unwrap();
    assert!(find_condition(status.conditions.as_deref().unwrap(), conditions::HEALTHY).is_none());
    let events: Api<Event> = Api::namespaced(harness.client.clone(), NS);
    eventually("a HealthCheckCanceled event naming the Kustomization", || async {
        events
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|e| {
                e.reason.as_deref() == Some("HealthCheckCanceled")
                    && e.note.as_deref()
                        == Some("Health checks canceled due to new reconciliation triggered by Kustomization/default/db")
            })
    })
    .await;

    drop((api, events, repo));
    harness.shutdown().await;
}

const WIDGET_CRD: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
";

fn widget(size: u32) -> String {
    format!(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gear\n  namespace: {NS}\nspec:\n  size: {size}\n"
    )
}

fn widget_exprs(current: &str) -> Value {
    json!([{
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "inProgress": "status.?phase.orValue('') == 'Provisioning'",
        "failed": "status.?phase.orValue('') == 'Failed'",
        "current": current,
    }])
}

async fn set_widget_phase(harness: &Harness, phase: &str) {
    let resource = ApiResource {
        group: "example.com".into(),
        version: "v1".into(),
        api_version: "example.com/v1".into(),
        kind: "Widget".into(),
        plural: "widgets".into(),
    };
    let widgets: Api<DynamicObject> = Api::namespaced_with(harness.client.clone(), NS, &resource);
    widgets
        .patch_status(
            "gear",
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {"phase": phase}})),
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_check_expressions_decide_custom_resource_health() {
    let harness = Harness::start().await;
    let (repo, _) = Repo::start(
        &harness,
        &[
            ("crd/widget.yaml", WIDGET_CRD.to_string()),
            ("app/widget.yaml", widget(1)),
        ],
    )
    .await;
    let api = harness.kustomizations();
    let create = |ks: Kustomization| {
        let api = api.clone();
        async move { api.create(&PostParams::default(), &ks).await.unwrap() }
    };
    create(kustomization("crds", json!({"path": "./crd"}))).await;
    harness.wait_ks("crds", "Ready", is_ready).await;

    // A bad expression stalls the Kustomization, naming it, and applies nothing.
    create(kustomization(
        "broken",
        json!({"path": "./app", "wait": true, "targetNamespace": "nowhere",
               "healthCheckExprs": widget_exprs("status.phase ==")}),
    ))
    .await;
    let broken = harness
        .wait_ks("broken", "Stalled on the expression", |ks| {
            not_ready_with(ks, "InvalidCELExpression")
        })
        .await;
    let message = ready(&broken).unwrap().2;
    assert!(
        message.contains("spec.healthCheckExprs[0]")
            && message.contains("current")
            && message.contains("status.phase =="),
        "{message}"
    );
    let stalled = find_condition(
        broken
            .status
            .as_ref()
            .unwrap()
            .conditions
            .as_deref()
            .unwrap(),
        conditions::STALLED,
    )
    .unwrap();
    assert_eq!(stalled.status, ConditionStatus::True);
    assert_eq!(kstatus(&broken), Status::Failed);

    // A good one waits until the expressions say Current.
    create(kustomization(
        "widgets",
        json!({"path": "./app", "wait": true, "timeout": "5m",
               "healthCheckExprs": widget_exprs("status.?phase.orValue('') == 'Ready'")}),
    ))
    .await;
    let resource = ApiResource {
        group: "example.com".into(),
        version: "v1".into(),
        api_version: "example.com/v1".into(),
        kind: "Widget".into(),
        plural: "widgets".into(),
    };
    let widgets: Api<DynamicObject> = Api::namespaced_with(harness.client.clone(), NS, &resource);
    eventually("the Widget applied", || async {
        widgets.get_opt("gear").await.unwrap().map(|_| ())
    })
    .await;
    set_widget_phase(&harness, "Provisioning").await;
    let waiting = api.get("widgets").await.unwrap();
    assert!(!is_ready(&waiting), "{:?}", ready(&waiting));
    set_widget_phase(&harness, "Ready").await;
    harness.wait_ks("widgets", "Ready", is_ready).await;

    // A Failed phase fails the health check at once, naming the object.
    set_widget_phase(&harness, "Failed").await;
    repo.commit(&[("app/widget.yaml", widget(2))], "grow the widget")
        .await;
    let failed = harness
        .wait_ks("widgets", "HealthCheckFailed", |ks| {
            not_ready_with(ks, "HealthCheckFailed")
        })
        .await;
    let message = ready(&failed).unwrap().2;
    assert!(
        message.contains("Widget/default/gear") && message.contains("Failed"),
        "{message}"
    );
    // Retried, so in progress rather than stalled.
    assert_eq!(kstatus(&failed), Status::InProgress);

    drop((api, widgets, repo));
    harness.shutdown().await;
}

/// A repository with one ConfigMap under `backend/` and one under
/// `frontend/`, for the dependency tests.
async fn backend_and_frontend_repo(harness: &Harness) -> Repo {
    let cm = |name: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {NS}\ndata:\n  k: v\n"
        )
    };
    let (repo, _) = Repo::start(
        harness,
        &[
            ("backend/cm.yaml", cm("backend")),
            ("frontend/cm.yaml", cm("frontend")),
        ],
    )
    .await;
    repo
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_expressions_replace_the_dependency_ready_check() {
    let harness = Harness::start().await;
    let repo = backend_and_frontend_repo(&harness).await;
    let api = harness.kustomizations();
    let labelled = |name: &str, version: &str, spec: Value| {
        let mut ks = kustomization(name, spec);
        ks.metadata.labels = Some([("app/version".to_string(), version.to_string())].into());
        ks
    };
    // The dependency is suspended, so never Ready: only the expression can
    // release the dependent.
    api.create(
        &PostParams::default(),
        &labelled(
            "backend",
            "v1",
            json!({"path": "./backend", "suspend": true}),
        ),
    )
    .await
    .unwrap();
    api.create(
        &PostParams::default(),
        &labelled(
            "frontend",
            "v2",
            json!({"path": "./frontend", "dependsOn": [{"name": "backend",
                "readyExpr": "dep.metadata.labels['app/version'] == self.metadata.labels['app/version']"}]}),
        ),
    )
    .await
    .unwrap();
    let waiting = harness
        .wait_ks("frontend", "waiting on the readyExpr", |ks| {
            not_ready_with(ks, "DependencyNotReady")
                && ready(ks).is_some_and(|(_, _, m)| m.contains("readyExpr"))
        })
        .await;
    assert!(
        ready(&waiting).unwrap().2.contains("default/backend"),
        "{:?}",
        ready(&waiting)
    );
    // The dependency reaches the same version; the dependent follows.
    api.patch(
        "backend",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"app/version": "v2"}}})),
    )
    .await
    .unwrap();
    harness.wait_ks("frontend", "Ready", is_ready).await;

    // An expression using an undefined variable is a configuration error.
    api.create(
        &PostParams::default(),
        &kustomization(
            "misspelt",
            json!({"path": "./frontend", "dependsOn": [{"name": "backend", "readyExpr": "deps.metadata.name == 'backend'"}]}),
        ),
    )
    .await
    .unwrap();
    let misspelt = harness
        .wait_ks("misspelt", "InvalidCELExpression", |ks| {
            not_ready_with(ks, "InvalidCELExpression")
        })
        .await;
    let message = ready(&misspelt).unwrap().2;
    assert!(message.contains("'deps'"), "{message}");
    assert_eq!(kstatus(&misspelt), Status::Failed);

    drop((api, repo));
    harness.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_additive_gate_adds_the_ready_check_to_ready_expressions() {
    let harness = Harness::start_with(
        |config| config.feature_gates = "AdditiveCELDependencyCheck=true".parse().unwrap(),
        |client| client,
    )
    .await;
    let repo = backend_and_frontend_repo(&harness).await;
    let api = harness.kustomizations();
    // The expression holds from the start, but the suspended dependency is
    // not Ready: with the gate, the dependent still waits.
    api.create(
        &PostParams::default(),
        &kustomization("backend", json!({"path": "./backend", "suspend": true})),
    )
    .await
    .unwrap();
    api.create(
        &PostParams::default(),
        &kustomization(
            "frontend",
            json!({"path": "./frontend", "dependsOn": [{"name": "backend",
                "readyExpr": "dep.metadata.name == 'backend'"}]}),
        ),
    )
    .await
    .unwrap();
    let waiting = harness
        .wait_ks("frontend", "waiting on the built-in check", |ks| {
            not_ready_with(ks, "DependencyNotReady")
                && ready(ks).is_some_and(|(_, _, m)| m.contains("default/backend"))
        })
        .await;
    let message = ready(&waiting).unwrap().2;
    assert!(!message.contains("readyExpr"), "{message}");
    api.patch(
        "backend",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"suspend": false}})),
    )
    .await
    .unwrap();
    harness.wait_ks("frontend", "Ready", is_ready).await;

    drop((api, repo));
    harness.shutdown().await;
}
