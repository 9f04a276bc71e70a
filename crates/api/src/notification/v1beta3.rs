//! `notification.toolkit.fluxcd.io/v1beta3`: [`Alert`] and [`Provider`].
//! As in Flux, neither has a status: they are configuration only.

use std::collections::BTreeMap;
use std::time::Duration;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::v1::CrossNamespaceObjectReference;
use crate::meta::{DURATION_PATTERN, LocalObjectReference, TIMEOUT_PATTERN};
use crate::{Result, field_duration};

/// API group of this module's kinds.
pub const GROUP: &str = "notification.toolkit.fluxcd.io";
/// API version of this module's kinds.
pub const VERSION: &str = "v1beta3";
/// Kind name of [`Alert`].
pub const ALERT_KIND: &str = "Alert";
/// Kind name of [`Provider`].
pub const PROVIDER_KIND: &str = "Provider";

/// Timeout of a notification request without `spec.timeout`.
pub const DEFAULT_PROVIDER_TIMEOUT: Duration = Duration::from_secs(15);

/// Desired state of an [`Alert`]: which events to forward to which provider.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1beta3",
    kind = "Alert",
    doc = "A filter that forwards events of Flux objects to a Provider.",
    namespaced,
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    annotation("kustomize.toolkit.fluxcd.io/substitute", "disabled"),
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct AlertSpec {
    /// The Provider that sends the notifications.
    pub provider_ref: LocalObjectReference,
    /// Lowest severity forwarded: `info` (everything) or `error`; `info` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "info"))]
    pub event_severity: Option<EventSeverity>,
    /// Objects whose events are forwarded.
    pub event_sources: Vec<CrossNamespaceObjectReference>,
    /// Regular expressions; when set, only events whose message matches one are forwarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusion_list: Option<Vec<String>>,
    /// Extra metadata added to every forwarded event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_metadata: Option<BTreeMap<String, String>>,
    /// Regular expressions; events whose message matches one are dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusion_list: Option<Vec<String>>,
    /// Short description added to notifications (deprecated in Flux in favour of `eventMetadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 255))]
    pub summary: Option<String>,
    /// Stop forwarding events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// Event severity threshold of an [`Alert`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventSeverity {
    /// Info and error events.
    #[default]
    Info,
    /// Error events only.
    Error,
}

impl AlertSpec {
    /// `spec.eventSeverity`, `info` when absent.
    pub fn event_severity(&self) -> EventSeverity {
        self.event_severity.unwrap_or_default()
    }

