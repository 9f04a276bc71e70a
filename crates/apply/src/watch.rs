//! Drift watch: notices, within a watch round trip, that someone other than
//! the engine changed or deleted an applied object, so the owner can heal it
//! at once instead of at its next interval.
//!
//! ```text
//!  track(ObjectRef) ─▶ one metadata-only watch per kind (cluster-wide,
//!                      selected by the owner label keys)
//!  watch event ─▶ managedFields: did the engine's fields shrink while its
//!                 own entries kept their time? ─▶ Drift { object, owner, change }
//! ```
//!
//! Only metadata is kept, and of it only a few numbers per object: the
//! number of fields the engine owns, a hash of its entries' times and hashes
//! of the other managers' entries (to name who changed what).
//!
//! Why "the engine's fields shrank": a write by another manager that changes
//! a value the engine applied moves that field to the writer; removing it
//! drops it from every manager. Writes that only add fields the engine never
//! applied (a controller setting `spec.clusterIP` or a revision annotation)
//! and `status` subresource writes leave the engine's set alone, so they do
//! not trigger a heal. The engine's own applies change its entries' time (or
//! grow its set), so they do not either.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{Stream, StreamExt};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta};
use kube::Client;
use kube::api::{Api, DynamicObject};
use kube::core::PartialObjectMeta;
use kube::runtime::watcher::{self, Event};
use kube::runtime::{WatchStreamExt, watcher as watch_stream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::manager::RECONCILE_ANNOTATION;
use crate::object_ref::ObjectRef;

/// How many drift notices may wait for the consumer before watches pause.
const QUEUE: usize = 1024;
/// At most this many field paths are named in a [`DriftChange::Modified`].
const MAX_FIELDS: usize = 8;

/// What happened to a drifted object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftChange {
    /// Fields the engine applied were changed or removed by another writer.
    Modified {
        /// The field manager that wrote last (from `managedFields`), when
        /// one can be told; a removal leaves no trace of its author.
        manager: Option<String>,
        /// Field paths that manager owns now, e.g. `.data.value` (at most 8).
        fields: Vec<String>,
    },
    /// The object was deleted.
    Deleted,
}

/// An applied object that no longer matches what the engine applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The object.
    pub object: ObjectRef,
    /// Its owner label values (keys as given to [`DriftWatch::new`]).
    pub owner: BTreeMap<String, String>,
    /// What happened.
    pub change: DriftChange,
}

/// `ConfigMap/default/app: .data.value changed by kubectl-edit`, or
/// `ConfigMap/default/app deleted`.
impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let subject = self.object.subject();
        match &self.change {
            DriftChange::Deleted => write!(f, "{subject} deleted"),
            DriftChange::Modified { manager, fields } => {
                write!(f, "{subject}: ")?;
                if fields.is_empty() {
                    write!(f, "fields removed")?;
                } else {
                    write!(f, "{} changed", fields.join(", "))?;
                }
                match manager {
                    Some(m) => write!(f, " by {m}"),
                    None => write!(f, " by another writer"),
                }
            }
        }
    }
}

/// Watches the kinds of applied objects and reports [`Drift`]s on the
/// stream returned by [`DriftWatch::new`]. Cloning shares the watches; they
/// stop when the last clone is dropped or the stream is dropped.
#[derive(Clone)]
pub struct DriftWatch {
    shared: Arc<Shared>,
}

impl fmt::Debug for DriftWatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DriftWatch")
            .field("field_manager", &self.shared.settings.field_manager)
            .field("owner_label_keys", &self.shared.settings.owner_keys)
            .finish_non_exhaustive()
    }
}

/// The stream of [`Drift`]s of a [`DriftWatch`].
#[derive(Debug)]
pub struct DriftEvents {
    receiver: mpsc::Receiver<Drift>,
}

impl Stream for DriftEvents {
    type Item = Drift;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Drift>> {
        self.receiver.poll_recv(cx)
    }
}

/// What every per-kind watch task needs.
#[derive(Clone)]
struct Settings {
    client: Client,
    field_manager: String,
    owner_keys: Vec<String>,
    sender: mpsc::Sender<Drift>,
    stop: CancellationToken,
}

struct Shared {
    settings: Settings,
    /// `(group, kind)` pairs already watched.
    kinds: Mutex<HashSet<(String, String)>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.settings.stop.cancel();
    }
}

