//! Decoding of the Kubernetes protobuf wire format for the kinds that
//! kubectl's typed clients send as protobuf: the objects of the `kubectl
//! create` generators (namespace, configmap, secret, serviceaccount,
//! service, deployment, job, cronjob, ingress, role, clusterrole,
//! rolebinding, clusterrolebinding, poddisruptionbudget, quota) and of
//! `kubectl autoscale` (HorizontalPodAutoscaler). Responses
//! are always JSON, which those clients accept too.

use base64::Engine;
use serde_json::{Map, Value, json};

/// How one protobuf field maps to JSON.
#[derive(Clone, Copy)]
enum F {
    Str(&'static str),
    /// A pointer field in Go: zero is a value.
    Int(&'static str),
    /// A plain field in Go, omitted from JSON when zero.
    Int0(&'static str),
    Bool(&'static str),
    /// A plain field in Go, omitted from JSON when false.
    Bool0(&'static str),
    /// `intstr.IntOrString`.
    IntOrStr(&'static str),
    /// `map<string, resource.Quantity>`.
    MapQuantity(&'static str),
    /// One `resource.Quantity`.
    Quantity(&'static str),
    Time(&'static str),
    Msg(&'static str, &'static [(u32, F)]),
    /// A message whose fields Go inlines into the parent's JSON.
    Inline(&'static [(u32, F)]),
    RepStr(&'static str),
    RepMsg(&'static str, &'static [(u32, F)]),
    MapStr(&'static str),
    MapBytes(&'static str),
}

const OWNER_REF: &[(u32, F)] = &[
    (1, F::Str("kind")),
    (3, F::Str("name")),
    (4, F::Str("uid")),
    (5, F::Str("apiVersion")),
    (6, F::Bool("controller")),
    (7, F::Bool("blockOwnerDeletion")),
];

const OBJECT_META: &[(u32, F)] = &[
    (1, F::Str("name")),
    (2, F::Str("generateName")),
    (3, F::Str("namespace")),
    (5, F::Str("uid")),
    (6, F::Str("resourceVersion")),
    (7, F::Int0("generation")),
    (8, F::Time("creationTimestamp")),
    (9, F::Time("deletionTimestamp")),
    (10, F::Int("deletionGracePeriodSeconds")),
    (11, F::MapStr("labels")),
    (12, F::MapStr("annotations")),
    (13, F::RepMsg("ownerReferences", OWNER_REF)),
    (14, F::RepStr("finalizers")),
];

const OBJECT_REF: &[(u32, F)] = &[
    (1, F::Str("kind")),
    (2, F::Str("namespace")),
    (3, F::Str("name")),
    (4, F::Str("uid")),
    (5, F::Str("apiVersion")),
    (6, F::Str("resourceVersion")),
    (7, F::Str("fieldPath")),
];

const LOCAL_REF: &[(u32, F)] = &[(1, F::Str("name"))];

const LABEL_SELECTOR: &[(u32, F)] = &[
    (1, F::MapStr("matchLabels")),
    (
        2,
        F::RepMsg(
            "matchExpressions",
            &[
                (1, F::Str("key")),
                (2, F::Str("operator")),
                (3, F::RepStr("values")),
            ],
        ),
    ),
];

const CONTAINER_PORT: &[(u32, F)] = &[
    (1, F::Str("name")),
    (2, F::Int0("hostPort")),
    (3, F::Int("containerPort")),
    (4, F::Str("protocol")),
    (5, F::Str("hostIP")),
];

const ENV_VAR: &[(u32, F)] = &[(1, F::Str("name")), (2, F::Str("value"))];

const CONTAINER: &[(u32, F)] = &[
    (1, F::Str("name")),
    (2, F::Str("image")),
    (3, F::RepStr("command")),
    (4, F::RepStr("args")),
    (5, F::Str("workingDir")),
    (6, F::RepMsg("ports", CONTAINER_PORT)),
    (7, F::RepMsg("env", ENV_VAR)),
    (
        8,
        F::Msg(
            "resources",
            &[
                (1, F::MapQuantity("limits")),
                (2, F::MapQuantity("requests")),
            ],
        ),
    ),
    (13, F::Str("terminationMessagePath")),
    (14, F::Str("imagePullPolicy")),
    (16, F::Bool0("stdin")),
    (17, F::Bool0("stdinOnce")),
    (18, F::Bool0("tty")),
    (20, F::Str("terminationMessagePolicy")),
];

const POD_SPEC: &[(u32, F)] = &[
    (2, F::RepMsg("containers", CONTAINER)),
    (3, F::Str("restartPolicy")),
    (4, F::Int("terminationGracePeriodSeconds")),
    (5, F::Int("activeDeadlineSeconds")),
    (6, F::Str("dnsPolicy")),
    (7, F::MapStr("nodeSelector")),
    (8, F::Str("serviceAccountName")),
    (10, F::Str("nodeName")),
    (11, F::Bool0("hostNetwork")),
    (12, F::Bool0("hostPID")),
    (13, F::Bool0("hostIPC")),
    (15, F::RepMsg("imagePullSecrets", LOCAL_REF)),
    (16, F::Str("hostname")),
    (17, F::Str("subdomain")),
    (19, F::Str("schedulerName")),
    (20, F::RepMsg("initContainers", CONTAINER)),
    (24, F::Str("priorityClassName")),
];

const POD_TEMPLATE: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::Msg("spec", POD_SPEC)),
];

const DEPLOYMENT: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (1, F::Int("replicas")),
                (2, F::Msg("selector", LABEL_SELECTOR)),
                (3, F::Msg("template", POD_TEMPLATE)),
                (
                    4,
                    F::Msg(
                        "strategy",
                        &[
                            (1, F::Str("type")),
                            (
                                2,
                                F::Msg(
                                    "rollingUpdate",
                                    &[
                                        (1, F::IntOrStr("maxUnavailable")),
                                        (2, F::IntOrStr("maxSurge")),
                                    ],
                                ),
                            ),
                        ],
                    ),
                ),
                (5, F::Int0("minReadySeconds")),
                (6, F::Int("revisionHistoryLimit")),
                (7, F::Bool0("paused")),
                (9, F::Int("progressDeadlineSeconds")),
            ],
        ),
    ),
];

const JOB_SPEC: &[(u32, F)] = &[
    (1, F::Int("parallelism")),
    (2, F::Int("completions")),
    (3, F::Int("activeDeadlineSeconds")),
    (4, F::Msg("selector", LABEL_SELECTOR)),
    (5, F::Bool("manualSelector")),
    (6, F::Msg("template", POD_TEMPLATE)),
    (7, F::Int("backoffLimit")),
    (8, F::Int("ttlSecondsAfterFinished")),
    (9, F::Str("completionMode")),
    (10, F::Bool("suspend")),
];

const JOB: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::Msg("spec", JOB_SPEC)),
];

const SERVICE: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (
                    1,
                    F::RepMsg(
                        "ports",
                        &[
                            (1, F::Str("name")),
                            (2, F::Str("protocol")),
                            (3, F::Int("port")),
                            (4, F::IntOrStr("targetPort")),
                            (5, F::Int0("nodePort")),
                        ],
                    ),
                ),
                (2, F::MapStr("selector")),
                (3, F::Str("clusterIP")),
                (4, F::Str("type")),
                (5, F::RepStr("externalIPs")),
                (7, F::Str("sessionAffinity")),
                (10, F::Str("externalName")),
            ],
        ),
    ),
];

const CONFIG_MAP: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::MapStr("data")),
    (3, F::MapBytes("binaryData")),
    (4, F::Bool("immutable")),
];

