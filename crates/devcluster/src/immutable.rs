//! Update validation of built-in kinds: the fields kube-apiserver refuses to
//! change once an object exists (selectors, Job templates, cluster IPs,
//! immutable ConfigMaps and Secrets, StatefulSet and PVC specs, Pod specs,
//! role references, StorageClass parameters), with the field paths and
//! messages kube-apiserver 1.33 returns.
//!
//! NB: kube-apiserver 1.33 prints an invalid value with Go's `%#v`. That is
//! reproduced for the values it is deterministic for (strings, numbers,
//! label selectors, role references, string lists); composite values whose
//! Go rendering would include pointer addresses (a Job's pod template) are
//! printed as JSON, as kube-apiserver does from 1.34 on. The diff that
//! follows the Pod and PVC messages is go-cmp's in kube-apiserver, whose
//! output is deliberately unstable; here it lists the changed fields.

use serde_json::{Map, Value, json};

use crate::error::FieldError;
use crate::resources::ResourceInfo;

const IMMUTABLE: &str = "field is immutable";
const IMMUTABLE_WHEN_SET: &str = "field is immutable when `immutable` is set";

fn invalid(field: &str, value: String, detail: &str) -> FieldError {
    FieldError {
        field: field.into(),
        reason: "FieldValueInvalid",
        message: format!("Invalid value: {value}: {detail}"),
    }
}

fn forbidden(field: &str, detail: &str) -> FieldError {
    FieldError {
        field: field.into(),
        reason: "FieldValueForbidden",
        message: format!("Forbidden: {detail}"),
    }
}

/// Drops nulls and empty lists and maps, recursively: kube-apiserver's
/// semantic equality does not tell them from absent fields.
fn normalized(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(Value::Array(
            a.iter()
                .map(|x| normalized(x).unwrap_or(Value::Null))
                .collect(),
        )),
        Value::Object(m) => {
            let out: Map<String, Value> = m
                .iter()
                .filter_map(|(k, x)| normalized(x).map(|n| (k.clone(), n)))
                .collect();
            if out.is_empty() {
                None
            } else {
                Some(Value::Object(out))
            }
        }
        other => Some(other.clone()),
    }
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    a.and_then(normalized) == b.and_then(normalized)
}

/// Go's `%q` of a string (close enough: Rust's debug escaping agrees for
/// everything but rare control characters).
pub(crate) fn quoted(s: &str) -> String {
    format!("{s:?}")
}

/// Go's `%#v` of a `map[string]string` (keys sorted).
pub(crate) fn go_string_map(v: Option<&Value>) -> String {
    match v.and_then(Value::as_object) {
        None => "map[string]string(nil)".into(),
        Some(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        quoted(k),
                        quoted(m[k.as_str()].as_str().unwrap_or(""))
                    )
                })
                .collect();
            format!("map[string]string{{{}}}", parts.join(", "))
        }
    }
}

/// How kube-apiserver prints a scalar or absent value: `"null"` for nil,
/// quoted strings, bare numbers and booleans; composites as JSON.
fn plain(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => quoted("null"),
        Some(Value::String(s)) => quoted(s),
        Some(other) => other.to_string(),
    }
}

fn go_strings(v: Option<&Value>) -> String {
    match v.and_then(Value::as_array) {
        None => "[]string(nil)".into(),
        Some(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|x| quoted(x.as_str().unwrap_or("")))
                .collect();
            format!("[]string{{{}}}", parts.join(", "))
        }
    }
}

/// A `metav1.LabelSelector` as Go's `%#v` prints it (map keys sorted).
pub(crate) fn go_label_selector(v: Option<&Value>) -> String {
    let Some(sel) = v.filter(|v| v.is_object()) else {
        return quoted("null");
    };
    let labels = go_string_map(sel.get("matchLabels"));
    let exprs = match sel.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|e| {
                    let s = |k: &str| quoted(e.get(k).and_then(Value::as_str).unwrap_or(""));
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        s("key"),
                        s("operator"),
                        go_strings(e.get("values"))
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", parts.join(", "))
        }
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}")
}