impl DriftWatch {
    /// A watch for objects applied by `field_manager` and labelled with all
    /// of `owner_label_keys` (for kustomize-controller:
    /// `kustomize.toolkit.fluxcd.io/name` and `/namespace`). Nothing is
    /// watched until [`DriftWatch::track`] names a kind.
    pub fn new(
        client: Client,
        field_manager: impl Into<String>,
        owner_label_keys: &[&str],
    ) -> (DriftWatch, DriftEvents) {
        let (sender, receiver) = mpsc::channel(QUEUE);
        let settings = Settings {
            client,
            field_manager: field_manager.into(),
            owner_keys: owner_label_keys.iter().map(|k| k.to_string()).collect(),
            sender,
            stop: CancellationToken::new(),
        };
        let watch = DriftWatch {
            shared: Arc::new(Shared {
                settings,
                kinds: Mutex::new(HashSet::new()),
            }),
        };
        (watch, DriftEvents { receiver })
    }

    /// Makes sure `object`'s kind is watched (one watch per group and kind,
    /// whatever the version). Cheap when it already is; must be called
    /// inside a tokio runtime.
    pub fn track(&self, object: &ObjectRef) {
        let key = (object.group.clone(), object.kind.clone());
        {
            // NB: a poisoned set is still a valid set.
            let mut kinds = self.shared.kinds.lock().unwrap_or_else(|e| e.into_inner());
            if kinds.contains(&key) {
                return;
            }
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                tracing::warn!(kind = %object.kind, "drift watch needs a tokio runtime; not watching");
                return;
            };
            kinds.insert(key);
            runtime.spawn(watch_kind(self.shared.settings.clone(), object.clone()));
        }
    }
}

/// Watches one kind until stopped: discovery (retried until the kind is
/// served), then a metadata-only watch selected by the owner label keys.
async fn watch_kind(settings: Settings, sample: ObjectRef) {
    let gvk = sample.gvk();
    let mut retry = Duration::from_millis(500);
    let resource = loop {
        let found = tokio::select! {
            () = settings.stop.cancelled() => return,
            found = kube::discovery::pinned_kind(&settings.client, &gvk) => found,
        };
        match found {
            Ok((resource, _)) => break resource,
            Err(err) => {
                tracing::warn!(kind = %sample.kind, group = %sample.group, %err, "drift watch: kind not served yet, retrying");
                tokio::select! {
                    () = settings.stop.cancelled() => return,
                    () = tokio::time::sleep(retry) => {}
                }
                retry = (retry * 2).min(Duration::from_secs(30));
            }
        }
    };
    // NB: an `Api` of `PartialObjectMeta` asks for metadata only; a server
    // that ignores the request sends whole objects, of which only the
    // metadata is parsed and kept.
    let api: Api<PartialObjectMeta<DynamicObject>> =
        Api::all_with(settings.client.clone(), &resource);
    let config = watcher::Config::default().labels(&settings.owner_keys.join(","));
    let events = watch_stream(api, config).default_backoff();
    futures::pin_mut!(events);
    let mut state = KindState::new(&resource.group, &resource.version, &resource.kind);
    tracing::debug!(kind = %resource.kind, group = %resource.group, "drift watch started");
    loop {
        let event = tokio::select! {
            () = settings.stop.cancelled() => return,
            event = events.next() => event,
        };
        match event {
            None => return,
            Some(Err(err)) => {
                tracing::debug!(kind = %resource.kind, %err, "drift watch: watch error, retrying");
            }
            Some(Ok(event)) => {
                for drift in state.observe(event, &settings) {
                    tracing::debug!(%drift, "drift detected");
                    if settings.sender.send(drift).await.is_err() {
                        return; // Nobody listens any more.
                    }
                }
            }
        }
    }
}

/// What is remembered of one object between watch events.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    /// Owner label values, in the order of the owner keys.
    owner: Box<[String]>,
    /// How many field paths the engine's entries hold.
    own_fields: usize,
    /// The latest time of the engine's entries, in seconds: it moves on
    /// when the engine writes. (An entry emptied by another writer goes
    /// away, so only the latest time says whether the engine wrote.)
    own_latest: Option<i64>,
    /// Hashes of the other managers' (non-status) entries, with their time.
    others: Box<[u64]>,
}

