//! Registry credentials: basic username/password, and the Docker config JSON of
//! a `kubernetes.io/dockerconfigjson` Secret (`spec.secretRef`).

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::name::{DOCKER_HUB, ImageName};

/// What to authenticate to a registry with: a username and password, and, from
/// Docker config entries, an `identitytoken` (an OAuth2 refresh token, traded at
/// the token service) or a `registrytoken` (a bearer token used as it is).
/// `Debug` hides the password and tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password or access token.
    pub password: String,
    /// An OAuth2 refresh token (`identitytoken`), tried before the password.
    pub identity_token: Option<String>,
    /// A registry bearer token (`registrytoken`), sent without a token request.
    pub registry_token: Option<String>,
}

impl Credentials {
    /// Credentials from a user name and password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
            identity_token: None,
            registry_token: None,
        }
    }

    /// The `Authorization: Basic …` value.
    pub(crate) fn basic_header(&self) -> String {
        let pair = format!("{}:{}", self.username, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    fn is_empty(&self) -> bool {
        self.username.is_empty()
            && self.password.is_empty()
            && self.identity_token.is_none()
            && self.registry_token.is_none()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |token: &Option<String>| token.as_ref().map(|_| "<redacted>");
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("identity_token", &hidden(&self.identity_token))
            .field("registry_token", &hidden(&self.registry_token))
            .finish()
    }
}

/// The `auths` of a Docker config (`.dockerconfigjson`, or the older `.dockercfg`
/// without the `auths` wrapper), looked up like the kubelet and Flux
/// (go-containerregistry's Kubernetes keychain) do it.
///
/// A key is a host (`ghcr.io`, `localhost:5000`), possibly with a scheme and a
/// path (`https://index.docker.io/v1/` is the host; `registry.example.com/team`
/// matches repositories whose path starts with `/team`); a `*` or `?` in a host
/// label is a wildcard (`*.example.com`); ports must be equal. Keys are tried in
/// reverse lexical order, which puts longer, more specific keys first, and for
/// equal keys the earliest entry wins. `docker.io` and `registry-1.docker.io` are
/// read as Docker Hub's `index.docker.io` too (Flux matches only the latter).
#[derive(Debug, Clone, Default)]
pub struct DockerConfig {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The key as written, for logs.
    key: String,
    /// `host[:port][/path]`, schemeless: the order of lookups.
    normalised: String,
    labels: Vec<String>,
    port: Option<String>,
    path: String,
    credentials: Credentials,
}

#[derive(Deserialize)]
struct RawEntry {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    auth: Option<String>,
    #[serde(default)]
    identitytoken: Option<String>,
    #[serde(default)]
    registrytoken: Option<String>,
}

impl DockerConfig {
    /// Reads a Docker config JSON document, e.g. a Secret's `.dockerconfigjson`.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidDockerConfig { reason };
        let document: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| invalid(format!("not JSON: {e}")))?;
        let auths = match document.get("auths") {
            Some(auths) => auths,
            // The legacy `.dockercfg` is the `auths` map itself.
            None => &document,
        };
        let auths: BTreeMap<String, RawEntry> = serde_json::from_value(auths.clone())
            .map_err(|e| invalid(format!("'auths' must map registries to entries: {e}")))?;
        let mut config = Self::default();
        for (key, raw) in auths {
            let mut credentials = match raw.auth.as_deref().filter(|a| !a.is_empty()) {
                // Like go-containerregistry, a non-empty `auth` wins over
                // username/password.
                Some(auth) => decode_auth(auth).ok_or_else(|| {
                    invalid(format!(
                        "'auth' of '{key}' is not base64 of 'user:password'"
                    ))
                })?,
                None => Credentials::new(
                    raw.username.unwrap_or_default(),
                    raw.password.unwrap_or_default(),
                ),
            };
            credentials.identity_token = raw.identitytoken.filter(|t| !t.is_empty());
            credentials.registry_token = raw.registrytoken.filter(|t| !t.is_empty());
            if credentials.is_empty() {
                // Entries with only an `email` carry nothing to authenticate with.
                continue;
            }
            let entry = Entry::new(key, credentials)
                .map_err(|key| invalid(format!("'{key}' is not a registry host or URL")))?;
            config.entries.push(entry);
        }
        config.sort();
        Ok(config)
    }

    /// The credentials for `image`, if any entry matches.
    pub fn credentials_for(&self, image: &ImageName) -> Option<&Credentials> {
        let (host, port) = split_host_port(image.registry());
        let labels: Vec<&str> = host.split('.').collect();
        let path = format!("/{}", image.repository());
        self.entries
            .iter()
            .find(|e| {
                e.port == port
                    && e.labels.len() == labels.len()
                    && path.starts_with(&e.path)
                    && e.labels.iter().zip(&labels).all(|(p, l)| glob(p, l))
            })
            .map(|e| {
                tracing::debug!(key = %e.key, image = %image, "registry credentials matched");
                &e.credentials
            })
    }

    /// Adds the entries of `other` (e.g. a ServiceAccount's imagePullSecrets after
    /// `spec.secretRef`); for equal keys the earlier entries win.
    pub fn merge(&mut self, other: DockerConfig) {
        self.entries.extend(other.entries);
        self.sort();
    }

    /// Whether the document had no usable entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn sort(&mut self) {
        // Stable, so equal keys keep their order.
        self.entries.sort_by(|a, b| b.normalised.cmp(&a.normalised));
    }
}

