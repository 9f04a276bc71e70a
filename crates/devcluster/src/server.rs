//! Listening, TLS, authentication and the [`DevCluster`] handle.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::Error;
use crate::resources::{ResourceInfo, builtins};
use crate::store::Store;

/// How to start a [`DevCluster`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Bearer token clients must send; a random one when `None`.
    pub token: Option<String>,
    /// How many past changes watches can resume from before getting 410 Gone.
    pub watch_history: usize,
    /// How often an idle watch that asked for bookmarks gets one.
    pub bookmark_interval: Duration,
    /// Where to keep a write-ahead log so objects survive restarts (and
    /// `kill -9`); in memory only when `None`.
    pub data_dir: Option<std::path::PathBuf>,
    /// Act as kube-controller-manager just enough for health checks: see
    /// the crate documentation.
    pub simulate_workloads: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: None,
            watch_history: 10_000,
            bookmark_interval: Duration::from_secs(30),
            data_dir: None,
            simulate_workloads: false,
        }
    }
}

/// The served resources, changed when CRDs come and go.
#[derive(Debug)]
pub(crate) struct Registry {
    pub(crate) resources: Vec<ResourceInfo>,
    /// Bumped on every change, so cached discovery/OpenAPI documents can tell
    /// they are stale.
    pub(crate) generation: u64,
}

impl Registry {
    pub(crate) fn find(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceInfo> {
        self.resources
            .iter()
            .find(|r| r.group == group && r.version == version && r.plural == plural)
    }
}

/// State shared by every request.
pub(crate) struct Shared {
    pub(crate) store: Mutex<Store>,
    pub(crate) registry: RwLock<Registry>,
    /// The newest resourceVersion, so watches wake up on writes.
    pub(crate) notify: watch::Sender<u64>,
    pub(crate) token: String,
    /// Service account tokens issued through TokenRequest, with their
    /// expiry (seconds since the epoch); they authenticate like `token`.
    pub(crate) issued: Mutex<std::collections::HashMap<String, i64>>,
    pub(crate) bookmark_interval: Duration,
    pub(crate) openapi_cache: Mutex<crate::openapi::Cache>,
    pub(crate) shutdown: watch::Receiver<bool>,
}

impl Shared {
    /// Locks the store; a panic elsewhere must not wedge the server, so a
    /// poisoned lock is taken over as is.
    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn registry(&self) -> std::sync::RwLockReadGuard<'_, Registry> {
        self.registry.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn registry_mut(&self) -> std::sync::RwLockWriteGuard<'_, Registry> {
        self.registry.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running dev cluster. Dropping it without [`DevCluster::shutdown`] leaves
/// the server running until the runtime stops.
pub struct DevCluster {
    addr: SocketAddr,
    token: String,
    ca_pem: String,
    ca_der: Vec<u8>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for DevCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevCluster")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl DevCluster {
    /// Binds, generates certificates, seeds the default namespaces and starts
    /// serving in the background. Returns once requests are accepted.
    pub async fn start(options: Options) -> Result<DevCluster, Error> {
        let tls = crate::tls::generate(&[])?;
        let listener = TcpListener::bind(options.listen)
            .await
            .map_err(|source| Error::Bind {
                addr: options.listen.to_string(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            addr: options.listen.to_string(),
            source,
        })?;
        let token = options.token.clone().unwrap_or_else(random_token);
        let (stop, stopped) = watch::channel(false);
        let (notify, _) = watch::channel(0u64);
        let shared = Arc::new(Shared {
            store: Mutex::new(Store::new(options.watch_history)),
            registry: RwLock::new(Registry {
                resources: builtins(),
                generation: 1,
            }),
            notify,
            token: token.clone(),
            issued: Mutex::new(std::collections::HashMap::new()),
            bookmark_interval: options.bookmark_interval,
            openapi_cache: Mutex::new(crate::openapi::Cache::default()),
            shutdown: stopped.clone(),
        });
        if let Some(dir) = &options.data_dir {
            let err = |message: String| Error::DataDir {
                dir: dir.display().to_string(),
                message,
            };
            let (records, _good) = crate::wal::replay(dir).map_err(|e| err(e.to_string()))?;
            let mut store = shared.store();
            store.restore(records);
            store.persist_to(dir).map_err(|e| err(e.to_string()))?;
            crate::crd::sync_crds(&shared, &mut store);
            let rv = store.current_rv();
            drop(store);
            let _ = shared.notify.send(rv);
        }
        crate::api::seed(&shared);
        if options.simulate_workloads {
            tokio::spawn(crate::simulate::run(shared.clone()));
        }
        let app = Router::new()
            .fallback(crate::api::handle)
            .with_state(shared);
        let acceptor = tokio_rustls::TlsAcceptor::from(tls.server_config.clone());
        let task = tokio::spawn(accept_loop(listener, acceptor, app, stopped));
        Ok(DevCluster {
            addr,
            token,
            ca_pem: tls.ca_pem,
            ca_der: tls.ca_der,
            stop,
            task,
        })
    }

    /// `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        let host = match self.addr {
            SocketAddr::V4(a) => a.ip().to_string(),
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
        };
        format!("https://{host}:{}", self.addr.port())
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The bearer token clients must send.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The CA certificate (PEM) that signed the serving certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// A kubeconfig (YAML) with the CA, server URL and token; its context is
    /// `devcluster` and its default namespace `default`.
    pub fn kubeconfig(&self) -> String {
        use base64::Engine;
        let ca = base64::engine::general_purpose::STANDARD.encode(self.ca_pem.as_bytes());
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: devcluster\n  cluster:\n    server: {url}\n    certificate-authority-data: {ca}\nusers:\n- name: devcluster\n  user:\n    token: {token}\ncontexts:\n- name: devcluster\n  context:\n    cluster: devcluster\n    user: devcluster\n    namespace: default\ncurrent-context: devcluster\npreferences: {{}}\n",
            url = self.url(),
            token = self.token,
        )
    }

