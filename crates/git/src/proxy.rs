//! Reaching a remote through the proxy of `spec.proxySecretRef`: HTTP CONNECT (to a
//! plain `http://` or a TLS `https://` proxy) or SOCKS5 (RFC 1928, with RFC 1929
//! username/password).
//!
//! Written here rather than taken from a SOCKS crate because the operation's connect
//! and I/O timeouts must bound the handshake too: a proxy that accepts and then stays
//! silent must not pin a controller worker.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpStream, ToSocketAddrs as _};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rustls::pki_types::ServerName;

/// How the proxy is spoken to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// HTTP proxy over plain TCP.
    Http,
    /// HTTP proxy over TLS.
    Https,
    /// SOCKS5; host names are resolved by the proxy (as Go's dialer does for both
    /// `socks5://` and `socks5h://`).
    Socks5,
}

/// A proxy with its credentials.
pub(crate) struct Proxy {
    pub(crate) scheme: Scheme,
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) credentials: Option<(String, String)>,
    /// Trust for an `https://` proxy's certificate.
    pub(crate) tls: Option<Arc<rustls::ClientConfig>>,
}

/// Connect and per-read/write time limits of one operation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeouts {
    pub(crate) connect: Duration,
    pub(crate) io: Duration,
}

/// The proxy said no: the message is for the user, `credentials` tells whether the
/// proxy's username/password were at fault.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Refusal {
    pub(crate) credentials: bool,
    pub(crate) message: String,
}

fn refused(credentials: bool, message: String) -> io::Error {
    io::Error::other(Refusal {
        credentials,
        message,
    })
}

pub(crate) const CREDENTIALS_REFUSED: &str =
    "the proxy refused the credentials: check 'username' and 'password' of the proxy secret";

/// A stream, or TLS over it.
pub(crate) enum MaybeTls<S: Read + Write> {
    Plain(S),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, S>>),
}

/// A byte stream to the proxy or, after a handshake, through it.
pub(crate) type Tunnel = MaybeTls<TcpStream>;

impl<S: Read + Write> Read for MaybeTls<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            MaybeTls::Plain(s) => s.read(buf),
            MaybeTls::Tls(s) => s.read(buf),
        }
    }
}

impl<S: Read + Write> Write for MaybeTls<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            MaybeTls::Plain(s) => s.write(buf),
            MaybeTls::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            MaybeTls::Plain(s) => s.flush(),
            MaybeTls::Tls(s) => s.flush(),
        }
    }
}

