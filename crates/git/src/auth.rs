//! Credentials, TLS trust, SSH host keys and proxy settings, read from Secret data the
//! way Flux reads them, and the libgit2 callbacks that apply them.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use git2::{CertificateCheckStatus, Cred, CredentialType, RemoteCallbacks};
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::{Digest as _, Sha256};

use crate::error::{Error, Result};
use crate::proxy::{self, Proxy};
use crate::url::RedactedUrl;
use crate::{ssh, transport};

/// How to authenticate to a Git server and which servers to trust.
///
/// Built from the `data` of a Kubernetes Secret with [`AuthOptions::from_secret`], using
/// Flux's keys: `username`, `password`, `bearerToken`, `ca.crt` (legacy `caFile`),
/// `tls.crt` + `tls.key`, `identity` (+ `password` for an encrypted key) and `known_hosts`.
#[derive(Clone, Default)]
pub struct AuthOptions {
    pub(crate) username: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) bearer_token: Option<String>,
    pub(crate) ca_certs: Vec<CertificateDer<'static>>,
    /// `tls.crt` and `tls.key` (PEM), validated.
    pub(crate) client_cert: Option<(Vec<u8>, Vec<u8>)>,
    pub(crate) identity: Option<String>,
    pub(crate) known_hosts: Option<String>,
}

impl fmt::Debug for AuthOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // NB: never print secret values; only say which kinds are set.
        f.debug_struct("AuthOptions")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| "***"))
            .field("ca_certs", &self.ca_certs.len())
            .field("client_cert", &self.client_cert.is_some())
            .field("identity", &self.identity.as_ref().map(|_| "***"))
            .field("known_hosts", &self.known_hosts.is_some())
            .finish()
    }
}

/// Decodes a URL's user or password part.
pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .to_string()
}

fn text(data: &BTreeMap<String, Vec<u8>>, key: &'static str) -> Result<Option<String>> {
    match data.get(key) {
        None => Ok(None),
        Some(bytes) => {
            String::from_utf8(bytes.clone())
                .map(Some)
                .map_err(|_| Error::InvalidSecret {
                    key,
                    reason: "not valid UTF-8".into(),
                })
        }
    }
}

impl AuthOptions {
    /// Reads credentials from a Secret's `data` (values already base64-decoded).
    ///
    /// Unknown keys are ignored, as Flux does. Fails when a value is unusable,
    /// naming the key.
    pub fn from_secret(data: &BTreeMap<String, Vec<u8>>) -> Result<Self> {
        let mut auth = AuthOptions {
            username: text(data, "username")?,
            password: text(data, "password")?,
            bearer_token: text(data, "bearerToken")?,
            identity: text(data, "identity")?,
            known_hosts: text(data, "known_hosts")?,
            ..Default::default()
        };
        for key in ["ca.crt", "caFile"] {
            if let Some(pem) = data.get(key) {
                let key: &'static str = if key == "ca.crt" { "ca.crt" } else { "caFile" };
                auth.ca_certs = parse_certs(key, pem)?;
                break;
            }
        }
        match (data.get("tls.crt"), data.get("tls.key")) {
            (Some(cert), Some(key)) => {
                crate::transport::parse_client_cert(cert, key)?;
                auth.client_cert = Some((cert.clone(), key.clone()));
            }
            (Some(_), None) => {
                return Err(Error::InvalidSecret {
                    key: "tls.key",
                    reason: "'tls.crt' is set but 'tls.key' is missing".into(),
                });
            }
            (None, Some(_)) => {
                return Err(Error::InvalidSecret {
                    key: "tls.crt",
                    reason: "'tls.key' is set but 'tls.crt' is missing".into(),
                });
            }
            (None, None) => {}
        }
        if auth.bearer_token.is_some() && auth.username.is_some() {
            return Err(Error::InvalidSecret {
                key: "bearerToken",
                reason: "set either 'bearerToken' or 'username'/'password', not both".into(),
            });
        }
        if let Some(identity) = &auth.identity
            && !identity.contains("PRIVATE KEY")
        {
            return Err(Error::InvalidSecret {
                key: "identity",
                reason: "not a PEM or OpenSSH private key".into(),
            });
        }
        if let Some(known_hosts) = &auth.known_hosts {
            parse_known_hosts(known_hosts)?;
        }
        Ok(auth)
    }

