//! The `GitRepository` reconciler: storage → include → source → artifact,
//! in the order and with the conditions of Flux's `gitrepository_controller.go`.
//!
//! A poll where the remote ref still points at the stored revision and
//! `spec.ignore`, `spec.include` and `spec.recurseSubmodules` are unchanged
//! costs one ls-remote and writes nothing.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use ballast_api::GitRepository;
use ballast_api::meta::{self, Artifact, Condition, conditions, reasons as flux};
use ballast_api::source::v1::{
    GitRepositoryRef, GitRepositoryStatus, GitRepositoryVerification, GitVerificationMode,
};
use ballast_artifact::{ExtractLimits, ObjectKey, Storage};
use ballast_git::{
    AuthOptions, Checkout, FetchOptions, FetchOutcome, Keyring, ProxyOptions, RedactedUrl,
    VerifyMode,
};
use ballast_runtime::{Action, Events, ReconcileError, Reconciler, ResultExt};
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::api::Api;
use kube::{Client, ResourceExt};

use crate::{CONTROLLER_NAME, Config};

/// The field manager of status writes, as Flux's.
pub const FIELD_MANAGER: &str = CONTROLLER_NAME;

/// Reasons this controller uses besides Flux's shared ones in
/// [`ballast_api::meta::reasons`].
pub mod reasons {
    /// `spec.ref` cannot be used (bad semver range, ref name or commit SHA).
    pub const INVALID_REFERENCE: &str = "InvalidReference";
    /// `spec.include` names a GitRepository that does not exist (yet).
    pub const INCLUDE_NOT_FOUND: &str = "NotFound";
    /// `spec.include` names a GitRepository without an artifact (yet).
    pub const INCLUDE_NO_ARTIFACT: &str = "NoArtifact";
    /// `spec.verify` asks for a tag, and the checkout did not go through one.
    pub const INVALID_VERIFICATION_MODE: &str = "InvalidVerificationMode";
    /// The tag to verify is lightweight or not signed.
    pub const INVALID_GIT_OBJECT: &str = "InvalidGitObject";
    /// The tag's signature did not verify with a trusted key.
    pub const INVALID_TAG_SIGNATURE: &str = "InvalidTagSignature";
    /// The commit's signature did not verify with a trusted key.
    pub const INVALID_COMMIT_SIGNATURE: &str = "InvalidCommitSignature";
    /// A new artifact was stored (event reason, as Flux's `NewArtifact`).
    pub const NEW_ARTIFACT: &str = "NewArtifact";
    /// The stored artifact is missing or its digest changed.
    pub const NO_ARTIFACT: &str = "NoArtifact";
    /// Entries of the tree were left out of a new artifact (Warning event; Ballast's
    /// own, Flux archives without saying).
    pub const ENTRIES_SKIPPED: &str = "EntriesSkipped";
}

/// Left-out entries named in one event at most; the rest are counted.
const SKIPPED_IN_EVENT: usize = 10;

const KIND: &str = "GitRepository";

/// Reconciles `GitRepository` objects into artifacts in [`Storage`].
pub(crate) struct GitRepositoryReconciler {
    client: Client,
    storage: Storage,
    events: Events,
    retention_ttl: Duration,
    retention_records: usize,
    requeue_dependency: Duration,
    jitter_percent: u8,
    /// `(path, digest)` of artifacts whose file was hashed since start, so a
    /// restart checks each stored artifact once instead of on every poll.
    verified: Mutex<HashSet<(String, String)>>,
}

/// What the source step found.
enum Source {
    /// The remote still points at the stored revision and nothing else that
    /// shapes the artifact changed: the stored artifact stands.
    Unchanged { revision: String },
    /// A fresh checkout to archive, in the object's Git cache.
    Fetched(Checkout),
}

/// An included GitRepository's artifact, resolved.
struct Included {
    to_path: PathBuf,
    from_path: String,
    artifact: Artifact,
}

/// How a successful reconcile ended.
struct Success {
    revision: String,
    new_artifact: bool,
    /// Why entries were left out of the new artifact (symlinks out of the tree, ...).
    skipped: Vec<String>,
}

impl Reconciler for GitRepositoryReconciler {
    type Object = GitRepository;

    fn name(&self) -> &'static str {
        "gitrepository"
    }

    fn suspended(&self, obj: &GitRepository) -> bool {
        obj.spec.suspended()
    }

    async fn reconcile(&self, obj: Arc<GitRepository>) -> Result<Action, ReconcileError> {
        // NB: the watch cache can lag behind our own last status write (the
        // event of an intermediate "Reconciling" patch triggers the next run
        // before the final status arrives); acting on that stale status would
        // rebuild the artifact and announce it twice. Read the object afresh.
        match ballast_runtime::read_current(self, &self.client, &obj).await? {
            Some(fresh) => self.reconcile_object(&fresh).await,
            // Gone, going or suspended: the next event brings the cache up to date.
            None => Ok(Action::await_change()),
        }
    }

    async fn cleanup(&self, obj: Arc<GitRepository>) -> Result<Action, ReconcileError> {
        self.reconcile_delete(&obj).await
    }
}

/// The status writer of one GitRepository reconcile.
type StatusWriter<'a> = ballast_runtime::StatusWriter<'a, GitRepository, GitRepositoryStatus>;

