//! A cluster for the cluster commands: devcluster with the Flux CRDs, the
//! real source-controller, kustomize-controller and
//! image-reflector-controller in-process, a Git repository behind `git
//! http-backend`, and the real `ballast` binary run against the kubeconfig.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use ballast_api::meta::{ConditionStatus, conditions, find_condition};
use ballast_api::{GitRepository, Kustomization};
use ballast_devcluster::DevCluster;
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, PostParams};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use serde_json::json;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

/// How long any wait may take: the machine may be busy building.
pub(crate) const DEADLINE: Duration = Duration::from_secs(90);
/// Where the objects live, the CLI's default namespace.
pub(crate) const NS: &str = "flux-system";

/// What one run of the binary printed.
pub(crate) struct Run {
    pub(crate) ok: bool,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Self {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ok: {}\n--- stdout\n{}--- stderr\n{}",
            self.ok, self.stdout, self.stderr
        )
    }
}

pub(crate) fn configmap(value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeting\n  namespace: default\ndata:\n  value: {value}\n"
    )
}

/// The running cluster, controllers and Git server; all stop when dropped.
pub(crate) struct Env {
    pub(crate) rt: Runtime,
    pub(crate) client: Client,
    pub(crate) kubeconfig: PathBuf,
    pub(crate) work: WorkRepo,
    bare: PathBuf,
    git: HttpGitServer,
    cluster: Option<DevCluster>,
    stop: tokio::sync::watch::Sender<bool>,
    controllers: Vec<JoinHandle<Result<(), String>>>,
    storage: tempfile::TempDir,
    tmp: tempfile::TempDir,
}

impl Env {
    /// Starts everything with, in namespace flux-system, GitRepository
    /// `app`, Kustomization `app` (./deploy) and Kustomization `broken`
    /// (./broken, which names a missing file), and in namespace `apps`
    /// GitRepository `other` and Kustomization `cross` (./cross from
    /// flux-system's `app`); returns once `app` applied the first commit.
    pub(crate) fn start() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let git = HttpGitServer::start(HttpOptions::default()).unwrap();
        let bare = git.create_repo("app.git", "main").unwrap();
        let work = WorkRepo::init("main").unwrap();
        work.write("deploy/kustomization.yaml", "resources:\n- cm.yaml\n")
            .unwrap();
        work.write("deploy/cm.yaml", configmap("one")).unwrap();
        work.write("cross/kustomization.yaml", "resources:\n- cm.yaml\n")
            .unwrap();
        work.write(
            "cross/cm.yaml",
            configmap("cross").replace("name: greeting", "name: cross"),
        )
        .unwrap();
        work.write("broken/kustomization.yaml", "resources:\n- missing.yaml\n")
            .unwrap();
        work.commit_all("first").unwrap();
        work.push(bare.to_str().unwrap(), "main:main").unwrap();

        let cluster = rt
            .block_on(DevCluster::start(ballast_devcluster::Options::default()))
            .unwrap();
        let client = rt.block_on(async { cluster.client() }).unwrap();
        let kubeconfig = tmp.path().join("kubeconfig");
        std::fs::write(&kubeconfig, cluster.kubeconfig()).unwrap();
        let url = git.url("app.git");
        rt.block_on(create_objects(&client, &url));

