//! Drift: does the server's dry-run result differ from the live object, and
//! where. Pure: works on JSON.

use serde_json::{Map, Value};

/// One changed field of an object, for diffs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// JSON pointer of the field (`/spec/replicas`).
    pub path: String,
    /// The live value; `None` when the field is new.
    pub before: Option<Value>,
    /// The value after apply; `None` when the field goes away.
    pub after: Option<Value>,
}

/// The part of an object drift is judged on: everything but `status` and
/// the server-owned metadata; of metadata only labels and annotations (as
/// Flux does: resourceVersion, generation, managedFields and timestamps
/// change without the desired state changing).
fn comparable(object: &Value) -> Value {
    let mut out = Map::new();
    if let Some(map) = object.as_object() {
        for (k, v) in map {
            match k.as_str() {
                "status" => {}
                "metadata" => {
                    let mut meta = Map::new();
                    for key in ["labels", "annotations"] {
                        if let Some(v) = v
                            .get(key)
                            .filter(|v| !v.is_null() && v.as_object().is_none_or(|m| !m.is_empty()))
                        {
                            meta.insert(key.to_string(), v.clone());
                        }
                    }
                    out.insert(k.clone(), Value::Object(meta));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    out.into()
}

/// Whether applying would change the live object: the dry-run result
/// differs from `live` in anything but status and server-owned metadata.
pub(crate) fn has_drifted(live: &Value, dry_run: &Value) -> bool {
    comparable(live) != comparable(dry_run)
}

/// The fields that differ between `live` (or nothing, for a new object) and
/// the dry-run result, ignoring what [`has_drifted`] ignores. Values of a
/// Secret's `data` and `stringData` are masked.
pub(crate) fn changes(live: Option<&Value>, dry_run: &Value) -> Vec<FieldChange> {
    let before = live
        .map(comparable)
        .unwrap_or_else(|| Value::Object(Map::new()));
    let after = comparable(dry_run);
    let mut out = Vec::new();
    walk("", Some(&before), Some(&after), &mut out);
    let secret = dry_run.get("kind").and_then(Value::as_str) == Some("Secret")
        && dry_run.get("apiVersion").and_then(Value::as_str) == Some("v1");
    if secret {
        for change in &mut out {
            if is_secret_value(&change.path) {
                change.before = change.before.as_ref().map(mask);
                change.after = change.after.as_ref().map(mask);
            }
        }
    }
    out
}

fn is_secret_value(path: &str) -> bool {
    path == "/data"
        || path == "/stringData"
        || path.starts_with("/data/")
        || path.starts_with("/stringData/")
}

/// Replaces every string under `v` with a mask, keeping keys so a diff still
/// says which entries changed.
fn mask(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), mask(v))).collect()),
        _ => Value::String("***".into()),
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            for (k, bv) in b {
                walk(&format!("{path}/{}", escape(k)), Some(bv), a.get(k), out);
            }
            for (k, av) in a {
                if !b.contains_key(k) {
                    walk(&format!("{path}/{}", escape(k)), None, Some(av), out);
                }
            }
        }
        (b, a) if b == a => {}
        (b, a) => out.push(FieldChange {
            path: path.to_string(),
            before: b.cloned(),
            after: a.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn server_metadata_and_status_are_not_drift() {
        let live = json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "a", "resourceVersion": "5", "generation": 1, "managedFields": [{"manager": "x"}],
                "creationTimestamp": "2026-01-01T00:00:00Z", "uid": "u", "labels": {"a": "1"}},
            "data": {"k": "v"}, "status": {"x": 1},
        });
        let mut dry = live.clone();
        dry["metadata"]["resourceVersion"] = json!("6");
        dry["metadata"]["managedFields"] = json!([{"manager": "y"}]);
        dry["status"] = json!({"x": 2});
        assert!(!has_drifted(&live, &dry));
        dry["metadata"]["labels"]["a"] = json!("2");
        assert!(has_drifted(&live, &dry));
        let mut dry2 = live.clone();
        dry2["data"]["k"] = json!("w");
        assert!(has_drifted(&live, &dry2));
        // Empty label maps equal missing ones.
        let mut dry3 = live.clone();
        dry3["metadata"]["annotations"] = json!({});
        assert!(!has_drifted(&live, &dry3));
    }

    #[test]
    fn changes_list_json_paths() {
        let live = json!({"kind": "Deployment", "metadata": {"name": "a"}, "spec": {"replicas": 1, "x/y": 1, "gone": true}});
        let dry = json!({"kind": "Deployment", "metadata": {"name": "a", "labels": {"l": "1"}}, "spec": {"replicas": 2, "x/y": 1}});
        let got = changes(Some(&live), &dry);
        assert_eq!(
            got,
            vec![
                FieldChange {
                    path: "/metadata/labels".into(),
                    before: None,
                    after: Some(json!({"l": "1"}))
                },
                FieldChange {
                    path: "/spec/replicas".into(),
                    before: Some(json!(1)),
                    after: Some(json!(2))
                },
                FieldChange {
                    path: "/spec/gone".into(),
                    before: Some(json!(true)),
                    after: None
                },
            ]
        );
    }

    #[test]
    fn secret_values_are_masked() {
        let live = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"password": "b2xk"}});
        let dry = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"password": "bmV3", "token": "dA=="}});
        let got = changes(Some(&live), &dry);
        let text = serde_json::to_string(
            &got.iter()
                .map(|c| (&c.path, &c.before, &c.after))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        assert!(
            !text.contains("b2xk") && !text.contains("bmV3") && !text.contains("dA=="),
            "{text}"
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].path, "/data/password");
        // A new secret: every value masked, keys kept.
        let created = changes(None, &dry);
        let data = created.iter().find(|c| c.path == "/data").unwrap();
        assert_eq!(data.after, Some(json!({"password": "***", "token": "***"})));
    }
}
