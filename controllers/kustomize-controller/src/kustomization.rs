//! The Kustomization reconciler: source → render → apply → prune → health,
//! as straight-line steps returning [`ReconcileError`]s.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ballast_api::kustomize::v1::{DeletionPolicy, SourceKind, SubstituteStrategy};
use ballast_api::kustomize::v1::{KustomizationStatus, ResourceInventory, ResourceRef};
use ballast_api::meta::{self, ObjectStatus, conditions, find_condition};
use ballast_api::{GitRepository, Kustomization};
use ballast_apply::{
    ApplyOptions, CancellationToken, ChangeSet, DeleteOptions, DiscoveryCache, HealthRules,
    ObjectRef as ApplyRef, ObjectSet, ResourceManager, WaitOptions,
};
use ballast_artifact::DownloadOptions;
use ballast_render::{FluxOverlay, PostBuild, Substitution};
use ballast_runtime::{
    Action, Events, ReconcileError, Reconciler, finalize_conditions, patch_status,
    reconcile_requested_at, requeue_after,
};
use futures::StreamExt;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use kube::api::{Api, DynamicObject};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Client, ResourceExt};
use serde_json::{Map, Value, json};

use crate::Config;

pub(crate) mod cluster;
mod expressions;

use cluster::{KubeConfigPolicy, Target};

/// The field manager of every apply, as Flux's.
pub const FIELD_MANAGER: &str = "kustomize-controller";

const NAME_LABEL: &str = "kustomize.toolkit.fluxcd.io/name";
const NAMESPACE_LABEL: &str = "kustomize.toolkit.fluxcd.io/namespace";

/// Condition reasons this controller sets beyond the shared Flux ones.
pub mod reasons {
    /// `spec.sourceRef.kind` names a source kind Ballast does not consume yet.
    pub const UNSUPPORTED_SOURCE_KIND: &str = "UnsupportedSourceKind";
    /// `spec.decryption` asks for SOPS decryption, which Ballast lacks.
    pub const SOPS_DECRYPTION_UNSUPPORTED: &str = "SOPSDecryptionUnsupported";
    /// A spec field asks for a feature this controller does not have yet.
    pub const UNSUPPORTED_FIELD: &str = "UnsupportedField";
}

/// Reconciles `Kustomization`s.
pub(crate) struct KustomizationReconciler {
    client: Client,
    events: Events,
    requeue_dependency: Duration,
    jitter_percent: u8,
    /// `--default-service-account`: impersonated when a Kustomization names none.
    default_service_account: Option<String>,
    /// `--insecure-kubeconfig-exec` and `--insecure-kubeconfig-tls`.
    kubeconfig_policy: KubeConfigPolicy,
    /// Discovery of the local cluster, shared by every reconcile (as the
    /// controller or an impersonated account: discovery is the same).
    discovery: DiscoveryCache,
    /// `--feature-gates`.
    features: crate::FeatureGates,
}

impl KustomizationReconciler {
    pub(crate) fn new(client: Client, config: &Config) -> Self {
        Self {
            events: Events::new(client.clone(), crate::CONTROLLER_NAME),
            client,
            requeue_dependency: config.requeue_dependency,
            jitter_percent: config.options.interval_jitter_percentage,
            default_service_account: Some(config.default_service_account.clone())
                .filter(|sa| !sa.is_empty()),
            kubeconfig_policy: KubeConfigPolicy {
                allow_exec: config.insecure_kubeconfig_exec,
                allow_insecure_tls: config.insecure_kubeconfig_tls,
            },
            discovery: DiscoveryCache::default(),
            features: config.feature_gates.clone(),
        }
    }

    /// The apply engine for `ks`'s objects, talking to `target` (the local
    /// cluster, a remote one, or either as an impersonated account).
    fn manager(&self, ks: &Kustomization, target: &Target) -> ResourceManager {
        let manager = ResourceManager::new(target.client.clone(), FIELD_MANAGER, owner_labels(ks));
        // NB: never the local cluster's discovery for a remote one: their
        // kinds differ. A remote target discovers afresh each reconcile.
        if target.remote {
            manager
        } else {
            manager.with_discovery_cache(self.discovery.clone())
        }
    }

    /// Where and as whom `ks` applies (`spec.kubeConfig`,
    /// `spec.serviceAccountName`, `--default-service-account`).
    async fn target(&self, ks: &Kustomization) -> Result<Target, String> {
        cluster::target(
            &self.client,
            ks,
            self.default_service_account.as_deref(),
            &self.kubeconfig_policy,
        )
        .await
    }

    fn waiting(&self, reason: &'static str, message: String) -> ReconcileError {
        ReconcileError::Waiting {
            reason,
            message,
            retry_after: self.requeue_dependency,
        }
    }
}

/// Whether `ks` takes its source from GitRepository `namespace/name`.
pub(crate) fn references_git_repository(ks: &Kustomization, namespace: &str, name: &str) -> bool {
    let source = &ks.spec.source_ref;
    let source_ns = source
        .namespace
        .clone()
        .or_else(|| ks.namespace())
        .unwrap_or_default();
    source.kind == SourceKind::GitRepository && source.name == name && source_ns == namespace
}

