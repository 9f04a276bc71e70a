//! Patch cases shared by the table tests and the kubectl oracle test.

#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

/// The kubectl to compare with. The schema table follows Kubernetes 1.33, so
/// the `kubectl.1.33` installed beside a dispatching `kubectl` is preferred;
/// plain `kubectl` is the fallback. Panics, naming what to install, when
/// there is none.
pub fn kubectl() -> Command {
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("kubectl"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .find(|candidate| candidate.is_file());
    let Some(on_path) = on_path else {
        panic!(
            "kubectl is not on PATH; install kubectl (1.33, with its built-in kustomize) to run the oracle tests"
        );
    };
    let pinned: Option<PathBuf> = std::fs::canonicalize(&on_path)
        .ok()
        .and_then(|real| real.parent().map(|dir| dir.join("kubectl.1.33")))
        .filter(|candidate| candidate.is_file());
    Command::new(pinned.unwrap_or(on_path))
}

/// One strategic merge patch applied to one built-in object.
pub struct Case {
    /// Reads as a sentence.
    pub name: &'static str,
    pub original: Value,
    pub patch: Value,
}

pub fn deployment() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web", "tier": "front"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "nodeSelector": {"disk": "ssd"},
                    "tolerations": [{"key": "k1", "operator": "Exists"}],
                    "imagePullSecrets": [{"name": "regcred"}],
                    "containers": [
                        {
                            "name": "a",
                            "image": "a:1",
                            "args": ["--one", "--two"],
                            "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443, "name": "https"}],
                            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                            "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                            "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}
                        },
                        {"name": "b", "image": "b:1"},
                        {"name": "c", "image": "c:1"}
                    ],
                    "volumes": [{"name": "data", "emptyDir": {}}]
                }
            }
        }
    })
}

fn pod_spec(spec: Value) -> Value {
    json!({"spec": {"template": {"spec": spec}}})
}

