//! `image.toolkit.fluxcd.io/v1`: [`ImageRepository`], [`ImagePolicy`] and
//! [`ImageUpdateAutomation`].

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, Time};
use kube::CustomResource;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::meta::{
    Condition, DURATION_PATTERN, LocalObjectReference, NamespacedObjectReference,
    ReconcileRequestStatus, TIMEOUT_PATTERN,
};
use crate::source::v1::GitRepositoryRef;
use crate::{Result, field_duration};

/// API group of this module's kinds.
pub const GROUP: &str = "image.toolkit.fluxcd.io";
/// API version of this module's kinds.
pub const VERSION: &str = "v1";
/// Kind name of [`ImageRepository`].
pub const IMAGE_REPOSITORY_KIND: &str = "ImageRepository";
/// Kind name of [`ImagePolicy`].
pub const IMAGE_POLICY_KIND: &str = "ImagePolicy";
/// Kind name of [`ImageUpdateAutomation`].
pub const IMAGE_UPDATE_AUTOMATION_KIND: &str = "ImageUpdateAutomation";

/// Tags excluded from scans when `spec.exclusionList` is empty: cosign signatures.
pub const DEFAULT_EXCLUSION_LIST: &[&str] = &[r"^.*\.sig$"];

/// Digest refresh interval of an `Always` policy without `spec.interval`.
pub const DEFAULT_DIGEST_REFLECTION_INTERVAL: Duration = Duration::from_secs(600);

/// Schema of a Go `int`: an integer without a format.
fn go_int(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": "integer"})
}

/// Schema of a `metav1.LabelSelector` with the atomic map and list markers
/// that Kubernetes' own OpenAPI gives it, so server-side apply replaces the
/// selector as a whole.
fn atomic_label_selector(generator: &mut SchemaGenerator) -> Schema {
    let mut schema = generator.subschema_for::<LabelSelector>();
    schema.insert("x-kubernetes-map-type".into(), "atomic".into());
    let expressions = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("matchExpressions"));
    if let Some(expressions) = expressions.and_then(|e| e.as_object_mut()) {
        expressions.insert("x-kubernetes-list-type".into(), "atomic".into());
        let values = expressions
            .get_mut("items")
            .and_then(|i| i.get_mut("properties"))
            .and_then(|p| p.get_mut("values"))
            .and_then(|v| v.as_object_mut());
        if let Some(values) = values {
            values.insert("x-kubernetes-list-type".into(), "atomic".into());
        }
    }
    schema
}

// ---------------------------------------------------------------------------
// ImageRepository

/// Desired state of an [`ImageRepository`]: which image to scan, how
/// often, and with which credentials.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "image.toolkit.fluxcd.io",
    version = "v1",
    kind = "ImageRepository",
    doc = "A container image repository whose tags image-reflector-controller scans.",
    namespaced,
    status = "ImageRepositoryStatus",
    shortname = "imgrepo",
    shortname = "imagerepo",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-images",
    printcolumn = r#"{"name":"Image","type":"string","jsonPath":".spec.image"}"#,
    printcolumn = r#"{"name":"Tags","type":"string","jsonPath":".status.lastScanResult.tagCount"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Last scan","type":"string","priority":1,"jsonPath":".status.lastScanResult.scanTime"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ImageRepositorySpec {
    /// Image repository to scan, without tag, e.g. `ghcr.io/org/app`.
    pub image: String,
    /// How often to scan for tags.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Timeout of one scan; `interval` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN))]
    pub timeout: Option<String>,
    /// Secret of type `kubernetes.io/dockerconfigjson` with registry credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// Secret with the proxy `address`, `username` and `password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// Service account whose image pull secrets are used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253))]
    pub service_account_name: Option<String>,
    /// Secret with `ca.crt`, `tls.crt` and `tls.key` for the registry's TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// Stop scanning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Namespaces whose ImagePolicies may refer to this repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_from: Option<AccessFrom>,
    /// Regular expressions of tags to ignore; cosign `.sig` tags by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 25), extend("default" = [r"^.*\.sig$"]))]
    pub exclusion_list: Option<Vec<String>>,
    /// Cloud provider for registry authentication; `generic` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "generic"))]
    pub provider: Option<RegistryProvider>,
    /// Allow plain-HTTP registries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
}

