//! kustomize-controller: applies `Kustomization`s, wire-compatible with Flux v2.
//!
//! ```text
//!   Kustomization ──▶ source (GitRepository artifact over HTTP, digest checked)
//!        ▲              ──▶ render spec.path + overlay fields + post-build substitution
//!        │              ──▶ server-side apply (staged, dry-run first) ──▶ prune ──▶ health
//!        └── status: inventory, lastAppliedRevision, conditions, events
//!   GitRepository changes requeue the Kustomizations that reference them.
//!   Inventory objects edited or deleted by hand are re-applied within
//!   seconds (drift heal: one metadata-only watch per inventory kind).
//! ```
//!
//! [`run`] is the binary's entry point (flags, logging, metrics, leader
//! election); [`run_with_client`] runs the same controller in-process with a
//! given client and shutdown future (tests, `ballast dev up`).

mod error;
mod features;
mod heal;
mod kustomization;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use ballast_api::{GitRepository, Kustomization};
use ballast_runtime::{Metrics, Options, Readiness, Servers};
use kube::Client;
use kube::runtime::reflector::ObjectRef;

pub use error::{Error, Result};
pub use features::FeatureGates;
pub use heal::DRIFT_DETECTED;
pub use kustomization::{FIELD_MANAGER, reasons};

/// The controller's name, used for events, the field manager and the Lease.
pub const CONTROLLER_NAME: &str = "kustomize-controller";

/// Flags of the `kustomize-controller` binary, named and defaulted like Flux's.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "kustomize-controller", version, about)]
pub struct Config {
    /// Flags every Ballast controller shares.
    #[command(flatten)]
    pub options: Options,

    /// How long to wait before retrying a Kustomization whose source or
    /// dependencies are not ready.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub requeue_dependency: Duration,

    /// Service account impersonated by Kustomizations that set no
    /// `spec.serviceAccountName` (in their own namespace); none when empty.
    #[arg(long, default_value = "")]
    pub default_service_account: String,

    /// Allow `user.exec` credential plugins in kubeconfigs of `spec.kubeConfig`.
    #[arg(long, default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub insecure_kubeconfig_exec: bool,

    /// Honour `insecure-skip-tls-verify` in kubeconfigs of `spec.kubeConfig`.
    #[arg(long, default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub insecure_kubeconfig_tls: bool,

    /// Flux's feature gates, e.g. `StrictPostBuildSubstitutions=true`.
    #[arg(long, default_value = "")]
    pub feature_gates: FeatureGates,
}

impl Config {
    /// A configuration for running in-process: [`Options::embedded`] (no
    /// leader election, no metrics or health listeners) and Flux's defaults.
    pub fn embedded() -> Self {
        Self {
            options: Options::embedded(),
            requeue_dependency: Duration::from_secs(30),
            default_service_account: String::new(),
            insecure_kubeconfig_exec: false,
            insecure_kubeconfig_tls: false,
            feature_gates: FeatureGates::default(),
        }
    }
}

fn parse_duration(value: &str) -> std::result::Result<Duration, String> {
    ballast_api::meta::parse_duration(value).map_err(|e| e.to_string())
}

/// Runs kustomize-controller as the binary does: logging, a client from the
/// environment (in-cluster or `KUBECONFIG`), metrics and health servers,
/// leader election, until SIGTERM or SIGINT.
pub async fn run(config: Config) -> Result<()> {
    ballast_runtime::init_logging(&config.options.log_level, &config.options.log_encoding)?;
    let client = Client::try_default().await.map_err(|source| Error::Kube {
        action: "create a Kubernetes client from the environment".to_string(),
        source,
    })?;
    run_with_client(client, config, ballast_runtime::shutdown_signal()).await
}

/// Runs kustomize-controller with `client` until `shutdown` resolves, then
/// lets in-flight reconciles finish. Starts metrics and health servers when
/// the options ask for them and honours leader election.
pub async fn run_with_client<S>(client: Client, config: Config, shutdown: S) -> Result<()>
where
    S: Future<Output = ()> + Send + 'static,
{
    let shutdown = ballast_runtime::ShutdownSignal::new(shutdown);
    for gate in &config.feature_gates.without_effect {
        tracing::warn!(
            gate,
            "feature gate accepted for Flux compatibility; it changes nothing in Ballast"
        );
    }

    let metrics = Metrics::new();
    let ready = Readiness::default();
    let _servers = Servers::start(
        config.options.metrics_socket()?,
        config.options.health_socket()?,
        metrics.clone(),
        ready.clone(),
    )
    .await?;

    let controller = ballast_runtime::controller_for::<kustomization::KustomizationReconciler>(
        client.clone(),
        &config.options,
        &ready,
    );
    // Drift heal: objects of inventories changed by someone else requeue
    // their Kustomization; the watched kinds follow the inventories.
    let policy = kustomization::cluster::KubeConfigPolicy {
        allow_exec: config.insecure_kubeconfig_exec,
        allow_insecure_tls: config.insecure_kubeconfig_tls,
    };
    let (heal, drifted) =
        heal::Heal::new(client.clone(), FIELD_MANAGER, controller.store(), policy);
    let reconciler = Arc::new(heal::Healing::new(
        kustomization::KustomizationReconciler::new(client.clone(), &config),
        heal.clone(),
    ));
    let controller = controller.reconcile_on(drifted);
    // A new source revision is applied at once, not at the next interval.
    let store = controller.store();
    let dependents_store = store.clone();
    let (sources, watch_config) =
        ballast_runtime::watched_api::<GitRepository>(client.clone(), &config.options);
    let controller = controller.watches(sources, watch_config, move |repo: GitRepository| {
        let name = repo.metadata.name.clone().unwrap_or_default();
        let namespace = repo.metadata.namespace.clone().unwrap_or_default();
        store
            .state()
            .into_iter()
            .filter(|ks| kustomization::references_git_repository(ks, &namespace, &name))
            .map(|ks| ObjectRef::from_obj(&*ks))
            .collect::<Vec<ObjectRef<Kustomization>>>()
    });

    // A dependency becoming Ready releases its dependents at once rather
    // than at their next --requeue-dependency retry.
    let (dependencies, watch_config) =
        ballast_runtime::watched_api::<Kustomization>(client.clone(), &config.options);
    let controller = controller.watches(dependencies, watch_config, move |dep: Kustomization| {
        heal.track(&dep);
        let name = dep.metadata.name.clone().unwrap_or_default();
        let namespace = dep.metadata.namespace.clone().unwrap_or_default();
        dependents_store
            .state()
            .into_iter()
            .filter(|ks| kustomization::depends_on(ks, &namespace, &name))
            .map(|ks| ObjectRef::from_obj(&*ks))
            .collect::<Vec<ObjectRef<Kustomization>>>()
    });

    let lease = format!("{CONTROLLER_NAME}-leader-election");
    ballast_runtime::run_elected(
        controller,
        reconciler,
        client,
        &config.options,
        metrics,
        &lease,
        shutdown,
    )
    .await
    .map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn flags_default_like_flux() {
        let config = Config::try_parse_from(["kustomize-controller"]).unwrap();
        assert_eq!(config.requeue_dependency, Duration::from_secs(30));
        assert_eq!(config.options.concurrent, 4);
        let config =
            Config::try_parse_from(["kustomize-controller", "--requeue-dependency=5s"]).unwrap();
        assert_eq!(config.requeue_dependency, Duration::from_secs(5));
    }
}
