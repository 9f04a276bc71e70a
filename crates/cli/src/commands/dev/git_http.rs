//! A read-only Git smart-HTTP server for one local repository: `git
//! http-backend` run as a CGI program behind hyper, on a loopback port.
//!
//! Flux's GitRepository accepts only `http(s)://` and `ssh://` URLs, so the
//! local repository is served to source-controller this way. Only the two
//! requests a fetch needs are allowed (`GET info/refs?service=git-upload-pack`
//! and `POST git-upload-pack`); pushes are refused. Responses stream from the
//! CGI program to the client, so a large pack is never held in memory.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use futures::TryStreamExt;
use http::{Method, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// The most CGI header bytes accepted before the body starts.
const MAX_CGI_HEADER: usize = 64 * 1024;

struct Served {
    /// The URL path prefix, `/<name>.git`.
    prefix: String,
    /// The repository's Git directory.
    git_dir: PathBuf,
}

/// A running server; stops on [`GitServer::shutdown`] or when dropped.
pub(crate) struct GitServer {
    addr: SocketAddr,
    name: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl GitServer {
    /// Serves the repository whose Git directory is `git_dir` as
    /// `http://127.0.0.1:<random port>/<name>.git`.
    pub(crate) async fn start(git_dir: &Path, name: &str) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("cannot bind a loopback port for the Git server")?;
        let addr = listener
            .local_addr()
            .context("cannot read the Git server's address")?;
        let served = Arc::new(Served {
            prefix: format!("/{name}.git"),
            git_dir: git_dir.to_path_buf(),
        });
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, served, stopped));
        Ok(Self {
            addr,
            name: name.to_string(),
            stop: Some(stop),
            task,
        })
    }

    /// The clone URL.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/{}.git", self.addr, self.name)
    }

    /// Stops accepting, drops open connections and waits for the server task.
    pub(crate) async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for GitServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, served: Arc<Served>, mut stopped: oneshot::Receiver<()>) {
    // Connections live in a JoinSet so that stopping drops them all, which
    // kills any `git http-backend` still running for them.
    let mut connections = JoinSet::new();
    loop {
        let stream = tokio::select! {
            _ = &mut stopped => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    tracing::warn!(%err, "git server: accept failed");
                    continue;
                }
            },
        };
        let served = served.clone();
        connections.spawn(async move {
            let service = service_fn(move |req| {
                let served = served.clone();
                async move { Ok::<_, Infallible>(handle(req, &served).await) }
            });
            if let Err(err) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%err, "git server: connection ended with an error");
            }
        });
    }
    connections.shutdown().await;
}

fn text(status: StatusCode, message: &str) -> Response<Body> {
    let body = Full::new(Bytes::from(format!("{message}\n")))
        .map_err(|never| match never {})
        .boxed_unsync();
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
}

/// Which of the two fetch requests this is, if any.
fn route(method: &Method, rest: &str, query: &str) -> Result<(), (StatusCode, &'static str)> {
    match (method, rest) {
        (&Method::GET, "/info/refs") if query == "service=git-upload-pack" => Ok(()),
        (&Method::POST, "/git-upload-pack") => Ok(()),
        (_, "/git-receive-pack") => Err((StatusCode::FORBIDDEN, "this server is read-only")),
        (_, "/info/refs") if query.contains("receive-pack") => {
            Err((StatusCode::FORBIDDEN, "this server is read-only"))
        }
        _ => Err((
            StatusCode::NOT_FOUND,
            "not found (only Git smart-HTTP fetches are served)",
        )),
    }
}

async fn handle(req: Request<Incoming>, served: &Served) -> Response<Body> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let Some(rest) = path.strip_prefix(&served.prefix) else {
        return text(StatusCode::NOT_FOUND, "no such repository");
    };
    if let Err((status, message)) = route(req.method(), rest, &query) {
        return text(status, message);
    }
    let mut translated = served.git_dir.clone().into_os_string();
    translated.push(rest);
    match cgi(req, PathBuf::from(translated), &path, &query).await {
        Ok(response) => response,
        Err(err) => {
            tracing::warn!(err = format!("{err:#}"), %path, "git server: request failed");
            text(StatusCode::INTERNAL_SERVER_ERROR, &format!("{err:#}"))
        }
    }
}