/// Cloud provider used to authenticate to a registry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RegistryProvider {
    /// Credentials from `secretRef` or the service account, if any.
    #[default]
    Generic,
    /// Amazon ECR.
    Aws,
    /// Azure Container Registry.
    Azure,
    /// Google Artifact/Container Registry.
    Gcp,
}

/// Namespaces allowed to refer to an object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccessFrom {
    /// Namespace label selectors; a namespace matching any is allowed.
    pub namespace_selectors: Vec<NamespaceSelector>,
}

/// Namespaces selected by their labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamespaceSelector {
    /// Labels a namespace must all have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
}

/// Observed state of an [`ImageRepository`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImageRepositoryStatus {
    /// Conditions: Ready, Reconciling, Stalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// The last generation the controller acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// The image name with the registry host made explicit, e.g. `index.docker.io/library/nginx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_image_name: Option<String>,
    /// Outcome of the last scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_scan_result: Option<ScanResult>,
    /// `spec.exclusionList` as used for the last scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_exclusion_list: Option<Vec<String>>,
    /// Last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
}

/// Outcome of one registry scan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScanResult {
    /// Digest of the tag list, to detect changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// Number of tags found, after exclusions.
    #[schemars(schema_with = "go_int")]
    pub tag_count: i64,
    /// When the scan happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_time: Option<Time>,
    /// A few of the most recent tags, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_tags: Option<Vec<String>>,
}

impl ImageRepositorySpec {
    /// `spec.interval`, parsed.
    pub fn interval(&self) -> Result<Duration> {
        field_duration("spec.interval", &self.interval)
    }

    /// `spec.timeout`, parsed, falling back to `interval`; at least one second, as in Flux.
    pub fn timeout(&self) -> Result<Duration> {
        let t = match &self.timeout {
            Some(t) => field_duration("spec.timeout", t)?,
            None => self.interval()?,
        };
        Ok(t.max(Duration::from_secs(1)))
    }

    /// `spec.exclusionList`, or [`DEFAULT_EXCLUSION_LIST`] when absent or empty.
    pub fn exclusion_list(&self) -> Vec<String> {
        match &self.exclusion_list {
            Some(list) if !list.is_empty() => list.clone(),
            _ => DEFAULT_EXCLUSION_LIST
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }

    /// `spec.provider`, `generic` when absent.
    pub fn provider(&self) -> RegistryProvider {
        self.provider.unwrap_or_default()
    }

    /// Whether scanning is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

// ---------------------------------------------------------------------------
// ImagePolicy

/// Desired state of an [`ImagePolicy`]: which repository's tags to
/// consider and how to pick the latest.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "image.toolkit.fluxcd.io",
    version = "v1",
    kind = "ImagePolicy",
    doc = "A rule that picks the latest image tag of an ImageRepository.",
    namespaced,
    status = "ImagePolicyStatus",
    shortname = "imgpol",
    shortname = "imagepol",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-images",
    printcolumn = r#"{"name":"Image","type":"string","jsonPath":".status.latestRef.name"}"#,
    printcolumn = r#"{"name":"Tag","type":"string","jsonPath":".status.latestRef.tag"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {"message": "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'",
     "rule": "!has(self.interval) || (has(self.digestReflectionPolicy) && self.digestReflectionPolicy == 'Always')"},
    {"message": "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
     "rule": "has(self.interval) || !has(self.digestReflectionPolicy) || self.digestReflectionPolicy != 'Always'"},
]))]
pub struct ImagePolicySpec {
    /// The ImageRepository whose tags are considered.
    pub image_repository_ref: NamespacedObjectReference,
    /// How to order tags to find the latest.
    pub policy: ImagePolicyChoice,
    /// Which tags to consider, and which part of them to order by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_tags: Option<TagFilter>,
    /// Whether and when to record the digest of the chosen tag; `Never` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "Never"))]
    pub digest_reflection_policy: Option<ReflectionPolicy>,
    /// How often to refresh the digest; only with `digestReflectionPolicy: Always`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: Option<String>,
    /// Stop evaluating this policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// When to look up the digest of the chosen tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ReflectionPolicy {
    /// On every reconciliation, so a moved tag is noticed.
    Always,
    /// Only when the chosen tag changes.
    IfNotPresent,
    /// Never; `latestRef.digest` stays empty.
    #[default]
    Never,
}

