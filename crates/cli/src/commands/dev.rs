//! `ballast dev`: local development helpers.
//!
//! `ballast dev cluster` serves an in-memory Kubernetes API server (see
//! `ballast-devcluster`) until SIGINT or SIGTERM; `ballast dev up` runs that
//! server with source-controller and kustomize-controller and reconciles a
//! local Git repository.

mod event_log;
mod git_http;
mod local_repo;
mod up;

use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};

/// Arguments of `ballast dev`.
#[derive(Debug, Args)]
pub(crate) struct DevArgs {
    #[command(subcommand)]
    command: DevCommand,
}

#[derive(Debug, Subcommand)]
enum DevCommand {
    /// Serve a local Kubernetes API server that kubectl and controllers can use.
    Cluster(ClusterArgs),
    /// Reconcile a local Git repository into a local cluster: devcluster,
    /// source-controller and kustomize-controller in one process; new commits
    /// are applied as they land.
    Up(up::UpArgs),
}

/// Arguments of `ballast dev cluster`.
#[derive(Debug, Args)]
struct ClusterArgs {
    /// Address to serve HTTPS on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Where to write the kubeconfig (CA, server URL and token), once the
    /// server accepts requests.
    #[arg(long)]
    kubeconfig: PathBuf,
    /// Keep objects in a write-ahead log in this directory, so they survive
    /// restarts and `kill -9`; in memory only when absent.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Give Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs a
    /// realistic status and Services a cluster IP, as controllers would.
    #[arg(long)]
    simulate_workloads: bool,
}

/// Runs `ballast dev`.
pub(crate) fn run(args: DevArgs) -> anyhow::Result<()> {
    match args.command {
        DevCommand::Cluster(a) => {
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the Tokio runtime")?;
            runtime.block_on(cluster(a))
        }
        DevCommand::Up(a) => up::run(a),
    }
}

async fn cluster(args: ClusterArgs) -> anyhow::Result<()> {
    let options = ballast_devcluster::Options {
        listen: args.listen,
        data_dir: args.data_dir,
        simulate_workloads: args.simulate_workloads,
        ..Default::default()
    };
    let cluster = ballast_devcluster::DevCluster::start(options).await?;
    write_atomically(&args.kubeconfig, cluster.kubeconfig().as_bytes())?;
    let mut out = std::io::stdout();
    writeln!(out, "devcluster listening on {}", cluster.url())?;
    out.flush()?;
    wait_for_signal().await?;
    cluster.shutdown().await;
    Ok(())
}

/// Writes through a temporary file in the same directory and renames it into
/// place, so readers never see a partial kubeconfig.
fn write_atomically(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .with_context(|| format!("--kubeconfig {} names no file", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    // The kubeconfig holds the cluster's bearer token: readable by its owner only.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut file| file.write_all(data));
    let moved = written
        .with_context(|| format!("cannot write {}", tmp.display()))
        .and_then(|()| {
            std::fs::rename(&tmp, path).with_context(|| {
                format!(
                    "cannot move the kubeconfig into place at {}",
                    path.display()
                )
            })
        });
    if moved.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    moved
}

async fn wait_for_signal() -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.context("cannot listen for SIGINT")?,
        _ = term.recv() => {}
    }
    Ok(())
}
