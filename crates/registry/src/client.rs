//! The registry client: tag listing and manifest digests over the OCI distribution
//! API, with anonymous, basic and Docker token authentication.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LINK, USER_AGENT, WWW_AUTHENTICATE};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::{SocksV5, Tunnel};
use hyper_util::client::legacy::{Client as HyperClient, ResponseFuture};
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use url::Url;

use crate::challenge::Challenge;
use crate::credentials::{Credentials, DockerConfig};
use crate::error::{Error, Result};
use crate::name::ImageName;
use crate::proxy::ProxyOptions;
use crate::tls::{TlsOptions, client_config};

/// Flux's default `spec.timeout` for ImageRepositories.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Tags asked for per page of `tags/list` (`n`), unless set otherwise.
pub const DEFAULT_PAGE_SIZE: usize = 1000;

/// Manifest media types accepted when resolving a tag: OCI and Docker, images and
/// indexes (multi-arch lists).
pub const MANIFEST_MEDIA_TYPES: &[&str] = &[
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
];

/// Bodies larger than this are refused (a tag page of 1000 long tags is ~130 KiB).
const MAX_BODY: usize = 32 << 20;

/// How long a `registrytoken` is reused before the credentials are read again.
const REGISTRY_TOKEN_REUSE: Duration = Duration::from_secs(300);

/// The OAuth2 `client_id` of token requests.
const CLIENT_ID: &str = "ballast";

/// A token is renewed this long before the registry said it expires.
const TOKEN_EXPIRY_MARGIN: Duration = Duration::from_secs(5);

/// How a [`Client`] authenticates.
#[derive(Debug, Clone, Default)]
enum Auth {
    #[default]
    Anonymous,
    Basic(Credentials),
    DockerConfig(DockerConfig),
}

/// Settings for a [`Client`], mirroring an ImageRepository's spec: credentials
/// (`secretRef`), `insecure`, `certSecretRef` and `timeout`.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    auth: Auth,
    insecure: bool,
    tls: Option<TlsOptions>,
    proxy: Option<ProxyOptions>,
    timeout: Duration,
    page_size: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            auth: Auth::Anonymous,
            insecure: false,
            tls: None,
            proxy: None,
            timeout: DEFAULT_TIMEOUT,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl ClientOptions {
    /// Anonymous access over HTTPS, [`DEFAULT_TIMEOUT`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses these credentials for every registry.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.auth = Auth::Basic(credentials);
        self
    }

    /// Picks credentials per registry from a Docker config (`spec.secretRef`);
    /// registries without an entry are accessed anonymously.
    pub fn docker_config(mut self, config: DockerConfig) -> Self {
        self.auth = Auth::DockerConfig(config);
        self
    }

    /// `spec.insecure`: plain HTTP is allowed (HTTPS is still tried first). Without
    /// it only loopback, `localhost` and private-network registries may fall back
    /// to HTTP, as with go-containerregistry.
    pub fn insecure(mut self, insecure: bool) -> Self {
        self.insecure = insecure;
        self
    }

    /// `spec.certSecretRef`: an extra CA and/or a client certificate.
    pub fn tls(mut self, tls: TlsOptions) -> Self {
        self.tls = Some(tls);
        self
    }

    /// `spec.proxySecretRef`: reach registries (and token services) through this proxy.
    pub fn proxy(mut self, proxy: ProxyOptions) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// `spec.timeout`: the limit for each whole operation (all pages of a tag
    /// list, token requests included).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Tags per `tags/list` page (`n`); registries may return fewer.
    pub fn page_size(mut self, page_size: usize) -> Self {
        self.page_size = page_size.max(1);
        self
    }
}

/// The HTTP client, direct or through a proxy (one connector type each).
#[derive(Debug)]
enum Http {
    Direct(HyperClient<HttpsConnector<HttpConnector>, Full<Bytes>>),
    Tunnel(HyperClient<HttpsConnector<Tunnel<HttpConnector>>, Full<Bytes>>),
    Socks(HyperClient<HttpsConnector<SocksV5<HttpConnector>>, Full<Bytes>>),
}

