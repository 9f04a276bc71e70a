//! A proxy with authentication that sends every connection to one backend: HTTP CONNECT
//! tunnels, plain `http://` requests in absolute-URI form, and SOCKS5 CONNECT; over
//! plain TCP or TLS (an `https://` proxy).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::tls::TestCa;

/// A proxy on a random loopback port that requires credentials and sends everything to
/// `backend`, whatever host is named, so tests can use host names that do not resolve.
///
/// The first byte of a connection picks the protocol. HTTP: `Proxy-Authorization:
/// Basic` is required; a CONNECT becomes a tunnel; a request with an absolute `http://`
/// URI is forwarded in origin form (without the proxy header), and the rest of that
/// connection is relayed as is (one request per connection is forwarded faithfully;
/// clients that reuse it for another absolute-URI request are not). SOCKS5: only the
/// username/password method (RFC 1929) is offered; a CONNECT to any address becomes a
/// tunnel, or reply 5 (connection refused) when the backend does not answer.
pub struct ConnectProxy {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What every connection needs to know.
struct Config {
    username: String,
    password: String,
    backend: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Config {
    fn record(&self, line: String) {
        if let Ok(mut l) = self.log.lock() {
            l.push(line);
        }
    }
}

impl ConnectProxy {
    /// Starts the proxy in its own thread and runtime.
    pub fn start(username: &str, password: &str, backend: SocketAddr) -> Result<Self> {
        Self::spawn(username, password, backend, None)
    }

    /// Like [`ConnectProxy::start`], but clients speak TLS to the proxy first (an
    /// `https://` proxy), with a server certificate of `ca` for `localhost`/127.0.0.1.
    pub fn start_tls(
        username: &str,
        password: &str,
        backend: SocketAddr,
        ca: &TestCa,
    ) -> Result<Self> {
        let acceptor = tokio_rustls::TlsAcceptor::from(ca.server_config(false)?);
        Self::spawn(username, password, backend, Some(acceptor))
    }

    fn spawn(
        username: &str,
        password: &str,
        backend: SocketAddr,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Result<Self> {
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").context("bind 127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let config = Arc::new(Config {
            username: username.to_string(),
            password: password.to_string(),
            backend,
            log: log.clone(),
        });
        let (tx, mut rx) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("build proxy runtime")?;
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
                        let config = config.clone();
                        let tls = tls.clone();
                        tokio::spawn(async move {
                            let _ = match tls {
                                Some(tls) => match tls.accept(stream).await {
                                    Ok(stream) => serve(stream, &config).await,
                                    Err(e) => {
                                        config.record(format!("TLS handshake failed: {e}"));
                                        Ok(())
                                    }
                                },
                                None => serve(stream, &config).await,
                            };
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

    /// One line per request: `<method> <target> -> <status>` for HTTP, `SOCKS5 <target>
    /// -> <granted|refused>` or `SOCKS5 auth -> denied` for SOCKS5.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut client: S, config: &Config) -> Result<()> {
    let mut first = [0u8; 1];
    if client.read(&mut first).await? == 0 {
        return Ok(());
    }
    if first[0] == 5 {
        socks5(client, config).await
    } else {
        http(client, first[0], config).await
    }
}

async fn http<S: AsyncRead + AsyncWrite + Unpin>(
    mut client: S,
    first: u8,
    config: &Config,
) -> Result<()> {
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", config.username, config.password))
    );
    let mut head = vec![first];
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
    config.record(format!("{method} {target} -> {status}"));
    if status != 200 {
        return Ok(());
    }
    let mut upstream = TcpStream::connect(config.backend).await?;
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

/// SOCKS5 after the version byte: username/password only, then CONNECT.
async fn socks5<S: AsyncRead + AsyncWrite + Unpin>(mut client: S, config: &Config) -> Result<()> {
    const USER_PASS: u8 = 2;
    let count = client.read_u8().await?;
    let mut methods = vec![0u8; usize::from(count)];
    client.read_exact(&mut methods).await?;
    if !methods.contains(&USER_PASS) {
        client.write_all(&[5, 0xff]).await?;
        config.record("SOCKS5 auth -> no acceptable method".into());
        return Ok(());
    }
    client.write_all(&[5, USER_PASS]).await?;
    let _version = client.read_u8().await?;
    let mut user = vec![0u8; usize::from(client.read_u8().await?)];
    client.read_exact(&mut user).await?;
    let mut password = vec![0u8; usize::from(client.read_u8().await?)];
    client.read_exact(&mut password).await?;
    if user != config.username.as_bytes() || password != config.password.as_bytes() {
        client.write_all(&[1, 1]).await?;
        config.record("SOCKS5 auth -> denied".into());
        return Ok(());
    }
    client.write_all(&[1, 0]).await?;

    let mut request = [0u8; 4];
    client.read_exact(&mut request).await?;
    let host = match request[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip).await?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        4 => {
            let mut ip = [0u8; 16];
            client.read_exact(&mut ip).await?;
            format!("[{}]", std::net::Ipv6Addr::from(ip))
        }
        3 => {
            let mut name = vec![0u8; usize::from(client.read_u8().await?)];
            client.read_exact(&mut name).await?;
            String::from_utf8_lossy(&name).to_string()
        }
        other => anyhow::bail!("SOCKS5 address type {other}"),
    };
    let port = client.read_u16().await?;
    let target = format!("{host}:{port}");
    if request[1] != 1 {
        client.write_all(&[5, 7, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
        config.record(format!("SOCKS5 {target} -> command {} refused", request[1]));
        return Ok(());
    }
    let mut upstream = match TcpStream::connect(config.backend).await {
        Ok(upstream) => upstream,
        Err(_) => {
            client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
            config.record(format!("SOCKS5 {target} -> refused"));
            return Ok(());
        }
    };
    let mut reply = vec![5, 0, 0, 1, 127, 0, 0, 1];
    reply.extend_from_slice(&config.backend.port().to_be_bytes());
    client.write_all(&reply).await?;
    config.record(format!("SOCKS5 {target} -> granted"));
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