    /// A kube-rs client for this cluster. Needs a Tokio runtime.
    pub fn client(&self) -> Result<kube::Client, Error> {
        let url = self.url();
        let err = |message: String| Error::Client {
            url: url.clone(),
            message,
        };
        let cluster_url: http::Uri = url
            .parse()
            .map_err(|e: http::uri::InvalidUri| err(e.to_string()))?;
        let mut config = kube::Config::new(cluster_url);
        config.default_namespace = "default".into();
        config.root_cert = Some(vec![self.ca_der.clone()]);
        config.auth_info.token = Some(self.token.clone().into());
        kube::Client::try_from(config).map_err(|e| err(e.to_string()))
    }

    /// Stops accepting requests and closes open connections (watches end).
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    app: Router,
    mut stopped: watch::Receiver<bool>,
) {
    let mut conns = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = stopped.changed() => break,
            a = listener.accept() => a,
        };
        let Ok((tcp, _peer)) = accepted else {
            // NB: transient accept errors (EMFILE, resets) must not stop the server.
            continue;
        };
        let acceptor = acceptor.clone();
        let app = app.clone();
        let mut stop = stopped.clone();
        conns.spawn(async move {
            let tls =
                match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await {
                    Ok(Ok(tls)) => tls,
                    _ => return,
                };
            let service = TowerToHyperService::new(app);
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(tls), service);
            tokio::select! {
                _ = conn => {}
                _ = stop.changed() => {}
            }
        });
        // Reap finished connections so the set stays small.
        while conns.try_join_next().is_some() {}
    }
    conns.abort_all();
    while conns.join_next().await.is_some() {}
}

fn random_token() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..40)
        .map(|_| {
            let n = rng.random_range(0..36u8);
            char::from(if n < 10 { b'0' + n } else { b'a' + n - 10 })
        })
        .collect()
}
