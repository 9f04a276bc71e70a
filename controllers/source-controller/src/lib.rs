//! source-controller: turns `GitRepository` objects into deterministic tar.gz
//! artifacts and serves them over HTTP, wire-compatible with Flux v2.
//!
//! ```text
//!   GitRepository ──watch──▶ reconcile: storage → include → source (ls-remote, fetch)
//!                                        → artifact (tar.gz, status.artifact, GC)
//!        ▲                                     │
//!        └──── status (only what changed) ◀────┘
//!
//!   --storage-path ──▶ <kind>/<ns>/<name>/<sha>.tar.gz ──HTTP (--storage-addr)──▶ consumers
//! ```
//!
//! [`run`] is the binary's entry point (flags, logging, metrics, leader
//! election); [`run_with_client`] runs the same controller in-process with a
//! given client, artifact listener and shutdown future (tests, `ballast dev up`).

mod error;
mod gitrepository;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ballast_artifact::Storage;
use ballast_runtime::{Metrics, Options, Readiness, Servers};
use kube::Client;
use tokio::net::TcpListener;

pub use error::{Error, Result};
pub use gitrepository::{FIELD_MANAGER, reasons};

/// The controller's name, used for events, the field manager and the Lease.
pub const CONTROLLER_NAME: &str = "source-controller";

/// Flags of the `source-controller` binary, named and defaulted like Flux's.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "source-controller", version, about)]
pub struct Config {
    /// Flags every Ballast controller shares.
    #[command(flatten)]
    pub options: Options,

    /// The local storage path for artifacts.
    #[arg(long, default_value = "/data")]
    pub storage_path: PathBuf,

    /// The address the artifact file server binds to.
    #[arg(long, default_value = ":9090")]
    pub storage_addr: String,

    /// The advertised address of the file server, used in artifact URLs
    /// (defaults to this host's name and the --storage-addr port).
    #[arg(long, env = "STORAGE_ADV_ADDR", default_value = "")]
    pub storage_adv_addr: String,

    /// How long superseded artifacts are kept before garbage collection.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    pub artifact_retention_ttl: Duration,

    /// How many artifacts per object (the current one included) are kept.
    #[arg(long, default_value_t = 2)]
    pub artifact_retention_records: usize,

    /// How long to wait before retrying an object whose includes have no artifact yet.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub requeue_dependency: Duration,
}

impl Config {
    /// A configuration for running in-process: [`Options::embedded`] (no
    /// leader election, no metrics or health listeners), artifacts under
    /// `storage_path`, Flux's retention defaults.
    pub fn embedded(storage_path: impl Into<PathBuf>) -> Self {
        Self {
            options: Options::embedded(),
            storage_path: storage_path.into(),
            storage_addr: "127.0.0.1:0".to_string(),
            storage_adv_addr: String::new(),
            artifact_retention_ttl: Duration::from_secs(60),
            artifact_retention_records: 2,
            requeue_dependency: Duration::from_secs(30),
        }
    }
}

fn parse_duration(value: &str) -> std::result::Result<Duration, String> {
    ballast_api::meta::parse_duration(value).map_err(|e| e.to_string())
}

/// Parses a Go-style listen address (`:9090`, `127.0.0.1:0`).
fn listen_addr(value: &str) -> Result<SocketAddr> {
    let value = value.trim();
    let parsed = match value.strip_prefix(':') {
        Some(port) => port
            .parse::<u16>()
            .map(|p| SocketAddr::from(([0, 0, 0, 0], p)))
            .map_err(|e| e.to_string()),
        None => value.parse::<SocketAddr>().map_err(|e| e.to_string()),
    };
    parsed.map_err(|reason| Error::InvalidFlag {
        flag: "storage-addr",
        value: value.to_string(),
        reason,
    })
}

/// The address put in artifact URLs: `--storage-adv-addr` when set, else the
/// bound address when it is a concrete IP, else this host's name and port
/// (what Flux does in a Pod).
fn advertised_addr(config: &Config, bound: SocketAddr) -> String {
    if !config.storage_adv_addr.is_empty() {
        return config.storage_adv_addr.clone();
    }
    if !bound.ip().is_unspecified() {
        return bound.to_string();
    }
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    format!("{host}:{}", bound.port())
}