    /// Whether a user name and password are set (HTTP basic auth).
    pub fn has_basic_auth(&self) -> bool {
        self.username.is_some() || self.password.is_some()
    }
}

fn parse_certs(key: &'static str, pem: &[u8]) -> Result<Vec<CertificateDer<'static>>> {
    let certs: Vec<_> = CertificateDer::pem_slice_iter(pem)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::InvalidSecret {
            key,
            reason: format!("cannot parse PEM: {e}"),
        })?;
    if certs.is_empty() {
        return Err(Error::InvalidSecret {
            key,
            reason: "no PEM certificate found".into(),
        });
    }
    Ok(certs)
}

/// Why SSH authentication could not go on, worded the same for libgit2's SSH transport
/// and ours.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SshRefusal {
    #[error("SSH needs 'known_hosts' in the secret to verify the server")]
    NoKnownHosts,
    #[error("the SSH transport did not expose the server's host key")]
    NoHostKey,
    #[error("the server requires an SSH key: set 'identity' in the secret")]
    NoIdentity,
    #[error("the SSH key in 'identity' was rejected")]
    KeyRejected,
    #[error("cannot use the key in 'identity' (wrong 'password' or unsupported format?): {0}")]
    UnusableKey(String),
}

/// A proxy, read from the Secret of `spec.proxySecretRef`: `http://`, `https://`,
/// `socks5://` or `socks5h://` (both resolve host names at the proxy, as Flux does).
#[derive(Clone)]
pub struct ProxyOptions {
    address: url::Url,
}

impl fmt::Debug for ProxyOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ProxyOptions({})",
            RedactedUrl::new(self.address.as_str())
        )
    }
}

impl ProxyOptions {
    /// Reads `address` (required), `username` and `password` from a Secret's `data`.
    pub fn from_secret(data: &BTreeMap<String, Vec<u8>>) -> Result<Self> {
        // The shared helpers report the credentials secret; these keys are the proxy's.
        Self::parse(data).map_err(|e| match e {
            Error::InvalidSecret { key, reason } => Error::InvalidProxySecret { key, reason },
            other => other,
        })
    }

