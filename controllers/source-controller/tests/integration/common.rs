//! The harness: devcluster over HTTPS, CRDs installed, source-controller
//! running in-process on a random loopback port, real Git servers.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ballast_api::GitRepository;
use ballast_api::meta::{Condition, ConditionStatus, conditions, find_condition};
use ballast_api::source::v1::GitRepositorySpec;
use ballast_devcluster::{DevCluster, Options as ClusterOptions};
use ballast_source_controller::Config;
use ballast_testsupport::WorkRepo;
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Client;
use kube::api::{Api, ObjectMeta, PostParams};
use tokio::net::TcpListener;

/// How long any wait in these tests may take.
pub(crate) const DEADLINE: Duration = Duration::from_secs(120);

/// The namespace every test object lives in.
pub(crate) const NS: &str = "default";

pub(crate) use ballast_testsupport::eventually;

/// A running in-process controller.
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<ballast_source_controller::Result<()>>,
}

pub(crate) struct Harness {
    pub(crate) cluster: DevCluster,
    pub(crate) client: Client,
    pub(crate) storage: tempfile::TempDir,
    pub(crate) controller: Option<Running>,
}

/// Fast settings for tests: short retries and dependency requeues.
pub(crate) fn test_config(storage: &Path) -> Config {
    let mut config = Config::embedded(storage);
    config.options.min_retry_delay = Duration::from_millis(200);
    config.options.max_retry_delay = Duration::from_secs(2);
    config.options.graceful_shutdown_timeout = Duration::from_secs(10);
    config.requeue_dependency = Duration::from_millis(500);
    config
}

impl Harness {
    /// devcluster with the CRDs, and a controller with [`test_config`].
    pub(crate) async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub(crate) async fn start_with(tweak: impl FnOnce(&mut Config)) -> Self {
        let _ = ballast_runtime::init_logging(
            &std::env::var("BALLAST_TEST_LOG").unwrap_or_else(|_| "error".into()),
            "console",
        );
        let cluster = DevCluster::start(ClusterOptions::default()).await.unwrap();
        let client = cluster.client().unwrap();
        let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
        for crd in ballast_api::all_crds() {
            crds.create(&PostParams::default(), &crd).await.unwrap();
        }
        let mut harness = Self {
            cluster,
            client,
            storage: tempfile::tempdir().unwrap(),
            controller: None,
        };
        harness.start_controller(tweak).await;
        harness
    }

    pub(crate) fn storage_path(&self) -> PathBuf {
        self.storage.path().to_path_buf()
    }

    pub(crate) async fn start_controller(&mut self, tweak: impl FnOnce(&mut Config)) {
        assert!(self.controller.is_none(), "controller already running");
        let mut config = test_config(self.storage.path());
        tweak(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(ballast_source_controller::run_with_client(
            self.client.clone(),
            config,
            listener,
            async move {
                let _ = stopped.await;
            },
        ));
        self.controller = Some(Running {
            addr,
            stop: Some(stop),
            task,
        });
    }

    /// Stops the controller and waits for it to exit cleanly.
    pub(crate) async fn stop_controller(&mut self) {
        let mut running = self.controller.take().expect("controller running");
        let _ = running.stop.take().unwrap().send(());
        tokio::time::timeout(DEADLINE, running.task)
            .await
            .expect("controller stops in time")
            .unwrap()
            .unwrap();
    }

    /// Whether the in-process controller is still running (it never exits on
    /// bad input).
    pub(crate) fn controller_running(&self) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|running| !running.task.is_finished())
    }

    pub(crate) fn api(&self) -> Api<GitRepository> {
        Api::namespaced(self.client.clone(), NS)
    }

    pub(crate) async fn create(&self, name: &str, spec: GitRepositorySpec) -> GitRepository {
        let obj = GitRepository::new(name, spec);
        self.api()
            .create(&PostParams::default(), &obj)
            .await
            .unwrap()
    }

    pub(crate) async fn create_secret(&self, name: &str, data: &[(&str, &str)]) {
        let secret = Secret {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                ..Default::default()
            },
            data: Some(
                data.iter()
                    .map(|(k, v)| (k.to_string(), ByteString(v.as_bytes().to_vec())))
                    .collect(),
            ),
            ..Default::default()
        };
        let api: Api<Secret> = Api::namespaced(self.client.clone(), NS);
        api.create(&PostParams::default(), &secret).await.unwrap();
    }

    /// Waits until `check` holds for GitRepository `name`, and returns it.
    pub(crate) async fn wait_for(
        &self,
        name: &str,
        what: &str,
        check: impl Fn(&GitRepository) -> bool,
    ) -> GitRepository {
        let api = self.api();
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
                "timed out waiting for {name} to be {what}; last seen status: {:#?}",
                obj.and_then(|o| o.status)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `name` is Ready=True with an artifact for a revision ending in `commit`.
    pub(crate) async fn wait_ready_at(&self, name: &str, commit: &str) -> GitRepository {
        self.wait_for(name, &format!("ready at {commit}"), |o| {
            is_ready(o)
                && o.artifact()
                    .is_some_and(|a| a.revision.ends_with(&format!("sha1:{commit}")))
        })
        .await
    }
}

