//! kstatus: whether an object has reached the state its spec asks for.
//!
//! Follows the rules of `sigs.k8s.io/cli-utils/pkg/kstatus` (what Flux's
//! health checks use): built-in workloads by their rollout counters,
//! everything else by the `Stalled` / `Reconciling` / `Ready` conditions and
//! `status.observedGeneration`. Pure: works on the object's JSON.

use std::fmt;

use serde_json::Value;

/// The kstatus of an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// The object has reached its desired state.
    Current,
    /// The object is on its way to its desired state.
    InProgress,
    /// The object will not reach its desired state without a change.
    Failed,
    /// The object is being deleted.
    Terminating,
    /// The object does not exist.
    NotFound,
    /// The status cannot be computed (the object could not be read).
    Unknown,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Current => "Current",
            Status::InProgress => "InProgress",
            Status::Failed => "Failed",
            Status::Terminating => "Terminating",
            Status::NotFound => "NotFound",
            Status::Unknown => "Unknown",
        })
    }
}

/// The status of one object and a message that says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectStatus {
    /// The computed status.
    pub status: Status,
    /// A human-readable reason.
    pub message: String,
}

impl ObjectStatus {
    fn new(status: Status, message: impl Into<String>) -> Self {
        ObjectStatus {
            status,
            message: message.into(),
        }
    }
}

fn int(v: &Value, ptr: &str) -> Option<i64> {
    v.pointer(ptr).and_then(Value::as_i64)
}

fn str_at<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr).and_then(Value::as_str)
}

/// A condition of `status.conditions` by type.
fn condition<'a>(v: &'a Value, kind: &str) -> Option<&'a Value> {
    v.pointer("/status/conditions")
        .and_then(Value::as_array)?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some(kind))
}

fn condition_is(v: &Value, kind: &str, status: &str) -> bool {
    condition(v, kind)
        .and_then(|c| c.get("status"))
        .and_then(Value::as_str)
        == Some(status)
}

fn condition_text(c: &Value) -> String {
    let message = c.get("message").and_then(Value::as_str).unwrap_or_default();
    if message.is_empty() {
        c.get("reason")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    } else {
        message.to_string()
    }
}

/// Computes the kstatus of `object` (its full JSON, as read from the server).
pub fn compute(object: &Value) -> ObjectStatus {
    if object
        .pointer("/metadata/deletionTimestamp")
        .is_some_and(|t| !t.is_null())
    {
        return ObjectStatus::new(Status::Terminating, "Resource scheduled for deletion");
    }
    // A controller that reports observedGeneration has not seen the latest
    // spec until it matches the generation.
    if let (Some(generation), Some(observed)) = (
        int(object, "/metadata/generation"),
        int(object, "/status/observedGeneration"),
    ) && observed < generation
    {
        return ObjectStatus::new(
            Status::InProgress,
            format!("the generation has not been observed: {observed}/{generation}"),
        );
    }
    let api_version = str_at(object, "/apiVersion").unwrap_or_default();
    let group = api_version.split_once('/').map(|(g, _)| g).unwrap_or("");
    let kind = str_at(object, "/kind").unwrap_or_default();
    match (group, kind) {
        ("apps", "Deployment") => deployment(object),
        ("apps", "StatefulSet") => stateful_set(object),
        ("apps", "DaemonSet") => daemon_set(object),
        ("apps", "ReplicaSet") => replica_set(object),
        ("batch", "Job") => job(object),
        ("policy", "PodDisruptionBudget") => pod_disruption_budget(object),
        ("", "Pod") => pod(object),
        ("", "PersistentVolumeClaim") => pvc(object),
        ("", "Service") => service(object),
        ("", "Namespace") => namespace(object),
        ("apiextensions.k8s.io", "CustomResourceDefinition") => crd(object),
        _ => generic(object),
    }
}