/// Runs `git http-backend` for one request and streams its output back.
async fn cgi(
    req: Request<Incoming>,
    translated: PathBuf,
    path_info: &str,
    query: &str,
) -> anyhow::Result<Response<Body>> {
    let (parts, body) = req.into_parts();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };

    // NB: the environment is cleared so that variables of the user's shell
    // (GIT_DIR, GIT_PROJECT_ROOT, …) cannot redirect the backend; HOME stays
    // so the user's own Git configuration applies, as it does to their `git`.
    let mut cmd = tokio::process::Command::new("git");
    cmd.arg("http-backend")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("PATH_TRANSLATED", &translated)
        .env("PATH_INFO", path_info)
        .env("REQUEST_METHOD", parts.method.as_str())
        .env("QUERY_STRING", query)
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("GATEWAY_INTERFACE", "CGI/1.1")
        .env("SERVER_PROTOCOL", "HTTP/1.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(home) = std::env::var_os("HOME") {
        cmd.env("HOME", home);
    }
    for (header_name, variable) in [
        ("content-type", "CONTENT_TYPE"),
        ("content-length", "CONTENT_LENGTH"),
        ("content-encoding", "HTTP_CONTENT_ENCODING"),
        ("git-protocol", "GIT_PROTOCOL"),
    ] {
        if let Some(value) = header(header_name) {
            cmd.env(variable, value);
        }
    }
    let mut child = cmd
        .spawn()
        .context("cannot start `git http-backend` (is git installed?)")?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        anyhow::bail!("`git http-backend` started without pipes");
    };

    // Feed the request body while the output is read, so that neither side
    // can fill a pipe and wait on the other.
    tokio::spawn(async move {
        let mut body = body;
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return };
            if let Ok(data) = frame.into_data()
                && stdin.write_all(&data).await.is_err()
            {
                return;
            }
        }
        let _ = stdin.shutdown().await;
    });
    // Reap the child and surface what it said on stderr, for --log-level debug.
    let target = translated.display().to_string();
    tokio::spawn(async move {
        let mut errors = String::new();
        let mut reader = BufReader::new(stderr);
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut reader, &mut errors).await;
        let status = child.wait().await;
        if !errors.trim().is_empty() {
            tracing::debug!(%target, ?status, stderr = errors.trim(), "git http-backend");
        }
    });

    let mut stdout = BufReader::new(stdout);
    let mut response = Response::builder();
    let mut header_bytes = 0;
    loop {
        let mut line = String::new();
        let read = stdout
            .read_line(&mut line)
            .await
            .context("cannot read the output of `git http-backend`")?;
        if read == 0 {
            anyhow::bail!("`git http-backend` ended before its headers were complete");
        }
        header_bytes += read;
        if header_bytes > MAX_CGI_HEADER {
            anyhow::bail!("`git http-backend` sent more than {MAX_CGI_HEADER} header bytes");
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            anyhow::bail!("`git http-backend` sent a malformed header line {line:?}");
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("status") {
            let code = value
                .split_whitespace()
                .next()
                .and_then(|c| c.parse::<u16>().ok())
                .and_then(|c| StatusCode::from_u16(c).ok())
                .with_context(|| format!("`git http-backend` sent a bad Status {value:?}"))?;
            response = response.status(code);
        } else {
            response = response.header(name.trim(), value);
        }
    }
    let body = StreamBody::new(tokio_util::io::ReaderStream::new(stdout).map_ok(Frame::data))
        .boxed_unsync();
    response
        .body(body)
        .context("`git http-backend` sent headers that are not valid HTTP")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fetch_requests_are_routed() {
        assert!(route(&Method::GET, "/info/refs", "service=git-upload-pack").is_ok());
        assert!(route(&Method::POST, "/git-upload-pack", "").is_ok());
        assert_eq!(
            route(&Method::GET, "/info/refs", "service=git-receive-pack")
                .unwrap_err()
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            route(&Method::POST, "/git-receive-pack", "").unwrap_err().0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            route(&Method::GET, "/HEAD", "").unwrap_err().0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            route(&Method::GET, "/../../etc/passwd", "").unwrap_err().0,
            StatusCode::NOT_FOUND
        );
    }
}