impl Http {
    fn request(&self, request: Request<Full<Bytes>>) -> ResponseFuture {
        match self {
            Self::Direct(client) => client.request(request),
            Self::Tunnel(client) => client.request(request),
            Self::Socks(client) => client.request(request),
        }
    }
}

/// What was learnt about a registry: its scheme and how it authenticates.
#[derive(Debug, Default)]
struct RegistryState {
    /// `https` or `http`, once known.
    scheme: Option<&'static str>,
    /// The registry answered with a Basic challenge: send credentials up front.
    basic: bool,
    /// Bearer tokens by scope, with the instant they stop being used.
    tokens: HashMap<String, (String, Instant)>,
}

/// An OCI distribution API client. Cheap to share (`&Client` from many tasks);
/// it keeps what it learnt per registry (scheme, tokens until they expire).
///
/// ```no_run
/// # async fn demo() -> ballast_registry::Result<()> {
/// use ballast_registry::{Client, ClientOptions, ExclusionList, ImageName, Policy, TagSelector};
/// let image = ImageName::parse("ghcr.io/stefanprodan/podinfo")?;
/// let client = Client::new(ClientOptions::new())?;
/// let tags = ExclusionList::default().apply(client.list_tags(&image).await?);
/// let tag = TagSelector::new(Policy::semver("^6.x")?).latest(&tags)?;
/// let digest = client.digest(&image, &tag).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Client {
    http: Http,
    proxy: Option<ProxyOptions>,
    auth: Auth,
    insecure: bool,
    timeout: Duration,
    page_size: usize,
    state: Mutex<HashMap<String, RegistryState>>,
}

