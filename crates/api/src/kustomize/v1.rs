//! `kustomize.toolkit.fluxcd.io/v1`: [`Kustomization`], plus the kustomize
//! types it embeds ([`Selector`], [`Patch`], [`Image`], [`CustomHealthCheck`]).

use std::collections::BTreeMap;
use std::time::Duration;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{
    Condition, DURATION_PATTERN, DependencyReference, KubeConfigReference, LocalObjectReference,
    NamespacedObjectKindReference, ReconcileRequestStatus, Snapshot,
};
use crate::{Error, Result, field_duration};

/// API group of this module's kinds.
pub const GROUP: &str = "kustomize.toolkit.fluxcd.io";
/// API version of this module's kinds.
pub const VERSION: &str = "v1";
/// Kind name of [`Kustomization`].
pub const KUSTOMIZATION_KIND: &str = "Kustomization";

/// Shortest health-check timeout Flux uses, whatever the spec says.
pub const MIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Desired state of a [`Kustomization`]: which source artifact, which path
/// in it, how to transform the manifests, and how to apply them.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "kustomize.toolkit.fluxcd.io",
    version = "v1",
    kind = "Kustomization",
    doc = "A set of manifests from a source artifact that kustomize-controller renders and applies.",
    namespaced,
    status = "KustomizationStatus",
    shortname = "ks",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-appliers",
    annotation("kustomize.toolkit.fluxcd.io/substitute", "disabled"),
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct KustomizationSpec {
    /// Labels and annotations added to every applied object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_metadata: Option<CommonMetadata>,
    /// Kustomizations that must be ready before this one is applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<DependencyReference>>,
    /// Decrypt SOPS-encrypted manifests before applying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decryption: Option<Decryption>,
    /// How often to reconcile, even when the source did not change.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// How soon to retry after a failure; `interval` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub retry_interval: Option<String>,
    /// Apply to a remote cluster instead of the local one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_config: Option<KubeConfigReference>,
    /// Directory in the artifact holding the kustomization or plain manifests; its root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Variable substitution applied to the rendered manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_build: Option<PostBuild>,
    /// Delete objects that were applied before but are no longer rendered.
    pub prune: bool,
    /// What to do with applied objects when the Kustomization is deleted; `MirrorPrune` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<DeletionPolicy>,
    /// Objects whose health decides readiness (beyond the applied set with `wait`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_checks: Option<Vec<NamespacedObjectKindReference>>,
    /// Prefix added to the names of all applied objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub name_prefix: Option<String>,
    /// Suffix added to the names of all applied objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub name_suffix: Option<String>,
    /// Strategic merge or JSON 6902 patches applied to the rendered objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patches: Option<Vec<Patch>>,
    /// Image name, tag and digest overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<Image>>,
    /// Service account to impersonate when applying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// The source whose artifact holds the manifests.
    pub source_ref: CrossNamespaceSourceReference,
    /// Stop reconciling this object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Namespace set on all namespaced objects, overriding theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub target_namespace: Option<String>,
    /// Timeout of build, apply and health checks; derived from `interval` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub timeout: Option<String>,
    /// Recreate objects whose immutable fields changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = false))]
    pub force: Option<bool>,
    /// Wait for every applied object to become ready (ignores `healthChecks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<bool>,
    /// Kustomize build metadata to add to objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_metadata: Option<Vec<BuildMetadataOption>>,
    /// Kustomize components to include, relative to `path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
    /// Skip components listed in `components` that do not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_missing_components: Option<bool>,
    /// CEL expressions that decide the health of custom resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_exprs: Option<Vec<CustomHealthCheck>>,
    /// Field paths whose drift is not corrected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<Vec<IgnoreRule>>,
}

/// What to do with applied objects when a [`Kustomization`] is deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DeletionPolicy {
    /// Delete them if `prune` is true, orphan them otherwise.
    #[default]
    MirrorPrune,
    /// Delete them.
    Delete,
    /// Delete them and wait until they are gone.
    WaitForTermination,
    /// Leave them in the cluster.
    Orphan,
}

/// Kustomize build metadata to record on applied objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum BuildMetadataOption {
    /// `config.kubernetes.io/origin` annotations.
    OriginAnnotations,
    /// `alpha.config.kubernetes.io/transformations` annotations.
    TransformerAnnotations,
}