/// Whether `ks` lists Kustomization `namespace/name` in `spec.dependsOn`.
pub(crate) fn depends_on(ks: &Kustomization, namespace: &str, name: &str) -> bool {
    let own_ns = ks.namespace().unwrap_or_default();
    ks.spec
        .depends_on
        .iter()
        .flatten()
        .any(|dep| dep.name == name && dep.namespace.as_deref().unwrap_or(&own_ns) == namespace)
}

fn owner_labels(ks: &Kustomization) -> BTreeMap<String, String> {
    BTreeMap::from([
        (NAME_LABEL.to_string(), ks.name_any()),
        (
            NAMESPACE_LABEL.to_string(),
            ks.namespace().unwrap_or_default(),
        ),
    ])
}

fn stalled(reason: &'static str, message: String) -> ReconcileError {
    ReconcileError::Stalled { reason, message }
}

/// A failure that a new revision or a retry may fix: retried after `spec.retryInterval`.
fn retry(reason: &'static str, message: String, after: Duration) -> ReconcileError {
    ReconcileError::Waiting {
        reason,
        message,
        retry_after: after,
    }
}

/// Joins `spec.path` to `root` lexically, refusing paths that climb out of it
/// (Flux resolves the path inside the artifact the same way).
fn confined_path(root: &Path, path: &str) -> Result<PathBuf, ReconcileError> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(stalled(
                        meta::reasons::INVALID_PATH,
                        format!("spec.path {path:?} points outside the source root"),
                    ));
                }
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    let mut joined = root.to_path_buf();
    joined.extend(parts);
    Ok(joined)
}

/// Objects of `ref` kind and version, from an `apiVersion` like `apps/v1`.
fn split_api_version(api_version: &str) -> (&str, &str) {
    match api_version.split_once('/') {
        Some((group, version)) => (group, version),
        None => ("", api_version),
    }
}

impl KustomizationReconciler {
    /// Fails on spec fields this controller cannot honour yet, before
    /// anything is fetched or applied.
    fn reconcile_unsupported(&self, ks: &Kustomization) -> Result<(), ReconcileError> {
        let spec = &ks.spec;
        if spec.decryption.is_some() {
            return Err(stalled(
                reasons::SOPS_DECRYPTION_UNSUPPORTED,
                "spec.decryption: SOPS decryption is not supported by Ballast yet; nothing was applied"
                    .to_string(),
            ));
        }
        if spec.source_ref.kind != SourceKind::GitRepository {
            return Err(stalled(
                reasons::UNSUPPORTED_SOURCE_KIND,
                format!(
                    "spec.sourceRef.kind {} is not supported yet (only GitRepository)",
                    spec.source_ref.kind.as_str()
                ),
            ));
        }
        let unsupported = [(
            "spec.kubeConfig.configMapRef (workload identity)",
            spec.kube_config
                .as_ref()
                .is_some_and(|k| k.secret_ref.is_none() && k.config_map_ref.is_some()),
        )];
        if let Some((field, _)) = unsupported.iter().find(|(_, set)| *set) {
            return Err(stalled(
                reasons::UNSUPPORTED_FIELD,
                format!("{field} is not supported by Ballast yet; nothing was applied"),
            ));
        }
        Ok(())
    }

