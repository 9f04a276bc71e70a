//! Debian's `docker-registry` (CNCF distribution 2.8) as a real OCI registry for
//! tests: anonymous, htpasswd basic auth, or Docker token auth with a small token
//! service run here; plain HTTP or TLS from a [`TestCa`] (optionally requiring a
//! client certificate). Images are pushed through the registry's HTTP API.

use std::io::{BufRead as _, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, anyhow, bail};
use base64::Engine as _;
use rcgen::{CertificateParams, KeyPair, SigningKey as _};
use sha2::{Digest, Sha256};

use crate::repo::isolate;
use crate::tls::{TestCa, pem};

const REGISTRY: &str = "/usr/bin/docker-registry";
const SERVICE: &str = "ballast-test-registry";
const ISSUER: &str = "ballast-test-token-issuer";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

/// How the registry authenticates clients.
#[derive(Debug, Clone, Default)]
pub enum RegistryAuth {
    /// Anyone may pull and push.
    #[default]
    Anonymous,
    /// htpasswd (bcrypt) basic auth with one user.
    Basic {
        /// The user.
        username: String,
        /// Its password.
        password: String,
    },
    /// Docker token auth: the registry sends clients to [`OciRegistry::token_url`],
    /// which hands out signed tokens to this user (and refuses anonymous clients).
    Token {
        /// The user.
        username: String,
        /// Its password.
        password: String,
        /// `expires_in` of the tokens handed out, in seconds.
        expires_in: u64,
        /// An OAuth2 refresh token (a Docker config `identitytoken`) that the
        /// service also accepts (`POST` grant); without one, `POST` answers 404
        /// as token services without OAuth2 do.
        identity_token: Option<String>,
    },
}

/// How to start an [`OciRegistry`].
#[derive(Debug, Clone)]
pub struct OciRegistryOptions {
    /// Authentication.
    pub auth: RegistryAuth,
    /// Serve HTTPS with a certificate from a fresh [`TestCa`].
    pub tls: bool,
    /// With `tls`, refuse clients without a certificate from that CA.
    pub require_client_cert: bool,
    /// The loopback address to listen on (port chosen at random). `127.0.0.1` by
    /// default; another `127.x.y.z` serves a registry that clients do not treat as
    /// local (go-containerregistry only exempts `127.0.0.1` from HTTPS).
    pub host: Ipv4Addr,
}

impl Default for OciRegistryOptions {
    fn default() -> Self {
        Self {
            auth: RegistryAuth::Anonymous,
            tls: false,
            require_client_cert: false,
            host: Ipv4Addr::LOCALHOST,
        }
    }
}

/// `docker-registry serve <config>` on a random loopback port, storage in a
/// temporary directory, killed when dropped.
pub struct OciRegistry {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
    options: OciRegistryOptions,
    ca: Option<TestCa>,
    token: Option<TokenService>,
    pushes: AtomicUsize,
}

impl OciRegistry {
    /// An anonymous plain-HTTP registry on 127.0.0.1.
    pub fn start() -> Result<Self> {
        Self::start_with(OciRegistryOptions::default())
    }