/// Per-kind memory: the objects seen, and during a relist the ones listed.
struct KindState {
    group: String,
    version: String,
    kind: String,
    seen: HashMap<(String, String), Seen>,
    relisted: Option<HashSet<(String, String)>>,
}

impl KindState {
    fn new(group: &str, version: &str, kind: &str) -> Self {
        KindState {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            seen: HashMap::new(),
            relisted: None,
        }
    }

    fn object_ref(&self, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef::new(&self.group, &self.version, &self.kind, namespace, name)
    }

    fn owner_map(settings: &Settings, owner: &[String]) -> BTreeMap<String, String> {
        settings
            .owner_keys
            .iter()
            .cloned()
            .zip(owner.iter().cloned())
            .collect()
    }

    /// Updates the memory with one watch event and returns the drifts it shows.
    fn observe(
        &mut self,
        event: Event<PartialObjectMeta<DynamicObject>>,
        settings: &Settings,
    ) -> Vec<Drift> {
        match event {
            Event::Init => {
                self.relisted = Some(HashSet::new());
                Vec::new()
            }
            Event::InitApply(object) => {
                let key = key_of(&object.metadata);
                let drift = self.applied(&object.metadata, settings);
                if let Some(listed) = &mut self.relisted {
                    listed.insert(key);
                }
                drift.into_iter().collect()
            }
            Event::InitDone => {
                // Objects gone while the watch was re-listing were deleted.
                let Some(listed) = self.relisted.take() else {
                    return Vec::new();
                };
                let gone: Vec<(String, String)> = self
                    .seen
                    .keys()
                    .filter(|k| !listed.contains(*k))
                    .cloned()
                    .collect();
                gone.into_iter()
                    .filter_map(|key| {
                        let seen = self.seen.remove(&key)?;
                        Some(Drift {
                            object: self.object_ref(&key.0, &key.1),
                            owner: Self::owner_map(settings, &seen.owner),
                            change: DriftChange::Deleted,
                        })
                    })
                    .collect()
            }
            Event::Apply(object) => self
                .applied(&object.metadata, settings)
                .into_iter()
                .collect(),
            Event::Delete(object) => {
                let key = key_of(&object.metadata);
                self.seen.remove(&key);
                if opted_out(&object.metadata) {
                    return Vec::new();
                }
                let Some(owner) = owner_of(&object.metadata, &settings.owner_keys) else {
                    return Vec::new();
                };
                vec![Drift {
                    object: self.object_ref(&key.0, &key.1),
                    owner: Self::owner_map(settings, &owner),
                    change: DriftChange::Deleted,
                }]
            }
        }
    }

    /// Records an added or changed object; returns a drift when the
    /// engine's fields shrank without the engine writing.
    fn applied(&mut self, metadata: &ObjectMeta, settings: &Settings) -> Option<Drift> {
        let key = key_of(metadata);
        let Some(owner) = owner_of(metadata, &settings.owner_keys) else {
            // Labels removed: no longer this engine's object to watch.
            self.seen.remove(&key);
            return None;
        };
        let entries = metadata.managed_fields.as_deref().unwrap_or_default();
        let now = snapshot(entries, &settings.field_manager, owner);
        let previous = self.seen.insert(key.clone(), now.clone())?;
        let shrank = now.own_fields < previous.own_fields && now.own_latest <= previous.own_latest;
        if !shrank || opted_out(metadata) || previous.owner != now.owner {
            return None;
        }
        // The writer: a non-status entry of another manager that is new or
        // has a new time; the latest of them if several.
        let writer = entries
            .iter()
            .filter(|e| is_other(e, &settings.field_manager))
            .filter(|e| !previous.others.contains(&entry_hash(e)))
            .max_by(|a, b| {
                a.time
                    .as_ref()
                    .map(|t| t.0)
                    .cmp(&b.time.as_ref().map(|t| t.0))
            });
        let change = DriftChange::Modified {
            manager: writer.and_then(|e| e.manager.clone()),
            fields: writer
                .and_then(|e| e.fields_v1.as_ref())
                .map(|f| field_paths(&f.0))
                .unwrap_or_default(),
        };
        Some(Drift {
            object: self.object_ref(&key.0, &key.1),
            owner: Self::owner_map(settings, &now.owner),
            change,
        })
    }
}

