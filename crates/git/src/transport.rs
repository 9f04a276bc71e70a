//! A smart-HTTP transport of our own for what libgit2's cannot do: present a TLS client
//! certificate (`tls.crt`/`tls.key`), reach a plain `http://` repository through a
//! proxy (libgit2 only tunnels https:// with CONNECT, and otherwise silently connects
//! directly), and use `https://` or SOCKS5 proxies.
//!
//! It is registered once, process-wide, for the private scheme `ballast+http(s)`, next
//! to `ballast+ssh` ([`ssh`](crate::ssh)); only remote operations that need one rewrite
//! their URL to that scheme, so every other fetch keeps libgit2's own transport. The
//! settings of one operation reach the transport through a thread-local set by
//! [`Session`](crate::auth::Session): libgit2 builds the transport on the thread running
//! the operation.

use std::cell::RefCell;
use std::io::{self, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use git2::transport::{Service, SmartSubtransport, SmartSubtransportStream, Transport};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};

use crate::error::Error;
use crate::proxy::{MaybeTls, Proxy, Refusal, Timeouts, Tunnel, dial};
use crate::url::RedactedUrl;

/// The scheme prefix that selects this transport.
pub(crate) const PREFIX: &str = "ballast+";

/// Bundles of system CA certificates, as OpenSSL looks for them (`SSL_CERT_FILE` first).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
];

/// What one remote operation needs from the transport.
pub(crate) struct Settings {
    pub(crate) url: RedactedUrl,
    pub(crate) tls: Option<Arc<rustls::ClientConfig>>,
    pub(crate) client_cert: bool,
    pub(crate) proxy: Option<Proxy>,
    /// `Authorization` header value (basic or bearer), sent with every request as Flux does.
    pub(crate) authorization: Option<(String, &'static str)>,
    pub(crate) timeouts: Timeouts,
    pub(crate) failure: Failure,
}

impl Settings {
    fn fail(&self, err: Error) -> io::Error {
        io::Error::other(self.failure.record(err))
    }
}

/// Where an own transport keeps the precise reason of a failure, which libgit2 would
/// flatten into a string, for `Session::error` to report.
#[derive(Default)]
pub(crate) struct Failure(Mutex<Option<Error>>);

impl Failure {
    /// Keeps `err` and returns its message for libgit2.
    pub(crate) fn record(&self, err: Error) -> String {
        let message = err.to_string();
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(err);
        }
        message
    }