pub fn cases() -> Vec<Case> {
    let case = |name, original: Value, patch: Value| Case {
        name,
        original,
        patch,
    };
    vec![
        case(
            "container_in_the_middle_is_merged_by_name",
            deployment(),
            pod_spec(json!({"containers": [{"name": "b", "image": "b:2"}]})),
        ),
        case(
            "new_container_is_added",
            deployment(),
            pod_spec(json!({"containers": [{"name": "d", "image": "d:1"}]})),
        ),
        case(
            "new_and_existing_containers_mix",
            deployment(),
            pod_spec(
                json!({"containers": [{"name": "c", "image": "c:2"}, {"name": "d", "image": "d:1"}, {"name": "a", "image": "a:2"}]}),
            ),
        ),
        case(
            "env_merges_by_name_and_null_drops_a_field",
            deployment(),
            pod_spec(
                json!({"containers": [{"name": "a", "env": [{"name": "C", "value": "3"}, {"name": "A", "value": null, "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}),
            ),
        ),
        case(
            "ports_merge_by_container_port",
            deployment(),
            pod_spec(
                json!({"containers": [{"name": "a", "ports": [{"containerPort": 8080, "name": "alt"}, {"containerPort": 443, "name": "tls"}]}]}),
            ),
        ),
        case(
            "patch_delete_removes_a_container",
            deployment(),
            pod_spec(json!({"containers": [{"name": "b", "$patch": "delete"}]})),
        ),
        case(
            "patch_replace_replaces_the_container_list",
            deployment(),
            pod_spec(json!({"containers": [{"name": "z", "image": "z:1"}, {"$patch": "replace"}]})),
        ),
        case(
            "patch_replace_on_a_map_replaces_it",
            deployment(),
            pod_spec(json!({"nodeSelector": {"$patch": "replace", "zone": "a"}})),
        ),
        case(
            "patch_delete_on_a_map_empties_it",
            deployment(),
            pod_spec(json!({"containers": [{"name": "a", "resources": {"$patch": "delete"}}]})),
        ),
        case(
            "set_element_order_reorders_containers",
            deployment(),
            pod_spec(json!({
                "$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}],
                "containers": [{"name": "a", "image": "a:3"}]
            })),
        ),
        case(
            "kubectl_apply_style_patch_deletes_adds_and_orders_env",
            deployment(),
            pod_spec(json!({"containers": [{
                "name": "a",
                // B is server-only: another manager added it.
                "$setElementOrder/env": [{"name": "C"}],
                "env": [{"name": "A", "$patch": "delete"}, {"name": "C", "value": "3"}]
            }]})),
        ),
        case(
            "set_element_order_with_a_deleted_first_container",
            deployment(),
            pod_spec(json!({
                "$setElementOrder/containers": [{"name": "d"}, {"name": "b"}, {"name": "c"}],
                "containers": [{"name": "a", "$patch": "delete"}, {"name": "d", "image": "d:1"}]
            })),
        ),
        case(
            "retain_keys_swaps_a_volume_source",
            deployment(),
            pod_spec(
                json!({"volumes": [{"name": "data", "$retainKeys": ["name", "configMap"], "configMap": {"name": "cm"}}]}),
            ),
        ),
        case(
            "retain_keys_switches_deployment_strategy",
            deployment(),
            json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}),
        ),
        case(
            "finalizers_union_as_a_primitive_set",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "finalizers": ["f/x", "f/y"]}}),
            json!({"metadata": {"finalizers": ["f/z", "f/x"]}}),
        ),
        case(
            "delete_from_primitive_list_removes_finalizers",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "finalizers": ["f/x", "f/y", "f/w"]}}),
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["f/x", "f/w"], "finalizers": ["f/q"]}}),
        ),
        case(
            "tolerations_are_replaced_whole",
            deployment(),
            pod_spec(json!({"tolerations": [{"key": "k2", "operator": "Exists"}]})),
        ),
        case(
            "args_are_replaced_whole",
            deployment(),
            pod_spec(json!({"containers": [{"name": "a", "args": ["--three"]}]})),
        ),
        case(
            "null_deletes_a_label",
            deployment(),
            json!({"metadata": {"labels": {"tier": null, "absent": null, "new": "x"}}}),
        ),
        case(
            "image_pull_secrets_merge_by_name",
            deployment(),
            pod_spec(json!({"imagePullSecrets": [{"name": "other"}]})),
        ),
        case(
            "volume_mounts_merge_by_mount_path",
            deployment(),
            pod_spec(
                json!({"containers": [{"name": "a", "volumeMounts": [{"name": "cache", "mountPath": "/cache"}, {"name": "data2", "mountPath": "/data"}]}]}),
            ),
        ),
        case(
            "volumes_merge_by_name_without_retain_keys",
            deployment(),
            pod_spec(json!({"volumes": [{"name": "cfg", "configMap": {"name": "cm"}}]})),
        ),
        case(
            "init_containers_are_added_to_an_absent_list",
            deployment(),
            pod_spec(json!({"initContainers": [{"name": "init", "image": "i:1"}]})),
        ),
        case(
            "nested_resource_limits_merge",
            deployment(),
            pod_spec(
                json!({"containers": [{"name": "a", "resources": {"limits": {"cpu": "2"}, "requests": {"cpu": "500m"}}}]}),
            ),
        ),
        case(
            "service_ports_merge_by_port",
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}, "spec": {
                "selector": {"app": "web"},
                "ports": [{"name": "http", "port": 80, "targetPort": 8080}, {"name": "https", "port": 443, "targetPort": 8443}]
            }}),
            json!({"spec": {"ports": [{"port": 443, "targetPort": 9443}, {"name": "metrics", "port": 9090}]}}),
        ),
        case(
            "owner_references_merge_by_uid",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "ownerReferences": [
                {"apiVersion": "v1", "kind": "Pod", "name": "p1", "uid": "u1"}
            ]}}),
            json!({"metadata": {"ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "p2", "uid": "u2"}]}}),
        ),
        case(
            "config_map_data_merges_as_a_map",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"a": "1", "b": "2"}}),
            json!({"data": {"b": null, "c": "3"}}),
        ),
        case(
            "role_rules_are_replaced_whole",
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"}, "rules": [
                {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}
            ]}),
            json!({"rules": [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["list"]}]}),
        ),
        case(
            "cronjob_containers_merge_through_the_job_template",
            json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cj"}, "spec": {
                "schedule": "* * * * *",
                "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [
                    {"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}
                ]}}}}
            }}),
            json!({"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:2"}]}}}}}}),
        ),
        case(
            "statefulset_volume_claim_templates_are_replaced",
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {
                "selector": {"matchLabels": {"app": "db"}},
                "serviceName": "db",
                "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{"name": "db", "image": "pg:1"}]}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"]}}]
            }}),
            json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "logs"}, "spec": {"accessModes": ["ReadWriteOnce"]}}]}}),
        ),
        case(
            "custom_resource_lists_are_replaced_and_maps_merged",
            json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {
                "items": [{"name": "a", "v": 1}, {"name": "b", "v": 2}],
                "tags": ["x", "y"],
                "m": {"a": 1, "b": 2}
            }}),
            json!({"spec": {"items": [{"name": "b", "v": 3}], "tags": ["z"], "m": {"a": null, "c": 3}}}),
        ),
        case(
            "custom_resource_lists_keep_their_nulls",
            json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {
                "items": [{"name": "a", "v": 1}],
                "m": {"a": 1}
            }}),
            json!({"spec": {"items": [{"name": "b", "v": null}], "newlist": [{"a": null, "b": 1}], "m": {"x": {"y": null, "z": 1}}}}),
        ),
        case(
            "new_merging_lists_lose_their_nulls",
            deployment(),
            pod_spec(json!({
                "initContainers": [{"name": "i", "image": "i:1", "command": null}],
                "containers": [{"name": "n", "image": "n:1", "args": null}]
            })),
        ),
        case(
            "merge_strategies_newer_than_kustomize_schema_merge_only_for_the_api_server",
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
                "containers": [{"name": "a", "image": "a:1"}],
                "schedulingGates": [{"name": "g1"}],
                "resourceClaims": [{"name": "r1", "resourceClaimName": "x"}],
                "topologySpreadConstraints": [{"topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "maxSkew": 1}]
            }}),
            json!({"spec": {
                "schedulingGates": [{"name": "g2"}],
                "resourceClaims": [{"name": "r2", "resourceClaimName": "y"}],
                "topologySpreadConstraints": [{"topologyKey": "host", "whenUnsatisfiable": "DoNotSchedule", "maxSkew": 2}]
            }}),
        ),
        case(
            "service_ports_with_two_protocols_merge_by_port_or_by_both_keys",
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "dns"}, "spec": {"ports": [
                {"name": "a", "port": 53, "protocol": "TCP"}, {"name": "b", "port": 53, "protocol": "UDP"},
                {"name": "c", "port": 9153, "protocol": "TCP"}
            ]}}),
            json!({"spec": {"ports": [
                {"port": 9153, "protocol": "TCP", "name": "metrics"},
                {"port": 53, "protocol": "UDP", "name": "dns-udp"},
                {"port": 5353, "protocol": "UDP", "name": "new"}
            ]}}),
        ),
        case(
            "service_port_deleted_by_both_keys",
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "dns"}, "spec": {"ports": [
                {"name": "a", "port": 53, "protocol": "TCP"}, {"name": "b", "port": 443, "protocol": "TCP"}
            ]}}),
            json!({"spec": {"ports": [{"port": 443, "protocol": "TCP", "$patch": "delete"}, {"port": 54, "protocol": "UDP", "name": "n"}]}}),
        ),
        case(
            "topology_spread_constraints_merge_by_topology_key",
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
                "containers": [{"name": "a", "image": "a:1"}],
                "topologySpreadConstraints": [
                    {"topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "maxSkew": 1},
                    {"topologyKey": "host", "whenUnsatisfiable": "ScheduleAnyway", "maxSkew": 1}
                ]
            }}),
            json!({"spec": {"topologySpreadConstraints": [
                {"topologyKey": "rack", "whenUnsatisfiable": "DoNotSchedule", "maxSkew": 3},
                {"topologyKey": "host", "whenUnsatisfiable": "ScheduleAnyway", "maxSkew": 2}
            ]}}),
        ),
        case(
            "repeated_env_names_collapse_for_kustomize_only",
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {
                "template": {"spec": {"containers": [
                    {"name": "a", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "x"}, {"name": "A", "value": "2"}]},
                    {"name": "b", "env": [{"name": "C", "value": "1"}, {"name": "C", "value": "2"}]}
                ]}}
            }}),
            json!({"spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "b", "env": [{"name": "C", "value": "3"}]}]}}}}),
        ),
        case(
            "directive_items_in_replaced_lists_are_taken_as_they_are",
            deployment(),
            pod_spec(json!({"tolerations": [{"key": "k9", "$patch": "delete"}, {"key": "k8"}]})),
        ),
        case(
            "host_aliases_merge_by_ip",
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
                "containers": [{"name": "a", "image": "a:1"}],
                "hostAliases": [{"ip": "10.0.0.1", "hostnames": ["one"]}]
            }}),
            json!({"spec": {"hostAliases": [{"ip": "10.0.0.2", "hostnames": ["two"]}, {"ip": "10.0.0.1", "hostnames": ["uno"]}]}}),
        ),
    ]
}