pub(crate) fn condition<'a>(obj: &'a GitRepository, type_: &str) -> Option<&'a Condition> {
    obj.status
        .as_ref()
        .and_then(|s| find_condition(s.conditions.as_deref().unwrap_or_default(), type_))
}

pub(crate) fn is_ready(obj: &GitRepository) -> bool {
    condition(obj, conditions::READY).is_some_and(|c| {
        c.status == ConditionStatus::True
            && obj.status.as_ref().and_then(|s| s.observed_generation) == obj.metadata.generation
    })
}

/// Ready=False with `reason`, after processing the current generation's first attempt.
pub(crate) fn is_not_ready_with(obj: &GitRepository, reason: &str) -> bool {
    condition(obj, conditions::READY)
        .is_some_and(|c| c.status == ConditionStatus::False && c.reason == reason)
}

/// kstatus: a finished object is Ready=True without Reconciling/Stalled, or
/// Stalled=True with Ready=False; observedGeneration matches either way.
pub(crate) fn assert_kstatus(obj: &GitRepository) {
    let status = obj.status.as_ref().expect("status");
    let ready = condition(obj, conditions::READY).expect("Ready condition");
    // Transient failures leave observedGeneration behind (Reconciling=True
    // says "in progress"), as Flux does; finished states must match.
    if ready.status == ConditionStatus::True || condition(obj, conditions::STALLED).is_some() {
        assert_eq!(
            status.observed_generation, obj.metadata.generation,
            "observedGeneration"
        );
    }
    let stalled = condition(obj, conditions::STALLED);
    let reconciling = condition(obj, conditions::RECONCILING);
    match ready.status {
        ConditionStatus::True => assert!(stalled.is_none() && reconciling.is_none(), "{status:#?}"),
        _ => assert!(
            stalled.is_some_and(|c| c.status == ConditionStatus::True)
                || reconciling.is_some_and(|c| c.status == ConditionStatus::True),
            "{status:#?}"
        ),
    }
    for c in status.conditions.iter().flatten() {
        assert_eq!(c.observed_generation, obj.metadata.generation, "{c:?}");
    }
}

/// A work repository with one commit on `main` (`README.md`, `deploy/app.yaml`),
/// pushed to `remote` (a path); returns it and the commit.
pub(crate) fn seed(remote: &Path) -> (WorkRepo, String) {
    let work = WorkRepo::init("main").unwrap();
    work.write("README.md", "# app\n").unwrap();
    work.write("deploy/app.yaml", "kind: ConfigMap\n").unwrap();
    let commit = work.commit_all("first").unwrap();
    work.push(remote.to_str().unwrap(), "main:main").unwrap();
    (work, commit)
}

/// A spec for `url` on branch `main`, polled every `interval`.
pub(crate) fn spec(url: &str, interval: &str) -> GitRepositorySpec {
    GitRepositorySpec {
        url: url.to_string(),
        interval: interval.to_string(),
        reference: Some(ballast_api::source::v1::GitRepositoryRef {
            branch: Some("main".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Downloads `artifact` over HTTP into a fresh temporary directory, checking its
/// digest as kustomize-controller does.
pub(crate) async fn download(artifact: &ballast_api::meta::Artifact) -> tempfile::TempDir {
    let dest = tempfile::tempdir().unwrap();
    ballast_artifact::fetch_artifact(
        &artifact.url,
        &artifact.digest,
        dest.path(),
        &ballast_artifact::DownloadOptions::default(),
    )
    .await
    .unwrap();
    dest
}
