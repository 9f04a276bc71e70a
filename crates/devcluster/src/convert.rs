//! Conversion between the versions of a built-in kind served side by side:
//! HorizontalPodAutoscalers are stored as `autoscaling/v2` and also served
//! as `autoscaling/v1` (what `kubectl autoscale` up to kubectl 1.32 sends),
//! whose single CPU target is v2's CPU utilization metric. Events are
//! stored once as core `v1` Events and also served as `events.k8s.io/v1`
//! Events, whose fields are renamed the way kube-apiserver converts them
//! (`note` is `message`, `regarding` is `involvedObject`, the `deprecated*`
//! fields are the old top-level ones, `reportingController` is
//! `reportingComponent`).

use serde_json::{Map, Value, json};

use crate::resources::ResourceInfo;

/// The stored group and version of a kind served at several places, if
/// `info` is one of its other versions.
pub(crate) fn storage_version(info: &ResourceInfo) -> Option<(&'static str, &'static str)> {
    if info.is_custom() {
        return None;
    }
    if info.group == "autoscaling" && info.kind == "HorizontalPodAutoscaler" && info.version == "v1"
    {
        return Some(("autoscaling", "v2"));
    }
    is_events_view(info).then_some(("", "v1"))
}

/// Whether `info` is `events.k8s.io` Events, a view of core Events.
pub(crate) fn is_events_view(info: &ResourceInfo) -> bool {
    info.group == "events.k8s.io" && info.plural == "events" && !info.is_custom()
}

/// `events.k8s.io/v1` field names and their core `v1` counterparts; the
/// fields both share (`eventTime`, `series`, `action`, `reason`, `type`,
/// `related`, `reportingInstance`) keep their names.
const EVENT_RENAMES: [(&str, &str); 7] = [
    ("note", "message"),
    ("regarding", "involvedObject"),
    ("reportingController", "reportingComponent"),
    ("deprecatedSource", "source"),
    ("deprecatedFirstTimestamp", "firstTimestamp"),
    ("deprecatedLastTimestamp", "lastTimestamp"),
    ("deprecatedCount", "count"),
];

/// Renames top-level fields of `o`; a field already present under the new
/// name is dropped rather than overwritten.
fn rename(o: &mut Value, pairs: impl Iterator<Item = (&'static str, &'static str)>) {
    let Some(m) = o.as_object_mut() else {
        return;
    };
    for (from, to) in pairs {
        if let Some(v) = m.remove(from) {
            m.entry(to.to_string()).or_insert(v);
        }
    }
}

/// Rewrites a stored object as the version `info` serves.
pub(crate) fn from_storage(info: &ResourceInfo, o: &mut Value) {
    if storage_version(info).is_none() {
        return;
    }
    if is_events_view(info) {
        rename(o, EVENT_RENAMES.iter().map(|(new, old)| (*old, *new)));
        o["apiVersion"] = json!(info.api_version());
        return;
    }
    let Some(spec) = o.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    let cpu = spec
        .get("metrics")
        .and_then(Value::as_array)
        .and_then(|ms| {
            ms.iter().find(|m| {
                m.get("type").and_then(Value::as_str) == Some("Resource")
                    && m.pointer("/resource/name").and_then(Value::as_str) == Some("cpu")
                    && m.pointer("/resource/target/type").and_then(Value::as_str)
                        == Some("Utilization")
            })
        })
        .and_then(|m| m.pointer("/resource/target/averageUtilization"))
        .cloned();
    spec.remove("metrics");
    spec.remove("behavior");
    if let Some(cpu) = cpu {
        spec.insert("targetCPUUtilizationPercentage".into(), cpu);
    }
    if let Some(status) = o.get_mut("status").and_then(Value::as_object_mut) {
        let current = status
            .get("currentMetrics")
            .and_then(Value::as_array)
            .and_then(|ms| {
                ms.iter()
                    .find(|m| m.pointer("/resource/name").and_then(Value::as_str) == Some("cpu"))
            })
            .and_then(|m| m.pointer("/resource/current/averageUtilization"))
            .cloned();
        status.remove("currentMetrics");
        status.remove("conditions");
        if let Some(c) = current {
            status.insert("currentCPUUtilizationPercentage".into(), c);
        }
    }
}

/// Rewrites an object written at `info`'s version as the stored version.
pub(crate) fn to_storage(info: &ResourceInfo, o: &mut Value) {
    let Some((group, version)) = storage_version(info) else {
        return;
    };
    o["apiVersion"] = json!(if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    });
    if is_events_view(info) {
        // Core-only names sent to events.k8s.io are unknown fields there.
        if let Some(m) = o.as_object_mut() {
            for (_, old) in EVENT_RENAMES {
                m.remove(old);
            }
        }
        rename(o, EVENT_RENAMES.iter().copied());
        return;
    }
    let Some(spec) = o.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(cpu) = spec.remove("targetCPUUtilizationPercentage") {
        let mut target = Map::new();
        target.insert("type".into(), json!("Utilization"));
        target.insert("averageUtilization".into(), cpu);
        spec.insert(
            "metrics".into(),
            json!([{"type": "Resource", "resource": {"name": "cpu", "target": target}}]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hpa_cpu_target_round_trips() {
        let v1 = crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == "HorizontalPodAutoscaler" && r.version == "v1")
            .unwrap();
        let mut o = json!({"apiVersion": "autoscaling/v1", "spec": {"maxReplicas": 3, "targetCPUUtilizationPercentage": 70}});
        to_storage(&v1, &mut o);
        assert_eq!(o["apiVersion"], "autoscaling/v2");
        assert_eq!(
            o["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"],
            70
        );
        from_storage(&v1, &mut o);
        assert_eq!(
            o["spec"],
            json!({"maxReplicas": 3, "targetCPUUtilizationPercentage": 70})
        );
    }
}