fn conditions_mut(status: &mut GitRepositoryStatus) -> &mut Vec<Condition> {
    status.conditions.get_or_insert_with(Vec::new)
}

fn condition<'a>(status: &'a GitRepositoryStatus, type_: &str) -> Option<&'a Condition> {
    meta::find_condition(status.conditions.as_deref().unwrap_or_default(), type_)
}

impl GitRepositoryReconciler {
    pub(crate) fn new(client: Client, storage: Storage, config: &Config) -> Self {
        Self {
            events: Events::new(client.clone(), CONTROLLER_NAME),
            client,
            storage,
            retention_ttl: config.artifact_retention_ttl,
            retention_records: config.artifact_retention_records,
            requeue_dependency: config.requeue_dependency,
            jitter_percent: config.options.interval_jitter_percentage,
            verified: Mutex::default(),
        }
    }

    async fn reconcile_object(&self, obj: &GitRepository) -> Result<Action, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let generation = obj.metadata.generation;
        let before = obj.status.clone().unwrap_or_default();
        let mut status = before.clone();
        let mut writer = StatusWriter::new(
            Api::namespaced(self.client.clone(), &namespace),
            obj,
            FIELD_MANAGER,
            before.clone(),
        );

        // A manual request ("reconcile now") is acknowledged in status.
        if let Some(at) = ballast_runtime::reconcile_requested_at(obj) {
            status.reconcile_request.last_handled_reconcile_at = Some(at.to_string());
        }
        // A new generation is reported before any slow step; retries of the
        // same generation already show Reconciling.
        if status.observed_generation != generation
            && !meta::is_true(
                status.conditions.as_deref().unwrap_or_default(),
                conditions::RECONCILING,
            )
        {
            let message = format!(
                "processing object: new generation {} -> {}",
                status.observed_generation.unwrap_or(0),
                generation.unwrap_or(0)
            );
            writer.progress(&mut status, &message).await?;
        }

        let outcome = self.reconcile_steps(obj, &mut status, &mut writer).await;

        // Summarise once: Ready, Reconciling, Stalled, observedGeneration.
        let ready_message = match &outcome {
            Ok(success) => format!("stored artifact for revision '{}'", success.revision),
            Err(_) => String::new(),
        };
        ballast_runtime::finalize_conditions(
            conditions_mut(&mut status),
            generation,
            outcome.as_ref().map(|_| ready_message.as_str()),
        );
        if matches!(outcome, Ok(_) | Err(ReconcileError::Stalled { .. })) {
            status.observed_generation = generation;
        }
        writer.write(&status).await?;

        // Events only on transitions: a new artifact, a new failure, or the
        // recovery from one.
        match &outcome {
            Ok(success) if success.new_artifact => {
                let note = format!(
                    "stored artifact with revision '{}' from '{}'",
                    success.revision,
                    RedactedUrl::new(&obj.spec.url)
                );
                self.events
                    .publish(obj, false, reasons::NEW_ARTIFACT, &note)
                    .await;
                if !success.skipped.is_empty() {
                    let mut note = format!(
                        "left out of the artifact for revision '{}': {}",
                        success.revision,
                        success
                            .skipped
                            .iter()
                            .take(SKIPPED_IN_EVENT)
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join("; ")
                    );
                    if success.skipped.len() > SKIPPED_IN_EVENT {
                        note.push_str(&format!(
                            "; and {} more",
                            success.skipped.len() - SKIPPED_IN_EVENT
                        ));
                    }
                    self.events
                        .publish(obj, true, reasons::ENTRIES_SKIPPED, &note)
                        .await;
                }
            }
            _ => {
                self.events
                    .publish_ready_transition(
                        obj,
                        condition(&before, conditions::READY),
                        condition(&status, conditions::READY),
                    )
                    .await;
            }
        }