const SECRET: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::MapBytes("data")),
    (3, F::Str("type")),
    (4, F::MapStr("stringData")),
    (5, F::Bool("immutable")),
];

const NAMESPACE: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::Msg("spec", &[(1, F::RepStr("finalizers"))])),
    (3, F::Msg("status", &[(1, F::Str("phase"))])),
];

const SERVICE_ACCOUNT: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::RepMsg("secrets", OBJECT_REF)),
    (3, F::RepMsg("imagePullSecrets", LOCAL_REF)),
    (4, F::Bool("automountServiceAccountToken")),
];

const JOB_TEMPLATE: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::Msg("spec", JOB_SPEC)),
];

const CRON_JOB: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (1, F::Str("schedule")),
                (2, F::Int("startingDeadlineSeconds")),
                (3, F::Str("concurrencyPolicy")),
                (4, F::Bool("suspend")),
                (5, F::Msg("jobTemplate", JOB_TEMPLATE)),
                (6, F::Int("successfulJobsHistoryLimit")),
                (7, F::Int("failedJobsHistoryLimit")),
                (8, F::Str("timeZone")),
            ],
        ),
    ),
];

const INGRESS_BACKEND: &[(u32, F)] = &[
    (
        3,
        F::Msg(
            "resource",
            &[
                (1, F::Str("apiGroup")),
                (2, F::Str("kind")),
                (3, F::Str("name")),
            ],
        ),
    ),
    (
        4,
        F::Msg(
            "service",
            &[
                (1, F::Str("name")),
                (
                    2,
                    F::Msg("port", &[(1, F::Str("name")), (2, F::Int0("number"))]),
                ),
            ],
        ),
    ),
];