    pub(crate) fn take(&self) -> Option<Error> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// The settings of the remote operation running on a thread.
#[derive(Clone)]
pub(crate) enum Active {
    Http(Arc<Settings>),
    Ssh(Arc<crate::ssh::Settings>),
}

thread_local! {
    static CURRENT: RefCell<Option<Active>> = const { RefCell::new(None) };
}

/// Makes `settings` the ones the transports use on this thread until dropped.
pub(crate) struct Scope {
    previous: Option<Active>,
}

impl Scope {
    pub(crate) fn enter(settings: Active) -> Self {
        let previous = CURRENT.with(|c| c.borrow_mut().replace(settings));
        Self { previous }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Registers the `ballast+http(s)` and `ballast+ssh` transports with libgit2.
///
/// # Safety
///
/// Must not run while any other thread uses libgit2 (it writes libgit2's global
/// transport list unsynchronised): call it only from `timeouts::ensure`'s `Once`,
/// which every remote operation of this crate passes before touching libgit2.
#[allow(unsafe_code)]
pub(crate) unsafe fn register() {
    for scheme in ["http", "https", "ssh"] {
        let prefix = format!("{PREFIX}{scheme}");
        // SAFETY: upheld by the caller, see above.
        let result = unsafe {
            git2::transport::register(&prefix, move |remote| {
                match (scheme, CURRENT.with(|c| c.borrow().clone())) {
                    ("ssh", Some(Active::Ssh(settings))) => {
                        Transport::smart(remote, false, crate::ssh::Subtransport { settings })
                    }
                    ("http" | "https", Some(Active::Http(settings))) => Transport::smart(
                        remote,
                        true,
                        Subtransport {
                            settings,
                            redirected: Arc::default(),
                        },
                    ),
                    _ => Err(git2::Error::from_str(
                        "ballast transport used outside a remote operation",
                    )),
                }
            })
        };
        if let Err(e) = result {
            tracing::error!(scheme = %prefix, error = %e, "cannot register git transport");
        }
    }
}

/// Reads CA certificates: `ca.crt` from the Secret plus the system bundle, as Flux adds
/// `ca.crt` to the system pool.
pub(crate) fn tls_config(
    ca_certs: &[CertificateDer<'static>],
    client: Option<(&[u8], &[u8])>,
) -> crate::error::Result<Arc<rustls::ClientConfig>> {
    let mut roots = rustls::RootCertStore::empty();
    let bundle = std::env::var_os("SSL_CERT_FILE")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(SYSTEM_BUNDLES.iter().map(std::path::PathBuf::from))
        .find(|p| p.is_file());
    if let Some(path) = bundle
        && let Ok(iter) = CertificateDer::pem_file_iter(&path)
    {
        roots.add_parsable_certificates(iter.filter_map(|c| c.ok()));
    }
    for cert in ca_certs {
        roots.add(cert.clone()).map_err(|e| Error::InvalidSecret {
            key: "ca.crt",
            reason: format!("not a usable CA certificate: {e}"),
        })?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::InvalidSecret {
            key: "tls.crt",
            reason: format!("TLS setup: {e}"),
        })?
        .with_root_certificates(roots);
    let config = match client {
        None => builder.with_no_client_auth(),
        Some((cert_pem, key_pem)) => {
            let (certs, key) = parse_client_cert(cert_pem, key_pem)?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| Error::InvalidSecret {
                    key: "tls.key",
                    reason: format!("does not fit 'tls.crt': {e}"),
                })?
        }
    };
    Ok(Arc::new(config))
}

/// Parses `tls.crt` (a chain, leaf first) and `tls.key`.
pub(crate) fn parse_client_cert(
    cert_pem: &[u8],
    key_pem: &[u8],
) -> crate::error::Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
    let certs: Vec<_> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| Error::InvalidSecret {
            key: "tls.crt",
            reason: format!("cannot parse PEM: {e}"),
        })?;
    if certs.is_empty() {
        return Err(Error::InvalidSecret {
            key: "tls.crt",
            reason: "no PEM certificate found".into(),
        });
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| Error::InvalidSecret {
        key: "tls.key",
        reason: format!("no usable PEM private key: {e}"),
    })?;
    Ok((certs, key))
}

struct Subtransport {
    settings: Arc<Settings>,
    /// Where the first request was redirected, and whether to the same origin.
    redirected: Arc<Mutex<Option<(url::Url, bool)>>>,
}

impl SmartSubtransport for Subtransport {
    fn action(
        &self,
        url: &str,
        action: Service,
    ) -> Result<Box<dyn SmartSubtransportStream>, git2::Error> {
        let base = url.strip_prefix(PREFIX).unwrap_or(url);
        let mut base = url::Url::parse(base.trim_end_matches('/'))
            .map_err(|e| git2::Error::from_str(&format!("invalid URL: {e}")))?;
        // Credentials in the URL serve as basic auth when the secret has none, as with
        // libgit2; they never go on the wire inside a request target.
        let url_auth = (!base.username().is_empty()).then(|| {
            let pair = format!(
                "{}:{}",
                crate::auth::percent_decode(base.username()),
                crate::auth::percent_decode(base.password().unwrap_or_default())
            );
            (
                format!("Basic {}", STANDARD.encode(pair)),
                "username/password",
            )
        });
        let _ = base.set_username("");
        let _ = base.set_password(None);
        let mut authorization = self.settings.authorization.clone().or(url_auth);
        // After a redirect of the first request, the rest of the operation goes there.
        if let Ok(moved) = self.redirected.lock()
            && let Some((to, same_origin)) = moved.as_ref()
        {
            base = to.clone();
            if !same_origin {
                authorization = None;
            }
        }
        Ok(Box::new(HttpStream {
            authorization,
            redirected: self.redirected.clone(),
            settings: self.settings.clone(),
            base,
            action,
            body: Vec::new(),
            response: None,
        }))
    }