#[derive(Deserialize)]
struct TagList {
    #[serde(default)]
    tags: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// The request being made, for error messages: (method, path).
type What<'a> = (&'a Method, &'a str);

impl Client {
    /// A client with these options; fails only on unusable TLS material.
    pub fn new(options: ClientOptions) -> Result<Self> {
        let tls = client_config(options.tls.as_ref())?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(options.timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1();
        let build = || HyperClient::builder(TokioExecutor::new());
        let http = match &options.proxy {
            None => Http::Direct(build().build(https.wrap_connector(http))),
            Some(proxy) if proxy.is_socks() => {
                // NB: names are resolved by the proxy, as Flux (Go) does for socks5 too.
                let mut socks = SocksV5::new(proxy.uri()?, http).local_dns(false);
                if let Some((user, password)) = proxy.credentials() {
                    socks = socks.with_auth(user.to_string(), password.to_string());
                }
                Http::Socks(build().build(https.wrap_connector(socks)))
            }
            Some(proxy) => {
                let mut tunnel = Tunnel::new(proxy.uri()?, http);
                if let Some((user, password)) = proxy.credentials() {
                    let value = Credentials::new(user, password).basic_header();
                    let header =
                        http::HeaderValue::from_str(&value).map_err(|_| Error::InvalidProxy {
                            reason: "the proxy credentials cannot be sent in a header".into(),
                        })?;
                    tunnel = tunnel.with_auth(header);
                }
                Http::Tunnel(build().build(https.wrap_connector(tunnel)))
            }
        };
        Ok(Self {
            http,
            proxy: options.proxy,
            auth: options.auth,
            insecure: options.insecure,
            timeout: options.timeout,
            page_size: options.page_size,
            state: Mutex::new(HashMap::new()),
        })
    }

    /// All tags of `image`'s repository, in the registry's order, following `Link`
    /// pagination (`n` per page; distribution 2.x ignores `n` and sends all).
    pub async fn list_tags(&self, image: &ImageName) -> Result<Vec<String>> {
        self.with_timeout(image, "listing tags", self.list_tags_inner(image))
            .await
    }

    /// The digest (`sha256:…`) of the manifest `tag` points at: an index for
    /// multi-arch images, as Flux records in `status.latestRef.digest`.
    pub async fn digest(&self, image: &ImageName, tag: &str) -> Result<String> {
        self.with_timeout(image, "resolving the digest", self.digest_inner(image, tag))
            .await
    }

    async fn with_timeout<T>(
        &self,
        image: &ImageName,
        operation: &'static str,
        work: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        tokio::time::timeout(self.timeout, work)
            .await
            .map_err(|_| Error::Timeout {
                image: image.canonical(),
                operation,
                timeout: self.timeout,
            })?
    }

    async fn list_tags_inner(&self, image: &ImageName) -> Result<Vec<String>> {
        let base = self.base_url(image).await?;
        let first = format!(
            "{base}/v2/{}/tags/list?n={}",
            image.repository(),
            self.page_size
        );
        let mut next = Some(Url::parse(&first).map_err(|e| self.protocol(image, "a bad URL", e))?);
        let mut tags = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while let Some(url) = next.take() {
            if !seen.insert(url.to_string()) {
                return Err(self.protocol(image, "a pagination loop", url.path()));
            }
            let path = url.path().to_string();
            let response = self.send(image, Method::GET, &url, None).await?;
            let what = (&Method::GET, path.as_str());
            match response.status() {
                StatusCode::OK => {}
                StatusCode::NOT_FOUND => {
                    return Err(Error::RepositoryNotFound {
                        image: image.canonical(),
                        registry: image.registry().to_string(),
                    });
                }
                _ => return Err(self.unexpected(image, what, response).await),
            }
            next = next_link(&url, &response);
            let body = self.body(image, what, response).await?;
            let page: TagList = serde_json::from_slice(&body)
                .map_err(|e| self.protocol(image, format!("a bad tag list to GET {path}"), e))?;
            tags.extend(page.tags.unwrap_or_default());
        }
        Ok(tags)
    }

    async fn digest_inner(&self, image: &ImageName, tag: &str) -> Result<String> {
        // The distribution spec's tag grammar, `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
        // anything else would not even make a valid path.
        let valid = tag.len() <= 128
            && tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !valid {
            return Err(Error::InvalidImage {
                image: format!("{image}:{tag}"),
                reason: format!("'{tag}' is not a valid tag"),
            });
        }
        let base = self.base_url(image).await?;
        let path = format!("/v2/{}/manifests/{tag}", image.repository());
        let url = Url::parse(&format!("{base}{path}"))
            .map_err(|e| self.protocol(image, format!("a bad URL for tag '{tag}'"), e))?;
        for method in [Method::HEAD, Method::GET] {
            let response = self
                .send(
                    image,
                    method.clone(),
                    &url,
                    Some(&MANIFEST_MEDIA_TYPES.join(", ")),
                )
                .await?;
            let what = (&method, path.as_str());
            match response.status() {
                StatusCode::OK => {}
                StatusCode::NOT_FOUND => {
                    return Err(Error::TagNotFound {
                        image: image.canonical(),
                        tag: tag.to_string(),
                    });
                }
                _ => return Err(self.unexpected(image, what, response).await),
            }
            if let Some(digest) = response
                .headers()
                .get("docker-content-digest")
                .and_then(|v| v.to_str().ok())
                .filter(|d| d.contains(':'))
            {
                return Ok(digest.to_string());
            }
            if method == Method::GET {
                // No digest header: the digest is the hash of the manifest bytes.
                let body = self.body(image, what, response).await?;
                return Ok(format!("sha256:{:x}", Sha256::digest(&body)));
            }
        }
        Err(self.protocol(image, format!("no manifest for tag '{tag}'"), "no digest"))
    }

    /// `scheme://host` for the image's registry, probing HTTPS then HTTP when
    /// plain HTTP is allowed.
    async fn base_url(&self, image: &ImageName) -> Result<String> {
        let host = image.api_host().to_string();
        if let Some(scheme) = self.with_state(image, |s| s.scheme) {
            return Ok(format!("{scheme}://{host}"));
        }
        let http_allowed = self.insecure || image.is_local();
        let scheme = if http_allowed {
            // As go-containerregistry pings: a scheme works when `GET /v2/` answers
            // 200 or 401; HTTPS first.
            let ping = |scheme: &str| {
                let url = Url::parse(&format!("{scheme}://{host}/v2/"));
                async move {
                    let url = url.map_err(|e| self.protocol(image, "a bad registry URL", e))?;
                    let response = self.request(image, Method::GET, &url, None, None).await?;
                    match response.status() {
                        StatusCode::OK | StatusCode::UNAUTHORIZED => Ok(()),
                        _ => Err(self
                            .unexpected(image, (&Method::GET, "/v2/"), response)
                            .await),
                    }
                }
            };
            match ping("https").await {
                Ok(()) => "https",
                Err(https_error) => match ping("http").await {
                    Ok(()) => "http",
                    // A TLS server whose certificate failed: that is the problem to
                    // report, not its answer to plain HTTP.
                    Err(_) if !speaks_plain_http(&https_error) => return Err(https_error),
                    Err(http_error) => return Err(http_error),
                },
            }
        } else {
            "https"
        };
        self.with_state(image, |s| s.scheme = Some(scheme));
        Ok(format!("{scheme}://{host}"))
    }

    /// Sends an authenticated request, answering one 401 challenge.
    async fn send(
        &self,
        image: &ImageName,
        method: Method,
        url: &Url,
        accept: Option<&str>,
    ) -> Result<Response<Incoming>> {
        let scope = format!("repository:{}:pull", image.repository());
        let mut authorization = self.cached_authorization(image, &scope);
        let mut answered = false;
        loop {
            let response = self
                .request(image, method.clone(), url, accept, authorization.as_deref())
                .await?;
            if response.status() != StatusCode::UNAUTHORIZED {
                return Ok(response);
            }
            if answered {
                return Err(self.refused(image, "the registry", StatusCode::UNAUTHORIZED));
            }
            answered = true;
            let challenge = response
                .headers()
                .get(WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .and_then(Challenge::parse);
            authorization = Some(self.answer(image, challenge, &scope).await?);
        }
    }

    /// The Authorization value for a challenge: basic credentials, or a token
    /// from the realm of a Bearer challenge.
    async fn answer(
        &self,
        image: &ImageName,
        challenge: Option<Challenge>,
        scope: &str,
    ) -> Result<String> {
        let credentials = self.credentials_for(image);
        let challenge = challenge.ok_or_else(|| Error::Unauthorized {
            image: image.canonical(),
            registry: image.registry().to_string(),
            reason: "HTTP 401 without a WWW-Authenticate challenge".into(),
        })?;
        match challenge.scheme.as_str() {
            "basic" => {
                let credentials = credentials
                    .ok_or_else(|| self.refused(image, "the registry", StatusCode::UNAUTHORIZED))?;
                self.with_state(image, |s| s.basic = true);
                Ok(credentials.basic_header())
            }
            "bearer" => {
                let (token, lifetime) = self
                    .fetch_token(image, &challenge, scope, credentials)
                    .await?;
                let until = Instant::now() + lifetime.saturating_sub(TOKEN_EXPIRY_MARGIN);
                self.with_state(image, |s| {
                    s.tokens.insert(scope.to_string(), (token.clone(), until));
                });
                Ok(format!("Bearer {token}"))
            }
            other => Err(Error::Unauthorized {
                image: image.canonical(),
                registry: image.registry().to_string(),
                reason: format!("unsupported authentication scheme '{other}'"),
            }),
        }
    }

    /// The Docker token flow: GET the realm with service and scope, with basic
    /// credentials when there are some.
    async fn fetch_token(
        &self,
        image: &ImageName,
        challenge: &Challenge,
        scope: &str,
        credentials: Option<&Credentials>,
    ) -> Result<(String, Duration)> {
        if let Some(token) = credentials.and_then(|c| c.registry_token.as_ref()) {
            // A `registrytoken` is the bearer token itself.
            return Ok((token.clone(), REGISTRY_TOKEN_REUSE));
        }
        let realm = challenge
            .param("realm")
            .ok_or_else(|| self.protocol(image, "a Bearer challenge", "no realm"))?;
        if let Some(refresh) = credentials.and_then(|c| c.identity_token.as_deref()) {
            // `None`: the token service has no OAuth2 endpoint; use basic credentials.
            if let Some(token) = self
                .fetch_oauth_token(image, challenge, realm, scope, refresh)
                .await?
            {
                return Ok(token);
            }
        }
        let mut url = Url::parse(realm)
            .map_err(|e| self.protocol(image, format!("a bad token realm '{realm}'"), e))?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(service) = challenge.param("service") {
                query.append_pair("service", service);
            }
            query.append_pair("scope", scope);
        }
        let authorization = credentials.map(Credentials::basic_header);
        let response = self
            .request(image, Method::GET, &url, None, authorization.as_deref())
            .await?;
        let path = url.path().to_string();
        let what = (&Method::GET, path.as_str());
        match response.status() {
            status if status.is_success() => {}
            status @ (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => {
                let service = url.host_str().unwrap_or(realm).to_string();
                return Err(self.refused(image, &format!("the token service {service}"), status));
            }
            _ => return Err(self.unexpected(image, what, response).await),
        }
        self.token_from(image, what, response).await
    }

    /// The OAuth2 refresh-token grant at the realm (an `identitytoken`), as
    /// go-containerregistry does it; `None` when the service answers 404.
    async fn fetch_oauth_token(
        &self,
        image: &ImageName,
        challenge: &Challenge,
        realm: &str,
        scope: &str,
        refresh_token: &str,
    ) -> Result<Option<(String, Duration)>> {
        let url = Url::parse(realm)
            .map_err(|e| self.protocol(image, format!("a bad token realm '{realm}'"), e))?;
        // NB: the serializer is not Send; finish it before awaiting.
        let form = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "refresh_token")
                .append_pair("refresh_token", refresh_token)
                .append_pair("client_id", CLIENT_ID)
                .append_pair("scope", scope);
            if let Some(service) = challenge.param("service") {
                form.append_pair("service", service);
            }
            form.finish()
        };
        let response = self
            .request_with_body(image, Method::POST, &url, None, None, Some(form))
            .await?;
        let path = url.path().to_string();
        let what = (&Method::POST, path.as_str());
        match response.status() {
            status if status.is_success() => {}
            StatusCode::NOT_FOUND => return Ok(None),
            status @ (StatusCode::UNAUTHORIZED
            | StatusCode::FORBIDDEN
            | StatusCode::BAD_REQUEST) => {
                let service = url.host_str().unwrap_or(realm).to_string();
                return Err(Error::Unauthorized {
                    image: image.canonical(),
                    registry: image.registry().to_string(),
                    reason: format!(
                        "the token service {service} refused the identity token (HTTP {}); check spec.secretRef",
                        status.as_u16()
                    ),
                });
            }
            _ => return Err(self.unexpected(image, what, response).await),
        }
        self.token_from(image, what, response).await.map(Some)
    }

