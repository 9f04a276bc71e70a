//! Drift heal: an object of a Kustomization's inventory that someone else
//! edits or deletes is re-applied within seconds, not at the next interval.
//!
//! ```text
//!  Kustomization events ──▶ Heal::track: the kinds of every inventory
//!  DriftWatch (crates/apply, one metadata watch per kind): the local
//!  cluster's, and one per remote kubeconfig (Secret and content) in use
//!     └─▶ Drift { object, owner labels, who changed what } + its cluster
//!           └─▶ owner Kustomization in the store? applying to that
//!               cluster? in its inventory? not suspended or deleting?
//!               ─▶ Event DriftDetected ─▶ reconcile it
//! ```
//!
//! The heal is the Kustomization's ordinary reconcile, whose apply is
//! dry-run-first and writes only the drifted objects; no desired state is
//! kept between reconciles. While a Kustomization reconciles, deletions of
//! its objects are held back and checked against the inventory it ends
//! with, so its own prune is not mistaken for a hand deletion; an edit
//! resolves [`drifted`], which ends a health-check wait so the heal does not
//! queue behind it.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use ballast_api::Kustomization;
use ballast_apply::{Drift, DriftChange, DriftEvents, DriftWatch, ObjectRef as ApplyRef};
use ballast_runtime::{Action, ReconcileError, Reconciler};
use futures::{Stream, StreamExt};
use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::api::events::v1::Event;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use k8s_openapi::jiff::Timestamp;
use kube::api::{Api, PostParams};
use kube::runtime::reflector::{ObjectRef, Store};
use kube::{Client, Resource};
use tokio::sync::mpsc;

use crate::kustomization::cluster::{self, KubeConfigPolicy};

/// The reason of the Event published on a Kustomization when one of its
/// objects drifted and is being re-applied.
pub const DRIFT_DETECTED: &str = "DriftDetected";

// NB: the labels kustomize-controller stamps on every applied object (see
// `owner_labels` in the reconciler); the drift watch selects on them.
const NAME_LABEL: &str = "kustomize.toolkit.fluxcd.io/name";
const NAMESPACE_LABEL: &str = "kustomize.toolkit.fluxcd.io/namespace";

type KsRef = ObjectRef<Kustomization>;

/// How many remote drifts may wait for the controller before the remote
/// watches pause.
const REMOTE_QUEUE: usize = 1024;

/// Heals per object within [`THROTTLE_WINDOW`] before it waits for the
/// Kustomization's interval instead.
const THROTTLE_BUDGET: u32 = 10;
const THROTTLE_WINDOW: Duration = Duration::from_secs(60);

/// Counts heals per object, so a writer that fights the controller (an
/// operator reverting every apply) does not become a reconcile loop.
#[derive(Default)]
struct Throttle {
    seen: HashMap<String, (Instant, u32)>,
}

impl Throttle {
    /// Counts one heal of `id` at `now`; past the budget, the error is
    /// the count within the window.
    fn admit(&mut self, id: &str, now: Instant) -> Result<(), u32> {
        if self.seen.len() > 4096 {
            self.seen
                .retain(|_, (start, _)| now.duration_since(*start) < THROTTLE_WINDOW);
        }
        let (start, count) = self.seen.entry(id.to_string()).or_insert((now, 0));
        if now.duration_since(*start) >= THROTTLE_WINDOW {
            (*start, *count) = (now, 0);
        }
        *count += 1;
        if *count <= THROTTLE_BUDGET {
            Ok(())
        } else {
            Err(*count)
        }
    }
}

/// A reconcile in progress: deletions held back, and the signal of an edit.
#[derive(Default)]
struct InFlight {
    held: Vec<Drift>,
    edited: Arc<Edited>,
}

/// Set when an object of the reconciling Kustomization is edited.
#[derive(Default)]
struct Edited {
    notify: tokio::sync::Notify,
    what: Mutex<Option<String>>,
}