const INGRESS: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (1, F::Msg("defaultBackend", INGRESS_BACKEND)),
                (
                    2,
                    F::RepMsg("tls", &[(1, F::RepStr("hosts")), (2, F::Str("secretName"))]),
                ),
                (
                    3,
                    F::RepMsg(
                        "rules",
                        &[
                            (1, F::Str("host")),
                            (
                                2,
                                F::Inline(&[(
                                    1,
                                    F::Msg(
                                        "http",
                                        &[(
                                            1,
                                            F::RepMsg(
                                                "paths",
                                                &[
                                                    (1, F::Str("path")),
                                                    (2, F::Msg("backend", INGRESS_BACKEND)),
                                                    (3, F::Str("pathType")),
                                                ],
                                            ),
                                        )],
                                    ),
                                )]),
                            ),
                        ],
                    ),
                ),
                (4, F::Str("ingressClassName")),
            ],
        ),
    ),
];

const POLICY_RULE: &[(u32, F)] = &[
    (1, F::RepStr("verbs")),
    (2, F::RepStr("apiGroups")),
    (3, F::RepStr("resources")),
    (4, F::RepStr("resourceNames")),
    (5, F::RepStr("nonResourceURLs")),
];

const ROLE: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::RepMsg("rules", POLICY_RULE)),
];

const CLUSTER_ROLE: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (2, F::RepMsg("rules", POLICY_RULE)),
    (
        3,
        F::Msg(
            "aggregationRule",
            &[(1, F::RepMsg("clusterRoleSelectors", LABEL_SELECTOR))],
        ),
    ),
];

const ROLE_BINDING: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::RepMsg(
            "subjects",
            &[
                (1, F::Str("kind")),
                (2, F::Str("apiGroup")),
                (3, F::Str("name")),
                (4, F::Str("namespace")),
            ],
        ),
    ),
    (
        3,
        F::Msg(
            "roleRef",
            &[
                (1, F::Str("apiGroup")),
                (2, F::Str("kind")),
                (3, F::Str("name")),
            ],
        ),
    ),
];

const POD_DISRUPTION_BUDGET: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (1, F::IntOrStr("minAvailable")),
                (2, F::Msg("selector", LABEL_SELECTOR)),
                (3, F::IntOrStr("maxUnavailable")),
                (4, F::Str("unhealthyPodEvictionPolicy")),
            ],
        ),
    ),
];

const RESOURCE_QUOTA: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (1, F::MapQuantity("hard")),
                (2, F::RepStr("scopes")),
                (
                    3,
                    F::Msg(
                        "scopeSelector",
                        &[(
                            1,
                            F::RepMsg(
                                "matchExpressions",
                                &[
                                    (1, F::Str("scopeName")),
                                    (2, F::Str("operator")),
                                    (3, F::RepStr("values")),
                                ],
                            ),
                        )],
                    ),
                ),
            ],
        ),
    ),
];

const METRIC_TARGET: &[(u32, F)] = &[
    (1, F::Str("type")),
    (2, F::Quantity("value")),
    (3, F::Quantity("averageValue")),
    (4, F::Int("averageUtilization")),
];

const HORIZONTAL_POD_AUTOSCALER: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (
                    1,
                    F::Msg(
                        "scaleTargetRef",
                        &[
                            (1, F::Str("kind")),
                            (2, F::Str("name")),
                            (3, F::Str("apiVersion")),
                        ],
                    ),
                ),
                (2, F::Int("minReplicas")),
                (3, F::Int("maxReplicas")),
                (
                    4,
                    F::RepMsg(
                        "metrics",
                        &[
                            (1, F::Str("type")),
                            (
                                4,
                                F::Msg(
                                    "resource",
                                    &[(1, F::Str("name")), (2, F::Msg("target", METRIC_TARGET))],
                                ),
                            ),
                        ],
                    ),
                ),
            ],
        ),
    ),
];

