//! CustomResourceDefinitions: checking them, their status, and turning them
//! into served resources.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::error::FieldError;
use crate::resources::{GroupResource, PrinterColumn, ResourceInfo, ScalePaths, builtins};
use crate::server::Shared;
use crate::store::Store;

fn crd_gr() -> GroupResource {
    GroupResource {
        group: "apiextensions.k8s.io".into(),
        resource: "customresourcedefinitions".into(),
    }
}

fn field(f: &str, reason: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: f.into(),
        reason,
        message: message.into(),
    }
}

/// What kube-apiserver's CRD validation would reject, for the parts we rely on.
pub(crate) fn crd_errors(crd: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let s = |p: &str| crd.pointer(p).and_then(Value::as_str).unwrap_or("");
    let group = s("/spec/group");
    let plural = s("/spec/names/plural");
    let kind = s("/spec/names/kind");
    if group.is_empty() {
        errs.push(field("spec.group", "FieldValueRequired", "Required value"));
    } else if !group.contains('.') {
        errs.push(field(
            "spec.group",
            "FieldValueInvalid",
            format!("Invalid value: {group:?}: should be a domain with at least one dot"),
        ));
    }
    if plural.is_empty() {
        errs.push(field(
            "spec.names.plural",
            "FieldValueRequired",
            "Required value",
        ));
    }
    if kind.is_empty() {
        errs.push(field(
            "spec.names.kind",
            "FieldValueRequired",
            "Required value",
        ));
    }
    let name = s("/metadata/name");
    if !plural.is_empty() && !group.is_empty() && name != format!("{plural}.{group}") {
        errs.push(field(
            "metadata.name",
            "FieldValueInvalid",
            format!("Invalid value: {name:?}: must be spec.names.plural+\".\"+spec.group"),
        ));
    }
    match s("/spec/scope") {
        "Namespaced" | "Cluster" => {}
        other => errs.push(field(
            "spec.scope",
            "FieldValueNotSupported",
            format!("Unsupported value: {other:?}: supported values: \"Cluster\", \"Namespaced\""),
        )),
    }
    let versions = crd
        .pointer("/spec/versions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if versions.is_empty() {
        errs.push(field(
            "spec.versions",
            "FieldValueInvalid",
            "Invalid value: []: must have exactly one version marked as storage version",
        ));
    }
    let storage = versions
        .iter()
        .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .count();
    if !versions.is_empty() && storage != 1 {
        errs.push(field(
            "spec.versions",
            "FieldValueInvalid",
            format!(
                "Invalid value: {storage}: must have exactly one version marked as storage version"
            ),
        ));
    }
    for (i, v) in versions.iter().enumerate() {
        if v.get("name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            errs.push(field(
                &format!("spec.versions[{i}].name"),
                "FieldValueRequired",
                "Required value",
            ));
        }
        match v.pointer("/schema/openAPIV3Schema") {
            None => errs.push(field(
                &format!("spec.versions[{i}].schema.openAPIV3Schema"),
                "FieldValueRequired",
                "Required value: schemas are required",
            )),
            Some(schema) => {
                let base = format!("spec.versions[{i}].schema.openAPIV3Schema");
                rule_errors(schema, &base, &mut errs);
                if schema.get("type").and_then(Value::as_str) != Some("object") {
                    errs.push(field(
                        &format!("spec.versions[{i}].schema.openAPIV3Schema.type"),
                        "FieldValueRequired",
                        "Required value: must not be empty at the root; must be object",
                    ));
                }
            }
        }
    }
    errs
}