    fn close(&self) -> Result<(), git2::Error> {
        Ok(())
    }
}

/// One smart-HTTP request: the body is buffered on write, sent on the first read.
struct HttpStream {
    settings: Arc<Settings>,
    redirected: Arc<Mutex<Option<(url::Url, bool)>>>,
    authorization: Option<(String, &'static str)>,
    base: url::Url,
    action: Service,
    body: Vec<u8>,
    response: Option<Body<BufReader<Conn>>>,
}

impl Write for HttpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.response.is_some() {
            return Err(io::Error::other("request already sent"));
        }
        self.body.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for HttpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut hops = 0;
        while self.response.is_none() {
            match self.send().map_err(timed_out)? {
                Answer::Body(body) => self.response = Some(body),
                Answer::Redirect(location) => {
                    hops += 1;
                    self.follow(&location, hops)?;
                }
            }
        }
        match &mut self.response {
            Some(body) => body.read(buf).map_err(timed_out),
            None => Ok(0),
        }
    }
}

/// A socket timeout surfaces as EAGAIN; say "timed out" so that `Session::error`
/// reports a timeout, as it does for libgit2's own transport.
pub(crate) fn timed_out(e: io::Error) -> io::Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            io::Error::new(io::ErrorKind::TimedOut, format!("timed out: {e}"))
        }
        _ => e,
    }
}

/// The connection of one request: through the tunnel (or proxy), TLS for https://.
type Conn = MaybeTls<Tunnel>;

/// What the server answered: a body, or (for the first request) a redirect.
enum Answer {
    Body(Body<BufReader<Conn>>),
    Redirect(String),
}

/// Redirects followed at most, as git does.
const MAX_REDIRECTS: u32 = 5;

/// A response body: by `Content-Length`, chunked, or up to the end of the connection.
enum Body<R> {
    Length(io::Take<R>),
    Chunked { reader: R, left: u64, done: bool },
    UntilEof(R),
}

impl<R: io::BufRead> Read for Body<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Body::Length(r) => r.read(buf),
            Body::UntilEof(r) => r.read(buf),
            Body::Chunked { reader, left, done } => {
                if *done {
                    return Ok(0);
                }
                if *left == 0 {
                    let size = read_line(reader)?;
                    let size = size.split(';').next().unwrap_or_default().trim();
                    *left = u64::from_str_radix(size, 16)
                        .map_err(|_| io::Error::other(format!("bad chunk size '{size}'")))?;
                    if *left == 0 {
                        *done = true;
                        return Ok(0);
                    }
                }
                let want = buf.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                let n = reader.read(&mut buf[..want])?;
                if n == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                *left -= n as u64;
                if *left == 0 {
                    read_line(reader)?;
                }
                Ok(n)
            }
        }
    }
}

fn read_line(reader: &mut impl io::BufRead) -> io::Result<String> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(line.trim_end().to_string())
}

