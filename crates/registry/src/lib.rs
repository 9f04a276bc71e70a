//! The registry side of image automation: an OCI distribution client and Flux's
//! image tag policies. It knows nothing of Kubernetes or controllers; the
//! image-reflector-controller reads Secrets and specs and hands this crate plain
//! values.
//!
//! ```text
//!  spec.image         ── ImageName::parse ─────────────────────────▶ ImageName ─┐
//!  spec.secretRef     ── DockerConfig::from_json ─┐                             │
//!  spec.certSecretRef ── TlsOptions ──────────────┤                             │
//!  spec.proxySecretRef── ProxyOptions ────────────┼─▶ ClientOptions ─▶ Client ◀─┘
//!  insecure, timeout ─────────────────────────────┘                     │ list_tags
//!  spec.exclusionList ── ExclusionList::apply(tags) ◀───────────────────┘ digest
//!  ImagePolicy spec   ── Policy (+ TagFilter) ─▶ TagSelector::latest(tags) ─▶ tag
//! ```
//!
//! Authentication: anonymous, basic, and the Docker token flow (a 401 with
//! `WWW-Authenticate: Bearer realm=…,service=…,scope=…` → token from the realm with
//! the basic credentials → retry; tokens are cached until they expire).
//! Semver ranges come from `ballast-semver-range` (Masterminds/semver syntax).
//!
//! Tests run against a real registry: Debian's `docker-registry` package
//! (distribution 2.8), started by `ballast-testsupport`'s `OciRegistry`.

mod challenge;
mod client;
mod credentials;
mod error;
mod name;
mod policy;
mod proxy;
mod tls;

pub use ballast_semver_range::Range as SemverRange;
pub use client::{Client, ClientOptions, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, MANIFEST_MEDIA_TYPES};
pub use credentials::{Credentials, DockerConfig};
pub use error::{Error, Result};
pub use name::{DOCKER_HUB, ImageName};
pub use policy::{
    DEFAULT_EXCLUSION, ExclusionList, Order, Policy, TagFilter, TagSelector, latest_tags,
};
pub use proxy::{PROXY_ADDRESS_KEY, PROXY_PASSWORD_KEY, PROXY_USERNAME_KEY, ProxyOptions};
pub use tls::{CA_CERT_KEY, CLIENT_CERT_KEY, CLIENT_KEY_KEY, TlsOptions};
