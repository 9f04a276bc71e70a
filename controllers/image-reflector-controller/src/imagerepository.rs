//! The `ImageRepository` reconciler: parse the image, gather credentials,
//! scan the tags when a scan is due, store them, report the scan in status.
//!
//! A scan is due on the first reconcile, on a new `reconcile.fluxcd.io/requestedAt`,
//! when the canonical image name or the exclusion list changed, when the
//! tag store has no record (lost storage), and once `spec.interval` has passed
//! since the last scan. Any other reconcile is a no-op that writes nothing.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use ballast_api::ImageRepository;
use ballast_api::image::v1::{ImageRepositoryStatus, ScanResult};
use ballast_api::meta::{self, conditions, reasons as flux};
use ballast_registry::{ExclusionList, ImageName};
use ballast_runtime::{Action, Events, ReconcileError, Reconciler, ResultExt};
use kube::api::Api;
use kube::{Client, ResourceExt};

use crate::auth::RegistryClients;
use crate::store::{Record, TagStore};
use crate::{CONTROLLER_NAME, Config};
use ballast_api::meta::ObjectStatus as _;
use ballast_runtime::StatusWriter;

/// Reasons of this kind besides Flux's shared ones in [`ballast_api::meta::reasons`].
pub mod reasons {
    /// An `spec.exclusionList` entry is not a valid regular expression
    /// (Ballast's own: Flux fails every scan with `ReadOperationFailed` instead).
    pub const INVALID_EXCLUSION_LIST: &str = "InvalidExclusionList";
}

/// Why a scan happens now (Flux's wording, shown in `Reconciling`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScanReason {
    NeverScanned,
    ReconcileRequested,
    NewImageName,
    UpdatedExclusionList,
    EmptyDatabase,
    PreviousScanFailed,
    Interval,
}

impl ScanReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::NeverScanned => "first scan",
            Self::ReconcileRequested => "reconcile requested",
            Self::NewImageName => "new image name",
            Self::UpdatedExclusionList => "updated exclusion list",
            Self::EmptyDatabase => "no tags in database",
            Self::PreviousScanFailed => "previous attempt failed",
            Self::Interval => "triggered by interval",
        }
    }
}

/// What the scan decision needs to know.
pub(crate) struct ScanInputs<'a> {
    /// Status before this reconcile.
    pub(crate) before: &'a ImageRepositoryStatus,
    /// The `requestedAt` annotation, if any.
    pub(crate) requested_at: Option<&'a str>,
    /// The canonical name of `spec.image`.
    pub(crate) canonical: &'a str,
    /// The exclusion list in force.
    pub(crate) exclusion_list: &'a [String],
    /// The stored record's canonical name, if there is a record.
    pub(crate) stored: Option<&'a str>,
    /// `spec.interval`.
    pub(crate) interval: Duration,
    /// Now.
    pub(crate) now: k8s_openapi::jiff::Timestamp,
}

/// Whether to scan now (and why), or how long until the next scan is due.
pub(crate) fn should_scan(inputs: &ScanInputs<'_>) -> Result<ScanReason, Duration> {
    let before = inputs.before;
    let Some(last) = &before.last_scan_result else {
        return Ok(ScanReason::NeverScanned);
    };
    if inputs.requested_at.is_some_and(|at| {
        Some(at)
            != before
                .reconcile_request
                .last_handled_reconcile_at
                .as_deref()
    }) {
        return Ok(ScanReason::ReconcileRequested);
    }
    if before.canonical_image_name.as_deref() != Some(inputs.canonical) {
        return Ok(ScanReason::NewImageName);
    }
    let wanted: BTreeSet<&String> = inputs.exclusion_list.iter().collect();
    let observed: BTreeSet<&String> = before.observed_exclusion_list.iter().flatten().collect();
    if wanted != observed {
        return Ok(ScanReason::UpdatedExclusionList);
    }
    if inputs.stored != Some(inputs.canonical) {
        return Ok(ScanReason::EmptyDatabase);
    }
    // NB: Flux goes back to Ready on the retry of a failed requested scan
    // (the request counts as handled); here a failure is retried until a
    // scan succeeds or the spec changes.
    if meta::find_condition(before.conditions(), conditions::READY)
        .is_some_and(|c| c.status == meta::ConditionStatus::False)
    {
        return Ok(ScanReason::PreviousScanFailed);
    }
    let Some(scanned) = &last.scan_time else {
        return Ok(ScanReason::Interval);
    };
    let elapsed =
        Duration::try_from(inputs.now.duration_since(scanned.0)).unwrap_or(Duration::ZERO);
    match inputs.interval.checked_sub(elapsed) {
        Some(left) if left >= Duration::from_secs(1) => Err(left),
        _ => Ok(ScanReason::Interval),
    }
}