fn key_of(metadata: &ObjectMeta) -> (String, String) {
    (
        metadata.namespace.clone().unwrap_or_default(),
        metadata.name.clone().unwrap_or_default(),
    )
}

/// The owner label values, when every owner key is present.
fn owner_of(metadata: &ObjectMeta, keys: &[String]) -> Option<Box<[String]>> {
    let labels = metadata.labels.as_ref()?;
    keys.iter().map(|k| labels.get(k).cloned()).collect()
}

/// `kustomize.toolkit.fluxcd.io/reconcile: disabled` as an annotation or label.
fn opted_out(metadata: &ObjectMeta) -> bool {
    [&metadata.annotations, &metadata.labels]
        .into_iter()
        .flatten()
        .filter_map(|m| m.get(RECONCILE_ANNOTATION))
        .any(|v| v.eq_ignore_ascii_case("disabled"))
}

fn is_own(entry: &ManagedFieldsEntry, field_manager: &str) -> bool {
    entry.manager.as_deref() == Some(field_manager)
}

/// Another manager's entry for the object itself (not its status).
fn is_other(entry: &ManagedFieldsEntry, field_manager: &str) -> bool {
    !is_own(entry, field_manager) && entry.subresource.as_deref().is_none_or(|s| s.is_empty())
}

fn entry_hash(entry: &ManagedFieldsEntry) -> u64 {
    let mut h = DefaultHasher::new();
    entry.manager.hash(&mut h);
    entry.operation.hash(&mut h);
    entry.subresource.hash(&mut h);
    entry.time.as_ref().map(|t| t.0).hash(&mut h);
    h.finish()
}

fn snapshot(entries: &[ManagedFieldsEntry], field_manager: &str, owner: Box<[String]>) -> Seen {
    let own: Vec<&ManagedFieldsEntry> = entries
        .iter()
        .filter(|e| is_own(e, field_manager))
        .collect();
    let own_fields = own
        .iter()
        .filter_map(|e| e.fields_v1.as_ref())
        .map(|f| count_fields(&f.0))
        .sum();
    Seen {
        owner,
        own_fields,
        own_latest: own
            .iter()
            .filter_map(|e| e.time.as_ref())
            .map(|t| t.0.as_second())
            .max(),
        others: entries
            .iter()
            .filter(|e| is_other(e, field_manager))
            .map(entry_hash)
            .collect(),
    }
}

/// Number of nodes in a `fieldsV1` tree.
fn count_fields(value: &serde_json::Value) -> usize {
    match value.as_object() {
        Some(map) => map.values().map(|v| 1 + count_fields(v)).sum(),
        None => 0,
    }
}

