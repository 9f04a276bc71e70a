//! Writing status: conditions summarised once per reconcile, then one patch
//! of the status subresource carrying only what changed.

use ballast_api::meta::{self, Condition, reasons};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::api::{Api, Patch, PatchParams};
use kube::{Resource, ResourceExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, ReconcileError, Result, ResultExt as _};

/// The annotation value of `reconcile.fluxcd.io/requestedAt`, if set: a
/// request to reconcile now, to be echoed in `status.lastHandledReconcileAt`.
pub fn reconcile_requested_at<K: Resource>(obj: &K) -> Option<&str> {
    obj.annotations()
        .get(meta::annotations::RECONCILE_REQUESTED_AT)
        .map(String::as_str)
}

/// The current time as a Kubernetes [`Time`].
pub fn now() -> Time {
    Time(k8s_openapi::jiff::Timestamp::now())
}

/// Sets `Ready`, `Reconciling` and `Stalled` from how the reconcile of
/// generation `generation` ended, the one place where `Ready` is decided
/// (STYLE.md rule 10). `ready_message` describes success, e.g.
/// `stored artifact for revision 'main@sha1:…'`.
pub fn finalize_conditions(
    conditions: &mut Vec<Condition>,
    generation: Option<i64>,
    outcome: Result<&str, &ReconcileError>,
) {
    let now = now();
    match outcome {
        Ok(message) => meta::mark_ready(conditions, reasons::SUCCEEDED, message, generation, now),
        Err(ReconcileError::Stalled { reason, message }) => {
            meta::mark_stalled(conditions, reason, message, generation, now)
        }
        Err(ReconcileError::Waiting {
            reason, message, ..
        })
        | Err(ReconcileError::Transient { reason, message }) => {
            // NB: kstatus reads Reconciling=True as "in progress, will retry";
            // Ready=False carries the actual cause.
            meta::mark_true(
                conditions,
                meta::conditions::RECONCILING,
                reasons::PROGRESSING_WITH_RETRY,
                message,
                generation,
                now.clone(),
            );
            meta::mark_not_ready(conditions, reason, message, generation, now);
        }
    }
}

/// Patches the status subresource of `obj` from `before` to `after` with a
/// JSON merge patch holding only the difference (fields dropped from
/// `after` are removed). Nothing is sent when nothing changed, so a no-op
/// reconcile writes nothing. Returns whether a patch was sent.
pub async fn patch_status<K, S>(
    api: &Api<K>,
    obj: &K,
    field_manager: &str,
    before: Option<&S>,
    after: &S,
) -> Result<bool>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug,
    S: Serialize,
{
    let to_value = |s: &S| {
        serde_json::to_value(s).map_err(|source| Error::Serialize {
            what: format!("the status of {} {}", K::kind(&()), obj.name_any()),
            source,
        })
    };
    let before = match before {
        Some(b) => to_value(b)?,
        None => Value::Object(Default::default()),
    };
    let after = to_value(after)?;
    let diff = ballast_patch::merge_diff(&before, &after);
    if diff.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(false);
    }
    let name = obj.name_any();
    let patch = serde_json::json!({ "status": diff });
    api.patch_status(
        &name,
        // A merge patch, not server-side apply: only the field manager is set.
        &PatchParams {
            field_manager: Some(field_manager.to_string()),
            ..PatchParams::default()
        },
        &Patch::Merge(&patch),
    )
    .await
    .map_err(|source| Error::Kube {
        action: format!(
            "patching status of {} {}/{}",
            K::kind(&()),
            obj.namespace().unwrap_or_default(),
            name
        ),
        source,
    })?;
    Ok(true)
}

/// Writes status patches for one reconcile of `obj`, remembering what the API server
/// already holds, so each patch carries only the difference.
pub struct StatusWriter<'a, K, S> {
    api: Api<K>,
    obj: &'a K,
    field_manager: &'static str,
    written: S,
}

impl<'a, K, S> StatusWriter<'a, K, S>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug,
    S: meta::ObjectStatus + Serialize + Clone,
{
    /// A writer for `obj` through `api`, whose status on the server is `written`.
    pub fn new(api: Api<K>, obj: &'a K, field_manager: &'static str, written: S) -> Self {
        Self {
            api,
            obj,
            field_manager,
            written,
        }
    }

    /// Patches the difference between what was written and `status`.
    pub async fn write(&mut self, status: &S) -> std::result::Result<(), ReconcileError> {
        patch_status(
            &self.api,
            self.obj,
            self.field_manager,
            Some(&self.written),
            status,
        )
        .await
        .reason(reasons::PATCH_OPERATION_FAILED)?;
        self.written = status.clone();
        Ok(())
    }

    /// Marks `Reconciling=True` with `message` and writes it straight away, so users
    /// see progress before a slow step (STYLE.md rule 8).
    pub async fn progress(
        &mut self,
        status: &mut S,
        message: &str,
    ) -> std::result::Result<(), ReconcileError> {
        meta::mark_reconciling(
            status.conditions_mut(),
            reasons::PROGRESSING,
            message,
            self.obj.meta().generation,
            now(),
        );
        self.write(status).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_api::meta::{ConditionStatus, conditions, find_condition};

    fn status_of(cs: &[Condition], t: &str) -> Option<(ConditionStatus, String)> {
        find_condition(cs, t).map(|c| (c.status, c.reason.clone()))
    }

    #[test]
    fn success_is_ready_and_clears_abnormal_conditions() {
        let mut cs = Vec::new();
        let err = ReconcileError::Stalled {
            reason: "InvalidURL",
            message: "spec.url: bad".into(),
        };
        finalize_conditions(&mut cs, Some(1), Err(&err));
        assert_eq!(
            status_of(&cs, conditions::STALLED),
            Some((ConditionStatus::True, "InvalidURL".into()))
        );
        assert_eq!(
            status_of(&cs, conditions::READY),
            Some((ConditionStatus::False, "InvalidURL".into()))
        );

        finalize_conditions(&mut cs, Some(2), Ok("stored artifact"));
        assert_eq!(
            status_of(&cs, conditions::READY),
            Some((ConditionStatus::True, "Succeeded".into()))
        );
        assert_eq!(status_of(&cs, conditions::STALLED), None);
        assert_eq!(status_of(&cs, conditions::RECONCILING), None);
        assert!(cs.iter().all(|c| c.observed_generation == Some(2)));
    }

    #[test]
    fn transient_failure_is_reconciling_with_ready_false() {
        let mut cs = Vec::new();
        let err = ReconcileError::Transient {
            reason: "GitOperationFailed",
            message: "connection refused".into(),
        };
        finalize_conditions(&mut cs, Some(3), Err(&err));
        assert_eq!(
            status_of(&cs, conditions::RECONCILING),
            Some((ConditionStatus::True, "ProgressingWithRetry".into()))
        );
        assert_eq!(
            status_of(&cs, conditions::READY),
            Some((ConditionStatus::False, "GitOperationFailed".into()))
        );
        assert_eq!(
            find_condition(&cs, conditions::READY).unwrap().message,
            "connection refused"
        );
    }
}