/// `ValidateImmutableField` for one path below the object root.
fn immutable_at(
    old: &Value,
    new: &Value,
    pointer: &str,
    field: &str,
    render: fn(Option<&Value>) -> String,
    errs: &mut Vec<FieldError>,
) {
    let (a, b) = (old.pointer(pointer), new.pointer(pointer));
    if !same(a, b) {
        errs.push(invalid(field, render(b), IMMUTABLE));
    }
}

/// Go field name of a JSON field, for the spec diffs.
fn go_name(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The fields of two specs that differ, one `-`/`+` pair per field.
fn spec_diff(go_type: &str, old: Option<&Value>, new: Option<&Value>) -> String {
    let empty = Map::new();
    let o = old.and_then(Value::as_object).unwrap_or(&empty);
    let n = new.and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = format!("  {go_type}{{\n");
    for k in keys {
        let (a, b) = (o.get(k), n.get(k));
        if same(a, b) {
            continue;
        }
        let show = |v: Option<&Value>| v.map_or_else(|| "nil".to_string(), Value::to_string);
        if a.is_some() {
            out.push_str(&format!("- \t{}: {},\n", go_name(k), show(a)));
        }
        if b.is_some() {
            out.push_str(&format!("+ \t{}: {},\n", go_name(k), show(b)));
        }
    }
    out.push_str("  }");
    out
}

/// Validates an update of a built-in object: what may not change from
/// `old` to `new`. May first normalise `new` as kube-apiserver does before
/// validating (a Service keeps its allocated cluster IPs when the update
/// leaves them out).
pub(crate) fn check_update(info: &ResourceInfo, old: &Value, new: &mut Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if info.is_custom() {
        return errs;
    }
    match (info.group.as_str(), info.kind.as_str()) {
        ("apps", "Deployment" | "ReplicaSet" | "DaemonSet") => immutable_at(
            old,
            new,
            "/spec/selector",
            "spec.selector",
            go_label_selector,
            &mut errs,
        ),
        ("apps", "StatefulSet") => statefulset(old, new, &mut errs),
        ("batch", "Job") => job(old, new, &mut errs),
        ("", "Service") => service(old, new, &mut errs),
        ("", "ConfigMap") => locked_data(old, new, &["data", "binaryData"], &mut errs),
        ("", "Secret") => {
            immutable_at(old, new, "/type", "type", plain, &mut errs);
            locked_data(old, new, &["data"], &mut errs);
        }
        ("", "PersistentVolumeClaim") => pvc(old, new, &mut errs),
        ("", "Pod") => pod(old, new, &mut errs),
        ("rbac.authorization.k8s.io", "RoleBinding" | "ClusterRoleBinding") => {
            let (a, b) = (old.get("roleRef"), new.get("roleRef"));
            if !same(a, b) {
                let s = |k: &str| {
                    quoted(
                        b.and_then(|r| r.get(k))
                            .and_then(Value::as_str)
                            .unwrap_or(""),
                    )
                };
                errs.push(invalid(
                    "roleRef",
                    format!(
                        "rbac.RoleRef{{APIGroup:{}, Kind:{}, Name:{}}}",
                        s("apiGroup"),
                        s("kind"),
                        s("name")
                    ),
                    "cannot change roleRef",
                ));
            }
        }
        ("", "PersistentVolume") => persistent_volume(old, new, &mut errs),
        ("networking.k8s.io", "IngressClass") => immutable_at(
            old,
            new,
            "/spec/controller",
            "spec.controller",
            plain,
            &mut errs,
        ),
        ("apiextensions.k8s.io", "CustomResourceDefinition") => {
            // NB: scope and kind are fixed once the CRD is established, which
            // a stored CRD here always is.
            for (p, f) in [
                ("/spec/scope", "spec.scope"),
                ("/spec/names/kind", "spec.names.kind"),
                ("/spec/group", "spec.group"),
                ("/spec/names/plural", "spec.names.plural"),
            ] {
                immutable_at(old, new, p, f, plain, &mut errs);
            }
        }
        ("storage.k8s.io", "StorageClass") => {
            for k in ["parameters", "provisioner", "reclaimPolicy"] {
                if !same(old.get(k), new.get(k)) {
                    errs.push(forbidden(k, &format!("updates to {k} are forbidden.")));
                }
            }
            immutable_at(
                old,
                new,
                "/volumeBindingMode",
                "volumeBindingMode",
                plain,
                &mut errs,
            );
        }
        _ => {}
    }
    errs
}

/// The fields of a PersistentVolume spec that name its volume source.
const VOLUME_SOURCES: [&str; 22] = [
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "csi",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "glusterfs",
    "hostPath",
    "iscsi",
    "local",
    "nfs",
    "photonPersistentDisk",
    "portworxVolume",
    "quobyte",
    "rbd",
    "scaleIO",
    "storageos",
    "vsphereVolume",
];

/// A PersistentVolume keeps its source and volume mode.
fn persistent_volume(old: &Value, new: &Value, errs: &mut Vec<FieldError>) {
    let source = |v: &Value| -> Value {
        let mut m = Map::new();
        for k in VOLUME_SOURCES {
            if let Some(x) = v.pointer(&format!("/spec/{k}")) {
                m.insert(k.to_string(), x.clone());
            }
        }
        Value::Object(m)
    };
    let (a, b) = (source(old), source(new));
    if !same(Some(&a), Some(&b)) {
        errs.push(forbidden(
            "spec.persistentvolumesource",
            &format!(
                "spec.persistentvolumesource is immutable after creation\n{}",
                spec_diff("core.PersistentVolumeSource", Some(&a), Some(&b))
            ),
        ));
    }
    // NB: kube-apiserver names this path without its `spec.`.
    immutable_at(old, new, "/spec/volumeMode", "volumeMode", plain, errs);
}

/// StatefulSets may change only a few spec fields.
fn statefulset(old: &Value, new: &Value, errs: &mut Vec<FieldError>) {
    const MUTABLE: [&str; 7] = [
        "replicas",
        "ordinals",
        "template",
        "updateStrategy",
        "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy",
        "minReadySeconds",
    ];
    let strip = |v: Option<&Value>| -> Option<Value> {
        let mut s = v.cloned()?;
        if let Some(m) = s.as_object_mut() {
            for k in MUTABLE {
                m.remove(k);
            }
        }
        Some(s)
    };
    let (a, b) = (strip(old.get("spec")), strip(new.get("spec")));
    if !same(a.as_ref(), b.as_ref()) {
        errs.push(forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ));
    }
}

