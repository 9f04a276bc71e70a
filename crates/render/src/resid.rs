//! Object identity: group/version/kind plus namespace and name.

use std::fmt;

use serde_json::Value;

/// Group, version and kind of an object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Gvk {
    pub(crate) group: String,
    pub(crate) version: String,
    pub(crate) kind: String,
}

impl Gvk {
    pub(crate) fn from_object(obj: &Value) -> Gvk {
        let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let (group, version) = split_api_version(api_version);
        Gvk {
            group: group.to_string(),
            version: version.to_string(),
            kind: obj
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        }
    }

    /// Whether this selector-like GVK (empty parts match anything) selects `other`.
    pub(crate) fn selects(&self, other: &Gvk) -> bool {
        (self.group.is_empty() || self.group == other.group)
            && (self.version.is_empty() || self.version == other.version)
            && (self.kind.is_empty() || self.kind == other.kind)
    }

    /// Kinds kustomize knows to be cluster-scoped (from its built-in OpenAPI
    /// data); everything else, custom resources included, counts as namespaced.
    pub(crate) fn is_cluster_scoped(&self) -> bool {
        let known: &[(&str, &[&str])] = &[
            (
                "admissionregistration.k8s.io",
                &[
                    "MutatingWebhookConfiguration",
                    "ValidatingWebhookConfiguration",
                ],
            ),
            ("apiextensions.k8s.io", &["CustomResourceDefinition"]),
            ("apiregistration.k8s.io", &["APIService"]),
            ("certificates.k8s.io", &["CertificateSigningRequest"]),
            (
                "flowcontrol.apiserver.k8s.io",
                &["FlowSchema", "PriorityLevelConfiguration"],
            ),
            ("networking.k8s.io", &["IngressClass"]),
            ("node.k8s.io", &["RuntimeClass"]),
            ("policy", &["PodSecurityPolicy"]),
            (
                "rbac.authorization.k8s.io",
                &["ClusterRole", "ClusterRoleBinding"],
            ),
            ("scheduling.k8s.io", &["PriorityClass"]),
            (
                "storage.k8s.io",
                &["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
            ),
            (
                "",
                &[
                    "ComponentStatus",
                    "Namespace",
                    "Node",
                    "NodeProxyOptions",
                    "PersistentVolume",
                ],
            ),
        ];
        let versions_ok = match (self.group.as_str(), self.kind.as_str()) {
            ("flowcontrol.apiserver.k8s.io", _) => self.version == "v1beta1",
            ("policy", _) => self.version == "v1beta1",
            ("", _) => self.version == "v1",
            (
                "admissionregistration.k8s.io"
                | "apiextensions.k8s.io"
                | "apiregistration.k8s.io"
                | "certificates.k8s.io"
                | "networking.k8s.io"
                | "node.k8s.io"
                | "rbac.authorization.k8s.io"
                | "scheduling.k8s.io",
                _,
            ) => self.version == "v1" || self.version == "v1beta1",
            ("storage.k8s.io", _) => self.version == "v1" || self.version == "v1beta1",
            _ => false,
        };
        versions_ok
            && known
                .iter()
                .any(|(g, kinds)| *g == self.group && kinds.contains(&self.kind.as_str()))
    }
}

/// Splits `group/version`; a bare version has the empty (core) group.
pub(crate) fn split_api_version(api_version: &str) -> (&str, &str) {
    match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    }
}

impl fmt::Display for Gvk {
    /// kustomize's `Kind.version.group` form, with placeholders for empty parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or = |s: &str, d: &'static str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        write!(
            f,
            "{}.{}.{}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]")
        )
    }
}

/// Identity of an object in a build.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct ResId {
    pub(crate) gvk: Gvk,
    pub(crate) namespace: String,
    pub(crate) name: String,
}

impl ResId {
    pub(crate) fn of(obj: &Value) -> ResId {
        let meta = obj.get("metadata");
        let get = |k: &str| {
            meta.and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        ResId {
            gvk: Gvk::from_object(obj),
            namespace: get("namespace"),
            name: get("name"),
        }
    }

    /// Namespace with `default` and empty treated alike, as kustomize does
    /// when comparing ids.
    pub(crate) fn effective_namespace(&self) -> &str {
        if self.gvk.is_cluster_scoped() {
            ""
        } else if self.namespace.is_empty() {
            "default"
        } else {
            &self.namespace
        }
    }

    /// The key under which ids must be unique.
    pub(crate) fn key(&self) -> (Gvk, String, String) {
        (
            self.gvk.clone(),
            self.effective_namespace().to_string(),
            self.name.clone(),
        )
    }
}

impl fmt::Display for ResId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = if self.namespace.is_empty() {
            "[noNs]"
        } else {
            &self.namespace
        };
        write!(f, "{}/{}.{}", self.gvk, self.name, ns)
    }
}