const HORIZONTAL_POD_AUTOSCALER_V1: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (
                    1,
                    F::Msg(
                        "scaleTargetRef",
                        &[
                            (1, F::Str("kind")),
                            (2, F::Str("name")),
                            (3, F::Str("apiVersion")),
                        ],
                    ),
                ),
                (2, F::Int("minReplicas")),
                (3, F::Int("maxReplicas")),
                (4, F::Int("targetCPUUtilizationPercentage")),
            ],
        ),
    ),
];

const TOKEN_REQUEST: &[(u32, F)] = &[
    (1, F::Msg("metadata", OBJECT_META)),
    (
        2,
        F::Msg(
            "spec",
            &[
                (1, F::RepStr("audiences")),
                (4, F::Int("expirationSeconds")),
            ],
        ),
    ),
];

/// Decodes a `k8s\0`-prefixed protobuf body into the JSON object it encodes.
pub(crate) fn decode(body: &[u8]) -> Result<Value, String> {
    let rest = body
        .strip_prefix(b"k8s\0")
        .ok_or("missing the k8s protobuf magic prefix")?;
    let mut api_version = String::new();
    let mut kind = String::new();
    let mut raw: &[u8] = &[];
    let mut r = Reader { buf: rest };
    while !r.done() {
        let (num, wire) = r.key()?;
        match (num, wire) {
            (1, 2) => {
                let mut tm = Reader { buf: r.bytes()? };
                while !tm.done() {
                    let (n, w) = tm.key()?;
                    match (n, w) {
                        (1, 2) => api_version = tm.string()?,
                        (2, 2) => kind = tm.string()?,
                        _ => tm.skip(w)?,
                    }
                }
            }
            (2, 2) => raw = r.bytes()?,
            _ => r.skip(wire)?,
        }
    }
    let table = match (api_version.as_str(), kind.as_str()) {
        ("v1", "ConfigMap") => CONFIG_MAP,
        ("v1", "Secret") => SECRET,
        ("v1", "Namespace") => NAMESPACE,
        ("v1", "ServiceAccount") => SERVICE_ACCOUNT,
        ("v1", "Service") => SERVICE,
        ("apps/v1", "Deployment") => DEPLOYMENT,
        ("batch/v1", "Job") => JOB,
        ("batch/v1", "CronJob") => CRON_JOB,
        ("networking.k8s.io/v1", "Ingress") => INGRESS,
        ("rbac.authorization.k8s.io/v1", "Role") => ROLE,
        ("rbac.authorization.k8s.io/v1", "ClusterRole") => CLUSTER_ROLE,
        ("rbac.authorization.k8s.io/v1", "RoleBinding" | "ClusterRoleBinding") => ROLE_BINDING,
        ("policy/v1", "PodDisruptionBudget") => POD_DISRUPTION_BUDGET,
        ("v1", "ResourceQuota") => RESOURCE_QUOTA,
        ("autoscaling/v2", "HorizontalPodAutoscaler") => HORIZONTAL_POD_AUTOSCALER,
        ("autoscaling/v1", "HorizontalPodAutoscaler") => HORIZONTAL_POD_AUTOSCALER_V1,
        ("authentication.k8s.io/v1", "TokenRequest") => TOKEN_REQUEST,
        _ => {
            return Err(format!(
                "protobuf bodies are supported for the kinds kubectl's create generators send, not {api_version} {kind}; send JSON"
            ));
        }
    };
    let mut obj = message(raw, table)?;
    obj.insert("apiVersion".into(), json!(api_version));
    obj.insert("kind".into(), json!(kind));
    Ok(Value::Object(obj))
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.buf.is_empty()
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let (&b, rest) = self.buf.split_first().ok_or("truncated varint")?;
            self.buf = rest;
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("varint too long".into())
    }

    fn key(&mut self) -> Result<(u32, u8), String> {
        let k = self.varint()?;
        Ok(((k >> 3) as u32, (k & 7) as u8))
    }

    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = usize::try_from(self.varint()?).map_err(|_| "length overflow")?;
        if n > self.buf.len() {
            return Err("truncated length-delimited field".into());
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    fn string(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|_| "string field is not UTF-8".to_string())
    }

    fn skip(&mut self, wire: u8) -> Result<(), String> {
        match wire {
            0 => self.varint().map(|_| ()),
            1 => self.advance(8),
            2 => self.bytes().map(|_| ()),
            5 => self.advance(4),
            w => Err(format!("unsupported wire type {w}")),
        }
    }

    fn advance(&mut self, n: usize) -> Result<(), String> {
        if n > self.buf.len() {
            return Err("truncated fixed-width field".into());
        }
        self.buf = &self.buf[n..];
        Ok(())
    }
}