    /// The token and its lifetime from a token service's JSON answer.
    async fn token_from(
        &self,
        image: &ImageName,
        (method, path): What<'_>,
        response: Response<Incoming>,
    ) -> Result<(String, Duration)> {
        let body = self.body(image, (method, path), response).await?;
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            self.protocol(image, format!("a bad token response to {method} {path}"), e)
        })?;
        let token = parsed
            .token
            .or(parsed.access_token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                self.protocol(
                    image,
                    format!("a token response to {method} {path}"),
                    "no token",
                )
            })?;
        // The token spec's default lifetime is 60 seconds.
        Ok((token, Duration::from_secs(parsed.expires_in.unwrap_or(60))))
    }

    /// What to send before any challenge: a live cached token, or basic
    /// credentials for a registry known to want them.
    fn cached_authorization(&self, image: &ImageName, scope: &str) -> Option<String> {
        let credentials = self.credentials_for(image);
        self.with_state(image, |s| {
            s.tokens.retain(|_, (_, until)| *until > Instant::now());
            if let Some((token, _)) = s.tokens.get(scope) {
                return Some(format!("Bearer {token}"));
            }
            if s.basic {
                return credentials.map(Credentials::basic_header);
            }
            None
        })
    }

    fn credentials_for(&self, image: &ImageName) -> Option<&Credentials> {
        match &self.auth {
            Auth::Anonymous => None,
            Auth::Basic(credentials) => Some(credentials),
            Auth::DockerConfig(config) => config.credentials_for(image),
        }
    }

    fn with_state<T>(&self, image: &ImageName, f: impl FnOnce(&mut RegistryState) -> T) -> T {
        // A poisoned lock only means another task panicked mid-update; the state
        // is a cache, so carry on with it.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(state.entry(image.registry().to_string()).or_default())
    }

    /// One HTTP request, with transport errors sorted into TLS and connection ones.
    async fn request(
        &self,
        image: &ImageName,
        method: Method,
        url: &Url,
        accept: Option<&str>,
        authorization: Option<&str>,
    ) -> Result<Response<Incoming>> {
        self.request_with_body(image, method, url, accept, authorization, None)
            .await
    }

    /// [`Client::request`] with a form body (OAuth2 token requests).
    async fn request_with_body(
        &self,
        image: &ImageName,
        method: Method,
        url: &Url,
        accept: Option<&str>,
        authorization: Option<&str>,
        form: Option<String>,
    ) -> Result<Response<Incoming>> {
        let mut builder = Request::builder().method(method).uri(url.as_str()).header(
            USER_AGENT,
            concat!("ballast-registry/", env!("CARGO_PKG_VERSION")),
        );
        if let Some(accept) = accept {
            builder = builder.header(ACCEPT, accept);
        }
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        let body = match form {
            Some(form) => {
                builder = builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                Full::new(Bytes::from(form))
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder.body(body).map_err(|e| {
            self.protocol(image, format!("an unusable request to {}", url.path()), e)
        })?;
        tracing::debug!(image = %image, method = %request.method(), path = url.path(), "registry request");
        self.http
            .request(request)
            .await
            .map_err(|e| self.transport_error(image, url, &e))
    }

    async fn body(
        &self,
        image: &ImageName,
        (method, path): What<'_>,
        response: Response<Incoming>,
    ) -> Result<Bytes> {
        Limited::new(response.into_body(), MAX_BODY)
            .collect()
            .await
            .map(|collected| collected.to_bytes())
            .map_err(|e| {
                self.protocol(
                    image,
                    format!("a body that could not be read to {method} {path}"),
                    e,
                )
            })
    }

    /// An error for a status we did not expect, with the registry's own message.
    async fn unexpected(
        &self,
        image: &ImageName,
        (method, path): What<'_>,
        response: Response<Incoming>,
    ) -> Error {
        let status = response.status();
        let detail = match self.body(image, (method, path), response).await {
            Ok(body) => error_summary(&body),
            Err(e) => e.to_string(),
        };
        if status == StatusCode::FORBIDDEN {
            return Error::Unauthorized {
                image: image.canonical(),
                registry: image.registry().to_string(),
                reason: format!("HTTP 403 to {method} {path}: {detail}"),
            };
        }
        self.protocol(
            image,
            format!("HTTP {} to {method} {path}", status.as_u16()),
            detail,
        )
    }

    /// Access refused: the credentials were wrong, or none were given.
    fn refused(&self, image: &ImageName, by: &str, status: StatusCode) -> Error {
        let code = status.as_u16();
        let reason = match self.credentials_for(image) {
            Some(_) => format!("{by} refused the credentials (HTTP {code}); check spec.secretRef"),
            None => format!(
                "{by} requires authentication and no credentials were given for {} (HTTP {code}); set spec.secretRef",
                image.registry()
            ),
        };
        Error::Unauthorized {
            image: image.canonical(),
            registry: image.registry().to_string(),
            reason,
        }
    }

    fn protocol(
        &self,
        image: &ImageName,
        what: impl Into<String>,
        detail: impl std::fmt::Display,
    ) -> Error {
        Error::Protocol {
            image: image.canonical(),
            registry: image.registry().to_string(),
            what: what.into(),
            detail: detail.to_string(),
        }
    }

    fn transport_error(
        &self,
        image: &ImageName,
        url: &Url,
        error: &(dyn StdError + 'static),
    ) -> Error {
        let chain = error_chain(error);
        let registry = url.host_str().map_or_else(
            || image.registry().to_string(),
            |h| match url.port() {
                Some(port) => format!("{h}:{port}"),
                None => h.to_string(),
            },
        );
        let image_name = image.canonical();
        match find_rustls_error(error) {
            Some(rustls::Error::InvalidCertificate(reason)) => Error::Tls {
                image: image_name,
                registry,
                reason: format!(
                    "certificate not trusted ({reason:?}); put the registry's CA in 'ca.crt' of spec.certSecretRef"
                ),
            },
            Some(rustls::Error::InvalidMessage(_)) if url.scheme() == "https" => Error::Tls {
                image: image_name,
                registry,
                reason: if self.insecure {
                    format!("{NOT_TLS} ({chain})")
                } else {
                    format!("{NOT_TLS} ({chain}); if it serves plain HTTP, set spec.insecure: true")
                },
            },
            Some(rustls::Error::AlertReceived(alert)) => Error::Tls {
                image: image_name,
                registry,
                reason: format!(
                    "the server refused the TLS handshake ({alert:?}); does it want a client certificate ('tls.crt'/'tls.key' of spec.certSecretRef)?"
                ),
            },
            Some(other) => Error::Tls {
                image: image_name,
                registry,
                reason: other.to_string(),
            },
            None => Error::Connect {
                image: image_name,
                registry,
                reason: match &self.proxy {
                    Some(proxy) => format!("through proxy {proxy}: {chain}"),
                    None => chain,
                },
            },
        }
    }
}

/// Whether an HTTPS attempt failed because the server speaks something else (or
/// nothing): then an HTTP attempt's error says more.
fn speaks_plain_http(https_error: &Error) -> bool {
    match https_error {
        Error::Tls { reason, .. } => reason.starts_with(NOT_TLS),
        _ => true,
    }
}

/// The start of the reason of TLS errors from servers that do not speak TLS.
const NOT_TLS: &str = "the server does not speak TLS";

/// The `rel="next"` target of a `Link` header, resolved against `current`.
fn next_link(current: &Url, response: &Response<Incoming>) -> Option<Url> {
    response
        .headers()
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once('>')?;
            let is_next = params.split(';').any(|p| {
                matches!(
                    p.trim().replace(' ', "").as_str(),
                    "rel=\"next\"" | "rel=next"
                )
            });
            is_next.then(|| current.join(target.trim().trim_start_matches('<')).ok())?
        })
}