/// Custom resources and kinds without a specific rule: kstatus conditions.
fn generic(o: &Value) -> ObjectStatus {
    if let Some(c) = condition(o, "Stalled").filter(|c| c["status"] == "True") {
        return ObjectStatus::new(Status::Failed, condition_text(c));
    }
    if let Some(c) = condition(o, "Reconciling").filter(|c| c["status"] == "True") {
        return ObjectStatus::new(Status::InProgress, condition_text(c));
    }
    if let Some(c) = condition(o, "Ready") {
        // NB: Flux objects stamp observedGeneration on the condition too; a
        // Ready from an older generation says nothing about this one.
        if let (Some(generation), Some(observed)) = (
            int(o, "/metadata/generation"),
            c.get("observedGeneration").and_then(Value::as_i64),
        ) && observed < generation
        {
            return ObjectStatus::new(
                Status::InProgress,
                format!("the Ready condition is for generation {observed}, not {generation}"),
            );
        }
        return match c.get("status").and_then(Value::as_str) {
            Some("True") => ObjectStatus::new(Status::Current, condition_text(c)),
            _ => ObjectStatus::new(Status::InProgress, condition_text(c)),
        };
    }
    ObjectStatus::new(Status::Current, "Resource is current")
}

fn deployment(o: &Value) -> ObjectStatus {
    if let Some(c) = condition(o, "Progressing")
        && c.get("reason").and_then(Value::as_str) == Some("ProgressDeadlineExceeded")
    {
        return ObjectStatus::new(Status::Failed, "Progress deadline exceeded");
    }
    let want = int(o, "/spec/replicas").unwrap_or(1);
    let replicas = int(o, "/status/replicas").unwrap_or(0);
    let updated = int(o, "/status/updatedReplicas").unwrap_or(0);
    let available = int(o, "/status/availableReplicas").unwrap_or(0);
    let ready = int(o, "/status/readyReplicas").unwrap_or(0);
    if want > replicas {
        return ObjectStatus::new(Status::InProgress, format!("replicas: {replicas}/{want}"));
    }
    if want > updated {
        return ObjectStatus::new(Status::InProgress, format!("Updated: {updated}/{want}"));
    }
    if replicas > updated {
        return ObjectStatus::new(
            Status::InProgress,
            format!("Pending termination: {}", replicas - updated),
        );
    }
    if updated > available {
        return ObjectStatus::new(
            Status::InProgress,
            format!("Available: {available}/{updated}"),
        );
    }
    if want > ready {
        return ObjectStatus::new(Status::InProgress, format!("Ready: {ready}/{want}"));
    }
    // The rollout controller says the new ReplicaSet is out and available.
    let progressed = condition(o, "Progressing").is_some_and(|c| {
        c["status"] == "True"
            && c.get("reason").and_then(Value::as_str) == Some("NewReplicaSetAvailable")
    });
    if !progressed {
        return ObjectStatus::new(Status::InProgress, "ReplicaSet not Available");
    }
    if !condition_is(o, "Available", "True") {
        return ObjectStatus::new(Status::InProgress, "Deployment not Available");
    }
    ObjectStatus::new(
        Status::Current,
        format!("Deployment is available. Replicas: {replicas}"),
    )
}