        // Controllers start after the objects exist, so their first list
        // sees them all.
        let storage = tempfile::tempdir().unwrap();
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|s| *s).await;
        };
        let mut controllers = Vec::new();
        let mut source_config = ballast_source_controller::Config::embedded(storage.path());
        source_config.options.max_retry_delay = Duration::from_secs(2);
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let source_client = rt.block_on(async { cluster.client() }).unwrap();
        controllers.push(rt.spawn(async move {
            ballast_source_controller::run_with_client(
                source_client,
                source_config,
                listener,
                stopped(stop_rx.clone()),
            )
            .await
            .map_err(|e| e.to_string())
        }));
        let mut kustomize_config = ballast_kustomize_controller::Config::embedded();
        kustomize_config.options.max_retry_delay = Duration::from_secs(2);
        let kustomize_client = rt.block_on(async { cluster.client() }).unwrap();
        let stop_rx = stop.subscribe();
        controllers.push(rt.spawn(async move {
            ballast_kustomize_controller::run_with_client(
                kustomize_client,
                kustomize_config,
                stopped(stop_rx),
            )
            .await
            .map_err(|e| e.to_string())
        }));

        let mut image_config =
            ballast_image_reflector_controller::Config::embedded(storage.path().join("images"));
        image_config.options.max_retry_delay = Duration::from_secs(2);
        let image_client = rt.block_on(async { cluster.client() }).unwrap();
        let stop_rx = stop.subscribe();
        controllers.push(rt.spawn(async move {
            ballast_image_reflector_controller::run_with_client(
                image_client,
                image_config,
                stopped(stop_rx),
            )
            .await
            .map_err(|e| e.to_string())
        }));

        let env = Self {
            rt,
            client,
            kubeconfig,
            work,
            bare,
            git,
            cluster: Some(cluster),
            stop,
            controllers,
            storage,
            tmp,
        };
        env.wait_ks("app", "Ready", |ks| {
            ready(ks) == Some(ConditionStatus::True)
        });
        env
    }

    /// Runs `ballast ARGS --kubeconfig K`.
    pub(crate) fn ballast(&self, args: &[&str]) -> Run {
        let kubeconfig = self.kubeconfig.to_str().unwrap();
        ballast(&[args, &["--kubeconfig", kubeconfig]].concat())
    }

    /// Runs the real `kubectl ARGS` against the cluster; its stdout.
    pub(crate) fn kubectl(&self, args: &[&str]) -> String {
        let kubectl = std::env::var_os("PATH")
            .and_then(|p| {
                std::env::split_paths(&p)
                    .map(|d| d.join("kubectl"))
                    .find(|p| p.is_file())
            })
            .expect("kubectl is not on PATH: install it to run this test");
        let out = Command::new(kubectl)
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .arg("--cache-dir")
            .arg(self.tmp.path().join("kubectl-cache"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "kubectl {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Commits the work tree and pushes it; returns the commit SHA.
    pub(crate) fn push(&self, message: &str) -> String {
        let commit = self.work.commit_all(message).unwrap();
        self.work
            .push(self.bare.to_str().unwrap(), "main:main")
            .unwrap();
        commit
    }

    pub(crate) fn get<K>(&self, namespace: &str, name: &str) -> K
    where
        K: Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
            + Clone
            + DeserializeOwned
            + std::fmt::Debug,
    {
        let api: Api<K> = Api::namespaced(self.client.clone(), namespace);
        self.rt.block_on(api.get(name)).unwrap()
    }

    /// Creates `object` as a `K`.
    pub(crate) fn create<K>(&self, object: serde_json::Value)
    where
        K: Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
            + Clone
            + DeserializeOwned
            + serde::Serialize
            + std::fmt::Debug,
    {
        let obj: K = serde_json::from_value(object).unwrap();
        let namespace = obj.meta().namespace.clone().unwrap();
        let api: Api<K> = Api::namespaced(self.client.clone(), &namespace);
        self.rt
            .block_on(api.create(&PostParams::default(), &obj))
            .unwrap();
    }

    /// Waits for Kustomization `name` in [`NS`] to satisfy `check`.
    pub(crate) fn wait_ks(&self, name: &str, what: &str, check: impl Fn(&Kustomization) -> bool) {
        let api: Api<Kustomization> = Api::namespaced(self.client.clone(), NS);
        self.rt.block_on(ballast_testsupport::eventually(
            &format!("Kustomization {name} {what}"),
            DEADLINE,
            || {
                let api = api.clone();
                let check = &check;
                async move {
                    api.get_opt(name)
                        .await
                        .ok()?
                        .filter(|ks| check(ks))
                        .map(drop)
                }
            },
        ));
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        let controllers = std::mem::take(&mut self.controllers);
        let cluster = self.cluster.take();
        self.rt.block_on(async {
            for task in controllers {
                let _ = tokio::time::timeout(DEADLINE, task).await;
            }
            if let Some(cluster) = cluster {
                cluster.shutdown().await;
            }
        });
    }
}

/// Runs `ballast ARGS` with no kubeconfig in the environment.
pub(crate) fn ballast(args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(args)
        .env_remove("KUBECONFIG")
        .output()
        .unwrap()
        .into()
}

/// CRDs, namespaces and the starting objects.
async fn create_objects(client: &Client, url: &str) {
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in ballast_api::all_crds() {
        crds.create(&PostParams::default(), &crd).await.unwrap();
    }
    let namespaces: Api<Namespace> = Api::all(client.clone());
    for ns in [NS, "apps"] {
        let obj: Namespace = serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap();
        namespaces
            .create(&PostParams::default(), &obj)
            .await
            .unwrap();
    }
    // The CRDs are served a moment after they are created.
    let sources: Api<GitRepository> = Api::namespaced(client.clone(), NS);
    ballast_testsupport::eventually("the GitRepository CRD served", DEADLINE, || {
        let sources = sources.clone();
        async move { sources.list(&Default::default()).await.ok().map(drop) }
    })
    .await;
    let source = |namespace: &str, name: &str| {
        serde_json::from_value::<GitRepository>(json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": name, "namespace": namespace},
            // Long intervals: only the commands under test trigger fetches.
            "spec": {"url": url, "interval": "1h", "ref": {"branch": "main"}}
        }))
        .unwrap()
    };
    sources
        .create(&PostParams::default(), &source(NS, "app"))
        .await
        .unwrap();
    let other: Api<GitRepository> = Api::namespaced(client.clone(), "apps");
    other
        .create(&PostParams::default(), &source("apps", "other"))
        .await
        .unwrap();
    let kustomizations: Api<Kustomization> = Api::namespaced(client.clone(), NS);
    ballast_testsupport::eventually("the Kustomization CRD served", DEADLINE, || {
        let api = kustomizations.clone();
        async move { api.list(&Default::default()).await.ok().map(drop) }
    })
    .await;
    for (name, path) in [("app", "./deploy"), ("broken", "./broken")] {
        let ks: Kustomization = serde_json::from_value(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": name, "namespace": NS},
            "spec": {"interval": "1h", "prune": true, "path": path,
                     "sourceRef": {"kind": "GitRepository", "name": "app"}}
        }))
        .unwrap();
        kustomizations
            .create(&PostParams::default(), &ks)
            .await
            .unwrap();
    }
    let cross: Kustomization = serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "cross", "namespace": "apps"},
        "spec": {"interval": "1h", "prune": true, "path": "./cross",
                 "sourceRef": {"kind": "GitRepository", "name": "app", "namespace": NS}}
    }))
    .unwrap();
    Api::<Kustomization>::namespaced(client.clone(), "apps")
        .create(&PostParams::default(), &cross)
        .await
        .unwrap();
}

/// The Ready condition's status.
pub(crate) fn ready(ks: &Kustomization) -> Option<ConditionStatus> {
    Some(
        find_condition(
            ks.status.as_ref()?.conditions.as_deref()?,
            conditions::READY,
        )?
        .status,
    )
}

/// The rows of a table `ballast get` printed, cells trimmed.
pub(crate) fn table(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// The row whose NAME (or, with `-A`, second) column is `name`.
pub(crate) fn row<'a>(rows: &'a [Vec<String>], column: usize, name: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.get(column).is_some_and(|c| c == name))
        .unwrap_or_else(|| panic!("no row {name} in {rows:#?}"))
}