    fn parse(data: &BTreeMap<String, Vec<u8>>) -> Result<Self> {
        let address = text(data, "address")?.ok_or(Error::InvalidSecret {
            key: "address",
            reason: "missing: a proxy secret needs 'address'".into(),
        })?;
        let mut parsed = url::Url::parse(&address).map_err(|e| Error::InvalidSecret {
            key: "address",
            reason: format!("not a URL: {e}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https" | "socks5" | "socks5h") {
            return Err(Error::InvalidSecret {
                key: "address",
                reason: format!(
                    "unsupported proxy scheme '{}' (use http, https, socks5 or socks5h)",
                    parsed.scheme()
                ),
            });
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(Error::InvalidSecret {
                key: "address",
                reason: "the proxy address has no host".into(),
            });
        }
        // NB: libgit2 takes proxy credentials from the proxy URL's userinfo.
        if let Some(user) = text(data, "username")? {
            parsed
                .set_username(&user)
                .map_err(|()| Error::InvalidSecret {
                    key: "username",
                    reason: "cannot be set on this proxy address".into(),
                })?;
        }
        if let Some(password) = text(data, "password")? {
            parsed
                .set_password(Some(&password))
                .map_err(|()| Error::InvalidSecret {
                    key: "password",
                    reason: "cannot be set on this proxy address".into(),
                })?;
        }
        let socks = parsed.scheme().starts_with("socks5");
        for (key, value) in [
            ("username", parsed.username()),
            ("password", parsed.password().unwrap_or_default()),
        ] {
            if socks && percent_decode(value).len() > 255 {
                return Err(Error::InvalidSecret {
                    key,
                    reason: "longer than the 255 bytes SOCKS5 allows".into(),
                });
            }
        }
        Ok(Self { address: parsed })
    }

    /// Whether libgit2's own transport can use this proxy (it speaks only HTTP CONNECT
    /// to a plain `http://` proxy).
    fn libgit2_can_use(&self) -> bool {
        self.address.scheme() == "http"
    }

    /// The proxy as our own transports use it; an `https://` proxy is trusted like the
    /// repository (system CAs plus `ca.crt`).
    fn to_transport(&self, ca_certs: &[CertificateDer<'static>]) -> Result<Proxy> {
        let scheme = match self.address.scheme() {
            "https" => proxy::Scheme::Https,
            "socks5" | "socks5h" => proxy::Scheme::Socks5,
            _ => proxy::Scheme::Http,
        };
        let credentials =
            (!self.address.username().is_empty() || self.address.password().is_some()).then(|| {
                (
                    percent_decode(self.address.username()),
                    percent_decode(self.address.password().unwrap_or_default()),
                )
            });
        let tls = match scheme {
            proxy::Scheme::Https => Some(transport::tls_config(ca_certs, None)?),
            _ => None,
        };
        let default_port = match scheme {
            proxy::Scheme::Socks5 => 1080,
            // NB: like curl and Go, an http(s) proxy without a port is on its scheme's port.
            _ => self.address.port_or_known_default().unwrap_or(80),
        };
        Ok(Proxy {
            scheme,
            host: self.address.host_str().unwrap_or_default().to_string(),
            port: self.address.port().unwrap_or(default_port),
            credentials,
            tls,
        })
    }

    pub(crate) fn to_git2(&self) -> git2::ProxyOptions<'static> {
        let mut opts = git2::ProxyOptions::new();
        opts.url(self.address.as_str());
        opts
    }
}

/// One usable line of a known_hosts file.
#[derive(Debug)]
struct KnownHost {
    revoked: bool,
    patterns: Vec<String>,
    key_type: String,
    key: Vec<u8>,
}

fn parse_known_hosts(text: &str) -> Result<Vec<KnownHost>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let mut first = fields.next().unwrap_or_default();
        let mut revoked = false;
        if first.starts_with('@') {
            match first {
                "@revoked" => revoked = true,
                // NB: host certificates are not supported; such lines never match.
                _ => continue,
            }
            first = fields.next().unwrap_or_default();
        }
        let (Some(key_type), Some(key)) = (fields.next(), fields.next()) else {
            return Err(Error::InvalidSecret {
                key: "known_hosts",
                reason: format!("line {}: expected 'hosts keytype key'", n + 1),
            });
        };
        let key = STANDARD.decode(key).map_err(|e| Error::InvalidSecret {
            key: "known_hosts",
            reason: format!("line {}: key is not base64: {e}", n + 1),
        })?;
        out.push(KnownHost {
            revoked,
            // NB: hashed entries are base64 and keep their case.
            patterns: first
                .split(',')
                .map(|p| {
                    if p.starts_with('|') {
                        p.to_string()
                    } else {
                        p.to_ascii_lowercase()
                    }
                })
                .collect(),
            key_type: key_type.to_string(),
            key,
        });
    }
    Ok(out)
}

/// Glob match with `*` and `?`, as ssh does for known_hosts patterns.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            glob(&pattern[1..], text) || (!text.is_empty() && glob(pattern, &text[1..]))
        }
        (Some(b'?'), Some(_)) => glob(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) if p == t => glob(&pattern[1..], &text[1..]),
        _ => false,
    }
}

/// Matches OpenSSH's hashed form `|1|<base64 salt>|<base64 HMAC-SHA1(salt, host)>`.
fn hashed_host_matches(salt_and_hash: &str, host: &str) -> bool {
    use hmac::{Hmac, Mac as _};
    let Some((salt, hash)) = salt_and_hash.split_once('|') else {
        return false;
    };
    let (Ok(salt), Ok(hash)) = (STANDARD.decode(salt), STANDARD.decode(hash)) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(&salt) else {
        return false;
    };
    mac.update(host.as_bytes());
    mac.verify_slice(&hash).is_ok()
}

fn host_matches(patterns: &[String], host: &str) -> bool {
    let mut matched = false;
    for p in patterns {
        if let Some(negated) = p.strip_prefix('!') {
            if glob(negated.as_bytes(), host.as_bytes()) {
                return false;
            }
        } else if let Some(hashed) = p.strip_prefix("|1|") {
            if hashed_host_matches(hashed, host) {
                matched = true;
            }
        } else if glob(p.as_bytes(), host.as_bytes()) {
            matched = true;
        }
    }
    matched
}

