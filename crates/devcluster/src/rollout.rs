//! Deployments roll out through ReplicaSets, as kube-controller-manager's
//! deployment controller does it, for `--simulate-workloads`:
//!
//! ```text
//! Deployment web (revision 3) ──owns──▶ ReplicaSet web-<hash of template 3>  replicas 2  revision 3
//!                             ──owns──▶ ReplicaSet web-<hash of template 2>  replicas 0  revision 2
//!                             ──owns──▶ ReplicaSet web-<hash of template 1>  replicas 0  revision 1
//! ```
//!
//! The ReplicaSet whose pod template equals the Deployment's (ignoring the
//! `pod-template-hash` label) is the new one; without one a ReplicaSet
//! named `<deployment>-<hash>` is created. The new one gets the next
//! revision number, so rolling back to an old template revives its
//! ReplicaSet with a new revision. Replicas move from old to new in the
//! controller's rolling-update (or Recreate) steps, within
//! `maxSurge`/`maxUnavailable` as pods become available; simulated pods are
//! available at once, so the steps run back to back, and a template whose
//! pods never become available leaves the old ones serving. Each scaling
//! is a `ScalingReplicaSet` event. Once the Deployment is complete, old
//! ReplicaSets are pruned beyond `spec.revisionHistoryLimit`. Orphaned ReplicaSets its selector
//! selects are adopted. The Deployment's status is summed from its
//! ReplicaSets', and its `deployment.kubernetes.io/revision` annotation is
//! written as `kube-controller-manager`, so server-side apply from Git
//! leaves it alone.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::api::{Target2, write};
use crate::resources::ResourceInfo;
use crate::server::Shared;
use crate::simulate::as_controller;

/// The label that tells a Deployment's ReplicaSets (and their pods) apart.
pub(crate) const HASH_LABEL: &str = "pod-template-hash";
const REVISION: &str = "deployment.kubernetes.io/revision";
const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
/// Deployment annotations that are not copied to its ReplicaSets (and that
/// `kubectl rollout undo` keeps from the Deployment).
const NOT_COPIED: [&str; 6] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    "deprecated.deployment.rollback.to",
];
/// kube-controller-manager keeps `revision-history` under this many characters.
const REVISION_HISTORY_LIMIT_CHARS: usize = 2000;

/// The characters of `rand.SafeEncodeString`: no vowels, so hashes spell no words.
const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-1a, 32 bits, as Go's `hash/fnv.New32a`.
pub(crate) fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// Maps every character onto [`SAFE_ALPHABET`], as apimachinery's
/// `rand.SafeEncodeString` does with the decimal digits of a hash.
pub(crate) fn safe_encode(s: &str) -> String {
    s.chars()
        .map(|c| char::from(SAFE_ALPHABET[c as usize % SAFE_ALPHABET.len()]))
        .collect()
}

/// `v` with object keys sorted and nulls and empty objects and lists left
/// out (`None` when nothing is left), so that templates that mean the same
/// compare and hash the same: a template kubectl round-tripped through Go
/// comes back with `creationTimestamp: null` and in another key order.
pub(crate) fn canonical(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let out: Map<String, Value> = keys
                .into_iter()
                .filter_map(|k| canonical(&m[k]).map(|c| (k.clone(), c)))
                .collect();
            (!out.is_empty()).then_some(Value::Object(out))
        }
        // Items keep their places, so an emptied item stays as null.
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(Value::Array(
            a.iter()
                .map(|i| canonical(i).unwrap_or(Value::Null))
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

/// A pod template without the `pod-template-hash` label, in canonical form.
fn template_key(template: Option<&Value>) -> Value {
    let mut t = template.cloned().unwrap_or(Value::Null);
    if let Some(labels) = t
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove(HASH_LABEL);
    }
    canonical(&t).unwrap_or(Value::Null)
}

/// The `pod-template-hash` of a pod template, in the manner of
/// kube-controller-manager's `ComputeHash`: FNV-1a (32 bits) of the
/// template, then of `collision_count` as 8 little-endian bytes when there
/// is one, written in decimal and safe-encoded. Go hashes its in-memory
/// struct; this hashes the canonical JSON, so values differ from a real
/// cluster's but are stable, at most 10 characters and never spell words.
pub(crate) fn pod_template_hash(template: Option<&Value>, collision_count: Option<u32>) -> String {
    // NB: serialising a Value cannot fail.
    let mut bytes = serde_json::to_vec(&template_key(template)).unwrap_or_default();
    if let Some(c) = collision_count {
        let mut count = [0u8; 8];
        count[..4].copy_from_slice(&c.to_le_bytes());
        bytes.extend_from_slice(&count);
    }
    safe_encode(&fnv1a32(&bytes).to_string())
}

pub(crate) fn str_at<'a>(v: &'a Value, p: &str) -> &'a str {
    v.pointer(p).and_then(Value::as_str).unwrap_or("")
}

