//! Patching JSON the way Kubernetes does, with no client and no I/O.
//!
//! - [`strategic_merge`] / [`strategic_merge_as`]: strategic merge patch,
//!   driven by the patch metadata of the built-in types ([`builtin_schema`]).
//!   kustomize and the API server disagree in places (list order, which
//!   directives exist, repeated entries), so a [`Flavor`] picks whose result
//!   to reproduce: [`Flavor::Kustomize`] for rendering (the default),
//!   [`Flavor::ApiServer`] for serving `PATCH` and `kubectl apply`.
//! - [`merge_patch`] / [`merge_diff`]: RFC 7386 JSON merge patch and the diff
//!   that produces one.
//! - [`TypeSchema::list_type`], [`TypeSchema::map_type`],
//!   [`TypeSchema::patch_strategy`]: what server-side apply and strategic
//!   merge consider a field to be.
//!
//! ```text
//!   builtin_schema("apps/v1", "Deployment") ──▶ TypeSchema ──┐
//!                                                            ▼
//!   original JSON ─────────────────────────────▶ strategic_merge_as ──▶ merged JSON
//!   patch JSON ($patch, $setElementOrder, …) ───────────▲       ▲
//!                                        Flavor::{Kustomize, ApiServer}
//! ```
//!
//! Custom resources have no schema here (`None`): maps merge, lists are
//! replaced, as both tools do.
//!
//! The schema table is generated from the Go types of k8s.io/api,
//! k8s.io/apimachinery and k8s.io/apiextensions-apiserver at Kubernetes 1.33
//! (and, for what kustomize knows, 1.21); `table.rs` says how. Behaviour is
//! checked against `kubectl patch --local` and `kubectl kustomize`.

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