/// Exactly one way of ordering tags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImagePolicyChoice {
    /// Highest tag within a SemVer range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver: Option<SemVerPolicy>,
    /// Last tag in alphabetical order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alphabetical: Option<AlphabeticalPolicy>,
    /// Last tag in numerical order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerical: Option<NumericalPolicy>,
}

/// The ordering an [`ImagePolicyChoice`] selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectedPolicy<'a> {
    /// Highest tag in a SemVer range.
    SemVer(&'a SemVerPolicy),
    /// Alphabetical, in the given direction.
    Alphabetical(SortOrder),
    /// Numerical, in the given direction.
    Numerical(SortOrder),
}

impl ImagePolicyChoice {
    /// The ordering to use, checked in Flux's order (semver, alphabetical,
    /// numerical); `None` when no policy is set, which Flux rejects.
    pub fn selected(&self) -> Option<SelectedPolicy<'_>> {
        if let Some(semver) = &self.semver {
            return Some(SelectedPolicy::SemVer(semver));
        }
        if let Some(a) = &self.alphabetical {
            return Some(SelectedPolicy::Alphabetical(a.order.unwrap_or_default()));
        }
        self.numerical
            .as_ref()
            .map(|n| SelectedPolicy::Numerical(n.order.unwrap_or_default()))
    }
}

/// SemVer ordering.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemVerPolicy {
    /// SemVer range tags must satisfy, e.g. `>=1.0.0 <2.0.0` or `1.x`.
    pub range: String,
}

/// Alphabetical ordering.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AlphabeticalPolicy {
    /// `asc` picks the last tag, `desc` the first; `asc` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "asc"))]
    pub order: Option<SortOrder>,
}

/// Numerical ordering.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NumericalPolicy {
    /// `asc` picks the highest number, `desc` the lowest; `asc` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "asc"))]
    pub order: Option<SortOrder>,
}

/// Sort direction of an alphabetical or numerical policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Ascending: the latest is the greatest.
    #[default]
    Asc,
    /// Descending: the latest is the smallest.
    Desc,
}

/// Which tags to consider, and what part of them to order by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TagFilter {
    /// Regular expression tags must match; may have named groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Replacement, e.g. `$ts`, giving the value to order by; the whole tag when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract: Option<String>,
}

/// A chosen image: name, tag and optionally digest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImageRef {
    /// Image name, without tag.
    pub name: String,
    /// The tag.
    pub tag: String,
    /// Digest of the tag, when reflected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

impl std::fmt::Display for ImageRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name, self.tag)?;
        if let Some(d) = self.digest.as_deref().filter(|d| !d.is_empty()) {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

/// Observed state of an [`ImagePolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImagePolicyStatus {
    /// The image chosen by the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_ref: Option<ImageRef>,
    /// The image chosen before the latest change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_previous_ref: Option<ImageRef>,
    /// The last generation the controller acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Conditions: Ready, Reconciling, Stalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// Last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
}

impl ImagePolicySpec {
    /// `spec.digestReflectionPolicy`, `Never` when absent.
    pub fn digest_reflection_policy(&self) -> ReflectionPolicy {
        self.digest_reflection_policy.unwrap_or_default()
    }

    /// How often to re-evaluate on its own: `None` unless the digest policy
    /// is `Always`, then `spec.interval` or 10 minutes.
    pub fn interval(&self) -> Result<Option<Duration>> {
        if self.digest_reflection_policy() != ReflectionPolicy::Always {
            return Ok(None);
        }
        let d = match &self.interval {
            Some(i) => field_duration("spec.interval", i)?,
            None => Duration::ZERO,
        };
        Ok(Some(if d.is_zero() {
            DEFAULT_DIGEST_REFLECTION_INTERVAL
        } else {
            d
        }))
    }