        match outcome {
            Ok(_) => {
                // The interval was checked by the steps; a parse error cannot reach here.
                let interval = obj.spec.interval().unwrap_or(Duration::from_secs(60));
                Ok(ballast_runtime::requeue_after(
                    interval,
                    self.jitter_percent,
                ))
            }
            Err(err) => Err(err),
        }
    }

    /// The straight line of steps; each sets only its own conditions.
    async fn reconcile_steps(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
        writer: &mut StatusWriter<'_>,
    ) -> Result<Success, ReconcileError> {
        obj.spec
            .interval()
            .stalled(flux::INVALID_SOURCE_CONFIGURATION)?;
        obj.spec
            .timeout()
            .stalled(flux::INVALID_SOURCE_CONFIGURATION)?;
        self.reconcile_storage(obj, status).await?;
        let included = self.reconcile_include(obj, status).await?;
        let source = self.reconcile_source(obj, status, &included).await?;
        self.reconcile_artifact(obj, status, source, included, writer)
            .await
    }

    /// Checks that the artifact in status is still in storage with its digest
    /// (hashing each one once per process), points its URL at the current
    /// advertised address, and collects garbage.
    async fn reconcile_storage(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
    ) -> Result<(), ReconcileError> {
        let key = object_key(obj)?;
        if let Some(artifact) = status.artifact.as_mut() {
            if self.artifact_present(artifact).await {
                artifact.url = self.storage.url_for(&artifact.path);
                // Stamped for this generation even when a later step fails,
                // so the condition never reports an older one (as Flux does).
                let message = format!("stored artifact for revision '{}'", artifact.revision);
                meta::mark_true(
                    conditions_mut(status),
                    conditions::ARTIFACT_IN_STORAGE,
                    flux::SUCCEEDED,
                    &message,
                    obj.metadata.generation,
                    ballast_runtime::now(),
                );
            } else {
                tracing::info!(object = %key_display(&key), path = %artifact.path, "stored artifact is missing or changed; rebuilding");
                status.artifact = None;
                let generation = obj.metadata.generation;
                let conditions = conditions_mut(status);
                meta::remove_condition(conditions, conditions::ARTIFACT_IN_STORAGE);
                meta::mark_reconciling(
                    conditions,
                    reasons::NO_ARTIFACT,
                    "no artifact for resource in storage",
                    generation,
                    ballast_runtime::now(),
                );
            }
        }
        let current = status.artifact.as_ref().map(|a| a.path.clone());
        self.collect_garbage(&key, current).await;
        Ok(())
    }

    /// Whether `artifact` is in storage with its recorded digest.
    async fn artifact_present(&self, artifact: &Artifact) -> bool {
        if !self.storage.exists(&artifact.path) {
            return false;
        }
        let id = (artifact.path.clone(), artifact.digest.clone());
        if self.verified_contains(&id) {
            return true;
        }
        let storage = self.storage.clone();
        let (path, digest) = id.clone();
        let ok = tokio::task::spawn_blocking(move || storage.verify(&path, &digest))
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or(false);
        if ok && let Ok(mut verified) = self.verified.lock() {
            verified.insert(id);
        }
        ok
    }

    /// The object's Git cache: a hidden directory of the storage root, which
    /// the file server never serves and garbage collection never walks.
    fn cache_dir(&self, obj: &GitRepository) -> PathBuf {
        self.storage
            .root()
            .join(".git-cache")
            .join(obj.namespace().unwrap_or_default())
            .join(obj.name_any())
    }

    fn verified_contains(&self, id: &(String, String)) -> bool {
        self.verified.lock().is_ok_and(|v| v.contains(id))
    }

    /// Deletes superseded artifacts per `--artifact-retention-ttl` and
    /// `--artifact-retention-records`. Failures are logged, never fatal: the
    /// artifact being served is what matters.
    async fn collect_garbage(&self, key: &ObjectKey, current: Option<String>) {
        let storage = self.storage.clone();
        let (keep, ttl) = (self.retention_records, self.retention_ttl);
        let gc_key = key.clone();
        let result = tokio::task::spawn_blocking(move || {
            storage.garbage_collect(&gc_key, current.as_deref(), keep, ttl)
        })
        .await;
        match result {
            Ok(Ok(report)) => {
                if !report.deleted.is_empty() {
                    tracing::info!(object = %key_display(key), deleted = ?report.deleted, "garbage collected artifacts");
                }
            }
            Ok(Err(err)) => {
                tracing::warn!(object = %key_display(key), %err, "garbage collection failed")
            }
            Err(err) => {
                tracing::warn!(object = %key_display(key), %err, "garbage collection task failed")
            }
        }
    }

    /// Resolves the artifacts of `spec.include`; `IncludeUnavailable=True`
    /// (and a wait) while one of them has none.
    async fn reconcile_include(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
    ) -> Result<Vec<Included>, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let api: Api<GitRepository> = Api::namespaced(self.client.clone(), &namespace);
        let mut included = Vec::new();
        for (i, include) in obj.spec.include.iter().flatten().enumerate() {
            let to_path =
                sub_path(include.to_path()).map_err(|reason| ReconcileError::Stalled {
                    reason: flux::INVALID_PATH,
                    message: format!("spec.include[{i}].toPath {:?}: {reason}", include.to_path()),
                })?;
            sub_path(include.from_path()).map_err(|reason| ReconcileError::Stalled {
                reason: flux::INVALID_PATH,
                message: format!(
                    "spec.include[{i}].fromPath {:?}: {reason}",
                    include.from_path()
                ),
            })?;
            let name = &include.repository.name;
            let found = api
                .get_opt(name)
                .await
                .map_err(|e| ReconcileError::Transient {
                    reason: flux::DEPENDENCY_NOT_READY,
                    message: format!(
                        "could not get GitRepository '{namespace}/{name}' for include: {e}"
                    ),
                })?;
            let (reason, message) = match found.as_ref().map(|r| r.artifact()) {
                Some(Some(artifact)) => {
                    included.push(Included {
                        to_path,
                        from_path: include.from_path().to_string(),
                        artifact: artifact.clone(),
                    });
                    continue;
                }
                Some(None) => (
                    reasons::INCLUDE_NO_ARTIFACT,
                    format!("no artifact available for include GitRepository '{namespace}/{name}'"),
                ),
                None => (
                    reasons::INCLUDE_NOT_FOUND,
                    format!("included GitRepository '{namespace}/{name}' not found"),
                ),
            };
            meta::mark_true(
                conditions_mut(status),
                conditions::INCLUDE_UNAVAILABLE,
                reason,
                &message,
                obj.metadata.generation,
                ballast_runtime::now(),
            );
            return Err(ReconcileError::Waiting {
                reason: flux::DEPENDENCY_NOT_READY,
                message,
                retry_after: self.requeue_dependency,
            });
        }
        meta::remove_condition(conditions_mut(status), conditions::INCLUDE_UNAVAILABLE);
        Ok(included)
    }

    /// Fetches `spec.ref` from `spec.url` with the credentials of
    /// `spec.secretRef` and the proxy of `spec.proxySecretRef`. Only an
    /// ls-remote when the remote still points at the stored revision and the
    /// rest of the content configuration is unchanged.
    async fn reconcile_source(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
        included: &[Included],
    ) -> Result<Source, ReconcileError> {
        let generation = obj.metadata.generation;
        // A failed verification is worked out afresh; a successful one stays
        // until a new revision is checked (as Flux).
        if condition(status, conditions::SOURCE_VERIFIED)
            .is_some_and(|c| c.status == meta::ConditionStatus::False)
        {
            meta::remove_condition(conditions_mut(status), conditions::SOURCE_VERIFIED);
        }

        let result = self.fetch(obj, status, included).await;
        let conditions = conditions_mut(status);
        match &result {
            Ok(_) => {
                meta::remove_condition(conditions, conditions::FETCH_FAILED);
            }
            Err(err) => {
                meta::mark_true(
                    conditions,
                    conditions::FETCH_FAILED,
                    err.reason(),
                    err.message(),
                    generation,
                    ballast_runtime::now(),
                );
            }
        }
        let source = result?;
        match (&obj.spec.verification, &source) {
            (None, _) => {
                status.source_verification_mode = None;
                meta::remove_condition(conditions_mut(status), conditions::SOURCE_VERIFIED);
            }
            // NB: never archive a checkout whose signatures did not verify.
            (Some(verification), Source::Fetched(checkout)) => {
                self.reconcile_verification(obj, status, verification, checkout)
                    .await?;
            }
            // The stored artifact's revision was verified with this mode already.
            (Some(_), Source::Unchanged { .. }) => {}
        }
        Ok(source)
    }

    /// Verifies the OpenPGP signatures `spec.verify` asks for on a fresh
    /// checkout with the keys of `spec.verify.secretRef`: `SourceVerified`
    /// True naming each object and key, or False (and no artifact).
    async fn reconcile_verification(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
        verification: &GitRepositoryVerification,
        checkout: &Checkout,
    ) -> Result<(), ReconcileError> {
        let generation = obj.metadata.generation;
        let outcome = self.verify(obj, verification, checkout).await;
        let conditions = conditions_mut(status);
        match outcome {
            Ok(message) => {
                meta::mark_true(
                    conditions,
                    conditions::SOURCE_VERIFIED,
                    flux::SUCCEEDED,
                    &message,
                    generation,
                    ballast_runtime::now(),
                );
                status.source_verification_mode = Some(mode_name(verification.mode()).to_string());
                tracing::debug!(object = %format!("{}/{}", obj.namespace().unwrap_or_default(), obj.name_any()), %message, "verified");
                Ok(())
            }
            Err(err) => {
                meta::mark_false(
                    conditions,
                    conditions::SOURCE_VERIFIED,
                    err.reason(),
                    err.message(),
                    generation,
                    ballast_runtime::now(),
                );
                Err(err)
            }
        }
    }

    async fn verify(
        &self,
        obj: &GitRepository,
        verification: &GitRepositoryVerification,
        checkout: &Checkout,
    ) -> Result<String, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let name = &verification.secret_ref.name;
        let api: Api<Secret> = Api::namespaced(self.client.clone(), &namespace);
        let secret = api
            .get_opt(name)
            .await
            .map_err(|e| ReconcileError::Transient {
                reason: flux::VERIFICATION_ERROR,
                message: format!(
                    "public keys secret error: failed to get secret '{namespace}/{name}' (spec.verify.secretRef): {e}"
                ),
            })?
            .ok_or_else(|| ReconcileError::Transient {
                reason: flux::VERIFICATION_ERROR,
                message: format!(
                    "public keys secret error: secret '{namespace}/{name}' (spec.verify.secretRef) not found"
                ),
            })?;
        let data: BTreeMap<String, Vec<u8>> = secret
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect();
        let keys = Keyring::from_secret(&data).map_err(|e| ReconcileError::Transient {
            reason: flux::VERIFICATION_ERROR,
            message: format!("public keys secret error: secret '{namespace}/{name}': {e}"),
        })?;
        let mode = match verification.mode() {
            GitVerificationMode::Head => VerifyMode::Head,
            GitVerificationMode::Tag => VerifyMode::Tag,
            GitVerificationMode::TagAndHead => VerifyMode::TagAndHead,
        };
        let checkout = checkout.clone();
        let verified =
            tokio::task::spawn_blocking(move || ballast_git::verify(&checkout, mode, &keys))
                .await
                .reason(flux::VERIFICATION_ERROR)?;
        verified
            .map(|v| v.message())
            .map_err(classify_verification_error)
    }

    async fn fetch(
        &self,
        obj: &GitRepository,
        status: &GitRepositoryStatus,
        included: &[Included],
    ) -> Result<Source, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let spec = &obj.spec;
        let mut opts =
            FetchOptions::new(spec.url.clone(), git_reference(spec.checkout_reference()));
        opts.recurse_submodules = spec.recurse_submodules.unwrap_or(false);
        opts.timeout = Some(spec.timeout().stalled(flux::INVALID_SOURCE_CONFIGURATION)?);
        if let Some(secret) = &spec.secret_ref {
            let data = self.secret_data(&namespace, &secret.name).await?;
            opts.auth = AuthOptions::from_secret(&data).map_err(|e| ReconcileError::Transient {
                reason: flux::AUTHENTICATION_FAILED,
                message: format!("secret '{namespace}/{}': {e}", secret.name),
            })?;
        }
        if let Some(secret) = &spec.proxy_secret_ref {
            let data = self.secret_data(&namespace, &secret.name).await?;
            opts.proxy =
                Some(
                    ProxyOptions::from_secret(&data).map_err(|e| ReconcileError::Transient {
                        reason: flux::AUTHENTICATION_FAILED,
                        message: format!("proxy secret '{namespace}/{}': {e}", secret.name),
                    })?,
                );
        }

        // The stored artifact only stands if everything else that shapes it is unchanged.
        let last_revision = status
            .artifact
            .as_ref()
            .filter(|_| content_config_unchanged(obj, status, included))
            .map(|a| a.revision.clone());
        // A persistent cache per object: a poll with an unchanged remote is
        // one ls-remote in an existing repository, and a new commit fetches
        // only what is missing.
        let cache_dir = self.cache_dir(obj);
        tracing::debug!(object = %format!("{namespace}/{}", obj.name_any()), resource_version = ?obj.metadata.resource_version, last_revision = ?last_revision, "fetching");
        let outcome = tokio::task::spawn_blocking(move || {
            ballast_git::fetch(&opts, &cache_dir, last_revision.as_deref())
        })
        .await
        .reason(flux::GIT_OPERATION_FAILED)?;
        match outcome {
            Ok(FetchOutcome::Unchanged { revision }) => Ok(Source::Unchanged { revision }),
            Ok(FetchOutcome::Fetched(checkout)) => Ok(Source::Fetched(checkout)),
            Err(err) => {
                // Secret values the transport refuses only now name the Secret
                // object too, as those refused while reading it above do.
                let secret = match &err {
                    ballast_git::Error::InvalidSecret { .. } => spec
                        .secret_ref
                        .as_ref()
                        .map(|r| format!("secret '{namespace}/{}'", r.name)),
                    ballast_git::Error::InvalidProxySecret { .. } => spec
                        .proxy_secret_ref
                        .as_ref()
                        .map(|r| format!("proxy secret '{namespace}/{}'", r.name)),
                    _ => None,
                };
                Err(match (classify_git_error(err), secret) {
                    (ReconcileError::Transient { reason, message }, Some(secret)) => {
                        ReconcileError::Transient {
                            reason,
                            message: format!("{secret}: {message}"),
                        }
                    }
                    (e, _) => e,
                })
            }
        }
    }

    /// The decoded data of Secret `namespace/name`.
    async fn secret_data(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<BTreeMap<String, Vec<u8>>, ReconcileError> {
        let api: Api<Secret> = Api::namespaced(self.client.clone(), namespace);
        let secret = api.get(name).await.map_err(|e| ReconcileError::Transient {
            reason: flux::AUTHENTICATION_FAILED,
            message: format!("failed to get secret '{namespace}/{name}': {e}"),
        })?;
        Ok(secret
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect())
    }

    /// Archives a fresh checkout (with its includes) into storage, records it
    /// in `status.artifact` and collects garbage; or confirms the stored one.
    async fn reconcile_artifact(
        &self,
        obj: &GitRepository,
        status: &mut GitRepositoryStatus,
        source: Source,
        included: Vec<Included>,
        writer: &mut StatusWriter<'_>,
    ) -> Result<Success, ReconcileError> {
        let generation = obj.metadata.generation;
        let (revision, dir) = match source {
            Source::Unchanged { revision } => {
                meta::mark_true(
                    conditions_mut(status),
                    conditions::ARTIFACT_IN_STORAGE,
                    flux::SUCCEEDED,
                    &format!("stored artifact for revision '{revision}'"),
                    generation,
                    ballast_runtime::now(),
                );
                return Ok(Success {
                    revision,
                    new_artifact: false,
                    skipped: Vec::new(),
                });
            }
            Source::Fetched(checkout) => (checkout.revision, checkout.path),
        };

        let message = match &status.artifact {
            Some(a) if a.revision == revision => {
                format!(
                    "building artifact: content configuration changed for revision '{revision}'"
                )
            }
            _ => format!("building artifact: new upstream revision '{revision}'"),
        };
        writer.progress(status, &message).await?;

        let key = object_key(obj)?;
        let storage = self.storage.clone();
        let ignore = obj.spec.ignore.clone();
        let task_key = key.clone();
        let task_revision = revision.clone();
        let includes: Vec<(String, String, PathBuf)> = included
            .iter()
            .map(|i| {
                (
                    i.artifact.path.clone(),
                    i.from_path.clone(),
                    i.to_path.clone(),
                )
            })
            .collect();
        let built = tokio::task::spawn_blocking(move || {
            // Included artifacts land in their sub paths before archiving,
            // so ignore rules apply to them as well (as in Flux). NB: the next
            // checkout into the cache removes them again (untracked files).
            for (path, from, to) in &includes {
                storage
                    .copy_include(path, from, &dir.join(to), &ExtractLimits::default())
                    .map_err(|e| (flux::ARCHIVE_OPERATION_FAILED, format!("include: {e}")))?;
            }
            storage
                .archive(&task_key, &task_revision, &dir, ignore.as_deref())
                .map_err(|e| (flux::ARCHIVE_OPERATION_FAILED, e.to_string()))
        })
        .await
        .reason(flux::ARCHIVE_OPERATION_FAILED)?;
        let (info, summary) = match built {
            Ok(built) => built,
            Err((reason, message)) => {
                meta::mark_true(
                    conditions_mut(status),
                    conditions::STORAGE_OPERATION_FAILED,
                    reason,
                    &message,
                    generation,
                    ballast_runtime::now(),
                );
                return Err(ReconcileError::Transient { reason, message });
            }
        };
        for warning in &summary.warnings {
            tracing::warn!(object = %key_display(&key), %warning, "left out of the artifact");
        }

        let new_artifact =
            status.artifact.as_ref().map(|a| a.digest.as_str()) != Some(&info.digest);
        if let Ok(mut verified) = self.verified.lock() {
            verified.insert((info.path.clone(), info.digest.clone()));
        }
        status.artifact = Some(Artifact {
            path: info.path.clone(),
            url: info.url,
            revision: info.revision,
            digest: info.digest,
            last_update_time: time(info.last_update_time),
            size: i64::try_from(info.size).ok(),
            metadata: None,
        });
        status.included_artifacts = if included.is_empty() {
            None
        } else {
            Some(included.into_iter().map(|i| i.artifact).collect())
        };
        status.observed_ignore = obj.spec.ignore.clone();
        status.observed_recurse_submodules = obj.spec.recurse_submodules;
        status.observed_include = obj.spec.include.clone();
        let conditions = conditions_mut(status);
        meta::remove_condition(conditions, conditions::STORAGE_OPERATION_FAILED);
        meta::mark_true(
            conditions,
            conditions::ARTIFACT_IN_STORAGE,
            flux::SUCCEEDED,
            &format!("stored artifact for revision '{revision}'"),
            generation,
            ballast_runtime::now(),
        );
        self.collect_garbage(&key, Some(info.path)).await;
        Ok(Success {
            revision,
            new_artifact,
            skipped: summary.warnings,
        })
    }

    /// Removes every stored artifact of a deleted object; the runtime then
    /// removes the finalizer.
    async fn reconcile_delete(&self, obj: &GitRepository) -> Result<Action, ReconcileError> {
        let key = object_key(obj)?;
        let storage = self.storage.clone();
        let task_key = key.clone();
        let report = tokio::task::spawn_blocking(move || storage.remove_all(&task_key))
            .await
            .reason(flux::ARCHIVE_OPERATION_FAILED)?
            .reason(flux::ARCHIVE_OPERATION_FAILED)?;
        if !report.busy.is_empty() {
            return Err(ReconcileError::Transient {
                reason: flux::ARCHIVE_OPERATION_FAILED,
                message: format!(
                    "artifacts of {} are being downloaded, retrying: {}",
                    key_display(&key),
                    report.busy.join(", ")
                ),
            });
        }
        let cache = self.cache_dir(obj);
        if let Err(err) = tokio::task::spawn_blocking(move || std::fs::remove_dir_all(&cache))
            .await
            .reason(flux::ARCHIVE_OPERATION_FAILED)?
            && err.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(object = %key_display(&key), %err, "cannot remove the Git cache");
        }
        tracing::info!(object = %key_display(&key), deleted = ?report.deleted, "removed stored artifacts");
        Ok(Action::await_change())
    }
}

