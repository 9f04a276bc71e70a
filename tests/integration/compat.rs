//! The Flux compatibility corpus (`tests/compat/flux/`) against the CRDs the
//! API types generate: every manifest validates, and a misspelled field, a
//! wrong enum value or a missing required field is rejected with an error
//! naming the field. (The typed round trip is tested in `crates/api`.)

use std::collections::BTreeMap;
use std::path::PathBuf;

use ballast_devcluster::schema::{FieldError, validate};
use ballast_tests::{read_yaml, repo_root, yaml_files};
use serde_json::Value;

/// `(apiVersion, kind)` → the version's `openAPIV3Schema`.
fn generated_schemas() -> BTreeMap<(String, String), Value> {
    let mut schemas = BTreeMap::new();
    for crd in ballast_api::all_crds() {
        for version in &crd.spec.versions {
            let schema = version
                .schema
                .as_ref()
                .and_then(|s| s.open_api_v3_schema.as_ref())
                .unwrap_or_else(|| panic!("{} {} has no schema", crd.spec.group, version.name));
            schemas.insert(
                (
                    format!("{}/{}", crd.spec.group, version.name),
                    crd.spec.names.kind.clone(),
                ),
                serde_json::to_value(schema).unwrap(),
            );
        }
    }
    schemas
}

struct Manifest {
    path: PathBuf,
    object: Value,
    schema: Value,
}

fn corpus() -> Vec<Manifest> {
    let schemas = generated_schemas();
    let dir = repo_root().join("tests/compat/flux");
    yaml_files(&dir)
        .unwrap()
        .into_iter()
        .map(|path| {
            let object = read_yaml(&path).unwrap();
            let key = (
                object["apiVersion"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                object["kind"].as_str().unwrap_or_default().to_string(),
            );
            let schema = schemas
                .get(&key)
                .unwrap_or_else(|| panic!("{}: no generated CRD serves {key:?}", path.display()))
                .clone();
            Manifest {
                path,
                object,
                schema,
            }
        })
        .collect()
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {} ({})", e.field, e.message, e.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn corpus_covers_every_kind_with_at_least_thirty_manifests() {
    let corpus = corpus();
    assert!(corpus.len() >= 30, "only {} manifests", corpus.len());
    let kinds: std::collections::BTreeSet<_> = corpus
        .iter()
        .map(|m| m.object["kind"].as_str().unwrap().to_string())
        .collect();
    for kind in [
        "GitRepository",
        "Kustomization",
        "ImageRepository",
        "ImagePolicy",
        "ImageUpdateAutomation",
        "Receiver",
        "Alert",
        "Provider",
    ] {
        assert!(kinds.contains(kind), "no {kind} in the corpus");
    }
}

#[test]
fn every_manifest_validates_against_the_generated_crd() {
    let failures: Vec<String> = corpus()
        .iter()
        .filter_map(|m| {
            let errors = validate(&m.schema, &m.object);
            (!errors.is_empty()).then(|| format!("{}: {}", m.path.display(), describe(&errors)))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_misspelled_field_is_rejected_naming_it() {
    for m in corpus() {
        // Misspell the first field of spec (Alert/Provider/… all have a spec).
        let mut object = m.object.clone();
        let Some(spec) = object.get_mut("spec").and_then(Value::as_object_mut) else {
            panic!("{}: no spec", m.path.display());
        };
        let Some(first) = spec.keys().next().cloned() else {
            continue;
        };
        let value = spec.remove(&first).unwrap();
        let misspelled = format!("{first}x");
        spec.insert(misspelled.clone(), value);

        let errors = validate(&m.schema, &object);
        let field = format!("spec.{misspelled}");
        assert!(
            errors
                .iter()
                .any(|e| e.field == field && e.reason == "FieldValueUnknown"),
            "{}: misspelled {field} not rejected by name; got: {}",
            m.path.display(),
            describe(&errors)
        );
    }
}

/// Every `(path, schema)` of a scalar in `object` whose schema has an `enum`.
fn enum_fields(schema: &Value, object: &Value, path: String, out: &mut Vec<String>) {
    if schema.get("enum").is_some() && !object.is_object() && !object.is_array() {
        out.push(path.clone());
    }
    match object {
        Value::Object(map) => {
            for (key, child) in map {
                let child_schema = schema
                    .get("properties")
                    .and_then(|p| p.get(key))
                    .or_else(|| schema.get("additionalProperties").filter(|s| s.is_object()));
                if let Some(child_schema) = child_schema {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    enum_fields(child_schema, child, child_path, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    enum_fields(item_schema, item, format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// Sets the value at a dotted path with `[i]` indexes, as `enum_fields` writes them.
fn set_path(object: &mut Value, path: &str, value: Value) {
    let mut current = object;
    for segment in path.split('.') {
        let (key, indexes) = match segment.find('[') {
            Some(at) => (&segment[..at], &segment[at..]),
            None => (segment, ""),
        };
        current = &mut current[key];
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            current = &mut current[index.parse::<usize>().unwrap()];
        }
    }
    *current = value;
}

#[test]
fn a_wrong_enum_value_is_rejected_naming_the_field() {
    let mut tested = 0;
    for m in corpus() {
        let mut paths = Vec::new();
        enum_fields(&m.schema, &m.object, String::new(), &mut paths);
        for path in paths {
            let mut object = m.object.clone();
            set_path(&mut object, &path, Value::from("NotAnAllowedValue"));
            let errors = validate(&m.schema, &object);
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == path && e.reason == "FieldValueNotSupported"),
                "{}: wrong enum value at {path} not rejected by name; got: {}",
                m.path.display(),
                describe(&errors)
            );
            tested += 1;
        }
    }
    // The corpus sets enums (ref kinds, policies, providers, deletion policies…);
    // a walk that finds none means this test is not testing anything.
    assert!(
        tested >= 10,
        "only {tested} enum fields found in the corpus"
    );
}

#[test]
fn a_missing_required_field_is_rejected_naming_it() {
    let mut tested = 0;
    for m in corpus() {
        let spec_schema = &m.schema["properties"]["spec"];
        let required: Vec<&str> = spec_schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for field in required {
            let mut object = m.object.clone();
            object["spec"].as_object_mut().unwrap().remove(field);
            let errors = validate(&m.schema, &object);
            let path = format!("spec.{field}");
            assert!(
                errors
                    .iter()
                    .any(|e| e.field == path && e.reason == "FieldValueRequired"),
                "{}: missing {path} not rejected by name; got: {}",
                m.path.display(),
                describe(&errors)
            );
            tested += 1;
        }
    }
    assert!(tested >= 30, "only {tested} required fields checked");
}
