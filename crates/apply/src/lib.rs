//! Server-side apply engine for Ballast's kustomize-controller and CLI: the
//! Rust counterpart of Flux's `fluxcd/pkg/ssa`. It owns:
//!
//! - object identity and inventory math ([`ObjectRef`] with Flux's
//!   `<namespace>_<name>_<group>_<kind>` ids, [`ObjectSet`]);
//! - staged, dry-run-first server-side apply ([`ResourceManager::apply`])
//!   reporting a [`ChangeSet`];
//! - prune with exclusions ([`ResourceManager::delete`]);
//! - health by kstatus rules ([`ResourceManager::wait`], [`kstatus`]), or by
//!   CEL expressions per kind ([`HealthRules`]);
//! - dry-run diffs ([`ResourceManager::diff`]);
//! - the drift watch ([`DriftWatch`]): one metadata-only watch per kind of
//!   applied object, reporting objects another writer changed or deleted.
//!
//! ```text
//! objects ─▶ stage 1: CRDs, Namespaces, ClusterRoles ─▶ wait Current
//!         ─▶ stage 2: *Class kinds ─▶ stage 3: the rest (kind order)
//!   each:  get live ─▶ dry-run (force, field manager) ─▶ drift? ─▶ apply
//! ```
//!
//! The crate knows no Flux API types: controllers convert their inventory
//! entries to and from [`ObjectRef`].
//!
//! ```no_run
//! # async fn reconcile(client: kube::Client, rendered: Vec<kube::api::DynamicObject>,
//! #     old_inventory: Vec<(String, String)>) -> ballast_apply::Result<()> {
//! use ballast_apply::*;
//!
//! let owner = [("kustomize.toolkit.fluxcd.io/name".to_string(), "apps".to_string())].into();
//! let manager = ResourceManager::new(client, "kustomize-controller", owner);
//! let changes = manager.apply(&rendered, &ApplyOptions::default()).await?;
//! for entry in changes.with_action(Action::Configured) {
//!     println!("{entry}"); // Deployment/default/web configured
//! }
//!
//! // Inventory math: what left the set is pruned, what fails to go stays.
//! let old: ObjectSet = old_inventory
//!     .iter()
//!     .map(|(id, version)| ObjectRef::parse_id(id, version.as_str()))
//!     .collect::<Result<_>>()?;
//! let stale = old.diff(&changes.to_object_set());
//! let pruned = manager.delete(&stale, &DeleteOptions::default()).await;
//! let keep: Vec<ObjectRef> = pruned.failed.into_iter().map(|(object, _)| object).collect();
//! # let _ = keep;
//!
//! // Health, cancellable when a new revision arrives.
//! let applied: Vec<ObjectRef> = changes.to_object_set().iter().cloned().collect();
//! manager.wait(&applied, &WaitOptions::default(), &CancellationToken::new()).await?;
//! # Ok(()) }
//! ```

mod changeset;
mod drift;
mod error;
mod health_expr;
pub mod kstatus;
mod manager;
mod normalize;
mod object_ref;
mod sort;
mod watch;

pub use changeset::{Action, ChangeSet, ChangeSetEntry};
pub use drift::FieldChange;
pub use error::{Error, Result, Unhealthy};
pub use health_expr::{HealthRule, HealthRules};
pub use kstatus::{ObjectStatus, Status};
pub use manager::{
    ApplyOptions, Cleanup, DeleteOptions, DeleteResult, DiffEntry, DiscoveryCache,
    FORCE_ANNOTATION, FieldManager, PRUNE_ANNOTATION, RECONCILE_ANNOTATION, ResourceManager,
    SSA_ANNOTATION, WaitOptions,
};
pub use object_ref::{ObjectRef, ObjectSet};
/// Re-exported so callers can cancel [`ResourceManager::wait`] without
/// depending on tokio-util themselves.
pub use tokio_util::sync::CancellationToken;
pub use watch::{Drift, DriftChange, DriftEvents, DriftWatch};
