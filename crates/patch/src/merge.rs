//! RFC 7386 JSON merge patch and the diff that produces one.

use serde_json::{Map, Value};

/// Applies an RFC 7386 JSON merge patch: objects merge recursively, `null`
/// deletes a key, anything else (lists included) replaces the target.
pub fn merge_patch(original: &Value, patch: &Value) -> Value {
    let mut target = original.clone();
    apply_merge_patch(&mut target, patch);
    target
}

/// Applies `patch` to `target` in place (RFC 7386 section 2).
pub(crate) fn apply_merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.shift_remove(key);
            } else {
                let slot = map.entry(key.clone()).or_insert(Value::Null);
                apply_merge_patch(slot, value);
            }
        }
    }
}

/// Computes the RFC 7386 merge patch that turns `from` into `to`, so that
/// `merge_patch(from, &merge_diff(from, to)) == *to`.
///
/// NB: a merge patch cannot set a value to `null` (null means delete), so
/// the round trip only holds when `to` contains no `null` inside objects.
pub fn merge_diff(from: &Value, to: &Value) -> Value {
    match (from, to) {
        (Value::Object(from), Value::Object(to)) => {
            let mut patch = Map::new();
            // Keys that disappeared are deleted with null.
            for key in from.keys() {
                if !to.contains_key(key) {
                    patch.insert(key.clone(), Value::Null);
                }
            }
            for (key, new) in to {
                match from.get(key) {
                    Some(old) if old == new => {}
                    Some(old @ Value::Object(_)) if new.is_object() => {
                        patch.insert(key.clone(), merge_diff(old, new));
                    }
                    _ => {
                        patch.insert(key.clone(), new.clone());
                    }
                }
            }
            Value::Object(patch)
        }
        _ => to.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc7386_appendix_a_examples_hold() {
        // (original, patch, result) from RFC 7386 appendix A.
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (
                json!({"a":"b","b":"c"}),
                json!({"a":null}),
                json!({"b":"c"}),
            ),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (original, patch, want) in cases {
            assert_eq!(
                merge_patch(&original, &patch),
                want,
                "patch {patch} on {original}"
            );
        }
    }

    #[test]
    fn diff_deletes_changes_and_adds() {
        let from = json!({"a":1,"b":{"c":2,"d":3},"e":[1]});
        let to = json!({"b":{"c":2,"d":4},"e":[2],"f":"new"});
        let diff = merge_diff(&from, &to);
        assert_eq!(diff, json!({"a":null,"b":{"d":4},"e":[2],"f":"new"}));
        assert_eq!(merge_patch(&from, &diff), to);
    }

    #[test]
    fn diff_of_equal_documents_is_empty() {
        let doc = json!({"a":{"b":[1,2]}});
        assert_eq!(merge_diff(&doc, &doc), json!({}));
    }

    #[test]
    fn merge_patch_keeps_key_order_of_the_original() {
        let original = json!({"z":1,"a":2,"m":3});
        let merged = merge_patch(&original, &json!({"a":null,"b":4}));
        let keys: Vec<_> = merged
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .collect();
        assert_eq!(keys, ["z", "m", "b"]);
    }
}