fn map_entry(buf: &[u8], bytes_value: bool) -> Result<(String, Value), String> {
    let mut r = Reader { buf };
    let mut k = String::new();
    let mut v = json!("");
    while !r.done() {
        let (n, w) = r.key()?;
        match (n, w) {
            (1, 2) => k = r.string()?,
            (2, 2) if bytes_value => {
                v = json!(base64::engine::general_purpose::STANDARD.encode(r.bytes()?))
            }
            (2, 2) => v = json!(r.string()?),
            _ => r.skip(w)?,
        }
    }
    Ok((k, v))
}

fn int_or_string(buf: &[u8]) -> Result<Value, String> {
    let mut r = Reader { buf };
    let (mut ty, mut int, mut text) = (0u64, 0i64, String::new());
    while !r.done() {
        let (n, w) = r.key()?;
        match (n, w) {
            (1, 0) => ty = r.varint()?,
            // NB: int32 on the wire; negative values come sign-extended.
            (2, 0) => int = r.varint()? as i64,
            (3, 2) => text = r.string()?,
            _ => r.skip(w)?,
        }
    }
    Ok(if ty == 1 {
        json!(text)
    } else {
        json!(int as i32)
    })
}

fn quantity_entry(buf: &[u8]) -> Result<(String, Value), String> {
    let mut r = Reader { buf };
    let (mut k, mut v) = (String::new(), String::new());
    while !r.done() {
        let (n, w) = r.key()?;
        match (n, w) {
            (1, 2) => k = r.string()?,
            (2, 2) => {
                let mut q = Reader { buf: r.bytes()? };
                while !q.done() {
                    let (qn, qw) = q.key()?;
                    match (qn, qw) {
                        (1, 2) => v = q.string()?,
                        _ => q.skip(qw)?,
                    }
                }
            }
            _ => r.skip(w)?,
        }
    }
    Ok((k, json!(v)))
}

fn time(buf: &[u8]) -> Result<Value, String> {
    let mut r = Reader { buf };
    let mut secs: i64 = 0;
    while !r.done() {
        let (n, w) = r.key()?;
        match (n, w) {
            (1, 0) => secs = r.varint()? as i64,
            _ => r.skip(w)?,
        }
    }
    // The zero time is Go's "unset".
    if secs == 0 {
        return Ok(Value::Null);
    }
    let ts = jiff::Timestamp::from_second(secs).map_err(|e| e.to_string())?;
    Ok(json!(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()))
}

fn message(buf: &[u8], table: &[(u32, F)]) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut r = Reader { buf };
    while !r.done() {
        let (num, wire) = r.key()?;
        let Some((_, f)) = table.iter().find(|(n, _)| *n == num) else {
            r.skip(wire)?;
            continue;
        };
        match (*f, wire) {
            (F::Str(name), 2) => {
                // Go omits empty strings in JSON; so do we.
                let v = r.string()?;
                if !v.is_empty() {
                    out.insert(name.into(), json!(v));
                }
            }
            (F::Int(name), 0) => {
                out.insert(name.into(), json!(r.varint()? as i64));
            }
            (F::Bool(name), 0) => {
                out.insert(name.into(), json!(r.varint()? != 0));
            }
            (F::Int0(name), 0) => {
                let v = r.varint()? as i64;
                if v != 0 {
                    out.insert(name.into(), json!(v));
                }
            }
            (F::Bool0(name), 0) => {
                if r.varint()? != 0 {
                    out.insert(name.into(), json!(true));
                }
            }
            (F::IntOrStr(name), 2) => {
                out.insert(name.into(), int_or_string(r.bytes()?)?);
            }
            (F::MapQuantity(name), 2) => {
                let (k, v) = quantity_entry(r.bytes()?)?;
                let m = out.entry(name).or_insert_with(|| json!({}));
                if let Some(m) = m.as_object_mut() {
                    m.insert(k, v);
                }
            }
            (F::Quantity(name), 2) => {
                let mut q = Reader { buf: r.bytes()? };
                let mut v = String::new();
                while !q.done() {
                    let (qn, qw) = q.key()?;
                    match (qn, qw) {
                        (1, 2) => v = q.string()?,
                        _ => q.skip(qw)?,
                    }
                }
                out.insert(name.into(), json!(v));
            }
            (F::Time(name), 2) => {
                let t = time(r.bytes()?)?;
                if !t.is_null() {
                    out.insert(name.into(), t);
                }
            }
            (F::Msg(name, t), 2) => {
                out.insert(name.into(), Value::Object(message(r.bytes()?, t)?));
            }
            (F::Inline(t), 2) => {
                out.extend(message(r.bytes()?, t)?);
            }
            (F::RepStr(name), 2) => {
                let s = r.string()?;
                push(&mut out, name, json!(s));
            }
            (F::RepMsg(name, t), 2) => {
                let m = message(r.bytes()?, t)?;
                push(&mut out, name, Value::Object(m));
            }
            (F::MapStr(name), 2) | (F::MapBytes(name), 2) => {
                let (k, v) = map_entry(r.bytes()?, matches!(f, F::MapBytes(_)))?;
                let m = out.entry(name).or_insert_with(|| json!({}));
                if let Some(m) = m.as_object_mut() {
                    m.insert(k, v);
                }
            }
            (_, w) => r.skip(w)?,
        }
    }
    Ok(out)
}

