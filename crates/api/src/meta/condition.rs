//! The Kubernetes `metav1.Condition` shape and pure helpers that keep a
//! condition list consistent with kstatus.
//!
//! kstatus reads three condition types: `Ready` (the summary), and the
//! abnormal-true `Reconciling` and `Stalled`. The `mark_*` helpers keep them
//! consistent: an object is never both Reconciling and Stalled, and a Ready
//! object is neither.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::conditions::{READY, RECONCILING, STALLED};

/// Pattern Kubernetes enforces on condition types (a qualified name).
const TYPE_PATTERN: &str = r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

/// Pattern Kubernetes enforces on condition reasons (CamelCase identifier).
const REASON_PATTERN: &str = r"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

/// Longest condition message the API server accepts, in bytes.
pub const MAX_MESSAGE_LENGTH: usize = 32768;

/// Appended to a message cut to [`MAX_MESSAGE_LENGTH`].
const TRIMMED_SUFFIX: &str = " …(message truncated)";

/// Status of a [`Condition`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ConditionStatus {
    /// The condition holds.
    True,
    /// The condition does not hold.
    False,
    /// The controller cannot tell yet.
    Unknown,
}

impl ConditionStatus {
    /// The wire form: `True`, `False` or `Unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::True => "True",
            Self::False => "False",
            Self::Unknown => "Unknown",
        }
    }
}

/// One aspect of an object's current state, with the same shape and
/// validation as Kubernetes' `metav1.Condition`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// Condition type in CamelCase or `domain/Type` form, e.g. `Ready`.
    #[serde(rename = "type")]
    #[schemars(regex(pattern = TYPE_PATTERN), length(max = 316))]
    pub type_: String,
    /// Whether the condition holds.
    pub status: ConditionStatus,
    /// The `.metadata.generation` the condition was computed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub observed_generation: Option<i64>,
    /// When the condition last changed status, reason or message.
    pub last_transition_time: Time,
    /// Programmatic CamelCase identifier of the cause.
    #[schemars(regex(pattern = REASON_PATTERN), length(min = 1, max = 1024))]
    pub reason: String,
    /// Human-readable details; may be empty.
    #[schemars(length(max = 32768))]
    pub message: String,
}

impl Condition {
    /// A condition stamped with `generation` at time `now`.
    pub fn new(
        type_: impl Into<String>,
        status: ConditionStatus,
        reason: impl Into<String>,
        message: impl Into<String>,
        generation: Option<i64>,
        now: Time,
    ) -> Self {
        Self {
            type_: type_.into(),
            status,
            observed_generation: generation,
            last_transition_time: now,
            reason: reason.into(),
            message: message.into(),
        }
    }

    /// Whether status, reason and message equal `other`'s: what decides
    /// whether `lastTransitionTime` moves.
    fn same_state(&self, other: &Condition) -> bool {
        self.status == other.status && self.reason == other.reason && self.message == other.message
    }
}

/// The condition of type `type_`, if present.
pub fn find_condition<'a>(conditions: &'a [Condition], type_: &str) -> Option<&'a Condition> {
    conditions.iter().find(|c| c.type_ == type_)
}

/// Whether a condition of type `type_` is present, whatever its status.
pub fn has_condition(conditions: &[Condition], type_: &str) -> bool {
    find_condition(conditions, type_).is_some()
}

/// Whether the condition `type_` is present with status `True`.
pub fn is_true(conditions: &[Condition], type_: &str) -> bool {
    find_condition(conditions, type_).is_some_and(|c| c.status == ConditionStatus::True)
}

/// Whether the condition `type_` is present with status `False`.
pub fn is_false(conditions: &[Condition], type_: &str) -> bool {
    find_condition(conditions, type_).is_some_and(|c| c.status == ConditionStatus::False)
}

/// Whether the condition `type_` is absent or has status `Unknown`.
pub fn is_unknown(conditions: &[Condition], type_: &str) -> bool {
    find_condition(conditions, type_).is_none_or(|c| c.status == ConditionStatus::Unknown)
}

