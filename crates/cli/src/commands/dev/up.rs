//! `ballast dev up`: the whole GitOps loop on one machine, in one process.
//!
//! ```text
//!  local repo ──git http-backend (loopback)──▶ source-controller ──artifact──▶ kustomize-controller
//!     │ refs polled: a new commit sets requestedAt on the GitRepository            │ apply, prune
//!     ▼                                                                            ▼
//!  this process ◀───────── Events (one log line each) ───────────── devcluster (kubeconfig for kubectl)
//! ```
//!
//! image-reflector- and image-automation-controller run beside them, so
//! ImageRepositories and ImagePolicies applied from the repository scan real
//! registries, and ImageUpdateAutomations push to their (writable) remotes; the local
//! repository itself is served read-only.
//!
//! Flux's bootstrap layout is reproduced: namespace `flux-system`, a
//! GitRepository and a Kustomization both named `flux-system`, the
//! Kustomization pruning and reconciling every 10 minutes. The repository is
//! served over smart HTTP because Flux's GitRepository accepts no `file://`
//! URL; the refs are polled because a local commit notifies nobody.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use ballast_api::meta::annotations::RECONCILE_REQUESTED_AT;
use ballast_api::{GitRepository, Kustomization};
use clap::Args;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use kube::{Client, ResourceExt};
use serde_json::json;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::task::JoinHandle;

use super::event_log::{self, now, print_lines, short_revision};
use super::git_http::GitServer;
use super::local_repo::{HeadState, LocalRepo, head_state};

/// The namespace and name of the objects `dev up` creates, as Flux bootstrap names them.
const NAMESPACE: &str = "flux-system";
const NAME: &str = "flux-system";
/// The field manager of the objects `dev up` creates.
const FIELD_MANAGER: &str = "ballast-dev-up";
/// How often the repository's HEAD is read: the floor of commit→applied latency.
const POLL: Duration = Duration::from_millis(200);
/// How long a commit may go unapplied before the request is repeated (a
/// safety net; the first request normally suffices).
const NUDGE_AFTER: Duration = Duration::from_secs(5);
/// How long the controllers get to finish in-flight work on shutdown.
const DRAIN: Duration = Duration::from_secs(15);

/// Arguments of `ballast dev up`.
#[derive(Debug, Args)]
pub(crate) struct UpArgs {
    /// The Git work tree to reconcile; the branch checked out is followed.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The directory to apply, relative to --repo (becomes the
    /// Kustomization's spec.path).
    #[arg(long, default_value = "./")]
    path: PathBuf,
    /// Where to write the kubeconfig for kubectl, once everything is ready
    /// (removed on exit). An existing file is replaced only if `ballast dev`
    /// wrote it.
    #[arg(long, default_value_os_t = default_kubeconfig())]
    kubeconfig: PathBuf,
    /// Log level of the embedded controllers, on stderr (error, warn, info, debug).
    #[arg(long, default_value = "error")]
    log_level: String,
}

fn default_kubeconfig() -> PathBuf {
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    dir.join("ballast-dev-up.kubeconfig")
}

/// Runs `ballast dev up` until SIGINT or SIGTERM.
pub(crate) fn run(args: UpArgs) -> anyhow::Result<()> {
    // Bad input fails here, before anything starts.
    let repo = LocalRepo::open(&args.repo, &args.path)?;
    refuse_foreign_kubeconfig(&args.kubeconfig)?;
    ballast_runtime::init_logging(&args.log_level, "console")
        .with_context(|| format!("--log-level {}", args.log_level))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the Tokio runtime")?;
    runtime.block_on(up(args, repo))
}

/// Fails when `path` holds a kubeconfig that `ballast dev` did not write:
/// it would be overwritten, then removed on exit.
fn refuse_foreign_kubeconfig(path: &Path) -> anyhow::Result<()> {
    match std::fs::read_to_string(path) {
        Ok(text) if !text.contains("current-context: devcluster\n") => anyhow::bail!(
            "--kubeconfig {}: the file exists and was not written by `ballast dev`; \
             choose another path (it would be overwritten, then removed)",
            path.display()
        ),
        _ => Ok(()),
    }
}

