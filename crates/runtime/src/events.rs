//! Kubernetes Events, emitted on transitions only (STYLE.md rule 9).

use ballast_api::meta::{Condition, ConditionStatus};
use kube::Client;
use kube::Resource;
use kube::runtime::events::{Event, EventType, Recorder, Reporter};

/// Publishes Events for one controller. Failures to publish are logged, never
/// fail a reconcile: events are a courtesy, status is the record.
#[derive(Clone)]
pub struct Events {
    client: Client,
    reporter: Reporter,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events").finish_non_exhaustive()
    }
}

impl Events {
    /// A publisher reporting as `controller` (e.g. `source-controller`).
    pub fn new(client: Client, controller: &str) -> Self {
        let reporter = Reporter {
            controller: controller.to_string(),
            instance: std::env::var("POD_NAME").ok(),
        };
        Self { client, reporter }
    }

    /// Publishes one event about `obj`.
    pub async fn publish<K: Resource<DynamicType = ()>>(
        &self,
        obj: &K,
        warning: bool,
        reason: &str,
        note: &str,
    ) {
        let event = Event {
            type_: if warning {
                EventType::Warning
            } else {
                EventType::Normal
            },
            reason: reason.to_string(),
            note: Some(truncate(note, 1024)),
            action: "Reconcile".to_string(),
            secondary: None,
        };
        // NB: a fresh Recorder per event. kube's Recorder folds events with
        // the same type, reason and object into one series, keeping the
        // first note: a second `Progressing` event ("a configured") would
        // only bump the count of the first ("a created"). Events here are
        // published on transitions only, so each one is news.
        let recorder = Recorder::new(self.client.clone(), self.reporter.clone());
        if let Err(err) = recorder.publish(&event, &obj.object_ref(&())).await {
            tracing::warn!(%err, reason, "cannot publish event");
        }
    }

    /// Publishes an event when the `Ready` condition moved from `before` to
    /// `after` (status, reason or message changed): a failure, or the
    /// recovery from one. Returns whether it published.
    pub async fn publish_ready_transition<K: Resource<DynamicType = ()>>(
        &self,
        obj: &K,
        before: Option<&Condition>,
        after: Option<&Condition>,
    ) -> bool {
        let Some(after) = after else { return false };
        if !is_transition(before, after) {
            return false;
        }
        let warning = after.status == ConditionStatus::False;
        self.publish(obj, warning, &after.reason, &after.message)
            .await;
        true
    }
}

/// Whether `after` differs from `before` in what a reader of events cares
/// about: status, reason or message. A first `Ready=True` counts only when
/// something happened worth telling (always, for a new object).
fn is_transition(before: Option<&Condition>, after: &Condition) -> bool {
    match before {
        None => true,
        Some(b) => {
            b.status != after.status || b.reason != after.reason || b.message != after.message
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::now;

    fn ready(status: ConditionStatus, reason: &str, message: &str) -> Condition {
        Condition::new("Ready", status, reason, message, Some(1), now())
    }

    #[test]
    fn only_changes_are_transitions() {
        let ok = ready(
            ConditionStatus::True,
            "Succeeded",
            "stored artifact for main@sha1:1",
        );
        assert!(is_transition(None, &ok));
        assert!(!is_transition(Some(&ok), &ok.clone()));
        let failed = ready(ConditionStatus::False, "GitOperationFailed", "timeout");
        assert!(is_transition(Some(&ok), &failed));
        let again = ready(ConditionStatus::False, "GitOperationFailed", "timeout");
        assert!(!is_transition(Some(&failed), &again));
        let new_revision = ready(
            ConditionStatus::True,
            "Succeeded",
            "stored artifact for main@sha1:2",
        );
        assert!(is_transition(Some(&ok), &new_revision));
    }

    #[test]
    fn truncation_keeps_utf8_boundaries() {
        let s = "é".repeat(600);
        let t = truncate(&s, 1024);
        assert!(t.len() <= 1024 && s.starts_with(&t));
    }
}