fn stateful_set(o: &Value) -> ObjectStatus {
    if str_at(o, "/spec/updateStrategy/type").is_some_and(|t| t.eq_ignore_ascii_case("OnDelete")) {
        return ObjectStatus::new(
            Status::Current,
            "StatefulSet is using the ondelete update strategy",
        );
    }
    let want = int(o, "/spec/replicas").unwrap_or(1);
    let replicas = int(o, "/status/replicas").unwrap_or(0);
    let ready = int(o, "/status/readyReplicas").unwrap_or(0);
    let current = int(o, "/status/currentReplicas").unwrap_or(0);
    let updated = int(o, "/status/updatedReplicas").unwrap_or(0);
    if want > replicas {
        return ObjectStatus::new(Status::InProgress, format!("Replicas: {replicas}/{want}"));
    }
    if want > ready {
        return ObjectStatus::new(Status::InProgress, format!("Ready: {ready}/{want}"));
    }
    if let Some(partition) = int(o, "/spec/updateStrategy/rollingUpdate/partition") {
        let expected = want - partition;
        if updated < expected {
            return ObjectStatus::new(Status::InProgress, format!("updated: {updated}/{expected}"));
        }
        return ObjectStatus::new(
            Status::Current,
            format!("Partition rollout complete. updated: {updated}"),
        );
    }
    if want > current {
        return ObjectStatus::new(Status::InProgress, format!("current: {current}/{want}"));
    }
    if str_at(o, "/status/currentRevision") != str_at(o, "/status/updateRevision") {
        return ObjectStatus::new(
            Status::InProgress,
            "Waiting for updated revision to match current",
        );
    }
    ObjectStatus::new(
        Status::Current,
        format!("All replicas scheduled as expected. Replicas: {replicas}"),
    )
}

fn pod_disruption_budget(o: &Value) -> ObjectStatus {
    let healthy = int(o, "/status/currentHealthy").unwrap_or(0);
    let desired = int(o, "/status/desiredHealthy").unwrap_or(0);
    if desired == 0 {
        return ObjectStatus::new(Status::InProgress, "Missing or zero .status.desiredHealthy");
    }
    if desired > healthy {
        return ObjectStatus::new(
            Status::InProgress,
            format!("Budget not met. healthy replicas: {healthy}/{desired}"),
        );
    }
    ObjectStatus::new(
        Status::Current,
        format!("Budget is met. Replicas: {healthy}/{desired}"),
    )
}

fn daemon_set(o: &Value) -> ObjectStatus {
    let Some(desired) = int(o, "/status/desiredNumberScheduled") else {
        return ObjectStatus::new(Status::InProgress, "Missing .status.desiredNumberScheduled");
    };
    let scheduled = int(o, "/status/currentNumberScheduled").unwrap_or(0);
    let updated = int(o, "/status/updatedNumberScheduled").unwrap_or(0);
    let available = int(o, "/status/numberAvailable").unwrap_or(0);
    let ready = int(o, "/status/numberReady").unwrap_or(0);
    for (what, have) in [
        ("Current", scheduled),
        ("Updated", updated),
        ("Available", available),
        ("Ready", ready),
    ] {
        if have < desired {
            return ObjectStatus::new(Status::InProgress, format!("{what}: {have}/{desired}"));
        }
    }
    ObjectStatus::new(
        Status::Current,
        format!("All replicas scheduled as expected. Replicas: {desired}"),
    )
}

fn replica_set(o: &Value) -> ObjectStatus {
    if condition_is(o, "ReplicaFailure", "True") {
        return ObjectStatus::new(Status::InProgress, "Replica Failure condition. Check Pods");
    }
    let want = int(o, "/spec/replicas").unwrap_or(1);
    let replicas = int(o, "/status/replicas").unwrap_or(0);
    let labeled = int(o, "/status/fullyLabeledReplicas").unwrap_or(0);
    let available = int(o, "/status/availableReplicas").unwrap_or(0);
    let ready = int(o, "/status/readyReplicas").unwrap_or(0);
    if want > labeled {
        return ObjectStatus::new(Status::InProgress, format!("Labelled: {labeled}/{want}"));
    }
    if want > available {
        return ObjectStatus::new(Status::InProgress, format!("Available: {available}/{want}"));
    }
    if want > ready {
        return ObjectStatus::new(Status::InProgress, format!("Ready: {ready}/{want}"));
    }
    if replicas > want {
        return ObjectStatus::new(Status::InProgress, format!("replicas: {replicas}/{want}"));
    }
    ObjectStatus::new(
        Status::Current,
        format!("ReplicaSet is available. Replicas: {replicas}"),
    )
}