    /// Whether the policy is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

// ---------------------------------------------------------------------------
// ImageUpdateAutomation

/// Desired state of an [`ImageUpdateAutomation`]: which Git repository to
/// update with the latest images, how to commit and where to push.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "image.toolkit.fluxcd.io",
    version = "v1",
    kind = "ImageUpdateAutomation",
    doc = "An automation that writes the latest images chosen by ImagePolicies to Git.",
    namespaced,
    status = "ImageUpdateAutomationStatus",
    shortname = "iua",
    shortname = "imgupd",
    shortname = "imgauto",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-images",
    annotation("kustomize.toolkit.fluxcd.io/substitute", "disabled"),
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Last run","type":"string","priority":1,"jsonPath":".status.lastAutomationRunTime"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct ImageUpdateAutomationSpec {
    /// The GitRepository to check out, update and push.
    pub source_ref: AutomationSourceReference,
    /// Checkout, commit and push settings.
    #[serde(default, rename = "git", skip_serializing_if = "Option::is_none")]
    pub git_spec: Option<GitSpec>,
    /// How often to run the automation.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Which ImagePolicies to apply; all in the namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "atomic_label_selector")]
    pub policy_selector: Option<LabelSelector>,
    /// How files are updated; the `Setters` strategy on the whole tree by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = {"strategy": "Setters"}))]
    pub update: Option<UpdateStrategy>,
    /// Stop running the automation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// Reference to the GitRepository an automation works on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = kind_is_required)]
pub struct AutomationSourceReference {
    /// API version of the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the source; only `GitRepository`, which the API server fills in when absent.
    #[serde(default = "git_repository_kind")]
    #[schemars(extend("enum" = ["GitRepository"], "default" = "GitRepository"))]
    pub kind: String,
    /// Name of the source.
    pub name: String,
    /// Namespace of the source; the automation's namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Keep `kind` required in the schema although serde defaults it: the CRD
/// says so, and the API server fills the default in before validating.
fn kind_is_required(schema: &mut Schema) {
    let required = schema
        .ensure_object()
        .entry("required")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if let Some(list) = required.as_array_mut()
        && !list.iter().any(|r| r == "kind")
    {
        list.push("kind".into());
    }
}

fn git_repository_kind() -> String {
    crate::source::v1::GIT_REPOSITORY_KIND.to_owned()
}

/// Git settings of an automation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GitSpec {
    /// Reference to check out instead of the GitRepository's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout: Option<GitCheckoutSpec>,
    /// How to write commits.
    pub commit: CommitSpec,
    /// Where to push; the checked-out branch when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<PushSpec>,
}

impl GitSpec {
    /// Whether a push refspec is configured.
    pub fn has_refspec(&self) -> bool {
        self.push
            .as_ref()
            .and_then(|p| p.refspec.as_deref())
            .is_some_and(|r| !r.is_empty())
    }
}

/// The Git reference an automation checks out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GitCheckoutSpec {
    /// Reference to check out.
    #[serde(rename = "ref")]
    pub reference: GitRepositoryRef,
}

/// How an automation writes commits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommitSpec {
    /// Commit author.
    pub author: CommitUser,
    /// Key that signs the commits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<SigningKey>,
    /// Go template of the commit message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template: Option<String>,
    /// Extra values available to the template as `.Values`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_values: Option<BTreeMap<String, String>>,
}

/// Commit author identity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommitUser {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address.
    pub email: String,
}

/// Key used to sign commits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SigningKey {
    /// Secret holding the key (`git.asc` for OpenPGP, `identity` for SSH).
    pub secret_ref: LocalObjectReference,
    /// Key type; `gpg` when absent.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<SigningKeyType>,
}

/// Kind of commit signing key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SigningKeyType {
    /// OpenPGP.
    #[default]
    Gpg,
    /// SSH.
    Ssh,
}

/// Where an automation pushes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PushSpec {
    /// Branch to push to, created from the checkout if missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Refspec to push, e.g. `refs/heads/main:refs/heads/auto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refspec: Option<String>,
    /// Git push options (`-o`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BTreeMap<String, String>>,
}

/// How files are updated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UpdateStrategy {
    /// Update strategy; only `Setters`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "Setters"))]
    pub strategy: Option<UpdateStrategyName>,
    /// Directory to update, relative to the repository root; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Name of an update strategy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UpdateStrategyName {
    /// Replace values marked with `# {"$imagepolicy": "ns:name[:tag|:name|:digest]"}` comments.
    #[default]
    Setters,
}

