//! Ballast's API types: the Flux v2 custom resources, wire-compatible.
//!
//! Every kind has the group, version, field names, defaults, validation,
//! short names, categories and printer columns of the newest Flux API
//! version, so manifests written for Flux deserialize here unchanged and
//! the CRDs from [`all_crds`] can replace Flux's in a cluster.
//!
//! ```text
//! meta                      Condition, Artifact, references, condition/reason/annotation names
//! source::v1                GitRepository
//! kustomize::v1             Kustomization
//! image::v1                 ImageRepository, ImagePolicy, ImageUpdateAutomation
//! notification::v1          Receiver
//! notification::v1beta3     Alert, Provider (no status subresource)
//! ```
//!
//! Optional fields are `Option`s that are skipped when `None`, so a
//! manifest read and written back keeps exactly the fields its author
//! wrote; defaulting happens in helper methods (`timeout()`,
//! `retry_interval()`, …), never on the wire.
//!
//! ```
//! use ballast_api::Kustomization;
//! use ballast_api::meta::{self, conditions, reasons};
//!
//! let ks: Kustomization = serde_json::from_value(serde_json::json!({
//!     "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
//!     "kind": "Kustomization",
//!     "metadata": {"name": "apps", "namespace": "flux-system"},
//!     "spec": {"interval": "10m", "prune": true, "path": "./apps",
//!              "sourceRef": {"kind": "GitRepository", "name": "flux-system"}}
//! }))?;
//! assert_eq!(ks.spec.timeout()?.as_secs(), 570); // interval - 30s, as in Flux
//! assert_eq!(ks.spec.retry_interval()?.as_secs(), 600);
//!
//! let mut conds = Vec::new();
//! let now = k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(k8s_openapi::jiff::Timestamp::now());
//! meta::mark_ready(&mut conds, reasons::RECONCILIATION_SUCCEEDED, "Applied revision: main@sha1:abc", Some(1), now);
//! assert!(meta::is_true(&conds, conditions::READY));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod crds;
pub mod image;
pub mod kustomize;
pub mod meta;
pub mod notification;
pub mod source;

use std::time::Duration;

pub use crds::{all_crds, crd_file_name, normalize_crd};
pub use image::v1::{ImagePolicy, ImageRepository, ImageUpdateAutomation};
pub use kustomize::v1::Kustomization;
pub use notification::v1::Receiver;
pub use notification::v1beta3::{Alert, Provider};
pub use source::v1::GitRepository;

/// Errors of this crate's helpers.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A Go duration string could not be parsed.
    #[error("invalid duration {input:?}: {reason}")]
    InvalidDuration {
        /// The text that failed to parse.
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A Kustomization inventory entry id is not `<namespace>_<name>_<group>_<kind>`.
    #[error("invalid inventory id {id:?}: {reason}")]
    InvalidInventoryId {
        /// The id that failed to parse.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A field of an object holds an invalid value.
    #[error("{field}: {source}")]
    InvalidField {
        /// JSON path of the field, e.g. `spec.timeout`.
        field: &'static str,
        /// Why the value is invalid.
        #[source]
        source: Box<Error>,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Parse the duration `value` of `field`, naming the field in the error.
pub(crate) fn field_duration(field: &'static str, value: &str) -> Result<Duration> {
    meta::parse_duration(value).map_err(|source| Error::InvalidField {
        field,
        source: Box::new(source),
    })
}