pub(crate) fn int_at(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

/// A ReplicaSet's revision; 0 when it has none.
fn revision(rs: &Value) -> i64 {
    rs.pointer("/metadata/annotations")
        .and_then(|a| a.get(REVISION))
        .and_then(Value::as_str)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// The ownerReference of the object's controller.
pub(crate) fn controller_of(o: &Value) -> Option<&Value> {
    o.pointer("/metadata/ownerReferences")?
        .as_array()?
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
}

pub(crate) fn controller_uid(o: &Value) -> Option<&str> {
    controller_of(o)?.get("uid")?.as_str()
}

/// The name of the Deployment controlling a ReplicaSet, if one does.
pub(crate) fn owning_deployment(rs: &Value) -> Option<&str> {
    controller_of(rs)
        .filter(|r| {
            r.get("kind").and_then(Value::as_str) == Some("Deployment")
                && r.get("apiVersion")
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.starts_with("apps/"))
        })?
        .get("name")?
        .as_str()
}

/// ReplicaSets by the uid of the object controlling them, and those no
/// object controls by namespace.
#[derive(Default)]
pub(crate) struct Owned {
    by_controller: HashMap<String, Vec<Arc<Value>>>,
    orphans: HashMap<String, Vec<Arc<Value>>>,
}

pub(crate) fn live(o: &Value) -> bool {
    o.pointer("/metadata/deletionTimestamp")
        .is_none_or(Value::is_null)
}

/// Oldest first, as the controller ranks ReplicaSets.
fn sort_by_age(list: &mut [Arc<Value>]) {
    list.sort_by(|a, b| {
        let key = |o: &Value| {
            (
                str_at(o, "/metadata/creationTimestamp").to_string(),
                str_at(o, "/metadata/name").to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
}

impl Owned {
    /// Indexes every stored ReplicaSet of `rs_info`.
    pub(crate) fn index(s: &Shared, rs_info: &ResourceInfo) -> Owned {
        let store = s.store();
        let mut owned = Owned::default();
        for ((ns, _), rs) in store.range(&rs_info.gr(), None, None) {
            match controller_uid(rs) {
                Some(uid) => owned
                    .by_controller
                    .entry(uid.to_string())
                    .or_default()
                    .push(rs.clone()),
                None if live(rs) => owned
                    .orphans
                    .entry(ns.clone())
                    .or_default()
                    .push(rs.clone()),
                None => {}
            }
        }
        owned
    }

    /// The live (not deleting) ReplicaSets a Deployment controls, oldest first.
    pub(crate) fn of(&self, deployment: &Value) -> Vec<Arc<Value>> {
        let uid = str_at(deployment, "/metadata/uid");
        let mut list: Vec<Arc<Value>> = self
            .by_controller
            .get(uid)
            .into_iter()
            .flatten()
            .filter(|rs| {
                live(rs)
                    && str_at(rs, "/metadata/namespace")
                        == str_at(deployment, "/metadata/namespace")
            })
            .cloned()
            .collect();
        sort_by_age(&mut list);
        list
    }

    /// ReplicaSets without a controller that the Deployment's selector
    /// selects: the controller adopts them (after `delete --cascade=orphan`
    /// and a re-create, the history comes back).
    pub(crate) fn adoptable(&self, deployment: &Value) -> Vec<Arc<Value>> {
        let Some(selector) = deployment.pointer("/spec/selector") else {
            return Vec::new();
        };
        self.orphans
            .get(str_at(deployment, "/metadata/namespace"))
            .into_iter()
            .flatten()
            .filter(|rs| {
                crate::validation::selector_matches(selector, rs.pointer("/metadata/labels"))
            })
            .cloned()
            .collect()
    }
}

/// The live ReplicaSets of `names` the Deployment controls, as stored now,
/// oldest first.
pub(crate) fn current(
    s: &Shared,
    rs_info: &ResourceInfo,
    deployment: &Value,
    names: &std::collections::BTreeSet<String>,
) -> Vec<Arc<Value>> {
    let store = s.store();
    let ns = str_at(deployment, "/metadata/namespace");
    let uid = str_at(deployment, "/metadata/uid");
    let mut list: Vec<Arc<Value>> = names
        .iter()
        .filter_map(|n| store.get(&rs_info.gr(), ns, n))
        .filter(|rs| live(rs) && controller_uid(rs) == Some(uid))
        .collect();
    drop(store);
    sort_by_age(&mut list);
    list
}

/// The oldest of `owned` running the Deployment's current pod template.
fn new_replica_set<'a>(deployment: &Value, owned: &'a [Arc<Value>]) -> Option<&'a Arc<Value>> {
    let want = template_key(deployment.pointer("/spec/template"));
    owned
        .iter()
        .find(|rs| template_key(rs.pointer("/spec/template")) == want)
}

/// Resolves an int-or-percent of `total`, rounding percentages up or down.
fn int_or_percent(v: Option<&Value>, total: i64, round_up: bool) -> i64 {
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(s)) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            let scaled = pct * total;
            if round_up {
                (scaled + 99) / 100
            } else {
                scaled / 100
            }
        }
        _ => 0,
    }
}

/// `spec.replicas`, defaulting to 1.
fn replicas(deployment: &Value) -> i64 {
    deployment
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1)
}

fn rolling(deployment: &Value) -> bool {
    str_at(deployment, "/spec/strategy/type") != "Recreate"
}

/// Replicas above `spec.replicas` a rolling update may run (0 for Recreate).
fn max_surge(deployment: &Value) -> i64 {
    if !rolling(deployment) {
        return 0;
    }
    int_or_percent(
        deployment.pointer("/spec/strategy/rollingUpdate/maxSurge"),
        replicas(deployment),
        true,
    )
}