fn object_key(obj: &GitRepository) -> Result<ObjectKey, ReconcileError> {
    ObjectKey::new(KIND, &obj.namespace().unwrap_or_default(), &obj.name_any())
        .stalled(flux::INVALID_PATH)
}

fn key_display(key: &ObjectKey) -> String {
    format!("{}/{}/{}", key.kind, key.namespace, key.name)
}

/// The mode as Flux records it in `status.sourceVerificationMode`.
fn mode_name(mode: GitVerificationMode) -> &'static str {
    match mode {
        GitVerificationMode::Head => "HEAD",
        GitVerificationMode::Tag => "Tag",
        GitVerificationMode::TagAndHead => "TagAndHEAD",
    }
}

/// Whether the stored artifact's revision must be verified (again): `spec.verify`
/// is set and the recorded mode does not cover what it asks for (Flux's
/// `requiresVerification`).
fn requires_verification(obj: &GitRepository, status: &GitRepositoryStatus) -> bool {
    let Some(verification) = &obj.spec.verification else {
        return false;
    };
    let covered = |observed: &str| match verification.mode() {
        GitVerificationMode::Head => matches!(observed, "HEAD" | "TagAndHEAD"),
        GitVerificationMode::Tag => matches!(observed, "Tag" | "TagAndHEAD"),
        GitVerificationMode::TagAndHead => observed == "TagAndHEAD",
    };
    !status
        .source_verification_mode
        .as_deref()
        .is_some_and(covered)
}