    /// A registry with these options; waits until it accepts connections.
    pub fn start_with(options: OciRegistryOptions) -> Result<Self> {
        if !Path::new(REGISTRY).exists() {
            bail!("{REGISTRY} not found: install it with `apt-get install -y docker-registry`");
        }
        let dir = tempfile::tempdir().context("create registry dir")?;
        let d = dir.path();
        std::fs::create_dir_all(d.join("storage"))?;
        let ca = if options.tls {
            let ca = TestCa::new()?;
            let (cert, key) = ca.server_pem();
            std::fs::write(d.join("server.crt"), cert)?;
            std::fs::write(d.join("server.key"), key)?;
            std::fs::write(d.join("ca.crt"), ca.ca_pem())?;
            Some(ca)
        } else {
            None
        };
        let token = match &options.auth {
            RegistryAuth::Token {
                username,
                password,
                expires_in,
                identity_token,
            } => {
                let service = TokenService::start(
                    basic(username, password),
                    identity_token.clone(),
                    *expires_in,
                )?;
                std::fs::write(d.join("token.crt"), &service.signer.cert_pem)?;
                Some(service)
            }
            _ => None,
        };
        let auth_config = match &options.auth {
            RegistryAuth::Anonymous => String::new(),
            RegistryAuth::Basic { username, password } => {
                let hash = bcrypt::hash(password, 4).context("bcrypt the test password")?;
                std::fs::write(d.join("htpasswd"), format!("{username}:{hash}\n"))?;
                format!(
                    "auth:\n  htpasswd:\n    realm: ballast-test\n    path: {}\n",
                    d.join("htpasswd").display()
                )
            }
            RegistryAuth::Token { .. } => format!(
                "auth:\n  token:\n    realm: {}\n    service: {SERVICE}\n    issuer: {ISSUER}\n    rootcertbundle: {}\n",
                token.as_ref().map(TokenService::url).unwrap_or_default(),
                d.join("token.crt").display()
            ),
        };
        let tls_config = match (&ca, options.require_client_cert) {
            (None, _) => String::new(),
            (Some(_), client) => format!(
                "  tls:\n    certificate: {}\n    key: {}\n{}",
                d.join("server.crt").display(),
                d.join("server.key").display(),
                if client {
                    format!("    clientcas:\n      - {}\n", d.join("ca.crt").display())
                } else {
                    String::new()
                }
            ),
        };

        let mut last_err = None;
        for _ in 0..5 {
            let port = free_port(options.host)?;
            let addr = SocketAddr::new(IpAddr::V4(options.host), port);
            let config = format!(
                "version: 0.1\n\
                 log:\n  level: info\n  accesslog:\n    disabled: false\n\
                 storage:\n  filesystem:\n    rootdirectory: {storage}\n  delete:\n    enabled: true\n\
                 http:\n  addr: {addr}\n  secret: ballast-test-secret-{port}\n{tls_config}\
                 {auth_config}",
                storage = d.join("storage").display(),
            );
            std::fs::write(d.join("config.yml"), config)?;
            let log = std::fs::File::create(d.join("registry.log"))?;
            let mut cmd = Command::new(REGISTRY);
            cmd.arg("serve")
                .arg(d.join("config.yml"))
                .current_dir(d)
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log);
            isolate(&mut cmd);
            let mut child = cmd.spawn().with_context(|| format!("spawn {REGISTRY}"))?;
            match wait_until_listening(&mut child, addr, d) {
                Ok(()) => {
                    return Ok(Self {
                        child,
                        addr,
                        dir,
                        options,
                        ca,
                        token,
                        pushes: AtomicUsize::new(0),
                    });
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    last_err = Some(e);
                }
            }
        }
        Err(last_err.unwrap_or_else(|| anyhow!("docker-registry did not start")))
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `host:port`, the registry part of image names.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The image name of `repository` in this registry, e.g. `127.0.0.1:41234/app`.
    pub fn image(&self, repository: &str) -> String {
        format!("{}/{repository}", self.addr)
    }

    /// The CA that signed the registry's certificate (with `tls`).
    pub fn ca(&self) -> Option<&TestCa> {
        self.ca.as_ref()
    }

    /// The token service's endpoint (with [`RegistryAuth::Token`]).
    pub fn token_url(&self) -> Option<String> {
        self.token.as_ref().map(TokenService::url)
    }

    /// What the token service did, one line per request: `GET basic granted`,
    /// `GET denied`, `POST refresh_token granted`, `POST refresh_token denied`,
    /// `POST 404`.
    pub fn token_grants(&self) -> Vec<String> {
        self.token
            .as_ref()
            .map(|t| t.grants.lock().map(|g| g.clone()).unwrap_or_default())
            .unwrap_or_default()
    }

    /// A pull token for `repository` signed by the token service (with
    /// [`RegistryAuth::Token`]), as a Docker config `registrytoken` holds one.
    pub fn pull_token(&self, repository: &str) -> Result<String> {
        let service = self
            .token
            .as_ref()
            .ok_or_else(|| anyhow!("the registry has no token service"))?;
        service
            .signer
            .token(&format!("repository:{repository}:pull"), 300)
    }

    /// How many token requests the token service has answered (granted or not).
    pub fn token_requests(&self) -> usize {
        self.token
            .as_ref()
            .map_or(0, |t| t.requests.load(Ordering::SeqCst))
    }