tokio::task_local! {
    /// The edit signal of the Kustomization the current task reconciles.
    static EDITED: Arc<Edited>;
}

/// Resolves with a description (`drift of ConfigMap/default/app`) once an
/// inventory object of the Kustomization this task is reconciling is
/// edited by someone else; never, outside a reconcile. Lets long waits
/// (health checks) give way to the heal.
pub(crate) async fn drifted() -> String {
    let Ok(edited) = EDITED.try_with(Arc::clone) else {
        return std::future::pending().await;
    };
    loop {
        edited.notify.notified().await;
        let what = edited.what.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(what) = what {
            return what;
        }
    }
}

/// The drift heal's shared state: the watches, and the Kustomizations being
/// reconciled with the deletions held back meanwhile.
#[derive(Clone)]
pub(crate) struct Heal {
    watch: DriftWatch,
    shared: Arc<Shared>,
}

struct Shared {
    client: Client,
    field_manager: String,
    policy: KubeConfigPolicy,
    store: Store<Kustomization>,
    in_flight: Mutex<HashMap<KsRef, InFlight>>,
    retrigger: mpsc::UnboundedSender<KsRef>,
    throttle: Mutex<Throttle>,
    remotes: Mutex<Remotes>,
    remote_drifts: mpsc::Sender<(String, Drift)>,
}

/// The watches of remote clusters, keyed by kubeconfig (Secret and
/// content), and which Kustomization applies to which.
#[derive(Default)]
struct Remotes {
    of: HashMap<KsRef, String>,
    watches: HashMap<String, DriftWatch>,
}

impl Remotes {
    /// `key` no longer applies to a remote cluster; a watch nobody uses
    /// any more is dropped, which stops it.
    fn forget(&mut self, key: &KsRef) {
        if let Some(old) = self.of.remove(key)
            && !self.of.values().any(|remote| *remote == old)
        {
            tracing::debug!(remote = %old, "remote drift watch dropped");
            self.watches.remove(&old);
        }
    }
}

/// Reconcile requests for Kustomizations with drifted objects.
pub(crate) struct Triggers {
    drifts: DriftEvents,
    remote_drifts: mpsc::Receiver<(String, Drift)>,
    retriggers: mpsc::UnboundedReceiver<KsRef>,
    heal: Heal,
}

impl Heal {
    /// A heal for objects applied by `field_manager`, reading
    /// Kustomizations from `store` (the controller's) and remote
    /// kubeconfigs as `policy` allows, and the stream of Kustomizations to
    /// reconcile because their objects drifted.
    pub(crate) fn new(
        client: Client,
        field_manager: &str,
        store: Store<Kustomization>,
        policy: KubeConfigPolicy,
    ) -> (Heal, Triggers) {
        let (watch, drifts) = DriftWatch::new(
            client.clone(),
            field_manager,
            &[NAME_LABEL, NAMESPACE_LABEL],
        );
        let (retrigger, retriggers) = mpsc::unbounded_channel();
        let (remote_drift, remote_drifts) = mpsc::channel(REMOTE_QUEUE);
        let heal = Heal {
            watch,
            shared: Arc::new(Shared {
                client,
                field_manager: field_manager.to_string(),
                policy,
                store,
                remotes: Mutex::new(Remotes::default()),
                remote_drifts: remote_drift,
                in_flight: Mutex::new(HashMap::new()),
                throttle: Mutex::new(Throttle::default()),
                retrigger,
            }),
        };
        let triggers = Triggers {
            drifts,
            remote_drifts,
            retriggers,
            heal: heal.clone(),
        };
        (heal, triggers)
    }

