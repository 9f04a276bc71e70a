//! `meta.k8s.io/v1` `Table` responses for `kubectl get`: the columns
//! kube-apiserver prints for built-in kinds, and CRDs' additionalPrinterColumns.

use serde_json::{Value, json};

use crate::resources::{PrinterColumn, ResourceInfo};

/// Human-readable age in kube-apiserver's style (`45s`, `5m30s`, `3h`, `2d5h`, `3y`).
pub(crate) fn human_duration(secs: i64) -> String {
    if secs < -1 {
        return "<invalid>".into();
    }
    let s = secs.max(0);
    let m = s / 60;
    let h = s / 3600;
    let d = h / 24;
    if s < 120 {
        format!("{s}s")
    } else if m < 10 {
        if s % 60 == 0 {
            format!("{m}m")
        } else {
            format!("{m}m{}s", s % 60)
        }
    } else if m < 180 {
        format!("{m}m")
    } else if h < 8 {
        if m % 60 == 0 {
            format!("{h}h")
        } else {
            format!("{h}h{}m", m % 60)
        }
    } else if h < 48 {
        format!("{h}h")
    } else if h < 24 * 8 {
        if h % 24 == 0 {
            format!("{d}d")
        } else {
            format!("{d}d{}h", h % 24)
        }
    } else if h < 24 * 365 * 2 {
        format!("{d}d")
    } else if h < 24 * 365 * 8 {
        let y = d / 365;
        if d % 365 == 0 {
            format!("{y}y")
        } else {
            format!("{y}y{}d", d % 365)
        }
    } else {
        format!("{}y", d / 365)
    }
}

fn age(ts: Option<&Value>) -> Value {
    let Some(t) = ts.and_then(Value::as_str) else {
        return json!("<unknown>");
    };
    match t.parse::<jiff::Timestamp>() {
        Ok(then) => json!(human_duration(
            jiff::Timestamp::now().as_second() - then.as_second()
        )),
        Err(_) => json!("<unknown>"),
    }
}

fn col(name: &str, type_: &str, priority: i64) -> Value {
    let format = if name == "Name" { "name" } else { "" };
    json!({"name": name, "type": type_, "format": format, "description": "", "priority": priority})
}

fn s<'a>(o: &'a Value, p: &str) -> &'a str {
    o.pointer(p).and_then(Value::as_str).unwrap_or("")
}

