//! Patching JSON the way Kubernetes does, with no client and no I/O.
//!
//! - [`strategic_merge`] / [`strategic_merge_as`]: strategic merge patch as
//!   kustomize, `kubectl patch` and kube-apiserver apply it, driven by the
//!   patch metadata of the built-in types ([`builtin_schema`]).
//! - [`merge_patch`] / [`merge_diff`]: RFC 7386 JSON merge patch and the diff
//!   that produces one.
//! - [`TypeSchema::list_type`], [`TypeSchema::map_type`]: what server-side
//!   apply considers a field to be.
//!
//! ```text
//!   builtin_schema("apps/v1", "Deployment") ──▶ TypeSchema ──┐
//!                                                            ▼
//!   original JSON ─────────────────────────────▶ strategic_merge ──▶ merged JSON
//!   patch JSON (with $patch, $retainKeys, …) ───────────▲
//! ```
//!
//! The schema table is generated from the Go types of k8s.io/api,
//! k8s.io/apimachinery and k8s.io/apiextensions-apiserver; see `table.rs`.

mod error;
mod merge;
mod schema;
mod strategic;
#[rustfmt::skip] // generated; one field per line keeps it reviewable
mod table;
#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod table_oracle;

pub use error::{Error, Result};
pub use merge::{merge_diff, merge_patch};
pub use schema::{ListType, MapType, TypeSchema, builtin_schema};
pub use strategic::{Flavor, strategic_merge, strategic_merge_as};