/// Maps a verification failure to Flux's `SourceVerified` reasons.
fn classify_verification_error(err: ballast_git::Error) -> ReconcileError {
    use ballast_git::Error as E;
    let message = err.to_string();
    match err {
        E::NoTagToVerify => ReconcileError::Stalled {
            reason: reasons::INVALID_VERIFICATION_MODE,
            message: format!("spec.verify.mode: {message}"),
        },
        E::UnsignedTag { .. } => ReconcileError::Transient {
            reason: reasons::INVALID_GIT_OBJECT,
            message,
        },
        E::TagSignature { .. } => ReconcileError::Transient {
            reason: reasons::INVALID_TAG_SIGNATURE,
            message,
        },
        E::CommitSignature { .. } => ReconcileError::Transient {
            reason: reasons::INVALID_COMMIT_SIGNATURE,
            message,
        },
        _ => ReconcileError::Transient {
            reason: flux::VERIFICATION_ERROR,
            message,
        },
    }
}

/// Whether the stored artifact was built from the same ignore rules,
/// submodule setting and includes as the spec asks for now, and its
/// revision was verified as `spec.verify` asks.
fn content_config_unchanged(
    obj: &GitRepository,
    status: &GitRepositoryStatus,
    included: &[Included],
) -> bool {
    let spec = &obj.spec;
    let stored_includes: Vec<&Artifact> = status.included_artifacts.iter().flatten().collect();
    let includes_same = stored_includes.len() == included.len()
        && stored_includes
            .iter()
            .zip(included)
            .all(|(a, b)| a.digest == b.artifact.digest && a.path == b.artifact.path);
    status.observed_ignore == spec.ignore
        && status.observed_recurse_submodules.unwrap_or(false)
            == spec.recurse_submodules.unwrap_or(false)
        && status.observed_include.as_deref().unwrap_or_default()
            == spec.include.as_deref().unwrap_or_default()
        && includes_same
        && !requires_verification(obj, status)
}