/// How a successful reconcile ended.
struct Scanned {
    tag_count: i64,
    revision: String,
    /// When to look again.
    next: Duration,
    /// Whether the registry was asked (else the requeue is not jittered).
    scanned: bool,
}

/// Reconciles `ImageRepository` objects into the [`TagStore`].
pub(crate) struct ImageRepositoryReconciler {
    client: Client,
    store: Arc<TagStore>,
    clients: Arc<RegistryClients>,
    events: Events,
    jitter_percent: u8,
}

impl Reconciler for ImageRepositoryReconciler {
    type Object = ImageRepository;

    fn name(&self) -> &'static str {
        "imagerepository"
    }

    fn suspended(&self, obj: &ImageRepository) -> bool {
        obj.spec.suspended()
    }

    async fn reconcile(&self, obj: Arc<ImageRepository>) -> Result<Action, ReconcileError> {
        // NB: the watch cache can lag behind our own last status write; a
        // stale lastScanResult would scan again at once. Read it afresh.
        match ballast_runtime::read_current(self, &self.client, &obj).await? {
            Some(fresh) => self.reconcile_object(&fresh).await,
            // Gone, going or suspended: the next event brings the cache up to date.
            None => Ok(Action::await_change()),
        }
    }

    async fn cleanup(&self, obj: Arc<ImageRepository>) -> Result<Action, ReconcileError> {
        let (namespace, name) = (obj.namespace().unwrap_or_default(), obj.name_any());
        self.clients.forget(&namespace, &name);
        self.store
            .remove(&namespace, &name)
            .await
            .reason(conditions::STORAGE_OPERATION_FAILED)?;
        Ok(Action::await_change())
    }
}

impl ImageRepositoryReconciler {
    pub(crate) fn new(
        client: Client,
        store: Arc<TagStore>,
        clients: Arc<RegistryClients>,
        config: &Config,
    ) -> Self {
        Self {
            clients,
            events: Events::new(client.clone(), CONTROLLER_NAME),
            client,
            store,
            jitter_percent: config.options.interval_jitter_percentage,
        }
    }

    async fn reconcile_object(&self, obj: &ImageRepository) -> Result<Action, ReconcileError> {
        let generation = obj.metadata.generation;
        let before = obj.status.clone().unwrap_or_default();
        let mut status = before.clone();
        let api = Api::namespaced(self.client.clone(), &obj.namespace().unwrap_or_default());
        let mut writer = StatusWriter::new(api, obj, crate::FIELD_MANAGER, before.clone());

        let requested_at = ballast_runtime::reconcile_requested_at(obj);
        if let Some(at) = requested_at {
            status.reconcile_request.last_handled_reconcile_at = Some(at.to_string());
        }
        if status.observed_generation != generation
            && !meta::is_true(status.conditions(), conditions::RECONCILING)
        {
            let message = format!(
                "processing object: new generation {} -> {}",
                status.observed_generation.unwrap_or(0),
                generation.unwrap_or(0)
            );
            writer.progress(&mut status, &message).await?;
        }

        let outcome = self
            .reconcile_scan(obj, &before, requested_at, &mut status, &mut writer)
            .await;

        // Summarise once: Ready, Reconciling, Stalled, observedGeneration.
        let ready_message = match &outcome {
            Ok(scan) => format!(
                "successful scan: found {} tags with checksum {}",
                scan.tag_count, scan.revision
            ),
            Err(_) => String::new(),
        };
        ballast_runtime::finalize_conditions(
            status.conditions_mut(),
            generation,
            outcome.as_ref().map(|_| ready_message.as_str()),
        );
        if matches!(outcome, Ok(_) | Err(ReconcileError::Stalled { .. })) {
            status.observed_generation = generation;
        }
        writer.write(&status).await?;

        // Events only on transitions: new tags (the Ready message carries the
        // checksum), a new failure, or the recovery from one.
        self.events
            .publish_ready_transition(
                obj,
                meta::find_condition(before.conditions(), conditions::READY),
                meta::find_condition(status.conditions(), conditions::READY),
            )
            .await;

        let scan = outcome?;
        // NB: `interval: 0s` passes the CRD pattern; Flux then never requeues.
        // Requeueing after zero would scan the registry in a hot loop.
        Ok(if scan.next.is_zero() {
            Action::await_change()
        } else if scan.scanned {
            ballast_runtime::requeue_after(scan.next, self.jitter_percent)
        } else {
            Action::requeue(scan.next)
        })
    }