async fn up(args: UpArgs, repo: LocalRepo) -> anyhow::Result<()> {
    // Signals are caught from the start, so an early Ctrl-C still cleans up.
    let mut signals = Signals::new()?;
    let cluster = ballast_devcluster::DevCluster::start(ballast_devcluster::Options {
        simulate_workloads: true,
        ..Default::default()
    })
    .await
    .context("cannot start devcluster")?;
    let kubeconfig = cluster.kubeconfig();
    let outcome = run_on(&cluster, &args, &repo, &kubeconfig, &mut signals).await;
    cluster.shutdown().await;
    // The kubeconfig names a server that is gone; remove it unless someone
    // replaced it meanwhile.
    if std::fs::read_to_string(&args.kubeconfig).is_ok_and(|k| k == kubeconfig) {
        let _ = std::fs::remove_file(&args.kubeconfig);
    }
    if outcome.is_ok() {
        print_lines(&[format!("{} stopped", now())]);
    }
    outcome
}

/// A controller running in this process; its error is already a message.
type ControllerTask = JoinHandle<Result<(), String>>;

fn spawn_controller<E, F>(run: F) -> ControllerTask
where
    E: std::fmt::Display,
    F: std::future::Future<Output = Result<(), E>> + Send + 'static,
{
    tokio::spawn(async move { run.await.map_err(|e| e.to_string()) })
}

async fn run_on(
    cluster: &ballast_devcluster::DevCluster,
    args: &UpArgs,
    repo: &LocalRepo,
    kubeconfig: &str,
    signals: &mut Signals,
) -> anyhow::Result<()> {
    let client = cluster
        .client()
        .context("cannot create a devcluster client")?;
    install_crds(&client).await?;
    let git = GitServer::start(&repo.git_dir, &repo.url_name()).await?;
    let storage = tempfile::Builder::new()
        .prefix("ballast-dev-up-")
        .tempdir()
        .context("cannot create a temporary directory for artifacts")?;

    // One stop signal for every controller.
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let mut source_config =
        ballast_source_controller::Config::embedded(storage.path().join("source"));
    source_config.options.max_retry_delay = Duration::from_secs(10);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("cannot bind a loopback port for the artifact server")?;
    let mut kustomize_config = ballast_kustomize_controller::Config::embedded();
    kustomize_config.options.max_retry_delay = Duration::from_secs(10);
    let mut image_config =
        ballast_image_reflector_controller::Config::embedded(storage.path().join("image"));
    image_config.options.max_retry_delay = Duration::from_secs(10);
    let mut automation_config = ballast_image_automation_controller::Config::embedded();
    automation_config.options.max_retry_delay = Duration::from_secs(10);
    let mut controllers: Vec<(&str, ControllerTask)> = vec![
        (
            ballast_source_controller::CONTROLLER_NAME,
            spawn_controller(ballast_source_controller::run_with_client(
                cluster.client()?,
                source_config,
                listener,
                stopped(stop_rx.clone()),
            )),
        ),
        (
            ballast_kustomize_controller::CONTROLLER_NAME,
            spawn_controller(ballast_kustomize_controller::run_with_client(
                cluster.client()?,
                kustomize_config,
                stopped(stop_rx.clone()),
            )),
        ),
        (
            ballast_image_reflector_controller::CONTROLLER_NAME,
            spawn_controller(ballast_image_reflector_controller::run_with_client(
                cluster.client()?,
                image_config,
                stopped(stop_rx.clone()),
            )),
        ),
        (
            ballast_image_automation_controller::CONTROLLER_NAME,
            spawn_controller(ballast_image_automation_controller::run_with_client(
                cluster.client()?,
                automation_config,
                stopped(stop_rx.clone()),
            )),
        ),
    ];

    let started = async {
        apply_flux_system(&client, repo, &git.url(), &repo.head.branch).await?;
        super::write_atomically(&args.kubeconfig, kubeconfig.as_bytes())?;
        print_banner(repo, &git.url(), &cluster.url(), &args.kubeconfig);
        anyhow::Ok(())
    }
    .await;

    let outcome = match started {
        Err(err) => Err(err),
        Ok(()) => {
            let log = tokio::spawn(event_log::follow(client.clone()));
            let refs = tokio::spawn(follow_refs(client.clone(), repo.clone()));
            let any_ended =
                futures::future::select_all(controllers.iter_mut().map(|(_, task)| task));
            let outcome = tokio::select! {
                r = signals.recv() => r,
                (result, index, _) = any_ended => {
                    let (name, _) = controllers.remove(index);
                    Err(ended_early(name, result))
                }
            };
            print_lines(&[format!("{} stopping", now())]);
            refs.abort();
            log.abort();
            outcome
        }
    };

    // Teardown, whatever happened: controllers drain, then the Git server stops.
    let _ = stop.send(true);
    let mut drained = Ok(());
    for (name, task) in controllers {
        drained = drained.and(drain(name, task).await);
    }
    git.shutdown().await;
    drop(storage);
    outcome.and(drained)
}