/// Labels and annotations added to every applied object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommonMetadata {
    /// Annotations to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Labels to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
}

/// Field paths of selected objects whose drift is left alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IgnoreRule {
    /// JSON pointers of the fields to ignore.
    pub paths: Vec<String>,
    /// Objects the rule applies to; all objects when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Selector>,
}

/// How to decrypt secrets in the manifests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decryption {
    /// Decryption provider; only `sops`.
    #[schemars(extend("enum" = ["sops"]))]
    pub provider: String,
    /// Service account for KMS workload identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Secret holding the decryption keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
}

/// Post-build variable substitution (`${var}` in manifests).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostBuild {
    /// Whether all objects are substituted or only those with variables; `WithVariables` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_strategy: Option<SubstituteStrategy>,
    /// Variables and their values; these win over `substituteFrom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<BTreeMap<String, String>>,
    /// ConfigMaps and Secrets whose data are variables, later ones overriding earlier ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_from: Option<Vec<SubstituteReference>>,
}

/// Which objects post-build substitution runs on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SubstituteStrategy {
    /// Only objects that reference variables.
    #[default]
    WithVariables,
    /// Every object.
    Always,
}

/// A ConfigMap or Secret whose data provide substitution variables.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubstituteReference {
    /// `Secret` or `ConfigMap`.
    #[schemars(extend("enum" = ["Secret", "ConfigMap"]))]
    pub kind: String,
    /// Name of the object, in the Kustomization's namespace.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Carry on without the variables when the object does not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = false))]
    pub optional: Option<bool>,
}

/// Kind of source a [`Kustomization`] reads from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SourceKind {
    /// `source.toolkit.fluxcd.io` OCIRepository.
    #[serde(rename = "OCIRepository")]
    OciRepository,
    /// `source.toolkit.fluxcd.io` GitRepository.
    #[default]
    GitRepository,
    /// `source.toolkit.fluxcd.io` Bucket.
    Bucket,
    /// `source.toolkit.fluxcd.io` ExternalArtifact.
    ExternalArtifact,
}

impl SourceKind {
    /// The kind name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OciRepository => "OCIRepository",
            Self::GitRepository => "GitRepository",
            Self::Bucket => "Bucket",
            Self::ExternalArtifact => "ExternalArtifact",
        }
    }
}

/// Reference to a source object, optionally in another namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceSourceReference {
    /// API version of the source, e.g. `source.toolkit.fluxcd.io/v1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the source.
    pub kind: SourceKind,
    /// Name of the source.
    pub name: String,
    /// Namespace of the source; the Kustomization's namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl std::fmt::Display for CrossNamespaceSourceReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.namespace.as_deref().filter(|ns| !ns.is_empty()) {
            Some(ns) => write!(f, "{}/{ns}/{}", self.kind.as_str(), self.name),
            None => write!(f, "{}/{}", self.kind.as_str(), self.name),
        }
    }
}

/// Kustomize image override.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    /// Image name to match in the manifests.
    pub name: String,
    /// Replacement image name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_name: Option<String>,
    /// Replacement tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_tag: Option<String>,
    /// Replacement digest; takes precedence over `newTag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// Kustomize object selector: each set field must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    /// API group, regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// API version, regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Kind, regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Namespace, regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Name, regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Annotation selector in label-selector syntax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation_selector: Option<String>,
    /// Label selector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<String>,
}

/// A strategic merge or JSON 6902 patch and the objects it applies to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Patch {
    /// The patch document, YAML or JSON, inline.
    pub patch: String,
    /// Objects to patch; for strategic merge patches, those named by the patch when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Selector>,
}

/// CEL expressions that compute the health of objects of one kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomHealthCheck {
    /// API version of the objects, `group/version`.
    pub api_version: String,
    /// Kind of the objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// True when the object is healthy.
    pub current: String,
    /// True when the object is still progressing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<String>,
    /// True when the object has failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// Observed state of a [`Kustomization`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KustomizationStatus {
    /// Last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
    /// The last generation the controller acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Conditions: Ready, Reconciling, Stalled, Healthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// Source revision last applied successfully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_applied_revision: Option<String>,
    /// Origin revision (e.g. the Git commit of an OCI artifact) last applied successfully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_applied_origin_revision: Option<String>,
    /// Source revision of the last attempt, successful or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_revision: Option<String>,
    /// Objects applied by the last successful reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<ResourceInventory>,
    /// Recent reconciliations, newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<Snapshot>>,
}

