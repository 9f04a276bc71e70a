//! An HTTP proxy with basic auth that sends every request to one backend: CONNECT
//! tunnels, and plain `http://` requests in absolute-URI form.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// An HTTP proxy on a random loopback port that requires `Proxy-Authorization: Basic`
/// and sends everything to `backend`, whatever host is named, so tests can use host
/// names that do not resolve: a CONNECT becomes a tunnel; a request with an absolute
/// `http://` URI is forwarded in origin form (without the proxy header), and the rest
/// of that connection is relayed as is (one request per connection is forwarded
/// faithfully; clients that reuse it for another absolute-URI request are not).
pub struct ConnectProxy {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ConnectProxy {
    /// Starts the proxy in its own thread and runtime.
    pub fn start(username: &str, password: &str, backend: SocketAddr) -> Result<Self> {
        let expected = format!(
            "Basic {}",
            STANDARD.encode(format!("{username}:{password}"))
        );
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").context("bind 127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, mut rx) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("build proxy runtime")?;
        let thread_log = log.clone();
        let thread = std::thread::Builder::new()
            .name(format!("connect-proxy-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(std_listener) else {
                        return;
                    };
                    loop {
                        let stream = tokio::select! {
                            _ = &mut rx => return,
                            accepted = listener.accept() => match accepted {
                                Ok((s, _)) => s,
                                Err(_) => continue,
                            },
                        };
                        let expected = expected.clone();
                        let log = thread_log.clone();
                        tokio::spawn(async move {
                            let _ = tunnel(stream, &expected, backend, &log).await;
                        });
                    }
                });
            })
            .context("spawn proxy thread")?;
        Ok(Self {
            addr,
            log,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The proxy's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// One line per request: `<method> <target> -> <status>`.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

async fn tunnel(
    mut client: TcpStream,
    expected: &str,
    backend: SocketAddr,
    log: &Mutex<Vec<String>>,
) -> Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    // Read the request head byte by byte: nothing after it may be consumed.
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await? == 0 || head.len() > 16 * 1024 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut lines = head.lines();
    let request = lines.next().unwrap_or_default().to_string();
    let target = request
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let is_proxy_auth = |l: &str| {
        l.split_once(':')
            .is_some_and(|(k, _)| k.eq_ignore_ascii_case("proxy-authorization"))
    };
    let authorized = lines
        .clone()
        .any(|l| is_proxy_auth(l) && l.split_once(':').is_some_and(|(_, v)| v.trim() == expected));
    let method = request
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    // An absolute-URI request (plain HTTP through the proxy): origin-form path.
    let forward_path = target
        .strip_prefix("http://")
        .map(|rest| rest.find('/').map_or("/", |i| &rest[i..]).to_string());
    let status = if method != "CONNECT" && forward_path.is_none() {
        client
            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await?;
        405
    } else if !authorized {
        client
            .write_all(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"proxy\"\r\n\
                  Content-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await?;
        407
    } else {
        200
    };
    if let Ok(mut l) = log.lock() {
        l.push(format!("{method} {target} -> {status}"));
    }
    if status != 200 {
        return Ok(());
    }
    let mut upstream = TcpStream::connect(backend).await?;
    match forward_path {
        Some(path) if method != "CONNECT" => {
            let version = request.split_whitespace().nth(2).unwrap_or("HTTP/1.1");
            let mut rewritten = format!("{method} {path} {version}\r\n");
            for line in lines.filter(|l| !l.is_empty() && !is_proxy_auth(l)) {
                rewritten.push_str(line);
                rewritten.push_str("\r\n");
            }
            rewritten.push_str("\r\n");
            upstream.write_all(rewritten.as_bytes()).await?;
        }
        _ => {
            client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await?;
        }
    }
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