fn job(o: &Value) -> ObjectStatus {
    let succeeded = int(o, "/status/succeeded").unwrap_or(0);
    let failed = int(o, "/status/failed").unwrap_or(0);
    let completions = int(o, "/spec/completions").unwrap_or(1);
    if condition_is(o, "Failed", "True") {
        return ObjectStatus::new(
            Status::Failed,
            format!("Job Failed. failed: {failed}/{completions}"),
        );
    }
    if condition_is(o, "Complete", "True") {
        return ObjectStatus::new(
            Status::Current,
            format!("Job Completed. succeeded: {succeeded}/{completions}"),
        );
    }
    if o.pointer("/status/startTime").is_none() {
        return ObjectStatus::new(Status::InProgress, "Job not started");
    }
    // NB: cli-utils calls a started Job Current; a GitOps wait on a Job
    // (a migration, say) means "until it completed", so it stays InProgress.
    let active = int(o, "/status/active").unwrap_or(0);
    ObjectStatus::new(
        Status::InProgress,
        format!("Job in progress. success:{succeeded}, active: {active}, failed: {failed}"),
    )
}

fn pod(o: &Value) -> ObjectStatus {
    let phase = str_at(o, "/status/phase");
    if phase == Some("Succeeded") {
        return ObjectStatus::new(Status::Current, "Pod has completed successfully");
    }
    if let Some(ready) = condition(o, "Ready") {
        if ready["status"] == "True" {
            return ObjectStatus::new(Status::Current, "Pod has reached the ready state");
        }
        if ready["status"] == "False"
            && ready.get("reason").and_then(Value::as_str) == Some("PodCompleted")
        {
            return ObjectStatus::new(Status::Failed, "Pod has completed, but not successfully");
        }
    }
    if phase == Some("Failed") {
        return ObjectStatus::new(Status::Failed, "Pod has completed, but not successfully");
    }
    // NB: beyond cli-utils: a crash-looping container will not recover on
    // its own, so waiting for it until the timeout only delays the news.
    let crash_looping = o
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|c| {
            c.pointer("/state/waiting/reason").and_then(Value::as_str) == Some("CrashLoopBackOff")
        });
    if crash_looping {
        return ObjectStatus::new(Status::Failed, "Pod has containers in CrashLoopBackOff");
    }
    ObjectStatus::new(Status::InProgress, "Pod has not become ready")
}

fn pvc(o: &Value) -> ObjectStatus {
    match str_at(o, "/status/phase") {
        Some("Bound") => ObjectStatus::new(Status::Current, "PVC is Bound"),
        phase => ObjectStatus::new(
            Status::InProgress,
            format!("PVC is not Bound. phase: {}", phase.unwrap_or("<none>")),
        ),
    }
}

/// NB: kstatus (and so Flux) waits for a LoadBalancer Service's cluster IP,
/// not for its ingress, so clusters without a load-balancer provider still
/// become healthy; we do the same.
fn service(o: &Value) -> ObjectStatus {
    if str_at(o, "/spec/type") == Some("LoadBalancer")
        && str_at(o, "/spec/clusterIP").is_none_or(str::is_empty)
    {
        return ObjectStatus::new(
            Status::InProgress,
            "ClusterIP not set. Service type: LoadBalancer",
        );
    }
    ObjectStatus::new(Status::Current, "Service is ready")
}

fn namespace(o: &Value) -> ObjectStatus {
    match str_at(o, "/status/phase") {
        Some("Active") | None => ObjectStatus::new(Status::Current, "Namespace is Active"),
        Some("Terminating") => ObjectStatus::new(Status::Terminating, "Namespace is Terminating"),
        Some(phase) => ObjectStatus::new(Status::InProgress, format!("Namespace phase: {phase}")),
    }
}

