//! The runtime against a real API server (devcluster over HTTPS): the
//! reconcile prologue, status, requestedAt, suspend, deletion, metrics,
//! health and leader election.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ballast_api::GitRepository;
use ballast_api::meta::{ObjectStatus, conditions, find_condition};
use ballast_devcluster::{DevCluster, Options as ClusterOptions};
use ballast_runtime::{
    Action, Metrics, Options, Readiness, ReconcileError, Reconciler, Servers, controller_for,
    finalize_conditions, patch_status, reconcile_requested_at, run_as_leader, run_controller,
};
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use kube::{Client, ResourceExt};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const DEADLINE: Duration = Duration::from_secs(20);

/// Polls `check` until it returns `Some`, failing with `what` after [`DEADLINE`].
async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    ballast_testsupport::eventually(what, DEADLINE, check).await
}

#[derive(Default)]
struct Seen {
    reconciles: usize,
    reconciled_while_suspended: bool,
    cleaned_up: Vec<String>,
}

/// A reconciler that stalls on URLs containing "invalid" and otherwise marks Ready.
struct TestReconciler {
    api: Api<GitRepository>,
    seen: Mutex<Seen>,
}

impl Reconciler for TestReconciler {
    type Object = GitRepository;

    fn name(&self) -> &'static str {
        "gitrepository"
    }

    fn suspended(&self, obj: &GitRepository) -> bool {
        obj.spec.suspend.unwrap_or(false)
    }

    async fn reconcile(&self, obj: Arc<GitRepository>) -> Result<Action, ReconcileError> {
        self.seen.lock().unwrap().reconciles += 1;
        if obj.spec.suspend.unwrap_or(false) {
            self.seen.lock().unwrap().reconciled_while_suspended = true;
        }
        let before = obj.status.clone();
        let mut status = before.clone().unwrap_or_default();
        let outcome = if obj.spec.url.contains("invalid") {
            Err(ReconcileError::Stalled {
                reason: "URLInvalid",
                message: format!("spec.url {:?} is invalid", obj.spec.url),
            })
        } else {
            Ok(())
        };
        finalize_conditions(
            status.conditions_mut(),
            obj.metadata.generation,
            outcome.as_ref().map(|()| "fetched"),
        );
        status.set_observed_generation(obj.metadata.generation);
        status.set_last_handled_reconcile_at(reconcile_requested_at(&*obj).map(str::to_string));
        patch_status(
            &self.api,
            &*obj,
            "test-controller",
            before.as_ref(),
            &status,
        )
        .await
        .map_err(|e| ReconcileError::Transient {
            reason: "StatusPatchFailed",
            message: e.to_string(),
        })?;
        outcome.map(|()| Action::requeue(Duration::from_secs(600)))
    }

    async fn cleanup(&self, obj: Arc<GitRepository>) -> Result<Action, ReconcileError> {
        self.seen.lock().unwrap().cleaned_up.push(obj.name_any());
        Ok(Action::await_change())
    }
}

async fn install_crds(client: &Client) {
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in ballast_api::all_crds() {
        crds.create(&PostParams::default(), &crd).await.unwrap();
    }
}

async fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let code = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap();
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (code, body)
}

fn repo(name: &str, url: &str) -> GitRepository {
    serde_json::from_value(json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"url": url, "interval": "10m"}
    }))
    .unwrap()
}

