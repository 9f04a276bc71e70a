//! `--simulate-workloads`: just enough of kube-controller-manager for health
//! checks. Deployments roll out through ReplicaSets ([`crate::rollout`]),
//! StatefulSets and DaemonSets keep ControllerRevisions
//! ([`crate::history`]), workloads get a realistic status shortly after
//! each change, Jobs
//! complete, Services get a cluster IP. A pod-template annotation
//! `devcluster.ballast.dev/fail: "true"` makes a rollout fail
//! (`Progressing=False`, `ProgressDeadlineExceeded`) or a Job fail.
//!
//! Each pass looks only at the objects changed since the previous one (read
//! from the store's history of changes; everything after a restart or when
//! the history no longer reaches back), so an idle or busy cluster with
//! many objects costs nothing per write that does not touch a workload.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{Target2, Validation, WriteOpts, now, write};
use crate::resources::{GroupResource, ResourceInfo};
use crate::server::Shared;
use crate::store::Store;

/// The annotation that makes a simulated workload fail.
const FAIL: &str = "devcluster.ballast.dev/fail";
const MANAGER: &str = "kube-controller-manager";

/// Runs until shutdown, reconciling after every burst of changes.
pub(crate) async fn run(s: Arc<Shared>) {
    let mut notify = s.notify.subscribe();
    let mut shutdown = s.shutdown.clone();
    // The first pass looks at everything, later ones at what changed since.
    let mut seen = None;
    let mut events = crate::rollout::Events::default();
    loop {
        seen = Some(reconcile(&s, seen, &mut events));
        tokio::select! {
            r = notify.changed() => if r.is_err() { return },
            _ = shutdown.changed() => return,
        }
        // Let a burst of writes settle, as controllers see them a moment later.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Whether the pod template asks the simulation to fail.
pub(crate) fn failing(o: &Value) -> bool {
    o.pointer("/spec/template/metadata/annotations")
        .and_then(|a| a.get(FAIL))
        .and_then(Value::as_str)
        == Some("true")
}

fn condition(type_: &str, status: &str, reason: &str, message: &str, at: &str) -> Value {
    json!({"type": type_, "status": status, "reason": reason, "message": message, "lastUpdateTime": at, "lastTransitionTime": at})
}

/// Keeps transition times of conditions whose status did not change.
fn keep_times(old: Option<&Value>, mut new: Value) -> Value {
    let old_conds = old
        .and_then(|s| s.get("conditions"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(conds) = new.get_mut("conditions").and_then(Value::as_array_mut) {
        for c in conds {
            let prev = old_conds.iter().find(|o| o.get("type") == c.get("type"));
            if let Some(p) = prev
                && p.get("status") == c.get("status")
                && p.get("reason") == c.get("reason")
            {
                for k in ["lastTransitionTime", "lastUpdateTime", "lastProbeTime"] {
                    match p.get(k) {
                        Some(v) => c[k] = v.clone(),
                        None => {
                            if let Some(m) = c.as_object_mut() {
                                m.remove(k);
                            }
                        }
                    }
                }
            }
        }
    }
    new
}

fn desired_status(kind: &str, o: &Value) -> Option<Value> {
    let generation = o
        .pointer("/metadata/generation")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let replicas = o
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let fail = failing(o);
    let at = now();
    let ready = if fail { 0 } else { replicas };
    let status = match kind {
        "StatefulSet" => json!({
            "observedGeneration": generation,
            "replicas": replicas,
            "readyReplicas": ready,
            "currentReplicas": replicas,
            "updatedReplicas": replicas,
            "availableReplicas": ready,
            "currentRevision": format!("{}-{generation}", o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("")),
            "updateRevision": format!("{}-{generation}", o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("")),
        }),
        "ReplicaSet" => json!({
            "observedGeneration": generation,
            "replicas": replicas,
            "fullyLabeledReplicas": replicas,
            "readyReplicas": ready,
            "availableReplicas": ready,
        }),
        "DaemonSet" => {
            let n = 1;
            let r = if fail { 0 } else { n };
            json!({
                "observedGeneration": generation,
                "desiredNumberScheduled": n,
                "currentNumberScheduled": n,
                "updatedNumberScheduled": n,
                "numberReady": r,
                "numberAvailable": r,
                "numberMisscheduled": 0,
            })
        }
        "Job" => {
            let completions = o
                .pointer("/spec/completions")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            let start = o
                .pointer("/status/startTime")
                .and_then(Value::as_str)
                .unwrap_or(&at)
                .to_string();
            if fail {
                json!({
                    "startTime": start,
                    "failed": 1,
                    "conditions": [
                        condition("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", &at),
                        condition("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", &at),
                    ],
                })
            } else {
                json!({
                    "startTime": start,
                    "completionTime": at,
                    "succeeded": completions,
                    "ready": 0,
                    "terminating": 0,
                    "conditions": [
                        condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", &at),
                        condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", &at),
                    ],
                })
            }
        }
        _ => return None,
    };
    Some(keep_times(o.get("status"), status))
}

/// Whether the stored status already says what the simulation would.
fn settled(kind: &str, o: &Value) -> bool {
    let Some(st) = o.get("status") else {
        return false;
    };
    match kind {
        // A finished Job stays finished.
        "Job" => st
            .get("conditions")
            .and_then(Value::as_array)
            .is_some_and(|c| {
                c.iter().any(|c| {
                    matches!(
                        c.get("type").and_then(Value::as_str),
                        Some("Complete" | "Failed")
                    ) && c.get("status").and_then(Value::as_str) == Some("True")
                })
            }),
        _ => desired_status(kind, o).as_ref().map(strip_times) == Some(strip_times(st)),
    }
}

/// A status without its conditions' timestamps, to compare.
fn strip_times(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(cs) = v.get_mut("conditions").and_then(Value::as_array_mut) {
        for c in cs {
            if let Some(m) = c.as_object_mut() {
                m.remove("lastUpdateTime");
                m.remove("lastTransitionTime");
            }
        }
    }
    v
}

/// Objects to look at in a pass: everything, or those changed since the
/// last pass (from the store's history of changes).
enum Dirty {
    All,
    Some(HashMap<GroupResource, BTreeSet<(String, String)>>),
}

impl Dirty {
    /// What changed after resourceVersion `since`; everything when the
    /// history no longer reaches back that far. A changed ReplicaSet also
    /// marks the Deployment controlling it, whose status sums it up.
    fn since(
        store: &Store,
        since: Option<u64>,
        simulated: &HashSet<GroupResource>,
        owners: &HashMap<&str, GroupResource>,
    ) -> Dirty {
        let Some(events) = since.and_then(|rv| store.events_after(rv)) else {
            return Dirty::All;
        };
        let mut map: HashMap<GroupResource, BTreeSet<(String, String)>> = HashMap::new();
        for e in events.iter().filter(|e| simulated.contains(&e.gr)) {
            let name = e
                .object
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            // A ReplicaSet or ControllerRevision changed: so did what its
            // controller reports.
            if let Some(owner) = crate::rollout::controller_of(&e.object)
                && owner
                    .get("apiVersion")
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.starts_with("apps/"))
                && let Some(gr) = owner
                    .get("kind")
                    .and_then(Value::as_str)
                    .and_then(|k| owners.get(k))
                && let Some(owner_name) = owner.get("name").and_then(Value::as_str)
            {
                map.entry(gr.clone())
                    .or_default()
                    .insert((e.namespace.clone(), owner_name.to_string()));
            }
            map.entry(e.gr.clone())
                .or_default()
                .insert((e.namespace.clone(), name));
        }
        Dirty::Some(map)
    }

    fn add(&mut self, gr: &GroupResource, ns: &str, name: &str) {
        if let Dirty::Some(map) = self {
            map.entry(gr.clone())
                .or_default()
                .insert((ns.to_string(), name.to_string()));
        }
    }

    /// The current objects of `info` to look at.
    fn objects(&self, s: &Shared, info: &ResourceInfo) -> Vec<Arc<Value>> {
        let store = s.store();
        let gr = info.gr();
        match self {
            Dirty::All => store
                .range(&gr, None, None)
                .map(|(_, o)| o.clone())
                .collect(),
            Dirty::Some(map) => map
                .get(&gr)
                .into_iter()
                .flatten()
                .filter_map(|(ns, name)| store.get(&gr, ns, name))
                .collect(),
        }
    }
}

fn meta_str<'a>(o: &'a Value, key: &str) -> &'a str {
    o.get("metadata")
        .and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Writes the simulated status of `o` when it differs from the stored one.
fn write_status(s: &Shared, info: &ResourceInfo, o: &Value, status: Value) {
    let mut next = o.clone();
    next["status"] = status;
    let name = meta_str(o, "name").to_string();
    let t = Target2 {
        info: info.clone(),
        ns: Some(meta_str(o, "namespace").to_string()),
        name: Some(name.clone()),
        sub: Some("status".into()),
    };
    // NB: losing a race with a client write is fine: the next pass retries.
    let _ = write(s, &t, next, Some(name), &as_controller());
}

/// How the simulated controllers write: as kube-controller-manager, an
/// `Update`, losing to any concurrent write (the next pass retries).
pub(crate) fn as_controller() -> WriteOpts {
    WriteOpts {
        dry_run: false,
        validation: Validation::Ignore,
        manager: MANAGER.into(),
        operation: "Update",
        check_rv: true,
    }
}

/// Deployments first (their ReplicaSets), then ReplicaSets' statuses, then
/// the Deployments' statuses summed from those, so a rollout completes in
/// one pass; then the other kinds.
fn reconcile(s: &Shared, since: Option<u64>, events: &mut crate::rollout::Events) -> u64 {
    let targets: Vec<ResourceInfo> = s
        .registry()
        .resources
        .iter()
        .filter(|r| {
            !r.is_custom()
                && ((r.group == "apps"
                    && matches!(
                        r.kind.as_str(),
                        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
                    ))
                    || (r.group == "batch" && r.kind == "Job")
                    || (r.group.is_empty() && r.kind == "Service"))
        })
        .cloned()
        .collect();
    let find = |kind: &str| targets.iter().find(|r| r.kind == kind).cloned();
    let (deployments, replica_sets) = (find("Deployment"), find("ReplicaSet"));
    let revisions = s
        .registry()
        .resources
        .iter()
        .find(|r| !r.is_custom() && r.group == "apps" && r.kind == "ControllerRevision")
        .cloned();
    let mut simulated: HashSet<GroupResource> = targets.iter().map(ResourceInfo::gr).collect();
    simulated.extend(revisions.as_ref().map(ResourceInfo::gr));
    // Kinds whose status sums up the objects they control.
    let owners: HashMap<&str, GroupResource> = ["Deployment", "StatefulSet", "DaemonSet"]
        .into_iter()
        .filter_map(|k| find(k).map(|r| (k, r.gr())))
        .collect();
    let (rv, mut dirty) = {
        let store = s.store();
        let rv = store.current_rv();
        (rv, Dirty::since(&store, since, &simulated, &owners))
    };
    if let (Some(d_info), Some(rs_info)) = (&deployments, &replica_sets) {
        let ds = dirty.objects(s, d_info);
        if !ds.is_empty() {
            let owned = crate::rollout::Owned::index(s, rs_info);
            for d in &ds {
                roll_out(s, d_info, rs_info, d, &owned, &mut dirty, events);
            }
        }
        for rs in dirty.objects(s, rs_info) {
            simulate_status(s, rs_info, &rs);
            if let Some(owner) = crate::rollout::owning_deployment(&rs) {
                dirty.add(&d_info.gr(), meta_str(&rs, "namespace"), owner);
            }
        }
        let ds = dirty.objects(s, d_info);
        if !ds.is_empty() {
            let owned = crate::rollout::Owned::index(s, rs_info);
            for d in ds {
                let status = crate::rollout::status(&d, &owned.of(&d), failing(&d), &now());
                let status = keep_times(d.get("status"), status);
                if d.get("status").map(strip_times) != Some(strip_times(&status)) {
                    write_status(s, d_info, &d, status);
                }
            }
        }
    }
    for info in &targets {
        match info.kind.as_str() {
            "Deployment" | "ReplicaSet" => {}
            "Service" => assign_cluster_ips(s, info, dirty.objects(s, info)),
            "StatefulSet" | "DaemonSet" => {
                for o in dirty.objects(s, info) {
                    let revision = revisions
                        .as_ref()
                        .and_then(|cr| crate::history::sync(s, info, cr, &o));
                    // Counting a collision wrote the status: read it back.
                    let o = s
                        .store()
                        .get(&info.gr(), meta_str(&o, "namespace"), meta_str(&o, "name"))
                        .unwrap_or(o);
                    set_status(s, info, &o, revision.as_deref());
                }
            }
            _ => {
                for o in dirty.objects(s, info) {
                    simulate_status(s, info, &o);
                }
            }
        }
    }
    rv
}

/// Rolls a Deployment out. Simulated pods are available at once, so the
/// controller's steps run back to back, each on the statuses the previous
/// one produced: one pass takes a rollout as far as it goes (a template
/// whose pods never become available stops it at once; the bound only
/// guards against a rollout that would not settle).
fn roll_out(
    s: &Shared,
    d_info: &ResourceInfo,
    rs_info: &ResourceInfo,
    d: &Arc<Value>,
    owned: &crate::rollout::Owned,
    dirty: &mut Dirty,
    events: &mut crate::rollout::Events,
) {
    let ns = meta_str(d, "namespace").to_string();
    let name = meta_str(d, "name").to_string();
    let mut d = d.clone();
    let mut mine = owned.of(&d);
    let mut adoptable = owned.adoptable(&d);
    for _ in 0..16 {
        let touched = crate::rollout::sync(s, d_info, rs_info, &d, &mine, &adoptable, events);
        if touched.is_empty() {
            return;
        }
        adoptable.clear();
        let mut names: BTreeSet<String> = mine
            .iter()
            .map(|rs| meta_str(rs, "name").to_string())
            .collect();
        for n in touched {
            dirty.add(&rs_info.gr(), &ns, &n);
            let rs = s.store().get(&rs_info.gr(), &ns, &n);
            if let Some(rs) = rs {
                simulate_status(s, rs_info, &rs);
            }
            names.insert(n);
        }
        mine = crate::rollout::current(s, rs_info, &d, &names);
        let fresh = s.store().get(&d_info.gr(), &ns, &name);
        match fresh {
            Some(f) if meta_str(&f, "uid") == meta_str(&d, "uid") => d = f,
            _ => return,
        }
    }
}

/// A StatefulSet's or DaemonSet's status, naming its current revision.
fn set_status(s: &Shared, info: &ResourceInfo, o: &Value, revision: Option<&str>) {
    let Some(mut want) = desired_status(&info.kind, o) else {
        return;
    };
    if info.kind == "StatefulSet"
        && let Some(r) = revision
    {
        want["currentRevision"] = json!(r);
        want["updateRevision"] = json!(r);
    }
    if let Some(c) = o.pointer("/status/collisionCount") {
        want["collisionCount"] = c.clone();
    }
    if o.get("status").map(strip_times) != Some(strip_times(&want)) {
        write_status(s, info, o, want);
    }
}

fn simulate_status(s: &Shared, info: &ResourceInfo, o: &Value) {
    if settled(&info.kind, o) {
        return;
    }
    if let Some(status) = desired_status(&info.kind, o) {
        write_status(s, info, o, status);
    }
}

/// Gives Services without one a free cluster IP.
fn assign_cluster_ips(s: &Shared, info: &ResourceInfo, objects: Vec<Arc<Value>>) {
    let pending: Vec<Arc<Value>> = objects
        .into_iter()
        .filter(|o| {
            let ty = o
                .pointer("/spec/type")
                .and_then(Value::as_str)
                .unwrap_or("ClusterIP");
            let ip = o
                .pointer("/spec/clusterIP")
                .and_then(Value::as_str)
                .unwrap_or("");
            ip.is_empty() && ty != "ExternalName"
        })
        .collect();
    if pending.is_empty() {
        return;
    }
    let mut used_ips: HashSet<String> = s
        .store()
        .range(&info.gr(), None, None)
        .filter_map(|(_, o)| {
            o.pointer("/spec/clusterIP")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect();
    for o in pending {
        let Some(new_ip) = (10..65_000u32)
            .map(|n| format!("10.96.{}.{}", n / 250, n % 250 + 1))
            .find(|c| !used_ips.contains(c))
        else {
            continue;
        };
        used_ips.insert(new_ip.clone());
        let mut next = (*o).clone();
        next["spec"]["clusterIP"] = json!(new_ip);
        next["spec"]["clusterIPs"] = json!([new_ip]);
        let name = meta_str(&o, "name").to_string();
        let t = Target2 {
            info: info.clone(),
            ns: Some(meta_str(&o, "namespace").to_string()),
            name: Some(name.clone()),
            sub: None,
        };
        // NB: losing a race with a client write is fine: the next pass retries.
        let _ = write(s, &t, next, Some(name), &as_controller());
    }
}