fn ended_early(
    name: &str,
    result: Result<Result<(), String>, tokio::task::JoinError>,
) -> anyhow::Error {
    match result {
        Err(_) => anyhow::anyhow!("{name} panicked"),
        Ok(Err(err)) => anyhow::anyhow!("{name} stopped: {err}"),
        Ok(Ok(())) => anyhow::anyhow!("{name} stopped without being asked to"),
    }
}

async fn drain(name: &str, task: ControllerTask) -> anyhow::Result<()> {
    let abort = task.abort_handle();
    match tokio::time::timeout(DRAIN, task).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(err))) => Err(anyhow::anyhow!("{name} failed while stopping: {err}")),
        Ok(Err(_)) => Err(anyhow::anyhow!("{name} panicked while stopping")),
        Err(_) => {
            abort.abort();
            Err(anyhow::anyhow!(
                "{name} did not stop within {}s",
                DRAIN.as_secs()
            ))
        }
    }
}

/// SIGINT and SIGTERM, listened for from startup on.
struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    fn new() -> anyhow::Result<Self> {
        Ok(Self {
            interrupt: signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?,
            terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
        })
    }

    async fn recv(&mut self) -> anyhow::Result<()> {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        Ok(())
    }
}

/// Installs the CRDs of every Ballast kind and waits until the two used here are served.
async fn install_crds(client: &Client) -> anyhow::Result<()> {
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in ballast_api::all_crds() {
        crds.create(&PostParams::default(), &crd)
            .await
            .with_context(|| format!("cannot install the CRD {}", crd.name_any()))?;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let sources: Api<GitRepository> = Api::all(client.clone());
    let kustomizations: Api<Kustomization> = Api::all(client.clone());
    loop {
        let served = sources.list(&ListParams::default().limit(1)).await.is_ok()
            && kustomizations
                .list(&ListParams::default().limit(1))
                .await
                .is_ok();
        if served {
            return Ok(());
        }
        if Instant::now() > deadline {
            anyhow::bail!("devcluster did not serve the GitRepository and Kustomization CRDs");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn git_repository(url: &str, branch: &str) -> serde_json::Value {
    json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": NAME, "namespace": NAMESPACE},
        "spec": {"interval": "1m", "url": url, "ref": {"branch": branch}},
    })
}

/// Creates (or updates) namespace, GitRepository and Kustomization `flux-system`.
async fn apply_flux_system(
    client: &Client,
    repo: &LocalRepo,
    url: &str,
    branch: &str,
) -> anyhow::Result<()> {
    let params = PatchParams::apply(FIELD_MANAGER).force();
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let namespace =
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}});
    namespaces
        .patch(NAMESPACE, &params, &Patch::Apply(&namespace))
        .await
        .with_context(|| format!("cannot create namespace {NAMESPACE}"))?;
    let sources: Api<GitRepository> = Api::namespaced(client.clone(), NAMESPACE);
    sources
        .patch(NAME, &params, &Patch::Apply(&git_repository(url, branch)))
        .await
        .with_context(|| format!("cannot create GitRepository {NAMESPACE}/{NAME}"))?;
    let kustomization = json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": NAME, "namespace": NAMESPACE},
        "spec": {
            "interval": "10m",
            "path": repo.spec_path,
            "prune": true,
            "sourceRef": {"kind": "GitRepository", "name": NAME},
        },
    });
    let kustomizations: Api<Kustomization> = Api::namespaced(client.clone(), NAMESPACE);
    kustomizations
        .patch(NAME, &params, &Patch::Apply(&kustomization))
        .await
        .with_context(|| format!("cannot create Kustomization {NAMESPACE}/{NAME}"))?;
    Ok(())
}

