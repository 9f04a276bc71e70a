//! Types and names shared by every Flux API group: conditions, artifacts,
//! object references, and the well-known condition types, reasons,
//! annotations, labels and finalizers.
//!
//! The string constants are the exact values Flux controllers write, so
//! tools such as `flux get` and `kubectl wait --for=condition=Ready` read
//! Ballast objects unchanged.

mod condition;
mod duration;

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use condition::{
    Condition, ConditionStatus, MAX_MESSAGE_LENGTH, find_condition, has_condition, is_false,
    is_true, is_unknown, mark_false, mark_not_ready, mark_ready, mark_reconciling, mark_stalled,
    mark_true, mark_unknown, remove_condition, set_condition,
};
pub use duration::{format_duration, parse_duration};

/// Pattern Flux puts on `metav1.Duration` fields that accept hours
/// (`interval`, `retryInterval`, …).
pub(crate) const DURATION_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$";

/// Pattern Flux puts on `timeout` fields of sources and providers: no hours.
pub(crate) const TIMEOUT_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$";

/// Pattern of an artifact digest: `<algorithm>:<encoded>`.
pub(crate) const DIGEST_PATTERN: &str = r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$";

/// A packaged source revision served over HTTP by a source controller.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    /// Path of the archive relative to the storage root, `<kind>/<namespace>/<name>/<file>`.
    pub path: String,
    /// HTTP address from which the archive can be downloaded.
    pub url: String,
    /// Human-readable source revision, e.g. `main@sha1:<commit>`.
    pub revision: String,
    /// Digest of the archive file, `<algorithm>:<checksum>`.
    #[schemars(regex(pattern = DIGEST_PATTERN))]
    pub digest: String,
    /// When the archive was last written to storage.
    pub last_update_time: Time,
    /// Size of the archive in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// Free-form metadata of the source, e.g. OCI annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

impl Artifact {
    /// Whether this artifact was built from `revision`.
    pub fn has_revision(&self, revision: &str) -> bool {
        self.revision == revision
    }

    /// Whether this artifact's archive has the digest `digest`.
    pub fn has_digest(&self, digest: &str) -> bool {
        self.digest == digest
    }
}

/// The last `reconcile.fluxcd.io/requestedAt` annotation value a controller acted on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileRequestStatus {
    /// Value of the `reconcile.fluxcd.io/requestedAt` annotation last handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
}

/// Reference to an object in the same namespace, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LocalObjectReference {
    /// Name of the referent.
    pub name: String,
}

impl LocalObjectReference {
    /// A reference to the object called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

/// Reference to an object by name, optionally in another namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NamespacedObjectReference {
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent; the referrer's namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl std::fmt::Display for NamespacedObjectReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) if !ns.is_empty() => write!(f, "{ns}/{}", self.name),
            _ => f.write_str(&self.name),
        }
    }
}

/// Reference to a dependency, optionally with a CEL expression deciding readiness.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DependencyReference {
    /// Name of the dependency.
    pub name: String,
    /// Namespace of the dependency; the dependent's namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// CEL expression evaluated against the dependency that must hold for
    /// it to count as ready; replaces the default Ready check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_expr: Option<String>,
}

impl std::fmt::Display for DependencyReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(ns) = self.namespace.as_deref().filter(|ns| !ns.is_empty()) {
            write!(f, "{ns}/")?;
        }
        f.write_str(&self.name)?;
        if let Some(expr) = self.ready_expr.as_deref().filter(|e| !e.is_empty()) {
            write!(f, "@{expr}")?;
        }
        Ok(())
    }
}

/// Reference to an object of a given kind, optionally in another namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamespacedObjectKindReference {
    /// API version of the referent, `group/version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent; the referrer's namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Reference to a key of a Secret in the same namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SecretKeyReference {
    /// Name of the Secret.
    pub name: String,
    /// Key in the Secret's data; each consumer documents its default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Where to find the kubeconfig of a remote cluster: a Secret key or a
