//! Reconcile wiring on kube-runtime's `Controller`: the prologue every
//! Ballast controller shares (deletion → finalizer → suspend → work),
//! bounded workers, backoff on transient errors, metrics, graceful shutdown.

use std::fmt::Debug;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use kube::api::Api;
use kube::core::NamespaceResourceScope;
use kube::runtime::controller::{Action, Config as ControllerConfig, Controller};
use kube::runtime::finalizer::{self, finalizer};
use kube::runtime::reflector::ObjectRef;
use kube::runtime::reflector::{self, reflector};
use kube::runtime::{PredicateConfig, WatchStreamExt, watcher};
use kube::{Client, Resource, ResourceExt};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backoff::{Backoff, jitter};
use crate::error::{ReconcileError, Result, ResultExt as _};
use crate::leader::run_as_leader;
use crate::metrics::{Metrics, Outcome};
use crate::options::Options;
use crate::server::Readiness;
use crate::shutdown::ShutdownSignal;

/// The finalizer every Flux controller puts on the objects it reconciles.
pub const FINALIZER: &str = ballast_api::meta::finalizers::FLUX;

/// One controller's logic for one kind. The runtime calls [`Reconciler::reconcile`]
/// for live, unsuspended objects that carry the finalizer, and
/// [`Reconciler::cleanup`] once for deleted ones before removing the finalizer.
pub trait Reconciler: Send + Sync + 'static {
    /// The kind reconciled.
    type Object: Resource<DynamicType = (), Scope = NamespaceResourceScope>
        + Clone
        + DeserializeOwned
        + Serialize
        + Debug
        + Send
        + Sync
        + 'static;

    /// Controller name: the metrics label and the log field, e.g. `gitrepository`.
    fn name(&self) -> &'static str;

    /// Whether `spec.suspend` is set: suspended objects are left alone.
    fn suspended(&self, obj: &Self::Object) -> bool;

    /// Brings the world in line with `obj` and writes its status.
    fn reconcile(
        &self,
        obj: Arc<Self::Object>,
    ) -> impl Future<Output = Result<Action, ReconcileError>> + Send;

    /// Releases what `obj` held (stored artifacts, applied objects) before it goes.
    fn cleanup(
        &self,
        obj: Arc<Self::Object>,
    ) -> impl Future<Output = Result<Action, ReconcileError>> + Send;
}

/// The object as the API server has it now, or `None` when it is gone, being deleted
/// or suspended. The watch cache can lag behind this controller's own last status
/// write (an intermediate status patch triggers the next run before the final one
/// arrives); acting on that stale status would repeat work or announce it twice.
pub async fn read_current<R: Reconciler>(
    reconciler: &R,
    client: &Client,
    obj: &R::Object,
) -> std::result::Result<Option<R::Object>, ReconcileError> {
    let api: Api<R::Object> = Api::namespaced(client.clone(), &obj.namespace().unwrap_or_default());
    let fresh = api
        .get_opt(&obj.name_any())
        .await
        .reason(ballast_api::meta::reasons::READ_OPERATION_FAILED)?;
    Ok(fresh.filter(|f| f.meta().deletion_timestamp.is_none() && !reconciler.suspended(f)))
}

/// What the reconcile and error-policy functions share.
struct Context<R: Reconciler> {
    reconciler: Arc<R>,
    client: Client,
    metrics: Metrics,
    backoff: Backoff<ObjectRef<R::Object>>,
}

type FinalizerError = finalizer::Error<ReconcileError>;

/// A requeue after `interval` moved by up to ±`percent`% (see `--interval-jitter-percentage`).
pub fn requeue_after(interval: Duration, percent: u8) -> Action {
    Action::requeue(jitter(interval, percent))
}

/// The watch configuration of `--watch-all-namespaces` and `--watch-label-selector`,
/// and the [`Api`] to watch through.
pub fn watched_api<K>(client: Client, options: &Options) -> (Api<K>, watcher::Config)
where
    K: Resource<DynamicType = (), Scope = NamespaceResourceScope>,
{
    let api = if options.watch_all_namespaces {
        Api::all(client)
    } else {
        Api::namespaced(client, &options.leader_election_namespace)
    };
    let mut config = watcher::Config::default();
    if !options.watch_label_selector.is_empty() {
        config = config.labels(&options.watch_label_selector);
    }
    (api, config)
}

