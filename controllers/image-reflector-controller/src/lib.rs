//! image-reflector-controller: scans container registries for the tags of
//! `ImageRepository` objects and picks the latest image of each
//! `ImagePolicy`, wire-compatible with Flux v2's `image.toolkit.fluxcd.io/v1`.
//!
//! ```text
//!   ImageRepository ──watch──▶ reconcile: image → credentials → scan when due
//!        │                          │ list tags (crates/registry) − exclusionList
//!        │ status.lastScanResult    ▼
//!        │                     TagStore (memory + --storage-path/imagerepository/<ns>/<name>.json)
//!        ▼ revision changed         │
//!   ImagePolicy ◀──────────────────┘ reconcile: accessFrom → policy + filterTags
//!        status.latestRef {name, tag, digest}  → digest (digestReflectionPolicy)
//! ```
//!
//! [`run`] is the binary's entry point (flags, logging, metrics, leader
//! election); [`run_with_client`] runs the same two controllers in-process
//! with a given client and shutdown future (tests, `ballast dev up`).

mod auth;
mod error;
mod imagepolicy;
mod imagerepository;
mod store;

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ballast_api::{ImagePolicy, ImageRepository};
use ballast_runtime::{Metrics, Options, Readiness, Servers, ShutdownSignal};
use kube::Client;
use kube::runtime::reflector::ObjectRef;

pub use error::{Error, Result};
pub use imagepolicy::reasons as policy_reasons;
pub use imagerepository::reasons as repository_reasons;

/// The controller's name, used for events, the field manager and the Lease.
pub const CONTROLLER_NAME: &str = "image-reflector-controller";

/// The field manager of status writes, as Flux's.
pub const FIELD_MANAGER: &str = CONTROLLER_NAME;

/// Flags of the `image-reflector-controller` binary, named and defaulted like Flux's.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "image-reflector-controller", version, about)]
pub struct Config {
    /// Flags every Ballast controller shares.
    #[command(flatten)]
    pub options: Options,

    /// Where the scanned tags are kept across restarts.
    #[arg(long, default_value = "/data")]
    pub storage_path: PathBuf,

    /// Refuse ImagePolicies that refer to an ImageRepository in another namespace.
    #[arg(long, default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub no_cross_namespace_refs: bool,

    /// How long to wait before looking again at an ImagePolicy whose
    /// ImageRepository is missing or not scanned yet.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub requeue_dependency: Duration,
}

impl Config {
    /// A configuration for running in-process: [`Options::embedded`] (no
    /// leader election, no metrics or health listeners), tags under
    /// `storage_path`.
    pub fn embedded(storage_path: impl Into<PathBuf>) -> Self {
        Self {
            options: Options::embedded(),
            storage_path: storage_path.into(),
            no_cross_namespace_refs: false,
            requeue_dependency: Duration::from_secs(30),
        }
    }
}

fn parse_duration(value: &str) -> std::result::Result<Duration, String> {
    ballast_api::meta::parse_duration(value).map_err(|e| e.to_string())
}

/// Runs image-reflector-controller as the binary does: logging, a client
/// from the environment (in-cluster or `KUBECONFIG`), metrics and health
/// servers, leader election, until SIGTERM or SIGINT.
pub async fn run(config: Config) -> Result<()> {
    ballast_runtime::init_logging(&config.options.log_level, &config.options.log_encoding)?;
    let client = Client::try_default().await.map_err(|source| Error::Kube {
        action: "create a Kubernetes client from the environment".to_string(),
        source,
    })?;
    run_with_client(client, config, ballast_runtime::shutdown_signal()).await
}

