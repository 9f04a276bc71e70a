//! `git http-backend` behind a small CGI host on hyper.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result, anyhow};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::repo::{WorkRepo, init_bare};
use crate::tls::TestCa;

/// How clients must authenticate to an [`HttpGitServer`].
#[derive(Debug, Clone, Default)]
pub enum HttpAuth {
    /// Anyone may read and push.
    #[default]
    None,
    /// HTTP basic auth with this user name and password.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

/// Options for [`HttpGitServer::start`].
#[derive(Default)]
pub struct HttpOptions {
    /// Authentication required for every request.
    pub auth: HttpAuth,
    /// Serve HTTPS with a certificate from this CA.
    pub tls: Option<Arc<TestCa>>,
}

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// The request target as received.
    pub target: String,
    /// Response status.
    pub status: u16,
}

impl LoggedRequest {
    /// Whether this request downloaded a pack (a `git-upload-pack` POST).
    pub fn is_pack_download(&self) -> bool {
        self.method == "POST" && self.target.contains("/git-upload-pack")
    }
}

struct State {
    root: PathBuf,
    auth: HttpAuth,
    log: Mutex<Vec<LoggedRequest>>,
    /// Path prefixes answered with a 301 to another prefix.
    redirects: Mutex<Vec<(String, String)>>,
}

/// A Git smart-HTTP server over `git http-backend`, serving bare repositories
/// from a temporary directory on a random loopback port. Stops when dropped.
pub struct HttpGitServer {
    addr: SocketAddr,
    scheme: &'static str,
    state: Arc<State>,
    _root: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl HttpGitServer {
    /// Starts the server on `127.0.0.1:0` in its own thread and runtime.
    pub fn start(opts: HttpOptions) -> Result<Self> {
        Self::start_inner(opts, false)
    }

    /// Like [`HttpGitServer::start`] over HTTPS (`opts.tls` must be set), but the TLS
    /// handshake also requires a client certificate signed by that CA
    /// ([`TestCa::client_cert_pem`]).
    pub fn start_mtls(opts: HttpOptions) -> Result<Self> {
        if opts.tls.is_none() {
            anyhow::bail!("start_mtls needs HttpOptions::tls");
        }
        Self::start_inner(opts, true)
    }

    fn start_inner(opts: HttpOptions, require_client_cert: bool) -> Result<Self> {
        let root = tempfile::tempdir().context("create repository root")?;
        let state = Arc::new(State {
            root: root.path().to_path_buf(),
            auth: opts.auth,
            log: Mutex::default(),
            redirects: Mutex::default(),
        });
        let tls = match &opts.tls {
            Some(ca) => Some(tokio_rustls::TlsAcceptor::from(
                ca.server_config(require_client_cert)?,
            )),
            None => None,
        };
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").context("bind 127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let thread_state = state.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("build server runtime")?;
        let thread = std::thread::Builder::new()
            .name(format!("git-http-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(std_listener) else {
                        return;
                    };
                    serve(listener, tls, thread_state, shutdown_rx).await;
                });
            })
            .context("spawn server thread")?;
        Ok(Self {
            addr,
            scheme: if opts.tls.is_some() { "https" } else { "http" },
            state,
            _root: root,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        })
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of repository `name` (e.g. `repo.git`).
    pub fn url(&self, name: &str) -> String {
        format!("{}://{}/{}", self.scheme, self.addr, name)
    }

    /// Where repository `name` lives on disk.
    pub fn repo_path(&self, name: &str) -> PathBuf {
        self.state.root.join(name)
    }

    /// Creates an empty bare repository `name` whose HEAD names `initial_branch`.
    pub fn create_repo(&self, name: &str, initial_branch: &str) -> Result<PathBuf> {
        let path = self.repo_path(name);
        init_bare(&path, initial_branch)?;
        Ok(path)
    }

    /// Creates `sub.git` (`lib.yaml`: `kind: Lib`) and `top.git` (`deploy/app.yaml`:
    /// `kind: App`) with `sub.git` as submodule at `vendor/lib` by the relative URL
    /// `../sub.git`, so a client fetches it from this server with the same credentials.
    /// Returns top's commit.
    pub fn create_repo_with_submodule(&self) -> Result<String> {
        let sub_bare = self.create_repo("sub.git", "main")?;
        let sub_path = sub_bare.to_str().context("non-UTF-8 repository path")?;
        let sub = WorkRepo::init("main")?;
        sub.write("lib.yaml", "kind: Lib\n")?;
        sub.commit_all("lib")?;
        sub.push(sub_path, "main:main")?;
        let top_bare = self.create_repo("top.git", "main")?;
        let top = WorkRepo::init("main")?;
        top.write("deploy/app.yaml", "kind: App\n")?;
        // Added from the bare path (the git CLI may lack this server's credentials),
        // then pointed at the server.
        let add = ["-c", "protocol.allow=always", "submodule", "add", "-q"];
        top.git(&[&add[..], &[sub_path, "vendor/lib"]].concat())?;
        top.git(&[
            "config",
            "-f",
            ".gitmodules",
            "submodule.vendor/lib.url",
            "../sub.git",
        ])?;
        let commit = top.commit_all("with submodule")?;
        top.push(
            top_bare.to_str().context("non-UTF-8 repository path")?,
            "main:main",
        )?;
        Ok(commit)
    }

    /// Answers every request under `/<from>/` with `301 Moved Permanently` to the same
    /// path under `/<to>/` (as a host does for a renamed repository), before any auth.
    pub fn redirect(&self, from: &str, to: &str) {
        if let Ok(mut r) = self.state.redirects.lock() {
            r.push((format!("/{from}/"), format!("/{to}/")));
        }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        if let Ok(mut log) = self.state.log.lock() {
            log.clear();
        }
    }
}

