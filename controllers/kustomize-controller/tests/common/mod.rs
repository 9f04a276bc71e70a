//! The harness: devcluster with workload simulation and the CRDs, the real
//! source-controller and kustomize-controller in-process, a Git server on a
//! random loopback port.

#![allow(dead_code)]

use std::time::Duration;

use ballast_api::meta::{ConditionStatus, conditions, find_condition};
use ballast_api::{GitRepository, Kustomization};
use ballast_devcluster::{DevCluster, Options as ClusterOptions};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Client;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::json;

/// How long any wait in these tests may take.
pub(crate) const DEADLINE: Duration = Duration::from_secs(60);
/// The namespace of every test object.
pub(crate) const NS: &str = "default";

/// Polls `check` until it returns `Some`, failing with `what` after [`DEADLINE`].
pub(crate) async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    ballast_testsupport::eventually(what, DEADLINE, check).await
}

/// Both controllers on a fresh devcluster.
pub(crate) struct Harness {
    pub(crate) cluster: DevCluster,
    pub(crate) client: Client,
    storage: tempfile::TempDir,
    stop: tokio::sync::watch::Sender<bool>,
    source: tokio::task::JoinHandle<ballast_source_controller::Result<()>>,
    kustomize: tokio::task::JoinHandle<ballast_kustomize_controller::Result<()>>,
}

impl Harness {
    pub(crate) async fn start() -> Self {
        Self::start_with(|_| {}, |client| client).await
    }

    /// Like [`Harness::start`], with kustomize-controller's flags changed by
    /// `configure` and its client (the only one it has) wrapped by `wrap`.
    pub(crate) async fn start_with(
        configure: impl FnOnce(&mut ballast_kustomize_controller::Config),
        wrap: impl FnOnce(Client) -> Client,
    ) -> Self {
        let _ = ballast_runtime::init_logging(
            &std::env::var("BALLAST_TEST_LOG").unwrap_or_else(|_| "error".into()),
            "console",
        );
        let cluster = DevCluster::start(ClusterOptions {
            simulate_workloads: true,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = cluster.client().unwrap();
        let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
        for crd in ballast_api::all_crds() {
            crds.create(&PostParams::default(), &crd).await.unwrap();
        }
        let storage = tempfile::tempdir().unwrap();
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|s| *s).await;
        };
        let mut source_config = ballast_source_controller::Config::embedded(storage.path());
        source_config.options.min_retry_delay = Duration::from_millis(200);
        source_config.options.max_retry_delay = Duration::from_secs(2);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let source = tokio::spawn(ballast_source_controller::run_with_client(
            cluster.client().unwrap(),
            source_config,
            listener,
            stopped(stop_rx.clone()),
        ));
        let mut config = ballast_kustomize_controller::Config::embedded();
        config.options.min_retry_delay = Duration::from_millis(200);
        config.options.max_retry_delay = Duration::from_secs(2);
        // The default: sources and dependencies must release waiters through the watches.
        config.requeue_dependency = Duration::from_secs(30);
        configure(&mut config);
        // Each controller has its own client and connections, as separate
        // processes would.
        let kustomize = tokio::spawn(ballast_kustomize_controller::run_with_client(
            wrap(cluster.client().unwrap()),
            config,
            stopped(stop_rx.clone()),
        ));
        let harness = Self {
            cluster,
            client,
            storage,
            stop,
            source,
            kustomize,
        };
        harness.wait_for_watches().await;
        harness
    }