fn git_reference(r: GitRepositoryRef) -> ballast_git::Reference {
    ballast_git::Reference {
        branch: r.branch,
        tag: r.tag,
        semver: r.semver,
        name: r.name,
        commit: r.commit,
    }
}

/// Maps a Git failure to how retrying would go and to Flux's reasons.
fn classify_git_error(err: ballast_git::Error) -> ReconcileError {
    use ballast_git::Error as E;
    let message = err.to_string();
    match &err {
        E::InvalidUrl { .. } => ReconcileError::Stalled {
            reason: flux::URL_INVALID,
            message: format!("spec.url: {message}"),
        },
        E::InvalidReference { reference, .. } => {
            // `reference` starts with the winning field: `semver '…'`, `tag '…'`.
            let field = reference.split_whitespace().next().unwrap_or("ref");
            ReconcileError::Stalled {
                reason: reasons::INVALID_REFERENCE,
                message: format!("spec.ref.{field}: {message}"),
            }
        }
        E::Authentication { .. } | E::InvalidSecret { .. } | E::InvalidProxySecret { .. } => {
            ReconcileError::Transient {
                reason: flux::AUTHENTICATION_FAILED,
                message,
            }
        }
        _ => ReconcileError::Transient {
            reason: flux::GIT_OPERATION_FAILED,
            message,
        },
    }
}