/// Runs the ImageRepository and ImagePolicy controllers with `client` until
/// `shutdown` resolves, then lets in-flight reconciles finish. Starts
/// metrics and health servers when the options ask for them and honours
/// leader election (one Lease for both controllers).
pub async fn run_with_client<S>(client: Client, config: Config, shutdown: S) -> Result<()>
where
    S: Future<Output = ()> + Send + 'static,
{
    let shutdown = ShutdownSignal::new(shutdown);
    let store = Arc::new(store::TagStore::new(&config.storage_path));
    // Shared: a policy's digest lookups reuse its repository's client.
    let clients = Arc::new(auth::RegistryClients::default());
    tracing::info!(storage = %config.storage_path.display(), "keeping scanned tags");

    let metrics = Metrics::new();
    let ready = Readiness::default();
    let _servers = Servers::start(
        config.options.metrics_socket()?,
        config.options.health_socket()?,
        metrics.clone(),
        ready.clone(),
    )
    .await?;

    let repositories = Arc::new(imagerepository::ImageRepositoryReconciler::new(
        client.clone(),
        store.clone(),
        clients.clone(),
        &config,
    ));
    let repository_controller = ballast_runtime::controller_for::<
        imagerepository::ImageRepositoryReconciler,
    >(client.clone(), &config.options, &ready);

    let policies = Arc::new(imagepolicy::ImagePolicyReconciler::new(
        client.clone(),
        store,
        clients,
        &config,
    ));
    let policy_controller = ballast_runtime::controller_for::<imagepolicy::ImagePolicyReconciler>(
        client.clone(),
        &config.options,
        &ready,
    );
    // A new scan result re-evaluates the policies that refer to the
    // repository; other status writes (progress, conditions) do not.
    let policy_store = policy_controller.store();
    let seen: Mutex<HashMap<ObjectRef<ImageRepository>, Option<String>>> = Mutex::default();
    let (repos, watch_config) =
        ballast_runtime::watched_api::<ImageRepository>(client.clone(), &config.options);
    let policy_controller =
        policy_controller.watches(repos, watch_config, move |repo: ImageRepository| {
            let revision = repo
                .status
                .as_ref()
                .and_then(|s| s.last_scan_result.as_ref())
                .and_then(|r| r.revision.clone());
            let key = ObjectRef::from_obj(&repo);
            if repo.metadata.deletion_timestamp.is_some() {
                // Going away: forget it, so the map does not grow forever.
                if let Ok(mut seen) = seen.lock() {
                    seen.remove(&key);
                }
                return Vec::new();
            }
            let changed = match seen.lock() {
                Ok(mut seen) => seen.insert(key, revision.clone()) != Some(revision.clone()),
                Err(_) => true,
            };
            if !changed || revision.is_none() {
                return Vec::new();
            }
            let name = repo.metadata.name.clone().unwrap_or_default();
            let namespace = repo.metadata.namespace.clone().unwrap_or_default();
            policy_store
                .state()
                .into_iter()
                .filter(|p| imagepolicy::repository_key(p) == (namespace.clone(), name.clone()))
                .map(|p| ObjectRef::from_obj(&*p))
                .collect::<Vec<ObjectRef<ImagePolicy>>>()
        });

    // NB: when one loop ends on its own (its watch stream ended), the
    // process no longer does its job: the other is stopped too (drained,
    // not dropped) and the process exits to be restarted.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stop_tx = Arc::new(stop_tx);
    let first_ended: Arc<Mutex<Option<&'static str>>> = Arc::default();
    let stop_on = |mut stop: tokio::sync::watch::Receiver<bool>| {
        let outer = shutdown.clone();
        async move {
            tokio::select! {
                () = outer.fired() => {}
                _ = stop.wait_for(|stopped| *stopped) => {}
            }
        }
    };
    let finish = |kind: &'static str| {
        let (stop_tx, first_ended) = (stop_tx.clone(), first_ended.clone());
        move || {
            if let Ok(mut first) = first_ended.lock() {
                first.get_or_insert(kind);
            }
            let _ = stop_tx.send(true);
        }
    };
    let repository_done = finish("ImageRepository");
    let repository_loop = ballast_runtime::run_controller(
        repository_controller,
        repositories,
        client.clone(),
        &config.options,
        metrics.clone(),
        stop_on(stop_rx.clone()),
    );
    let policy_done = finish("ImagePolicy");
    let policy_loop = ballast_runtime::run_controller(
        policy_controller,
        policies,
        client.clone(),
        &config.options,
        metrics.clone(),
        stop_on(stop_rx),
    );
    let work = async {
        let (repository_result, policy_result) = futures::join!(
            async {
                let result = repository_loop.await;
                repository_done();
                result
            },
            async {
                let result = policy_loop.await;
                policy_done();
                result
            }
        );
        repository_result.and(policy_result)
    };
    let lease = format!("{CONTROLLER_NAME}-leader-election");
    ballast_runtime::run_as_leader(client.clone(), &config.options, &lease, &shutdown, work)
        .await?;
    let ended = first_ended.lock().ok().and_then(|first| *first);
    match ended {
        Some(kind) if !shutdown.has_fired() => {
            tracing::error!(
                controller = kind,
                "the controller stopped without a shutdown request"
            );
            Err(Error::Stopped(kind))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn flags_default_like_flux() {
        let config = Config::try_parse_from(["image-reflector-controller"]).unwrap();
        assert_eq!(config.storage_path, PathBuf::from("/data"));
        assert!(!config.no_cross_namespace_refs);
        assert_eq!(config.options.concurrent, 4);
        let config = Config::try_parse_from([
            "image-reflector-controller",
            "--no-cross-namespace-refs",
            "--storage-path=/var/lib/irc",
        ])
        .unwrap();
        assert!(config.no_cross_namespace_refs);
        assert_eq!(config.storage_path, PathBuf::from("/var/lib/irc"));
    }
}