    /// Waits until every watch of both controllers delivers events.
    ///
    /// NB: devcluster can drop an event written between a watcher's initial
    /// list and its watch request (seen: a Kustomization created then was
    /// never delivered), so probes are touched until each controller reacts.
    async fn wait_for_watches(&self) {
        let kustomizations = self.kustomizations();
        let sources: Api<GitRepository> = Api::namespaced(self.client.clone(), NS);
        let probe: Kustomization = serde_json::from_value(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": {"name": "probe", "namespace": NS},
            "spec": {"interval": "10m", "prune": false, "path": "./",
                     "sourceRef": {"kind": "GitRepository", "name": "probe"}}
        }))
        .unwrap();
        kustomizations
            .create(&PostParams::default(), &probe)
            .await
            .unwrap();
        let mut touch = 0;
        eventually("the Kustomization watch", || {
            touch += 1;
            let api = kustomizations.clone();
            async move {
                let ks = api.get("probe").await.unwrap();
                if ready(&ks).is_some() {
                    return Some(());
                }
                let patch = json!({"metadata": {"annotations": {"probe": touch.to_string()}}});
                api.patch("probe", &PatchParams::default(), &Patch::Merge(&patch))
                    .await
                    .unwrap();
                None
            }
        })
        .await;
        let repo: GitRepository = serde_json::from_value(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": {"name": "probe", "namespace": NS},
            "spec": {"url": "http://127.0.0.1:1/probe.git", "interval": "10m"}
        }))
        .unwrap();
        sources.create(&PostParams::default(), &repo).await.unwrap();
        eventually("the GitRepository watches", || {
            touch += 1;
            let (sources, kustomizations) = (sources.clone(), kustomizations.clone());
            async move {
                let repo = sources.get("probe").await.unwrap();
                let ks = kustomizations.get("probe").await.unwrap();
                let seen_by_ks = ready(&ks).is_some_and(|(_, _, m)| m.contains("is not ready"));
                if repo.status.is_some() && seen_by_ks {
                    return Some(());
                }
                let patch = json!({"metadata": {"annotations": {"probe": touch.to_string()}}});
                sources
                    .patch("probe", &PatchParams::default(), &Patch::Merge(&patch))
                    .await
                    .unwrap();
                None
            }
        })
        .await;
        kustomizations
            .delete("probe", &DeleteParams::default())
            .await
            .unwrap();
        sources
            .delete("probe", &DeleteParams::default())
            .await
            .unwrap();
        eventually("probes deleted", || async {
            let gone = kustomizations.get_opt("probe").await.unwrap().is_none()
                && sources.get_opt("probe").await.unwrap().is_none();
            gone.then_some(())
        })
        .await;
    }

    /// Stops both controllers, checks they exit cleanly, stops the cluster.
    pub(crate) async fn shutdown(self) {
        let _ = self.stop.send(true);
        tokio::time::timeout(DEADLINE, self.kustomize)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        tokio::time::timeout(DEADLINE, self.source)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        drop(self.client);
        drop(self.storage);
        self.cluster.shutdown().await;
    }

    pub(crate) fn kustomizations(&self) -> Api<Kustomization> {
        Api::namespaced(self.client.clone(), NS)
    }

    /// Waits for Kustomization `name` to satisfy `check`, printing its status on timeout.
    pub(crate) async fn wait_ks(
        &self,
        name: &str,
        what: &str,
        check: impl Fn(&Kustomization) -> bool,
    ) -> Kustomization {
        let api = self.kustomizations();
        let end = tokio::time::Instant::now() + DEADLINE;
        loop {
            let obj = api.get_opt(name).await.unwrap();
            if let Some(obj) = &obj
                && check(obj)
            {
                return obj.clone();
            }
            assert!(
                tokio::time::Instant::now() < end,
                "timed out waiting for {name} to be {what}; last status: {:#?}",
                obj.and_then(|o| o.status)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The Ready condition's status, reason and message.
pub(crate) fn ready(ks: &Kustomization) -> Option<(ConditionStatus, String, String)> {
    let c = find_condition(
        ks.status.as_ref()?.conditions.as_deref()?,
        conditions::READY,
    )?;
    Some((c.status, c.reason.clone(), c.message.clone()))
}

/// Ready=False with `reason` at the current generation.
pub(crate) fn not_ready_with(ks: &Kustomization, reason: &str) -> bool {
    ready(ks).is_some_and(|(s, r, _)| s == ConditionStatus::False && r == reason)
        && ks.status.as_ref().and_then(|s| s.observed_generation) == ks.metadata.generation
}

/// Ready=True at the current generation.
pub(crate) fn is_ready(ks: &Kustomization) -> bool {
    ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::True)
        && ks.status.as_ref().and_then(|s| s.observed_generation) == ks.metadata.generation
}

/// The kstatus of `ks`, as kstatus readers (`kubectl wait`, Flux, a parent
/// Kustomization's health check) see it.
pub(crate) fn kstatus(ks: &Kustomization) -> ballast_apply::Status {
    ballast_apply::kstatus::compute(&serde_json::to_value(ks).unwrap()).status
}