/// Replicas below `spec.replicas` a rolling update may leave unavailable.
fn max_unavailable(deployment: &Value) -> i64 {
    let want = replicas(deployment);
    if !rolling(deployment) || want == 0 {
        return 0;
    }
    let unavailable = int_or_percent(
        deployment.pointer("/spec/strategy/rollingUpdate/maxUnavailable"),
        want,
        false,
    );
    // Both rounded to 0 would never progress: the controller allows one.
    if unavailable == 0 && max_surge(deployment) == 0 {
        return 1;
    }
    unavailable.min(want)
}

fn paused(deployment: &Value) -> bool {
    deployment
        .pointer("/spec/paused")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn annotations_mut(o: &mut Value) -> Option<&mut Map<String, Value>> {
    let meta = o.get_mut("metadata")?.as_object_mut()?;
    let a = meta.entry("annotations").or_insert_with(|| json!({}));
    if !a.is_object() {
        *a = json!({});
    }
    a.as_object_mut()
}

/// Sets the annotations a ReplicaSet carries for its Deployment: the
/// Deployment's own (added or overwritten, never removed), the desired and
/// maximum replica counts and, for the new ReplicaSet, the revision
/// (remembering earlier ones in `revision-history` when it is revived).
fn set_annotations(rs: &mut Value, deployment: &Value, new_revision: Option<i64>) {
    let desired = replicas(deployment);
    let max = desired + max_surge(deployment);
    let from_deployment: Vec<(String, Value)> = deployment
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(k, _)| !NOT_COPIED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let old_revision = revision(rs);
    let Some(a) = annotations_mut(rs) else { return };
    if new_revision.is_some() {
        a.extend(from_deployment);
    }
    a.insert(DESIRED_REPLICAS.into(), json!(desired.to_string()));
    a.insert(MAX_REPLICAS.into(), json!(max.to_string()));
    let Some(next) = new_revision.filter(|n| *n > old_revision) else {
        return;
    };
    a.insert(REVISION.into(), json!(next.to_string()));
    if old_revision > 0 {
        let history = a
            .get(REVISION_HISTORY)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut list: Vec<String> = history
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        list.push(old_revision.to_string());
        while list.join(",").len() > REVISION_HISTORY_LIMIT_CHARS && list.len() > 1 {
            list.remove(0);
        }
        a.insert(REVISION_HISTORY.into(), json!(list.join(",")));
    }
}

/// How many scaling events of a Deployment are kept: kube-apiserver expires
/// events after an hour, devcluster never does.
const EVENTS_KEPT: usize = 10;

/// The scaling events recorded for each Deployment (by uid), oldest first.
#[derive(Default)]
pub(crate) struct Events(HashMap<String, VecDeque<String>>);

impl Events {
    /// Records `ScalingReplicaSet` on the Deployment, as the controller's
    /// event recorder does (`kubectl describe deployment` lists them), and
    /// deletes its oldest beyond [`EVENTS_KEPT`].
    fn scaled(&mut self, s: &Shared, deployment: &Value, rs: &str, from: i64, to: i64) {
        let Some(info) = s
            .registry()
            .resources
            .iter()
            .find(|r| r.group.is_empty() && r.kind == "Event")
            .cloned()
        else {
            return;
        };
        let ns = str_at(deployment, "/metadata/namespace");
        let name = format!(
            "{}.{:x}",
            str_at(deployment, "/metadata/name"),
            jiff::Timestamp::now().as_nanosecond()
        );
        let at = crate::api::now();
        let direction = if to > from { "up" } else { "down" };
        let event = json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": ns},
            "involvedObject": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": str_at(deployment, "/metadata/name"),
                "namespace": ns,
                "uid": str_at(deployment, "/metadata/uid"),
                "resourceVersion": str_at(deployment, "/metadata/resourceVersion"),
            },
            "reason": "ScalingReplicaSet",
            "message": format!("Scaled {direction} replica set {rs} from {from} to {to}"),
            "source": {"component": "deployment-controller"},
            "firstTimestamp": at,
            "lastTimestamp": at,
            "count": 1,
            "type": "Normal",
            "reportingComponent": "deployment-controller",
            "reportingInstance": "",
        });
        let t = Target2 {
            info: info.clone(),
            ns: Some(ns.to_string()),
            name: None,
            sub: None,
        };
        if write(s, &t, event, None, &as_controller()).is_err() {
            return;
        }
        let kept = self
            .0
            .entry(str_at(deployment, "/metadata/uid").to_string())
            .or_default();
        kept.push_back(name);
        while kept.len() > EVENTS_KEPT {
            let Some(old) = kept.pop_front() else { break };
            let t = Target2 {
                info: info.clone(),
                ns: Some(ns.to_string()),
                name: Some(old.clone()),
                sub: None,
            };
            // NB: an event deleted meanwhile is simply gone already.
            let _ =
                crate::api::delete_one(s, &t, &old, &crate::api::DeleteOptions::default(), false);
        }
    }
}

fn target(info: &ResourceInfo, o: &Value, sub: Option<&str>) -> Target2 {
    Target2 {
        info: info.clone(),
        ns: Some(str_at(o, "/metadata/namespace").to_string()),
        name: Some(str_at(o, "/metadata/name").to_string()),
        sub: sub.map(str::to_string),
    }
}