/// A relative path that stays inside its parent (`spec.include` paths).
fn sub_path(p: &str) -> Result<PathBuf, &'static str> {
    let mut out = PathBuf::new();
    for c in Path::new(p).components() {
        match c {
            Component::Normal(seg) => out.push(seg),
            Component::CurDir => {}
            _ => return Err("must be a relative path without '..'"),
        }
    }
    Ok(out)
}

fn time(t: SystemTime) -> Time {
    k8s_openapi::jiff::Timestamp::try_from(t)
        .map(Time)
        .unwrap_or_else(|_| ballast_runtime::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_api::meta::LocalObjectReference;
    use ballast_api::source::v1::{GitRepositoryInclude, GitRepositorySpec};

    fn repo(spec: GitRepositorySpec) -> GitRepository {
        GitRepository::new("podinfo", spec)
    }

    fn artifact(path: &str, digest: &str) -> Artifact {
        Artifact {
            path: path.into(),
            url: String::new(),
            revision: "main@sha1:1".into(),
            digest: digest.into(),
            last_update_time: ballast_runtime::now(),
            size: None,
            metadata: None,
        }
    }

    #[test]
    fn content_config_changes_when_ignore_include_or_submodules_change() {
        struct Case {
            name: &'static str,
            spec: GitRepositorySpec,
            status: GitRepositoryStatus,
            included: Vec<Included>,
            want: bool,
        }
        let include = GitRepositoryInclude {
            repository: LocalObjectReference::new("shared"),
            ..Default::default()
        };
        let with_include = GitRepositorySpec {
            include: Some(vec![include.clone()]),
            ..Default::default()
        };
        let included = || {
            vec![Included {
                to_path: "shared".into(),
                from_path: String::new(),
                artifact: artifact("gitrepository/default/shared/1.tar.gz", "sha256:a"),
            }]
        };
        let cases = [
            Case {
                name: "nothing set, nothing observed",
                spec: GitRepositorySpec::default(),
                status: GitRepositoryStatus::default(),
                included: vec![],
                want: true,
            },
            Case {
                name: "ignore added",
                spec: GitRepositorySpec {
                    ignore: Some("*.md".into()),
                    ..Default::default()
                },
                status: GitRepositoryStatus::default(),
                included: vec![],
                want: false,
            },
            Case {
                name: "submodules turned on",
                spec: GitRepositorySpec {
                    recurse_submodules: Some(true),
                    ..Default::default()
                },
                status: GitRepositoryStatus::default(),
                included: vec![],
                want: false,
            },
            Case {
                name: "include observed with the same artifact",
                spec: with_include.clone(),
                status: GitRepositoryStatus {
                    observed_include: Some(vec![include.clone()]),
                    included_artifacts: Some(vec![artifact(
                        "gitrepository/default/shared/1.tar.gz",
                        "sha256:a",
                    )]),
                    ..Default::default()
                },
                included: included(),
                want: true,
            },
            Case {
                name: "included artifact has a new digest",
                spec: with_include.clone(),
                status: GitRepositoryStatus {
                    observed_include: Some(vec![include]),
                    included_artifacts: Some(vec![artifact(
                        "gitrepository/default/shared/1.tar.gz",
                        "sha256:b",
                    )]),
                    ..Default::default()
                },
                included: included(),
                want: false,
            },
        ];
        for case in cases {
            let obj = repo(case.spec);
            assert_eq!(
                content_config_unchanged(&obj, &case.status, &case.included),
                case.want,
                "{}",
                case.name
            );
        }
    }

    #[test]
    fn invalid_input_stalls_naming_the_field() {
        let err = classify_git_error(ballast_git::Error::InvalidReference {
            reference: "semver '>>1'".into(),
            reason: "unexpected character".into(),
        });
        assert!(matches!(err, ReconcileError::Stalled { .. }));
        assert!(
            err.message().starts_with("spec.ref.semver:"),
            "{}",
            err.message()
        );
        let err = classify_git_error(ballast_git::Error::InvalidUrl {
            url: "htp://x".into(),
            reason: "unsupported scheme".into(),
        });
        assert_eq!(err.reason(), flux::URL_INVALID);
        assert!(err.message().starts_with("spec.url:"));
    }

    #[test]
    fn verification_is_redone_when_the_recorded_mode_does_not_cover_the_spec() {
        use ballast_api::source::v1::GitRepositoryVerification;
        let cases = [
            // (spec mode, recorded mode, must verify again)
            (None, None, false),
            (Some("HEAD"), None, true),
            (Some("HEAD"), Some("HEAD"), false),
            (Some("head"), Some("HEAD"), false),
            (Some("Tag"), Some("HEAD"), true),
            (Some("HEAD"), Some("Tag"), true),
            (Some("TagAndHEAD"), Some("Tag"), true),
            (Some("Tag"), Some("TagAndHEAD"), false),
            (Some("HEAD"), Some("TagAndHEAD"), false),
        ];
        for (mode, recorded, want) in cases {
            let obj = repo(GitRepositorySpec {
                verification: mode.map(|m| GitRepositoryVerification {
                    mode: Some(m.into()),
                    secret_ref: LocalObjectReference::new("keys"),
                }),
                ..Default::default()
            });
            let status = GitRepositoryStatus {
                source_verification_mode: recorded.map(str::to_string),
                ..Default::default()
            };
            assert_eq!(
                requires_verification(&obj, &status),
                want,
                "spec {mode:?}, recorded {recorded:?}"
            );
            assert_eq!(content_config_unchanged(&obj, &status, &[]), !want);
        }
    }

    #[test]
    fn verification_failures_map_to_flux_reasons() {
        use ballast_git::Error as E;
        let cases = [
            (E::NoTagToVerify, reasons::INVALID_VERIFICATION_MODE, true),
            (
                E::UnsignedTag { tag: "v1".into() },
                reasons::INVALID_GIT_OBJECT,
                false,
            ),
            (
                E::TagSignature {
                    tag: "v1@abc".into(),
                    reason: "x".into(),
                },
                reasons::INVALID_TAG_SIGNATURE,
                false,
            ),
            (
                E::CommitSignature {
                    commit: "abc".into(),
                    reason: "x".into(),
                },
                reasons::INVALID_COMMIT_SIGNATURE,
                false,
            ),
        ];
        for (err, reason, stalled) in cases {
            let got = classify_verification_error(err);
            assert_eq!(got.reason(), reason);
            assert_eq!(
                matches!(got, ReconcileError::Stalled { .. }),
                stalled,
                "{reason}"
            );
        }
    }

    #[test]
    fn include_paths_stay_inside() {
        assert_eq!(sub_path("a/./b").unwrap(), PathBuf::from("a/b"));
        assert!(sub_path("../x").is_err());
        assert!(sub_path("/etc").is_err());
        assert_eq!(sub_path("").unwrap(), PathBuf::new());
    }
}