/// Checks a presented SSH host key against known_hosts strictly.
pub(crate) fn check_host_key(
    known_hosts: &str,
    host: &str,
    port: u16,
    key_type: &str,
    key: &[u8],
) -> Result<()> {
    let host = host.to_ascii_lowercase();
    let name = if port == 22 {
        host
    } else {
        format!("[{host}]:{port}")
    };
    let fingerprint = STANDARD_NO_PAD.encode(Sha256::digest(key));
    let entries = parse_known_hosts(known_hosts)?;
    let mut same_type_mismatch = false;
    for entry in entries.iter().filter(|e| host_matches(&e.patterns, &name)) {
        if entry.key == key {
            if entry.revoked {
                return Err(Error::HostKeyMismatch {
                    host: name,
                    key_type: key_type.to_string(),
                    fingerprint: format!("{fingerprint} (revoked)"),
                });
            }
            return Ok(());
        }
        if entry.key_type == key_type && !entry.revoked {
            same_type_mismatch = true;
        }
    }
    if same_type_mismatch {
        return Err(Error::HostKeyMismatch {
            host: name,
            key_type: key_type.to_string(),
            fingerprint,
        });
    }
    Err(Error::UnknownHostKey {
        host: name,
        key_type: key_type.to_string(),
        fingerprint,
    })
}

/// Verifies a server's leaf certificate against the `ca.crt` anchors.
fn verify_with_ca(
    cas: &[CertificateDer<'static>],
    leaf: &[u8],
    host: &str,
) -> std::result::Result<(), String> {
    let anchors = cas
        .iter()
        .map(|c| webpki::anchor_from_trusted_cert(c).map(|a| a.to_owned()))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| format!("ca.crt: {e}"))?;
    let leaf = CertificateDer::from(leaf.to_vec());
    let cert = webpki::EndEntityCert::try_from(&leaf)
        .map_err(|e| format!("bad server certificate: {e}"))?;
    cert.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &[],
        UnixTime::now(),
        webpki::KeyUsage::server_auth(),
        None,
        None,
    )
    .map_err(|e| format!("not signed by ca.crt: {e}"))?;
    let name = ServerName::try_from(host).map_err(|e| format!("bad host name '{host}': {e}"))?;
    cert.verify_is_valid_for_subject_name(&name)
        .map_err(|e| format!("certificate not valid for '{host}': {e}"))?;
    Ok(())
}

/// Settings for our own transport (see [`transport`]).
fn transport_settings(
    url: &RedactedUrl,
    auth: &AuthOptions,
    proxy: Option<&ProxyOptions>,
    https: bool,
) -> Result<transport::Settings> {
    let tls = if https {
        let client = auth
            .client_cert
            .as_ref()
            .map(|(c, k)| (c.as_slice(), k.as_slice()));
        Some(transport::tls_config(&auth.ca_certs, client)?)
    } else {
        None
    };
    let authorization = match (&auth.bearer_token, &auth.username, &auth.password) {
        (Some(token), ..) => Some((format!("Bearer {token}"), "bearer token")),
        (None, None, None) => None,
        (None, user, password) => {
            let pair = format!(
                "{}:{}",
                user.as_deref().unwrap_or("git"),
                password.as_deref().unwrap_or_default()
            );
            Some((
                format!("Basic {}", STANDARD.encode(pair)),
                "username/password",
            ))
        }
    };
    Ok(transport::Settings {
        url: url.clone(),
        tls,
        client_cert: auth.client_cert.is_some(),
        proxy: proxy.map(|p| p.to_transport(&auth.ca_certs)).transpose()?,
        authorization,
        timeouts: operation_timeouts(),
        failure: transport::Failure::default(),
    })
}

fn operation_timeouts() -> proxy::Timeouts {
    proxy::Timeouts {
        connect: crate::timeouts::connect_timeout(),
        io: crate::timeouts::io_timeout(),
    }
}

/// Settings for our own SSH transport (see [`ssh`]), used for SSH through a proxy.
fn ssh_settings(
    url: &RedactedUrl,
    auth: &AuthOptions,
    proxy: &ProxyOptions,
) -> Result<ssh::Settings> {
    let proxy = proxy.to_transport(&auth.ca_certs)?;
    if proxy.scheme == proxy::Scheme::Https {
        return Err(Error::InvalidProxySecret {
            key: "address",
            reason: "an https:// proxy cannot carry ssh:// repositories; use an http:// \
                     (CONNECT) or socks5:// proxy"
                .into(),
        });
    }
    Ok(ssh::Settings {
        url: url.clone(),
        auth: auth.clone(),
        proxy,
        timeouts: operation_timeouts(),
        failure: transport::Failure::default(),
    })
}