/// Add or replace the condition of the same type.
///
/// `lastTransitionTime` of an existing condition is kept unless status,
/// reason or message changed; `observedGeneration` is always taken from
/// `condition`. Messages longer than [`MAX_MESSAGE_LENGTH`] are cut so the
/// API server accepts them. The list is kept in Flux's order: `Stalled`,
/// `Reconciling`, `Ready`, then the rest by newest generation and type.
/// Returns whether the stored state (ignoring `observedGeneration`) changed.
pub fn set_condition(conditions: &mut Vec<Condition>, mut condition: Condition) -> bool {
    trim_message(&mut condition.message);
    let changed = replace_or_push(conditions, condition);
    conditions.sort_by(order);
    changed
}

fn replace_or_push(conditions: &mut Vec<Condition>, mut condition: Condition) -> bool {
    match conditions.iter_mut().find(|c| c.type_ == condition.type_) {
        Some(existing) => {
            let changed = !existing.same_state(&condition);
            if !changed {
                // NB: kstatus consumers compare transition times; an unchanged
                // condition must keep its original one.
                condition.last_transition_time = existing.last_transition_time.clone();
            }
            *existing = condition;
            changed
        }
        None => {
            conditions.push(condition);
            true
        }
    }
}

/// Cut `message` to at most [`MAX_MESSAGE_LENGTH`] bytes on a character boundary.
fn trim_message(message: &mut String) {
    if message.len() <= MAX_MESSAGE_LENGTH {
        return;
    }
    let mut cut = MAX_MESSAGE_LENGTH - TRIMMED_SUFFIX.len();
    while !message.is_char_boundary(cut) {
        cut -= 1;
    }
    message.truncate(cut);
    message.push_str(TRIMMED_SUFFIX);
}