/// The set of objects a Kustomization applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceInventory {
    /// One entry per object.
    pub entries: Vec<ResourceRef>,
}

/// An applied object: `<namespace>_<name>_<group>_<kind>` and its API version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceRef {
    /// Object id, `<namespace>_<name>_<group>_<kind>`.
    pub id: String,
    /// API version the object was applied with.
    #[serde(rename = "v")]
    pub version: String,
}

/// Identity of an applied object as Flux writes it in inventories:
/// `<namespace>_<name>_<group>_<kind>`, with `:` in names (RBAC) written
/// as `__` and an empty namespace for cluster-scoped objects.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId {
    /// Namespace, empty for cluster-scoped objects.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// API group, empty for the core group.
    pub group: String,
    /// Kind.
    pub kind: String,
}

impl std::fmt::Display for ObjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.name.replace(':', "__");
        write!(f, "{}_{name}_{}_{}", self.namespace, self.group, self.kind)
    }
}

impl std::str::FromStr for ObjectId {
    type Err = Error;

    fn from_str(id: &str) -> Result<Self> {
        let invalid = |reason| Error::InvalidInventoryId {
            id: id.to_owned(),
            reason,
        };
        // Namespace is up to the first separator, kind and group after the
        // last two: only the name may contain `__` (an encoded colon).
        let (namespace, rest) = id
            .split_once('_')
            .ok_or_else(|| invalid("expected 4 fields separated by '_'"))?;
        let (rest, kind) = rest
            .rsplit_once('_')
            .ok_or_else(|| invalid("expected 4 fields separated by '_'"))?;
        let (name, group) = rest
            .rsplit_once('_')
            .ok_or_else(|| invalid("expected 4 fields separated by '_'"))?;
        let name = name.replace("__", ":");
        if name.contains('_') {
            return Err(invalid("too many fields"));
        }
        if name.is_empty() || kind.is_empty() {
            return Err(invalid("name and kind must not be empty"));
        }
        Ok(Self {
            namespace: namespace.to_owned(),
            name,
            group: group.to_owned(),
            kind: kind.to_owned(),
        })
    }
}

impl ResourceRef {
    /// The inventory entry of `object` applied with API `version`.
    pub fn new(object: &ObjectId, version: impl Into<String>) -> Self {
        Self {
            id: object.to_string(),
            version: version.into(),
        }
    }

    /// The object this entry identifies.
    pub fn object_id(&self) -> Result<ObjectId> {
        self.id.parse()
    }
}

impl KustomizationSpec {
    /// `spec.interval`, parsed.
    pub fn interval(&self) -> Result<Duration> {
        field_duration("spec.interval", &self.interval)
    }

    /// `spec.retryInterval`, parsed, falling back to `spec.interval`.
    pub fn retry_interval(&self) -> Result<Duration> {
        match &self.retry_interval {
            Some(r) => field_duration("spec.retryInterval", r),
            None => self.interval(),
        }
    }

    /// `spec.timeout`, parsed; when absent, `interval` minus 30s. Never
    /// less than [`MIN_TIMEOUT`], as in Flux.
    pub fn timeout(&self) -> Result<Duration> {
        let t = match &self.timeout {
            Some(t) => field_duration("spec.timeout", t)?,
            None => self.interval()?.saturating_sub(MIN_TIMEOUT),
        };
        Ok(t.max(MIN_TIMEOUT))
    }

    /// `spec.deletionPolicy`, `MirrorPrune` when absent.
    pub fn deletion_policy(&self) -> DeletionPolicy {
        self.deletion_policy.unwrap_or_default()
    }

    /// `spec.postBuild.substituteStrategy`, `WithVariables` when absent.
    pub fn substitute_strategy(&self) -> SubstituteStrategy {
        self.post_build
            .as_ref()
            .and_then(|p| p.substitute_strategy)
            .unwrap_or_default()
    }