    /// Watches the kinds of `ks`'s inventory on the cluster it applies to
    /// (new kinds only; cheap otherwise). A remote cluster is watched from
    /// `ks`'s first reconcile on, see [`Heal::follow`].
    pub(crate) fn track(&self, ks: &Kustomization) {
        let watch = if ks.spec.kube_config.is_some() {
            let remotes = self.remotes();
            let watch = remotes
                .of
                .get(&KsRef::from_obj(ks))
                .and_then(|remote| remotes.watches.get(remote));
            match watch {
                Some(watch) => watch.clone(),
                None => return,
            }
        } else {
            self.watch.clone()
        };
        let entries = ks
            .status
            .as_ref()
            .and_then(|s| s.inventory.as_ref())
            .map(|inv| inv.entries.as_slice())
            .unwrap_or_default();
        for entry in entries {
            if let Ok(object) = ApplyRef::parse_id(&entry.id, entry.version.as_str()) {
                watch.track(&object);
            }
        }
    }

    /// Makes sure the remote cluster `ks` applies to (if any) is watched,
    /// sharing the watch with every Kustomization of the same kubeconfig
    /// Secret and content; a watch nobody uses any more stops.
    async fn follow(&self, ks: &Kustomization) {
        let key = KsRef::from_obj(ks);
        let kubeconfig = match cluster::remote_kubeconfig(&self.shared.client, ks).await {
            Ok(Some(kubeconfig)) => kubeconfig,
            Ok(None) => return self.remotes().forget(&key),
            Err(err) => {
                // The reconcile reports it; nothing to watch meanwhile.
                tracing::debug!(kustomization = %key, %err, "no remote drift watch");
                return self.remotes().forget(&key);
            }
        };
        let remote = kubeconfig.key();
        let watched = {
            let remotes = self.remotes();
            remotes.watches.contains_key(&remote)
        };
        let fresh = if watched {
            None
        } else {
            // NB: as the kubeconfig's own identity, not an impersonated
            // account: the watch lists its kinds cluster-wide.
            match kubeconfig.client(&self.shared.policy, None).await {
                Ok(client) => Some(DriftWatch::new(
                    client,
                    self.shared.field_manager.as_str(),
                    &[NAME_LABEL, NAMESPACE_LABEL],
                )),
                Err(err) => {
                    tracing::debug!(kustomization = %key, %err, "no remote drift watch");
                    return self.remotes().forget(&key);
                }
            }
        };
        {
            let mut remotes = self.remotes();
            if remotes.of.get(&key) != Some(&remote) {
                remotes.forget(&key);
            }
            if let Some((watch, drifts)) = fresh
                && !remotes.watches.contains_key(&remote)
            {
                tracing::debug!(remote = %remote, "remote drift watch started");
                remotes.watches.insert(remote.clone(), watch);
                tokio::spawn(forward(
                    remote.clone(),
                    drifts,
                    self.shared.remote_drifts.clone(),
                ));
            }
            remotes.of.insert(key, remote);
        }
        self.track(ks);
    }

