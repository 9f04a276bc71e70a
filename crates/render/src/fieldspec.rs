//! Field specs: which fields of which kinds a transformer touches.
//!
//! The tables mirror the field lists kustomize v5.5 documents as its built-in
//! configuration (`api/internal/konfig/builtinpluginconsts`), kept here in a
//! compact text form: `[group/]version|kind|path|create`, where an empty
//! group, version or kind matches anything.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::resid::Gvk;

/// One field location, selected by GVK.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldSpec {
    pub(crate) gvk: Gvk,
    pub(crate) path: Vec<String>,
    pub(crate) create: bool,
}

impl FieldSpec {
    pub(crate) fn new(group: &str, version: &str, kind: &str, path: &str, create: bool) -> Self {
        FieldSpec {
            gvk: Gvk {
                group: group.into(),
                version: version.into(),
                kind: kind.into(),
            },
            path: split_path(path),
            create,
        }
    }
}

/// Splits `a/b\/c/d` into `["a", "b/c", "d"]`.
pub(crate) fn split_path(path: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'/') => {
                cur.push('/');
                chars.next();
            }
            '/' => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts.retain(|p| !p.is_empty());
    parts
}

/// Applies `set` to every node `spec.path` reaches in `obj`, creating missing
/// intermediate maps (and the leaf, via `make_leaf`) when the spec says so.
pub(crate) fn apply(
    obj: &mut Value,
    path: &[String],
    create: bool,
    make_leaf: &dyn Fn() -> Value,
    set: &mut dyn FnMut(&mut Value) -> Result<()>,
) -> Result<()> {
    let Some((head, rest)) = path.split_first() else {
        return set(obj);
    };
    match obj {
        Value::Array(items) => {
            for item in items {
                apply(item, path, create, make_leaf, set)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            let field = head.strip_suffix("[]").unwrap_or(head);
            let missing = map.get(field).is_none_or(Value::is_null);
            if missing {
                if !create || head.ends_with("[]") {
                    return Ok(());
                }
                let fresh = if rest.is_empty() {
                    make_leaf()
                } else {
                    Value::Object(Map::new())
                };
                map.insert(field.to_string(), fresh);
            }
            match map.get_mut(field) {
                Some(child) => apply(child, rest, create, make_leaf, set),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Sets string entries into the map at a field spec's location.
pub(crate) fn set_map_entries(
    node: &mut Value,
    entries: &[(String, String)],
    what: &str,
) -> Result<()> {
    match node {
        Value::Object(m) => {
            for (k, v) in entries {
                m.insert(k.clone(), Value::String(v.clone()));
            }
            Ok(())
        }
        other => Err(Error::Object {
            object: what.to_string(),
            message: format!("expected a map to set entries into, found {other}"),
        }),
    }
}

fn parse_table(text: &str) -> Vec<FieldSpec> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let parts: Vec<&str> = l.split('|').collect();
            let [gv, kind, path, create] = parts.as_slice() else {
                return None;
            };
            let looks_like_version =
                gv.starts_with('v') && gv[1..].starts_with(|c: char| c.is_ascii_digit());
            let (group, version) = match gv.split_once('/') {
                Some((g, v)) => (g, v),
                None if looks_like_version => ("", *gv),
                None => (*gv, ""),
            };
            Some(FieldSpec::new(group, version, kind, path, *create == "c"))
        })
        .collect()
}

const METADATA_LABELS: &str = "
||metadata/labels|c
v1|ReplicationController|spec/template/metadata/labels|c
|Deployment|spec/template/metadata/labels|c
|ReplicaSet|spec/template/metadata/labels|c
|DaemonSet|spec/template/metadata/labels|c
apps|StatefulSet|spec/template/metadata/labels|c
apps|StatefulSet|spec/volumeClaimTemplates[]/metadata/labels|c
batch|Job|spec/template/metadata/labels|c
batch|CronJob|spec/jobTemplate/metadata/labels|c
batch|CronJob|spec/jobTemplate/spec/template/metadata/labels|c
";

const COMMON_LABEL_SELECTORS: &str = "
v1|Service|spec/selector|c
v1|ReplicationController|spec/selector|c
|Deployment|spec/selector/matchLabels|c
apps|Deployment|spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels|
apps|Deployment|spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels|
apps|Deployment|spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels|
apps|Deployment|spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels|
apps|Deployment|spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels|
|ReplicaSet|spec/selector/matchLabels|c
|DaemonSet|spec/selector/matchLabels|c
apps|StatefulSet|spec/selector/matchLabels|c
apps|StatefulSet|spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels|
apps|StatefulSet|spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels|
apps|StatefulSet|spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels|
apps|StatefulSet|spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels|
apps|StatefulSet|spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels|
batch|Job|spec/selector/matchLabels|
batch|CronJob|spec/jobTemplate/spec/selector/matchLabels|
policy|PodDisruptionBudget|spec/selector/matchLabels|
networking.k8s.io|NetworkPolicy|spec/podSelector/matchLabels|
networking.k8s.io|NetworkPolicy|spec/ingress/from/podSelector/matchLabels|
networking.k8s.io|NetworkPolicy|spec/egress/to/podSelector/matchLabels|
";

const COMMON_ANNOTATIONS: &str = "
||metadata/annotations|c
v1|ReplicationController|spec/template/metadata/annotations|c
|Deployment|spec/template/metadata/annotations|c
|ReplicaSet|spec/template/metadata/annotations|c
|DaemonSet|spec/template/metadata/annotations|c
|StatefulSet|spec/template/metadata/annotations|c
batch|Job|spec/template/metadata/annotations|c
batch|CronJob|spec/jobTemplate/metadata/annotations|c
batch|CronJob|spec/jobTemplate/spec/template/metadata/annotations|c
";

const IMAGES: &str = "
||spec/containers[]/image|c
||spec/initContainers[]/image|c
||spec/template/spec/containers[]/image|c
||spec/template/spec/initContainers[]/image|c
";

const REPLICAS: &str = "
|Deployment|spec/replicas|c
|ReplicationController|spec/replicas|c
|ReplicaSet|spec/replicas|c
|StatefulSet|spec/replicas|c
";

const NAMESPACE: &str = "
apiregistration.k8s.io|APIService|spec/service/namespace|c
apiextensions.k8s.io|CustomResourceDefinition|spec/conversion/webhook/clientConfig/service/namespace|
";

/// `commonLabels` (and `labels` with `includeSelectors`): metadata, templates
/// and selectors.
pub(crate) fn common_labels() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v = parse_table(COMMON_LABEL_SELECTORS);
        v.extend(parse_table(METADATA_LABELS));
        v
    })
}