impl Drop for HttpGitServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
    mut shutdown: oneshot::Receiver<()>,
) {
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => continue,
            },
        };
        let state = state.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, std::convert::Infallible>(handle(req, &state).await) }
            });
            let builder = hyper::server::conn::http1::Builder::new();
            match tls {
                Some(acceptor) => {
                    if let Ok(stream) = acceptor.accept(stream).await {
                        let _ = builder
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    }
                }
                None => {
                    let _ = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                }
            }
        });
    }
}

fn text_response(status: StatusCode, body: &str) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body.to_string())));
    *resp.status_mut() = status;
    resp
}

fn basic_matches(headers: &HeaderMap, header: http::HeaderName, user: &str, pass: &str) -> bool {
    let want = format!("Basic {}", STANDARD.encode(format!("{user}:{pass}")));
    headers.get(header).and_then(|v| v.to_str().ok()) == Some(want.as_str())
}

/// Checks auth; returns the user name for `REMOTE_USER` or a refusal.
fn authorize(
    req: &Request<Incoming>,
    state: &State,
) -> Result<Option<String>, Box<Response<Full<Bytes>>>> {
    match &state.auth {
        HttpAuth::None => Ok(None),
        HttpAuth::Basic { username, password } => {
            if basic_matches(
                req.headers(),
                http::header::AUTHORIZATION,
                username,
                password,
            ) {
                Ok(Some(username.clone()))
            } else {
                let mut resp = text_response(StatusCode::UNAUTHORIZED, "authentication required");
                resp.headers_mut().insert(
                    http::header::WWW_AUTHENTICATE,
                    http::HeaderValue::from_static("Basic realm=\"git\""),
                );
                Err(Box::new(resp))
            }
        }
        HttpAuth::Bearer(token) => {
            let want = format!("Bearer {token}");
            if req
                .headers()
                .get(http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                == Some(want.as_str())
            {
                Ok(Some("token".to_string()))
            } else {
                let mut resp = text_response(StatusCode::UNAUTHORIZED, "bearer token required");
                resp.headers_mut().insert(
                    http::header::WWW_AUTHENTICATE,
                    http::HeaderValue::from_static("Basic realm=\"git\""),
                );
                Err(Box::new(resp))
            }
        }
    }
}

async fn handle(req: Request<Incoming>, state: &State) -> Response<Full<Bytes>> {
    let method = req.method().to_string();
    let target = req.uri().to_string();
    let moved = state.redirects.lock().ok().and_then(|r| {
        r.iter().find_map(|(from, to)| {
            target
                .strip_prefix(from.as_str())
                .map(|rest| format!("{to}{rest}"))
        })
    });
    let resp = if let Some(location) = moved {
        let mut resp = text_response(StatusCode::MOVED_PERMANENTLY, "moved\n");
        if let Ok(value) = http::HeaderValue::from_str(&location) {
            resp.headers_mut().insert(http::header::LOCATION, value);
        }
        resp
    } else {
        match authorize(&req, state) {
            Err(refusal) => *refusal,
            Ok(user) => match cgi(req, user, &state.root).await {
                Ok(resp) => resp,
                Err(e) => text_response(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
            },
        }
    };
    if let Ok(mut log) = state.log.lock() {
        log.push(LoggedRequest {
            method,
            target,
            status: resp.status().as_u16(),
        });
    }
    resp
}

/// Runs `git http-backend` as a CGI script for one request.
async fn cgi(
    req: Request<Incoming>,
    user: Option<String>,
    root: &Path,
) -> Result<Response<Full<Bytes>>> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .context("read request body")?
        .to_bytes();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };

    let mut cmd = tokio::process::Command::new("git");
    cmd.arg("http-backend")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REQUEST_METHOD", parts.method.as_str())
        .env("PATH_INFO", parts.uri.path())
        .env("QUERY_STRING", parts.uri.query().unwrap_or(""))
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("GATEWAY_INTERFACE", "CGI/1.1")
        .env("SERVER_PROTOCOL", "HTTP/1.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(ct) = header("content-type") {
        cmd.env("CONTENT_TYPE", ct);
    }
    if let Some(enc) = header("content-encoding") {
        cmd.env("HTTP_CONTENT_ENCODING", enc);
    }
    if let Some(proto) = header("git-protocol") {
        cmd.env("GIT_PROTOCOL", proto);
    }
    if let Some(user) = user {
        cmd.env("REMOTE_USER", user);
    }
    let mut child = cmd
        .spawn()
        .context("spawn `git http-backend` (install git: apt-get install -y git)")?;
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow!("no stdin"))?;
    // Feed the body while reading the output, so large packs cannot deadlock the pipes.
    let writer = tokio::spawn(async move {
        let _ = stdin.write_all(&body).await;
        drop(stdin);
    });
    let out = child
        .wait_with_output()
        .await
        .context("run git http-backend")?;
    let _ = writer.await;
    parse_cgi(&out.stdout).with_context(|| {
        format!(
            "bad CGI output; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn parse_cgi(out: &[u8]) -> Result<Response<Full<Bytes>>> {
    let (head_len, sep) = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, 4))
        .or_else(|| out.windows(2).position(|w| w == b"\n\n").map(|p| (p, 2)))
        .ok_or_else(|| anyhow!("no end of CGI headers"))?;
    let head = std::str::from_utf8(&out[..head_len]).context("CGI headers not UTF-8")?;
    let mut resp = Response::new(Full::new(Bytes::copy_from_slice(&out[head_len + sep..])));
    for line in head.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("status") {
            let code: u16 = value
                .split_whitespace()
                .next()
                .unwrap_or("500")
                .parse()
                .unwrap_or(500);
            *resp.status_mut() =
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        } else {
            resp.headers_mut().append(
                http::HeaderName::from_bytes(name.trim().as_bytes())?,
                http::HeaderValue::from_str(value)?,
            );
        }
    }
    Ok(resp)
}