/// ConfigMap describing a cloud provider's workload identity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {"message": "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified", "rule": "has(self.configMapRef) || has(self.secretRef)"},
    {"message": "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified", "rule": "!has(self.configMapRef) || !has(self.secretRef)"},
]))]
pub struct KubeConfigReference {
    /// ConfigMap holding provider-based access settings (`provider`,
    /// `cluster`, `address`, `ca.crt`, `audiences`, `serviceAccountName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_ref: Option<LocalObjectReference>,
    /// Secret key holding a kubeconfig; the key defaults to `value` or
    /// `value.yaml` as in Flux.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<SecretKeyReference>,
}

/// Keys of the ConfigMap referenced by [`KubeConfigReference::config_map_ref`].
pub mod kubeconfig_keys {
    /// Cloud provider name (`aws`, `azure`, `gcp`, `generic`).
    pub const PROVIDER: &str = "provider";
    /// Fully qualified cluster resource name at the provider.
    pub const CLUSTER: &str = "cluster";
    /// HTTPS address of the cluster's API server.
    pub const ADDRESS: &str = "address";
    /// PEM CA bundle for the API server.
    pub const CA_CERT: &str = "ca.crt";
    /// Audiences of the service account token, comma separated.
    pub const AUDIENCES: &str = "audiences";
    /// Service account to impersonate for workload identity.
    pub const SERVICE_ACCOUNT_NAME: &str = "serviceAccountName";
}

/// Condition types, as Flux writes them in `status.conditions[].type`.
pub mod conditions {
    /// Summary condition: True when the last reconciliation succeeded.
    pub const READY: &str = "Ready";
    /// kstatus abnormal-true: the controller is working on the object.
    pub const RECONCILING: &str = "Reconciling";
    /// kstatus abnormal-true: the controller cannot make progress without a spec change.
    pub const STALLED: &str = "Stalled";
    /// The applied workloads passed their health checks.
    pub const HEALTHY: &str = "Healthy";
    /// The artifact of the object is present in storage.
    pub const ARTIFACT_IN_STORAGE: &str = "ArtifactInStorage";
    /// The stored artifact does not match the latest spec or revision.
    pub const ARTIFACT_OUTDATED: &str = "ArtifactOutdated";
    /// The source signature was verified.
    pub const SOURCE_VERIFIED: &str = "SourceVerified";
    /// Fetching the upstream source failed.
    pub const FETCH_FAILED: &str = "FetchFailed";
    /// Building the artifact failed.
    pub const BUILD_FAILED: &str = "BuildFailed";
    /// A storage operation (write, lock, GC) failed.
    pub const STORAGE_OPERATION_FAILED: &str = "StorageOperationFailed";
    /// A GitRepository include could not be resolved.
    pub const INCLUDE_UNAVAILABLE: &str = "IncludeUnavailable";
}