/// Writes `next` over `o` when it differs, as kube-controller-manager.
/// NB: losing a race with a client write is fine: that write wakes the
/// simulation again and the next pass retries.
fn update(s: &Shared, info: &ResourceInfo, o: &Value, next: Value, sub: Option<&str>) -> bool {
    if &next == o {
        return false;
    }
    let t = target(info, o, sub);
    let name = str_at(o, "/metadata/name").to_string();
    write(s, &t, next, Some(name), &as_controller()).is_ok()
}

/// The reference that makes a Deployment a ReplicaSet's controller.
fn owner_reference(deployment: &Value) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": str_at(deployment, "/metadata/name"),
        "uid": str_at(deployment, "/metadata/uid"),
        "controller": true,
        "blockOwnerDeletion": true,
    })
}

/// The ReplicaSet kube-controller-manager creates for the Deployment's
/// current template.
fn new_replica_set_object(deployment: &Value, hash: &str, revision: i64) -> Value {
    let name = str_at(deployment, "/metadata/name");
    let mut template = deployment
        .pointer("/spec/template")
        .cloned()
        .unwrap_or_else(|| json!({}));
    template["metadata"]["labels"][HASH_LABEL] = json!(hash);
    let labels = template["metadata"]["labels"].clone();
    let mut selector = deployment
        .pointer("/spec/selector")
        .cloned()
        .unwrap_or_else(|| json!({}));
    selector["matchLabels"][HASH_LABEL] = json!(hash);
    let mut spec = json!({
        "replicas": replicas(deployment),
        "selector": selector,
        "template": template,
    });
    if let Some(m) = deployment
        .pointer("/spec/minReadySeconds")
        .filter(|m| m.as_i64().is_some_and(|m| m > 0))
    {
        spec["minReadySeconds"] = m.clone();
    }
    let mut rs = json!({
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": format!("{name}-{hash}"),
            "namespace": str_at(deployment, "/metadata/namespace"),
            "labels": labels,
            "ownerReferences": [owner_reference(deployment)],
        },
        "spec": spec,
    });
    set_annotations(&mut rs, deployment, Some(revision));
    rs
}

/// Whether the Deployment's stored status says its rollout is complete.
fn complete(deployment: &Value) -> bool {
    let want = replicas(deployment);
    int_at(deployment, "/status/observedGeneration") >= int_at(deployment, "/metadata/generation")
        && int_at(deployment, "/status/updatedReplicas") == want
        && int_at(deployment, "/status/replicas") == want
        && int_at(deployment, "/status/availableReplicas") == want
}