    /// Compiles the spec's CEL (`healthCheckExprs`, `dependsOn[].readyExpr`)
    /// before anything is fetched: a bad expression stalls the
    /// Kustomization with `InvalidCELExpression`, naming the expression.
    fn reconcile_expressions(
        ks: &Kustomization,
    ) -> Result<(HealthRules, Vec<Option<expressions::ReadyExpr>>), ReconcileError> {
        let invalid = |message: String| {
            stalled(
                meta::reasons::INVALID_CEL_EXPRESSION,
                format!("{}: {message}", expressions::TERMINAL),
            )
        };
        let rules = expressions::health_rules(ks).map_err(invalid)?;
        let ready_exprs = ks
            .spec
            .depends_on
            .iter()
            .flatten()
            .map(|dep| {
                dep.ready_expr
                    .as_deref()
                    .filter(|e| !e.trim().is_empty())
                    .map(|e| {
                        expressions::ReadyExpr::compile(e).map_err(|e| {
                            invalid(format!("failed to evaluate dependency {}: {e}", dep.name))
                        })
                    })
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        Ok((rules, ready_exprs))
    }

    /// Each dependency must be Ready at its current generation and have
    /// applied its source's current revision; a dependency with a
    /// `readyExpr` is ready when the expression is true instead, or as well
    /// with the `AdditiveCELDependencyCheck` gate (as in Flux).
    async fn reconcile_dependencies(
        &self,
        ks: &Kustomization,
        ready_exprs: &[Option<expressions::ReadyExpr>],
    ) -> Result<(), ReconcileError> {
        let own_ns = ks.namespace().unwrap_or_default();
        for (i, dep) in ks.spec.depends_on.iter().flatten().enumerate() {
            let ns = dep.namespace.clone().unwrap_or_else(|| own_ns.clone());
            let id = format!("{ns}/{}", dep.name);
            let api: Api<Kustomization> = Api::namespaced(self.client.clone(), &ns);
            let not_ready = |why: &str| {
                self.waiting(
                    meta::reasons::DEPENDENCY_NOT_READY,
                    format!("dependency '{id}' {why}"),
                )
            };
            let Some(dep_obj) = api
                .get_opt(&dep.name)
                .await
                .map_err(|e| not_ready(&format!("cannot be read: {e}")))?
            else {
                return Err(not_ready("not found"));
            };
            if let Some(expr) = ready_exprs.get(i).and_then(Option::as_ref) {
                let json = |o: &Kustomization| {
                    serde_json::to_value(o)
                        .map_err(|e| not_ready(&format!("cannot be converted for readyExpr: {e}")))
                };
                match expr.evaluate(&json(ks)?, &json(&dep_obj)?) {
                    Ok(true) if !self.features.additive_cel_dependency_check => continue,
                    // The gate adds the built-in check below to the expression.
                    Ok(true) => {}
                    Ok(false) => return Err(not_ready("is not ready according to readyExpr eval")),
                    Err(expressions::ReadyExprError::Failed(e)) => {
                        return Err(not_ready(&format!("is not ready: {e}")));
                    }
                    Err(expressions::ReadyExprError::Invalid(e)) => {
                        return Err(stalled(
                            meta::reasons::INVALID_CEL_EXPRESSION,
                            format!(
                                "{}: failed to evaluate dependency {}: {e}",
                                expressions::TERMINAL,
                                dep.name
                            ),
                        ));
                    }
                }
            }
            let status = dep_obj.status.clone().unwrap_or_default();
            let ready = meta::is_true(status.conditions(), conditions::READY)
                && status.observed_generation() == dep_obj.metadata.generation;
            if !ready {
                return Err(not_ready("is not ready"));
            }
            if dep_obj.spec.source_ref.kind == SourceKind::GitRepository {
                let source = self.source_of(&dep_obj).await.ok().flatten();
                let current = source
                    .as_ref()
                    .and_then(|s| s.status.as_ref())
                    .and_then(|s| s.artifact.as_ref())
                    .map(|a| a.revision.clone());
                if current.is_some() && current != status.last_applied_revision {
                    return Err(not_ready("is not up to date with its source revision"));
                }
            }
        }
        Ok(())
    }

    async fn source_of(&self, ks: &Kustomization) -> Result<Option<GitRepository>, kube::Error> {
        let source = &ks.spec.source_ref;
        let ns = source
            .namespace
            .clone()
            .or_else(|| ks.namespace())
            .unwrap_or_default();
        Api::<GitRepository>::namespaced(self.client.clone(), &ns)
            .get_opt(&source.name)
            .await
    }

    /// Resolves `spec.postBuild` into the renderer's form, reading
    /// `substituteFrom` ConfigMaps and Secrets (later ones override earlier
    /// ones, inline `substitute` overrides all, as in Flux).
    async fn post_build(&self, ks: &Kustomization) -> Result<Option<PostBuild>, ReconcileError> {
        let Some(spec) = &ks.spec.post_build else {
            return Ok(None);
        };
        let ns = ks.namespace().unwrap_or_default();
        let mut vars = BTreeMap::new();
        for source in spec.substitute_from.iter().flatten() {
            let optional = source.optional.unwrap_or(false);
            let what = format!(
                "spec.postBuild.substituteFrom {} '{ns}/{}'",
                source.kind, source.name
            );
            let data: Option<BTreeMap<String, String>> = match source.kind.as_str() {
                "ConfigMap" => Api::<ConfigMap>::namespaced(self.client.clone(), &ns)
                    .get_opt(&source.name)
                    .await
                    .map_err(|e| self.waiting("SubstituteFromFailed", format!("{what}: {e}")))?
                    .map(|cm| cm.data.unwrap_or_default()),
                "Secret" => Api::<Secret>::namespaced(self.client.clone(), &ns)
                    .get_opt(&source.name)
                    .await
                    .map_err(|e| self.waiting("SubstituteFromFailed", format!("{what}: {e}")))?
                    .map(|s| {
                        s.data
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(k, v)| (k, String::from_utf8_lossy(&v.0).into_owned()))
                            .chain(s.string_data.unwrap_or_default())
                            .collect()
                    }),
                other => {
                    return Err(stalled(
                        reasons::UNSUPPORTED_FIELD,
                        format!("{what}: kind {other:?} must be ConfigMap or Secret"),
                    ));
                }
            };
            match data {
                Some(data) => vars.extend(data),
                None if optional => {}
                None => {
                    return Err(self.waiting(
                        meta::reasons::DEPENDENCY_NOT_READY,
                        format!("{what} not found"),
                    ));
                }
            }
        }
        vars.extend(spec.substitute.clone().unwrap_or_default());
        Ok(Some(PostBuild {
            substitute: vars,
            strict: self.features.strict_post_build_substitutions,
        }))
    }

    /// The renderer's overlay from the Kustomization's overlay fields; the
    /// renderer reads Flux's JSON names, so the spec fields pass through.
    fn overlay(
        ks: &Kustomization,
        post_build: Option<PostBuild>,
    ) -> Result<FluxOverlay, ReconcileError> {
        let spec = serde_json::to_value(&ks.spec).map_err(|e| {
            stalled(
                meta::reasons::BUILD_FAILED,
                format!("cannot serialize spec: {e}"),
            )
        })?;
        let mut fields = Map::new();
        for key in [
            "targetNamespace",
            "namePrefix",
            "nameSuffix",
            "patches",
            "images",
            "components",
            "ignoreMissingComponents",
            "commonMetadata",
        ] {
            if let Some(value) = spec.get(key).filter(|v| !v.is_null()) {
                fields.insert(key.to_string(), value.clone());
            }
        }
        let mut overlay: FluxOverlay =
            serde_json::from_value(Value::Object(fields)).map_err(|e| {
                stalled(
                    meta::reasons::BUILD_FAILED,
                    format!("spec overlay fields: {e}"),
                )
            })?;
        overlay.post_build = post_build;
        Ok(overlay)
    }

    /// Downloads and renders the source artifact; returns the objects to apply.
    async fn reconcile_build(
        &self,
        ks: &Kustomization,
        artifact: &meta::Artifact,
        retry_after: Duration,
    ) -> Result<Vec<DynamicObject>, ReconcileError> {
        let dir = tempfile::tempdir().map_err(|e| {
            retry(
                meta::reasons::ARTIFACT_FAILED,
                format!("cannot create a temporary directory: {e}"),
                retry_after,
            )
        })?;
        ballast_artifact::fetch_artifact(
            &artifact.url,
            &artifact.digest,
            dir.path(),
            &DownloadOptions::default(),
        )
        .await
        .map_err(|e| {
            retry(
                meta::reasons::ARTIFACT_FAILED,
                format!("artifact '{}': {e}", artifact.revision),
                retry_after,
            )
        })?;
        let spec_path = ks.spec.path.clone().unwrap_or_else(|| "./".to_string());
        let path = confined_path(dir.path(), &spec_path)?;
        if !path.is_dir() {
            return Err(stalled(
                meta::reasons::INVALID_PATH,
                format!(
                    "spec.path {spec_path:?} not found in revision '{}'",
                    artifact.revision
                ),
            ));
        }
        let post_build = self.post_build(ks).await?;
        // The renderer substitutes only when there are variables (Flux's
        // `WithVariables`); `Always` substitutes without any too, so
        // `${var:=default}` gets its default.
        let substitute_anyway = ks.spec.post_build.is_some()
            && ks.spec.substitute_strategy() == SubstituteStrategy::Always
            && post_build.as_ref().is_none_or(|p| p.substitute.is_empty());
        let overlay = Self::overlay(ks, post_build)?;
        let root = dir.path().to_path_buf();
        // Errors name files relative to the artifact: the extraction dir is
        // random per attempt, and a message that changes on every retry is
        // a status write (and an event) on every retry.
        let root_prefix = format!("{}/", root.display());
        let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
        let rendered = tokio::task::spawn_blocking(move || {
            let result =
                ballast_render::render_flux(&root, &relative, &overlay).and_then(|mut objects| {
                    if substitute_anyway {
                        ballast_render::substitute(&mut objects, &Substitution::default())?;
                    }
                    Ok(objects)
                });
            drop(dir);
            result
        })
        .await
        .map_err(|e| {
            retry(
                meta::reasons::BUILD_FAILED,
                format!("render task failed: {e}"),
                retry_after,
            )
        })?
        .map_err(|e| {
            retry(
                meta::reasons::BUILD_FAILED,
                e.to_string().replace(&root_prefix, ""),
                retry_after,
            )
        })?;

        let labels = owner_labels(ks);
        rendered
            .into_iter()
            .map(|mut value| {
                if let Some(metadata) = value.get_mut("metadata").and_then(Value::as_object_mut) {
                    let obj_labels = metadata.entry("labels").or_insert_with(|| json!({}));
                    if let Some(obj_labels) = obj_labels.as_object_mut() {
                        for (k, v) in &labels {
                            obj_labels.insert(k.clone(), Value::String(v.clone()));
                        }
                    }
                }
                serde_json::from_value::<DynamicObject>(value).map_err(|e| {
                    retry(
                        meta::reasons::BUILD_FAILED,
                        format!("rendered object is not a Kubernetes object: {e}"),
                        retry_after,
                    )
                })
            })
            .collect()
    }

    /// Patches `status` now, before a slow step, so readers see what is
    /// going on; `patched` is the status as last written and is updated.
    /// A failed patch only costs the progress report.
    async fn report_progress(
        &self,
        ks: &Kustomization,
        status: &KustomizationStatus,
        patched: &mut Option<KustomizationStatus>,
    ) {
        let api: Api<Kustomization> =
            Api::namespaced(self.client.clone(), &ks.namespace().unwrap_or_default());
        match patch_status(&api, ks, FIELD_MANAGER, patched.as_ref(), status).await {
            Ok(_) => *patched = Some(status.clone()),
            Err(err) => {
                tracing::warn!(kustomization = %ks.name_any(), %err, "cannot report progress")
            }
        }
    }

    /// Everything after the prologue; returns the Ready message. `patched`
    /// is the status as last written (progress reports write it early).
    async fn reconcile_steps(
        &self,
        ks: &Kustomization,
        status: &mut KustomizationStatus,
        changes: &mut ChangeSet,
        patched: &mut Option<KustomizationStatus>,
    ) -> Result<String, ReconcileError> {
        self.reconcile_unsupported(ks)?;
        let (health_rules, ready_exprs) = Self::reconcile_expressions(ks)?;
        let retry_after = ks
            .spec
            .retry_interval()
            .map_err(|e| stalled(meta::reasons::FAILED, e.to_string()))?;
        let timeout = ks
            .spec
            .timeout()
            .map_err(|e| stalled(meta::reasons::FAILED, e.to_string()))?;

        let source_id = format!(
            "GitRepository/{}/{}",
            ks.spec
                .source_ref
                .namespace
                .clone()
                .or_else(|| ks.namespace())
                .unwrap_or_default(),
            ks.spec.source_ref.name
        );
        let source = self.source_of(ks).await.map_err(|e| {
            self.waiting(
                meta::reasons::DEPENDENCY_NOT_READY,
                format!("Source '{source_id}' cannot be read: {e}"),
            )
        })?;
        let Some(source) = source else {
            return Err(self.waiting(
                meta::reasons::DEPENDENCY_NOT_READY,
                format!("Source '{source_id}' not found"),
            ));
        };
        let Some(artifact) = source.status.as_ref().and_then(|s| s.artifact.clone()) else {
            return Err(self.waiting(
                meta::reasons::DEPENDENCY_NOT_READY,
                format!("Source '{source_id}' is not ready, artifact not found"),
            ));
        };
        self.reconcile_dependencies(ks, &ready_exprs).await?;

        status.last_attempted_revision = Some(artifact.revision.clone());
        let objects = self.reconcile_build(ks, &artifact, retry_after).await?;

        let target = self
            .target(ks)
            .await
            .map_err(|message| retry(meta::reasons::RECONCILIATION_FAILED, message, retry_after))?;
        let manager = self.manager(ks, &target).with_health_rules(health_rules);
        let options = ApplyOptions {
            force: ks.spec.force(),
            ..ApplyOptions::default()
        };
        let applied = manager.apply(&objects, &options).await.map_err(|e| {
            retry(
                meta::reasons::RECONCILIATION_FAILED,
                e.to_string(),
                retry_after,
            )
        })?;
        changes.extend(applied.clone());
        let mut inventory = applied.to_object_set();

        let old = old_inventory(status);
        if ks.spec.prune {
            let stale = old.diff(&inventory);
            let pruned = manager.delete(&stale, &DeleteOptions::default()).await;
            changes.extend(pruned.changes);
            if !pruned.failed.is_empty() {
                // What could not be deleted stays in the inventory for the next try.
                let message = pruned
                    .failed
                    .iter()
                    .map(|(object, e)| format!("{}: {e}", object.subject()))
                    .collect::<Vec<_>>()
                    .join("; ");
                for (object, _) in pruned.failed {
                    inventory.insert(object);
                }
                status.inventory = Some(to_inventory(&inventory));
                return Err(retry(
                    meta::reasons::PRUNE_FAILED,
                    format!("prune failed: {message}"),
                    retry_after,
                ));
            }
        }
        // Without prune, objects removed from the source are left in the
        // cluster and leave the inventory, as in Flux.
        status.inventory = Some(to_inventory(&inventory));

        let mut checks: Vec<ApplyRef> = if ks.spec.wait() {
            applied.to_object_set().iter().cloned().collect()
        } else {
            let own_ns = ks.namespace().unwrap_or_default();
            ks.spec
                .health_checks
                .iter()
                .flatten()
                .map(|c| {
                    let (group, version) =
                        split_api_version(c.api_version.as_deref().unwrap_or(""));
                    ApplyRef::new(
                        group,
                        version,
                        c.kind.clone(),
                        c.namespace.clone().unwrap_or_else(|| own_ns.clone()),
                        c.name.clone(),
                    )
                })
                .collect()
        };
        // A Kustomization that applies itself must not wait on itself.
        checks.retain(|c| {
            !(c.group == ballast_api::kustomize::v1::GROUP
                && c.kind == ballast_api::kustomize::v1::KUSTOMIZATION_KIND
                && Some(&c.name) == ks.metadata.name.as_ref()
                && Some(&c.namespace) == ks.metadata.namespace.as_ref())
        });
        if !checks.is_empty() {
            let options = WaitOptions {
                timeout,
                ..WaitOptions::default()
            };
            let generation = ks.metadata.generation;
            // Tell readers what is being waited for, as Flux does, when this
            // apply of a new revision or spec changed something (a rollout
            // may take a while).
            // NB: only then: every status write requeues the Kustomization,
            // and these passes write their status anyway (new revision or
            // generation); a report on every pass (a drift heal, a retry)
            // would make each reconcile start another.
            let first_pass = status.last_applied_revision.as_deref()
                != Some(artifact.revision.as_str())
                || status.observed_generation() != generation;
            if first_pass && changes.has_changes() {
                let message = format!(
                    "Running health checks for revision {} with a timeout of {}",
                    artifact.revision,
                    meta::format_duration(timeout)
                );
                let now = ballast_runtime::now();
                meta::mark_reconciling(
                    status.conditions_mut(),
                    meta::reasons::PROGRESSING,
                    &message,
                    generation,
                    now.clone(),
                );
                meta::mark_unknown(
                    status.conditions_mut(),
                    conditions::HEALTHY,
                    meta::reasons::PROGRESSING,
                    &message,
                    generation,
                    now,
                );
                self.report_progress(ks, status, patched).await;
            }
            let started = std::time::Instant::now();
            let result = self
                .wait_cancellable(ks, &manager, &checks, &options, &artifact.revision)
                .await;
            let result = match result {
                Err(HealthWait::Superseded { trigger, revision }) => {
                    tracing::info!(
                        kustomization = %format!("{}/{}", ks.namespace().unwrap_or_default(), ks.name_any()),
                        %trigger, %revision,
                        "new reconcile requested while waiting for health checks, cancelling them"
                    );
                    // Reconcile again at once, against the new revision.
                    return Err(ReconcileError::Waiting {
                        reason: meta::reasons::HEALTH_CHECK_CANCELED,
                        message: format!("New reconciliation triggered by {trigger}"),
                        retry_after: Duration::ZERO,
                    });
                }
                Err(HealthWait::Failed(e)) => Err(e.to_string()),
                Ok(()) => Ok(()),
            };
            match result {
                // NB: an unchanged Healthy=True keeps its message (and so its
                // status), for the same reason as the progress report.
                Ok(())
                    if find_condition(status.conditions(), conditions::HEALTHY).is_some_and(
                        |c| {
                            c.status == meta::ConditionStatus::True
                                && c.observed_generation == generation
                        },
                    ) => {}
                Ok(()) => {
                    let message = format!(
                        "Health check passed in {}",
                        meta::format_duration(started.elapsed())
                    );
                    meta::mark_true(
                        status.conditions_mut(),
                        conditions::HEALTHY,
                        meta::reasons::SUCCEEDED,
                        &message,
                        generation,
                        ballast_runtime::now(),
                    );
                }
                Err(e) => {
                    let message = e.to_string();
                    meta::mark_false(
                        status.conditions_mut(),
                        conditions::HEALTHY,
                        meta::reasons::HEALTH_CHECK_FAILED,
                        &message,
                        generation,
                        ballast_runtime::now(),
                    );
                    return Err(retry(
                        meta::reasons::HEALTH_CHECK_FAILED,
                        message,
                        retry_after,
                    ));
                }
            }
        } else {
            // Nothing to check: no health to report, as in Flux.
            meta::remove_condition(status.conditions_mut(), conditions::HEALTHY);
        }

        status.last_applied_revision = Some(artifact.revision.clone());
        Ok(format!("Applied revision: {}", artifact.revision))
    }
}

/// How a health check wait ended without the objects becoming healthy.
enum HealthWait {
    /// Something asked for a new reconcile while waiting: `trigger` names
    /// it (the source at a new `revision`, the Kustomization edited, a drift).
    Superseded { trigger: String, revision: String },
    /// The objects failed or the timeout passed.
    Failed(ballast_apply::Error),
}

impl KustomizationReconciler {
    /// Waits for `checks` to be healthy, giving up as soon as the source has
    /// a revision other than `revision`, or the Kustomization is edited,
    /// asked to reconcile or deleted: a fix must not wait behind the timeout
    /// of the broken state it replaces. (Flux does this only with its
    /// `CancelHealthCheckOnNewRevision` gate; here it is the default.)
    async fn wait_cancellable(
        &self,
        ks: &Kustomization,
        manager: &ResourceManager,
        checks: &[ApplyRef],
        options: &WaitOptions,
        revision: &str,
    ) -> Result<(), HealthWait> {
        let cancel = CancellationToken::new();
        let wait = manager.wait(checks, options, &cancel);
        // A hand edit of an inventory object ends the wait too, so its heal
        // (queued behind this reconcile) is not held up by the timeout.
        let new_revision = async {
            tokio::select! {
                next = self.next_revision(ks, revision) => next,
                drift = crate::heal::drifted() => (drift, revision.to_string()),
                // As Flux's cancellation: a spec change, a requested
                // reconcile or a deletion of the Kustomization itself.
                request = self.next_request(ks) => (request, revision.to_string()),
            }
        };
        tokio::pin!(wait, new_revision);
        tokio::select! {
            result = &mut wait => result.map_err(HealthWait::Failed),
            (trigger, revision) = &mut new_revision => {
                cancel.cancel();
                match wait.await {
                    Err(ballast_apply::Error::Cancelled { .. }) => {
                        Err(HealthWait::Superseded { trigger, revision })
                    }
                    // It ended on its own just before the cancellation.
                    other => other.map_err(HealthWait::Failed),
                }
            }
        }
    }