/// The `message`s of a distribution error body, or the start of the body.
fn error_summary(body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct Errors {
        errors: Vec<ErrorEntry>,
    }
    #[derive(Deserialize)]
    struct ErrorEntry {
        #[serde(default)]
        code: String,
        #[serde(default)]
        message: String,
    }
    if let Ok(parsed) = serde_json::from_slice::<Errors>(body) {
        let messages: Vec<String> = parsed
            .errors
            .iter()
            .map(|e| format!("{} {}", e.code, e.message).trim().to_string())
            .collect();
        if !messages.is_empty() {
            return messages.join("; ");
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if text.is_empty() => "(empty body)".to_string(),
        None => text.to_string(),
    }
}

/// All messages of an error's source chain, `a: b: c`, without repeats.
fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(error);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text.clone());
        }
        current = e.source().or_else(|| {
            // `io::Error::source` skips the error it wraps; look inside.
            e.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .map(|inner| inner as &(dyn StdError + 'static))
                .filter(|inner| inner.to_string() != text)
        });
    }
    parts.join(": ")
}

/// The rustls error somewhere in a transport error, if any.
fn find_rustls_error<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        if let Some(found) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| find_rustls_error(inner))
        {
            return Some(found);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Controllers spawn these futures on a multi-threaded runtime.
    #[test]
    fn client_and_its_futures_are_send_and_sync() {
        fn send_sync<T: Send + Sync>(_: &T) {}
        fn send<T: Send>(_: T) {}
        let client = Client::new(ClientOptions::new()).unwrap();
        let image = ImageName::parse("ghcr.io/org/app").unwrap();
        send_sync(&client);
        send(client.list_tags(&image));
        send(client.digest(&image, "v1"));
    }

    #[test]
    fn error_bodies_are_summarised() {
        let body = br#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}}]}"#;
        assert_eq!(
            error_summary(body),
            "NAME_UNKNOWN repository name not known to registry"
        );
        assert_eq!(error_summary(b""), "(empty body)");
        let long = "x".repeat(500);
        assert_eq!(error_summary(long.as_bytes()).chars().count(), 201);
    }
}