/// A `Controller` for `R::Object` that honours the watch flags; add
/// `.watches(..)` for related kinds, then hand it to [`run_controller`].
/// `ready` learns when the first full list of the kind has been cached.
pub fn controller_for<R: Reconciler>(
    client: Client,
    options: &Options,
    ready: &Readiness,
) -> Controller<R::Object> {
    let (api, config) = watched_api::<R::Object>(client, options);
    let (reader, writer) = reflector::store();
    // NB: `Store::wait_until_ready` wakes only its last poller, and the
    // controller itself polls it, so readiness is read off the event stream.
    let tracker = ready.track();
    let events = reflector(writer, watcher(api, config)).inspect(move |event| {
        if matches!(event, Ok(watcher::Event::InitDone)) {
            tracker.mark_ready();
        }
    });
    let changes = events
        .applied_objects()
        .predicate_filter(reconcile_relevant::<R::Object>, PredicateConfig::default());
    Controller::for_stream(changes, reader)
}

/// What in an object asks for a reconcile, as Flux's predicates see it: the
/// spec (generation), annotations (`requestedAt`), finalizers (kube's
/// finalizer helper waits for its own add to come back) and deletion. A
/// status write alone does not, or every status change would loop back into
/// another reconcile.
fn reconcile_relevant<K: Resource>(obj: &K) -> Option<u64> {
    let meta = obj.meta();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        meta.generation,
        &meta.annotations,
        &meta.finalizers,
        meta.deletion_timestamp.as_ref().map(|t| t.0.to_string()),
    )
        .hash(&mut hasher);
    Some(hasher.finish())
}

/// Runs `controller` as the leader of the Lease `lease_name` (see
/// [`run_as_leader`]) until `shutdown` fires, then drains it: what every
/// controller binary does after building its `Controller`.
pub async fn run_elected<R: Reconciler>(
    controller: Controller<R::Object>,
    reconciler: Arc<R>,
    client: Client,
    options: &Options,
    metrics: Metrics,
    lease_name: &str,
    shutdown: ShutdownSignal,
) -> Result<()> {
    let work = run_controller(
        controller,
        reconciler,
        client.clone(),
        options,
        metrics,
        shutdown.clone().fired(),
    );
    run_as_leader(client, options, lease_name, &shutdown, work).await
}

/// Runs `controller` with `reconciler` until `shutdown` resolves, then lets
/// in-flight reconciles finish (bounded by `--graceful-shutdown-timeout`).
pub async fn run_controller<R, S>(
    controller: Controller<R::Object>,
    reconciler: Arc<R>,
    client: Client,
    options: &Options,
    metrics: Metrics,
    shutdown: S,
) -> Result<()>
where
    R: Reconciler,
    S: Future<Output = ()> + Send + Sync + 'static,
{
    let name = reconciler.name();
    metrics.set_max_concurrent(name, options.concurrent);
    let context = Arc::new(Context {
        reconciler,
        client,
        metrics,
        backoff: Backoff::new(options.min_retry_delay, options.max_retry_delay),
    });

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let shutdown_timeout = options.graceful_shutdown_timeout;
    let drain = controller
        .with_config(ControllerConfig::default().concurrency(options.concurrent))
        .graceful_shutdown_on(async move {
            shutdown.await;
            let _ = stop_tx.send(());
        })
        .run(reconcile::<R>, error_policy::<R>, context)
        .for_each(|result| async move {
            if let Err(err) = result {
                tracing::debug!(controller = name, %err, "reconcile loop");
            }
        });

    // NB: graceful shutdown waits for in-flight reconciles; a stuck one must
    // not keep the process alive past the timeout.
    tokio::pin!(drain);
    tokio::select! {
        () = &mut drain => Ok(()),
        _ = async {
            let _ = stop_rx.await;
            tokio::time::sleep(shutdown_timeout).await;
        } => {
            tracing::warn!(controller = name, "in-flight reconciles did not finish before the shutdown timeout");
            Ok(())
        }
    }
}

