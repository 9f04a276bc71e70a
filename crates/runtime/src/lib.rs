//! What every Ballast controller shares.
//!
//! ```text
//!   Options (flags) ──▶ init_logging, Servers (/metrics, /healthz, /readyz)
//!                   ──▶ run_as_leader(Lease) ──▶ run_controller(Controller<K>, Reconciler)
//!                                                 │ per object: finalizer → suspend → reconcile
//!                                                 │ errors: Stalled → wait for change,
//!                                                 │         Waiting → requeue, Transient → backoff
//!   inside reconcile: finalize_conditions → patch_status (diff only) → Events on transitions
//! ```
//!
//! Controllers implement [`Reconciler`] for their kind and keep their logic
//! in straight-line `reconcile_<step>` functions returning [`ReconcileError`]s
//! (attach a reason with [`ResultExt::reason`]).

mod backoff;
mod controller;
mod error;
mod events;
mod leader;
mod metrics;
mod options;
mod server;
mod shutdown;
mod status;
mod telemetry;

pub use backoff::{Backoff, jitter};
pub use controller::{
    FINALIZER, Reconciler, controller_for, read_current, requeue_after, run_controller,
    run_elected, shutdown_signal, watched_api,
};
pub use error::{Error, ReconcileError, Result, ResultExt};
pub use events::Events;
pub use kube::runtime::controller::Action;
pub use leader::run_as_leader;
pub use metrics::Metrics;
pub use options::Options;
pub use server::{Readiness, ReadinessTracker, Servers};
pub use shutdown::ShutdownSignal;
pub use status::{StatusWriter, finalize_conditions, now, patch_status, reconcile_requested_at};
pub use telemetry::init_logging;
