//! `notification.toolkit.fluxcd.io/v1`: [`Receiver`], and the object
//! reference type alerts and receivers share.

use std::collections::BTreeMap;
use std::time::Duration;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{Condition, DURATION_PATTERN, LocalObjectReference, ReconcileRequestStatus};
use crate::{Result, field_duration};

/// API group of this module's kinds.
pub const GROUP: &str = "notification.toolkit.fluxcd.io";
/// API version of this module's kinds.
pub const VERSION: &str = "v1";
/// Kind name of [`Receiver`].
pub const RECEIVER_KIND: &str = "Receiver";

/// Prefix of every receiver's webhook path.
pub const RECEIVER_WEBHOOK_PATH: &str = "/hook/";

/// Reconcile interval of a receiver without `spec.interval` (the CRD default).
pub const DEFAULT_RECEIVER_INTERVAL: Duration = Duration::from_secs(600);

/// Audience expected in OIDC tokens when an OIDC provider sets none.
pub const DEFAULT_OIDC_AUDIENCE: &str = "notification-controller";

/// Values of `Receiver.spec.type`: which webhook payload format is expected.
pub mod receiver_types {
    /// Any POST, authenticated by the URL alone.
    pub const GENERIC: &str = "generic";
    /// POST signed with an HMAC of the token (`X-Signature`).
    pub const GENERIC_HMAC: &str = "generic-hmac";
    /// POST with an OIDC bearer token validated by CEL rules.
    pub const GENERIC_OIDC: &str = "generic-oidc";
    /// GitHub webhook.
    pub const GITHUB: &str = "github";
    /// GitLab webhook.
    pub const GITLAB: &str = "gitlab";
    /// Bitbucket Server webhook.
    pub const BITBUCKET: &str = "bitbucket";
    /// Harbor webhook.
    pub const HARBOR: &str = "harbor";
    /// Docker Hub webhook.
    pub const DOCKERHUB: &str = "dockerhub";
    /// Quay webhook.
    pub const QUAY: &str = "quay";
    /// Google Container Registry Pub/Sub push.
    pub const GCR: &str = "gcr";
    /// Sonatype Nexus webhook.
    pub const NEXUS: &str = "nexus";
    /// Azure Container Registry webhook.
    pub const ACR: &str = "acr";
    /// CDEvents.
    pub const CDEVENTS: &str = "cdevents";
    /// Every value the CRD accepts, in the CRD's order.
    pub const ALL: &[&str] = &[
        GENERIC,
        GENERIC_HMAC,
        GENERIC_OIDC,
        GITHUB,
        GITLAB,
        BITBUCKET,
        HARBOR,
        DOCKERHUB,
        QUAY,
        GCR,
        NEXUS,
        ACR,
        CDEVENTS,
    ];
}

/// Kinds a [`Receiver`] can trigger and an Alert can watch, in the CRD's order.
pub const OBJECT_KINDS: &[&str] = &[
    "Bucket",
    "GitRepository",
    "Kustomization",
    "HelmRelease",
    "HelmChart",
    "HelmRepository",
    "ImageRepository",
    "ImagePolicy",
    "ImageUpdateAutomation",
    "OCIRepository",
    "ArtifactGenerator",
    "ExternalArtifact",
];

/// Reference to Flux objects by kind and name (or labels), optionally in
/// another namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceObjectReference {
    /// API version of the referents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind of the referents.
    #[schemars(extend("enum" = [
        "Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository",
        "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository",
        "ArtifactGenerator", "ExternalArtifact"
    ]))]
    pub kind: String,
    /// Name of the referent, or `*` for all objects of the kind (with `matchLabels`).
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Namespace of the referents; the referrer's namespace when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 253))]
    pub namespace: Option<String>,
    /// Labels the referents must have when `name` is `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
}

