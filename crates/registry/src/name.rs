//! Image names (`spec.image`), normalised the way go-containerregistry does it.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};

/// Docker Hub's canonical registry name, as Flux reports it in
/// `status.canonicalImageName` (`index.docker.io/library/nginx`).
pub const DOCKER_HUB: &str = "index.docker.io";

/// The host that serves Docker Hub's distribution API.
pub(crate) const DOCKER_HUB_API: &str = "registry-1.docker.io";

#[allow(clippy::expect_used)] // constant pattern, exercised by every test
static REPOSITORY: LazyLock<Regex> = LazyLock::new(|| {
    // Path components of the OCI distribution spec: lowercase alphanumerics
    // joined by `.`, `_`, `__` or runs of `-`.
    Regex::new(
        r"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$",
    )
    .expect("valid pattern")
});

/// A repository in a registry, without tag or digest: what an ImageRepository's
/// `spec.image` names.
///
/// Parsing follows go-containerregistry (which Flux uses): the part before the
/// first `/` is the registry when it contains a `.` or a `:`, else the image is
/// on Docker Hub, where one-component names get `library/`. `docker.io` is
/// rewritten to `index.docker.io`. So `nginx` is `index.docker.io/library/nginx`,
/// `ghcr.io/org/app` stays as it is, and `localhost:5000/app` is on `localhost:5000`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageName {
    registry: String,
    repository: String,
}

impl ImageName {
    /// Reads an image name; tags, digests, URL schemes and malformed names are
    /// refused with an error naming the value.
    pub fn parse(image: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidImage {
            image: image.to_string(),
            reason,
        };
        if let Some((scheme, _)) = image.split_once("://") {
            return Err(invalid(format!(
                "it must not include a URL scheme; remove '{scheme}://'"
            )));
        }
        if let Some((_, digest)) = image.split_once('@') {
            return Err(invalid(format!(
                "it must not include a digest; remove '@{digest}'"
            )));
        }
        let (registry, repository) = match image.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) => (first, rest),
            _ => ("", image),
        };
        if let Some((_, tag)) = repository.rsplit_once(':') {
            return Err(invalid(format!(
                "it must not include a tag; remove ':{tag}'"
            )));
        }
        let registry = match registry {
            "" | "docker.io" => DOCKER_HUB,
            other => {
                check_registry(other).map_err(invalid)?;
                other
            }
        };
        if !REPOSITORY.is_match(repository) {
            return Err(invalid(format!(
                "repository '{repository}' must be lowercase letters, digits and separators (. _ __ -), in components separated by '/'"
            )));
        }
        let repository = if registry == DOCKER_HUB && !repository.contains('/') {
            format!("library/{repository}")
        } else {
            repository.to_string()
        };
        Ok(Self {
            registry: registry.to_string(),
            repository,
        })
    }

    /// The registry, e.g. `ghcr.io`, `localhost:5000`, [`DOCKER_HUB`].
    pub fn registry(&self) -> &str {
        &self.registry
    }

    /// The repository inside the registry, e.g. `library/nginx`.
    pub fn repository(&self) -> &str {
        &self.repository
    }

    /// `registry/repository`, as Flux writes `status.canonicalImageName`.
    pub fn canonical(&self) -> String {
        self.to_string()
    }

    /// The host (and port) that serves the registry's API: Docker Hub's is
    /// `registry-1.docker.io`, every other registry is its own.
    pub(crate) fn api_host(&self) -> &str {
        if self.registry == DOCKER_HUB {
            DOCKER_HUB_API
        } else {
            &self.registry
        }
    }

    /// Whether go-containerregistry would fall back to plain HTTP for this registry
    /// without `insecure`: `localhost`, `*.localhost`, `127.0.0.1`, `::1` and
    /// private (RFC 1918) addresses, with any port.
    pub(crate) fn is_local(&self) -> bool {
        let host = host_of(&self.registry);
        if host == "localhost" || host.ends_with(".localhost") || host == "127.0.0.1" {
            return true;
        }
        if host == "::1" {
            return true;
        }
        match host.parse::<std::net::Ipv4Addr>() {
            Ok(ip) => ip.is_private(),
            Err(_) => false,
        }
    }
}

