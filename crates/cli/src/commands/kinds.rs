//! The Flux kinds the cluster commands work on, and what `flux` shows of
//! each: table columns, suspension, readiness, the line printed after a
//! successful reconciliation.

use std::fmt::Debug;

use ballast_api::meta::{Condition, ConditionStatus, ObjectStatus, conditions};
use ballast_api::{
    Alert, GitRepository, ImagePolicy, ImageRepository, ImageUpdateAutomation, Kustomization,
    Provider, Receiver,
};
use k8s_openapi::NamespaceResourceScope;
use kube::Resource;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One of the kinds the commands know, for dispatch with [`with_kind!`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    GitRepository,
    Kustomization,
    ImageRepository,
    ImagePolicy,
    ImageUpdateAutomation,
    Receiver,
    Provider,
    Alert,
}

impl Kind {
    /// The order `get all` prints them in, as `flux get all` does.
    pub(crate) const ALL: [Kind; 8] = [
        Kind::GitRepository,
        Kind::ImageRepository,
        Kind::ImagePolicy,
        Kind::ImageUpdateAutomation,
        Kind::Kustomization,
        Kind::Receiver,
        Kind::Provider,
        Kind::Alert,
    ];

    /// The Kubernetes kind, e.g. `GitRepository`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::GitRepository => "GitRepository",
            Kind::Kustomization => "Kustomization",
            Kind::ImageRepository => "ImageRepository",
            Kind::ImagePolicy => "ImagePolicy",
            Kind::ImageUpdateAutomation => "ImageUpdateAutomation",
            Kind::Receiver => "Receiver",
            Kind::Provider => "Provider",
            Kind::Alert => "Alert",
        }
    }

    /// How `flux suspend`/`resume` name the kind in their progress lines.
    pub(crate) fn human(self) -> &'static str {
        match self {
            Kind::GitRepository => "source git",
            Kind::Kustomization => "kustomization",
            Kind::ImageRepository => "image repository",
            Kind::ImagePolicy => "image policy",
            Kind::ImageUpdateAutomation => "image update automation",
            Kind::Receiver => "receiver",
            Kind::Provider => "alert-provider",
            Kind::Alert => "alert",
        }
    }
}

/// Runs `$body` with the type alias `$k` set to the Rust type of `$kind`.
macro_rules! with_kind {
    ($kind:expr, $k:ident => $body:expr) => {{
        use $crate::commands::kinds::Kind;
        match $kind {
            Kind::GitRepository => {
                type $k = ::ballast_api::GitRepository;
                $body
            }
            Kind::Kustomization => {
                type $k = ::ballast_api::Kustomization;
                $body
            }
            Kind::ImageRepository => {
                type $k = ::ballast_api::ImageRepository;
                $body
            }
            Kind::ImagePolicy => {
                type $k = ::ballast_api::ImagePolicy;
                $body
            }
            Kind::ImageUpdateAutomation => {
                type $k = ::ballast_api::ImageUpdateAutomation;
                $body
            }
            Kind::Receiver => {
                type $k = ::ballast_api::Receiver;
                $body
            }
            Kind::Provider => {
                type $k = ::ballast_api::Provider;
                $body
            }
            Kind::Alert => {
                type $k = ::ballast_api::Alert;
                $body
            }
        }
    }};
}
pub(crate) use with_kind;