fn job(old: &Value, new: &Value, errs: &mut Vec<FieldError>) {
    // Indexed Jobs may scale completions together with parallelism.
    let indexed = new.pointer("/spec/completionMode").and_then(Value::as_str) == Some("Indexed");
    let completions = (
        old.pointer("/spec/completions"),
        new.pointer("/spec/completions"),
    );
    if !same(completions.0, completions.1) {
        if !indexed {
            errs.push(invalid("spec.completions", plain(completions.1), IMMUTABLE));
        } else if completions.1.is_some_and(|c| !c.is_null())
            && completions.1 != new.pointer("/spec/parallelism")
        {
            errs.push(invalid(
                "spec.completions",
                plain(completions.1),
                "can only be modified in tandem with spec.parallelism",
            ));
        }
    }
    immutable_at(
        old,
        new,
        "/spec/selector",
        "spec.selector",
        go_label_selector,
        errs,
    );
    // A suspended Job that never started may still change where its pods go.
    let mut old_template = old.pointer("/spec/template").cloned();
    let new_template = new.pointer("/spec/template");
    let suspended_unstarted = old.pointer("/spec/suspend").and_then(Value::as_bool) == Some(true)
        && old.pointer("/status/startTime").is_none_or(Value::is_null);
    if suspended_unstarted && let Some(t) = old_template.as_mut() {
        let from_new = |p: &str| new_template.and_then(|n| n.pointer(p)).cloned();
        for (section, key) in [
            ("metadata", "labels"),
            ("metadata", "annotations"),
            ("spec", "nodeSelector"),
            ("spec", "tolerations"),
            ("spec", "schedulingGates"),
        ] {
            set_or_remove(t, section, key, from_new(&format!("/{section}/{key}")));
        }
        let node_affinity = from_new("/spec/affinity/nodeAffinity");
        if let Some(spec) = t.get_mut("spec").and_then(Value::as_object_mut) {
            let aff = spec.entry("affinity").or_insert_with(|| json!({}));
            set_or_remove(aff, "", "nodeAffinity", node_affinity);
        }
    }
    if !same(old_template.as_ref(), new_template) {
        errs.push(invalid("spec.template", plain(new_template), IMMUTABLE));
    }
    for (p, f) in [
        ("/spec/completionMode", "spec.completionMode"),
        ("/spec/podFailurePolicy", "spec.podFailurePolicy"),
        ("/spec/backoffLimitPerIndex", "spec.backoffLimitPerIndex"),
        ("/spec/managedBy", "spec.managedBy"),
        ("/spec/successPolicy", "spec.successPolicy"),
    ] {
        immutable_at(old, new, p, f, plain, errs);
    }
}