fn crd(o: &Value) -> ObjectStatus {
    if let Some(c) = condition(o, "NamesAccepted").filter(|c| c["status"] == "False") {
        return ObjectStatus::new(Status::Failed, condition_text(c));
    }
    if condition_is(o, "Established", "True") {
        return ObjectStatus::new(Status::Current, "CRD is established");
    }
    ObjectStatus::new(Status::InProgress, "CRD is not Established")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    struct Case {
        name: &'static str,
        before: Value,
        want: Status,
        want_message: &'static str,
    }

    fn deploy(spec_replicas: i64, status: Value) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default", "generation": 2},
            "spec": {"replicas": spec_replicas},
            "status": status,
        })
    }

    fn rolled_out() -> Value {
        json!([
            {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
            {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
        ])
    }

    fn custom(generation: i64, status: Value) -> Value {
        json!({
            "apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w", "namespace": "default", "generation": generation},
            "status": status,
        })
    }

    #[test]
    fn computes_kstatus_like_cli_utils() {
        let cases = [
            Case {
                name: "deployment_fully_rolled_out_is_current",
                before: deploy(
                    2,
                    json!({"observedGeneration": 2, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2, "readyReplicas": 2, "conditions": rolled_out()}),
                ),
                want: Status::Current,
                want_message: "Deployment is available. Replicas: 2",
            },
            Case {
                name: "deployment_with_old_observed_generation_is_in_progress",
                before: deploy(
                    2,
                    json!({"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2, "readyReplicas": 2}),
                ),
                want: Status::InProgress,
                want_message: "the generation has not been observed: 1/2",
            },
            Case {
                name: "deployment_not_yet_observed_is_in_progress",
                before: deploy(1, json!({})),
                want: Status::InProgress,
                want_message: "replicas: 0/1",
            },
            Case {
                name: "deployment_counted_but_not_reported_available_is_in_progress",
                before: deploy(
                    1,
                    json!({"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1, "readyReplicas": 1,
                    "conditions": [{"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"}]}),
                ),
                want: Status::InProgress,
                want_message: "ReplicaSet not Available",
            },
            Case {
                name: "deployment_without_available_condition_is_in_progress",
                before: deploy(
                    1,
                    json!({"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1, "readyReplicas": 1,
                    "conditions": [{"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}, {"type": "Available", "status": "False"}]}),
                ),
                want: Status::InProgress,
                want_message: "Deployment not Available",
            },
            Case {
                name: "deployment_with_unavailable_replicas_is_in_progress",
                before: deploy(
                    3,
                    json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 1, "readyReplicas": 1}),
                ),
                want: Status::InProgress,
                want_message: "Available: 1/3",
            },
            Case {
                name: "deployment_mid_rollout_is_in_progress",
                before: deploy(
                    2,
                    json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 1, "availableReplicas": 2}),
                ),
                want: Status::InProgress,
                want_message: "Updated: 1/2",
            },
            Case {
                name: "deployment_with_old_replicas_terminating_is_in_progress",
                before: deploy(
                    2,
                    json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 2, "availableReplicas": 2, "readyReplicas": 2}),
                ),
                want: Status::InProgress,
                want_message: "Pending termination: 1",
            },
            Case {
                name: "deployment_past_progress_deadline_failed",
                before: deploy(
                    1,
                    json!({"observedGeneration": 2, "replicas": 1, "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]}),
                ),
                want: Status::Failed,
                want_message: "Progress deadline exceeded",
            },
            Case {
                name: "deployment_scaled_to_zero_is_current",
                before: deploy(
                    0,
                    json!({"observedGeneration": 2, "conditions": rolled_out()}),
                ),
                want: Status::Current,
                want_message: "Deployment is available. Replicas: 0",
            },
            Case {
                name: "statefulset_ready_is_current",
                before: json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"generation": 1},
                    "spec": {"replicas": 2},
                    "status": {"observedGeneration": 1, "replicas": 2, "readyReplicas": 2, "currentReplicas": 2, "updatedReplicas": 2, "currentRevision": "r1", "updateRevision": "r1"}}),
                want: Status::Current,
                want_message: "All replicas scheduled as expected. Replicas: 2",
            },
            Case {
                name: "statefulset_mid_update_is_in_progress",
                before: json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"generation": 1},
                    "spec": {"replicas": 2},
                    "status": {"observedGeneration": 1, "replicas": 2, "readyReplicas": 2, "currentReplicas": 2, "currentRevision": "r1", "updateRevision": "r2"}}),
                want: Status::InProgress,
                want_message: "Waiting for updated revision to match current",
            },
            Case {
                name: "statefulset_partitioned_rollout_done_is_current",
                before: json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"generation": 1},
                    "spec": {"replicas": 3, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}},
                    "status": {"observedGeneration": 1, "replicas": 3, "readyReplicas": 3, "updatedReplicas": 1}}),
                want: Status::Current,
                want_message: "Partition rollout complete. updated: 1",
            },
            Case {
                name: "statefulset_scaling_up_is_in_progress",
                before: json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"generation": 1},
                    "spec": {"replicas": 3}, "status": {"observedGeneration": 1, "replicas": 1}}),
                want: Status::InProgress,
                want_message: "Replicas: 1/3",
            },
            Case {
                name: "pdb_budget_not_met_is_in_progress",
                before: json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                    "status": {"currentHealthy": 1, "desiredHealthy": 2}}),
                want: Status::InProgress,
                want_message: "Budget not met. healthy replicas: 1/2",
            },
            Case {
                name: "daemonset_not_ready_everywhere_is_in_progress",
                before: json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"generation": 1},
                    "status": {"observedGeneration": 1, "desiredNumberScheduled": 3, "currentNumberScheduled": 3, "updatedNumberScheduled": 3, "numberAvailable": 3, "numberReady": 2}}),
                want: Status::InProgress,
                want_message: "Ready: 2/3",
            },
            Case {
                name: "replicaset_available_is_current",
                before: json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"generation": 1},
                    "spec": {"replicas": 1},
                    "status": {"observedGeneration": 1, "replicas": 1, "fullyLabeledReplicas": 1, "readyReplicas": 1, "availableReplicas": 1}}),
                want: Status::Current,
                want_message: "ReplicaSet is available. Replicas: 1",
            },
            Case {
                name: "job_complete_is_current",
                before: json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {},
                    "status": {"startTime": "2026-01-01T00:00:00Z", "succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}}),
                want: Status::Current,
                want_message: "Job Completed. succeeded: 1/1",
            },
            Case {
                name: "job_failed_is_failed",
                before: json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {"completions": 1},
                    "status": {"startTime": "2026-01-01T00:00:00Z", "failed": 4, "conditions": [{"type": "Failed", "status": "True"}]}}),
                want: Status::Failed,
                want_message: "Job Failed. failed: 4/1",
            },
            Case {
                name: "job_running_is_in_progress",
                before: json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {}, "status": {"startTime": "2026-01-01T00:00:00Z", "active": 1}}),
                want: Status::InProgress,
                want_message: "Job in progress. success:0, active: 1, failed: 0",
            },
            Case {
                name: "pod_running_ready_is_current",
                before: json!({"apiVersion": "v1", "kind": "Pod", "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}),
                want: Status::Current,
                want_message: "Pod has reached the ready state",
            },
            Case {
                name: "pod_crash_looping_failed",
                before: json!({"apiVersion": "v1", "kind": "Pod", "status": {"phase": "Running", "containerStatuses": [{"state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}),
                want: Status::Failed,
                want_message: "Pod has containers in CrashLoopBackOff",
            },
            Case {
                name: "pvc_pending_is_in_progress",
                before: json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "status": {"phase": "Pending"}}),
                want: Status::InProgress,
                want_message: "PVC is not Bound. phase: Pending",
            },
            Case {
                name: "pvc_bound_is_current",
                before: json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "status": {"phase": "Bound"}}),
                want: Status::Current,
                want_message: "PVC is Bound",
            },
            Case {
                name: "load_balancer_without_cluster_ip_is_in_progress",
                before: json!({"apiVersion": "v1", "kind": "Service", "spec": {"type": "LoadBalancer"}}),
                want: Status::InProgress,
                want_message: "ClusterIP not set. Service type: LoadBalancer",
            },
            Case {
                name: "cluster_ip_service_is_current",
                before: json!({"apiVersion": "v1", "kind": "Service", "spec": {"type": "ClusterIP", "clusterIP": "10.0.0.1"}}),
                want: Status::Current,
                want_message: "Service is ready",
            },
            Case {
                name: "namespace_active_is_current",
                before: json!({"apiVersion": "v1", "kind": "Namespace", "status": {"phase": "Active"}}),
                want: Status::Current,
                want_message: "Namespace is Active",
            },
            Case {
                name: "object_being_deleted_is_terminating",
                before: json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"}, "status": {"phase": "Terminating"}}),
                want: Status::Terminating,
                want_message: "Resource scheduled for deletion",
            },
            Case {
                name: "crd_established_is_current",
                before: json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                    "status": {"conditions": [{"type": "NamesAccepted", "status": "True"}, {"type": "Established", "status": "True"}]}}),
                want: Status::Current,
                want_message: "CRD is established",
            },
            Case {
                name: "crd_not_established_is_in_progress",
                before: json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "status": {}}),
                want: Status::InProgress,
                want_message: "CRD is not Established",
            },
            Case {
                name: "crd_with_conflicting_names_failed",
                before: json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                    "status": {"conditions": [{"type": "NamesAccepted", "status": "False", "message": "plural is already in use"}]}}),
                want: Status::Failed,
                want_message: "plural is already in use",
            },
            Case {
                name: "custom_resource_ready_is_current",
                before: custom(
                    3,
                    json!({"observedGeneration": 3, "conditions": [{"type": "Ready", "status": "True", "message": "Applied revision: main@sha1:abc"}]}),
                ),
                want: Status::Current,
                want_message: "Applied revision: main@sha1:abc",
            },
            Case {
                name: "custom_resource_not_ready_is_in_progress",
                before: custom(
                    3,
                    json!({"observedGeneration": 3, "conditions": [{"type": "Ready", "status": "False", "reason": "Progressing"}]}),
                ),
                want: Status::InProgress,
                want_message: "Progressing",
            },
            Case {
                name: "custom_resource_with_stale_ready_is_in_progress",
                before: custom(
                    3,
                    json!({"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True"}]}),
                ),
                want: Status::InProgress,
                want_message: "the generation has not been observed: 2/3",
            },
            Case {
                name: "custom_resource_ready_for_older_generation_is_in_progress",
                before: custom(
                    3,
                    json!({"conditions": [{"type": "Ready", "status": "True", "observedGeneration": 2}]}),
                ),
                want: Status::InProgress,
                want_message: "the Ready condition is for generation 2, not 3",
            },
            Case {
                name: "custom_resource_stalled_failed",
                before: custom(
                    1,
                    json!({"conditions": [{"type": "Ready", "status": "False"}, {"type": "Stalled", "status": "True", "message": "invalid spec.url"}]}),
                ),
                want: Status::Failed,
                want_message: "invalid spec.url",
            },
            Case {
                name: "custom_resource_reconciling_is_in_progress",
                before: custom(
                    1,
                    json!({"conditions": [{"type": "Reconciling", "status": "True", "message": "fetching"}, {"type": "Ready", "status": "True"}]}),
                ),
                want: Status::InProgress,
                want_message: "fetching",
            },
            Case {
                name: "custom_resource_without_conditions_is_current",
                before: custom(1, json!({})),
                want: Status::Current,
                want_message: "Resource is current",
            },
            Case {
                name: "config_map_is_current",
                before: json!({"apiVersion": "v1", "kind": "ConfigMap", "data": {}}),
                want: Status::Current,
                want_message: "Resource is current",
            },
        ];
        for case in cases {
            let got = compute(&case.before);
            assert_eq!(got.status, case.want, "{}: {}", case.name, got.message);
            assert_eq!(got.message, case.want_message, "{}", case.name);
        }
    }
}