/// What the commands need of a Flux object.
pub(crate) trait FluxObject:
    Resource<DynamicType = (), Scope = NamespaceResourceScope>
    + Clone
    + Debug
    + DeserializeOwned
    + Serialize
    + Send
    + Sync
    + 'static
{
    /// The [`Kind`] this type is.
    const KIND: Kind;
    /// Column headings between NAME and READY, as `flux get` prints them.
    const COLUMNS: &'static [&'static str];
    /// False for kinds no controller writes a status for (Alert, Provider):
    /// they count as ready once they exist, and nothing waits for them.
    const HAS_STATUS: bool = true;

    /// `spec.suspend`.
    fn suspended(&self) -> bool;
    /// The cells of [`FluxObject::COLUMNS`].
    fn columns(&self) -> Vec<String>;
    /// `status.conditions`, empty without a status.
    fn status_conditions(&self) -> &[Condition];
    /// `status.lastHandledReconcileAt`.
    fn last_handled(&self) -> Option<&str>;
    /// The line printed after a successful reconciliation.
    fn success_message(&self) -> String;

    /// READY and MESSAGE cells: the Ready condition, or what `flux` shows
    /// when there is none yet.
    fn ready(&self) -> (String, String) {
        if !Self::HAS_STATUS {
            return (
                ConditionStatus::True.as_str().to_string(),
                format!("{} is Ready", Self::kind(&())),
            );
        }
        match ready_condition(self.status_conditions()) {
            Some(c) => (c.status.as_str().to_string(), c.message.clone()),
            None => (
                ConditionStatus::False.as_str().to_string(),
                "waiting to be reconciled".to_string(),
            ),
        }
    }

    /// Whether condition `type_` has status `status`, both compared
    /// case-insensitively (`--status-selector ready=false`).
    fn status_matches(&self, type_: &str, status: &str) -> bool {
        if !Self::HAS_STATUS {
            return type_.eq_ignore_ascii_case(conditions::READY)
                && status.eq_ignore_ascii_case("true");
        }
        self.status_conditions()
            .iter()
            .rev()
            .find(|c| c.type_.eq_ignore_ascii_case(type_))
            .is_some_and(|c| c.status.as_str().eq_ignore_ascii_case(status))
    }
}

/// The `Ready` condition of `conditions`.
pub(crate) fn ready_condition(conditions: &[Condition]) -> Option<&Condition> {
    ballast_api::meta::find_condition(conditions, conditions::READY)
}

/// `True`/`False`, as Flux prints booleans.
fn title(b: bool) -> String {
    if b { "True" } else { "False" }.to_string()
}

/// Shortens every 40–128 digit lowercase hex run (a SHA-1 … SHA-512) to 8
/// digits, as `flux get` does, so revisions fit a terminal.
pub(crate) fn truncate_hex(s: &str) -> String {
    let is_hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let starts_word = prev.is_none_or(|p| !is_word(p));
        if starts_word && is_hex(c) {
            let run = rest.find(|c: char| !is_hex(c)).unwrap_or(rest.len());
            let ends_word = rest[run..].chars().next().is_none_or(|n| !is_word(n));
            if (40..=128).contains(&run) && ends_word {
                out.push_str(&rest[..8]);
                prev = rest[..run].chars().last();
                rest = &rest[run..];
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn rfc3339(t: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>) -> String {
    t.map(|t| t.0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl FluxObject for GitRepository {
    const KIND: Kind = Kind::GitRepository;
    const COLUMNS: &'static [&'static str] = &["REVISION", "SUSPENDED"];
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        let revision = self.status.as_ref().and_then(|s| s.artifact.as_ref());
        vec![
            truncate_hex(revision.map(|a| a.revision.as_str()).unwrap_or_default()),
            title(self.suspended()),
        ]
    }
    fn status_conditions(&self) -> &[Condition] {
        self.conditions()
    }
    fn last_handled(&self) -> Option<&str> {
        self.status.as_ref()?.last_handled_reconcile_at()
    }
    fn success_message(&self) -> String {
        let revision = self.status.as_ref().and_then(|s| s.artifact.as_ref());
        format!(
            "fetched revision {}",
            revision.map(|a| a.revision.as_str()).unwrap_or_default()
        )
    }
}

impl FluxObject for Kustomization {
    const KIND: Kind = Kind::Kustomization;
    const COLUMNS: &'static [&'static str] = &["REVISION", "SUSPENDED"];
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        let revision = self
            .status
            .as_ref()
            .and_then(|s| s.last_applied_revision.as_deref());
        vec![
            truncate_hex(revision.unwrap_or_default()),
            title(self.suspended()),
        ]
    }
    fn status_conditions(&self) -> &[Condition] {
        self.conditions()
    }
    fn last_handled(&self) -> Option<&str> {
        self.status.as_ref()?.last_handled_reconcile_at()
    }
    fn success_message(&self) -> String {
        let revision = self
            .status
            .as_ref()
            .and_then(|s| s.last_applied_revision.as_deref());
        format!("applied revision {}", revision.unwrap_or_default())
    }
}

impl FluxObject for ImageRepository {
    const KIND: Kind = Kind::ImageRepository;
    const COLUMNS: &'static [&'static str] = &["LAST SCAN", "SUSPENDED"];
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        let scan = self
            .status
            .as_ref()
            .and_then(|s| s.last_scan_result.as_ref());
        vec![
            rfc3339(scan.and_then(|s| s.scan_time.as_ref())),
            title(self.suspended()),
        ]
    }
    fn status_conditions(&self) -> &[Condition] {
        self.conditions()
    }
    fn last_handled(&self) -> Option<&str> {
        self.status.as_ref()?.last_handled_reconcile_at()
    }
    fn success_message(&self) -> String {
        let scan = self
            .status
            .as_ref()
            .and_then(|s| s.last_scan_result.as_ref());
        format!("scan fetched {} tags", scan.map_or(0, |s| s.tag_count))
    }
}

