//! `--simulate-workloads`: just enough of kube-controller-manager for health
//! checks. Workloads get a realistic status shortly after each change, Jobs
//! complete, Services get a cluster IP. A pod-template annotation
//! `devcluster.ballast.dev/fail: "true"` makes a rollout fail
//! (`Progressing=False`, `ProgressDeadlineExceeded`) or a Job fail.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{Target2, Validation, WriteOpts, now, write};
use crate::server::Shared;

/// The annotation that makes a simulated workload fail.
const FAIL: &str = "devcluster.ballast.dev/fail";
const MANAGER: &str = "kube-controller-manager";

/// Runs until shutdown, reconciling after every burst of changes.
pub(crate) async fn run(s: Arc<Shared>) {
    let mut notify = s.notify.subscribe();
    let mut shutdown = s.shutdown.clone();
    loop {
        reconcile(&s);
        tokio::select! {
            r = notify.changed() => if r.is_err() { return },
            _ = shutdown.changed() => return,
        }
        // Let a burst of writes settle, as controllers see them a moment later.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn failing(o: &Value) -> bool {
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
        "Deployment" => {
            let mut st = json!({
                "observedGeneration": generation,
                "replicas": replicas,
                "updatedReplicas": replicas,
                "readyReplicas": ready,
                "availableReplicas": ready,
            });
            if fail {
                st["unavailableReplicas"] = json!(replicas);
                st["conditions"] = json!([
                    condition(
                        "Available",
                        "False",
                        "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.",
                        &at
                    ),
                    condition(
                        "Progressing",
                        "False",
                        "ProgressDeadlineExceeded",
                        "ReplicaSet has timed out progressing.",
                        &at
                    ),
                ]);
            } else {
                st["conditions"] = json!([
                    condition(
                        "Available",
                        "True",
                        "MinimumReplicasAvailable",
                        "Deployment has minimum availability.",
                        &at
                    ),
                    condition(
                        "Progressing",
                        "True",
                        "NewReplicaSetAvailable",
                        "ReplicaSet has successfully progressed.",
                        &at
                    ),
                ]);
            }
            st
        }
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
        _ => {
            let want = desired_status(kind, o);
            let strip = |v: &Value| {
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
            };
            want.as_ref().map(strip) == Some(strip(st))
        }
    }
}

fn reconcile(s: &Shared) {
    let targets: Vec<crate::resources::ResourceInfo> = s
        .registry()
        .resources
        .iter()
        .filter(|r| {
            (r.group == "apps"
                && matches!(
                    r.kind.as_str(),
                    "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
                ))
                || (r.group == "batch" && r.kind == "Job")
                || (r.group.is_empty() && r.kind == "Service")
        })
        .cloned()
        .collect();
    for info in targets {
        let objects: Vec<Arc<Value>> = s
            .store()
            .range(&info.gr(), None, None)
            .map(|(_, o)| o.clone())
            .collect();
        let mut used_ips: HashSet<String> = HashSet::new();
        if info.kind == "Service" {
            used_ips = objects
                .iter()
                .filter_map(|o| {
                    o.pointer("/spec/clusterIP")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect();
        }
        for o in objects {
            let ns = o
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let name = o
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let opts = WriteOpts {
                dry_run: false,
                validation: Validation::Ignore,
                manager: MANAGER.into(),
                operation: "Update",
                check_rv: true,
            };
            if info.kind == "Service" {
                let ty = o
                    .pointer("/spec/type")
                    .and_then(Value::as_str)
                    .unwrap_or("ClusterIP");
                let ip = o
                    .pointer("/spec/clusterIP")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if !ip.is_empty() || ty == "ExternalName" {
                    continue;
                }
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
                let t = Target2 {
                    info: info.clone(),
                    ns: Some(ns),
                    name: Some(name.clone()),
                    sub: None,
                };
                // NB: losing a race with a client write is fine: the next pass retries.
                let _ = write(s, &t, next, Some(name), &opts);
                continue;
            }
            if settled(&info.kind, &o) {
                continue;
            }
            let Some(status) = desired_status(&info.kind, &o) else {
                continue;
            };
            let mut next = (*o).clone();
            next["status"] = status;
            let t = Target2 {
                info: info.clone(),
                ns: Some(ns),
                name: Some(name.clone()),
                sub: Some("status".into()),
            };
            let _ = write(s, &t, next, Some(name), &opts);
        }
    }
}