/// Takes one step of a Deployment's rollout: adopts orphans its selector
/// selects, creates or revives the new ReplicaSet, scales as [`step`] says
/// (recording the scaling events), prunes history beyond
/// `revisionHistoryLimit` once the rollout is complete and records the
/// revision on the Deployment. Returns the names of the ReplicaSets it wrote.
pub(crate) fn sync(
    s: &Shared,
    info: &ResourceInfo,
    rs_info: &ResourceInfo,
    deployment: &Value,
    owned: &[Arc<Value>],
    adoptable: &[Arc<Value>],
    events: &mut Events,
) -> Vec<String> {
    let mut touched = Vec::new();
    if !live(deployment) {
        return touched;
    }
    let ns = str_at(deployment, "/metadata/namespace").to_string();
    let mut owned = owned.to_vec();
    for rs in adoptable {
        let mut next = (**rs).clone();
        let reference = owner_reference(deployment);
        match next
            .pointer_mut("/metadata/ownerReferences")
            .and_then(Value::as_array_mut)
        {
            Some(refs) => refs.push(reference),
            None => next["metadata"]["ownerReferences"] = json!([reference]),
        }
        let t = target(rs_info, rs, None);
        let name = str_at(rs, "/metadata/name").to_string();
        if let Ok(w) = write(s, &t, next, Some(name.clone()), &as_controller()) {
            touched.push(name);
            owned.push(w.object);
        }
    }
    sort_by_age(&mut owned);
    let owned = owned.as_slice();
    let new = new_replica_set(deployment, owned);
    let olds: Vec<&Arc<Value>> = owned
        .iter()
        .filter(|rs| new.is_none_or(|n| !Arc::ptr_eq(n, rs)))
        .collect();
    let max_old = olds.iter().map(|rs| revision(rs)).max().unwrap_or(0);
    let old_failing: Vec<bool> = olds.iter().map(|rs| crate::simulate::failing(rs)).collect();
    let step = plan(
        deployment,
        new.map(|rs| &**rs),
        &olds,
        crate::simulate::failing(deployment),
        &old_failing,
    );

    // The new ReplicaSet: revived with the next revision and scaled, or created.
    let new_revision = match (new, step.new) {
        (Some(rs), target) => {
            let mut next = (**rs).clone();
            set_annotations(&mut next, deployment, Some(max_old + 1));
            if let Some(n) = target {
                next["spec"]["replicas"] = json!(n);
            }
            if update(s, rs_info, rs, next, None) {
                let name = str_at(rs, "/metadata/name");
                let from = int_at(rs, "/spec/replicas");
                if let Some(to) = target.filter(|to| *to != from) {
                    events.scaled(s, deployment, name, from, to);
                }
                touched.push(name.to_string());
            }
            revision(rs).max(max_old + 1)
        }
        (None, None) => 0,
        (None, Some(n)) => {
            let collisions = deployment
                .pointer("/status/collisionCount")
                .and_then(Value::as_u64)
                .and_then(|c| u32::try_from(c).ok());
            let hash = pod_template_hash(deployment.pointer("/spec/template"), collisions);
            let mut rs = new_replica_set_object(deployment, &hash, max_old + 1);
            rs["spec"]["replicas"] = json!(n);
            let name = str_at(&rs, "/metadata/name").to_string();
            let taken = s.store().get(&rs_info.gr(), &ns, &name).is_some();
            if taken {
                // Another object holds the name: count a collision, which
                // changes the hash on the next pass (as the real controller).
                let mut next = deployment.clone();
                next["status"]["collisionCount"] = json!(collisions.unwrap_or(0) + 1);
                update(s, info, deployment, next, Some("status"));
                return touched;
            }
            let t = Target2 {
                info: rs_info.clone(),
                ns: Some(ns.clone()),
                name: None,
                sub: None,
            };
            if write(s, &t, rs, None, &as_controller()).is_ok() {
                if n > 0 {
                    events.scaled(s, deployment, &name, 0, n);
                }
                touched.push(name);
                // NB: the Deployment may have gone between reading it and
                // creating its ReplicaSet; collecting garbage now removes an
                // orphan (a later deletion collects it by itself).
                let store = s.store();
                let gone = store
                    .get(&info.gr(), &ns, str_at(deployment, "/metadata/name"))
                    .is_none_or(|d| {
                        str_at(&d, "/metadata/uid") != str_at(deployment, "/metadata/uid")
                    });
                if gone {
                    let mut store = store;
                    crate::gc::collect(s, &mut store);
                    let rv = store.current_rv();
                    let _ = crate::api::commit(s, store, rv);
                }
            }
            max_old + 1
        }
    };

    // Old ReplicaSets: scaled down as the step says, the oldest pruned once
    // the rollout is done.
    for (rs, n) in olds.iter().zip(&step.olds) {
        if int_at(rs, "/spec/replicas") == *n {
            continue;
        }
        let mut next = (***rs).clone();
        next["spec"]["replicas"] = json!(n);
        set_annotations(&mut next, deployment, None);
        if update(s, rs_info, rs, next, None) {
            let name = str_at(rs, "/metadata/name");
            events.scaled(s, deployment, name, int_at(rs, "/spec/replicas"), *n);
            touched.push(name.to_string());
        }
    }
    if !paused(deployment) && complete(deployment) {
        prune(s, rs_info, deployment, &olds);
    }

    // The Deployment's revision, written as the controller.
    if new_revision > 0 {
        let mut next = deployment.clone();
        if let Some(a) = annotations_mut(&mut next) {
            a.insert(REVISION.into(), json!(new_revision.to_string()));
        }
        update(s, info, deployment, next, None);
    }
    touched
}

/// The replicas a rollout step gives the new ReplicaSet (`None`: leave it,
/// or do not create it yet) and each old one.
#[derive(Debug, PartialEq)]
struct Step {
    new: Option<i64>,
    olds: Vec<i64>,
}

/// What a rollout step reads of a ReplicaSet.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Replicas {
    /// `spec.replicas`.
    spec: i64,
    /// `status.replicas`: its pods, ready or not.
    current: i64,
    /// `status.availableReplicas`.
    available: i64,
}

impl Replicas {
    fn of(rs: &Value) -> Replicas {
        Replicas {
            spec: int_at(rs, "/spec/replicas"),
            current: int_at(rs, "/status/replicas"),
            available: int_at(rs, "/status/availableReplicas"),
        }
    }

    /// The status the simulation gives it: every pod there at once,
    /// available unless its template fails.
    fn settled(self, failing: bool) -> Replicas {
        Replicas {
            spec: self.spec,
            current: self.spec,
            available: if failing { 0 } else { self.spec },
        }
    }
}