fn print_banner(repo: &LocalRepo, git_url: &str, cluster_url: &str, kubeconfig: &Path) {
    let mut lines = vec![
        "ballast dev up".to_string(),
        format!(
            "  repository  {} (branch {}, {}), served at {git_url}",
            repo.toplevel.display(),
            repo.head.branch,
            short_revision(&format!("sha1:{}", repo.head.commit))
        ),
        format!(
            "  applying    {} with Kustomization {NAMESPACE}/{NAME} (prune: true)",
            repo.spec_path
        ),
        format!("  cluster     {cluster_url}"),
        format!(
            "  kubeconfig  {0}   (export KUBECONFIG={0})",
            kubeconfig.display()
        ),
    ];
    if has_uncommitted_changes(&repo.toplevel) {
        lines.push("  note        uncommitted changes are not applied; commit them".to_string());
    }
    lines.push(format!(
        "Commits to {} are applied as they land. Ctrl-C stops.",
        repo.head.branch
    ));
    print_lines(&lines);
}

fn has_uncommitted_changes(toplevel: &Path) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(toplevel)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
}

/// Watches the repository's HEAD and asks source-controller to fetch each
/// new commit at once; follows a checkout of another branch.
async fn follow_refs(client: Client, repo: LocalRepo) {
    let sources: Api<GitRepository> = Api::namespaced(client.clone(), NAMESPACE);
    let kustomizations: Api<Kustomization> = Api::namespaced(client.clone(), NAMESPACE);
    let url = sources
        .get(NAME)
        .await
        .ok()
        .map(|r| r.spec.url)
        .unwrap_or_default();
    let mut branch = repo.head.branch.clone();
    // The commit last asked for, when, and whether it has been attempted.
    let mut requested: Option<String> = None;
    let mut requested_at = Instant::now();
    let mut attempted = false;
    let mut complaint: Option<String> = None;
    let mut ticker = tokio::time::interval(POLL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let toplevel = repo.toplevel.clone();
        let state = tokio::task::spawn_blocking(move || head_state(&toplevel)).await;
        let head = match state {
            Ok(Ok(HeadState::Branch(head))) => Ok(head),
            Ok(Ok(HeadState::Detached)) => Err("HEAD is detached".to_string()),
            Ok(Ok(HeadState::Unborn)) => Err("the checked-out branch has no commits".to_string()),
            Ok(Err(err)) => Err(format!("{err:#}")),
            Err(err) => Err(err.to_string()),
        };
        let head = match head {
            Ok(head) => {
                complaint = None;
                head
            }
            Err(why) => {
                if complaint.as_deref() != Some(&why) {
                    print_lines(&[format!(
                        "{} waiting  {why}; still following branch {branch}",
                        now()
                    )]);
                    complaint = Some(why);
                }
                continue;
            }
        };

        if head.branch != branch {
            let params = PatchParams::apply(FIELD_MANAGER).force();
            let patch = git_repository(&url, &head.branch);
            match sources.patch(NAME, &params, &Patch::Apply(&patch)).await {
                Ok(_) => {
                    print_lines(&[format!("{} branch   now following {}", now(), head.branch)]);
                    branch = head.branch.clone();
                    requested = None;
                }
                Err(err) => {
                    tracing::warn!(%err, branch = %head.branch, "cannot switch the GitRepository's branch");
                    continue;
                }
            }
        }

        let new_commit = requested.as_deref() != Some(head.commit.as_str());
        if new_commit {
            if request_reconcile(&sources).await {
                requested = Some(head.commit);
                requested_at = Instant::now();
                attempted = false;
            }
            continue;
        }
        // Safety net: when the commit has not been attempted after a while
        // (a lost watch event, a fetch that failed), ask both objects again.
        if !attempted && requested_at.elapsed() > NUDGE_AFTER {
            attempted = last_attempted(&kustomizations)
                .await
                .is_some_and(|r| r.ends_with(&head.commit));
            if !attempted {
                request_reconcile(&sources).await;
                request_reconcile(&kustomizations).await;
                requested_at = Instant::now();
            }
        }
    }
}

async fn last_attempted(kustomizations: &Api<Kustomization>) -> Option<String> {
    kustomizations
        .get_opt(NAME)
        .await
        .ok()??
        .status?
        .last_attempted_revision
}

/// Sets `reconcile.fluxcd.io/requestedAt` to now; returns whether it took.
async fn request_reconcile<K>(api: &Api<K>) -> bool
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let patch = json!({"metadata": {"annotations": {
        RECONCILE_REQUESTED_AT: jiff::Timestamp::now().to_string()
    }}});
    match api
        .patch(NAME, &PatchParams::default(), &Patch::Merge(&patch))
        .await
    {
        Ok(_) => true,
        Err(err) => {
            tracing::warn!(%err, "cannot request a reconcile");
            false
        }
    }
}