    /// Whether objects removed from the source are deleted when the
    /// Kustomization is deleted, per the deletion policy and `prune`.
    pub fn deletes_on_removal(&self) -> bool {
        match self.deletion_policy() {
            DeletionPolicy::MirrorPrune => self.prune,
            DeletionPolicy::Delete | DeletionPolicy::WaitForTermination => true,
            DeletionPolicy::Orphan => false,
        }
    }

    /// Whether the object is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }

    /// Whether `force` is set.
    pub fn force(&self) -> bool {
        self.force.unwrap_or(false)
    }

    /// Whether `wait` is set.
    pub fn wait(&self) -> bool {
        self.wait.unwrap_or(false)
    }
}

crate::meta::impl_object_status!(Kustomization, KustomizationStatus);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn spec(interval: &str) -> KustomizationSpec {
        KustomizationSpec {
            interval: interval.into(),
            ..Default::default()
        }
    }

    #[test]
    fn timeout_derives_from_interval_with_a_floor() {
        assert_eq!(spec("10m").timeout().unwrap(), Duration::from_secs(570));
        assert_eq!(spec("40s").timeout().unwrap(), MIN_TIMEOUT);
        let mut s = spec("10m");
        s.timeout = Some("2m".into());
        assert_eq!(s.timeout().unwrap(), Duration::from_secs(120));
        s.timeout = Some("5s".into());
        assert_eq!(s.timeout().unwrap(), MIN_TIMEOUT);
    }

    #[test]
    fn retry_interval_falls_back_to_interval() {
        let mut s = spec("5m");
        assert_eq!(s.retry_interval().unwrap(), Duration::from_secs(300));
        s.retry_interval = Some("1m30s".into());
        assert_eq!(s.retry_interval().unwrap(), Duration::from_secs(90));
    }

    #[test]
    fn duration_errors_name_the_field() {
        let mut s = spec("5m");
        s.timeout = Some("soon".into());
        let err = s.timeout().unwrap_err().to_string();
        assert!(
            err.starts_with("spec.timeout: invalid duration \"soon\""),
            "{err}"
        );
        let err = spec("").interval().unwrap_err().to_string();
        assert!(err.starts_with("spec.interval:"), "{err}");
    }

    #[test]
    fn deletion_policy_follows_prune_by_default() {
        let mut s = spec("1m");
        assert_eq!(s.deletion_policy(), DeletionPolicy::MirrorPrune);
        assert!(!s.deletes_on_removal());
        s.prune = true;
        assert!(s.deletes_on_removal());
        s.deletion_policy = Some(DeletionPolicy::Orphan);
        assert!(!s.deletes_on_removal());
        assert_eq!(s.substitute_strategy(), SubstituteStrategy::WithVariables);
    }

    #[test]
    fn inventory_ids_round_trip_like_flux() {
        let cases = [
            (
                "_flux-system__Namespace",
                ("", "flux-system", "", "Namespace"),
            ),
            (
                "default_podinfo_apps_Deployment",
                ("default", "podinfo", "apps", "Deployment"),
            ),
            (
                "_system__controller__manager_rbac.authorization.k8s.io_ClusterRole",
                (
                    "",
                    "system:controller:manager",
                    "rbac.authorization.k8s.io",
                    "ClusterRole",
                ),
            ),
        ];
        for (id, (ns, name, group, kind)) in cases {
            let obj: ObjectId = id.parse().unwrap();
            assert_eq!(
                (
                    obj.namespace.as_str(),
                    obj.name.as_str(),
                    obj.group.as_str(),
                    obj.kind.as_str()
                ),
                (ns, name, group, kind),
                "{id}"
            );
            assert_eq!(obj.to_string(), id);
            let entry = ResourceRef::new(&obj, "v1");
            assert_eq!(entry.object_id().unwrap(), obj);
        }
        for bad in ["", "a_b", "ns__g_K", "ns_a_b_c_g_K", "ns_name_g_"] {
            let err = bad.parse::<ObjectId>().unwrap_err().to_string();
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
    }

    #[test]
    fn source_reference_displays_like_flux() {
        let mut r = CrossNamespaceSourceReference {
            kind: SourceKind::GitRepository,
            name: "app".into(),
            ..Default::default()
        };
        assert_eq!(r.to_string(), "GitRepository/app");
        r.namespace = Some("flux-system".into());
        assert_eq!(r.to_string(), "GitRepository/flux-system/app");
    }
}