/// The host part of `host[:port]` or `[v6][:port]`, without brackets.
fn host_of(registry: &str) -> &str {
    if let Some(rest) = registry.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    registry.split(':').next().unwrap_or(registry)
}

/// A registry must be a valid URI authority without user info: `host[:port]`.
fn check_registry(registry: &str) -> Result<(), String> {
    let bad = || format!("registry '{registry}' is not a valid host[:port]");
    if registry.contains('@') || registry.chars().any(|c| c.is_whitespace()) {
        return Err(bad());
    }
    let url = url::Url::parse(&format!("https://{registry}/")).map_err(|_| bad())?;
    let authority = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    // Url lowercases hosts and drops default ports; compare case-insensitively and
    // accept an explicit :443.
    let given = registry.strip_suffix(":443").unwrap_or(registry);
    if authority.eq_ignore_ascii_case(given) {
        Ok(())
    } else {
        Err(bad())
    }
}

impl FromStr for ImageName {
    type Err = Error;

    fn from_str(image: &str) -> Result<Self> {
        Self::parse(image)
    }
}

impl fmt::Display for ImageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_like_go_containerregistry() {
        let cases = [
            ("nginx", "index.docker.io", "library/nginx"),
            ("docker.io/nginx", "index.docker.io", "library/nginx"),
            (
                "index.docker.io/library/nginx",
                "index.docker.io",
                "library/nginx",
            ),
            ("fluxcd/flux", "index.docker.io", "fluxcd/flux"),
            ("ghcr.io/org/app", "ghcr.io", "org/app"),
            ("ghcr.io/org/team/app", "ghcr.io", "org/team/app"),
            ("localhost:5000/app", "localhost:5000", "app"),
            ("127.0.0.1:41234/x/y", "127.0.0.1:41234", "x/y"),
            ("[::1]:5000/a", "[::1]:5000", "a"),
            (
                "registry.example.com/a_b/c--d.e",
                "registry.example.com",
                "a_b/c--d.e",
            ),
            // go-containerregistry needs a '.' or ':' to see a registry.
            ("localhost/app", "index.docker.io", "localhost/app"),
        ];
        for (image, registry, repository) in cases {
            let name = ImageName::parse(image).unwrap();
            assert_eq!(
                (name.registry(), name.repository()),
                (registry, repository),
                "{image}"
            );
        }
        assert_eq!(
            ImageName::parse("nginx").unwrap().canonical(),
            "index.docker.io/library/nginx"
        );
        assert_eq!(
            ImageName::parse("nginx").unwrap().api_host(),
            "registry-1.docker.io"
        );
    }

    #[test]
    fn tags_digests_schemes_and_bad_names_are_refused_naming_the_value() {
        let cases = [
            ("nginx:1.25", "remove ':1.25'"),
            ("ghcr.io/org/app:v1", "remove ':v1'"),
            ("localhost:5000/app:latest", "remove ':latest'"),
            ("nginx@sha256:abcd", "remove '@sha256:abcd'"),
            ("https://ghcr.io/org/app", "remove 'https://'"),
            ("ghcr.io/Org/App", "repository 'Org/App'"),
            ("", "repository ''"),
            ("ghcr.io/", "repository ''"),
            ("ghcr.io/a//b", "repository 'a//b'"),
            ("ex ample.com/a", "registry 'ex ample.com'"),
            ("bad_host.io:99999/a", "registry 'bad_host.io:99999'"),
        ];
        for (image, needle) in cases {
            let err = ImageName::parse(image).unwrap_err().to_string();
            assert!(err.contains(&format!("'{image}'")), "{err}");
            assert!(err.contains(needle), "{image}: {err}");
        }
    }

    #[test]
    fn local_registries_may_fall_back_to_http() {
        for (image, local) in [
            ("localhost:5000/a", true),
            ("registry.localhost/a", true),
            ("127.0.0.1:5000/a", true),
            ("[::1]:5000/a", true),
            ("10.1.2.3:5000/a", true),
            ("192.168.0.1/a", true),
            ("127.0.0.2:5000/a", false),
            ("ghcr.io/a", false),
            ("8.8.8.8/a", false),
        ] {
            assert_eq!(
                ImageName::parse(image).unwrap().is_local(),
                local,
                "{image}"
            );
        }
    }
}