    /// The straight line: validate the spec, build the client, scan if due.
    async fn reconcile_scan(
        &self,
        obj: &ImageRepository,
        before: &ImageRepositoryStatus,
        requested_at: Option<&str>,
        status: &mut ImageRepositoryStatus,
        writer: &mut StatusWriter<'_, ImageRepository, ImageRepositoryStatus>,
    ) -> Result<Scanned, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let name = obj.name_any();
        let interval = obj
            .spec
            .interval()
            .stalled(flux::INVALID_SOURCE_CONFIGURATION)?;
        let timeout = obj
            .spec
            .timeout()
            .stalled(flux::INVALID_SOURCE_CONFIGURATION)?;
        let image = ImageName::parse(&obj.spec.image).map_err(|e| ReconcileError::Stalled {
            reason: flux::IMAGE_URL_INVALID,
            message: format!("spec.image: {e}"),
        })?;
        let exclusion_list = obj.spec.exclusion_list();
        let exclusions =
            ExclusionList::new(&exclusion_list).stalled(reasons::INVALID_EXCLUSION_LIST)?;
        let registry = self
            .clients
            .for_repository(&self.client, obj, timeout)
            .await?;
        let canonical = image.canonical();

        let stored = self
            .store
            .get(&namespace, &name)
            .await
            .reason(flux::READ_OPERATION_FAILED)?;
        let decision = should_scan(&ScanInputs {
            before,
            requested_at,
            canonical: &canonical,
            exclusion_list: &exclusion_list,
            stored: stored.as_ref().map(|r| r.canonical_image_name.as_str()),
            interval,
            now: k8s_openapi::jiff::Timestamp::now(),
        });