    /// Whether forwarding is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

/// Values of `Provider.spec.type`: where notifications go.
pub mod provider_types {
    /// Slack.
    pub const SLACK: &str = "slack";
    /// Discord.
    pub const DISCORD: &str = "discord";
    /// Microsoft Teams.
    pub const MSTEAMS: &str = "msteams";
    /// Rocket.Chat.
    pub const ROCKET: &str = "rocket";
    /// JSON POST of the event.
    pub const GENERIC: &str = "generic";
    /// JSON POST signed with an HMAC.
    pub const GENERIC_HMAC: &str = "generic-hmac";
    /// GitHub commit status.
    pub const GITHUB: &str = "github";
    /// GitLab commit status.
    pub const GITLAB: &str = "gitlab";
    /// Gitea commit status.
    pub const GITEA: &str = "gitea";
    /// Gitea pull request comment.
    pub const GITEA_PULL_REQUEST_COMMENT: &str = "giteapullrequestcomment";
    /// Bitbucket Server commit status.
    pub const BITBUCKET_SERVER: &str = "bitbucketserver";
    /// Bitbucket Cloud commit status.
    pub const BITBUCKET: &str = "bitbucket";
    /// Azure DevOps commit status.
    pub const AZURE_DEVOPS: &str = "azuredevops";
    /// Google Chat.
    pub const GOOGLE_CHAT: &str = "googlechat";
    /// Google Pub/Sub.
    pub const GOOGLE_PUBSUB: &str = "googlepubsub";
    /// Webex.
    pub const WEBEX: &str = "webex";
    /// Sentry.
    pub const SENTRY: &str = "sentry";
    /// Azure Event Hub.
    pub const AZURE_EVENT_HUB: &str = "azureeventhub";
    /// Telegram.
    pub const TELEGRAM: &str = "telegram";
    /// Lark.
    pub const LARK: &str = "lark";
    /// Matrix.
    pub const MATRIX: &str = "matrix";
    /// Opsgenie.
    pub const OPSGENIE: &str = "opsgenie";
    /// Prometheus Alertmanager.
    pub const ALERTMANAGER: &str = "alertmanager";
    /// Grafana annotations.
    pub const GRAFANA: &str = "grafana";
    /// GitHub repository dispatch.
    pub const GITHUB_DISPATCH: &str = "githubdispatch";
    /// GitHub pull request comment.
    pub const GITHUB_PULL_REQUEST_COMMENT: &str = "githubpullrequestcomment";
    /// GitLab merge request comment.
    pub const GITLAB_MERGE_REQUEST_COMMENT: &str = "gitlabmergerequestcomment";
    /// PagerDuty.
    pub const PAGERDUTY: &str = "pagerduty";
    /// Datadog.
    pub const DATADOG: &str = "datadog";
    /// NATS.
    pub const NATS: &str = "nats";
    /// Zulip.
    pub const ZULIP: &str = "zulip";
    /// OpenTelemetry traces.
    pub const OTEL: &str = "otel";
    /// Zoom.
    pub const ZOOM: &str = "zoom";
    /// incident.io.
    pub const INCIDENT_IO: &str = "incident.io";
    /// Every value the CRD accepts, in the CRD's order.
    pub const ALL: &[&str] = &[
        SLACK,
        DISCORD,
        MSTEAMS,
        ROCKET,
        GENERIC,
        GENERIC_HMAC,
        GITHUB,
        GITLAB,
        GITEA,
        GITEA_PULL_REQUEST_COMMENT,
        BITBUCKET_SERVER,
        BITBUCKET,
        AZURE_DEVOPS,
        GOOGLE_CHAT,
        GOOGLE_PUBSUB,
        WEBEX,
        SENTRY,
        AZURE_EVENT_HUB,
        TELEGRAM,
        LARK,
        MATRIX,
        OPSGENIE,
        ALERTMANAGER,
        GRAFANA,
        GITHUB_DISPATCH,
        GITHUB_PULL_REQUEST_COMMENT,
        GITLAB_MERGE_REQUEST_COMMENT,
        PAGERDUTY,
        DATADOG,
        NATS,
        ZULIP,
        OTEL,
        ZOOM,
        INCIDENT_IO,
    ];
}

/// Desired state of a [`Provider`]: where and how notifications are sent.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1beta3",
    kind = "Provider",
    doc = "A destination for notifications: chat, webhook, Git commit status, …",
    namespaced,
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    annotation("kustomize.toolkit.fluxcd.io/substitute", "disabled"),
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {"message": "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
     "rule": "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type == 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' || !has(self.commitStatusExpr)"},
]))]
pub struct ProviderSpec {
    /// Provider type, e.g. `slack`, `github` or `generic-hmac`.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = [
        "slack", "discord", "msteams", "rocket", "generic", "generic-hmac", "github", "gitlab",
        "gitea", "giteapullrequestcomment", "bitbucketserver", "bitbucket", "azuredevops",
        "googlechat", "googlepubsub", "webex", "sentry", "azureeventhub", "telegram", "lark",
        "matrix", "opsgenie", "alertmanager", "grafana", "githubdispatch",
        "githubpullrequestcomment", "gitlabmergerequestcomment", "pagerduty", "datadog", "nats",
        "zulip", "otel", "zoom", "incident.io"
    ]))]
    pub type_: String,
    /// Unused by Flux since v2.1; kept for compatibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: Option<String>,
    /// Channel, room or topic to post to, where the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub channel: Option<String>,
    /// Bot user name, where the provider supports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub username: Option<String>,
    /// Endpoint: webhook URL, API address or repository URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub address: Option<String>,
    /// Timeout of a notification request; 15s when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN))]
    pub timeout: Option<String>,
    /// HTTP(S) proxy address (deprecated in Flux in favour of `proxySecretRef`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(http|https)://.*$"), length(max = 2048))]
    pub proxy: Option<String>,
    /// Secret with the proxy `address`, `username` and `password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// Secret with the `address`, `token`, `username`/`password` or `headers` for the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// Service account whose workload identity authenticates to cloud providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Secret with `ca.crt` (and optionally `tls.crt`/`tls.key`) for TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// Stop sending notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// CEL expression giving the commit status key, for Git providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_status_expr: Option<String>,
}

impl ProviderSpec {
    /// `spec.timeout`, parsed, or [`DEFAULT_PROVIDER_TIMEOUT`].
    pub fn timeout(&self) -> Result<Duration> {
        match &self.timeout {
            Some(t) => field_duration("spec.timeout", t),
            None => Ok(DEFAULT_PROVIDER_TIMEOUT),
        }
    }

    /// Whether sending is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}
