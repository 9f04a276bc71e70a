//! image-automation-controller: writes the latest images chosen by
//! `ImagePolicy` objects into a Git repository and pushes the commit, for
//! `ImageUpdateAutomation` objects, wire-compatible with Flux v2's
//! `image.toolkit.fluxcd.io/v1`.
//!
//! ```text
//!   ImagePolicy.status.latestRef ──(policySelector, same namespace)──┐
//!   GitRepository {url, secretRef, proxySecretRef, ref.branch} ──┐   │
//!                                                                ▼   ▼
//!   ImageUpdateAutomation ──▶ clone branch ──▶ Setters: rewrite marked YAML values
//!        │                       (crates/git)      │ nothing changed → "repository up-to-date"
//!        │ status: lastPushCommit, lastPushTime,   ▼
//!        │ observedPolicies, observedSourceRevision  commit (author, message template) ──▶ push
//!        ▼                                           (fast-forward only, never forced)
//!   Event "pushed commit '<sha>' to branch '<branch>'"
//! ```
//!
//! [`run`] is the binary's entry point (flags, logging, metrics, leader
//! election); [`run_with_client`] runs the same controller in-process with a
//! given client and shutdown future (tests, `ballast dev up`). The
//! [`update_tree`] setters and the commit message [`Template`] engine are
//! public for tools that preview an update.

mod automation;
mod error;
mod setters;
mod signing;
mod template;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ballast_api::{GitRepository, ImagePolicy, ImageUpdateAutomation};
use ballast_runtime::{Metrics, Options, Readiness, Servers, ShutdownSignal};
use kube::Client;
use kube::runtime::reflector::ObjectRef;

pub use automation::reasons;
pub use error::{Error, Result};
pub use setters::{
    Change, ObjectChanges, ObjectIdentifier, PolicyImages, SetterError, UpdateResult, update_text,
    update_tree,
};
pub use template::{Template, TemplateError, Value, template_data};

/// The controller's name, used for events, the field manager and the Lease.
pub const CONTROLLER_NAME: &str = "image-automation-controller";

/// The field manager of status writes, as Flux's.
pub const FIELD_MANAGER: &str = CONTROLLER_NAME;

/// Flags of the `image-automation-controller` binary, named and defaulted like Flux's.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "image-automation-controller", version, about)]
pub struct Config {
    /// Flags every Ballast controller shares.
    #[command(flatten)]
    pub options: Options,

    /// Refuse ImageUpdateAutomations whose sourceRef names another namespace.
    #[arg(long, default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub no_cross_namespace_refs: bool,

    /// How long to wait before looking again at an automation whose
    /// GitRepository is missing.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub requeue_dependency: Duration,
}

impl Config {
    /// A configuration for running in-process: [`Options::embedded`] (no
    /// leader election, no metrics or health listeners).
    pub fn embedded() -> Self {
        Self {
            options: Options::embedded(),
            no_cross_namespace_refs: false,
            requeue_dependency: Duration::from_secs(30),
        }
    }
}

fn parse_duration(value: &str) -> std::result::Result<Duration, String> {
    ballast_api::meta::parse_duration(value).map_err(|e| e.to_string())
}

/// Runs image-automation-controller as the binary does: logging, a client
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

/// Runs the ImageUpdateAutomation controller with `client` until `shutdown`
/// resolves, then lets in-flight reconciles finish. Starts metrics and
/// health servers when the options ask for them and honours leader election.
pub async fn run_with_client<S>(client: Client, config: Config, shutdown: S) -> Result<()>
where
    S: Future<Output = ()> + Send + 'static,
{
    let shutdown = ShutdownSignal::new(shutdown);
    let metrics = Metrics::new();
    let ready = Readiness::default();
    let _servers = Servers::start(
        config.options.metrics_socket()?,
        config.options.health_socket()?,
        metrics.clone(),
        ready.clone(),
    )
    .await?;

    let reconciler = Arc::new(automation::AutomationReconciler::new(
        client.clone(),
        &config,
    ));
    let controller = ballast_runtime::controller_for::<automation::AutomationReconciler>(
        client.clone(),
        &config.options,
        &ready,
    );
    // A policy's new latestRef (or a new policy) runs the automations of
    // its namespace straight away instead of at their next interval.
    let automations = controller.store();
    let (policies, watch_config) =
        ballast_runtime::watched_api::<ImagePolicy>(client.clone(), &config.options);
    let controller = controller.watches(policies, watch_config, move |policy: ImagePolicy| {
        let namespace = policy.metadata.namespace.unwrap_or_default();
        automations
            .state()
            .into_iter()
            .filter(|a| a.metadata.namespace.as_deref() == Some(namespace.as_str()))
            .map(|a| ObjectRef::from_obj(&*a))
            .collect::<Vec<ObjectRef<ImageUpdateAutomation>>>()
    });

    // A new or changed GitRepository (its spec: url, ref, Secrets) runs the
    // automations that use it; status writes by source-controller do not.
    let automations = controller.store();
    let seen: Mutex<HashMap<ObjectRef<GitRepository>, Option<i64>>> = Mutex::default();
    let (sources, watch_config) =
        ballast_runtime::watched_api::<GitRepository>(client.clone(), &config.options);
    let controller = controller.watches(sources, watch_config, move |repo: GitRepository| {
        let key = ObjectRef::from_obj(&repo);
        let changed = match seen.lock() {
            Ok(mut seen) if repo.metadata.deletion_timestamp.is_some() => {
                seen.remove(&key);
                false
            }
            Ok(mut seen) => {
                seen.insert(key, repo.metadata.generation) != Some(repo.metadata.generation)
            }
            Err(_) => true,
        };
        if !changed {
            return Vec::new();
        }
        let namespace = repo.metadata.namespace.clone().unwrap_or_default();
        let name = repo.metadata.name.clone().unwrap_or_default();
        automations
            .state()
            .into_iter()
            .filter(|a| {
                let own = a.metadata.namespace.clone().unwrap_or_default();
                let source = &a.spec.source_ref;
                source.name == name
                    && source
                        .namespace
                        .clone()
                        .filter(|n| !n.is_empty())
                        .unwrap_or(own)
                        == namespace
            })
            .map(|a| ObjectRef::from_obj(&*a))
            .collect::<Vec<ObjectRef<ImageUpdateAutomation>>>()
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
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn flags_default_like_flux() {
        let config = Config::try_parse_from(["image-automation-controller"]).unwrap();
        assert!(!config.no_cross_namespace_refs);
        assert_eq!(config.options.concurrent, 4);
        assert_eq!(config.requeue_dependency, Duration::from_secs(30));
        let config = Config::try_parse_from([
            "image-automation-controller",
            "--no-cross-namespace-refs",
            "--requeue-dependency=5s",
        ])
        .unwrap();
        assert!(config.no_cross_namespace_refs);
        assert_eq!(config.requeue_dependency, Duration::from_secs(5));
    }
}