        let (next, scanned) = match decision {
            Ok(reason) => {
                writer
                    .progress(status, &format!("scanning: {}", reason.as_str()))
                    .await?;
                let tags =
                    registry
                        .list_tags(&image)
                        .await
                        .map_err(|e| ReconcileError::Transient {
                            reason: flux::READ_OPERATION_FAILED,
                            message: format!("scan failed: {e}"),
                        })?;
                let record = Record::new(canonical.clone(), exclusions.apply(tags));
                let record = self
                    .store
                    .set(&namespace, &name, record)
                    .await
                    .map_err(|e| ReconcileError::Transient {
                        reason: flux::READ_OPERATION_FAILED,
                        message: format!("scan failed: {e}"),
                    })?;
                status.last_scan_result = Some(ScanResult {
                    revision: Some(record.revision.clone()),
                    tag_count: i64::try_from(record.tags.len()).unwrap_or(i64::MAX),
                    scan_time: Some(ballast_runtime::now()),
                    latest_tags: record.latest_tags(),
                });
                tracing::info!(image = %canonical, tags = record.tags.len(), revision = %record.revision, reason = reason.as_str(), "scanned");
                (interval, true)
            }
            Err(left) => (left, false),
        };
        status.canonical_image_name = Some(canonical);
        status.observed_exclusion_list = Some(exclusion_list);
        let last = status.last_scan_result.as_ref();
        Ok(Scanned {
            tag_count: last.map_or(0, |l| l.tag_count),
            revision: last.and_then(|l| l.revision.clone()).unwrap_or_default(),
            next,
            scanned,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_api::meta::ReconcileRequestStatus;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
    use k8s_openapi::jiff::{SignedDuration, Timestamp};

    const CANONICAL: &str = "registry.example/app";

    fn scanned_status(at: Timestamp) -> ImageRepositoryStatus {
        ImageRepositoryStatus {
            canonical_image_name: Some(CANONICAL.into()),
            observed_exclusion_list: Some(vec![r"^.*\.sig$".into()]),
            last_scan_result: Some(ScanResult {
                revision: Some("1".into()),
                tag_count: 1,
                scan_time: Some(Time(at)),
                latest_tags: None,
            }),
            reconcile_request: ReconcileRequestStatus {
                last_handled_reconcile_at: Some("a".into()),
            },
            ..Default::default()
        }
    }

    #[test]
    fn scans_are_due_for_flux_reasons_only() {
        let now = Timestamp::now();
        let ten_minutes_ago = now - SignedDuration::from_secs(600);
        let recent = scanned_status(now - SignedDuration::from_secs(30));
        let default_list = vec![r"^.*\.sig$".to_string()];
        let other_list = vec!["^dev-".to_string()];
        let never = ImageRepositoryStatus::default();
        let stale = scanned_status(ten_minutes_ago);
        let mut failed = recent.clone();
        meta::mark_not_ready(
            failed.conditions_mut(),
            flux::READ_OPERATION_FAILED,
            "scan failed: 401",
            Some(1),
            Time(now),
        );
        struct Case<'a> {
            name: &'a str,
            before: &'a ImageRepositoryStatus,
            requested_at: Option<&'a str>,
            canonical: &'a str,
            exclusion_list: &'a [String],
            stored: Option<&'a str>,
            want: Result<ScanReason, ()>,
        }
        let cases = [
            Case {
                name: "never scanned",
                before: &never,
                requested_at: None,
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: None,
                want: Ok(ScanReason::NeverScanned),
            },
            Case {
                name: "new request",
                before: &recent,
                requested_at: Some("b"),
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: Some(CANONICAL),
                want: Ok(ScanReason::ReconcileRequested),
            },
            Case {
                name: "handled request",
                before: &recent,
                requested_at: Some("a"),
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: Some(CANONICAL),
                want: Err(()),
            },
            Case {
                name: "new image",
                before: &recent,
                requested_at: None,
                canonical: "registry.example/other",
                exclusion_list: &default_list,
                stored: Some(CANONICAL),
                want: Ok(ScanReason::NewImageName),
            },
            Case {
                name: "new exclusion list",
                before: &recent,
                requested_at: None,
                canonical: CANONICAL,
                exclusion_list: &other_list,
                stored: Some(CANONICAL),
                want: Ok(ScanReason::UpdatedExclusionList),
            },
            Case {
                name: "lost storage",
                before: &recent,
                requested_at: None,
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: None,
                want: Ok(ScanReason::EmptyDatabase),
            },
            Case {
                name: "failed before",
                before: &failed,
                requested_at: None,
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: Some(CANONICAL),
                want: Ok(ScanReason::PreviousScanFailed),
            },
            Case {
                name: "interval passed",
                before: &stale,
                requested_at: None,
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: Some(CANONICAL),
                want: Ok(ScanReason::Interval),
            },
            Case {
                name: "not yet due",
                before: &recent,
                requested_at: None,
                canonical: CANONICAL,
                exclusion_list: &default_list,
                stored: Some(CANONICAL),
                want: Err(()),
            },
        ];
        for case in cases {
            let got = should_scan(&ScanInputs {
                before: case.before,
                requested_at: case.requested_at,
                canonical: case.canonical,
                exclusion_list: case.exclusion_list,
                stored: case.stored,
                interval: Duration::from_secs(300),
                now,
            });
            match (got, case.want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{}", case.name),
                (Err(left), Err(())) => {
                    // 300s interval, scanned 30s ago: about 270s left.
                    assert!(
                        left > Duration::from_secs(260) && left <= Duration::from_secs(270),
                        "{}: {left:?}",
                        case.name
                    )
                }
                (got, want) => panic!("{}: got {got:?}, want {want:?}", case.name),
            }
        }
    }
}
