//! Manifest normalisation before apply, for known API server traps (the
//! same fixes Flux's `ssa/normalize` makes):
//!
//! - ports without `protocol`: `protocol` is part of the list key of
//!   container and Service ports and defaults to TCP on the server, so an
//!   applied port without it does not match the stored one and is added
//!   again (structured-merge-diff#130, kubernetes#98576);
//! - Secret `stringData`: written into `data` by the server, so it would
//!   show as drift on every apply (kubernetes#108008);
//! - `status` (kept for CRDs, whose status kstatus reads) and
//!   `metadata.creationTimestamp` are the server's.

use base64::Engine;
use serde_json::{Map, Value};

/// Normalises `object` (a manifest's JSON) in place.
pub(crate) fn normalize(object: &mut Value) {
    let api_version = object
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let pod_spec = match (api_version.as_str(), kind.as_str()) {
        ("v1", "Pod") => Some("/spec"),
        ("apps/v1", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
        | ("batch/v1", "Job") => Some("/spec/template/spec"),
        ("batch/v1", "CronJob") => Some("/spec/jobTemplate/spec/template/spec"),
        _ => None,
    };
    if let Some(path) = pod_spec
        && let Some(spec) = object.pointer_mut(path)
    {
        for list in ["containers", "initContainers"] {
            for container in spec
                .get_mut(list)
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                default_protocol(container.get_mut("ports"));
            }
        }
    }
    if api_version == "v1" && kind == "Service" {
        default_protocol(object.pointer_mut("/spec/ports"));
    }
    if api_version == "v1" && kind == "Secret" {
        string_data_into_data(object);
    }
    if let Some(map) = object.as_object_mut() {
        if kind != "CustomResourceDefinition" {
            map.remove("status");
        }
        if let Some(meta) = map.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.remove("creationTimestamp");
        }
    }
}

fn default_protocol(ports: Option<&mut Value>) {
    for port in ports.and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(p) = port.as_object_mut()
            && p.get("protocol")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        {
            p.insert("protocol".into(), Value::String("TCP".into()));
        }
    }
}

fn string_data_into_data(object: &mut Value) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    let Some(Value::Object(string_data)) = map.remove("stringData") else {
        return;
    };
    let data = map
        .entry("data")
        .or_insert_with(|| Value::Object(Map::new()));
    if !data.is_object() {
        *data = Value::Object(Map::new());
    }
    if let Some(data) = data.as_object_mut() {
        for (k, v) in string_data {
            // NB: non-string values are left for the server to reject.
            let encoded = match v.as_str() {
                Some(s) => Value::String(base64::engine::general_purpose::STANDARD.encode(s)),
                None => v,
            };
            data.insert(k, encoded);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn ports_get_the_servers_default_protocol() {
        let mut d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {
            "containers": [{"name": "a", "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}]}],
            "initContainers": [{"name": "i", "ports": [{"containerPort": 9}]}]}}}});
        normalize(&mut d);
        let c = &d["spec"]["template"]["spec"];
        assert_eq!(c["containers"][0]["ports"][0]["protocol"], "TCP");
        assert_eq!(c["containers"][0]["ports"][1]["protocol"], "UDP");
        assert_eq!(c["initContainers"][0]["ports"][0]["protocol"], "TCP");

        let mut cron = json!({"apiVersion": "batch/v1", "kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {
            "containers": [{"name": "a", "ports": [{"containerPort": 80}]}]}}}}}});
        normalize(&mut cron);
        assert_eq!(
            cron.pointer("/spec/jobTemplate/spec/template/spec/containers/0/ports/0/protocol")
                .unwrap(),
            "TCP"
        );

        let mut svc =
            json!({"apiVersion": "v1", "kind": "Service", "spec": {"ports": [{"port": 80}]}});
        normalize(&mut svc);
        assert_eq!(svc["spec"]["ports"][0]["protocol"], "TCP");

        // Kinds that only look alike are left alone.
        let mut custom = json!({"apiVersion": "example.com/v1", "kind": "Service", "spec": {"ports": [{"port": 80}]}});
        normalize(&mut custom);
        assert!(custom["spec"]["ports"][0].get("protocol").is_none());
    }

    #[test]
    fn secret_string_data_moves_into_data() {
        let mut s = json!({"apiVersion": "v1", "kind": "Secret", "data": {"a": "YQ=="}, "stringData": {"b": "b", "a": "override"}});
        normalize(&mut s);
        assert_eq!(
            s,
            json!({"apiVersion": "v1", "kind": "Secret", "data": {"a": "b3ZlcnJpZGU=", "b": "Yg=="}})
        );
    }

    #[test]
    fn server_fields_are_dropped_but_crd_status_kept() {
        let mut cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "creationTimestamp": null}, "status": {}});
        normalize(&mut cm);
        assert_eq!(
            cm,
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}})
        );
        let mut crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "status": {"x": 1}});
        normalize(&mut crd);
        assert_eq!(crd["status"], json!({"x": 1}));
    }
}