/// State shared by the callbacks of one remote operation, so that the precise
/// reason of a failure (bad key, unknown host, rejected password) survives
/// libgit2's generic error.
pub(crate) struct Session {
    pub(crate) url: RedactedUrl,
    auth: AuthOptions,
    proxy: Option<ProxyOptions>,
    ssh_port: u16,
    failure: Rc<RefCell<Option<Error>>>,
    deadline: Option<(Instant, Duration)>,
    timed_out: Rc<Cell<bool>>,
    /// Our own HTTP transport's settings, when libgit2's cannot do the job.
    transport: Option<Arc<transport::Settings>>,
    /// Our own SSH transport's settings, for SSH through a proxy.
    ssh: Option<Arc<ssh::Settings>>,
    /// Why those settings could not be built (reported by `check_supported`).
    transport_error: RefCell<Option<Error>>,
    _scope: Option<transport::Scope>,
}

impl Session {
    pub(crate) fn new(
        url: &RedactedUrl,
        auth: &AuthOptions,
        proxy: Option<&ProxyOptions>,
        timeout: Option<Duration>,
    ) -> Self {
        // Every remote operation starts with a Session: apply the network timeouts first.
        crate::timeouts::ensure();
        let ssh_port = url::Url::parse(url.expose())
            .ok()
            .filter(|u| u.scheme() == "ssh")
            .and_then(|u| u.port())
            .unwrap_or(22);
        let https = url.expose().starts_with("https://");
        let http = url.expose().starts_with("http://");
        let needed = (https && auth.client_cert.is_some())
            || proxy.is_some_and(|p| http || (https && !p.libgit2_can_use()));
        let mut transport_error = None;
        let transport = match needed.then(|| transport_settings(url, auth, proxy, https)) {
            Some(Ok(settings)) => Some(Arc::new(settings)),
            Some(Err(e)) => {
                transport_error = Some(e);
                None
            }
            None => None,
        };
        let ssh = match proxy {
            Some(p) if url.expose().starts_with("ssh://") => match ssh_settings(url, auth, p) {
                Ok(settings) => Some(Arc::new(settings)),
                Err(e) => {
                    transport_error = Some(e);
                    None
                }
            },
            _ => None,
        };
        let scope = match (&transport, &ssh) {
            (Some(settings), _) => Some(transport::Active::Http(settings.clone())),
            (None, Some(settings)) => Some(transport::Active::Ssh(settings.clone())),
            (None, None) => None,
        }
        .map(transport::Scope::enter);
        Self {
            url: url.clone(),
            auth: auth.clone(),
            proxy: proxy.cloned(),
            ssh_port,
            failure: Rc::default(),
            deadline: timeout.map(|t| (Instant::now() + t, t)),
            timed_out: Rc::default(),
            transport,
            ssh,
            transport_error: RefCell::new(transport_error),
            _scope: scope,
        }
    }

    /// The URL to hand to libgit2: our own transport's scheme when it is needed.
    pub(crate) fn remote_url(&self) -> String {
        if self.transport.is_some() || self.ssh.is_some() {
            format!("{}{}", transport::PREFIX, self.url.expose())
        } else {
            self.url.expose().to_string()
        }
    }