/// Observed state of an [`ImageUpdateAutomation`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImageUpdateAutomationStatus {
    /// When the automation last ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_automation_run_time: Option<Time>,
    /// SHA of the last pushed commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_push_commit: Option<String>,
    /// When the last commit was pushed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_push_time: Option<Time>,
    /// The last generation the controller acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Conditions: Ready, Reconciling, Stalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// Images of the policies applied in the last run, by policy name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_policies: Option<BTreeMap<String, ImageRef>>,
    /// Source revision the last run worked on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_source_revision: Option<String>,
    /// Last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
}

impl ImageUpdateAutomationSpec {
    /// `spec.interval`, parsed.
    pub fn interval(&self) -> Result<Duration> {
        field_duration("spec.interval", &self.interval)
    }

    /// `spec.update.path`, or the repository root (empty path) when absent.
    pub fn update_path(&self) -> &str {
        self.update
            .as_ref()
            .and_then(|u| u.path.as_deref())
            .unwrap_or_default()
    }

    /// Whether the automation is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

crate::meta::impl_object_status!(ImageRepository, ImageRepositoryStatus);
crate::meta::impl_object_status!(ImagePolicy, ImagePolicyStatus);
crate::meta::impl_object_status!(ImageUpdateAutomation, ImageUpdateAutomationStatus);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn image_repository_defaults_match_flux() {
        let mut s = ImageRepositorySpec {
            image: "ghcr.io/org/app".into(),
            interval: "5m".into(),
            ..Default::default()
        };
        assert_eq!(s.exclusion_list(), vec![r"^.*\.sig$".to_owned()]);
        assert_eq!(s.provider(), RegistryProvider::Generic);
        assert_eq!(s.timeout().unwrap(), Duration::from_secs(300));
        s.timeout = Some("100ms".into());
        assert_eq!(s.timeout().unwrap(), Duration::from_secs(1));
        s.exclusion_list = Some(vec![]);
        assert_eq!(s.exclusion_list().len(), 1);
    }

    #[test]
    fn image_policy_interval_only_for_always() {
        let mut s = ImagePolicySpec::default();
        assert_eq!(s.interval().unwrap(), None);
        s.digest_reflection_policy = Some(ReflectionPolicy::Always);
        assert_eq!(
            s.interval().unwrap(),
            Some(DEFAULT_DIGEST_REFLECTION_INTERVAL)
        );
        s.interval = Some("1h".into());
        assert_eq!(s.interval().unwrap(), Some(Duration::from_secs(3600)));
    }

    #[test]
    fn selected_policy_follows_flux_precedence() {
        let mut choice = ImagePolicyChoice::default();
        assert_eq!(choice.selected(), None);
        choice.numerical = Some(NumericalPolicy { order: None });
        assert_eq!(
            choice.selected(),
            Some(SelectedPolicy::Numerical(SortOrder::Asc))
        );
        choice.alphabetical = Some(AlphabeticalPolicy {
            order: Some(SortOrder::Desc),
        });
        assert_eq!(
            choice.selected(),
            Some(SelectedPolicy::Alphabetical(SortOrder::Desc))
        );
        choice.semver = Some(SemVerPolicy {
            range: "1.x".into(),
        });
        assert!(matches!(choice.selected(), Some(SelectedPolicy::SemVer(p)) if p.range == "1.x"));
    }

    #[test]
    fn automation_source_kind_defaults_like_the_api_server() {
        let r: AutomationSourceReference =
            serde_json::from_value(serde_json::json!({"name": "repo"})).unwrap();
        assert_eq!(r.kind, "GitRepository");
    }

    #[test]
    fn image_ref_displays_with_digest() {
        let mut r = ImageRef {
            name: "ghcr.io/org/app".into(),
            tag: "1.2.3".into(),
            digest: None,
        };
        assert_eq!(r.to_string(), "ghcr.io/org/app:1.2.3");
        r.digest = Some("sha256:abc".into());
        assert_eq!(r.to_string(), "ghcr.io/org/app:1.2.3@sha256:abc");
    }
}