/// Condition reasons, as Flux writes them in `status.conditions[].reason`.
pub mod reasons {
    /// Generic success.
    pub const SUCCEEDED: &str = "Succeeded";
    /// Generic failure.
    pub const FAILED: &str = "Failed";
    /// Work in progress.
    pub const PROGRESSING: &str = "Progressing";
    /// Work in progress after a failure; it is being retried.
    pub const PROGRESSING_WITH_RETRY: &str = "ProgressingWithRetry";
    /// The object is suspended.
    pub const SUSPENDED: &str = "Suspended";
    /// A source or dependency is not ready yet.
    pub const DEPENDENCY_NOT_READY: &str = "DependencyNotReady";
    /// The whole reconciliation succeeded.
    pub const RECONCILIATION_SUCCEEDED: &str = "ReconciliationSucceeded";
    /// The reconciliation failed.
    pub const RECONCILIATION_FAILED: &str = "ReconciliationFailed";
    /// Applied workloads did not become healthy in time.
    pub const HEALTH_CHECK_FAILED: &str = "HealthCheckFailed";
    /// Health checking was cancelled by a newer revision.
    pub const HEALTH_CHECK_CANCELED: &str = "HealthCheckCanceled";
    /// Rendering the manifests failed.
    pub const BUILD_FAILED: &str = "BuildFailed";
    /// Downloading or verifying the artifact failed.
    pub const ARTIFACT_FAILED: &str = "ArtifactFailed";
    /// Garbage collection of removed objects failed.
    pub const PRUNE_FAILED: &str = "PruneFailed";
    /// A path in the spec is invalid.
    pub const INVALID_PATH: &str = "InvalidPath";
    /// A URL in the spec is invalid.
    pub const INVALID_URL: &str = "InvalidURL";
    /// A CEL expression in the spec does not compile.
    pub const INVALID_CEL_EXPRESSION: &str = "InvalidCELExpression";
    /// Plain HTTP was requested but is not allowed.
    pub const INSECURE_CONNECTIONS_DISALLOWED: &str = "InsecureConnectionsDisallowed";
    /// The requested connection type is not supported.
    pub const UNSUPPORTED_CONNECTION_TYPE: &str = "UnsupportedConnectionType";
    /// The feature needs a feature gate that is off.
    pub const FEATURE_GATE_DISABLED: &str = "FeatureGateDisabled";
    /// A Git clone, fetch or push failed.
    pub const GIT_OPERATION_FAILED: &str = "GitOperationFailed";
    /// A Git clone or fetch succeeded.
    pub const GIT_OPERATION_SUCCEEDED: &str = "GitOperationSucceeded";
    /// The source URL is invalid.
    pub const URL_INVALID: &str = "URLInvalid";
    /// Credentials were missing or rejected.
    pub const AUTHENTICATION_FAILED: &str = "AuthenticationFailed";
    /// Signature verification failed.
    pub const VERIFICATION_ERROR: &str = "VerificationError";
    /// A storage directory could not be created.
    pub const DIRECTORY_CREATION_FAILED: &str = "DirectoryCreationFailed";
    /// A stat on storage failed.
    pub const STAT_OPERATION_FAILED: &str = "StatOperationFailed";
    /// Reading from storage or a registry failed.
    pub const READ_OPERATION_FAILED: &str = "ReadOperationFailed";
    /// The per-object storage lock could not be taken.
    pub const ACQUIRE_LOCK_FAILED: &str = "AcquireLockFailed";
    /// Writing the archive failed.
    pub const ARCHIVE_OPERATION_FAILED: &str = "ArchiveOperationFailed";
    /// Updating the `latest` symlink in storage failed.
    pub const SYMLINK_UPDATE_FAILED: &str = "SymlinkUpdateFailed";
    /// The stored artifact already matches the source.
    pub const ARTIFACT_UP_TO_DATE: &str = "ArtifactUpToDate";
    /// Patching the object failed.
    pub const PATCH_OPERATION_FAILED: &str = "PatchOperationFailed";
    /// The image URL is invalid.
    pub const IMAGE_URL_INVALID: &str = "ImageURLInvalid";
    /// `spec.interval` is required for the chosen digest policy.
    pub const INTERVAL_NOT_CONFIGURED: &str = "IntervalNotConfigured";
    /// The update strategy is unknown.
    pub const INVALID_UPDATE_STRATEGY: &str = "InvalidUpdateStrategy";
    /// The source referenced by an automation is misconfigured.
    pub const INVALID_SOURCE_CONFIGURATION: &str = "InvalidSourceConfiguration";
    /// Setting up the Git working copy failed.
    pub const SOURCE_MANAGER_FAILED: &str = "SourceManagerFailed";
    /// Applying image updates to files failed.
    pub const UPDATE_FAILED: &str = "UpdateFailed";
    /// The policy selector is invalid.
    pub const INVALID_POLICY_SELECTOR: &str = "InvalidPolicySelector";
    /// The commit template uses a field that no longer exists.
    pub const REMOVED_TEMPLATE_FIELD: &str = "RemovedTemplateField";
    /// A receiver or provider was set up.
    pub const INITIALIZED: &str = "Initialized";
    /// The spec failed validation.
    pub const VALIDATION_FAILED: &str = "ValidationFailed";
    /// The webhook token Secret was not found.
    pub const TOKEN_NOT_FOUND: &str = "TokenNotFound";
}

