//! Conversion between the versions of a built-in kind served side by side:
//! HorizontalPodAutoscalers are stored as `autoscaling/v2` and also served
//! as `autoscaling/v1` (what `kubectl autoscale` up to kubectl 1.32 sends),
//! whose single CPU target is v2's CPU utilization metric.

use serde_json::{Map, Value, json};

use crate::resources::ResourceInfo;

/// The stored version of a kind served at several versions, if `info` is
/// one of its other versions.
pub(crate) fn storage_version(info: &ResourceInfo) -> Option<&'static str> {
    (info.group == "autoscaling" && info.kind == "HorizontalPodAutoscaler" && info.version == "v1")
        .then_some("v2")
}

/// Rewrites a stored (v2) object as the version `info` serves.
pub(crate) fn from_storage(info: &ResourceInfo, o: &mut Value) {
    if storage_version(info).is_none() {
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
    let Some(version) = storage_version(info) else {
        return;
    };
    o["apiVersion"] = json!(format!("{}/{version}", info.group));
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