impl Entry {
    /// Normalises a key like the kubelet: no scheme, `/v1/` or `/v2/` alone
    /// means the host. Returns the key back when it cannot be read.
    fn new(key: String, credentials: Credentials) -> Result<Self, String> {
        let rest = key.split_once("://").map_or(key.as_str(), |(_, rest)| rest);
        let (authority, path) = match rest.find('/') {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        let path = match path.get(..4) {
            Some("/v1/" | "/v2/") => &path[3..],
            _ => path,
        };
        let path = if path == "/" { "" } else { path };
        let (mut host, port) = split_host_port(authority);
        if host.is_empty() || host.contains(['@', ' ']) {
            return Err(key);
        }
        if port.is_none() && matches!(host.as_str(), "docker.io" | "registry-1.docker.io") {
            host = DOCKER_HUB.to_string();
        }
        let normalised = match &port {
            Some(port) => format!("{host}:{port}{path}"),
            None => format!("{host}{path}"),
        };
        Ok(Self {
            labels: host.split('.').map(str::to_string).collect(),
            normalised,
            port,
            path: path.to_string(),
            credentials,
            key,
        })
    }
}

fn decode_auth(auth: &str) -> Option<Credentials> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(auth.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some(Credentials::new(user, password))
}

/// `host[:port]` → lowercase host and port; `[::1]` keeps its brackets.
fn split_host_port(authority: &str) -> (String, Option<String>) {
    match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => {
            (host.to_ascii_lowercase(), Some(port.to_string()))
        }
        _ => (authority.to_ascii_lowercase(), None),
    }
}