/// Annotation keys Flux users and tools write.
pub mod annotations {
    /// Set to any new value (usually a timestamp) to request a reconciliation now.
    pub const RECONCILE_REQUESTED_AT: &str = "reconcile.fluxcd.io/requestedAt";
    /// Set with the same value as `requestedAt` to force a one-off action (e.g. a reinstall).
    pub const FORCE_REQUESTED_AT: &str = "reconcile.fluxcd.io/forceAt";
    /// `disabled` on an applied object stops the Kustomization from correcting drift.
    pub const KUSTOMIZE_RECONCILE: &str = "kustomize.toolkit.fluxcd.io/reconcile";
    /// `disabled` on an applied object keeps it when it disappears from the source.
    pub const KUSTOMIZE_PRUNE: &str = "kustomize.toolkit.fluxcd.io/prune";
    /// `Merge`, `IfNotPresent` or `Ignore`: server-side apply policy for an object.
    pub const KUSTOMIZE_SSA: &str = "kustomize.toolkit.fluxcd.io/ssa";
    /// `enabled` on an object lets the applier recreate it when immutable fields change.
    pub const KUSTOMIZE_FORCE: &str = "kustomize.toolkit.fluxcd.io/force";
    /// `disabled` on an object skips post-build variable substitution for it.
    pub const KUSTOMIZE_SUBSTITUTE: &str = "kustomize.toolkit.fluxcd.io/substitute";
    /// Value that switches a per-object behaviour off.
    pub const DISABLED_VALUE: &str = "disabled";
    /// Value that switches a per-object behaviour on.
    pub const ENABLED_VALUE: &str = "enabled";
    /// SSA policy value: merge the object (the default).
    pub const SSA_MERGE_VALUE: &str = "Merge";
    /// SSA policy value: create the object only when it is absent.
    pub const SSA_IF_NOT_PRESENT_VALUE: &str = "IfNotPresent";
    /// SSA policy value: never apply the object.
    pub const SSA_IGNORE_VALUE: &str = "Ignore";
}

/// Label keys Flux writes on objects it manages.
pub mod labels {
    /// Name of the Kustomization that applied the object.
    pub const KUSTOMIZE_NAME: &str = "kustomize.toolkit.fluxcd.io/name";
    /// Namespace of the Kustomization that applied the object.
    pub const KUSTOMIZE_NAMESPACE: &str = "kustomize.toolkit.fluxcd.io/namespace";
    /// `Enabled` on a Secret or ConfigMap makes changes to it trigger reconciliations.
    pub const WATCH: &str = "reconcile.fluxcd.io/watch";
    /// Value of [`WATCH`] that enables watching.
    pub const WATCH_ENABLED_VALUE: &str = "Enabled";
}

/// Finalizer names.
pub mod finalizers {
    /// The finalizer every Flux controller puts on the objects it reconciles.
    pub const FLUX: &str = "finalizers.fluxcd.io";
}

/// One entry of a reconciliation history: how often, when and how long a
/// given set of inputs (identified by digest) was reconciled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// Digest identifying the reconciled inputs.
    pub digest: String,
    /// When these inputs were first reconciled.
    pub first_reconciled: Time,
    /// When these inputs were last reconciled.
    pub last_reconciled: Time,
    /// How long the last reconciliation took, as a Go duration.
    pub last_reconciled_duration: String,
    /// Outcome of the last reconciliation, e.g. `ReconciliationSucceeded`.
    pub last_reconciled_status: String,
    /// How many times these inputs were reconciled.
    pub total_reconciliations: i64,
    /// Extra data about the reconciliation, e.g. the source revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

/// How many [`Snapshot`]s a history keeps, newest first.
pub const HISTORY_MAX_SIZE: usize = 5;

/// The status fields every Flux kind with a status subresource shares,
/// so reconcile plumbing can be written once for all kinds.
pub trait ObjectStatus: Default {
    /// The conditions, empty when none were recorded.
    fn conditions(&self) -> &[Condition];
    /// The conditions, for the `mark_*` and [`set_condition`] helpers.
    fn conditions_mut(&mut self) -> &mut Vec<Condition>;
    /// The generation last acted on.
    fn observed_generation(&self) -> Option<i64>;
    /// Record the generation acted on.
    fn set_observed_generation(&mut self, generation: Option<i64>);
    /// The last handled `reconcile.fluxcd.io/requestedAt` value.
    fn last_handled_reconcile_at(&self) -> Option<&str>;
    /// Record a handled `reconcile.fluxcd.io/requestedAt` value.
    fn set_last_handled_reconcile_at(&mut self, value: Option<String>);
}