/// Leaf paths of a `fieldsV1` tree as `.data.value`, `.spec.template...`;
/// list items show their key (`[name=web]`).
fn field_paths(value: &serde_json::Value) -> Vec<String> {
    fn walk(value: &serde_json::Value, path: &mut String, out: &mut Vec<String>) {
        let Some(map) = value.as_object() else { return };
        let children: Vec<(&String, &serde_json::Value)> =
            map.iter().filter(|(k, _)| k.as_str() != ".").collect();
        if children.is_empty() {
            if !path.is_empty() && out.len() < MAX_FIELDS {
                out.push(path.clone());
            }
            return;
        }
        for (key, child) in children {
            let len = path.len();
            if let Some(field) = key.strip_prefix("f:") {
                path.push('.');
                path.push_str(field);
            } else if let Some(item) = key.strip_prefix("k:") {
                path.push_str(&list_key(item));
            } else if let Some(item) = key.strip_prefix("v:") {
                path.push('[');
                path.push_str(item);
                path.push(']');
            } else if let Some(index) = key.strip_prefix("i:") {
                path.push('[');
                path.push_str(index);
                path.push(']');
            }
            walk(child, path, out);
            path.truncate(len);
        }
    }
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

/// `{"name":"web"}` → `[name=web]`.
fn list_key(item: &str) -> String {
    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(item) {
        Ok(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| match v.as_str() {
                    Some(s) => format!("{k}={s}"),
                    None => format!("{k}={v}"),
                })
                .collect();
            format!("[{}]", parts.join(","))
        }
        Err(_) => format!("[{item}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{FieldsV1, Time};
    use serde_json::json;

    const OWNER: &str = "kustomize.toolkit.fluxcd.io/name";

    fn entry(
        manager: &str,
        operation: &str,
        sub: Option<&str>,
        second: i64,
        fields: serde_json::Value,
    ) -> ManagedFieldsEntry {
        ManagedFieldsEntry {
            manager: Some(manager.into()),
            operation: Some(operation.into()),
            subresource: sub.map(str::to_string),
            time: Some(Time(
                k8s_openapi::jiff::Timestamp::from_second(1_700_000_000 + second).unwrap(),
            )),
            fields_v1: Some(FieldsV1(fields)),
            api_version: Some("v1".into()),
            fields_type: Some("FieldsV1".into()),
        }
    }

    fn object(
        entries: Vec<ManagedFieldsEntry>,
        annotations: &[(&str, &str)],
    ) -> PartialObjectMeta<DynamicObject> {
        PartialObjectMeta {
            types: None,
            metadata: ObjectMeta {
                name: Some("app".into()),
                namespace: Some("default".into()),
                labels: Some([(OWNER.to_string(), "apps".to_string())].into()),
                annotations: Some(
                    annotations
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                managed_fields: Some(entries),
                ..ObjectMeta::default()
            },
            _phantom: std::marker::PhantomData,
        }
    }

    fn settings() -> Settings {
        let (sender, _) = mpsc::channel(1);
        // A client is never used by `observe`; any URL will do.
        let config = kube::Config::new("http://127.0.0.1:1".parse().unwrap());
        Settings {
            client: Client::try_from(config).unwrap(),
            field_manager: "kustomize-controller".into(),
            owner_keys: vec![OWNER.into()],
            sender,
            stop: CancellationToken::new(),
        }
    }

    fn applied_by_us(second: i64) -> ManagedFieldsEntry {
        entry(
            "kustomize-controller",
            "Apply",
            None,
            second,
            json!({"f:data": {"f:value": {}, "f:other": {}}, "f:metadata": {"f:labels": {"f:kustomize.toolkit.fluxcd.io/name": {}}}}),
        )
    }

    fn after_hand_edit(manager: &str, second: i64) -> Vec<ManagedFieldsEntry> {
        vec![
            entry(
                "kustomize-controller",
                "Apply",
                None,
                0,
                json!({"f:data": {"f:other": {}}, "f:metadata": {"f:labels": {"f:kustomize.toolkit.fluxcd.io/name": {}}}}),
            ),
            entry(
                manager,
                "Update",
                None,
                second,
                json!({"f:data": {"f:value": {}}}),
            ),
        ]
    }

    #[tokio::test]
    async fn a_field_taken_by_another_manager_is_drift_naming_it() {
        let s = settings();
        let mut state = KindState::new("", "v1", "ConfigMap");
        assert!(
            state
                .observe(Event::Apply(object(vec![applied_by_us(0)], &[])), &s)
                .is_empty()
        );
        let drifts = state.observe(
            Event::Apply(object(after_hand_edit("kubectl-edit", 5), &[])),
            &s,
        );
        assert_eq!(drifts.len(), 1, "{drifts:?}");
        assert_eq!(
            drifts[0].to_string(),
            "ConfigMap/default/app: .data.value changed by kubectl-edit"
        );
        assert_eq!(
            drifts[0].owner,
            BTreeMap::from([(OWNER.to_string(), "apps".to_string())])
        );
        // The same state seen again (e.g. a label added by hand) is no new drift.
        assert!(
            state
                .observe(
                    Event::Apply(object(after_hand_edit("kubectl-edit", 5), &[])),
                    &s
                )
                .is_empty()
        );
    }

    #[tokio::test]
    async fn a_field_taken_from_an_entry_it_empties_is_drift() {
        // After a heal, fields taken back from kubectl sit in a second entry
        // of the engine; a new edit empties (removes) that entry.
        let s = settings();
        let mut state = KindState::new("apps", "v1", "Deployment");
        let taken_back = entry(
            "kustomize-controller",
            "Apply",
            None,
            3,
            json!({"f:spec": {"f:replicas": {}}}),
        );
        let applied = entry(
            "kustomize-controller",
            "Apply",
            None,
            5,
            json!({"f:spec": {"f:replicas": {}, "f:paused": {}}}),
        );
        state.observe(Event::Apply(object(vec![applied, taken_back], &[])), &s);
        let after = vec![
            entry(
                "kustomize-controller",
                "Apply",
                None,
                5,
                json!({"f:spec": {"f:paused": {}}}),
            ),
            entry(
                "kubectl",
                "Update",
                None,
                5,
                json!({"f:spec": {"f:replicas": {}}}),
            ),
        ];
        let drifts = state.observe(Event::Apply(object(after, &[])), &s);
        assert_eq!(drifts.len(), 1, "{drifts:?}");
        assert_eq!(
            drifts[0].to_string(),
            "Deployment/default/app: .spec.replicas changed by kubectl"
        );
    }

    #[tokio::test]
    async fn own_applies_status_writes_and_foreign_additions_are_not_drift() {
        let s = settings();
        let mut state = KindState::new("apps", "v1", "Deployment");
        assert!(
            state
                .observe(Event::InitApply(object(vec![applied_by_us(0)], &[])), &s)
                .is_empty()
        );
        // A status write by another manager.
        let status = entry(
            "kube-controller-manager",
            "Update",
            Some("status"),
            3,
            json!({"f:status": {"f:replicas": {}}}),
        );
        assert!(
            state
                .observe(
                    Event::Apply(object(vec![applied_by_us(0), status.clone()], &[])),
                    &s
                )
                .is_empty()
        );
        // A field nobody applied, set by a controller.
        let extra = entry(
            "kube-controller-manager",
            "Update",
            None,
            4,
            json!({"f:metadata": {"f:annotations": {"f:revision": {}}}}),
        );
        assert!(
            state
                .observe(
                    Event::Apply(object(
                        vec![applied_by_us(0), status.clone(), extra.clone()],
                        &[]
                    )),
                    &s
                )
                .is_empty()
        );
        // Our own apply dropping a field (new revision): our time changed.
        let ours = entry(
            "kustomize-controller",
            "Apply",
            None,
            9,
            json!({"f:data": {"f:value": {}}}),
        );
        assert!(
            state
                .observe(Event::Apply(object(vec![ours, status, extra], &[])), &s)
                .is_empty()
        );
    }

    #[tokio::test]
    async fn opted_out_objects_and_deletions() {
        let s = settings();
        let mut state = KindState::new("", "v1", "ConfigMap");
        let disabled = [(RECONCILE_ANNOTATION, "Disabled")];
        state.observe(Event::Apply(object(vec![applied_by_us(0)], &disabled)), &s);
        assert!(
            state
                .observe(
                    Event::Apply(object(after_hand_edit("kubectl-patch", 2), &disabled)),
                    &s
                )
                .is_empty()
        );
        assert!(
            state
                .observe(Event::Delete(object(vec![], &disabled)), &s)
                .is_empty()
        );

        let deleted = state.observe(Event::Delete(object(vec![applied_by_us(0)], &[])), &s);
        assert_eq!(deleted.len(), 1);
        assert_eq!(deleted[0].change, DriftChange::Deleted);
        assert_eq!(deleted[0].to_string(), "ConfigMap/default/app deleted");
    }

    #[tokio::test]
    async fn a_relist_reports_objects_deleted_while_the_watch_was_down() {
        let s = settings();
        let mut state = KindState::new("", "v1", "ConfigMap");
        state.observe(Event::Init, &s);
        state.observe(Event::InitApply(object(vec![applied_by_us(0)], &[])), &s);
        assert!(state.observe(Event::InitDone, &s).is_empty());
        state.observe(Event::Init, &s);
        let drifts = state.observe(Event::InitDone, &s);
        assert_eq!(drifts.len(), 1);
        assert_eq!(drifts[0].object.subject(), "ConfigMap/default/app");
        assert_eq!(drifts[0].change, DriftChange::Deleted);
    }

    #[test]
    fn field_paths_read_like_kubectl_explain() {
        let fields = json!({
            ".": {},
            "f:data": {".": {}, "f:value": {}},
            "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:image": {}}}}
        });
        assert_eq!(
            field_paths(&fields),
            vec![".data.value", ".spec.containers[name=web].image"]
        );
        assert_eq!(count_fields(&fields), 9);
    }
}