/// One step of kube-controller-manager's rollout, from the ReplicaSets'
/// replicas and availability (`olds` oldest first). Rolling update: scale
/// the new ReplicaSet up within `maxSurge`, or else scale old ones down as
/// far as `maxUnavailable` allows, unavailable replicas first; so a new
/// template whose pods never become available leaves the old ones
/// serving. Recreate: old ReplicaSets go to 0 and, once their replicas are
/// gone, the new one is created at full size. A paused Deployment does
/// not scale.
fn step(deployment: &Value, new: Option<Replicas>, olds: &[Replicas]) -> Step {
    let want = replicas(deployment);
    let mut old_counts: Vec<i64> = olds.iter().map(|rs| rs.spec).collect();
    let unchanged = |olds: Vec<i64>| Step { new: None, olds };
    if paused(deployment) {
        return unchanged(old_counts);
    }
    if !rolling(deployment) {
        if old_counts.iter().any(|c| *c > 0) {
            return unchanged(vec![0; olds.len()]);
        }
        if olds.iter().any(|rs| rs.current > 0) {
            return unchanged(old_counts);
        }
        return Step {
            new: Some(want),
            olds: old_counts,
        };
    }
    let current = new.map_or(0, |rs| rs.spec);
    let all = old_counts.iter().sum::<i64>() + current;
    // Scale the new ReplicaSet first, when it may.
    let target = if current > want {
        want
    } else {
        let max_total = want + max_surge(deployment);
        current + (max_total - all).clamp(0, want - current)
    };
    if new.is_none() || target != current {
        return Step {
            new: Some(target),
            olds: old_counts,
        };
    }
    // Else scale old ones down, keeping `want - maxUnavailable` available.
    let min_available = want - max_unavailable(deployment);
    let new_available = new.map_or(0, |rs| rs.available);
    let max_down = all - min_available - (current - new_available);
    if old_counts.iter().all(|c| *c == 0) || max_down <= 0 {
        return unchanged(old_counts);
    }
    // Unavailable old replicas go first: they serve nobody.
    let mut cleaned = 0;
    for (count, rs) in old_counts.iter_mut().zip(olds) {
        let unhealthy = (*count - rs.available).max(0).min(max_down - cleaned);
        *count -= unhealthy;
        cleaned += unhealthy;
    }
    // Then available ones, as long as enough stay available.
    let available_now = olds.iter().map(|rs| rs.available).sum::<i64>() + new_available;
    let mut surplus = available_now - min_available;
    for count in &mut old_counts {
        let down = (*count).min(surplus.max(0));
        *count -= down;
        surplus -= down;
    }
    unchanged(old_counts)
}