/// Flux's condition order, convenient in `kubectl get -o yaml`.
fn order(a: &Condition, b: &Condition) -> std::cmp::Ordering {
    let weight = |c: &Condition| match c.type_.as_str() {
        STALLED => Some(0),
        RECONCILING => Some(1),
        READY => Some(2),
        _ => None,
    };
    match (weight(a), weight(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b
            .observed_generation
            .cmp(&a.observed_generation)
            .then_with(|| a.type_.cmp(&b.type_)),
    }
}

/// Remove the condition of type `type_`; returns whether one was present.
pub fn remove_condition(conditions: &mut Vec<Condition>, type_: &str) -> bool {
    let before = conditions.len();
    conditions.retain(|c| c.type_ != type_);
    conditions.len() != before
}

/// Set condition `type_` to `True`.
pub fn mark_true(
    conditions: &mut Vec<Condition>,
    type_: &str,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) -> bool {
    let c = Condition::new(
        type_,
        ConditionStatus::True,
        reason,
        message,
        generation,
        now,
    );
    set_condition(conditions, c)
}

/// Set condition `type_` to `False`.
pub fn mark_false(
    conditions: &mut Vec<Condition>,
    type_: &str,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) -> bool {
    let c = Condition::new(
        type_,
        ConditionStatus::False,
        reason,
        message,
        generation,
        now,
    );
    set_condition(conditions, c)
}

/// Set condition `type_` to `Unknown`.
pub fn mark_unknown(
    conditions: &mut Vec<Condition>,
    type_: &str,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) -> bool {
    let c = Condition::new(
        type_,
        ConditionStatus::Unknown,
        reason,
        message,
        generation,
        now,
    );
    set_condition(conditions, c)
}

/// Record success: `Ready=True`, and drop `Reconciling` and `Stalled`,
/// which kstatus requires to be absent on a current object.
pub fn mark_ready(
    conditions: &mut Vec<Condition>,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) {
    remove_condition(conditions, RECONCILING);
    remove_condition(conditions, STALLED);
    mark_true(conditions, READY, reason, message, generation, now);
}

/// Record that work started: `Reconciling=True`, `Stalled` dropped, and
/// `Ready=Unknown` with the same reason and message, as Flux does before
/// slow steps.
pub fn mark_reconciling(
    conditions: &mut Vec<Condition>,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) {
    remove_condition(conditions, STALLED);
    mark_true(
        conditions,
        RECONCILING,
        reason,
        message,
        generation,
        now.clone(),
    );
    mark_unknown(conditions, READY, reason, message, generation, now);
}

/// Record a failure that retrying cannot fix: `Stalled=True`, `Reconciling`
/// dropped, and `Ready=False` with the same reason and message.
pub fn mark_stalled(
    conditions: &mut Vec<Condition>,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) {
    remove_condition(conditions, RECONCILING);
    mark_true(
        conditions,
        STALLED,
        reason,
        message,
        generation,
        now.clone(),
    );
    mark_false(conditions, READY, reason, message, generation, now);
}

/// Record a failure that will be retried: `Ready=False` and `Stalled`
/// dropped; `Reconciling` is left as the caller set it.
pub fn mark_not_ready(
    conditions: &mut Vec<Condition>,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: Time,
) {
    remove_condition(conditions, STALLED);
    mark_false(conditions, READY, reason, message, generation, now);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::meta::reasons;
    use k8s_openapi::jiff::Timestamp;

    fn at(secs: i64) -> Time {
        Time(Timestamp::from_second(secs).unwrap())
    }

    #[test]
    fn set_condition_appends_new_types() {
        let mut cs = Vec::new();
        assert!(mark_true(
            &mut cs,
            "Healthy",
            "Succeeded",
            "ok",
            Some(1),
            at(10)
        ));
        assert_eq!(cs.len(), 1);
        assert_eq!(cs[0].type_, "Healthy");
        assert_eq!(cs[0].observed_generation, Some(1));
        assert_eq!(cs[0].last_transition_time, at(10));
    }

    #[test]
    fn unchanged_state_keeps_transition_time_but_stamps_generation() {
        let mut cs = Vec::new();
        mark_true(&mut cs, READY, "Succeeded", "ok", Some(1), at(10));
        let changed = mark_true(&mut cs, READY, "Succeeded", "ok", Some(2), at(20));
        assert!(!changed);
        assert_eq!(cs[0].last_transition_time, at(10));
        assert_eq!(cs[0].observed_generation, Some(2));
    }

    #[test]
    fn changed_status_reason_or_message_moves_transition_time() {
        let cases = [
            ("status", ConditionStatus::False, "Succeeded", "ok"),
            ("reason", ConditionStatus::True, "Other", "ok"),
            ("message", ConditionStatus::True, "Succeeded", "different"),
        ];
        for (name, status, reason, message) in cases {
            let mut cs = Vec::new();
            mark_true(&mut cs, READY, "Succeeded", "ok", Some(1), at(10));
            let c = Condition::new(READY, status, reason, message, Some(1), at(20));
            assert!(
                set_condition(&mut cs, c),
                "{name} change must count as a change"
            );
            assert_eq!(cs[0].last_transition_time, at(20), "{name}");
            assert_eq!(cs.len(), 1, "{name}");
        }
    }

    #[test]
    fn conditions_are_kept_in_flux_order() {
        let mut cs = Vec::new();
        mark_true(&mut cs, "Healthy", "R", "", Some(1), at(1));
        mark_true(&mut cs, "ArtifactInStorage", "R", "", Some(1), at(1));
        mark_true(&mut cs, "FetchFailed", "R", "", Some(2), at(1));
        mark_true(&mut cs, READY, "R", "", Some(1), at(1));
        mark_true(&mut cs, STALLED, "R", "", Some(1), at(1));
        mark_true(&mut cs, RECONCILING, "R", "", Some(1), at(1));
        let types: Vec<&str> = cs.iter().map(|c| c.type_.as_str()).collect();
        assert_eq!(
            types,
            [
                STALLED,
                RECONCILING,
                READY,
                "FetchFailed",
                "ArtifactInStorage",
                "Healthy"
            ]
        );
    }

    #[test]
    fn long_messages_are_trimmed_on_a_char_boundary() {
        let mut cs = Vec::new();
        let long = "é".repeat(MAX_MESSAGE_LENGTH);
        mark_false(&mut cs, READY, "BuildFailed", &long, None, at(1));
        let msg = &cs[0].message;
        assert!(msg.len() <= MAX_MESSAGE_LENGTH, "{}", msg.len());
        assert!(msg.ends_with(TRIMMED_SUFFIX));
        // Setting the same long message again is not a change.
        assert!(!mark_false(
            &mut cs,
            READY,
            "BuildFailed",
            &long,
            None,
            at(2)
        ));
        assert_eq!(cs[0].last_transition_time, at(1));
    }

    #[test]
    fn queries_report_status_per_type() {
        let mut cs = Vec::new();
        mark_true(&mut cs, "A", "R", "", None, at(1));
        mark_false(&mut cs, "B", "R", "", None, at(1));
        mark_unknown(&mut cs, "C", "R", "", None, at(1));
        assert!(is_true(&cs, "A") && !is_false(&cs, "A") && !is_unknown(&cs, "A"));
        assert!(is_false(&cs, "B") && !is_true(&cs, "B"));
        assert!(is_unknown(&cs, "C") && has_condition(&cs, "C"));
        assert!(is_unknown(&cs, "D") && !has_condition(&cs, "D") && !is_true(&cs, "D"));
        assert!(remove_condition(&mut cs, "A"));
        assert!(!remove_condition(&mut cs, "A"));
        assert_eq!(
            find_condition(&cs, "B").map(|c| c.status),
            Some(ConditionStatus::False)
        );
    }

    #[test]
    fn reconciling_then_ready_follows_kstatus() {
        let mut cs = Vec::new();
        mark_reconciling(
            &mut cs,
            reasons::PROGRESSING,
            "building main@sha1:abc",
            Some(3),
            at(5),
        );
        assert!(is_true(&cs, RECONCILING));
        assert!(is_unknown(&cs, READY));
        assert_eq!(
            find_condition(&cs, READY).unwrap().reason,
            reasons::PROGRESSING
        );

        mark_ready(
            &mut cs,
            reasons::SUCCEEDED,
            "stored artifact",
            Some(3),
            at(6),
        );
        assert!(is_true(&cs, READY));
        assert!(!has_condition(&cs, RECONCILING));
        assert!(!has_condition(&cs, STALLED));
        assert!(cs.iter().all(|c| c.observed_generation == Some(3)));
    }

    #[test]
    fn stalled_excludes_reconciling_and_marks_not_ready() {
        let mut cs = Vec::new();
        mark_reconciling(&mut cs, reasons::PROGRESSING, "working", Some(1), at(1));
        mark_stalled(&mut cs, reasons::INVALID_URL, "bad url", Some(2), at(2));
        assert!(is_true(&cs, STALLED));
        assert!(!has_condition(&cs, RECONCILING));
        let ready = find_condition(&cs, READY).unwrap();
        assert_eq!(ready.status, ConditionStatus::False);
        assert_eq!(ready.reason, reasons::INVALID_URL);
        assert_eq!(ready.message, "bad url");

        // Starting over after a spec fix clears Stalled.
        mark_reconciling(&mut cs, reasons::PROGRESSING, "again", Some(3), at(3));
        assert!(!has_condition(&cs, STALLED));
        assert!(is_true(&cs, RECONCILING));
    }

    #[test]
    fn not_ready_keeps_reconciling_and_drops_stalled() {
        let mut cs = Vec::new();
        mark_stalled(&mut cs, reasons::FAILED, "x", Some(1), at(1));
        mark_true(
            &mut cs,
            RECONCILING,
            reasons::PROGRESSING_WITH_RETRY,
            "retry",
            Some(1),
            at(2),
        );
        mark_not_ready(
            &mut cs,
            reasons::ARTIFACT_FAILED,
            "download failed",
            Some(1),
            at(2),
        );
        assert!(is_false(&cs, READY));
        assert!(is_true(&cs, RECONCILING));
        assert!(!has_condition(&cs, STALLED));
    }

    #[test]
    fn condition_serializes_in_metav1_shape() {
        let c = Condition::new(
            READY,
            ConditionStatus::True,
            "Succeeded",
            "ok",
            Some(4),
            at(0),
        );
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "type": "Ready", "status": "True", "observedGeneration": 4,
                "lastTransitionTime": "1970-01-01T00:00:00Z", "reason": "Succeeded", "message": "ok"
            })
        );
        let back: Condition = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
    }
}