/// Runs source-controller as the binary does: logging, a client from the
/// environment (in-cluster or `KUBECONFIG`), metrics and health servers,
/// the artifact server on `--storage-addr`, leader election, until SIGTERM
/// or SIGINT.
pub async fn run(config: Config) -> Result<()> {
    ballast_runtime::init_logging(&config.options.log_level, &config.options.log_encoding)?;
    let client = Client::try_default().await.map_err(|source| Error::Kube {
        action: "create a Kubernetes client from the environment".to_string(),
        source,
    })?;
    let addr = listen_addr(&config.storage_addr)?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind { addr, source })?;
    run_with_client(client, config, listener, ballast_runtime::shutdown_signal()).await
}

/// Runs source-controller with `client`, serving artifacts on `listener`,
/// until `shutdown` resolves; then lets in-flight reconciles and downloads
/// finish. Starts metrics and health servers when the options ask for them
/// and honours leader election (the artifact server runs regardless, so
/// artifacts stay downloadable while a standby waits).
pub async fn run_with_client<S>(
    client: Client,
    config: Config,
    listener: TcpListener,
    shutdown: S,
) -> Result<()>
where
    S: Future<Output = ()> + Send + 'static,
{
    let bound = listener.local_addr().map_err(|source| Error::Bind {
        addr: SocketAddr::from(([0, 0, 0, 0], 0)),
        source,
    })?;
    let advertised = advertised_addr(&config, bound);
    let storage = Storage::new(&config.storage_path, &advertised)?;
    tracing::info!(storage = %config.storage_path.display(), %bound, %advertised, "serving artifacts");

    // One shutdown signal fanned out to the file server and the controller.
    let shutdown = ballast_runtime::ShutdownSignal::new(shutdown);

    let server_storage = storage.clone();
    let server_stop = shutdown.clone().fired();
    let file_server = tokio::spawn(async move {
        if let Err(err) = ballast_artifact::serve(listener, server_storage, server_stop).await {
            tracing::error!(%err, "artifact server stopped");
        }
    });

    let metrics = Metrics::new();
    let ready = Readiness::default();
    let _servers = Servers::start(
        config.options.metrics_socket()?,
        config.options.health_socket()?,
        metrics.clone(),
        ready.clone(),
    )
    .await?;

    let reconciler = Arc::new(gitrepository::GitRepositoryReconciler::new(
        client.clone(),
        storage,
        &config,
    ));
    let controller = ballast_runtime::controller_for::<gitrepository::GitRepositoryReconciler>(
        client.clone(),
        &config.options,
        &ready,
    );
    let lease = format!("{CONTROLLER_NAME}-leader-election");
    ballast_runtime::run_elected(
        controller,
        reconciler,
        client,
        &config.options,
        metrics,
        &lease,
        shutdown.clone(),
    )
    .await?;
    // NB: the controller loop can end on its own (its watch stream ended);
    // then this process no longer reconciles and must say so and exit, so
    // that it gets restarted, rather than keep serving as if all were well.
    if !shutdown.has_fired() {
        tracing::error!("the controller stopped without a shutdown request");
        return Err(Error::Stopped);
    }
    // Downloads in flight finish before the file server task ends.
    let _ = file_server.await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn flags_default_like_flux() {
        let config = Config::try_parse_from(["source-controller"]).unwrap();
        assert_eq!(config.storage_path, PathBuf::from("/data"));
        assert_eq!(
            listen_addr(&config.storage_addr).unwrap(),
            "0.0.0.0:9090".parse().unwrap()
        );
        assert_eq!(config.artifact_retention_ttl, Duration::from_secs(60));
        assert_eq!(config.artifact_retention_records, 2);
        assert_eq!(config.options.concurrent, 4);
    }

    #[test]
    fn advertised_address_prefers_the_flag_then_the_bound_ip() {
        let mut config = Config::embedded("/tmp/x");
        let bound: SocketAddr = "127.0.0.1:4321".parse().unwrap();
        assert_eq!(advertised_addr(&config, bound), "127.0.0.1:4321");
        config.storage_adv_addr = "source-controller.flux-system.svc.cluster.local.".into();
        assert_eq!(
            advertised_addr(&config, bound),
            "source-controller.flux-system.svc.cluster.local."
        );
    }

    #[test]
    fn bad_storage_addr_names_the_flag() {
        let err = listen_addr(":http").unwrap_err().to_string();
        assert!(
            err.contains("--storage-addr") && err.contains(":http"),
            "{err}"
        );
    }
}