#[tokio::test]
async fn reconciles_through_the_prologue_and_records_status_metrics_and_health() {
    let cluster = DevCluster::start(ClusterOptions::default()).await.unwrap();
    let client = cluster.client().unwrap();
    install_crds(&client).await;
    let api: Api<GitRepository> = Api::namespaced(client.clone(), "default");

    let mut options = Options::embedded();
    options.metrics_addr = "127.0.0.1:0".into();
    options.health_addr = "127.0.0.1:0".into();
    let metrics = Metrics::new();
    let ready = Readiness::default();
    let servers = Servers::start(
        options.metrics_socket().unwrap(),
        options.health_socket().unwrap(),
        metrics.clone(),
        ready.clone(),
    )
    .await
    .unwrap();

    let reconciler = Arc::new(TestReconciler {
        api: api.clone(),
        seen: Mutex::new(Seen::default()),
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let controller = controller_for::<TestReconciler>(client.clone(), &options, &ready);
    let run = tokio::spawn({
        let (reconciler, client, options, metrics) = (
            reconciler.clone(),
            client.clone(),
            options.clone(),
            metrics.clone(),
        );
        async move {
            run_controller(controller, reconciler, client, &options, metrics, async {
                let _ = stopped.await;
            })
            .await
        }
    });

    // Readiness follows the cache sync.
    eventually("readyz", || async {
        (http_get(servers.health_addr.unwrap(), "/readyz").await.0 == 200).then_some(())
    })
    .await;
    assert_eq!(
        http_get(servers.health_addr.unwrap(), "/healthz").await.0,
        200
    );

    // A new object gets the finalizer, then Ready=True at its generation.
    api.create(
        &PostParams::default(),
        &repo("podinfo", "https://git.example.test/podinfo"),
    )
    .await
    .unwrap();
    let obj = eventually("Ready=True", || async {
        let obj = api.get("podinfo").await.ok()?;
        let status = obj.status.as_ref()?;
        let ready = find_condition(status.conditions(), conditions::READY)?;
        (ready.status.as_str() == "True" && status.observed_generation() == Some(1)).then_some(obj)
    })
    .await;
    assert!(obj.finalizers().iter().any(|f| f == "finalizers.fluxcd.io"));

    // A status write (ours or anyone's) is not a reason to reconcile again:
    // only the requestedAt below is, so exactly one more reconcile runs.
    let reconciles = reconciler.seen.lock().unwrap().reconciles;
    let status_only = json!({"status": {"observedIgnore": "written by someone else"}});
    api.patch_status(
        "podinfo",
        &PatchParams::default(),
        &Patch::Merge(&status_only),
    )
    .await
    .unwrap();
    let annotate = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "after-status-write"}}});
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&annotate))
        .await
        .unwrap();
    eventually("requestedAt after a status write", || async {
        let obj = api.get("podinfo").await.ok()?;
        (obj.status?.last_handled_reconcile_at() == Some("after-status-write")).then_some(())
    })
    .await;
    assert_eq!(reconciler.seen.lock().unwrap().reconciles, reconciles + 1);

    // requestedAt is handled and echoed.
    let annotate = json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "2026-11-25T20:00:00Z"}}});
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&annotate))
        .await
        .unwrap();
    eventually("lastHandledReconcileAt", || async {
        let obj = api.get("podinfo").await.ok()?;
        (obj.status?.last_handled_reconcile_at() == Some("2026-11-25T20:00:00Z")).then_some(())
    })
    .await;

    // An invalid spec stalls, naming the field.
    let invalid = json!({"spec": {"url": "https://git.example.test/invalid"}});
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&invalid))
        .await
        .unwrap();
    let stalled = eventually("Stalled=True", || async {
        let obj = api.get("podinfo").await.ok()?;
        let status = obj.status?;
        let stalled = find_condition(status.conditions(), conditions::STALLED)?.clone();
        (stalled.status.as_str() == "True").then_some(status)
    })
    .await;
    let ready = find_condition(stalled.conditions(), conditions::READY).unwrap();
    assert_eq!(
        (ready.status.as_str(), ready.reason.as_str()),
        ("False", "URLInvalid")
    );
    assert!(ready.message.contains("spec.url"), "{}", ready.message);
    assert_eq!(stalled.observed_generation(), Some(2));

    // Suspended objects are never handed to the reconciler; resuming picks up the request.
    let suspend = json!({"spec": {"suspend": true, "url": "https://git.example.test/podinfo"},
        "metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "while-suspended"}}});
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&suspend))
        .await
        .unwrap();
    let resume = json!({"spec": {"suspend": false}});
    api.patch("podinfo", &PatchParams::default(), &Patch::Merge(&resume))
        .await
        .unwrap();
    eventually("request handled after resume", || async {
        let obj = api.get("podinfo").await.ok()?;
        let status = obj.status?;
        (status.last_handled_reconcile_at() == Some("while-suspended")
            && find_condition(status.conditions(), conditions::READY)?
                .status
                .as_str()
                == "True")
            .then_some(())
    })
    .await;
    assert!(!reconciler.seen.lock().unwrap().reconciled_while_suspended);

    // Deletion runs cleanup once, then the finalizer goes and so does the object.
    api.delete("podinfo", &DeleteParams::default())
        .await
        .unwrap();
    eventually("object deleted", || async {
        api.get_opt("podinfo").await.ok()?.is_none().then_some(())
    })
    .await;
    assert_eq!(
        reconciler.seen.lock().unwrap().cleaned_up,
        vec!["podinfo".to_string()]
    );

    // Flux's histogram and controller-runtime's counters are served.
    let (code, body) = http_get(servers.metrics_addr.unwrap(), "/metrics").await;
    assert_eq!(code, 200);
    assert!(
        body.contains(r#"gotk_reconcile_duration_seconds_count{kind="GitRepository",name="podinfo",namespace="default"}"#),
        "{body}"
    );
    assert!(
        body.contains(
            r#"controller_runtime_reconcile_total{controller="gitrepository",result="success"}"#
        ),
        "{body}"
    );
    assert!(
        body.contains(
            r#"controller_runtime_reconcile_total{controller="gitrepository",result="error"}"#
        ),
        "{body}"
    );

    stop.send(()).unwrap();
    tokio::time::timeout(DEADLINE, run)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    cluster.shutdown().await;
}

#[tokio::test]
async fn leader_election_holds_the_lease_while_working_and_releases_it() {
    let cluster = DevCluster::start(ClusterOptions::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let mut options = Options::embedded();
    options.enable_leader_election = true;
    options.leader_election_namespace = "default".into();
    let leases: Api<Lease> = Api::namespaced(client.clone(), "default");

    let holder = Arc::new(Mutex::new(None));
    let never = ballast_runtime::ShutdownSignal::new(std::future::pending());
    run_as_leader(
        client.clone(),
        &options,
        "test-controller-leader",
        &never,
        {
            let (holder, leases) = (holder.clone(), leases.clone());
            async move {
                let lease = leases
                    .get("test-controller-leader")
                    .await
                    .map_err(|source| ballast_runtime::Error::Kube {
                        action: "reading the lease".into(),
                        source,
                    })?;
                *holder.lock().unwrap() = lease.spec.and_then(|s| s.holder_identity);
                Ok(())
            }
        },
    )
    .await
    .unwrap();
    let holder = holder.lock().unwrap().clone().unwrap_or_default();
    assert!(
        !holder.is_empty(),
        "the lease had no holder while the work ran"
    );

    let lease = leases.get("test-controller-leader").await.unwrap();
    let spec = lease.spec.unwrap_or_default();
    assert!(
        spec.holder_identity
            .as_deref()
            .unwrap_or_default()
            .is_empty(),
        "lease still held after work ended: {spec:?}"
    );
    cluster.shutdown().await;
}