/// The `reconcile.fluxcd.io/requestedAt` value of `annotations` when it
/// differs from the one `status` last handled: a pending manual request.
pub fn pending_reconcile_request<'a, S: ObjectStatus>(
    annotations: Option<&'a BTreeMap<String, String>>,
    status: Option<&S>,
) -> Option<&'a str> {
    let requested = annotations?.get(annotations::RECONCILE_REQUESTED_AT)?;
    let handled = status.and_then(|s| s.last_handled_reconcile_at());
    (handled != Some(requested.as_str())).then_some(requested.as_str())
}

/// Implements [`ObjectStatus`] for a status struct with the usual Flux
/// fields, and a `conditions()` accessor on its kind.
macro_rules! impl_object_status {
    ($kind:ident, $status:ident) => {
        impl $crate::meta::ObjectStatus for $status {
            fn conditions(&self) -> &[$crate::meta::Condition] {
                self.conditions.as_deref().unwrap_or_default()
            }
            fn conditions_mut(&mut self) -> &mut Vec<$crate::meta::Condition> {
                self.conditions.get_or_insert_default()
            }
            fn observed_generation(&self) -> Option<i64> {
                self.observed_generation
            }
            fn set_observed_generation(&mut self, generation: Option<i64>) {
                self.observed_generation = generation;
            }
            fn last_handled_reconcile_at(&self) -> Option<&str> {
                self.reconcile_request.last_handled_reconcile_at.as_deref()
            }
            fn set_last_handled_reconcile_at(&mut self, value: Option<String>) {
                self.reconcile_request.last_handled_reconcile_at = value;
            }
        }

        impl $kind {
            /// The stored conditions, empty when there is no status yet.
            pub fn conditions(&self) -> &[$crate::meta::Condition] {
                self.status
                    .as_ref()
                    .map(|s| $crate::meta::ObjectStatus::conditions(s))
                    .unwrap_or_default()
            }
        }
    };
}
pub(crate) use impl_object_status;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::v1::GitRepositoryStatus;

    #[test]
    fn pending_reconcile_request_compares_with_last_handled() {
        let mut ann = BTreeMap::new();
        let mut status = GitRepositoryStatus::default();
        assert_eq!(pending_reconcile_request(None, Some(&status)), None);
        assert_eq!(pending_reconcile_request(Some(&ann), Some(&status)), None);
        ann.insert(
            annotations::RECONCILE_REQUESTED_AT.to_owned(),
            "t1".to_owned(),
        );
        assert_eq!(
            pending_reconcile_request(Some(&ann), Some(&status)),
            Some("t1")
        );
        assert_eq!(
            pending_reconcile_request::<GitRepositoryStatus>(Some(&ann), None),
            Some("t1")
        );
        status.set_last_handled_reconcile_at(Some("t1".to_owned()));
        assert_eq!(pending_reconcile_request(Some(&ann), Some(&status)), None);
        let json = serde_json::to_value(&status).unwrap();
        assert_eq!(json, serde_json::json!({"lastHandledReconcileAt": "t1"}));
    }

    #[test]
    fn object_status_gives_mutable_conditions_and_generation() {
        let mut status = GitRepositoryStatus::default();
        assert!(status.conditions().is_empty());
        mark_ready(
            status.conditions_mut(),
            reasons::SUCCEEDED,
            "ok",
            Some(2),
            Time(Default::default()),
        );
        status.set_observed_generation(Some(2));
        assert!(is_true(status.conditions(), conditions::READY));
        assert_eq!(status.observed_generation(), Some(2));
    }

    #[test]
    fn references_display_like_flux() {
        let r = NamespacedObjectReference {
            name: "a".into(),
            namespace: Some("ns".into()),
        };
        assert_eq!(r.to_string(), "ns/a");
        let d = DependencyReference {
            name: "db".into(),
            namespace: None,
            ready_expr: Some("status.ready".into()),
        };
        assert_eq!(d.to_string(), "db@status.ready");
    }
}