/// `labels` with `includeTemplates`: metadata and pod templates.
pub(crate) fn template_labels() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| parse_table(METADATA_LABELS))
}

/// `commonAnnotations`.
pub(crate) fn common_annotations() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| parse_table(COMMON_ANNOTATIONS))
}

/// `images`.
pub(crate) fn images() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| parse_table(IMAGES))
}

/// `replicas`.
pub(crate) fn replicas() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| parse_table(REPLICAS))
}

/// `namespace`, beyond `metadata/namespace`.
pub(crate) fn namespace() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| parse_table(NAMESPACE))
}

/// A name reference: objects of `target` kind are referred to by name from
/// the fields in `referrers`.
#[derive(Debug)]
pub(crate) struct NameReference {
    pub(crate) target: Gvk,
    pub(crate) referrers: Vec<FieldSpec>,
}

// `> [group/]version|kind` opens a target; the lines below are its referrers.
const NAME_REFERENCES: &str = "
> |Deployment
|HorizontalPodAutoscaler|spec/scaleTargetRef/name|c
> |ReplicationController
|HorizontalPodAutoscaler|spec/scaleTargetRef/name|c
> |ReplicaSet
|HorizontalPodAutoscaler|spec/scaleTargetRef/name|c
> |StatefulSet
|HorizontalPodAutoscaler|spec/scaleTargetRef/name|c
> v1|ConfigMap
@POD configMap
|Node|spec/configSource/configMap|c
|Role|rules/resourceNames|c
|ClusterRole|rules/resourceNames|c
|Ingress|metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap|c
> v1|Secret
@POD secret
|Ingress|spec/tls/secretName|c
|Ingress|metadata/annotations/ingress.kubernetes.io\\/auth-secret|c
|Ingress|metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret|c
|Ingress|metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret|c
|ServiceAccount|imagePullSecrets/name|c
|StorageClass|parameters/secretName|c
|StorageClass|parameters/adminSecretName|c
|StorageClass|parameters/userSecretName|c
|StorageClass|parameters/secretRef|c
|Role|rules/resourceNames|c
|ClusterRole|rules/resourceNames|c
serving.knative.dev/v1|Service|spec/template/spec/containers/env/valueFrom/secretKeyRef/name|c
|PersistentVolume|spec/azureFile/secretName|c
> v1|Service
apps|StatefulSet|spec/serviceName|c
|Ingress|spec/rules/http/paths/backend/serviceName|c
|Ingress|spec/backend/serviceName|c
|Ingress|spec/rules/http/paths/backend/service/name|c
|Ingress|spec/defaultBackend/service/name|c
apiregistration.k8s.io|APIService|spec/service/name|c
admissionregistration.k8s.io|ValidatingWebhookConfiguration|webhooks/clientConfig/service|c
admissionregistration.k8s.io|MutatingWebhookConfiguration|webhooks/clientConfig/service|c
> rbac.authorization.k8s.io|Role
rbac.authorization.k8s.io|RoleBinding|roleRef/name|c
> rbac.authorization.k8s.io|ClusterRole
rbac.authorization.k8s.io|RoleBinding|roleRef/name|c
rbac.authorization.k8s.io|ClusterRoleBinding|roleRef/name|c
> v1|ServiceAccount
rbac.authorization.k8s.io|RoleBinding|subjects|c
rbac.authorization.k8s.io|ClusterRoleBinding|subjects|c
|Pod|spec/serviceAccountName|c
|StatefulSet|spec/template/spec/serviceAccountName|c
|Deployment|spec/template/spec/serviceAccountName|c
|ReplicationController|spec/template/spec/serviceAccountName|c
|CronJob|spec/jobTemplate/spec/template/spec/serviceAccountName|c
|Job|spec/template/spec/serviceAccountName|c
|DaemonSet|spec/template/spec/serviceAccountName|c
> v1|PersistentVolumeClaim
|Pod|spec/volumes/persistentVolumeClaim/claimName|c
|StatefulSet|spec/template/spec/volumes/persistentVolumeClaim/claimName|c
|Deployment|spec/template/spec/volumes/persistentVolumeClaim/claimName|c
|ReplicationController|spec/template/spec/volumes/persistentVolumeClaim/claimName|c
|CronJob|spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName|c
|Job|spec/template/spec/volumes/persistentVolumeClaim/claimName|c
|DaemonSet|spec/template/spec/volumes/persistentVolumeClaim/claimName|c
> v1|PersistentVolume
|PersistentVolumeClaim|spec/volumeName|c
|ClusterRole|rules/resourceNames|c
> storage.k8s.io/v1|StorageClass
|PersistentVolume|spec/storageClassName|c
|PersistentVolumeClaim|spec/storageClassName|c
|StatefulSet|spec/volumeClaimTemplates/spec/storageClassName|c
> scheduling.k8s.io/v1|PriorityClass
|Pod|spec/priorityClassName|c
|StatefulSet|spec/template/spec/priorityClassName|c
|Deployment|spec/template/spec/priorityClassName|c
|ReplicationController|spec/template/spec/priorityClassName|c
|CronJob|spec/jobTemplate/spec/template/spec/priorityClassName|c
|Job|spec/template/spec/priorityClassName|c
|DaemonSet|spec/template/spec/priorityClassName|c
> networking.k8s.io/v1|IngressClass
|Ingress|spec/ingressClassName|c
> admissionregistration.k8s.io|ValidatingAdmissionPolicy
admissionregistration.k8s.io|ValidatingAdmissionPolicyBinding|spec/policyName|c
";