/// Desired state of a [`Receiver`]: which webhook payloads to accept and
/// which objects to reconcile when one arrives.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1",
    kind = "Receiver",
    doc = "A webhook endpoint that triggers reconciliations of Flux objects.",
    namespaced,
    status = "ReceiverStatus",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    annotation("kustomize.toolkit.fluxcd.io/substitute", "disabled"),
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {"message": "generic-oidc receivers must define at least one oidcProvider",
     "rule": "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)"},
    {"message": "oidcProviders can only be set when type is generic-oidc",
     "rule": "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0"},
    {"message": "secretRef cannot be set when type is generic-oidc",
     "rule": "self.type != 'generic-oidc' || !has(self.secretRef)"},
    {"message": "secretRef is required when type is not generic-oidc",
     "rule": "self.type == 'generic-oidc' || has(self.secretRef)"},
]))]
pub struct ReceiverSpec {
    /// Webhook payload format, e.g. `github`, `generic-hmac` or `generic-oidc`.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = [
        "generic", "generic-hmac", "generic-oidc", "github", "gitlab", "bitbucket", "harbor",
        "dockerhub", "quay", "gcr", "nexus", "acr", "cdevents"
    ]))]
    pub type_: String,
    /// How often the receiver itself is reconciled; 10m by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN), extend("default" = "10m"))]
    pub interval: Option<String>,
    /// Event types that trigger a reconcile (e.g. `push`); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// Objects to annotate with a reconcile request.
    pub resources: Vec<ReceiverResource>,
    /// CEL expression on the request and each resource deciding whether to reconcile it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_filter: Option<String>,
    /// Secret whose `token` authenticates webhooks and derives the webhook path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// OIDC issuers accepted by `generic-oidc` receivers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "map", "x-kubernetes-list-map-keys" = ["issuerURL"]))]
    pub oidc_providers: Option<Vec<OidcProvider>>,
    /// Ignore incoming webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// An object a [`Receiver`] reconciles, with an optional CEL filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReceiverResource {
    /// The object(s).
    #[serde(flatten)]
    pub reference: CrossNamespaceObjectReference,
    /// CEL expression on the request deciding whether to reconcile this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

/// An OIDC issuer trusted by a `generic-oidc` [`Receiver`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OidcProvider {
    /// Issuer URL; its discovery document gives the signing keys.
    #[serde(rename = "issuerURL")]
    #[schemars(regex(pattern = "^https?://"))]
    pub issuer_url: String,
    /// Expected token audience; `notification-controller` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Named CEL expressions over the claims, usable in validations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<OidcVariable>>,
    /// CEL expressions that must all hold for a token to be accepted.
    #[schemars(length(min = 1))]
    pub validations: Vec<OidcValidation>,
}

impl OidcProvider {
    /// The expected audience, [`DEFAULT_OIDC_AUDIENCE`] when unset.
    pub fn audience(&self) -> &str {
        match self.audience.as_deref() {
            Some(a) if !a.is_empty() => a,
            _ => DEFAULT_OIDC_AUDIENCE,
        }
    }
}

/// A named CEL expression over token claims.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcVariable {
    /// Variable name, used as `variables.<name>`.
    pub name: String,
    /// CEL expression.
    pub expression: String,
}

/// A CEL rule a token must satisfy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcValidation {
    /// CEL expression that must be true.
    pub expression: String,
    /// Message returned when it is false.
    pub message: String,
}

/// Observed state of a [`Receiver`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverStatus {
    /// Last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
    /// Conditions: Ready, Reconciling, Stalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// Path on the webhook server, `/hook/<sha256>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_path: Option<String>,
    /// The last generation the controller acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

impl ReceiverSpec {
    /// `spec.interval`, parsed, or [`DEFAULT_RECEIVER_INTERVAL`].
    pub fn interval(&self) -> Result<Duration> {
        match &self.interval {
            Some(i) => field_duration("spec.interval", i),
            None => Ok(DEFAULT_RECEIVER_INTERVAL),
        }
    }

    /// Whether webhooks are ignored.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

crate::meta::impl_object_status!(Receiver, ReceiverStatus);
