//! The metrics endpoint (`--metrics-addr`) and the health endpoints
//! (`--health-addr`): `/healthz` answers while the process runs, `/readyz`
//! once every controller's cache has synced.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;

use crate::error::{Error, Result};
use crate::metrics::Metrics;

/// Whether the process is ready to serve: every tracked controller has
/// cached its first full list of objects.
#[derive(Clone, Debug, Default)]
pub struct Readiness(Arc<ReadinessState>);

#[derive(Debug, Default)]
struct ReadinessState {
    tracked: AtomicUsize,
    pending: AtomicUsize,
}

impl Readiness {
    /// Registers one more thing to wait for; the process is not ready until
    /// the returned tracker is marked ready.
    pub fn track(&self) -> ReadinessTracker {
        self.0.tracked.fetch_add(1, Ordering::AcqRel);
        self.0.pending.fetch_add(1, Ordering::AcqRel);
        ReadinessTracker {
            state: self.0.clone(),
            done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether something was tracked and everything tracked is ready.
    pub fn is_ready(&self) -> bool {
        self.0.tracked.load(Ordering::Acquire) > 0 && self.0.pending.load(Ordering::Acquire) == 0
    }
}

/// One thing [`Readiness`] waits for.
#[derive(Clone, Debug)]
pub struct ReadinessTracker {
    state: Arc<ReadinessState>,
    done: Arc<AtomicBool>,
}

impl ReadinessTracker {
    /// Marks it ready; later calls do nothing (a re-list after a watch error
    /// does not make the process unready).
    pub fn mark_ready(&self) {
        if !self.done.swap(true, Ordering::AcqRel) {
            self.state.pending.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(ready): State<Readiness>) -> impl IntoResponse {
    if ready.is_ready() {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "caches not synced")
    }
}

async fn metrics(State(metrics): State<Metrics>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics.encode(),
    )
}

fn health_routes(ready: Readiness) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(ready)
}

fn metrics_routes(m: Metrics) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(m)
}

/// Bound listeners of the metrics and health servers; the actual addresses
/// (useful with port 0) are in [`Servers::metrics_addr`] and [`Servers::health_addr`].
#[derive(Debug)]
pub struct Servers {
    /// Where `/metrics` is served, if enabled.
    pub metrics_addr: Option<SocketAddr>,
    /// Where `/healthz` and `/readyz` are served, if enabled.
    pub health_addr: Option<SocketAddr>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Servers {
    /// Binds and starts serving. The same address for both serves all three paths.
    pub async fn start(
        metrics_addr: Option<SocketAddr>,
        health_addr: Option<SocketAddr>,
        m: Metrics,
        ready: Readiness,
    ) -> Result<Self> {
        let mut servers = Self {
            metrics_addr: None,
            health_addr: None,
            tasks: Vec::new(),
        };
        if let (Some(addr), Some(health)) = (metrics_addr, health_addr)
            && addr == health
        {
            let bound = serve(
                addr,
                "metrics and health",
                metrics_routes(m).merge(health_routes(ready)),
                &mut servers.tasks,
            )
            .await?;
            servers.metrics_addr = Some(bound);
            servers.health_addr = Some(bound);
            return Ok(servers);
        }
        if let Some(addr) = metrics_addr {
            servers.metrics_addr =
                Some(serve(addr, "metrics", metrics_routes(m), &mut servers.tasks).await?);
        }
        if let Some(addr) = health_addr {
            servers.health_addr =
                Some(serve(addr, "health", health_routes(ready), &mut servers.tasks).await?);
        }
        Ok(servers)
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

async fn serve(
    addr: SocketAddr,
    what: &'static str,
    router: Router,
    tasks: &mut Vec<tokio::task::JoinHandle<()>>,
) -> Result<SocketAddr> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind { addr, what, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| Error::Bind { addr, what, source })?;
    tasks.push(tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            tracing::error!(%err, server = what, "HTTP server stopped");
        }
    }));
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_only_when_every_tracked_controller_synced() {
        let ready = Readiness::default();
        assert!(!ready.is_ready(), "nothing tracked yet");
        let a = ready.track();
        let b = ready.track();
        a.mark_ready();
        a.mark_ready();
        assert!(!ready.is_ready());
        b.clone().mark_ready();
        assert!(ready.is_ready());
    }
}