fn i(o: &Value, p: &str) -> i64 {
    o.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

fn len(o: &Value, p: &str) -> usize {
    match o.pointer(p) {
        Some(Value::Object(m)) => m.len(),
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

fn or_none(v: String) -> Value {
    if v.is_empty() {
        json!("<none>")
    } else {
        json!(v)
    }
}

fn selector_string(sel: Option<&Value>) -> String {
    let Some(m) = sel.and_then(Value::as_object) else {
        return String::new();
    };
    m.iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(",")
}

/// Column definitions and cells for a built-in kind.
fn builtin(kind: &str, o: &Value) -> (Vec<Value>, Vec<Value>) {
    let name = json!(s(o, "/metadata/name"));
    let created = age(o.pointer("/metadata/creationTimestamp"));
    match kind {
        "ConfigMap" => (
            vec![
                col("Name", "string", 0),
                col("Data", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(len(o, "/data") + len(o, "/binaryData")),
                created,
            ],
        ),
        "Secret" => (
            vec![
                col("Name", "string", 0),
                col("Type", "string", 0),
                col("Data", "string", 0),
                col("Age", "string", 0),
            ],
            vec![name, json!(s(o, "/type")), json!(len(o, "/data")), created],
        ),
        "Namespace" => (
            vec![
                col("Name", "string", 0),
                col("Status", "string", 0),
                col("Age", "string", 0),
            ],
            vec![name, json!(s(o, "/status/phase")), created],
        ),
        "ServiceAccount" => (
            vec![
                col("Name", "string", 0),
                col("Secrets", "string", 0),
                col("Age", "string", 0),
            ],
            vec![name, json!(len(o, "/secrets")), created],
        ),
        "Service" => {
            let ty = Some(s(o, "/spec/type"))
                .filter(|t| !t.is_empty())
                .unwrap_or("ClusterIP");
            let ports: Vec<String> = o
                .pointer("/spec/ports")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
                            match p.get("nodePort").and_then(Value::as_i64) {
                                Some(np) => format!("{}:{np}/{proto}", i(p, "/port")),
                                None => format!("{}/{proto}", i(p, "/port")),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let external: Vec<String> = o
                .pointer("/status/loadBalancer/ingress")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| {
                            x.get("ip")
                                .or(x.get("hostname"))
                                .and_then(Value::as_str)
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let ext = if !external.is_empty() {
                external.join(",")
            } else if ty == "LoadBalancer" {
                "<pending>".into()
            } else {
                o.pointer("/spec/externalIPs")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .filter(|x| !x.is_empty())
                    .unwrap_or_else(|| "<none>".into())
            };
            let cluster_ip = if ty == "ExternalName" {
                "<none>".to_string()
            } else {
                Some(s(o, "/spec/clusterIP").to_string())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| "<none>".into())
            };
            (
                vec![
                    col("Name", "string", 0),
                    col("Type", "string", 0),
                    col("Cluster-IP", "string", 0),
                    col("External-IP", "string", 0),
                    col("Port(s)", "string", 0),
                    col("Age", "string", 0),
                    col("Selector", "string", 1),
                ],
                vec![
                    name,
                    json!(ty),
                    json!(cluster_ip),
                    json!(ext),
                    or_none(ports.join(",")),
                    created,
                    or_none(selector_string(o.pointer("/spec/selector"))),
                ],
            )
        }
        "Pod" => {
            let total = len(o, "/spec/containers");
            let statuses = o
                .pointer("/status/containerStatuses")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let ready = statuses
                .iter()
                .filter(|c| c.get("ready").and_then(Value::as_bool) == Some(true))
                .count();
            let restarts: i64 = statuses.iter().map(|c| i(c, "/restartCount")).sum();
            let phase = Some(s(o, "/status/phase"))
                .filter(|p| !p.is_empty())
                .unwrap_or("Pending");
            let status = if o.pointer("/metadata/deletionTimestamp").is_some() {
                "Terminating"
            } else {
                phase
            };
            (
                vec![
                    col("Name", "string", 0),
                    col("Ready", "string", 0),
                    col("Status", "string", 0),
                    col("Restarts", "string", 0),
                    col("Age", "string", 0),
                    col("IP", "string", 1),
                    col("Node", "string", 1),
                ],
                vec![
                    name,
                    json!(format!("{ready}/{total}")),
                    json!(status),
                    json!(restarts),
                    created,
                    or_none(s(o, "/status/podIP").into()),
                    or_none(s(o, "/spec/nodeName").into()),
                ],
            )
        }
        "Deployment" => (
            vec![
                col("Name", "string", 0),
                col("Ready", "string", 0),
                col("Up-to-date", "string", 0),
                col("Available", "string", 0),
                col("Age", "string", 0),
                col("Containers", "string", 1),
                col("Images", "string", 1),
                col("Selector", "string", 1),
            ],
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    i(o, "/status/readyReplicas"),
                    o.pointer("/spec/replicas")
                        .and_then(Value::as_i64)
                        .unwrap_or(1)
                )),
                json!(i(o, "/status/updatedReplicas")),
                json!(i(o, "/status/availableReplicas")),
                created,
                json!(containers(o, "name")),
                json!(containers(o, "image")),
                or_none(selector_string(o.pointer("/spec/selector/matchLabels"))),
            ],
        ),
        "StatefulSet" => (
            vec![
                col("Name", "string", 0),
                col("Ready", "string", 0),
                col("Age", "string", 0),
                col("Containers", "string", 1),
                col("Images", "string", 1),
            ],
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    i(o, "/status/readyReplicas"),
                    o.pointer("/spec/replicas")
                        .and_then(Value::as_i64)
                        .unwrap_or(1)
                )),
                created,
                json!(containers(o, "name")),
                json!(containers(o, "image")),
            ],
        ),
        "ReplicaSet" | "ReplicationController" => (
            vec![
                col("Name", "string", 0),
                col("Desired", "integer", 0),
                col("Current", "integer", 0),
                col("Ready", "integer", 0),
                col("Age", "string", 0),
                col("Containers", "string", 1),
                col("Images", "string", 1),
                col("Selector", "string", 1),
            ],
            vec![
                name,
                json!(
                    o.pointer("/spec/replicas")
                        .and_then(Value::as_i64)
                        .unwrap_or(1)
                ),
                json!(i(o, "/status/replicas")),
                json!(i(o, "/status/readyReplicas")),
                created,
                json!(containers(o, "name")),
                json!(containers(o, "image")),
                // A ReplicationController's selector is the label map itself.
                or_none(selector_string(
                    o.pointer("/spec/selector/matchLabels")
                        .or_else(|| o.pointer("/spec/selector").filter(|_| kind != "ReplicaSet")),
                )),
            ],
        ),
        "DaemonSet" => (
            vec![
                col("Name", "string", 0),
                col("Desired", "integer", 0),
                col("Current", "integer", 0),
                col("Ready", "integer", 0),
                col("Up-to-date", "integer", 0),
                col("Available", "integer", 0),
                col("Node Selector", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(i(o, "/status/desiredNumberScheduled")),
                json!(i(o, "/status/currentNumberScheduled")),
                json!(i(o, "/status/numberReady")),
                json!(i(o, "/status/updatedNumberScheduled")),
                json!(i(o, "/status/numberAvailable")),
                or_none(selector_string(
                    o.pointer("/spec/template/spec/nodeSelector"),
                )),
                created,
            ],
        ),
        "Job" => {
            let completions = o
                .pointer("/spec/completions")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            let conds = o
                .pointer("/status/conditions")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let has = |t: &str| {
                conds.iter().any(|c| {
                    c.get("type").and_then(Value::as_str) == Some(t)
                        && c.get("status").and_then(Value::as_str) == Some("True")
                })
            };
            let status = if has("Complete") {
                "Complete"
            } else if has("Failed") {
                "Failed"
            } else if o.pointer("/metadata/deletionTimestamp").is_some() {
                "Terminating"
            } else if has("Suspended") {
                "Suspended"
            } else {
                "Running"
            };
            // A work queue (parallelism without completions) completes
            // with its first success.
            let progress = match o.pointer("/spec/completions").and_then(Value::as_i64) {
                Some(_) => format!("{}/{completions}", i(o, "/status/succeeded")),
                None => format!(
                    "{}/1 of {}",
                    i(o, "/status/succeeded"),
                    o.pointer("/spec/parallelism")
                        .and_then(Value::as_i64)
                        .unwrap_or(1)
                ),
            };
            // From start to completion, or to now while it runs.
            let time = |p: &str| {
                o.pointer(p)
                    .and_then(Value::as_str)
                    .and_then(|t| t.parse::<jiff::Timestamp>().ok())
            };
            let duration = match time("/status/startTime") {
                Some(start) => {
                    let end = time("/status/completionTime").unwrap_or_else(jiff::Timestamp::now);
                    json!(human_duration(end.as_second() - start.as_second()))
                }
                None => json!(""),
            };
            (
                vec![
                    col("Name", "string", 0),
                    col("Status", "string", 0),
                    col("Completions", "string", 0),
                    col("Duration", "string", 0),
                    col("Age", "string", 0),
                    col("Containers", "string", 1),
                    col("Images", "string", 1),
                    col("Selector", "string", 1),
                ],
                vec![
                    name,
                    json!(status),
                    json!(progress),
                    duration,
                    created,
                    json!(containers(o, "name")),
                    json!(containers(o, "image")),
                    or_none(selector_string(o.pointer("/spec/selector/matchLabels"))),
                ],
            )
        }
        "CronJob" => (
            vec![
                col("Name", "string", 0),
                col("Schedule", "string", 0),
                col("Timezone", "string", 0),
                col("Suspend", "boolean", 0),
                col("Active", "integer", 0),
                col("Last Schedule", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(s(o, "/spec/schedule")),
                or_none(s(o, "/spec/timeZone").into()),
                json!(
                    o.pointer("/spec/suspend")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                ),
                json!(len(o, "/status/active")),
                match o.pointer("/status/lastScheduleTime") {
                    Some(t) => age(Some(t)),
                    None => json!("<none>"),
                },
                created,
            ],
        ),
        "Event" => (
            vec![
                col("Last Seen", "string", 0),
                col("Type", "string", 0),
                col("Reason", "string", 0),
                col("Object", "string", 0),
                col("Message", "string", 0),
            ],
            {
                // Rows are built from core v1 or events.k8s.io/v1 fields,
                // whichever the object is served as; a series' last
                // observation wins like in kube-apiserver's printer.
                let first = |p: &str| o.pointer(p).filter(|v| !v.is_null());
                let regarding = first("/involvedObject").or(first("/regarding"));
                let field = |f: &str| {
                    regarding
                        .and_then(|r| r.get(f))
                        .and_then(Value::as_str)
                        .unwrap_or("")
                };
                vec![
                    age(first("/series/lastObservedTime")
                        .or(first("/lastTimestamp"))
                        .or(first("/deprecatedLastTimestamp"))
                        .or(first("/firstTimestamp"))
                        .or(first("/deprecatedFirstTimestamp"))
                        .or(first("/eventTime"))
                        .or(first("/metadata/creationTimestamp"))),
                    json!(s(o, "/type")),
                    json!(s(o, "/reason")),
                    json!(format!(
                        "{}/{}",
                        field("kind").to_lowercase(),
                        field("name")
                    )),
                    json!(
                        first("/message")
                            .or(first("/note"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                    ),
                ]
            },
        ),
        "PersistentVolumeClaim" => (
            vec![
                col("Name", "string", 0),
                col("Status", "string", 0),
                col("Volume", "string", 0),
                col("Capacity", "string", 0),
                col("Access Modes", "string", 0),
                col("StorageClass", "string", 0),
                col("VolumeAttributesClass", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(
                    Some(s(o, "/status/phase"))
                        .filter(|p| !p.is_empty())
                        .unwrap_or("Pending")
                ),
                json!(s(o, "/spec/volumeName")),
                json!(s(o, "/status/capacity/storage")),
                json!(""),
                or_none(s(o, "/spec/storageClassName").into()),
                json!("<unset>"),
                created,
            ],
        ),
        "Ingress" => {
            let hosts: Vec<String> = o
                .pointer("/spec/rules")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|x| x.get("host").and_then(Value::as_str).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (
                vec![
                    col("Name", "string", 0),
                    col("Class", "string", 0),
                    col("Hosts", "string", 0),
                    col("Address", "string", 0),
                    col("Ports", "string", 0),
                    col("Age", "string", 0),
                ],
                vec![
                    name,
                    or_none(s(o, "/spec/ingressClassName").into()),
                    json!(if hosts.is_empty() {
                        "*".to_string()
                    } else {
                        hosts.join(",")
                    }),
                    json!(""),
                    json!(if o.pointer("/spec/tls").is_some() {
                        "80, 443"
                    } else {
                        "80"
                    }),
                    created,
                ],
            )
        }
        "NetworkPolicy" => (
            vec![
                col("Name", "string", 0),
                col("Pod-Selector", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                or_none(selector_string(o.pointer("/spec/podSelector/matchLabels"))),
                created,
            ],
        ),
        "RoleBinding" | "ClusterRoleBinding" => (
            vec![
                col("Name", "string", 0),
                col("Role", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    s(o, "/roleRef/kind"),
                    s(o, "/roleRef/name")
                )),
                created,
            ],
        ),
        "Role" | "ClusterRole" | "CustomResourceDefinition" => (
            vec![col("Name", "string", 0), col("Created At", "date", 0)],
            vec![name, json!(s(o, "/metadata/creationTimestamp"))],
        ),
        "Lease" => (
            vec![
                col("Name", "string", 0),
                col("Holder", "string", 0),
                col("Age", "string", 0),
            ],
            vec![name, json!(s(o, "/spec/holderIdentity")), created],
        ),
        "HorizontalPodAutoscaler" => (
            vec![
                col("Name", "string", 0),
                col("Reference", "string", 0),
                col("Targets", "string", 0),
                col("MinPods", "string", 0),
                col("MaxPods", "string", 0),
                col("Replicas", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    s(o, "/spec/scaleTargetRef/kind"),
                    s(o, "/spec/scaleTargetRef/name")
                )),
                json!("<unknown>"),
                json!(
                    o.pointer("/spec/minReplicas")
                        .and_then(Value::as_i64)
                        .unwrap_or(1)
                ),
                json!(i(o, "/spec/maxReplicas")),
                json!(i(o, "/status/currentReplicas")),
                created,
            ],
        ),
        "PodDisruptionBudget" => (
            vec![
                col("Name", "string", 0),
                col("Min Available", "string", 0),
                col("Max Unavailable", "string", 0),
                col("Allowed Disruptions", "integer", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(
                    o.pointer("/spec/minAvailable")
                        .map(|v| v
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()))
                        .unwrap_or_else(|| "N/A".into())
                ),
                json!(
                    o.pointer("/spec/maxUnavailable")
                        .map(|v| v
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()))
                        .unwrap_or_else(|| "N/A".into())
                ),
                json!(i(o, "/status/disruptionsAllowed")),
                created,
            ],
        ),
        "StorageClass" => (
            vec![
                col("Name", "string", 0),
                col("Provisioner", "string", 0),
                col("ReclaimPolicy", "string", 0),
                col("VolumeBindingMode", "string", 0),
                col("AllowVolumeExpansion", "string", 0),
                col("Age", "string", 0),
            ],
            vec![
                name,
                json!(s(o, "/provisioner")),
                json!(
                    Some(s(o, "/reclaimPolicy"))
                        .filter(|x| !x.is_empty())
                        .unwrap_or("Delete")
                ),
                json!(
                    Some(s(o, "/volumeBindingMode"))
                        .filter(|x| !x.is_empty())
                        .unwrap_or("Immediate")
                ),
                json!(
                    o.pointer("/allowVolumeExpansion")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        .to_string()
                ),
                created,
            ],
        ),
        _ => (
            vec![col("Name", "string", 0), col("Age", "string", 0)],
            vec![name, created],
        ),
    }
}

fn containers(o: &Value, field: &str) -> String {
    o.pointer("/spec/template/spec/containers")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get(field).and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// Evaluates the JSONPath subset CRD printer columns use: `.a.b`, `.a[0]`,
/// `.a[*].b`, `.a[?(@.type=="Ready")].status`.
pub(crate) fn json_path<'a>(o: &'a Value, path: &str) -> Vec<&'a Value> {
    let path = path
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_start_matches('$');
    let mut cur: Vec<&Value> = vec![o];
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let (field, tail) = r.split_at(end);
            if !field.is_empty() {
                cur = cur.into_iter().filter_map(|v| v.get(field)).collect();
            }
            rest = tail;
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return Vec::new();
            };
            let (inner, tail) = (&r[..end], &r[end + 1..]);
            rest = tail;
            if inner == "*" {
                cur = cur
                    .into_iter()
                    .filter_map(Value::as_array)
                    .flatten()
                    .collect();
            } else if let Ok(n) = inner.parse::<usize>() {
                cur = cur.into_iter().filter_map(|v| v.get(n)).collect();
            } else if let Some(f) = inner.strip_prefix("?(@.").and_then(|f| f.strip_suffix(')')) {
                let (k, want) = match f.split_once("==") {
                    Some((k, w)) => (
                        k.trim(),
                        Some(w.trim().trim_matches(|c| c == '"' || c == '\'')),
                    ),
                    None => (f.trim(), None),
                };
                cur = cur
                    .into_iter()
                    .filter_map(Value::as_array)
                    .flatten()
                    .filter(|item| match (item.get(k), want) {
                        (Some(v), Some(w)) => v.as_str().map_or_else(
                            || serde_json::to_string(v).ok().as_deref() == Some(w),
                            |s| s == w,
                        ),
                        (Some(_), None) => true,
                        _ => false,
                    })
                    .collect();
            } else {
                return Vec::new();
            }
        } else {
            return Vec::new();
        }
    }
    cur
}