impl FluxObject for ImagePolicy {
    const KIND: Kind = Kind::ImagePolicy;
    const COLUMNS: &'static [&'static str] = &["IMAGE", "TAG"];
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        let latest = self.status.as_ref().and_then(|s| s.latest_ref.as_ref());
        vec![
            latest.map(|r| r.name.clone()).unwrap_or_default(),
            latest.map(|r| r.tag.clone()).unwrap_or_default(),
        ]
    }
    fn status_conditions(&self) -> &[Condition] {
        self.conditions()
    }
    fn last_handled(&self) -> Option<&str> {
        self.status.as_ref()?.last_handled_reconcile_at()
    }
    fn success_message(&self) -> String {
        let latest = self.status.as_ref().and_then(|s| s.latest_ref.as_ref());
        format!(
            "selected ref {}",
            latest.map(ToString::to_string).unwrap_or_default()
        )
    }
}

impl FluxObject for ImageUpdateAutomation {
    const KIND: Kind = Kind::ImageUpdateAutomation;
    const COLUMNS: &'static [&'static str] = &["LAST RUN", "SUSPENDED"];
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        let run = self
            .status
            .as_ref()
            .and_then(|s| s.last_automation_run_time.as_ref());
        vec![rfc3339(run), title(self.suspended())]
    }
    fn status_conditions(&self) -> &[Condition] {
        self.conditions()
    }
    fn last_handled(&self) -> Option<&str> {
        self.status.as_ref()?.last_handled_reconcile_at()
    }
    fn success_message(&self) -> String {
        // The Ready message names the pushed commit or says nothing changed.
        if let Some(ready) = ready_condition(self.status_conditions()) {
            return ready.message.clone();
        }
        match self
            .status
            .as_ref()
            .and_then(|s| s.last_automation_run_time.as_ref())
        {
            Some(run) => format!("last run {}", rfc3339(Some(run))),
            None => "automation not yet run".to_string(),
        }
    }
}

impl FluxObject for Receiver {
    const KIND: Kind = Kind::Receiver;
    const COLUMNS: &'static [&'static str] = &["SUSPENDED"];
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        vec![title(self.suspended())]
    }
    fn status_conditions(&self) -> &[Condition] {
        self.conditions()
    }
    fn last_handled(&self) -> Option<&str> {
        self.status.as_ref()?.last_handled_reconcile_at()
    }
    fn success_message(&self) -> String {
        let path = self.status.as_ref().and_then(|s| s.webhook_path.as_deref());
        format!("webhook path {}", path.unwrap_or_default())
    }
}

impl FluxObject for Provider {
    const KIND: Kind = Kind::Provider;
    const COLUMNS: &'static [&'static str] = &[];
    const HAS_STATUS: bool = false;
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        Vec::new()
    }
    fn status_conditions(&self) -> &[Condition] {
        &[]
    }
    fn last_handled(&self) -> Option<&str> {
        None
    }
    fn success_message(&self) -> String {
        "Provider is Ready".to_string()
    }
}