/// Where the rollout's steps lead when the simulated pods follow each at
/// once (available unless their template fails): the steps run in memory
/// until nothing changes, so only the end state is written. `new_failing`
/// is whether the Deployment's template fails, `old_failing` each old one's.
fn plan(
    deployment: &Value,
    new: Option<&Value>,
    olds: &[&Arc<Value>],
    new_failing: bool,
    old_failing: &[bool],
) -> Step {
    let initial_new = new.map(Replicas::of);
    let mut new_rs = initial_new.map(|r| r.settled(new_failing));
    let mut old_rs: Vec<Replicas> = olds
        .iter()
        .zip(old_failing)
        .map(|(rs, fail)| Replicas::of(rs).settled(*fail))
        .collect();
    // Bounded: each step moves replicas one way; 64 covers any surge.
    for _ in 0..64 {
        let next = step(deployment, new_rs, &old_rs);
        let mut changed = false;
        if let Some(n) = next.new
            && new_rs.is_none_or(|r| r.spec != n)
        {
            new_rs = Some(
                Replicas {
                    spec: n,
                    ..new_rs.unwrap_or_default()
                }
                .settled(new_failing),
            );
            changed = true;
        }
        for ((rs, n), fail) in old_rs.iter_mut().zip(&next.olds).zip(old_failing) {
            if rs.spec != *n {
                *rs = Replicas { spec: *n, ..*rs }.settled(*fail);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Step {
        new: new_rs
            .map(|r| r.spec)
            .filter(|n| initial_new.is_none_or(|i| i.spec != *n)),
        olds: old_rs.iter().map(|r| r.spec).collect(),
    }
}

/// Deletes the oldest scaled-down ReplicaSets beyond `revisionHistoryLimit`.
fn prune(s: &Shared, rs_info: &ResourceInfo, deployment: &Value, olds: &[&Arc<Value>]) {
    let limit = deployment
        .pointer("/spec/revisionHistoryLimit")
        .and_then(Value::as_i64)
        .unwrap_or(10)
        .max(0);
    let excess = i64::try_from(olds.len()).unwrap_or(i64::MAX) - limit;
    if excess <= 0 {
        return;
    }
    let mut by_revision: Vec<&Arc<Value>> = olds.to_vec();
    by_revision.sort_by_key(|rs| revision(rs));
    for rs in by_revision
        .into_iter()
        .take(usize::try_from(excess).unwrap_or(0))
    {
        // Only what has really scaled down goes.
        let settled = int_at(rs, "/spec/replicas") == 0
            && int_at(rs, "/status/replicas") == 0
            && int_at(rs, "/status/observedGeneration") >= int_at(rs, "/metadata/generation");
        if !settled {
            continue;
        }
        let t = target(rs_info, rs, None);
        let name = str_at(rs, "/metadata/name").to_string();
        let opts = crate::api::DeleteOptions {
            uid: Some(str_at(rs, "/metadata/uid").to_string()),
            rv: None,
            propagation: Some("Background".into()),
        };
        // NB: a ReplicaSet deleted meanwhile is simply gone already.
        let _ = crate::api::delete_one(s, &t, &name, &opts, false);
    }
}

fn condition(type_: &str, status: &str, reason: &str, message: &str, at: &str) -> Value {
    json!({"type": type_, "status": status, "lastUpdateTime": at, "lastTransitionTime": at, "reason": reason, "message": message})
}

/// The status kube-controller-manager reports for a Deployment whose
/// ReplicaSets are `owned`; `failing` is the simulation's request that the
/// rollout fail.
pub(crate) fn status(deployment: &Value, owned: &[Arc<Value>], failing: bool, at: &str) -> Value {
    let want = replicas(deployment);
    let new = new_replica_set(deployment, owned);
    let sum = |p: &str| owned.iter().map(|rs| int_at(rs, p)).sum::<i64>();
    let total = sum("/status/replicas");
    let updated = new.map_or(0, |rs| int_at(rs, "/status/replicas"));
    let ready = sum("/status/readyReplicas");
    let available = sum("/status/availableReplicas");
    let mut st = json!({
        "observedGeneration": int_at(deployment, "/metadata/generation").max(1),
        "replicas": total,
        "updatedReplicas": updated,
        "readyReplicas": ready,
        "availableReplicas": available,
    });
    // As the controller counts it: replicas asked of all ReplicaSets.
    let unavailable = (sum("/spec/replicas") - available).max(0);
    if unavailable > 0 {
        st["unavailableReplicas"] = json!(unavailable);
    }
    if let Some(c) = deployment.pointer("/status/collisionCount") {
        st["collisionCount"] = c.clone();
    }
    let rs_name = new.map_or("", |rs| str_at(rs, "/metadata/name"));
    let is_available = available >= want - max_unavailable(deployment);
    let available_cond = if is_available {
        condition(
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
            at,
        )
    } else {
        condition(
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.",
            at,
        )
    };
    let progressing = if paused(deployment) {
        condition(
            "Progressing",
            "Unknown",
            "DeploymentPaused",
            "Deployment is paused",
            at,
        )
    } else if failing {
        condition(
            "Progressing",
            "False",
            "ProgressDeadlineExceeded",
            &format!("ReplicaSet {rs_name:?} has timed out progressing."),
            at,
        )
    } else if new.is_some() && updated == want && total == want && available == want {
        condition(
            "Progressing",
            "True",
            "NewReplicaSetAvailable",
            &format!("ReplicaSet {rs_name:?} has successfully progressed."),
            at,
        )
    } else if new.is_some() {
        condition(
            "Progressing",
            "True",
            "ReplicaSetUpdated",
            &format!("ReplicaSet {rs_name:?} is progressing."),
            at,
        )
    } else {
        condition(
            "Progressing",
            "True",
            "ReplicaSetUpdated",
            &format!(
                "Deployment {:?} is progressing.",
                str_at(deployment, "/metadata/name")
            ),
            at,
        )
    };
    st["conditions"] = json!([available_cond, progressing]);
    st
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(image: &str) -> Value {
        json!({"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": image}]}})
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn safe_encoding_maps_digits_onto_consonants_and_digits() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn template_hashes_are_stable_safe_and_tell_templates_apart() {
        let h = pod_template_hash(Some(&template("nginx:1.25")), None);
        assert!(!h.is_empty() && h.len() <= 10, "{h}");
        assert!(h.bytes().all(|b| SAFE_ALPHABET.contains(&b)), "{h}");
        assert_eq!(h, pod_template_hash(Some(&template("nginx:1.25")), None));
        assert_ne!(h, pod_template_hash(Some(&template("nginx:1.26")), None));
        // A collision count changes it, differently for each count.
        let c1 = pod_template_hash(Some(&template("nginx:1.25")), Some(1));
        let c2 = pod_template_hash(Some(&template("nginx:1.25")), Some(2));
        assert!(c1 != h && c2 != h && c1 != c2);
    }

    #[test]
    fn templates_equal_in_meaning_hash_alike() {
        let plain = template("nginx:1.25");
        // As a ReplicaSet carries it, and as kubectl sends it back from Go.
        let mut labelled = plain.clone();
        labelled["metadata"]["labels"][HASH_LABEL] = json!("abc");
        let reordered = json!({"spec": {"containers": [{"image": "nginx:1.25", "name": "web",
            "resources": {}}]}, "metadata": {"creationTimestamp": null, "labels": {"app": "web"}}});
        let h = pod_template_hash(Some(&plain), None);
        assert_eq!(pod_template_hash(Some(&labelled), None), h);
        assert_eq!(pod_template_hash(Some(&reordered), None), h);
        assert_eq!(
            template_key(Some(&reordered)),
            template_key(Some(&labelled))
        );
    }

    #[test]
    fn reviving_a_replica_set_remembers_its_old_revision() {
        let d = json!({"metadata": {"annotations": {REVISION: "3", "kubernetes.io/change-cause": "undo",
            "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
            "spec": {"replicas": 4, "strategy": {"type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}});
        let mut rs = json!({"metadata": {"annotations": {REVISION: "1"}}});
        set_annotations(&mut rs, &d, Some(4));
        assert_eq!(
            rs["metadata"]["annotations"],
            json!({REVISION: "4", "kubernetes.io/change-cause": "undo",
                DESIRED_REPLICAS: "4", MAX_REPLICAS: "5", REVISION_HISTORY: "1"})
        );
        set_annotations(&mut rs, &d, Some(6));
        assert_eq!(rs["metadata"]["annotations"][REVISION_HISTORY], "1,4");
        // An old ReplicaSet being scaled down keeps its revision.
        let mut old = json!({"metadata": {"annotations": {REVISION: "2"}}});
        set_annotations(&mut old, &d, None);
        assert_eq!(old["metadata"]["annotations"][REVISION], "2");
        assert!(
            old["metadata"]["annotations"]
                .get("kubernetes.io/change-cause")
                .is_none()
        );
    }

    /// A ReplicaSet with `spec` replicas, `available` of them available.
    fn rs(spec: i64, available: i64) -> Replicas {
        Replicas {
            spec,
            current: spec,
            available,
        }
    }

    fn deployment(strategy: Value) -> Value {
        json!({"spec": {"replicas": 2, "strategy": strategy}})
    }

    #[test]
    fn rollout_steps_follow_surge_and_unavailability() {
        let rolling = deployment(json!({"type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}));
        let recreate = deployment(json!({"type": "Recreate"}));
        let mut paused = rolling.clone();
        paused["spec"]["paused"] = json!(true);
        let gone = rs(0, 0);
        let leaving = Replicas {
            spec: 0,
            current: 2,
            available: 0,
        };
        struct Case<'a> {
            name: &'static str,
            deployment: &'a Value,
            new: Option<Replicas>,
            olds: Vec<Replicas>,
            want: Step,
        }
        let (rolling, recreate, paused) = (&rolling, &recreate, &paused);
        let cases = [
            Case {
                name: "a first rollout creates the new ReplicaSet at full size",
                deployment: rolling,
                new: None,
                olds: vec![],
                want: Step {
                    new: Some(2),
                    olds: vec![],
                },
            },
            Case {
                name: "a new template starts with the surge",
                deployment: rolling,
                new: None,
                olds: vec![rs(2, 2)],
                want: Step {
                    new: Some(1),
                    olds: vec![2],
                },
            },
            Case {
                name: "an available new replica lets an old one go",
                deployment: rolling,
                new: Some(rs(1, 1)),
                olds: vec![rs(2, 2)],
                want: Step {
                    new: None,
                    olds: vec![1],
                },
            },
            Case {
                name: "room again: the new ReplicaSet grows",
                deployment: rolling,
                new: Some(rs(1, 1)),
                olds: vec![rs(1, 1)],
                want: Step {
                    new: Some(2),
                    olds: vec![1],
                },
            },
            Case {
                name: "a new template that never becomes available leaves the old serving",
                deployment: rolling,
                new: Some(rs(1, 0)),
                olds: vec![rs(2, 2)],
                want: Step {
                    new: None,
                    olds: vec![2],
                },
            },
            Case {
                name: "rolled back from a broken template, its unavailable replicas go first",
                deployment: rolling,
                new: Some(rs(2, 2)),
                olds: vec![rs(2, 2), rs(1, 0)],
                want: Step {
                    new: None,
                    olds: vec![0, 0],
                },
            },
            Case {
                name: "recreate scales the old ReplicaSets to 0 first",
                deployment: recreate,
                new: None,
                olds: vec![rs(2, 2)],
                want: Step {
                    new: None,
                    olds: vec![0],
                },
            },
            Case {
                name: "recreate waits for the old replicas to be gone",
                deployment: recreate,
                new: None,
                olds: vec![leaving],
                want: Step {
                    new: None,
                    olds: vec![0],
                },
            },
            Case {
                name: "recreate then creates the new one at full size",
                deployment: recreate,
                new: None,
                olds: vec![gone],
                want: Step {
                    new: Some(2),
                    olds: vec![0],
                },
            },
            Case {
                name: "a paused Deployment does not scale",
                deployment: paused,
                new: None,
                olds: vec![rs(2, 2)],
                want: Step {
                    new: None,
                    olds: vec![2],
                },
            },
        ];
        for c in cases {
            assert_eq!(step(c.deployment, c.new, &c.olds), c.want, "{}", c.name);
        }
    }

    #[test]
    fn planned_rollouts_end_where_the_steps_lead() {
        let d = deployment(json!({"type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}));
        let old = Arc::new(json!({"spec": {"replicas": 2},
            "status": {"replicas": 2, "availableReplicas": 2}}));
        let olds = [&old];
        // Healthy: all the way over.
        assert_eq!(
            plan(&d, None, &olds, false, &[false]),
            Step {
                new: Some(2),
                olds: vec![0]
            }
        );
        // Broken: one surge replica that never becomes available.
        assert_eq!(
            plan(&d, None, &olds, true, &[false]),
            Step {
                new: Some(1),
                olds: vec![2]
            }
        );
        // Recreate: old gone, new at full size.
        let recreate = deployment(json!({"type": "Recreate"}));
        assert_eq!(
            plan(&recreate, None, &olds, false, &[false]),
            Step {
                new: Some(2),
                olds: vec![0]
            }
        );
        // Done already: nothing to write for the new one.
        let new =
            json!({"spec": {"replicas": 2}, "status": {"replicas": 2, "availableReplicas": 2}});
        let gone = Arc::new(json!({"spec": {"replicas": 0}}));
        assert_eq!(
            plan(&d, Some(&new), &[&gone], false, &[false]),
            Step {
                new: None,
                olds: vec![0]
            }
        );
    }

    #[test]
    fn surge_rounds_up_and_unavailability_down() {
        let d = |n: i64, surge: Value, unavailable: Value| {
            json!({"spec": {"replicas": n, "strategy": {"type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}}})
        };
        assert_eq!(max_surge(&d(2, json!("25%"), json!("25%"))), 1);
        assert_eq!(max_unavailable(&d(2, json!("25%"), json!("25%"))), 0);
        assert_eq!(max_unavailable(&d(8, json!(3), json!("30%"))), 2);
        assert_eq!(
            max_surge(&json!({"spec": {"strategy": {"type": "Recreate"}}})),
            0
        );
    }
}