fn custom_cell(o: &Value, c: &PrinterColumn) -> Value {
    let vals = json_path(o, &c.json_path);
    let Some(first) = vals.first() else {
        return Value::Null;
    };
    match c.type_.as_str() {
        "date" => age(Some(first)),
        "integer" | "number" | "boolean" => (*first).clone(),
        _ => {
            let parts: Vec<String> = vals
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect();
            json!(parts.join(","))
        }
    }
}

/// A Table of `objects`; `include` is the `includeObject` parameter
/// (`None`, `Metadata` — the default — or `Object`).
pub(crate) fn table(
    info: &ResourceInfo,
    objects: &[&Value],
    rv: &str,
    include: Option<&str>,
) -> Value {
    let custom = info.is_custom();
    let mut columns: Vec<Value> = Vec::new();
    let mut rows = Vec::new();
    if custom {
        columns.push(json!({"name": "Name", "type": "string", "format": "name", "description": "Name must be unique within a namespace.", "priority": 0}));
        for c in &info.printer_columns {
            columns.push(json!({"name": c.name, "type": if c.type_ == "date" { "date" } else { c.type_.as_str() }, "format": c.format, "description": c.description, "priority": c.priority}));
        }
    } else {
        columns = builtin(&info.kind, &json!({})).0;
    }
    for o in objects {
        let cells: Vec<Value> = if custom {
            let mut cells = vec![json!(s(o, "/metadata/name"))];
            cells.extend(info.printer_columns.iter().map(|c| custom_cell(o, c)));
            cells
        } else {
            builtin(&info.kind, o).1
        };
        let mut row = json!({"cells": cells});
        match include.unwrap_or("Metadata") {
            "None" => {}
            "Object" => row["object"] = (*o).clone(),
            _ => {
                row["object"] = json!({
                    "kind": "PartialObjectMetadata",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": o.get("metadata").cloned().unwrap_or_else(|| json!({})),
                });
            }
        }
        rows.push(row);
    }
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": rv},
        "columnDefinitions": columns,
        "rows": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(human_duration(5), "5s");
        assert_eq!(human_duration(150), "2m30s");
        assert_eq!(human_duration(600), "10m");
        assert_eq!(human_duration(3 * 3600 + 60), "3h1m");
        assert_eq!(human_duration(50 * 3600), "2d2h");
    }

    #[test]
    fn json_paths() {
        let o = json!({"status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "X", "status": "False"}]}, "spec": {"a": [{"n": 1}, {"n": 2}]}});
        assert_eq!(
            json_path(&o, ".status.conditions[?(@.type==\"Ready\")].status"),
            vec![&json!("True")]
        );
        assert_eq!(json_path(&o, ".spec.a[*].n"), vec![&json!(1), &json!(2)]);
        assert_eq!(json_path(&o, ".spec.a[1].n"), vec![&json!(2)]);
        assert!(json_path(&o, ".spec.missing").is_empty());
    }
}