    /// The registry's log (access log included).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
    }

    /// Pushes a small, unique image (one config blob, one layer, an OCI manifest)
    /// as `repository:tag` and returns its manifest digest.
    pub fn push(&self, repository: &str, tag: &str) -> Result<String> {
        self.push_tags(repository, &[tag])
    }

    /// Pushes one new unique image under each of `tags`; returns its digest.
    pub fn push_tags(&self, repository: &str, tags: &[&str]) -> Result<String> {
        let n = self.pushes.fetch_add(1, Ordering::SeqCst);
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let layer = format!("ballast test layer {repository} {tags:?} #{n} {nonce}\n").into_bytes();
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
            sha256(&layer)
        )
        .into_bytes();
        let authorization = self.push_authorization(repository)?;
        let auth = authorization.as_deref();
        for blob in [&layer, &config] {
            self.upload_blob(repository, blob, auth)?;
        }
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{}","size":{}}}]}}"#,
            sha256(&config),
            config.len(),
            sha256(&layer),
            layer.len()
        )
        .into_bytes();
        for tag in tags {
            let path = format!("/v2/{repository}/manifests/{tag}");
            let response = self.call(
                "PUT",
                &path,
                &[("Content-Type", OCI_MANIFEST)],
                auth,
                &manifest,
            )?;
            if response.status != 201 {
                bail!(
                    "PUT {path} answered {}: {}",
                    response.status,
                    response.body_text()
                );
            }
        }
        Ok(sha256(&manifest))
    }

    fn upload_blob(&self, repository: &str, blob: &[u8], auth: Option<&str>) -> Result<()> {
        let start = format!("/v2/{repository}/blobs/uploads/");
        let response = self.call("POST", &start, &[], auth, b"")?;
        if response.status != 202 {
            bail!(
                "POST {start} answered {}: {}",
                response.status,
                response.body_text()
            );
        }
        let location = response
            .header("location")
            .ok_or_else(|| anyhow!("POST {start} gave no Location"))?;
        // Location may be absolute; keep path and query.
        let location = match location.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]).to_string(),
            None => location.to_string(),
        };
        let separator = if location.contains('?') { '&' } else { '?' };
        let put = format!(
            "{location}{separator}digest={}",
            sha256(blob).replace(':', "%3A")
        );
        let response = self.call(
            "PUT",
            &put,
            &[("Content-Type", "application/octet-stream")],
            auth,
            blob,
        )?;
        if response.status != 201 {
            bail!(
                "PUT blob answered {}: {}",
                response.status,
                response.body_text()
            );
        }
        Ok(())
    }

    fn push_authorization(&self, repository: &str) -> Result<Option<String>> {
        Ok(match &self.options.auth {
            RegistryAuth::Anonymous => None,
            RegistryAuth::Basic { username, password } => Some(basic(username, password)),
            RegistryAuth::Token { .. } => {
                let service = self
                    .token
                    .as_ref()
                    .ok_or_else(|| anyhow!("token service not running"))?;
                let token = service
                    .signer
                    .token(&format!("repository:{repository}:pull,push"), 300)?;
                Some(format!("Bearer {token}"))
            }
        })
    }

    /// One HTTP/1.1 request on a fresh connection (TLS when the registry has it).
    fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        authorization: Option<&str>,
        body: &[u8],
    ) -> Result<HttpResponse> {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(authorization) = authorization {
            request.push_str(&format!("Authorization: {authorization}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body);

        let stream = TcpStream::connect(self.addr).context("connect to the registry")?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let raw = match &self.ca {
            None => exchange(stream, &bytes)?,
            Some(ca) => {
                let config = ca.client_config(self.options.require_client_cert)?;
                let name = rustls_pki_types::ServerName::IpAddress(self.addr.ip().into());
                let connection =
                    rustls::ClientConnection::new(config, name).context("TLS client connection")?;
                exchange(rustls::StreamOwned::new(connection, stream), &bytes)?
            }
        };
        HttpResponse::parse(&raw)
    }
}

impl Drop for OciRegistry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port(host: Ipv4Addr) -> Result<u16> {
    let listener = TcpListener::bind((host, 0)).with_context(|| format!("bind {host}:0"))?;
    Ok(listener.local_addr()?.port())
}

/// Waits until the registry says it listens and accepts connections; an early
/// exit (e.g. the port was taken meanwhile) is an error carrying its log.
fn wait_until_listening(child: &mut Child, addr: SocketAddr, dir: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    // NB: a connection alone could reach another process that took the port.
    let listening = format!("listening on {addr}");
    loop {
        if let Some(status) = child.try_wait()? {
            let log = std::fs::read_to_string(dir.join("registry.log")).unwrap_or_default();
            bail!("docker-registry exited with {status}: {log}");
        }
        let log = std::fs::read_to_string(dir.join("registry.log")).unwrap_or_default();
        if log.contains(&listening)
            && TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(dir.join("registry.log")).unwrap_or_default();
            bail!("docker-registry did not listen on {addr} within 20s: {log}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn exchange<S: Read + Write>(mut stream: S, request: &[u8]) -> Result<Vec<u8>> {
    stream.write_all(request).context("send request")?;
    stream.flush()?;
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => {}
        // Go servers may close TLS without close_notify once the response is out.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !raw.is_empty() => {}
        Err(e) => return Err(e).context("read response"),
    }
    Ok(raw)
}

struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpResponse {
    fn parse(raw: &[u8]) -> Result<Self> {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| anyhow!("no HTTP header end in {} bytes", raw.len()))?;
        let head = String::from_utf8_lossy(&raw[..end]);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("bad status line in {head}"))?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Ok(Self {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

fn basic(username: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"))
    )
}

/// Signs registry tokens: an ES256 JWT whose `x5c` header carries a self-signed
/// certificate that the registry trusts (`rootcertbundle`).
struct TokenSigner {
    key: KeyPair,
    cert_der: Vec<u8>,
    cert_pem: String,
}

impl TokenSigner {
    fn new() -> Result<Self> {
        let key = KeyPair::generate().context("generate token signing key")?;
        let params = CertificateParams::new(vec!["ballast-token-signer".to_string()])
            .context("token signer params")?;
        let cert = params.self_signed(&key).context("self-sign token signer")?;
        Ok(Self {
            cert_der: cert.der().to_vec(),
            cert_pem: pem("CERTIFICATE", cert.der()),
            key,
        })
    }

    /// A token granting the actions of `scope` (`repository:<name>:<actions>`).
    fn token(&self, scope: &str, expires_in: u64) -> Result<String> {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let access = match scope
            .strip_prefix("repository:")
            .and_then(|s| s.rsplit_once(':'))
        {
            Some((name, actions)) => {
                let actions: Vec<String> = actions.split(',').map(|a| format!("\"{a}\"")).collect();
                format!(
                    r#"[{{"type":"repository","name":"{name}","actions":[{}]}}]"#,
                    actions.join(",")
                )
            }
            None => "[]".to_string(),
        };
        let header = format!(
            r#"{{"typ":"JWT","alg":"ES256","x5c":["{}"]}}"#,
            base64::engine::general_purpose::STANDARD.encode(&self.cert_der)
        );
        let claims = format!(
            r#"{{"iss":"{ISSUER}","sub":"ballast","aud":"{SERVICE}","exp":{},"nbf":{},"iat":{now},"jti":"{now}-{}","access":{access}}}"#,
            now + expires_in,
            now.saturating_sub(10),
            rand_suffix()
        );
        let signing_input = format!("{}.{}", b64(header.as_bytes()), b64(claims.as_bytes()));
        let der = self
            .key
            .sign(signing_input.as_bytes())
            .map_err(|e| anyhow!("sign token: {e}"))?;
        let signature = ecdsa_der_to_fixed(&der)?;
        Ok(format!("{signing_input}.{}", b64(&signature)))
    }
}

fn rand_suffix() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// JWS wants ECDSA signatures as `r || s`, 32 bytes each; rcgen gives ASN.1 DER
/// (`SEQUENCE { INTEGER r, INTEGER s }`).
fn ecdsa_der_to_fixed(der: &[u8]) -> Result<Vec<u8>> {
    let bad = || anyhow!("unexpected ECDSA signature encoding");
    let mut rest = der.strip_prefix(&[0x30]).ok_or_else(bad)?;
    // Sequence length: short form (signatures are under 128 bytes).
    rest = rest.get(1..).ok_or_else(bad)?;
    let mut out = Vec::with_capacity(64);
    for _ in 0..2 {
        rest = rest.strip_prefix(&[0x02]).ok_or_else(bad)?;
        let len = *rest.first().ok_or_else(bad)? as usize;
        let int = rest.get(1..1 + len).ok_or_else(bad)?;
        rest = &rest[1 + len..];
        let int = int.strip_prefix(&[0]).unwrap_or(int);
        if int.len() > 32 {
            bail!("ECDSA integer too long");
        }
        out.extend(std::iter::repeat_n(0u8, 32 - int.len()));
        out.extend_from_slice(int);
    }
    Ok(out)
}

/// A Docker token service on its own thread: `GET /token?service=…&scope=…` with
/// the user's basic credentials, or `POST /token` with the OAuth2 refresh-token
/// grant, gets a token; anything else is refused.
struct TokenService {
    addr: SocketAddr,
    signer: Arc<TokenSigner>,
    requests: Arc<AtomicUsize>,
    grants: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Who gets tokens.
struct TokenPolicy {
    /// The `Authorization: Basic` value of the user.
    basic: String,
    identity_token: Option<String>,
    expires_in: u64,
}

impl TokenService {
    fn start(basic: String, identity_token: Option<String>, expires_in: u64) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").context("bind token service")?;
        let addr = listener.local_addr()?;
        let signer = Arc::new(TokenSigner::new()?);
        let requests = Arc::new(AtomicUsize::new(0));
        let grants = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let policy = TokenPolicy {
            basic,
            identity_token,
            expires_in,
        };
        let thread = {
            let (signer, requests, grants, stop) = (
                signer.clone(),
                requests.clone(),
                grants.clone(),
                stop.clone(),
            );
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    requests.fetch_add(1, Ordering::SeqCst);
                    if let Ok(grant) = serve_token(stream, &signer, &policy)
                        && let Ok(mut grants) = grants.lock()
                    {
                        grants.push(grant);
                    }
                }
            })
        };
        Ok(Self {
            addr,
            signer,
            requests,
            grants,
            stop,
            thread: Some(thread),
        })
    }

    fn url(&self) -> String {
        format!("http://{}/token", self.addr)
    }
}

impl Drop for TokenService {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one token request; returns what it did, for [`OciRegistry::token_grants`].
fn serve_token(stream: TcpStream, signer: &TokenSigner, policy: &TokenPolicy) -> Result<String> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut authorization = None;
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("authorization") {
                authorization = Some(value.trim().to_string());
            } else if name.eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default();
    let target = words.next().unwrap_or_default();
    // GET carries its parameters in the query, the OAuth2 POST in a form body.
    let params = if method == "POST" {
        String::from_utf8_lossy(&body).into_owned()
    } else {
        target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
            .to_string()
    };
    let param = |name: &str| {
        params
            .split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| percent_decode(v))
    };
    let granted = |grant: &str| -> Result<(&'static str, String, String)> {
        let scope = param("scope").unwrap_or_default();
        // Users of this service may only pull.
        let scope = match scope.rsplit_once(':') {
            Some((resource, _)) => format!("{resource}:pull"),
            None => scope,
        };
        let token = signer.token(&scope, policy.expires_in)?;
        let expires_in = policy.expires_in;
        Ok((
            "200 OK",
            format!(r#"{{"token":"{token}","access_token":"{token}","expires_in":{expires_in}}}"#),
            format!("{method} {grant} granted"),
        ))
    };
    let refused =
        |status: &'static str, what: String| (status, r#"{"details":"refused"}"#.to_string(), what);
    let (status, body, grant) = if param("service").as_deref() != Some(SERVICE) {
        refused("400 Bad Request", format!("{method} unknown service"))
    } else if method == "POST" {
        match &policy.identity_token {
            None => refused("404 Not Found", "POST 404".to_string()),
            Some(expected)
                if param("grant_type").as_deref() == Some("refresh_token")
                    && param("refresh_token").as_deref() == Some(expected.as_str()) =>
            {
                granted("refresh_token")?
            }
            Some(_) => refused("401 Unauthorized", "POST refresh_token denied".to_string()),
        }
    } else if authorization.as_deref() == Some(policy.basic.as_str()) {
        granted("basic")?
    } else {
        refused("401 Unauthorized", "GET denied".to_string())
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Both);
    Ok(grant)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or_default();
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_and_signature_conversion() {
        assert_eq!(
            percent_decode("repository%3Aa%2Fb%3Apull"),
            "repository:a/b:pull"
        );
        assert_eq!(percent_decode("100%"), "100%");
        let signer = TokenSigner::new().unwrap();
        let token = signer.token("repository:x:pull", 60).unwrap();
        let signature = token.rsplit('.').next().unwrap();
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(signature)
            .unwrap();
        assert_eq!(raw.len(), 64);
    }
}