    fn remotes(&self) -> std::sync::MutexGuard<'_, Remotes> {
        self.shared
            .remotes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `ks` (`key`) applies to the cluster a drift came from:
    /// `origin` is `None` for the local cluster, else a remote's key.
    fn applies_to(&self, key: &KsRef, ks: &Kustomization, origin: Option<&str>) -> bool {
        match origin {
            None => ks.spec.kube_config.is_none(),
            Some(remote) => {
                ks.spec.kube_config.is_some()
                    && self.remotes().of.get(key).is_some_and(|r| r == remote)
            }
        }
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, HashMap<KsRef, InFlight>> {
        // NB: a poisoned map is still a valid map.
        self.shared
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The Kustomization to reconcile for `drift`, seen on the cluster
    /// `origin` (`None`: the local one), if it is to be healed now.
    fn on_drift(&self, origin: Option<&str>, drift: Drift) -> Option<KsRef> {
        let name = drift.owner.get(NAME_LABEL)?;
        let namespace = drift.owner.get(NAMESPACE_LABEL)?;
        let key = KsRef::new(name).within(namespace);
        let ks = self.shared.store.get(&key)?;
        // NB: an object of the same name and labels on another cluster is
        // not this Kustomization's.
        if !active(&ks) || !self.applies_to(&key, &ks, origin) {
            return None;
        }
        let listed = in_inventory(&ks, &drift.object);
        let reconciling = {
            let mut in_flight = self.in_flight();
            match in_flight.get_mut(&key) {
                // A deletion may be its own prune, and an object not in the
                // stored inventory may be new in this reconcile: both are
                // decided against the inventory it ends with.
                Some(current) if drift.change == DriftChange::Deleted || !listed => {
                    tracing::debug!(kustomization = %key, %drift, "drift during reconcile held back");
                    current.held.push(drift);
                    return None;
                }
                Some(current) => Some(current.edited.clone()),
                None => None,
            }
        };
        if !listed || !self.admit(&key, &ks, &drift) {
            return None;
        }
        if let Some(edited) = reconciling {
            *edited.what.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(format!("drift of {}", drift.object.subject()));
            edited.notify.notify_one();
        }
        self.announce(&ks, &drift);
        Some(key)
    }

    /// Counts a heal of the drifted object; past the budget, says so once
    /// (Warning event) and refuses.
    fn admit(&self, key: &KsRef, ks: &Kustomization, drift: &Drift) -> bool {
        let admitted = self
            .shared
            .throttle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .admit(&format!("{key}/{}", drift.object.id()), Instant::now());
        match admitted {
            Ok(()) => true,
            Err(count) => {
                if count == THROTTLE_BUDGET + 1 {
                    let note = format!(
                        "{drift}; drifted more than {THROTTLE_BUDGET} times within {}s, left for the next reconcile",
                        THROTTLE_WINDOW.as_secs()
                    );
                    tracing::warn!(kustomization = %key, %drift, "drift heal throttled");
                    self.publish(drift_event(ks, drift, true, note));
                }
                false
            }
        }
    }

    /// Logs the drift and publishes the Event naming who changed what.
    fn announce(&self, ks: &Kustomization, drift: &Drift) {
        tracing::info!(kustomization = %KsRef::from_obj(ks), %drift, "drift detected, re-applying");
        self.publish(drift_event(
            ks,
            drift,
            false,
            format!("{drift}; re-applying"),
        ));
    }

    fn publish(&self, event: Event) {
        let api: Api<Event> = Api::namespaced(
            self.shared.client.clone(),
            event.metadata.namespace.as_deref().unwrap_or_default(),
        );
        tokio::spawn(async move {
            if let Err(err) = api.create(&PostParams::default(), &event).await {
                tracing::warn!(%err, "cannot publish drift event");
            }
        });
    }

    /// Starts a reconcile of `key`; returns its edit signal.
    fn begin(&self, key: &KsRef) -> Arc<Edited> {
        let in_flight = InFlight::default();
        let edited = in_flight.edited.clone();
        self.in_flight().insert(key.clone(), in_flight);
        edited
    }

    /// Ends a reconcile: deletions held back meanwhile are healed if the
    /// objects are still in the inventory the reconcile left.
    async fn end(&self, key: &KsRef) {
        let held = self
            .in_flight()
            .remove(key)
            .map(|f| f.held)
            .unwrap_or_default();
        if held.is_empty() {
            return;
        }
        let api: Api<Kustomization> = Api::namespaced(
            self.shared.client.clone(),
            key.namespace.as_deref().unwrap_or_default(),
        );
        let ks = match api.get_opt(&key.name).await {
            Ok(Some(ks)) => ks,
            Ok(None) => return,
            Err(err) => {
                // The next interval heals what this misses.
                tracing::warn!(kustomization = %key, %err, "cannot re-read after reconcile; held-back deletions wait for the interval");
                return;
            }
        };
        if !active(&ks) {
            return;
        }
        let mut healing = false;
        for drift in held
            .iter()
            .filter(|d| in_inventory(&ks, &d.object) && self.admit(key, &ks, d))
        {
            self.announce(&ks, drift);
            healing = true;
        }
        if healing {
            let _ = self.shared.retrigger.send(key.clone());
        }
    }
}

/// The Event on `ks` about `drift`, with the drifted object as `related`.
///
/// NB: written directly rather than through kube's `Recorder`, which keys
/// its event series by reason and object, not by note: a second drift on
/// the same Kustomization would only bump the first event's count and its
/// note (who changed what) would be lost.
fn drift_event(ks: &Kustomization, drift: &Drift, warning: bool, mut note: String) -> Event {
    let now = Timestamp::now();
    let regarding = ks.object_ref(&());
    let object = &drift.object;
    if note.len() > 1024 {
        let mut end = 1021;
        while !note.is_char_boundary(end) {
            end -= 1;
        }
        note.truncate(end);
        note.push_str("...");
    }
    let controller = crate::CONTROLLER_NAME.to_string();
    Event {
        metadata: ObjectMeta {
            name: Some(format!(
                "{}.{:x}",
                regarding.name.as_deref().unwrap_or(&controller),
                now.as_nanosecond()
            )),
            namespace: regarding.namespace.clone(),
            ..ObjectMeta::default()
        },
        action: Some("Heal".to_string()),
        reason: Some(DRIFT_DETECTED.to_string()),
        note: Some(note),
        type_: Some(if warning { "Warning" } else { "Normal" }.to_string()),
        event_time: Some(MicroTime(now)),
        reporting_controller: Some(controller.clone()),
        reporting_instance: Some(std::env::var("POD_NAME").unwrap_or(controller)),
        related: Some(ObjectReference {
            api_version: Some(object.api_version()),
            kind: Some(object.kind.clone()),
            namespace: (!object.namespace.is_empty()).then(|| object.namespace.clone()),
            name: Some(object.name.clone()),
            ..ObjectReference::default()
        }),
        regarding: Some(regarding),
        ..Event::default()
    }
}

/// Whether `ks` heals at all: neither suspended nor being deleted.
fn active(ks: &Kustomization) -> bool {
    !ks.spec.suspended() && ks.metadata.deletion_timestamp.is_none()
}

/// Whether `object` is in the inventory of `ks`.
fn in_inventory(ks: &Kustomization, object: &ApplyRef) -> bool {
    let id = object.id();
    ks.status
        .as_ref()
        .and_then(|s| s.inventory.as_ref())
        .is_some_and(|inv| inv.entries.iter().any(|e| e.id == id))
}

/// Passes the drifts of the remote cluster `remote` on, until its watch
/// is dropped.
async fn forward(remote: String, mut drifts: DriftEvents, to: mpsc::Sender<(String, Drift)>) {
    while let Some(drift) = drifts.next().await {
        if to.send((remote.clone(), drift)).await.is_err() {
            return;
        }
    }
}

impl Stream for Triggers {
    type Item = KsRef;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<KsRef>> {
        if let Poll::Ready(Some(key)) = self.retriggers.poll_recv(cx) {
            return Poll::Ready(Some(key));
        }
        loop {
            let (origin, drift) = match self.drifts.poll_next_unpin(cx) {
                Poll::Ready(Some(drift)) => (None, drift),
                // The local watch stopped: so does healing.
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => match self.remote_drifts.poll_recv(cx) {
                    Poll::Ready(Some((remote, drift))) => (Some(remote), drift),
                    // NB: never ends while `heal` holds its sender.
                    Poll::Ready(None) | Poll::Pending => return Poll::Pending,
                },
            };
            if let Some(key) = self.heal.on_drift(origin.as_deref(), drift) {
                return Poll::Ready(Some(key));
            }
        }
    }
}

/// A reconciler that tells the [`Heal`] when each Kustomization reconciles.
pub(crate) struct Healing<R> {
    inner: R,
    heal: Heal,
}

impl<R> Healing<R> {
    pub(crate) fn new(inner: R, heal: Heal) -> Self {
        Self { inner, heal }
    }
}

impl<R: Reconciler<Object = Kustomization>> Reconciler for Healing<R> {
    type Object = Kustomization;

    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn suspended(&self, obj: &Kustomization) -> bool {
        self.inner.suspended(obj)
    }

    async fn reconcile(&self, obj: Arc<Kustomization>) -> Result<Action, ReconcileError> {
        let key = KsRef::from_obj(&*obj);
        self.heal.follow(&obj).await;
        let edited = self.heal.begin(&key);
        let result = EDITED.scope(edited, self.inner.reconcile(obj)).await;
        self.heal.end(&key).await;
        result
    }

    async fn cleanup(&self, obj: Arc<Kustomization>) -> Result<Action, ReconcileError> {
        // Deleting Kustomizations are never healed; nothing to hold back,
        // and their remote cluster is no longer watched for them.
        self.heal.remotes().forget(&KsRef::from_obj(&*obj));
        self.inner.cleanup(obj).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kustomization(suspend: bool, ids: &[&str]) -> Kustomization {
        serde_json::from_value(serde_json::json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": {"name": "apps", "namespace": "flux-system"},
            "spec": {"interval": "10m", "prune": true, "suspend": suspend,
                     "sourceRef": {"kind": "GitRepository", "name": "repo"}},
            "status": {"inventory": {"entries": ids.iter().map(|id| serde_json::json!({"id": id, "v": "v1"})).collect::<Vec<_>>()}}
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn a_remote_watch_lives_while_a_kustomization_uses_it() {
        // NB: never connects: nothing is tracked.
        let client = Client::new(
            tower::service_fn(|_: http::Request<kube::client::Body>| async {
                Err::<http::Response<kube::client::Body>, _>(std::io::Error::other("offline"))
            }),
            "default",
        );
        let (watch, mut drifts) = DriftWatch::new(client, "kustomize-controller", &[NAME_LABEL]);
        let mut remotes = Remotes::default();
        remotes.watches.insert("ns/kubeconfig#1".into(), watch);
        for name in ["a", "b"] {
            let key = KsRef::new(name).within("ns");
            remotes.of.insert(key, "ns/kubeconfig#1".into());
        }
        remotes.forget(&KsRef::new("a").within("ns"));
        assert!(
            remotes.watches.contains_key("ns/kubeconfig#1"),
            "b still uses it"
        );
        remotes.forget(&KsRef::new("b").within("ns"));
        assert!(remotes.watches.is_empty());
        // Dropped with its last user: its drift stream ends.
        let end = tokio::time::timeout(Duration::from_secs(10), drifts.next()).await;
        assert_eq!(end.ok(), Some(None));
    }

    #[test]
    fn an_object_healed_too_often_waits_for_the_window() {
        let mut throttle = Throttle::default();
        let start = Instant::now();
        for _ in 0..THROTTLE_BUDGET {
            assert_eq!(throttle.admit("a", start), Ok(()));
        }
        assert_eq!(throttle.admit("a", start), Err(THROTTLE_BUDGET + 1));
        assert_eq!(throttle.admit("b", start), Ok(()), "budgets are per object");
        assert_eq!(throttle.admit("a", start + THROTTLE_WINDOW), Ok(()));
    }

    #[test]
    fn only_inventory_objects_of_active_kustomizations_are_healed() {
        let app = ApplyRef::new("", "v1", "ConfigMap", "default", "app");
        let other = ApplyRef::new("", "v1", "ConfigMap", "default", "other");
        let ks = kustomization(false, &["default_app__ConfigMap"]);
        assert!(active(&ks) && in_inventory(&ks, &app));
        assert!(!in_inventory(&ks, &other));
        assert!(!active(&kustomization(true, &["default_app__ConfigMap"])));
        let mut deleting = ks.clone();
        deleting.metadata.deletion_timestamp =
            Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
                k8s_openapi::jiff::Timestamp::UNIX_EPOCH,
            ));
        assert!(!active(&deleting));
    }
}
