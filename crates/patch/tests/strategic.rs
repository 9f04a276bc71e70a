//! Table tests: one row per directive and per notable built-in field, with
//! the expected result written out. The same behaviours are checked against
//! real kubectl in `kubectl_oracle.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

mod common;

use ballast_patch::{
    Error, Flavor, TypeSchema, builtin_schema, merge_patch, strategic_merge, strategic_merge_as,
};
use serde_json::{Value, json};

fn deployment_schema() -> TypeSchema {
    builtin_schema("apps/v1", "Deployment").unwrap()
}

fn pod_spec_patch(spec: Value) -> Value {
    json!({"spec": {"template": {"spec": spec}}})
}

fn containers(doc: &Value) -> &Value {
    &doc["spec"]["template"]["spec"]["containers"]
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect()
}

/// Applies `patch` to the shared Deployment with the API server's ordering.
fn apply_to_deployment(patch: Value, flavor: Flavor) -> Value {
    strategic_merge_as(
        &common::deployment(),
        &patch,
        Some(&deployment_schema()),
        flavor,
    )
    .unwrap()
}

struct Row {
    name: &'static str,
    patch: Value,
    /// Path into the result, and the value expected there, per flavor.
    pointer: &'static str,
    want_api_server: Value,
    want_kustomize: Value,
}