impl FluxObject for Alert {
    const KIND: Kind = Kind::Alert;
    const COLUMNS: &'static [&'static str] = &["SUSPENDED"];
    const HAS_STATUS: bool = false;
    fn suspended(&self) -> bool {
        self.spec.suspended()
    }
    fn columns(&self) -> Vec<String> {
        vec![title(self.suspended())]
    }
    fn status_conditions(&self) -> &[Condition] {
        &[]
    }
    fn last_handled(&self) -> Option<&str> {
        None
    }
    fn success_message(&self) -> String {
        "Alert is Ready".to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_the_types() {
        for kind in Kind::ALL {
            assert_eq!(
                kind.name(),
                with_kind!(kind, K => K::kind(&()).into_owned())
            );
            assert_eq!(kind, with_kind!(kind, K => K::KIND));
        }
    }

    #[test]
    fn long_hex_runs_are_cut_to_eight_digits() {
        let sha1 = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            truncate_hex(&format!("main@sha1:{sha1}")),
            "main@sha1:01234567"
        );
        assert_eq!(
            truncate_hex(&format!("stored artifact for revision 'main@sha1:{sha1}'")),
            "stored artifact for revision 'main@sha1:01234567'"
        );
        // Too short, part of a longer word, or upper case: left alone.
        assert_eq!(truncate_hex("abc123"), "abc123");
        assert_eq!(truncate_hex(&format!("x{sha1}")), format!("x{sha1}"));
        assert_eq!(truncate_hex(&format!("{sha1}g")), format!("{sha1}g"));
        let upper = sha1.to_uppercase();
        assert_eq!(truncate_hex(&upper), upper);
        assert_eq!(truncate_hex(""), "");
        assert_eq!(truncate_hex("héllo wörld"), "héllo wörld");
    }

    #[test]
    fn objects_without_a_ready_condition_wait_to_be_reconciled() {
        let ks: Kustomization = serde_json::from_value(serde_json::json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "app", "namespace": "default"},
            "spec": {"interval": "1m", "prune": true, "suspend": true,
                     "sourceRef": {"kind": "GitRepository", "name": "repo"}}
        }))
        .unwrap();
        assert_eq!(
            ks.ready(),
            ("False".to_string(), "waiting to be reconciled".to_string())
        );
        assert_eq!(ks.columns(), ["", "True"]);
        assert!(!ks.status_matches("ready", "false"));
    }

    #[test]
    fn image_update_automations_report_their_ready_message_else_the_last_run() {
        let mut auto: ImageUpdateAutomation = serde_json::from_value(serde_json::json!({
            "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageUpdateAutomation",
            "metadata": {"name": "auto", "namespace": "default"},
            "spec": {"interval": "1m", "sourceRef": {"kind": "GitRepository", "name": "repo"}}
        }))
        .unwrap();
        assert_eq!(auto.success_message(), "automation not yet run");
        auto.status = serde_json::from_value(serde_json::json!({
            "lastAutomationRunTime": "2026-11-26T01:02:03Z"}))
        .unwrap();
        assert_eq!(auto.success_message(), "last run 2026-11-26T01:02:03Z");
        assert_eq!(auto.columns(), ["2026-11-26T01:02:03Z", "False"]);
        auto.status = serde_json::from_value(serde_json::json!({
            "lastAutomationRunTime": "2026-11-26T01:02:03Z",
            "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                "message": "repository up-to-date", "lastTransitionTime": "2026-11-26T01:02:03Z"}]}))
        .unwrap();
        assert_eq!(auto.success_message(), "repository up-to-date");
    }

    #[test]
    fn status_selectors_compare_case_insensitively() {
        let ks: Kustomization = serde_json::from_value(serde_json::json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "app", "namespace": "default"},
            "spec": {"interval": "1m", "prune": true,
                     "sourceRef": {"kind": "GitRepository", "name": "repo"}},
            "status": {"lastAppliedRevision": "main@sha1:0123456789abcdef0123456789abcdef01234567",
                "conditions": [{"type": "Ready", "status": "False", "reason": "BuildFailed",
                    "message": "boom", "lastTransitionTime": "2026-11-26T00:00:00Z"}]}
        }))
        .unwrap();
        assert!(ks.status_matches("ready", "false"));
        assert!(ks.status_matches("Ready", "False"));
        assert!(!ks.status_matches("ready", "true"));
        assert_eq!(ks.columns(), ["main@sha1:01234567", "False"]);
        assert_eq!(ks.ready(), ("False".to_string(), "boom".to_string()));
    }
}