/// CEL rules that do not compile, as kube-apiserver rejects them when the
/// CRD is written rather than when objects are.
fn rule_errors(schema: &Value, path: &str, errs: &mut Vec<FieldError>) {
    let Some(m) = schema.as_object() else { return };
    for (i, r) in m
        .get("x-kubernetes-validations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(rule) = r.get("rule").and_then(Value::as_str)
            && let Err(e) = crate::schema::compile(rule)
        {
            errs.push(field(
                &format!("{path}.x-kubernetes-validations[{i}].rule"),
                "FieldValueInvalid",
                format!("Invalid value: {rule:?}: compilation failed: {e}"),
            ));
        }
        if let Some(expr) = r.get("messageExpression").and_then(Value::as_str)
            && let Err(e) = crate::schema::compile(expr)
        {
            errs.push(field(
                &format!("{path}.x-kubernetes-validations[{i}].messageExpression"),
                "FieldValueInvalid",
                format!("Invalid value: {expr:?}: messageExpression compilation failed: {e}"),
            ));
        }
        let optional_old = r.get("optionalOldSelf").and_then(Value::as_bool) == Some(true);
        let uses_old = r
            .get("rule")
            .and_then(Value::as_str)
            .and_then(|rule| crate::schema::compile(rule).ok())
            .is_some_and(|p| p.references().has_variable("oldSelf"));
        if optional_old && !uses_old {
            errs.push(field(
                &format!("{path}.x-kubernetes-validations[{i}].optionalOldSelf"),
                "FieldValueInvalid",
                "Invalid value: true: may not be set if rule does not use oldSelf",
            ));
        }
        match r.get("reason").and_then(Value::as_str) {
            None
            | Some(
                "FieldValueInvalid"
                | "FieldValueForbidden"
                | "FieldValueRequired"
                | "FieldValueDuplicate",
            ) => {}
            Some(other) => errs.push(field(
                &format!("{path}.x-kubernetes-validations[{i}].reason"),
                "FieldValueNotSupported",
                format!(
                    "Unsupported value: {other:?}: supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\""
                ),
            )),
        }
    }
    for (k, sub) in m
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        rule_errors(sub, &format!("{path}.properties[{k}]"), errs);
    }
    for k in ["items", "additionalProperties"] {
        if let Some(sub) = m.get(k).filter(|v| v.is_object()) {
            rule_errors(sub, &format!("{path}.{k}"), errs);
        }
    }
}