impl HttpStream {
    fn service(&self) -> &'static str {
        match self.action {
            Service::UploadPackLs | Service::UploadPack => "git-upload-pack",
            Service::ReceivePackLs | Service::ReceivePack => "git-receive-pack",
        }
    }

    fn is_post(&self) -> bool {
        matches!(self.action, Service::UploadPack | Service::ReceivePack)
    }

    /// The URL of this request.
    fn request_url(&self) -> url::Url {
        let service = self.service();
        let mut url = self.base.clone();
        let base_path = url.path().trim_end_matches('/').to_string();
        if self.is_post() {
            url.set_path(&format!("{base_path}/{service}"));
        } else {
            url.set_path(&format!("{base_path}/info/refs"));
            url.set_query(Some(&format!("service={service}")));
        }
        url
    }

    /// Follows a redirect of the first request (`info/refs`), as git does: the new
    /// location must keep the `/info/refs?service=` tail, never downgrades https, and
    /// credentials are only sent again to the same origin.
    fn follow(&mut self, location: &str, hops: u32) -> io::Result<()> {
        let settings = self.settings.clone();
        let bad = |message: String| {
            settings.fail(Error::Remote {
                operation: "connect to",
                url: settings.url.clone(),
                reference: String::new(),
                message,
            })
        };
        if hops > MAX_REDIRECTS {
            return Err(bad(format!("more than {MAX_REDIRECTS} redirects")));
        }
        let current = self.request_url();
        let to = current
            .join(location)
            .map_err(|e| bad(format!("bad redirect location: {e}")))?;
        let Some(base_path) = to.path().strip_suffix("/info/refs") else {
            return Err(bad(format!(
                "redirect to {} does not end in /info/refs",
                RedactedUrl::new(to.as_str())
            )));
        };
        if to.query() != current.query() {
            return Err(bad("redirect changed the service query".into()));
        }
        if current.scheme() == "https" && to.scheme() != "https" {
            return Err(bad("refusing a redirect from https to plain http".into()));
        }
        let same_origin = to.origin() == current.origin();
        let mut base = to.clone();
        base.set_path(base_path);
        base.set_query(None);
        if !same_origin {
            self.authorization = None;
        }
        if let Ok(mut moved) = self.redirected.lock() {
            *moved = Some((base.clone(), same_origin));
        }
        self.base = base;
        Ok(())
    }

    fn send(&mut self) -> io::Result<Answer> {
        let settings = self.settings.clone();
        let service = self.service();
        let url = self.request_url();
        let post = self.is_post();
        let host = url.host_str().unwrap_or_default().to_string();
        let https = url.scheme() == "https";
        let port = url
            .port_or_known_default()
            .unwrap_or(if https { 443 } else { 80 });
        let mut conn = self.connect(&host, port, https)?;

        let forwarded = !https && settings.proxy.as_ref().is_some_and(Proxy::forwards_http);
        let target = if forwarded {
            url.as_str().to_string()
        } else {
            match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_string(),
            }
        };
        let host_header = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        let mut head = format!(
            "{} {target} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: git/2.0 (ballast)\r\n\
             Connection: close\r\n",
            if post { "POST" } else { "GET" }
        );
        if let Some((value, _)) = &self.authorization {
            head.push_str(&format!("Authorization: {value}\r\n"));
        }
        if forwarded && let Some(value) = settings.proxy.as_ref().and_then(Proxy::authorization) {
            head.push_str(&format!("Proxy-Authorization: {value}\r\n"));
        }
        if post {
            head.push_str(&format!(
                "Content-Type: application/x-{service}-request\r\n\
                 Accept: application/x-{service}-result\r\nContent-Length: {}\r\n",
                self.body.len()
            ));
        } else {
            head.push_str("Accept: */*\r\n");
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(&self.body);
        conn.write_all(&request)
            .and_then(|()| conn.flush())
            .map_err(|e| self.io_failure(e))?;

        let mut reader = BufReader::new(conn);
        let status_line = read_line(&mut reader).map_err(|e| self.io_failure(e))?;
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("bad HTTP status line '{status_line}'")))?;
        let mut length = None;
        let mut chunked = false;
        let mut content_type = String::new();
        let mut location = None;
        loop {
            let line = read_line(&mut reader).map_err(|e| self.io_failure(e))?;
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                let v = v.trim();
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.parse::<u64>().ok();
                } else if k.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = v.to_ascii_lowercase().contains("chunked");
                } else if k.eq_ignore_ascii_case("content-type") {
                    content_type = v.to_string();
                } else if k.eq_ignore_ascii_case("location") {
                    location = Some(v.to_string());
                }
            }
        }
        if !post
            && matches!(status, 301 | 302 | 303 | 307 | 308)
            && let Some(location) = location
        {
            return Ok(Answer::Redirect(location));
        }
        self.check_status(status)?;
        if !post && content_type != format!("application/x-{service}-advertisement") {
            return Err(settings.fail(Error::Remote {
                operation: "connect to",
                url: settings.url.clone(),
                reference: String::new(),
                message: format!(
                    "not a smart Git HTTP server (content type '{content_type}' for info/refs)"
                ),
            }));
        }
        Ok(Answer::Body(if chunked {
            Body::Chunked {
                reader,
                left: 0,
                done: false,
            }
        } else if let Some(n) = length {
            Body::Length(reader.take(n))
        } else {
            Body::UntilEof(reader)
        }))
    }

    fn check_status(&self, status: u16) -> io::Result<()> {
        let settings = &self.settings;
        let reason = match status {
            200 => return Ok(()),
            401 => match &self.authorization {
                Some((_, what)) => format!("the {what} was rejected"),
                None => {
                    "the server requires credentials: set 'username' and 'password' in the secret"
                        .into()
                }
            },
            407 => crate::proxy::CREDENTIALS_REFUSED.into(),
            other => {
                return Err(settings.fail(Error::Remote {
                    operation: "connect to",
                    url: settings.url.clone(),
                    reference: String::new(),
                    message: format!("the server answered HTTP {other}"),
                }));
            }
        };
        Err(settings.fail(Error::Authentication {
            url: settings.url.clone(),
            reason,
        }))
    }

    fn connect(&self, host: &str, port: u16, https: bool) -> io::Result<Conn> {
        let settings = &self.settings;
        let timeouts = settings.timeouts;
        let tunnel = match &settings.proxy {
            Some(proxy) if !https && proxy.forwards_http() => proxy.connect(timeouts),
            Some(proxy) => proxy.tunnel(host, port, timeouts),
            None => dial(host, port, timeouts).map(MaybeTls::Plain),
        }
        .map_err(|e| self.io_failure(e))?;
        if !https {
            return Ok(MaybeTls::Plain(tunnel));
        }
        let config = settings
            .tls
            .clone()
            .ok_or_else(|| io::Error::other("no TLS configuration for an https:// URL"))?;
        let name = ServerName::try_from(host.to_string())
            .map_err(|e| io::Error::other(format!("bad host name '{host}': {e}")))?;
        let conn = rustls::ClientConnection::new(config, name).map_err(io::Error::other)?;
        Ok(MaybeTls::Tls(Box::new(rustls::StreamOwned::new(
            conn, tunnel,
        ))))
    }

    /// Records a precise error for TLS failures and proxy refusals; other I/O errors
    /// pass through.
    fn io_failure(&self, e: io::Error) -> io::Error {
        let settings = &self.settings;
        if let Some(refusal) = e.get_ref().and_then(|i| i.downcast_ref::<Refusal>()) {
            return settings.fail(refusal_error(&settings.url, refusal));
        }
        let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) else {
            return e;
        };
        let err = match tls {
            rustls::Error::InvalidCertificate(reason) => Error::Certificate {
                url: settings.url.clone(),
                reason: format!(
                    "{reason:?} (verified against the system CAs and 'ca.crt' of the secret)"
                ),
            },
            rustls::Error::AlertReceived(alert) => {
                let reason = if settings.client_cert {
                    format!(
                        "the server refused the TLS client certificate in 'tls.crt'/'tls.key' \
                         (alert: {alert:?})"
                    )
                } else {
                    format!(
                        "the TLS handshake failed (alert: {alert:?}); if the server needs a \
                         client certificate, set 'tls.crt' and 'tls.key' in the secret"
                    )
                };
                Error::Authentication {
                    url: settings.url.clone(),
                    reason,
                }
            }
            other => Error::Remote {
                operation: "connect to",
                url: settings.url.clone(),
                reference: String::new(),
                message: format!("TLS: {other}"),
            },
        };
        settings.fail(err)
    }
}