#[test]
fn directives_and_builtin_fields_merge_as_kubernetes_does() {
    let rows = vec![
        Row {
            name: "containers_merge_by_name",
            patch: pod_spec_patch(json!({"containers": [{"name": "b", "image": "b:2"}]})),
            pointer: "/spec/template/spec/containers/0/name",
            want_api_server: json!("a"),
            want_kustomize: json!("b"),
        },
        Row {
            name: "env_merges_by_name_and_null_removes_a_field",
            patch: pod_spec_patch(json!({"containers": [{"name": "a", "env": [
                {"name": "C", "value": "3"},
                {"name": "A", "value": null, "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
            ]}]})),
            pointer: "/spec/template/spec/containers/0/env",
            want_api_server: json!([
                {"name": "C", "value": "3"},
                {"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "B", "value": "2"}
            ]),
            want_kustomize: json!([
                {"name": "C", "value": "3"},
                {"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "B", "value": "2"}
            ]),
        },
        Row {
            name: "ports_merge_by_container_port",
            patch: pod_spec_patch(json!({"containers": [{"name": "a", "ports": [
                {"containerPort": 8080, "name": "alt"}, {"containerPort": 443, "name": "tls"}
            ]}]})),
            pointer: "/spec/template/spec/containers/0/ports",
            want_api_server: json!([
                {"containerPort": 8080, "name": "alt"},
                {"containerPort": 80, "name": "http"},
                {"containerPort": 443, "name": "tls"}
            ]),
            want_kustomize: json!([
                {"containerPort": 8080, "name": "alt"},
                {"containerPort": 443, "name": "tls"},
                {"containerPort": 80, "name": "http"}
            ]),
        },
        Row {
            name: "patch_delete_removes_a_container",
            patch: pod_spec_patch(json!({"containers": [{"name": "b", "$patch": "delete"}]})),
            pointer: "/spec/template/spec/containers/1",
            want_api_server: json!({"name": "c", "image": "c:1"}),
            want_kustomize: json!({"name": "c", "image": "c:1"}),
        },
        Row {
            name: "patch_replace_item_replaces_the_list",
            patch: pod_spec_patch(
                json!({"containers": [{"name": "z", "image": "z:1"}, {"$patch": "replace"}]}),
            ),
            pointer: "/spec/template/spec/containers",
            want_api_server: json!([{"name": "z", "image": "z:1"}]),
            want_kustomize: json!([{"name": "z", "image": "z:1"}]),
        },
        Row {
            name: "patch_replace_on_a_map_replaces_it",
            patch: pod_spec_patch(json!({"nodeSelector": {"$patch": "replace", "zone": "a"}})),
            pointer: "/spec/template/spec/nodeSelector",
            want_api_server: json!({"zone": "a"}),
            want_kustomize: json!({"zone": "a"}),
        },
        Row {
            name: "patch_delete_on_a_map_empties_or_removes_it",
            patch: pod_spec_patch(json!({"nodeSelector": {"$patch": "delete"}})),
            pointer: "/spec/template/spec/nodeSelector",
            want_api_server: json!({}),
            want_kustomize: Value::Null, // absent
        },
        Row {
            name: "patch_merge_on_a_map_is_the_default",
            patch: pod_spec_patch(json!({"nodeSelector": {"$patch": "merge", "zone": "a"}})),
            pointer: "/spec/template/spec/nodeSelector",
            want_api_server: json!({"disk": "ssd", "zone": "a"}),
            want_kustomize: json!({"disk": "ssd", "zone": "a"}),
        },
        Row {
            name: "set_element_order_orders_the_merged_list",
            patch: pod_spec_patch(json!({
                "$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}],
                "containers": [{"name": "a", "image": "a:3"}]
            })),
            pointer: "/spec/template/spec/containers/1/image",
            want_api_server: json!("a:3"),
            want_kustomize: json!("b:1"),
        },
        Row {
            name: "retain_keys_clears_the_other_volume_source",
            patch: pod_spec_patch(json!({"volumes": [
                {"name": "data", "$retainKeys": ["name", "configMap"], "configMap": {"name": "cm"}}
            ]})),
            pointer: "/spec/template/spec/volumes",
            want_api_server: json!([{"name": "data", "configMap": {"name": "cm"}}]),
            // kustomize does not implement $retainKeys: a plain field to it.
            want_kustomize: json!([{
                "name": "data", "emptyDir": {}, "$retainKeys": ["name", "configMap"], "configMap": {"name": "cm"}
            }]),
        },
        Row {
            name: "retain_keys_switches_the_deployment_strategy",
            patch: json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}),
            pointer: "/spec/strategy",
            want_api_server: json!({"type": "Recreate"}),
            want_kustomize: json!({
                "type": "Recreate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}, "$retainKeys": ["type"]
            }),
        },
        Row {
            name: "without_retain_keys_volume_sources_accumulate",
            patch: pod_spec_patch(
                json!({"volumes": [{"name": "data", "configMap": {"name": "cm"}}]}),
            ),
            pointer: "/spec/template/spec/volumes/0",
            want_api_server: json!({"name": "data", "emptyDir": {}, "configMap": {"name": "cm"}}),
            want_kustomize: json!({"name": "data", "emptyDir": {}, "configMap": {"name": "cm"}}),
        },
        Row {
            name: "tolerations_are_replaced_whole",
            patch: pod_spec_patch(json!({"tolerations": [{"key": "k2", "operator": "Exists"}]})),
            pointer: "/spec/template/spec/tolerations",
            want_api_server: json!([{"key": "k2", "operator": "Exists"}]),
            want_kustomize: json!([{"key": "k2", "operator": "Exists"}]),
        },
        Row {
            name: "args_are_replaced_whole",
            patch: pod_spec_patch(json!({"containers": [{"name": "a", "args": ["--three"]}]})),
            pointer: "/spec/template/spec/containers/0/args",
            want_api_server: json!(["--three"]),
            want_kustomize: json!(["--three"]),
        },
        Row {
            name: "image_pull_secrets_merge_by_name",
            patch: pod_spec_patch(json!({"imagePullSecrets": [{"name": "other"}]})),
            pointer: "/spec/template/spec/imagePullSecrets",
            want_api_server: json!([{"name": "other"}, {"name": "regcred"}]),
            want_kustomize: json!([{"name": "other"}, {"name": "regcred"}]),
        },
        Row {
            name: "volume_mounts_merge_by_mount_path",
            patch: pod_spec_patch(json!({"containers": [{"name": "a", "volumeMounts": [
                {"name": "data2", "mountPath": "/data"}
            ]}]})),
            pointer: "/spec/template/spec/containers/0/volumeMounts",
            want_api_server: json!([{"name": "data2", "mountPath": "/data"}]),
            want_kustomize: json!([{"name": "data2", "mountPath": "/data"}]),
        },
        Row {
            name: "null_deletes_a_label_and_ignores_absent_ones",
            patch: json!({"metadata": {"labels": {"tier": null, "absent": null}}}),
            pointer: "/metadata/labels",
            want_api_server: json!({"app": "web"}),
            want_kustomize: json!({"app": "web"}),
        },
    ];
    for row in rows {
        for (flavor, want) in [
            (Flavor::ApiServer, &row.want_api_server),
            (Flavor::Kustomize, &row.want_kustomize),
        ] {
            let got = apply_to_deployment(row.patch.clone(), flavor);
            let at = got.pointer(row.pointer).cloned().unwrap_or(Value::Null);
            assert_eq!(&at, want, "{} ({flavor:?}) at {}", row.name, row.pointer);
        }
    }
}

#[test]
fn new_containers_are_placed_like_each_tool_places_them() {
    let patch = pod_spec_patch(json!({"containers": [
        {"name": "c", "image": "c:2"}, {"name": "d", "image": "d:1"}, {"name": "a", "image": "a:2"}
    ]}));
    let api_server = apply_to_deployment(patch.clone(), Flavor::ApiServer);
    assert_eq!(names(containers(&api_server)), ["b", "c", "d", "a"]);
    let kustomize = apply_to_deployment(patch, Flavor::Kustomize);
    assert_eq!(names(containers(&kustomize)), ["c", "d", "a", "b"]);
    // The default entry point is kustomize's.
    let default = strategic_merge(
        &common::deployment(),
        &pod_spec_patch(json!({"containers": [{"name": "d", "image": "d:1"}]})),
        Some(&deployment_schema()),
    )
    .unwrap();
    assert_eq!(names(containers(&default)), ["d", "a", "b", "c"]);
}

#[test]
fn set_element_order_orders_for_the_api_server_and_is_a_field_to_kustomize() {
    let order = json!([{"name": "c"}, {"name": "a"}, {"name": "b"}]);
    let patch = pod_spec_patch(json!({
        "$setElementOrder/containers": order,
        "containers": [{"name": "a", "image": "a:3"}]
    }));
    let got = apply_to_deployment(patch.clone(), Flavor::ApiServer);
    assert_eq!(names(containers(&got)), ["c", "a", "b"]);
    let spec = &got["spec"]["template"]["spec"];
    assert!(spec.get("$setElementOrder/containers").is_none());
    let got = apply_to_deployment(patch, Flavor::Kustomize);
    assert_eq!(names(containers(&got)), ["a", "b", "c"]);
    assert_eq!(
        got["spec"]["template"]["spec"]["$setElementOrder/containers"],
        order
    );
}

#[test]
fn finalizers_merge_as_a_set_and_delete_from_primitive_list_removes() {
    let schema = builtin_schema("v1", "ConfigMap").unwrap();
    let original = json!({"metadata": {"name": "cm", "finalizers": ["f/x", "f/y", "f/w"]}});
    let union = strategic_merge_as(
        &original,
        &json!({"metadata": {"finalizers": ["f/z", "f/x"]}}),
        Some(&schema),
        Flavor::ApiServer,
    )
    .unwrap();
    assert_eq!(
        union["metadata"]["finalizers"],
        json!(["f/z", "f/x", "f/y", "f/w"])
    );

    let deletion = json!({"metadata": {
        "$deleteFromPrimitiveList/finalizers": ["f/x", "f/w"],
        "finalizers": ["f/q"]
    }});
    let removed =
        strategic_merge_as(&original, &deletion, Some(&schema), Flavor::ApiServer).unwrap();
    assert_eq!(removed["metadata"]["finalizers"], json!(["f/q", "f/y"]));
    let directive = "$deleteFromPrimitiveList/finalizers";
    assert!(removed["metadata"].get(directive).is_none());
    // kustomize keeps the deletion list as a field and deletes nothing.
    let kept = strategic_merge(&original, &deletion, Some(&schema)).unwrap();
    assert_eq!(
        kept["metadata"]["finalizers"],
        json!(["f/q", "f/x", "f/y", "f/w"])
    );
    assert_eq!(kept["metadata"][directive], json!(["f/x", "f/w"]));
}

#[test]
fn custom_resources_without_schema_get_merge_patch_semantics() {
    let original = json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
        "spec": {"items": [{"name": "a", "v": 1}, {"name": "b"}], "m": {"a": 1, "b": {"c": 2}}}});
    let patch =
        json!({"spec": {"items": [{"name": "b", "v": 3}], "m": {"a": null, "b": {"d": 4}}}});
    assert!(builtin_schema("example.com/v1", "Widget").is_none());
    let got = strategic_merge(&original, &patch, None).unwrap();
    assert_eq!(got, merge_patch(&original, &patch));
    assert_eq!(got["spec"]["items"], json!([{"name": "b", "v": 3}]));
    // RFC 7386: a non-object patch replaces the document.
    assert_eq!(
        strategic_merge(&original, &json!([1]), None).unwrap(),
        json!([1])
    );
}