fn push(out: &mut Map<String, Value>, name: &str, v: Value) {
    let list = out.entry(name).or_insert_with(|| json!([]));
    if let Some(a) = list.as_array_mut() {
        a.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(num: u32, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![((num << 3) | 2) as u8, payload.len() as u8];
        v.extend_from_slice(payload);
        v
    }

    #[test]
    fn decodes_a_config_map() {
        let meta = [
            field(1, b"cm"),
            field(11, &[field(1, b"app"), field(2, b"web")].concat()),
        ]
        .concat();
        let raw = [
            field(1, &meta),
            field(2, &[field(1, b"k"), field(2, b"v")].concat()),
        ]
        .concat();
        let type_meta = [field(1, b"v1"), field(2, b"ConfigMap")].concat();
        let body = [b"k8s\0".to_vec(), field(1, &type_meta), field(2, &raw)].concat();
        let v = decode(&body).unwrap();
        assert_eq!(
            v,
            json!({"metadata": {"name": "cm", "labels": {"app": "web"}}, "data": {"k": "v"}, "apiVersion": "v1", "kind": "ConfigMap"})
        );
        assert!(decode(b"k8s\0\x0a\xff").is_err());
    }

    #[test]
    fn decodes_kubectl_create_ingress() {
        // kubectl create ingress ing5 --rule="foo.com/bar*=svc1:8080,tls=sec"
        let body: &[u8] = &[
            0x6b, 0x38, 0x73, 0x00, 0x0a, 0x1f, 0x0a, 0x14, 0x6e, 0x65, 0x74, 0x77, 0x6f, 0x72,
            0x6b, 0x69, 0x6e, 0x67, 0x2e, 0x6b, 0x38, 0x73, 0x2e, 0x69, 0x6f, 0x2f, 0x76, 0x31,
            0x12, 0x07, 0x49, 0x6e, 0x67, 0x72, 0x65, 0x73, 0x73, 0x12, 0x5c, 0x0a, 0x14, 0x0a,
            0x04, 0x69, 0x6e, 0x67, 0x35, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32,
            0x00, 0x38, 0x00, 0x42, 0x00, 0x12, 0x40, 0x12, 0x0e, 0x0a, 0x07, 0x66, 0x6f, 0x6f,
            0x2e, 0x63, 0x6f, 0x6d, 0x12, 0x03, 0x73, 0x65, 0x63, 0x1a, 0x2e, 0x0a, 0x07, 0x66,
            0x6f, 0x6f, 0x2e, 0x63, 0x6f, 0x6d, 0x12, 0x23, 0x0a, 0x21, 0x0a, 0x1f, 0x0a, 0x04,
            0x2f, 0x62, 0x61, 0x72, 0x12, 0x0f, 0x22, 0x0d, 0x0a, 0x04, 0x73, 0x76, 0x63, 0x31,
            0x12, 0x05, 0x0a, 0x00, 0x10, 0x90, 0x3f, 0x1a, 0x06, 0x50, 0x72, 0x65, 0x66, 0x69,
            0x78, 0x1a, 0x02, 0x0a, 0x00, 0x1a, 0x00, 0x22, 0x00,
        ];
        let v = decode(body).unwrap();
        assert_eq!(
            v["spec"],
            json!({
                "tls": [{"hosts": ["foo.com"], "secretName": "sec"}],
                "rules": [{"host": "foo.com", "http": {"paths": [{"path": "/bar", "backend": {"service": {"name": "svc1", "port": {"number": 8080}}}, "pathType": "Prefix"}]}}]
            })
        );
        assert!(decode(b"{}").is_err());
    }
}