/// The error for a proxy's refusal.
pub(crate) fn refusal_error(url: &RedactedUrl, refusal: &Refusal) -> Error {
    if refusal.credentials {
        Error::Authentication {
            url: url.clone(),
            reason: refusal.message.clone(),
        }
    } else {
        Error::Remote {
            operation: "connect to",
            url: url.clone(),
            reference: String::new(),
            message: refusal.message.clone(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read_all(mut body: impl Read) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        body.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn chunked_bodies_are_decoded_up_to_the_last_chunk() {
        let wire = b"4\r\n0011\r\nA;ext=1\r\n0123456789\r\n0\r\n\r\nNEXT".to_vec();
        let body = Body::Chunked {
            reader: io::Cursor::new(wire),
            left: 0,
            done: false,
        };
        assert_eq!(read_all(body).unwrap(), b"00110123456789");
    }

    #[test]
    fn truncated_or_malformed_chunks_are_errors() {
        for wire in [&b"A\r\n0123"[..], b"zz\r\n", b"4\r\n0011\r\n"] {
            let body = Body::Chunked {
                reader: io::Cursor::new(wire.to_vec()),
                left: 0,
                done: false,
            };
            assert!(read_all(body).is_err(), "{}", String::from_utf8_lossy(wire));
        }
    }

    fn stream(base: &str) -> HttpStream {
        let settings = Arc::new(Settings {
            url: RedactedUrl::new(base),
            tls: None,
            client_cert: false,
            proxy: None,
            authorization: Some(("Basic eDp5".into(), "username/password")),
            timeouts: Timeouts {
                connect: std::time::Duration::from_secs(1),
                io: std::time::Duration::from_secs(1),
            },
            failure: Failure::default(),
        });
        HttpStream {
            authorization: settings.authorization.clone(),
            settings,
            redirected: Arc::default(),
            base: url::Url::parse(base).unwrap(),
            action: Service::UploadPackLs,
            body: Vec::new(),
            response: None,
        }
    }

    #[test]
    fn redirects_keep_the_service_tail_and_never_downgrade() {
        let mut s = stream("https://a.example/old.git");
        s.follow("/new.git/info/refs?service=git-upload-pack", 1)
            .unwrap();
        assert_eq!(s.base.as_str(), "https://a.example/new.git");
        assert!(s.authorization.is_some(), "same origin keeps credentials");
        let shared = s.redirected.lock().unwrap().clone().unwrap();
        assert_eq!(
            (shared.0.as_str(), shared.1),
            ("https://a.example/new.git", true)
        );

        s.follow(
            "https://b.example/x.git/info/refs?service=git-upload-pack",
            2,
        )
        .unwrap();
        assert!(
            s.authorization.is_none(),
            "another origin gets no credentials"
        );

        let mut s = stream("https://a.example/old.git");
        let bad = [
            "http://a.example/new.git/info/refs?service=git-upload-pack",
            "https://a.example/elsewhere",
            "https://a.example/new.git/info/refs?service=git-receive-pack",
        ];
        for location in bad {
            assert!(s.follow(location, 1).is_err(), "{location}");
        }
        let ok = "/new.git/info/refs?service=git-upload-pack";
        assert!(s.follow(ok, MAX_REDIRECTS + 1).is_err());
    }

    #[test]
    fn length_bodies_stop_at_the_length() {
        let body = Body::Length(io::Cursor::new(b"hello world".to_vec()).take(5));
        assert_eq!(read_all(body).unwrap(), b"hello");
        let body = Body::UntilEof(io::Cursor::new(b"all of it".to_vec()));
        assert_eq!(read_all(body).unwrap(), b"all of it");
    }
}