/// Opens a TCP connection to `host:port` (any of its addresses) with the timeouts set.
pub(crate) fn dial(host: &str, port: u16, timeouts: Timeouts) -> io::Result<TcpStream> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let mut last = io::Error::other(format!("{host} has no address"));
    for addr in (bare, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, timeouts.connect) {
            Ok(stream) => {
                stream.set_read_timeout(Some(timeouts.io))?;
                stream.set_write_timeout(Some(timeouts.io))?;
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

impl Proxy {
    /// `Proxy-Authorization` value for HTTP proxies.
    pub(crate) fn authorization(&self) -> Option<String> {
        self.credentials.as_ref().map(|(user, password)| {
            format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
        })
    }

    /// Whether plain `http://` requests are sent to the proxy itself (absolute-URI
    /// form) rather than through a tunnel.
    pub(crate) fn forwards_http(&self) -> bool {
        matches!(self.scheme, Scheme::Http | Scheme::Https)
    }

    /// A connection to the proxy itself (TLS for an `https://` proxy).
    pub(crate) fn connect(&self, timeouts: Timeouts) -> io::Result<Tunnel> {
        let stream = dial(&self.host, self.port, timeouts).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot reach the proxy {}:{}: {e}", self.host, self.port),
            )
        })?;
        if self.scheme != Scheme::Https {
            return Ok(MaybeTls::Plain(stream));
        }
        let config = self
            .tls
            .clone()
            .ok_or_else(|| io::Error::other("no TLS configuration for an https:// proxy"))?;
        let bare = self.host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(bare.to_string())
            .map_err(|e| io::Error::other(format!("bad proxy host name '{bare}': {e}")))?;
        let mut conn = rustls::ClientConnection::new(config, name).map_err(io::Error::other)?;
        // Handshake now, so that a failure is blamed on the proxy and not on the remote.
        let mut stream = stream;
        while conn.is_handshaking() {
            conn.complete_io(&mut stream).map_err(|e| {
                refused(
                    false,
                    format!("TLS to the proxy {}:{} failed: {e}", self.host, self.port),
                )
            })?;
        }
        Ok(MaybeTls::Tls(Box::new(rustls::StreamOwned::new(
            conn, stream,
        ))))
    }

    /// A byte stream to `host:port` through the proxy.
    pub(crate) fn tunnel(&self, host: &str, port: u16, timeouts: Timeouts) -> io::Result<Tunnel> {
        let mut stream = self.connect(timeouts)?;
        match self.scheme {
            Scheme::Http | Scheme::Https => self.http_connect(&mut stream, host, port)?,
            Scheme::Socks5 => self.socks5_connect(&mut stream, host, port)?,
        }
        Ok(stream)
    }

    fn http_connect(&self, stream: &mut Tunnel, host: &str, port: u16) -> io::Result<()> {
        let mut head = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n");
        if let Some(value) = self.authorization() {
            head.push_str(&format!("Proxy-Authorization: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.flush()?;
        // Byte by byte: what follows the proxy's answer belongs to the tunnelled session.
        let mut answer = Vec::new();
        let mut byte = [0u8; 1];
        while !answer.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte)? == 0 || answer.len() > 16 * 1024 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the proxy closed the connection during CONNECT",
                ));
            }
            answer.push(byte[0]);
        }
        let answer = String::from_utf8_lossy(&answer);
        match answer.split_whitespace().nth(1).unwrap_or_default() {
            "200" => Ok(()),
            "407" => Err(refused(true, CREDENTIALS_REFUSED.into())),
            other => Err(refused(
                false,
                format!("the proxy answered HTTP {other} to CONNECT {host}:{port}"),
            )),
        }
    }

    fn socks5_connect(&self, stream: &mut Tunnel, host: &str, port: u16) -> io::Result<()> {
        const NO_AUTH: u8 = 0x00;
        const USER_PASS: u8 = 0x02;
        let greeting: &[u8] = match self.credentials {
            Some(_) => &[5, 2, NO_AUTH, USER_PASS],
            None => &[5, 1, NO_AUTH],
        };
        stream.write_all(greeting)?;
        stream.flush()?;
        let mut choice = [0u8; 2];
        read_exact(stream, &mut choice)?;
        if choice[0] != 5 {
            return Err(refused(
                false,
                "the proxy does not speak SOCKS5 (check the scheme of 'address')".into(),
            ));
        }
        match (choice[1], &self.credentials) {
            (NO_AUTH, _) => {}
            (USER_PASS, Some((user, password))) => {
                // NB: the proxy secret is checked for SOCKS5's 255-byte limits when read.
                let too_long = |what: &str| io::Error::other(format!("{what} too long for SOCKS5"));
                let mut request = vec![
                    1,
                    u8::try_from(user.len()).map_err(|_| too_long("username"))?,
                ];
                request.extend_from_slice(user.as_bytes());
                request.push(u8::try_from(password.len()).map_err(|_| too_long("password"))?);
                request.extend_from_slice(password.as_bytes());
                stream.write_all(&request)?;
                stream.flush()?;
                let mut status = [0u8; 2];
                read_exact(stream, &mut status)?;
                if status[1] != 0 {
                    return Err(refused(true, CREDENTIALS_REFUSED.into()));
                }
            }
            (_, None) => {
                return Err(refused(
                    true,
                    "the SOCKS5 proxy requires authentication: set 'username' and 'password' \
                     in the proxy secret"
                        .into(),
                ));
            }
            (_, Some(_)) => {
                return Err(refused(
                    true,
                    "the SOCKS5 proxy accepts neither no authentication nor username/password"
                        .into(),
                ));
            }
        }

        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let mut request = vec![5, 1, 0];
        match bare.parse::<IpAddr>() {
            Ok(IpAddr::V4(ip)) => {
                request.push(1);
                request.extend_from_slice(&ip.octets());
            }
            Ok(IpAddr::V6(ip)) => {
                request.push(4);
                request.extend_from_slice(&ip.octets());
            }
            Err(_) => {
                let len = u8::try_from(bare.len()).map_err(|_| {
                    io::Error::other(format!("host name too long for SOCKS5: {bare}"))
                })?;
                request.push(3);
                request.push(len);
                request.extend_from_slice(bare.as_bytes());
            }
        }
        request.extend_from_slice(&port.to_be_bytes());
        stream.write_all(&request)?;
        stream.flush()?;

        let mut reply = [0u8; 4];
        read_exact(stream, &mut reply)?;
        if reply[1] != 0 {
            let reason = match reply[1] {
                1 => "general failure",
                2 => "not allowed by the proxy's rules",
                3 => "network unreachable",
                4 => "host unreachable",
                5 => "connection refused",
                6 => "TTL expired",
                7 => "command not supported",
                8 => "address type not supported",
                _ => "unknown error",
            };
            return Err(refused(
                false,
                format!("the SOCKS5 proxy could not connect to {host}:{port}: {reason}"),
            ));
        }
        // The bound address that follows is of no use, but must be consumed.
        let rest = match reply[3] {
            1 => 4 + 2,
            4 => 16 + 2,
            3 => {
                let mut len = [0u8; 1];
                read_exact(stream, &mut len)?;
                usize::from(len[0]) + 2
            }
            other => {
                return Err(refused(
                    false,
                    format!("the SOCKS5 proxy answered with an unknown address type {other}"),
                ));
            }
        };
        let mut bound = vec![0u8; rest];
        read_exact(stream, &mut bound)
    }
}

fn read_exact(stream: &mut Tunnel, buf: &mut [u8]) -> io::Result<()> {
    stream.read_exact(buf).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the proxy closed the connection during the SOCKS5 handshake",
        ),
        _ => e,
    })
}