async fn reconcile<R: Reconciler>(
    obj: Arc<R::Object>,
    ctx: Arc<Context<R>>,
) -> Result<Action, FinalizerError> {
    let name = ctx.reconciler.name();
    let _worker = ctx.metrics.worker_started(name);
    let started = Instant::now();
    // Every Flux kind is namespaced.
    let api: Api<R::Object> =
        Api::namespaced(ctx.client.clone(), &obj.namespace().unwrap_or_default());
    let key = ObjectRef::from_obj(&*obj);

    let reconciler = ctx.reconciler.clone();
    let result = finalizer(&api, FINALIZER, obj.clone(), |event| async move {
        match event {
            finalizer::Event::Apply(obj) => {
                if reconciler.suspended(&obj) {
                    tracing::info!(controller = name, object = %ObjectRef::from_obj(&*obj), "suspended, skipping");
                    return Ok(Action::await_change());
                }
                reconciler.reconcile(obj).await
            }
            finalizer::Event::Cleanup(obj) => reconciler.cleanup(obj).await,
        }
    })
    .await;

    let outcome = match &result {
        Ok(_) => {
            ctx.backoff.reset(&key);
            Outcome::Success
        }
        Err(finalizer::Error::ApplyFailed(ReconcileError::Waiting { .. })) => Outcome::Requeue,
        Err(_) => Outcome::Error,
    };
    ctx.metrics.record(
        name,
        R::Object::kind(&()).as_ref(),
        &obj.namespace().unwrap_or_default(),
        &obj.name_any(),
        started.elapsed(),
        outcome,
    );
    result
}

fn error_policy<R: Reconciler>(
    obj: Arc<R::Object>,
    err: &FinalizerError,
    ctx: Arc<Context<R>>,
) -> Action {
    let name = ctx.reconciler.name();
    let object = ObjectRef::from_obj(&*obj);
    let reconcile_error = match err {
        finalizer::Error::ApplyFailed(e) | finalizer::Error::CleanupFailed(e) => Some(e),
        _ => None,
    };
    match reconcile_error {
        Some(ReconcileError::Stalled { reason, message }) => {
            tracing::error!(controller = name, %object, reason, message, "stalled until the object changes");
            Action::await_change()
        }
        Some(ReconcileError::Waiting {
            reason,
            message,
            retry_after,
        }) => {
            tracing::info!(controller = name, %object, reason, message, "waiting");
            Action::requeue(*retry_after)
        }
        Some(ReconcileError::Transient { reason, message }) => {
            let delay = ctx.backoff.next_delay(object.clone());
            tracing::error!(controller = name, %object, reason, message, retry_in = ?delay, "reconcile failed");
            Action::requeue(delay)
        }
        None if finalizer_raced(err) => {
            // The cached copy was older than the server's (the finalizer was
            // added meanwhile): the JSON patch's test failed, nothing was
            // written, and the next try reads the newer copy.
            let delay = ctx.backoff.next_delay(object.clone());
            tracing::debug!(controller = name, %object, error = %err, retry_in = ?delay, "finalizer patch raced a newer copy");
            Action::requeue(delay)
        }
        None => {
            let delay = ctx.backoff.next_delay(object.clone());
            tracing::error!(controller = name, %object, error = %err, retry_in = ?delay, "finalizer handling failed");
            Action::requeue(delay)
        }
    }
}

/// Whether a finalizer patch failed only because the object changed since
/// it was read (409 Conflict, or 422 from the patch's `test` operation).
fn finalizer_raced(err: &FinalizerError) -> bool {
    match err {
        finalizer::Error::AddFinalizer(kube::Error::Api(status))
        | finalizer::Error::RemoveFinalizer(kube::Error::Api(status)) => {
            matches!(status.code, 409 | 422)
        }
        _ => false,
    }
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutdown requested");
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::core::Status;

    fn api_error(code: u16) -> kube::Error {
        let mut status = Status::failure("the object changed", "Invalid");
        status.code = code;
        kube::Error::Api(Box::new(status))
    }

    #[test]
    fn only_stale_finalizer_patches_count_as_races() {
        assert!(finalizer_raced(&FinalizerError::AddFinalizer(api_error(
            422
        ))));
        assert!(finalizer_raced(&FinalizerError::RemoveFinalizer(
            api_error(409)
        )));
        assert!(!finalizer_raced(&FinalizerError::AddFinalizer(api_error(
            403
        ))));
        assert!(!finalizer_raced(&FinalizerError::ApplyFailed(
            ReconcileError::Transient {
                reason: "X",
                message: "y".to_string(),
            }
        )));
    }
}
