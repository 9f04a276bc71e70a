//! Registry credentials: basic username/password, and the Docker config JSON of
//! a `kubernetes.io/dockerconfigjson` Secret (`spec.secretRef`).

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::name::{DOCKER_HUB, ImageName};

/// A username and password (or token) for a registry. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password or access token.
    pub password: String,
}

impl Credentials {
    /// Credentials from a user name and password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
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
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The `auths` of a Docker config (`.dockerconfigjson`, or the older `.dockercfg`
/// without the `auths` wrapper), looked up by registry like the kubelet does.
///
/// Keys may be hosts (`ghcr.io`, `localhost:5000`), URLs
/// (`https://index.docker.io/v1/`), wildcard hosts (`*.example.com`) or a host with
/// a path prefix (`registry.example.com/team`); the most specific match wins.
/// `docker.io`, `index.docker.io`, `registry-1.docker.io` and
/// `https://index.docker.io/v1/` all mean Docker Hub.
#[derive(Debug, Clone, Default)]
pub struct DockerConfig {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The key as written, for messages.
    key: String,
    host: String,
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
        let mut entries = Vec::new();
        for (key, raw) in auths {
            let credentials = match raw.auth.as_deref().filter(|a| !a.is_empty()) {
                // Like the kubelet, a non-empty `auth` wins over username/password.
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
            if credentials.username.is_empty() && credentials.password.is_empty() {
                // Entries with only `identitytoken` or `email` carry nothing we can use.
                continue;
            }
            let (host, port, path) = split_key(&key);
            entries.push(Entry {
                key,
                host,
                port,
                path,
                credentials,
            });
        }
        Ok(Self { entries })
    }

    /// The credentials for `image`'s registry, if any entry matches.
    pub fn credentials_for(&self, image: &ImageName) -> Option<&Credentials> {
        let (host, port) = split_host_port(image.registry());
        let repository = image.repository();
        self.entries
            .iter()
            .filter(|e| e.port == port && host_matches(&e.host, &host))
            .filter(|e| {
                e.path.is_empty()
                    || repository == e.path
                    || repository.starts_with(&format!("{}/", e.path))
            })
            // Most specific first: a path beats none, a literal host beats a wildcard;
            // `rev` makes the earliest of equals win (`max_by_key` keeps the last).
            .rev()
            .max_by_key(|e| (e.path.len(), !e.host.contains('*'), e.host.len()))
            .map(|e| {
                tracing::debug!(key = %e.key, image = %image, "registry credentials matched");
                &e.credentials
            })
    }

    /// Adds the entries of `other` (e.g. a ServiceAccount's imagePullSecrets after
    /// `spec.secretRef`); on equally specific matches the earlier entries win.
    pub fn merge(&mut self, other: DockerConfig) {
        self.entries.extend(other.entries);
    }

    /// Whether the document had no usable entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

/// `https://host:port/path/` → (`host`, `port`, `path`), with Docker Hub's
/// aliases folded into [`DOCKER_HUB`].
fn split_key(key: &str) -> (String, Option<String>, String) {
    let rest = key.split_once("://").map(|(_, rest)| rest).unwrap_or(key);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.trim_matches('/');
    let (host, port) = split_host_port(authority);
    let is_hub = matches!(
        host.as_str(),
        "docker.io" | "index.docker.io" | "registry-1.docker.io"
    ) && port.is_none();
    if is_hub {
        // `https://index.docker.io/v1/` names Docker Hub itself, not a path in it.
        let path = if path == "v1" || path == "v2" {
            ""
        } else {
            path
        };
        return (DOCKER_HUB.to_string(), None, path.to_string());
    }
    (host, port, path.to_string())
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

/// `*` matches exactly one DNS label, as in the kubelet's keyring.
fn host_matches(pattern: &str, host: &str) -> bool {
    let pattern_labels: Vec<&str> = pattern.split('.').collect();
    let host_labels: Vec<&str> = host.split('.').collect();
    pattern_labels.len() == host_labels.len()
        && pattern_labels
            .iter()
            .zip(&host_labels)
            .all(|(p, h)| *p == "*" || p == h)
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
                "quay.io": {{"identitytoken": "only-a-token"}}
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
            ("a.b.example.com/app", None),
            ("quay.io/org/app", None),
            ("gcr.io/p/app", None),
        ];
        for (name, want) in cases {
            assert_eq!(user_for(&config, name).as_deref(), want, "{name}");
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