/// Sets `v[section][key]` (or `v[key]` for an empty section), or removes it.
fn set_or_remove(v: &mut Value, section: &str, key: &str, value: Option<Value>) {
    let target = if section.is_empty() {
        Some(v)
    } else {
        if v.get(section).is_none() {
            v[section] = json!({});
        }
        v.get_mut(section)
    };
    let Some(m) = target.and_then(Value::as_object_mut) else {
        return;
    };
    match value {
        Some(x) => {
            m.insert(key.to_string(), x);
        }
        None => {
            m.remove(key);
        }
    }
}

fn service_ips(v: &Value) -> (String, Vec<String>) {
    let ip = v
        .pointer("/spec/clusterIP")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let ips = v
        .pointer("/spec/clusterIPs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    (ip, ips)
}

/// A Service keeps the cluster IPs it was given: an update that leaves
/// them out keeps them, one that changes them is refused.
fn service(old: &Value, new: &mut Value, errs: &mut Vec<FieldError>) {
    let ty = |v: &Value| {
        v.pointer("/spec/type")
            .and_then(Value::as_str)
            .unwrap_or("ClusterIP")
            .to_string()
    };
    if ty(old) == "ExternalName" || ty(new) == "ExternalName" {
        return;
    }
    let (old_ip, mut old_ips) = service_ips(old);
    if old_ips.is_empty() && !old_ip.is_empty() {
        old_ips = vec![old_ip.clone()];
    }
    let (mut ip, mut ips) = service_ips(new);
    // Allocated values the client did not send are kept (idempotent updates).
    if ip.is_empty() {
        ip = old_ip.clone();
    }
    if ips.is_empty() && !old_ips.is_empty() {
        ips = old_ips.clone();
    }
    // Keep clusterIP and clusterIPs in step, as kube-apiserver does.
    if ip != old_ip && !ip.is_empty() && ips == old_ips {
        ips = vec![ip.clone()];
    }
    if let Some(spec) = new.get_mut("spec").and_then(Value::as_object_mut) {
        if !ip.is_empty() {
            spec.insert("clusterIP".into(), json!(ip));
        }
        if !ips.is_empty() {
            spec.insert("clusterIPs".into(), json!(ips));
        }
    }
    let headless = |ip: &str| ip == "None";
    if headless(&old_ip) && headless(&ip) {
        return;
    }
    let shown = || go_strings(Some(&json!(ips)));
    if old_ips.len() == ips.len() {
        for (i, (a, b)) in old_ips.iter().zip(&ips).enumerate() {
            if a != b {
                errs.push(invalid(
                    &format!("spec.clusterIPs[{i}]"),
                    shown(),
                    "may not change once set",
                ));
            }
        }
    } else if !old_ips.is_empty() && ips.is_empty() {
        errs.push(invalid(
            "spec.clusterIPs[0]",
            shown(),
            "primary clusterIP can not be unset",
        ));
    } else if !old_ips.is_empty() && old_ips[0] != ips[0] {
        errs.push(invalid(
            "spec.clusterIPs[0]",
            shown(),
            "may not change once set",
        ));
    }
}

/// ConfigMaps and Secrets marked `immutable: true` keep their data, and
/// the mark itself.
fn locked_data(old: &Value, new: &Value, fields: &[&str], errs: &mut Vec<FieldError>) {
    if old.get("immutable").and_then(Value::as_bool) != Some(true) {
        return;
    }
    if new.get("immutable").and_then(Value::as_bool) != Some(true) {
        errs.push(forbidden("immutable", IMMUTABLE_WHEN_SET));
    }
    for f in fields {
        if !same(old.get(*f), new.get(*f)) {
            errs.push(forbidden(f, IMMUTABLE_WHEN_SET));
        }
    }
}

/// A claim's spec is fixed, but for a volume name set once and the storage
/// request of a bound claim, which may only grow.
fn pvc(old: &Value, new: &Value, errs: &mut Vec<FieldError>) {
    let mut old_spec = old.get("spec").cloned().unwrap_or(json!({}));
    let mut new_spec = new.get("spec").cloned().unwrap_or(json!({}));
    let volume_unset = old_spec
        .get("volumeName")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty);
    if volume_unset {
        set_or_remove(
            &mut old_spec,
            "",
            "volumeName",
            new_spec.get("volumeName").cloned(),
        );
    }
    let bound = new.pointer("/status/phase").and_then(Value::as_str) == Some("Bound");
    let old_size = old.pointer("/spec/resources/requests/storage").cloned();
    let new_size = new.pointer("/spec/resources/requests/storage").cloned();
    if bound && let Some(req) = new_spec.pointer_mut("/resources/requests") {
        set_or_remove(req, "", "storage", old_size.clone());
    }
    // Changing the volume attributes class is allowed too.
    for s in [&mut old_spec, &mut new_spec] {
        if let Some(m) = s.as_object_mut() {
            m.remove("volumeAttributesClassName");
        }
    }
    if !same(Some(&old_spec), Some(&new_spec)) {
        errs.push(forbidden(
            "spec",
            &format!(
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n{}",
                spec_diff(
                    "core.PersistentVolumeClaimSpec",
                    Some(&old_spec),
                    Some(&new_spec)
                )
            ),
        ));
    }
    if let (Some(a), Some(b)) = (old_size.as_ref(), new_size.as_ref())
        && let (Some(a), Some(b)) = (quantity_bytes(a), quantity_bytes(b))
        && b < a
    {
        errs.push(forbidden(
            "spec.resources.requests.storage",
            "field can not be less than previous value",
        ));
    }
}