/// Shell-style matching of one host label: `*` any run, `?` any one character.
fn glob(pattern: &str, text: &str) -> bool {
    let (pattern, text): (Vec<char>, Vec<char>) =
        (pattern.chars().collect(), text.chars().collect());
    // Classic two-pointer wildcard match with backtracking to the last `*`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn image(name: &str) -> ImageName {
        ImageName::parse(name).unwrap()
    }

    fn user_for(config: &DockerConfig, name: &str) -> Option<String> {
        config
            .credentials_for(&image(name))
            .map(|c| format!("{}:{}", c.username, c.password))
    }

    #[test]
    fn dockerconfigjson_entries_match_by_registry() {
        let auth = base64::engine::general_purpose::STANDARD.encode("hub-user:hub:pass");
        let json = format!(
            r#"{{"auths": {{
                "https://index.docker.io/v1/": {{"auth": "{auth}"}},
                "ghcr.io": {{"username": "gh", "password": "token", "email": "x@y"}},
                "localhost:5000": {{"username": "local", "password": "pw"}},
                "*.example.com": {{"username": "wild", "password": "w"}},
                "registry.example.com/team": {{"username": "team", "password": "t"}},
                "https://reg*.example.org/v2/": {{"username": "q", "password": "star"}},
                "quay.io": {{"identitytoken": "refresh-me"}},
                "gcr.io": {{"email": "only@an.email"}}
            }}}}"#
        );
        let config = DockerConfig::from_json(json.as_bytes()).unwrap();
        let cases = [
            ("nginx", Some("hub-user:hub:pass")),
            ("docker.io/fluxcd/flux", Some("hub-user:hub:pass")),
            ("ghcr.io/org/app", Some("gh:token")),
            ("localhost:5000/app", Some("local:pw")),
            ("localhost:5001/app", None),
            ("registry.example.com/other/app", Some("wild:w")),
            ("registry.example.com/team/app", Some("team:t")),
            // The kubelet's path match is a plain string prefix.
            ("registry.example.com/teamwork/app", Some("team:t")),
            ("a.b.example.com/app", None),
            ("reg1.example.org/app", Some("q:star")),
            ("other.example.org/app", None),
            ("quay.io/org/app", Some(":")),
            ("gcr.io/p/app", None),
        ];
        for (name, want) in cases {
            assert_eq!(user_for(&config, name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn tokens_are_kept_and_hidden() {
        let config = DockerConfig::from_json(
            br#"{"auths": {"quay.io": {"identitytoken": "refresh-me"}, "ghcr.io": {"registrytoken": "bearer-me"}}}"#,
        )
        .unwrap();
        let quay = config.credentials_for(&image("quay.io/a/b")).unwrap();
        assert_eq!(quay.identity_token.as_deref(), Some("refresh-me"));
        let ghcr = config.credentials_for(&image("ghcr.io/a/b")).unwrap();
        assert_eq!(ghcr.registry_token.as_deref(), Some("bearer-me"));
        let shown = format!("{quay:?} {ghcr:?}");
        assert!(
            !shown.contains("refresh-me") && !shown.contains("bearer-me"),
            "{shown}"
        );
    }

    #[test]
    fn host_globs_match_one_label() {
        for (pattern, text, want) in [
            ("*", "registry", true),
            ("reg*", "registry", true),
            ("*try", "registry", true),
            ("r?g*y", "registry", true),
            ("reg?", "registry", false),
            ("", "", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
        ] {
            assert_eq!(glob(pattern, text), want, "{pattern} {text}");
        }
    }

    #[test]
    fn legacy_dockercfg_and_docker_hub_aliases() {
        let config =
            DockerConfig::from_json(br#"{"docker.io": {"username": "u", "password": "p"}}"#)
                .unwrap();
        assert_eq!(user_for(&config, "library/nginx").as_deref(), Some("u:p"));
        let config = DockerConfig::from_json(
            br#"{"auths": {"registry-1.docker.io": {"username": "u2", "password": "p2"}}}"#,
        )
        .unwrap();
        assert_eq!(
            user_for(&config, "index.docker.io/a/b").as_deref(),
            Some("u2:p2")
        );
    }

    #[test]
    fn merged_configs_prefer_earlier_entries() {
        let mut first = DockerConfig::from_json(
            br#"{"auths": {"ghcr.io": {"username": "a", "password": "1"}}}"#,
        )
        .unwrap();
        let second = DockerConfig::from_json(
            br#"{"auths": {"ghcr.io": {"username": "b", "password": "2"}, "quay.io": {"username": "c", "password": "3"}}}"#,
        )
        .unwrap();
        first.merge(second);
        assert_eq!(user_for(&first, "ghcr.io/x/y").as_deref(), Some("a:1"));
        assert_eq!(user_for(&first, "quay.io/x/y").as_deref(), Some("c:3"));
    }

    #[test]
    fn malformed_configs_are_refused_without_leaking_secrets() {
        for (json, needle) in [
            (&b"not json"[..], "not JSON"),
            (br#"{"auths": []}"#, "'auths' must map"),
            (
                br#"{"auths": {"ghcr.io": {"auth": "%%%secret"}}}"#,
                "'auth' of 'ghcr.io'",
            ),
        ] {
            let err = DockerConfig::from_json(json).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
            assert!(!err.contains("secret"), "{err}");
        }
        let creds = Credentials::new("me", "hunter2");
        assert!(!format!("{creds:?}").contains("hunter2"));
    }
}