/// Pod-spec locations of ConfigMap/Secret references, per workload kind.
fn pod_refs(which: &str) -> Vec<FieldSpec> {
    let (vol, key_ref, env_from, name_field, pull) = if which == "configMap" {
        (
            "configMap",
            "configMapKeyRef",
            "configMapRef",
            "name",
            false,
        )
    } else {
        ("secret", "secretKeyRef", "secretRef", "secretName", true)
    };
    let mut out = Vec::new();
    let workloads: [(&str, &str, &str); 9] = [
        ("v1", "Pod", "spec"),
        ("", "PodTemplate", "template/spec"),
        ("", "Deployment", "spec/template/spec"),
        ("", "ReplicaSet", "spec/template/spec"),
        ("", "DaemonSet", "spec/template/spec"),
        ("", "StatefulSet", "spec/template/spec"),
        ("", "Job", "spec/template/spec"),
        ("", "CronJob", "spec/jobTemplate/spec/template/spec"),
        ("", "ReplicationController", ""),
    ];
    for (version, kind, base) in workloads {
        if base.is_empty() {
            continue;
        }
        let mut paths = vec![
            format!("{base}/volumes/{vol}/{name_field}"),
            format!("{base}/containers/env/valueFrom/{key_ref}/name"),
            format!("{base}/initContainers/env/valueFrom/{key_ref}/name"),
            format!("{base}/containers/envFrom/{env_from}/name"),
            format!("{base}/initContainers/envFrom/{env_from}/name"),
            format!("{base}/volumes/projected/sources/{vol}/name"),
        ];
        if pull {
            paths.push(format!("{base}/imagePullSecrets/name"));
        }
        for p in paths {
            out.push(FieldSpec::new("", version, kind, &p, true));
        }
    }
    out
}

