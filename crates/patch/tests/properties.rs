//! Property tests: arbitrary JSON never panics the strategic merge, and
//! merge patches round-trip through their diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use ballast_patch::{
    Flavor, builtin_schema, merge_diff, merge_patch, strategic_merge, strategic_merge_as,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys that steer the merge into interesting places: directives, fields
/// with merge strategies in the Deployment schema, and merge keys.
const KEYS: &[&str] = &[
    "$patch",
    "$retainKeys",
    "$setElementOrder/containers",
    "$setElementOrder/finalizers",
    "$deleteFromPrimitiveList/finalizers",
    "$deleteFromPrimitiveList/args",
    "spec",
    "template",
    "metadata",
    "containers",
    "finalizers",
    "env",
    "ports",
    "name",
    "containerPort",
    "image",
    "args",
    "volumes",
    "x",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (0i64..4).prop_map(Value::from),
        prop::sample::select(vec![
            "delete", "replace", "merge", "a", "b", "name", "image"
        ])
        .prop_map(Value::from),
    ]
}

fn json(allow_null: bool) -> impl Strategy<Value = Value> {
    let leaf = scalar().prop_filter("no null", move |v| allow_null || !v.is_null());
    leaf.prop_recursive(5, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..5).prop_map(
                |pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect::<Map<_, _>>(),
                    )
                }
            ),
        ]
    })
}

/// Directive keys in maps reached without entering a list: those are always
/// consumed by the API server flavor (lists may be taken verbatim).
fn has_map_level_directive(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.starts_with('$') || has_map_level_directive(v)),
        _ => false,
    }
}

fn has_directive_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.starts_with('$') || has_directive_key(v)),
        Value::Array(items) => items.iter().any(has_directive_key),
        _ => false,
    }
}

/// Wraps a value so it lands at the Deployment's pod spec.
fn at_pod_spec(value: Value) -> Value {
    serde_json::json!({"spec": {"template": {"spec": value}}, "metadata": value})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn strategic_merge_never_panics_and_consumes_map_directives(original in json(true), patch in json(true)) {
        let schema = builtin_schema("apps/v1", "Deployment").unwrap();
        let original = at_pod_spec(original);
        for patch in [patch.clone(), at_pod_spec(patch)] {
            for flavor in [Flavor::ApiServer, Flavor::Kustomize] {
                for schema in [Some(&schema), None] {
                    let result = strategic_merge_as(&original, &patch, schema, flavor);
                    // NB: without a schema a non-object patch replaces the
                    // document verbatim, as RFC 7386 says.
                    let verbatim = schema.is_none() && !patch.is_object();
                    // NB: kustomize keeps every directive but `$patch` as a field.
                    let kept = flavor == Flavor::Kustomize;
                    if let (Ok(merged), false) = (&result, has_directive_key(&original) || verbatim || kept) {
                        prop_assert!(!has_map_level_directive(merged), "directive left in {merged}");
                    }
                }
            }
        }
    }

    #[test]
    fn without_schema_or_directives_strategic_merge_is_merge_patch(original in json(true), patch in json(true)) {
        prop_assume!(!has_directive_key(&patch));
        prop_assert_eq!(strategic_merge(&original, &patch, None).unwrap(), merge_patch(&original, &patch));
    }

    #[test]
    fn merge_patch_of_merge_diff_round_trips(from in json(true), to in json(false)) {
        let diff = merge_diff(&from, &to);
        prop_assert_eq!(merge_patch(&from, &diff), to);
    }
}