    /// Resolves once `ks` itself asks for another reconcile (a new
    /// generation, a new `reconcile.fluxcd.io/requestedAt`, deletion), with
    /// its `Kustomization/namespace/name`; never resolves otherwise. One
    /// watch of that single object, for the length of a health check.
    async fn next_request(&self, ks: &Kustomization) -> String {
        let namespace = ks.namespace().unwrap_or_default();
        let name = ks.name_any();
        let trigger = format!(
            "{}/{namespace}/{name}",
            ballast_api::kustomize::v1::KUSTOMIZATION_KIND
        );
        let requested = reconcile_requested_at(ks).map(str::to_string);
        let api: Api<Kustomization> = Api::namespaced(self.client.clone(), &namespace);
        let config = watcher::Config::default().fields(&format!("metadata.name={name}"));
        let events = watcher(api, config).default_backoff().applied_objects();
        let mut events = std::pin::pin!(events);
        while let Some(event) = events.next().await {
            match event {
                Ok(current) => {
                    let asked = current.metadata.generation != ks.metadata.generation
                        || reconcile_requested_at(&current) != requested.as_deref()
                        || current.metadata.deletion_timestamp.is_some();
                    if asked {
                        return trigger;
                    }
                }
                // The watcher retries with backoff; the wait goes on meanwhile.
                Err(err) => tracing::debug!(kustomization = %trigger, %err, "self watch"),
            }
        }
        std::future::pending().await
    }