/// A storage quantity in bytes (`10Gi`, `500M`, `1e3`), for comparison.
fn quantity_bytes(v: &Value) -> Option<f64> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => return n.as_f64(),
        _ => return None,
    };
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let k: f64 = match suffix {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse().ok()?),
        _ => return None,
    };
    Some(n * k)
}

/// A Pod may change only its images, its active deadline, and add
/// tolerations or drop scheduling gates.
fn pod(old: &Value, new: &Value, errs: &mut Vec<FieldError>) {
    let old_spec = old.get("spec").cloned().unwrap_or(json!({}));
    let mut munged = new.get("spec").cloned().unwrap_or(json!({}));
    for list in ["containers", "initContainers"] {
        let old_len = old_spec
            .get(list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let Some(items) = munged.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        if items.len() != old_len {
            continue;
        }
        for (i, c) in items.iter_mut().enumerate() {
            let image = old_spec
                .pointer(&format!("/{list}/{i}/image"))
                .cloned()
                .unwrap_or(Value::Null);
            c["image"] = image;
        }
    }
    // The deadline may be set, or lowered while staying positive.
    let old_deadline = old_spec
        .get("activeDeadlineSeconds")
        .and_then(Value::as_i64);
    let new_deadline = munged.get("activeDeadlineSeconds").and_then(Value::as_i64);
    let deadline_ok = match (old_deadline, new_deadline) {
        (None, _) => true,
        (Some(o), Some(n)) => n > 0 && n <= o,
        (Some(_), None) => false,
    };
    if deadline_ok {
        set_or_remove(
            &mut munged,
            "",
            "activeDeadlineSeconds",
            old_spec.get("activeDeadlineSeconds").cloned(),
        );
    }
    // Tolerations may only be added.
    let old_tol = old_spec
        .get("tolerations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let new_tol = munged
        .get("tolerations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if old_tol.iter().all(|t| new_tol.contains(t)) {
        set_or_remove(
            &mut munged,
            "",
            "tolerations",
            old_spec.get("tolerations").cloned(),
        );
    }
    // Scheduling gates may only be removed.
    let old_gates = old_spec
        .get("schedulingGates")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let new_gates = munged
        .get("schedulingGates")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if new_gates.iter().all(|g| old_gates.contains(g)) {
        set_or_remove(
            &mut munged,
            "",
            "schedulingGates",
            old_spec.get("schedulingGates").cloned(),
        );
    }
    if !same(Some(&old_spec), Some(&munged)) {
        errs.push(forbidden(
            "spec",
            &format!(
                "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n{}",
                spec_diff("core.PodSpec", Some(&old_spec), Some(&munged))
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(kind: &str) -> ResourceInfo {
        crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == kind)
            .unwrap()
    }

    fn check(kind: &str, old: Value, mut new: Value) -> Vec<String> {
        check_update(&info(kind), &old, &mut new)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn selectors_print_as_go_does() {
        let old = json!({"spec": {"selector": {"matchLabels": {"app": "a"}}}});
        let new = json!({"spec": {"selector": {"matchLabels": {"tier": "x", "app": "b"},
            "matchExpressions": [{"key": "k", "operator": "In", "values": ["v"]}]}}});
        assert_eq!(
            check("Deployment", old.clone(), new),
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"b\", \"tier\":\"x\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"k\", Operator:\"In\", Values:[]string{\"v\"}}}}: field is immutable"
            ]
        );
        assert_eq!(
            check("ReplicaSet", old.clone(), json!({"spec": {}})),
            vec!["spec.selector: Invalid value: \"null\": field is immutable"]
        );
        assert!(check("DaemonSet", old.clone(), old).is_empty());
    }

    #[test]
    fn immutable_configmaps_and_secrets_keep_their_data() {
        let old = json!({"immutable": true, "data": {"a": "1"}});
        assert!(check("ConfigMap", old.clone(), old.clone()).is_empty());
        assert_eq!(
            check("ConfigMap", old.clone(), json!({"data": {"a": "2"}})),
            vec![
                "immutable: Forbidden: field is immutable when `immutable` is set",
                "data: Forbidden: field is immutable when `immutable` is set",
            ]
        );
        assert!(
            check(
                "ConfigMap",
                json!({"data": {"a": "1"}}),
                json!({"data": {"a": "2"}})
            )
            .is_empty()
        );
        assert_eq!(
            check(
                "Secret",
                json!({"type": "Opaque"}),
                json!({"type": "kubernetes.io/tls"})
            ),
            vec!["type: Invalid value: \"kubernetes.io/tls\": field is immutable"]
        );
    }

    #[test]
    fn services_keep_their_cluster_ips() {
        let old = json!({"spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"]}});
        // Leaving them out keeps them.
        let mut new = json!({"spec": {"ports": [{"port": 80}]}});
        assert!(check_update(&info("Service"), &old, &mut new).is_empty());
        assert_eq!(new["spec"]["clusterIPs"], json!(["10.96.0.1"]));
        assert_eq!(
            check(
                "Service",
                old.clone(),
                json!({"spec": {"clusterIP": "10.96.0.9"}})
            ),
            vec![
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.9\"}: may not change once set"
            ]
        );
        // Assigning the first IP is allowed.
        assert!(check("Service", json!({"spec": {}}), old).is_empty());
        // An old object with the singular field only counts as having both.
        assert_eq!(
            check(
                "Service",
                json!({"spec": {"clusterIP": "10.96.0.1"}}),
                json!({"spec": {"clusterIP": "10.96.0.2"}})
            ),
            vec![
                "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.2\"}: may not change once set"
            ]
        );
    }

    #[test]
    fn statefulsets_change_only_some_fields() {
        let old = json!({"spec": {"replicas": 1, "serviceName": "a", "template": {"x": 1}}});
        assert!(
            check(
                "StatefulSet",
                old.clone(),
                json!({"spec": {"replicas": 3, "serviceName": "a", "template": {"x": 2}}})
            )
            .is_empty()
        );
        let errs = check(
            "StatefulSet",
            old,
            json!({"spec": {"replicas": 1, "serviceName": "b"}}),
        );
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template'"));
    }

    #[test]
    fn jobs_keep_their_template_unless_suspended() {
        let old = json!({"spec": {"template": {"spec": {"containers": [{"image": "a"}]}}}});
        let new = json!({"spec": {"template": {"spec": {"containers": [{"image": "b"}]}}}});
        let errs = check("Job", old.clone(), new);
        assert_eq!(
            errs,
            vec![
                "spec.template: Invalid value: {\"spec\":{\"containers\":[{\"image\":\"b\"}]}}: field is immutable"
            ]
        );
        let suspended = json!({"spec": {"suspend": true, "template": {"spec": {"containers": [{"image": "a"}]}}}});
        let moved = json!({"spec": {"suspend": true, "template": {"metadata": {"labels": {"a": "b"}},
            "spec": {"nodeSelector": {"zone": "x"}, "containers": [{"image": "a"}]}}}});
        assert!(check("Job", suspended, moved).is_empty());
    }

    #[test]
    fn claims_may_grow_when_bound() {
        let old = json!({"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
        let grown = json!({"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}},
            "status": {"phase": "Bound"}});
        assert!(check("PersistentVolumeClaim", old.clone(), grown).is_empty());
        let shrunk = json!({"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "512Mi"}}},
            "status": {"phase": "Bound"}});
        assert_eq!(
            check("PersistentVolumeClaim", old.clone(), shrunk),
            vec![
                "spec.resources.requests.storage: Forbidden: field can not be less than previous value"
            ]
        );
        let errs = check(
            "PersistentVolumeClaim",
            old,
            json!({"spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "1Gi"}}}}),
        );
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].contains(
                "- \tAccessModes: [\"ReadWriteOnce\"],\n+ \tAccessModes: [\"ReadWriteMany\"],"
            ),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn pods_change_only_images_and_such() {
        let old = json!({"spec": {"containers": [{"name": "a", "image": "x:1"}], "tolerations": [{"key": "a"}]}});
        let ok = json!({"spec": {"containers": [{"name": "a", "image": "x:2"}],
            "tolerations": [{"key": "a"}, {"key": "b"}], "activeDeadlineSeconds": 10}});
        assert!(check("Pod", old.clone(), ok).is_empty());
        let errs = check(
            "Pod",
            old,
            json!({"spec": {"containers": [{"name": "a", "image": "x:1", "ports": [{"containerPort": 80}]}], "tolerations": [{"key": "a"}]}}),
        );
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"));
    }

    #[test]
    fn role_bindings_keep_their_role() {
        let old = json!({"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}});
        let new = json!({"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}});
        assert_eq!(
            check("RoleBinding", old, new),
            vec![
                "roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef"
            ]
        );
    }

    #[test]
    fn volumes_classes_and_crds_keep_their_identity() {
        let pv = |path: &str| json!({"spec": {"hostPath": {"path": path}, "volumeMode": "Filesystem", "capacity": {"storage": "1Gi"}}});
        let errs = check("PersistentVolume", pv("/a"), pv("/b"));
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n  core.PersistentVolumeSource{"), "{}", errs[0]);
        let mut grown = pv("/a");
        grown["spec"]["capacity"]["storage"] = json!("2Gi");
        assert!(check("PersistentVolume", pv("/a"), grown).is_empty());
        assert_eq!(
            check(
                "IngressClass",
                json!({"spec": {"controller": "a/b"}}),
                json!({"spec": {"controller": "c/d"}})
            ),
            vec!["spec.controller: Invalid value: \"c/d\": field is immutable"]
        );
        let crd = |scope: &str| json!({"spec": {"group": "x.io", "scope": scope, "names": {"kind": "K", "plural": "ks"}}});
        assert_eq!(
            check(
                "CustomResourceDefinition",
                crd("Namespaced"),
                crd("Cluster")
            ),
            vec!["spec.scope: Invalid value: \"Cluster\": field is immutable"]
        );
    }

    #[test]
    fn quantities() {
        assert_eq!(quantity_bytes(&json!("1Gi")), Some(1073741824.0));
        assert_eq!(quantity_bytes(&json!("500M")), Some(5e8));
        assert_eq!(quantity_bytes(&json!("1e3")), Some(1000.0));
        assert_eq!(quantity_bytes(&json!("x")), None);
    }
}