/// Sets the conditions and accepted names kube-apiserver's CRD controllers set.
pub(crate) fn crd_status(crd: &mut Value, store: &Store) {
    let now = crate::api::now();
    let mut names = crd
        .pointer("/spec/names")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let kind = names
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if names.get("singular").is_none() {
        names["singular"] = json!(kind.to_lowercase());
    }
    if names.get("listKind").is_none() {
        names["listKind"] = json!(format!("{kind}List"));
    }
    crd["spec"]["names"] = names.clone();
    let storage: Vec<Value> = crd
        .pointer("/spec/versions")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
                .filter_map(|v| v.get("name").cloned())
                .collect()
        })
        .unwrap_or_default();
    let name = crd
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut stored: Vec<Value> = store
        .get(&crd_gr(), "", &name)
        .and_then(|o| {
            o.pointer("/status/storedVersions")
                .and_then(Value::as_array)
                .cloned()
        })
        .unwrap_or_default();
    for v in storage {
        if !stored.contains(&v) {
            stored.push(v);
        }
    }
    let conditions: Vec<Value> = match store
        .get(&crd_gr(), "", &name)
        .and_then(|o| o.pointer("/status/conditions").cloned())
    {
        Some(Value::Array(c)) if !c.is_empty() => c,
        _ => vec![
            json!({"type": "NamesAccepted", "status": "True", "lastTransitionTime": now, "reason": "NoConflicts", "message": "no conflicts found"}),
            json!({"type": "Established", "status": "True", "lastTransitionTime": now, "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"}),
        ],
    };
    crd["status"] =
        json!({"conditions": conditions, "acceptedNames": names, "storedVersions": stored});
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The resources one CRD serves, one per served version.
fn resources_of(crd: &Value) -> Vec<ResourceInfo> {
    let s = |p: &str| {
        crd.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let group = s("/spec/group");
    let kind = s("/spec/names/kind");
    let plural = s("/spec/names/plural");
    if group.is_empty() || kind.is_empty() || plural.is_empty() {
        return Vec::new();
    }
    let singular = Some(s("/spec/names/singular"))
        .filter(|x| !x.is_empty())
        .unwrap_or_else(|| kind.to_lowercase());
    let list_kind = Some(s("/spec/names/listKind"))
        .filter(|x| !x.is_empty())
        .unwrap_or_else(|| format!("{kind}List"));
    let namespaced = s("/spec/scope") != "Cluster";
    let versions = crd
        .pointer("/spec/versions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    versions
        .iter()
        .filter(|v| v.get("served").and_then(Value::as_bool).unwrap_or(true))
        .filter_map(|v| {
            let version = v.get("name").and_then(Value::as_str)?.to_string();
            let scale = v.pointer("/subresources/scale").map(|sc| ScalePaths {
                spec_replicas: sc
                    .get("specReplicasPath")
                    .and_then(Value::as_str)
                    .unwrap_or(".spec.replicas")
                    .to_string(),
                status_replicas: sc
                    .get("statusReplicasPath")
                    .and_then(Value::as_str)
                    .unwrap_or(".status.replicas")
                    .to_string(),
                label_selector: sc
                    .get("labelSelectorPath")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            });
            let mut columns: Vec<PrinterColumn> = v
                .get("additionalPrinterColumns")
                .and_then(Value::as_array)
                .map(|cols| {
                    cols.iter()
                        .filter_map(|c| {
                            Some(PrinterColumn {
                                name: c.get("name")?.as_str()?.to_string(),
                                type_: c
                                    .get("type")
                                    .and_then(Value::as_str)
                                    .unwrap_or("string")
                                    .to_string(),
                                json_path: c.get("jsonPath")?.as_str()?.to_string(),
                                priority: c.get("priority").and_then(Value::as_i64).unwrap_or(0),
                                description: c
                                    .get("description")
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .to_string(),
                                format: c
                                    .get("format")
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .to_string(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            if v.get("additionalPrinterColumns").is_none() {
                columns.push(PrinterColumn {
                    name: "Age".into(),
                    type_: "date".into(),
                    json_path: ".metadata.creationTimestamp".into(),
                    priority: 0,
                    description: String::new(),
                    format: String::new(),
                });
            }
            Some(ResourceInfo {
                group: group.clone(),
                version,
                plural: plural.clone(),
                singular: singular.clone(),
                kind: kind.clone(),
                list_kind: list_kind.clone(),
                namespaced,
                short_names: strings(crd.pointer("/spec/names/shortNames")),
                categories: strings(crd.pointer("/spec/names/categories")),
                status: v.pointer("/subresources/status").is_some(),
                scale,
                crd_schema: v.pointer("/schema/openAPIV3Schema").cloned().map(Arc::new),
                crd: Some(
                    crd.pointer("/metadata/name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                ),
                printer_columns: columns,
            })
        })
        .collect()
}

/// Rebuilds the served resources from the stored CRDs; the objects of
/// resources no longer served are deleted.
pub(crate) fn sync_crds(s: &Shared, store: &mut Store) {
    let mut resources = builtins();
    let builtin_grs: HashSet<GroupResource> = resources.iter().map(ResourceInfo::gr).collect();
    let crds: Vec<Arc<Value>> = store
        .range(&crd_gr(), None, None)
        .map(|(_, v)| v.clone())
        .collect();
    for crd in &crds {
        for r in resources_of(crd) {
            // A CRD may not shadow a built-in.
            if !builtin_grs.contains(&r.gr()) {
                resources.push(r);
            }
        }
    }
    let new_grs: HashSet<GroupResource> = resources.iter().map(ResourceInfo::gr).collect();
    let mut reg = s.registry_mut();
    let old_custom: Vec<GroupResource> = reg
        .resources
        .iter()
        .filter(|r| r.is_custom())
        .map(ResourceInfo::gr)
        .collect();
    let changed = reg.resources.len() != resources.len()
        || reg.resources.iter().zip(&resources).any(|(a, b)| {
            a.group != b.group
                || a.version != b.version
                || a.plural != b.plural
                || a.crd_schema != b.crd_schema
                || a.printer_columns.len() != b.printer_columns.len()
                || a.status != b.status
                || a.namespaced != b.namespaced
        });
    reg.resources = resources;
    if changed {
        reg.generation += 1;
    }
    drop(reg);
    for gr in old_custom {
        if !new_grs.contains(&gr) {
            store.remove_all(&gr);
        }
    }
}