    /// Resolves once the source of `ks` has an artifact revision other than
    /// `current`, with the source's `Kind/namespace/name` and that revision;
    /// never resolves otherwise. One watch of that single object, for the
    /// length of a health check.
    async fn next_revision(&self, ks: &Kustomization, current: &str) -> (String, String) {
        let source = &ks.spec.source_ref;
        let namespace = source
            .namespace
            .clone()
            .or_else(|| ks.namespace())
            .unwrap_or_default();
        let trigger = format!("{}/{namespace}/{}", source.kind.as_str(), source.name);
        let api: Api<GitRepository> = Api::namespaced(self.client.clone(), &namespace);
        let config = watcher::Config::default().fields(&format!("metadata.name={}", source.name));
        let events = watcher(api, config).default_backoff().applied_objects();
        let mut events = std::pin::pin!(events);
        while let Some(event) = events.next().await {
            match event {
                Ok(repo) => {
                    let revision = repo
                        .status
                        .and_then(|s| s.artifact)
                        .map(|a| a.revision)
                        .filter(|r| r != current);
                    if let Some(revision) = revision {
                        return (trigger, revision);
                    }
                }
                // The watcher retries with backoff; the wait goes on meanwhile.
                Err(err) => tracing::debug!(source = %trigger, %err, "source revision watch"),
            }
        }
        std::future::pending().await
    }
}

fn old_inventory(status: &KustomizationStatus) -> ObjectSet {
    status
        .inventory
        .iter()
        .flat_map(|inv| inv.entries.iter())
        .filter_map(
            |entry| match ApplyRef::parse_id(&entry.id, entry.version.as_str()) {
                Ok(object) => Some(object),
                Err(err) => {
                    tracing::warn!(id = %entry.id, %err, "ignoring unreadable inventory entry");
                    None
                }
            },
        )
        .collect()
}

fn to_inventory(set: &ObjectSet) -> ResourceInventory {
    ResourceInventory {
        entries: set
            .iter()
            .map(|o| ResourceRef {
                id: o.id(),
                version: o.version.clone(),
            })
            .collect(),
    }
}

impl Reconciler for KustomizationReconciler {
    type Object = Kustomization;