/// Every built-in name reference.
pub(crate) fn name_references() -> &'static [NameReference] {
    static T: OnceLock<Vec<NameReference>> = OnceLock::new();
    T.get_or_init(|| {
        let mut out: Vec<NameReference> = Vec::new();
        for line in NAME_REFERENCES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if let Some(target) = line.strip_prefix("> ") {
                let spec = parse_table(&format!("{target}|x|"));
                let mut gvk = spec.into_iter().next().map(|s| s.gvk).unwrap_or_default();
                if gvk.kind == "IngressClass" {
                    // NB: kustomize's table spells this group `networking.k8s.io/v1`,
                    // which matches no object; keep its behaviour.
                    gvk.group = "networking.k8s.io/v1".into();
                }
                out.push(NameReference {
                    target: gvk,
                    referrers: Vec::new(),
                });
            } else if let Some(which) = line.strip_prefix("@POD ") {
                if let Some(last) = out.last_mut() {
                    last.referrers.extend(pod_refs(which));
                }
            } else if let Some(last) = out.last_mut() {
                last.referrers.extend(parse_table(line));
            }
        }
        out
    })
}

/// Field specs added by `configurations` files, on top of the built-in
/// tables; they accumulate over the whole build like kustomize's merged
/// transformer config.
#[derive(Debug, Default)]
pub(crate) struct ExtraConfig {
    pub(crate) name_prefix: Vec<FieldSpec>,
    pub(crate) name_suffix: Vec<FieldSpec>,
    pub(crate) namespace: Vec<FieldSpec>,
    pub(crate) common_labels: Vec<FieldSpec>,
    pub(crate) template_labels: Vec<FieldSpec>,
    pub(crate) common_annotations: Vec<FieldSpec>,
    pub(crate) name_references: Vec<NameReference>,
    pub(crate) var_reference: Vec<FieldSpec>,
    pub(crate) images: Vec<FieldSpec>,
    pub(crate) replicas: Vec<FieldSpec>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConfigFile {
    #[serde(default)]
    name_prefix: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    name_suffix: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    namespace: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    common_labels: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    labels: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    template_labels: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    common_annotations: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    name_reference: Vec<NameReferenceArg>,
    #[serde(default)]
    var_reference: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    images: Vec<crate::kustomization::FieldSpecArg>,
    #[serde(default)]
    replicas: Vec<crate::kustomization::FieldSpecArg>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NameReferenceArg {
    #[serde(default)]
    group: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    field_specs: Vec<crate::kustomization::FieldSpecArg>,
}

fn specs(args: Vec<crate::kustomization::FieldSpecArg>) -> Vec<FieldSpec> {
    args.into_iter()
        .map(|a| FieldSpec::new(&a.group, &a.version, &a.kind, &a.path, a.create))
        .collect()
}

impl ExtraConfig {
    /// Adds one `configurations` document; the error names the bad field.
    pub(crate) fn add(&mut self, doc: Value) -> std::result::Result<(), String> {
        let c: ConfigFile = serde_json::from_value(doc).map_err(|e| e.to_string())?;
        self.name_prefix.extend(specs(c.name_prefix));
        self.name_suffix.extend(specs(c.name_suffix));
        self.namespace.extend(specs(c.namespace));
        self.common_labels.extend(specs(c.common_labels));
        self.common_labels.extend(specs(c.labels));
        self.template_labels.extend(specs(c.template_labels));
        self.common_annotations.extend(specs(c.common_annotations));
        self.var_reference.extend(specs(c.var_reference));
        self.images.extend(specs(c.images));
        self.replicas.extend(specs(c.replicas));
        for nr in c.name_reference {
            let target = Gvk {
                group: nr.group,
                version: nr.version,
                kind: nr.kind,
            };
            let referrers = specs(nr.field_specs);
            match self.name_references.iter_mut().find(|x| x.target == target) {
                Some(existing) => existing.referrers.extend(referrers),
                None => self
                    .name_references
                    .push(NameReference { target, referrers }),
            }
        }
        Ok(())
    }
}

impl ExtraConfig {
    /// Adds the field specs an OpenAPI definition map declares through
    /// kustomize's extensions: `x-kubernetes-object-ref-kind`/`-api-version`
    /// (name references), `x-kubernetes-label-selector`,
    /// `x-kubernetes-annotation` and `x-kubernetes-identity` (name prefix).
    pub(crate) fn add_openapi_definitions(&mut self, defs: &Value) {
        let Some(map) = defs.as_object() else {
            return;
        };
        for (name, def) in map {
            // NB: each entry is a Go `OpenAPIDefinition`, whose schema sits
            // under its `Schema` field.
            let props = def
                .get("Schema")
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object);
            let is_type = props.is_some_and(|p| {
                p.contains_key("kind") && p.contains_key("apiVersion") && p.contains_key("metadata")
            });
            if !is_type {
                continue;
            }
            let kind = name.rsplit('.').next().unwrap_or(name).to_string();
            self.walk_definition(map, name, &kind, &mut Vec::new(), 0);
        }
    }

    fn walk_definition(
        &mut self,
        defs: &Map<String, Value>,
        type_name: &str,
        kind: &str,
        path: &mut Vec<String>,
        depth: usize,
    ) {
        // NB: definitions may refer to each other in cycles; real schemas
        // are far shallower than this.
        if depth > 32 {
            return;
        }
        let Some(props) = defs
            .get(type_name)
            .and_then(|d| d.get("Schema"))
            .and_then(|d| d.get("properties"))
            .and_then(Value::as_object)
        else {
            return;
        };
        for (prop, schema) in props {
            path.push(prop.clone());
            let ext = |k: &str| schema.get(k).and_then(Value::as_str);
            let spec = |p: &[String]| FieldSpec::new("", "", kind, &p.join("/"), false);
            if ext("x-kubernetes-annotation").is_some() {
                self.common_annotations.push(spec(path));
            }
            if ext("x-kubernetes-label-selector").is_some() {
                self.common_labels.push(spec(path));
            }
            if ext("x-kubernetes-identity").is_some() {
                self.name_prefix.push(spec(path));
            }
            if let (Some(version), Some(target)) = (
                ext("x-kubernetes-object-ref-api-version"),
                ext("x-kubernetes-object-ref-kind"),
            ) {
                let key = ext("x-kubernetes-object-ref-name-key").unwrap_or("name");
                let mut p = path.clone();
                p.push(key.to_string());
                let target = Gvk {
                    group: String::new(),
                    version: version.to_string(),
                    kind: target.to_string(),
                };
                let referrer = spec(&p);
                match self.name_references.iter_mut().find(|x| x.target == target) {
                    Some(existing) => existing.referrers.push(referrer),
                    None => self.name_references.push(NameReference {
                        target,
                        referrers: vec![referrer],
                    }),
                }
            }
            if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                self.walk_definition(defs, r, kind, path, depth + 1);
            }
            path.pop();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_escaped_slashes() {
        assert_eq!(
            split_path("metadata/annotations/a.b\\/c"),
            vec!["metadata", "annotations", "a.b/c"]
        );
    }

    #[test]
    fn name_reference_table_is_complete() {
        let refs = name_references();
        let cm = refs.iter().find(|r| r.target.kind == "ConfigMap").unwrap();
        assert_eq!(cm.target.version, "v1");
        // 8 workloads × 6 pod paths + Node, Role, ClusterRole, Ingress.
        assert_eq!(cm.referrers.len(), 8 * 6 + 4);
        let sc = refs
            .iter()
            .find(|r| r.target.kind == "StorageClass")
            .unwrap();
        assert_eq!(sc.target.group, "storage.k8s.io");
        assert_eq!(refs.len(), 16);
    }

    #[test]
    fn applies_through_sequences_and_creates_maps() {
        let mut obj = json!({"spec": {"containers": [{"image": "a"}, {"image": "b"}]}});
        let mut seen = Vec::new();
        apply(
            &mut obj,
            &split_path("spec/containers[]/image"),
            false,
            &|| Value::Null,
            &mut |v| {
                seen.push(v.clone());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, vec![json!("a"), json!("b")]);
        let mut obj = json!({"metadata": {}});
        apply(
            &mut obj,
            &split_path("spec/selector"),
            true,
            &|| json!({}),
            &mut |v| {
                *v = json!({"x": "y"});
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(obj["spec"]["selector"]["x"], "y");
    }
}