    /// Callbacks for credentials, certificate checks and the deadline.
    pub(crate) fn callbacks(&self) -> RemoteCallbacks<'static> {
        let mut cbs = RemoteCallbacks::new();
        let auth = self.auth.clone();
        let url = self.url.clone();
        let failure = self.failure.clone();
        let attempts = Rc::new(Cell::new(0u32));
        cbs.credentials(move |_url, username_from_url, allowed| {
            let fail = |reason: String| {
                *failure.borrow_mut() = Some(Error::Authentication {
                    url: url.clone(),
                    reason: reason.clone(),
                });
                Err(git2::Error::from_str(&reason))
            };
            if allowed.contains(CredentialType::USERNAME) {
                return Cred::username(username_from_url.unwrap_or("git"));
            }
            attempts.set(attempts.get() + 1);
            if allowed.contains(CredentialType::SSH_KEY) {
                let Some(identity) = &auth.identity else {
                    return fail(SshRefusal::NoIdentity.to_string());
                };
                if attempts.get() > 1 {
                    return fail(SshRefusal::KeyRejected.to_string());
                }
                let user = username_from_url.unwrap_or("git");
                return Cred::ssh_key_from_memory(user, None, identity, auth.password.as_deref()).or_else(|e| {
                    fail(SshRefusal::UnusableKey(e.message().to_string()).to_string())
                });
            }
            if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
                if attempts.get() > 1 {
                    return fail("the username/password was rejected".into());
                }
                return match (&auth.username, &auth.password) {
                    (Some(user), password) => Cred::userpass_plaintext(user, password.as_deref().unwrap_or("")),
                    (None, Some(password)) => Cred::userpass_plaintext("git", password),
                    (None, None) if auth.bearer_token.is_some() => fail("the bearer token was rejected".into()),
                    (None, None) => fail("the server requires credentials: set 'username' and 'password' in the secret".into()),
                };
            }
            fail(format!("the server asks for an unsupported credential type ({allowed:?})"))
        });

        let auth = self.auth.clone();
        let url = self.url.clone();
        let failure = self.failure.clone();
        let ssh_port = self.ssh_port;
        cbs.certificate_check(move |cert, host| {
            if let Some(hostkey) = cert.as_hostkey() {
                let result = match (&auth.known_hosts, hostkey.hostkey(), hostkey.hostkey_type()) {
                    (None, ..) => Err(Error::Authentication {
                        url: url.clone(),
                        reason: SshRefusal::NoKnownHosts.to_string(),
                    }),
                    (Some(known_hosts), Some(key), Some(kind)) => {
                        check_host_key(known_hosts, host, ssh_port, kind.name(), key)
                    }
                    (Some(_), ..) => Err(Error::Authentication {
                        url: url.clone(),
                        reason: SshRefusal::NoHostKey.to_string(),
                    }),
                };
                return match result {
                    Ok(()) => Ok(CertificateCheckStatus::CertificateOk),
                    Err(e) => {
                        let message = e.to_string();
                        *failure.borrow_mut() = Some(e);
                        Err(git2::Error::from_str(&message))
                    }
                };
            }
            if let Some(x509) = cert.as_x509()
                && !auth.ca_certs.is_empty()
            {
                return match verify_with_ca(&auth.ca_certs, x509.data(), host) {
                    Ok(()) => Ok(CertificateCheckStatus::CertificateOk),
                    Err(reason) => {
                        // NB: ca.crt adds to the system roots (as in Flux); libgit2 decides
                        // next, and this reason is reported if it refuses too.
                        *failure.borrow_mut() = Some(Error::Certificate {
                            url: url.clone(),
                            reason,
                        });
                        Ok(CertificateCheckStatus::CertificatePassthrough)
                    }
                };
            }
            Ok(CertificateCheckStatus::CertificatePassthrough)
        });

        if let Some((deadline, _)) = self.deadline {
            let timed_out = self.timed_out.clone();
            cbs.transfer_progress(move |_| {
                let late = Instant::now() > deadline;
                if late {
                    timed_out.set(true);
                }
                !late
            });
            let timed_out = self.timed_out.clone();
            cbs.sideband_progress(move |_| {
                let late = Instant::now() > deadline;
                if late {
                    timed_out.set(true);
                }
                !late
            });
        }
        cbs
    }

    /// Fetch options carrying callbacks, proxy and the bearer token header.
    pub(crate) fn fetch_options(&self) -> git2::FetchOptions<'static> {
        let mut opts = git2::FetchOptions::new();
        opts.remote_callbacks(self.callbacks());
        if let Some(proxy) = &self.proxy {
            opts.proxy_options(proxy.to_git2());
        }
        if let Some(token) = &self.auth.bearer_token {
            opts.custom_headers(&[&format!("Authorization: Bearer {token}")]);
        }
        opts.download_tags(git2::AutotagOption::None);
        opts
    }

    /// Push options carrying callbacks, proxy and the bearer token header.
    pub(crate) fn push_options(&self) -> git2::PushOptions<'static> {
        let mut opts = git2::PushOptions::new();
        if let Some(proxy) = &self.proxy {
            opts.proxy_options(proxy.to_git2());
        }
        if let Some(token) = &self.auth.bearer_token {
            opts.custom_headers(&[&format!("Authorization: Bearer {token}")]);
        }
        opts
    }

    /// Turns a libgit2 failure into our error, preferring the precise reason a callback recorded.
    pub(crate) fn error(
        &self,
        operation: &'static str,
        reference: &str,
        err: git2::Error,
    ) -> Error {
        if let Some(recorded) = self.failure.borrow_mut().take() {
            return recorded;
        }
        let own = [
            self.transport.as_ref().map(|s| &s.failure),
            self.ssh.as_ref().map(|s| &s.failure),
        ];
        if let Some(recorded) = own.into_iter().flatten().find_map(transport::Failure::take) {
            // Our transports do not know the reference asked for; name it here.
            return match recorded {
                Error::Remote {
                    operation: what,
                    url,
                    reference: unknown,
                    message,
                } if unknown.is_empty() => Error::Remote {
                    operation: what,
                    url,
                    reference: reference.to_string(),
                    message,
                },
                other => other,
            };
        }
        if self.timed_out.get()
            && let Some((_, timeout)) = self.deadline
        {
            return Error::Timeout {
                operation,
                url: self.url.clone(),
                seconds: timeout.as_secs(),
            };
        }
        if err.message().to_ascii_lowercase().contains("timed out") {
            return Error::Timeout {
                operation,
                url: self.url.clone(),
                seconds: crate::timeouts::io_timeout().as_secs(),
            };
        }
        if err.class() == git2::ErrorClass::Ssh && err.message().contains("authenticat") {
            return Error::Authentication {
                url: self.url.clone(),
                reason: format!(
                    "{} (check 'identity' and, for an encrypted key, 'password')",
                    self.url.scrub(err.message())
                ),
            };
        }
        if err.class() == git2::ErrorClass::Http && err.message().contains("authentication")
            || err.code() == git2::ErrorCode::Auth
        {
            return Error::Authentication {
                url: self.url.clone(),
                reason: self.url.scrub(err.message()),
            };
        }
        let mut message = self.url.scrub(err.message());
        // NB: OpenSSL reports a server that demands a client certificate only as a
        // handshake cut short ("shutdown while in init"), so say what may be missing.
        if err.class() == git2::ErrorClass::Ssl
            && err.code() != git2::ErrorCode::Certificate
            && self.auth.client_cert.is_none()
        {
            message.push_str(
                " (TLS handshake failed; if the server requires a client certificate, \
                 set 'tls.crt' and 'tls.key' in the secret)",
            );
        }
        Error::Remote {
            operation,
            url: self.url.clone(),
            reference: reference.to_string(),
            message,
        }
    }

    /// Fails early with a clear message for settings libgit2 cannot honour.
    pub(crate) fn check_supported(&self) -> Result<()> {
        let url = self.url.expose();
        let proxied = ["https://", "http://", "ssh://"];
        if self.proxy.is_some() && !proxied.iter().any(|scheme| url.starts_with(scheme)) {
            return Err(Error::InvalidProxySecret {
                key: "address",
                reason: format!(
                    "a proxy can only be used with http(s):// and ssh:// repository URLs, not {}",
                    self.url
                ),
            });
        }
        match self.transport_error.borrow_mut().take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KEY: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    fn key() -> Vec<u8> {
        STANDARD.decode(KEY).unwrap()
    }

    #[test]
    fn accepts_listed_key_on_custom_port() {
        let kh = format!("[127.0.0.1]:2222 ssh-ed25519 {KEY}\n");
        check_host_key(&kh, "127.0.0.1", 2222, "ssh-ed25519", &key()).unwrap();
        let kh = format!("github.com,*.example.com ssh-ed25519 {KEY}\n");
        check_host_key(&kh, "git.EXAMPLE.com", 22, "ssh-ed25519", &key()).unwrap();
    }

    #[test]
    fn rejects_unknown_host_and_changed_key() {
        let kh = format!("[127.0.0.1]:2222 ssh-ed25519 {KEY}\n");
        let err = check_host_key(&kh, "127.0.0.1", 2223, "ssh-ed25519", &key()).unwrap_err();
        assert!(matches!(err, Error::UnknownHostKey { .. }), "{err}");
        assert!(err.to_string().contains("[127.0.0.1]:2223"));
        let mut other = key();
        *other.last_mut().unwrap() ^= 1;
        let err = check_host_key(&kh, "127.0.0.1", 2222, "ssh-ed25519", &other).unwrap_err();
        assert!(matches!(err, Error::HostKeyMismatch { .. }), "{err}");
        let kh = format!("@revoked [127.0.0.1]:2222 ssh-ed25519 {KEY}\n");
        assert!(check_host_key(&kh, "127.0.0.1", 2222, "ssh-ed25519", &key()).is_err());
        let kh = format!("!bad.example.com,*.example.com ssh-ed25519 {KEY}\n");
        assert!(check_host_key(&kh, "bad.example.com", 22, "ssh-ed25519", &key()).is_err());
    }

    #[test]
    fn secret_errors_name_the_key() {
        let mut data = BTreeMap::new();
        data.insert("tls.crt".to_string(), b"x".to_vec());
        assert!(
            AuthOptions::from_secret(&data)
                .unwrap_err()
                .to_string()
                .contains("'tls.key'")
        );
        let mut data = BTreeMap::new();
        data.insert("ca.crt".to_string(), b"garbage".to_vec());
        assert!(
            AuthOptions::from_secret(&data)
                .unwrap_err()
                .to_string()
                .contains("'ca.crt'")
        );
        let mut data = BTreeMap::new();
        data.insert("known_hosts".to_string(), b"host ssh-ed25519 !!!".to_vec());
        assert!(
            AuthOptions::from_secret(&data)
                .unwrap_err()
                .to_string()
                .contains("'known_hosts'")
        );
        let mut data = BTreeMap::new();
        data.insert("password".to_string(), b"hunter2".to_vec());
        let auth = AuthOptions::from_secret(&data).unwrap();
        assert!(!format!("{auth:?}").contains("hunter2"));
    }

    #[test]
    fn proxy_secret_puts_credentials_in_url() {
        let mut data = BTreeMap::new();
        data.insert("address".to_string(), b"http://proxy:3128".to_vec());
        data.insert("username".to_string(), b"u".to_vec());
        data.insert("password".to_string(), b"p@ss".to_vec());
        let proxy = ProxyOptions::from_secret(&data).unwrap();
        assert_eq!(proxy.address.as_str(), "http://u:p%40ss@proxy:3128/");
        assert!(!format!("{proxy:?}").contains("p%40ss"));
        assert!(
            ProxyOptions::from_secret(&BTreeMap::new())
                .unwrap_err()
                .to_string()
                .contains("'address' in the proxy secret")
        );
    }

    #[test]
    fn proxy_schemes_ports_and_socks5_limits() {
        let proxy = |pairs: &[(&str, &str)]| {
            let data = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect();
            ProxyOptions::from_secret(&data)
        };
        let socks = proxy(&[
            ("address", "socks5://gw"),
            ("username", "u"),
            ("password", "p@ss"),
        ])
        .unwrap()
        .to_transport(&[])
        .unwrap();
        assert_eq!(socks.scheme, proxy::Scheme::Socks5);
        assert_eq!((socks.host.as_str(), socks.port), ("gw", 1080));
        assert_eq!(socks.credentials, Some(("u".into(), "p@ss".into())));
        let https = proxy(&[("address", "https://gw")])
            .unwrap()
            .to_transport(&[])
            .unwrap();
        assert_eq!((https.scheme, https.port), (proxy::Scheme::Https, 443));
        assert!(https.tls.is_some() && https.credentials.is_none());
        let h = proxy(&[("address", "socks5h://gw:9050")])
            .unwrap()
            .to_transport(&[])
            .unwrap();
        assert_eq!((h.scheme, h.port), (proxy::Scheme::Socks5, 9050));

        for (pairs, key, says) in [
            (
                vec![("address", "ftp://gw")],
                "address",
                "unsupported proxy scheme 'ftp'",
            ),
            (vec![("address", "socks5://")], "address", "no host"),
            (
                vec![("address", "gw:3128")],
                "address",
                "unsupported proxy scheme",
            ),
        ] {
            let e = proxy(&pairs).unwrap_err();
            assert!(
                matches!(&e, Error::InvalidProxySecret { key: k, .. } if *k == key),
                "{e}"
            );
            assert!(e.to_string().contains(says), "{e}");
        }
        let long = "x".repeat(256);
        let e = proxy(&[
            ("address", "socks5://gw"),
            ("username", "u"),
            ("password", &long),
        ])
        .unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidProxySecret {
                    key: "password",
                    ..
                }
            ),
            "{e}"
        );
        // Only SOCKS5 has that limit.
        proxy(&[
            ("address", "http://gw"),
            ("username", "u"),
            ("password", &long),
        ])
        .unwrap();
    }
}