    fn name(&self) -> &'static str {
        "kustomization"
    }

    fn suspended(&self, obj: &Kustomization) -> bool {
        obj.spec.suspended()
    }

    async fn reconcile(&self, obj: Arc<Kustomization>) -> Result<Action, ReconcileError> {
        let api: Api<Kustomization> =
            Api::namespaced(self.client.clone(), &obj.namespace().unwrap_or_default());
        let before = obj.status.clone();
        let mut status = before.clone().unwrap_or_default();
        let mut changes = ChangeSet::default();
        // What is in the cluster now: progress reports may write before the end.
        let mut patched = before.clone();
        let outcome = self
            .reconcile_steps(&obj, &mut status, &mut changes, &mut patched)
            .await;
        let generation = obj.metadata.generation;
        match &outcome {
            Ok(message) => {
                meta::remove_condition(status.conditions_mut(), conditions::STALLED);
                meta::remove_condition(status.conditions_mut(), conditions::RECONCILING);
                meta::mark_ready(
                    status.conditions_mut(),
                    meta::reasons::RECONCILIATION_SUCCEEDED,
                    message,
                    generation,
                    ballast_runtime::now(),
                );
            }
            Err(err) => finalize_conditions(status.conditions_mut(), generation, Err(err)),
        }
        status.set_observed_generation(generation);
        status.set_last_handled_reconcile_at(reconcile_requested_at(&*obj).map(str::to_string));
        patch_status(&api, &*obj, FIELD_MANAGER, patched.as_ref(), &status)
            .await
            .map_err(|e| ReconcileError::Transient {
                reason: "StatusPatchFailed",
                message: e.to_string(),
            })?;

        if changes.has_changes() {
            let lines: Vec<String> = changes
                .entries
                .iter()
                .filter(|e| e.action != ballast_apply::Action::Unchanged)
                .map(ToString::to_string)
                .collect();
            self.events
                .publish(&*obj, false, meta::reasons::PROGRESSING, &lines.join("\n"))
                .await;
        }
        let old_ready = before
            .as_ref()
            .and_then(|s| find_condition(s.conditions(), conditions::READY));
        match &outcome {
            // A cancelled health check is news, not a failure (as in Flux).
            Err(ReconcileError::Waiting {
                reason: meta::reasons::HEALTH_CHECK_CANCELED,
                message,
                ..
            }) => {
                let note = match message.strip_prefix("New reconciliation") {
                    Some(rest) => format!("Health checks canceled due to new reconciliation{rest}"),
                    None => message.clone(),
                };
                self.events
                    .publish(&*obj, false, meta::reasons::HEALTH_CHECK_CANCELED, &note)
                    .await;
            }
            _ => {
                self.events
                    .publish_ready_transition(
                        &*obj,
                        old_ready,
                        find_condition(status.conditions(), conditions::READY),
                    )
                    .await;
            }
        }

        let interval = obj
            .spec
            .interval()
            .map_err(|e| stalled(meta::reasons::FAILED, e.to_string()))?;
        outcome.map(|_| requeue_after(interval, self.jitter_percent))
    }