#[test]
fn patch_delete_at_the_top_deletes_the_object_for_kustomize() {
    let patch = json!({"$patch": "delete"});
    let schema = deployment_schema();
    assert_eq!(
        strategic_merge(&common::deployment(), &patch, Some(&schema)).unwrap(),
        Value::Null
    );
    assert_eq!(
        strategic_merge_as(
            &common::deployment(),
            &patch,
            Some(&schema),
            Flavor::ApiServer
        )
        .unwrap(),
        json!({})
    );
}

#[test]
fn new_values_lose_their_nulls_and_directives() {
    let patch = pod_spec_patch(json!({
        "initContainers": [{"name": "init", "image": "i:1", "command": null}, {"name": "gone", "$patch": "delete"}],
        "affinity": {"nodeAffinity": null, "podAffinity": {"$patch": "replace", "x": 1}}
    }));
    let got = apply_to_deployment(patch, Flavor::ApiServer);
    let spec = &got["spec"]["template"]["spec"];
    assert_eq!(
        spec["initContainers"],
        json!([{"name": "init", "image": "i:1"}])
    );
    assert_eq!(spec["affinity"], json!({"podAffinity": {"x": 1}}));
}

#[test]
fn malformed_directives_are_errors_naming_the_path() {
    let schema = deployment_schema();
    type IsExpected = fn(&Error) -> bool;
    let cases: Vec<(Value, IsExpected, &str)> = vec![
        (
            pod_spec_patch(json!({"containers": [{"name": "a", "$patch": "explode"}]})),
            |e| matches!(e, Error::UnknownDirective { .. }),
            "spec.template.spec.containers[0]",
        ),
        (
            pod_spec_patch(json!({"nodeSelector": {"$patch": 1}})),
            |e| matches!(e, Error::UnknownDirective { .. }),
            "spec.template.spec.nodeSelector",
        ),
        (
            json!({"spec": {"strategy": {"$retainKeys": "type", "type": "Recreate"}}}),
            |e| matches!(e, Error::MalformedDirective { .. }),
            "spec.strategy",
        ),
        (
            json!({"spec": {"strategy": {"$retainKeys": ["rollingUpdate"], "type": "Recreate"}}}),
            |e| matches!(e, Error::MalformedDirective { .. }),
            "spec.strategy",
        ),
        (
            pod_spec_patch(json!({"containers": [{"image": "nameless"}]})),
            |e| matches!(e, Error::MissingMergeKey { .. }),
            "spec.template.spec.containers[0]",
        ),
        (
            pod_spec_patch(json!({"containers": [{"$patch": "delete"}]})),
            |e| matches!(e, Error::MissingMergeKey { .. }),
            "spec.template.spec.containers[0]",
        ),
        (
            pod_spec_patch(json!({"$setElementOrder/containers": {"name": "a"}})),
            |e| matches!(e, Error::MalformedDirective { .. }),
            "spec.template.spec",
        ),
        (
            pod_spec_patch(json!({
                "$setElementOrder/containers": [{"name": "a"}, {"name": "b"}],
                "containers": [{"name": "b", "image": "b:2"}, {"name": "a", "image": "a:2"}]
            })),
            |e| matches!(e, Error::MalformedDirective { .. }),
            "spec.template.spec",
        ),
        (
            pod_spec_patch(json!({"containers": ["not-an-object"]})),
            |e| matches!(e, Error::UnmergeableList { .. }),
            "spec.template.spec.containers",
        ),
        (
            pod_spec_patch(json!({"containers": [["nested"]]})),
            |e| matches!(e, Error::UnmergeableList { .. }),
            "spec.template.spec.containers",
        ),
    ];
    for (patch, is_expected, path) in cases {
        let err = strategic_merge_as(
            &common::deployment(),
            &patch,
            Some(&schema),
            Flavor::ApiServer,
        )
        .expect_err(&format!("patch {patch} should fail"));
        assert!(is_expected(&err), "patch {patch}: unexpected error {err:?}");
        assert!(
            err.to_string().contains(path),
            "patch {patch}: {err} does not name {path}"
        );
    }
    let err = strategic_merge(&common::deployment(), &json!([1]), Some(&schema)).unwrap_err();
    assert!(
        matches!(err, Error::NotAnObject { what: "patch", .. }),
        "{err:?}"
    );
    let err = strategic_merge(&json!("x"), &json!({}), Some(&schema)).unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotAnObject {
                what: "original",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn set_element_order_sees_deletions_and_additions_as_apimachinery_does() {
    // As `kubectl apply` sends it: A deleted, C added, B owned by someone else.
    let patch = pod_spec_patch(json!({"containers": [{
        "name": "a",
        "$setElementOrder/env": [{"name": "C"}],
        "env": [{"name": "A", "$patch": "delete"}, {"name": "C", "value": "3"}]
    }]}));
    let got = apply_to_deployment(patch, Flavor::ApiServer);
    assert_eq!(
        names(&got["spec"]["template"]["spec"]["containers"][0]["env"]),
        ["B", "C"]
    );
}

#[test]
fn kustomize_replaces_lists_whose_merge_strategy_it_does_not_know() {
    // schedulingGates merges by name since Kubernetes 1.26; kustomize v5
    // patches with the 1.21 schema and replaces it.
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a"}], "schedulingGates": [{"name": "g1"}]}});
    let patch = json!({"spec": {"schedulingGates": [{"name": "g2"}]}});
    let schema = builtin_schema("v1", "Pod").unwrap();
    let kustomize = strategic_merge(&pod, &patch, Some(&schema)).unwrap();
    assert_eq!(
        kustomize["spec"]["schedulingGates"],
        json!([{"name": "g2"}])
    );
    let api_server = strategic_merge_as(&pod, &patch, Some(&schema), Flavor::ApiServer).unwrap();
    assert_eq!(
        api_server["spec"]["schedulingGates"],
        json!([{"name": "g2"}, {"name": "g1"}])
    );
}

#[test]
fn a_lone_delete_item_deletes_the_list_for_kustomize_and_is_an_error_for_the_api_server() {
    let patch = pod_spec_patch(json!({"imagePullSecrets": [{"$patch": "delete"}]}));
    let got = apply_to_deployment(patch.clone(), Flavor::Kustomize);
    assert!(
        got["spec"]["template"]["spec"]
            .get("imagePullSecrets")
            .is_none()
    );
    let err = strategic_merge_as(
        &common::deployment(),
        &patch,
        Some(&deployment_schema()),
        Flavor::ApiServer,
    )
    .unwrap_err();
    assert!(matches!(err, Error::MissingMergeKey { .. }), "{err:?}");
    // Lists that do not merge take the item as it is.
    let patch = pod_spec_patch(json!({"tolerations": [{"$patch": "delete"}]}));
    let got = apply_to_deployment(patch, Flavor::Kustomize);
    assert_eq!(
        got["spec"]["template"]["spec"]["tolerations"],
        json!([{"$patch": "delete"}])
    );
}
