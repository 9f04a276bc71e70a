//! Property tests: the YAML writer round-trips through the reader, arbitrary
//! text never panics the reader, and random kustomization trees never panic
//! the renderer (they may fail with an error).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use ballast_render::{Options, parse_yaml, render, to_yaml};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn text() -> impl Strategy<Value = String> {
    // Characters that stress quoting: indicators, spaces, line breaks, tabs,
    // digits, non-ASCII, and characters outside the printable set.
    let alphabet = prop::sample::select(vec![
        'a', 'b', 'Z', '0', '1', '9', ' ', ' ', '\n', '\t', ':', '#', '-', '?', '\'', '"', '\\',
        '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '.', '+', '~', '=', 'é',
        '☃', '😀', '\u{1}', '\u{7f}', '\u{a0}', '\u{feff}', 'y', 'n', 'e', '_', '/',
    ]);
    prop::collection::vec(alphabet, 0..24).prop_map(|v| v.into_iter().collect())
}

/// Keys, sometimes past go-yaml's 128-byte simple-key limit.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => text(), 1 => "[a-z/.-]{120,140}"]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<u64>().prop_map(|u| json!(u)),
        (-1.0e12f64..1.0e12).prop_map(|f| json!(f)),
        text().prop_map(Value::String),
        "[a-z0-9 ]{60,120}".prop_map(Value::String),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Whole floats print as integers, like kustomize; compare on that basis.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.2e18 => json!(f as i64),
            _ => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn written_yaml_reads_back_as_the_same_value(map in prop::collection::vec((key(), tree()), 1..6)) {
        let doc = Value::Object(map.into_iter().collect());
        let text = to_yaml(std::slice::from_ref(&doc));
        let back = parse_yaml(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back.len(), 1, "{}", text);
        let want = normalize(&doc);
        let got = normalize(&back[0]);
        if let (Value::Number(a), Value::Number(b)) = (&want, &got) {
            prop_assert!((a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9);
        } else {
            prop_assert_eq!(got, want, "{}", text);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_reader(s in "(?s).{0,200}") {
        let _ = parse_yaml(&s);
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn object(kind: &'static str, name: String) -> Value {
    let api = match kind {
        "Deployment" | "StatefulSet" => "apps/v1",
        "Role" | "RoleBinding" | "ClusterRole" => "rbac.authorization.k8s.io/v1",
        "Widget" => "example.com/v1",
        _ => "v1",
    };
    let mut obj = json!({"apiVersion": api, "kind": kind, "metadata": {"name": name}});
    if kind == "Deployment" || kind == "StatefulSet" {
        obj["spec"] = json!({"template": {"spec": {"containers": [{"name": "c", "image": "nginx:1",
            "envFrom": [{"configMapRef": {"name": "cm"}}]}]}}});
    }
    if kind == "RoleBinding" {
        obj["roleRef"] =
            json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r"});
        obj["subjects"] = json!([{"kind": "ServiceAccount", "name": "sa"}]);
    }
    obj
}

fn kustomization_field() -> impl Strategy<Value = (String, Value)> {
    prop_oneof![
        "[a-z]{0,4}-?".prop_map(|p| ("namePrefix".to_string(), json!(p))),
        "-?[a-z]{0,4}".prop_map(|p| ("nameSuffix".to_string(), json!(p))),
        "[a-z]{1,6}".prop_map(|p| ("namespace".to_string(), json!(p))),
        ("[a-z]{1,5}", "[a-z0-9]{0,5}").prop_map(|(k, v)| ("commonLabels".to_string(), json!({k: v}))),
        ("[a-z]{1,5}", text()).prop_map(|(k, v)| ("commonAnnotations".to_string(), json!({k: v}))),
        "[a-z0-9.]{1,6}".prop_map(|t| ("images".to_string(), json!([{"name": "nginx", "newTag": t}]))),
        (0i64..5).prop_map(|n| ("replicas".to_string(), json!([{"name": "a", "count": n}]))),
        prop::collection::vec("[a-zA-Z]{1,4}=[a-z ]{0,6}", 0..3)
            .prop_map(|l| ("configMapGenerator".to_string(), json!([{"name": "cm", "literals": l}]))),
        ("[a-z/]{0,12}", "(add|remove|replace)").prop_map(|(p, op)| (
            "patches".to_string(),
            json!([{"target": {"kind": "Deployment"}, "patch": format!("- op: {op}\n  path: /{p}\n  value: x\n")}])
        )),
        Just(("patches".to_string(), json!([{"patch": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 2\n"}]))),
        Just(("sortOptions".to_string(), json!({"order": "fifo"}))),
        ("[a-z.\\[\\]=*0-9]{1,16}", "[a-z.\\[\\]=*0-9]{1,16}", any::<bool>()).prop_map(|(from, to, create)| (
            "replacements".to_string(),
            json!([{"source": {"kind": "ConfigMap", "fieldPath": from},
                    "targets": [{"select": {"kind": "Deployment"}, "fieldPaths": [to], "options": {"create": create}}]}])
        )),
        "[a-z.\\[\\]0-9]{1,12}".prop_map(|p| (
            "vars".to_string(),
            json!([{"name": "V", "objref": {"kind": "Service", "name": "a", "apiVersion": "v1"}, "fieldref": {"fieldPath": p}}])
        )),
        (any::<bool>(), "[a-z-]{0,5}").prop_map(|(labels, v)| (
            "transformers".to_string(),
            json!([format!("apiVersion: builtin\nkind: {}\nmetadata:\n  name: t\nlabels:\n  x: '{v}'\nprefix: '{v}'\nfieldSpecs:\n- path: metadata/labels\n  create: true\n- path: metadata/name\n",
                if labels { "LabelTransformer" } else { "PrefixTransformer" })])
        )),
        "[a-z]{1,8}".prop_map(|f| (f, json!(1))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_kustomizations_never_panic(
        objects in prop::collection::vec(
            (prop::sample::select(vec!["Deployment", "ConfigMap", "Secret", "Service", "ServiceAccount",
                "Role", "RoleBinding", "ClusterRole", "Namespace", "Widget", "StatefulSet"]), "[a-c]{1,2}"),
            0..6),
        fields in prop::collection::vec(kustomization_field(), 0..5),
        overlay in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let docs: Vec<Value> = objects.into_iter().map(|(k, n)| object(k, n)).collect();
        write(dir.path(), "base/objs.yaml", &to_yaml(&docs));
        let mut k = Map::new();
        k.insert("resources".into(), json!(["objs.yaml"]));
        let mut top = Map::new();
        for (key, value) in fields {
            if overlay {
                top.insert(key, value);
            } else {
                k.insert(key, value);
            }
        }
        write(dir.path(), "base/kustomization.yaml", &to_yaml(&[Value::Object(k)]));
        top.insert("resources".into(), json!(["base"]));
        write(dir.path(), "kustomization.yaml", &to_yaml(&[Value::Object(top)]));
        if let Ok(out) = render(dir.path(), &Options::default()) {
            // Whatever renders must print and read back.
            let text = to_yaml(&out);
            prop_assert_eq!(parse_yaml(&text).unwrap().len(), out.len());
        }
    }
}