    async fn cleanup(&self, obj: Arc<Kustomization>) -> Result<Action, ReconcileError> {
        if !obj.spec.deletes_on_removal() {
            return Ok(Action::await_change());
        }
        let inventory: Vec<ApplyRef> = obj
            .status
            .as_ref()
            .map(old_inventory)
            .unwrap_or_default()
            .iter()
            .cloned()
            .collect();
        // As Flux: when the account to impersonate is gone, the objects are
        // left (and named) rather than the deletion blocked forever.
        let default_sa = self.default_service_account.as_deref();
        if !inventory.is_empty() && !cluster::can_impersonate(&self.client, &obj, default_sa).await
        {
            let objects: Vec<String> = inventory.iter().map(|o| o.subject()).collect();
            let message = format!(
                "unable to prune objects, the service account to impersonate was not found: {}",
                objects.join(", ")
            );
            tracing::error!(kustomization = %obj.name_any(), %message, "skipping garbage collection");
            self.events
                .publish(&*obj, true, meta::reasons::PRUNE_FAILED, &message)
                .await;
            return Ok(Action::await_change());
        }
        let target = self
            .target(&obj)
            .await
            .map_err(|message| ReconcileError::Transient {
                reason: meta::reasons::PRUNE_FAILED,
                message,
            })?;
        let result = self
            .manager(&obj, &target)
            .delete(&inventory, &DeleteOptions::default())
            .await;
        if let Some((object, err)) = result.failed.first() {
            return Err(ReconcileError::Transient {
                reason: meta::reasons::PRUNE_FAILED,
                message: format!("cannot delete {}: {err}", object.subject()),
            });
        }
        // `WaitForTermination`: hold the Kustomization until what it deleted
        // is gone, up to spec.timeout; then let it go anyway, as Flux does.
        if obj.spec.deletion_policy() == DeletionPolicy::WaitForTermination {
            let deleted: Vec<ApplyRef> = result
                .changes
                .entries
                .iter()
                .filter(|e| e.action == ballast_apply::Action::Deleted)
                .map(|e| e.object_ref.clone())
                .collect();
            let timeout = obj
                .spec
                .timeout()
                .unwrap_or(ballast_api::kustomize::v1::MIN_TIMEOUT);
            let options = WaitOptions {
                timeout,
                ..WaitOptions::default()
            };
            let manager = self.manager(&obj, &target);
            if let Err(err) = manager.wait_terminated(&deleted, &options).await {
                let message = format!("failed to wait for resources termination: {err}");
                tracing::error!(kustomization = %obj.name_any(), %message);
                self.events
                    .publish(&*obj, true, meta::reasons::PRUNE_FAILED, &message)
                    .await;
            }
        }
        Ok(Action::await_change())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_path_stays_inside_the_root() {
        let root = Path::new("/tmp/root");
        assert_eq!(
            confined_path(root, "./apps/../base").unwrap(),
            PathBuf::from("/tmp/root/base")
        );
        assert_eq!(
            confined_path(root, "/apps").unwrap(),
            PathBuf::from("/tmp/root/apps")
        );
        let err = confined_path(root, "apps/../../etc").unwrap_err();
        assert!(err.message().contains("spec.path"), "{}", err.message());
    }

    #[test]
    fn api_versions_split_into_group_and_version() {
        assert_eq!(split_api_version("apps/v1"), ("apps", "v1"));
        assert_eq!(split_api_version("v1"), ("", "v1"));
    }
}
