//! [`ResourceManager`]: staged server-side apply, prune, wait and diff
//! against one cluster.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt, stream};
use kube::Client;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, Patch, PatchParams, PropagationPolicy,
};
use kube::discovery::Scope;
use serde_json::{Map, Value, json};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::changeset::{Action, ChangeSet};
use crate::drift::{self, FieldChange};
use crate::error::{Error, Result, Unhealthy};
use crate::health_expr::HealthRules;
use crate::kstatus::{self, ObjectStatus, Status};
use crate::object_ref::ObjectRef;
use crate::sort::{self, Stage};

/// Annotation (or label) that changes how an object is applied:
/// `Ignore`, `IfNotPresent`, `Merge` (or the default, `Override`).
pub const SSA_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/ssa";
/// Annotation (or label) that, set to `enabled`, lets the engine recreate an
/// object whose immutable fields changed.
pub const FORCE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/force";
/// Annotation (or label) that, set to `disabled`, keeps an object from
/// being deleted by prune.
pub const PRUNE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/prune";

/// Annotation (or label) that, set to `disabled`, keeps the engine from
/// applying (and drift-healing) the object.
pub const RECONCILE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/reconcile";

/// kubectl's client-side apply record, removed from applied objects so a
/// later `kubectl apply` does not resurrect fields Git removed.
const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// A `metadata.managedFields` entry to match: manager name prefix and
/// operation (`Apply` or `Update`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldManager {
    /// Prefix of the manager name (`kubectl` matches `kubectl-edit` too).
    pub name: String,
    /// `Apply` or `Update`.
    pub operation: String,
}

impl FieldManager {
    /// A matcher for `name`-prefixed managers with `operation`.
    pub fn new(name: impl Into<String>, operation: impl Into<String>) -> Self {
        FieldManager {
            name: name.into(),
            operation: operation.into(),
        }
    }
}

/// Metadata the engine takes back from other tools before applying, so
/// fields removed from Git are removed from the cluster. Objects marked
/// `kustomize.toolkit.fluxcd.io/ssa: Merge` are left out: there, fields
/// other managers set stay theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleanup {
    /// Annotations removed from live objects.
    pub annotations: Vec<String>,
    /// Managers whose `managedFields` entries are handed over to the
    /// engine's field manager (renamed, operation `Apply`), so the next
    /// apply may remove those fields. The engine's own `Update` entries are
    /// always included.
    pub field_managers: Vec<FieldManager>,
}

impl Default for Cleanup {
    /// What kustomize-controller cleans up: kubectl's client-side and
    /// server-side apply records, and `before-first-apply`.
    fn default() -> Self {
        Cleanup {
            annotations: vec![LAST_APPLIED_ANNOTATION.to_string()],
            field_managers: vec![
                FieldManager::new("kubectl", "Apply"),
                FieldManager::new("kubectl", "Update"),
                FieldManager::new("before-first-apply", "Update"),
            ],
        }
    }
}

/// Options of [`ResourceManager::apply`].
#[derive(Clone, Debug)]
pub struct ApplyOptions {
    /// Recreate objects whose immutable fields changed (Kustomization
    /// `spec.force`); per object, the [`FORCE_ANNOTATION`] does the same.
    pub force: bool,
    /// How often to poll while waiting for CRDs and Namespaces.
    pub wait_interval: Duration,
    /// How long to wait for CRDs and Namespaces (and for a recreated
    /// object to be gone).
    pub wait_timeout: Duration,
    /// Metadata taken back from other tools; see [`Cleanup`].
    pub cleanup: Cleanup,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            force: false,
            wait_interval: Duration::from_secs(2),
            wait_timeout: Duration::from_secs(60),
            cleanup: Cleanup::default(),
        }
    }
}

/// Options of [`ResourceManager::delete`].
#[derive(Clone, Debug)]
pub struct DeleteOptions {
    /// How dependents are deleted; background by default, as Flux does.
    pub propagation: PropagationPolicy,
}

impl Default for DeleteOptions {
    fn default() -> Self {
        DeleteOptions {
            propagation: PropagationPolicy::Background,
        }
    }
}

/// Options of [`ResourceManager::wait`].
#[derive(Clone, Debug)]
pub struct WaitOptions {
    /// Time between polls.
    pub interval: Duration,
    /// Give up after this long.
    pub timeout: Duration,
    /// Stop at the first object in the Failed state instead of waiting for
    /// the timeout (what kustomize-controller does).
    pub fail_fast: bool,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            interval: Duration::from_secs(2),
            timeout: Duration::from_secs(60),
            fail_fast: true,
        }
    }
}

/// The outcome of [`ResourceManager::delete`]: what was done, and what
/// could not be deleted (to keep in the inventory and retry).
#[derive(Debug, Default)]
pub struct DeleteResult {
    /// Deleted and skipped objects.
    pub changes: ChangeSet,
    /// Objects whose deletion failed, with the error.
    pub failed: Vec<(ObjectRef, Error)>,
}

/// One object of [`ResourceManager::diff`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffEntry {
    /// The object.
    pub object_ref: ObjectRef,
    /// What an apply would do: created, configured, unchanged or skipped.
    pub action: Action,
    /// The fields that would change (Secret values masked).
    pub changes: Vec<FieldChange>,
}

/// How the API serves a kind.
#[derive(Clone, Debug)]
struct Resolved {
    resource: ApiResource,
    namespaced: bool,
}

/// An object to apply, with its identity and stage.
#[derive(Clone, Debug)]
struct Desired {
    object_ref: ObjectRef,
    body: Value,
    stage: Stage,
}

/// What the dry-run decided for an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    Skip,
    Unchanged,
    Create,
    Configure,
    /// Immutable field changed and force is on: delete, then create.
    Recreate,
    /// Cannot be dry-run before an earlier stage is written (its CRD or
    /// namespace comes with this apply).
    Deferred,
}

/// An object after its dry-run.
#[derive(Debug)]
struct Planned {
    desired: Desired,
    resolved: Option<Resolved>,
    live: Option<Value>,
    dry_run: Option<Value>,
    decision: Decision,
    /// Merge patch taking metadata back from other tools, if any is needed.
    cleanup: Option<Value>,
}

/// What a staged apply knows about the whole set, to tell an object whose
/// kind or namespace is still to come from a broken one.
#[derive(Default)]
struct SetContext {
    /// `(group, kind)` of the custom resources the set's CRDs define.
    crd_kinds: HashSet<(String, String)>,
    /// Namespaces the set creates.
    namespaces: HashSet<String>,
}

type ResourceKey = (String, String, String);

/// Discovery results (group, version, kind → API resource and scope),
/// shareable between [`ResourceManager`]s of one cluster, e.g. one per
/// reconcile or per impersonated service account. Only hits are cached, so
/// a kind whose CRD was just applied is looked up afresh; a changed CRD
/// drops its group.
#[derive(Clone, Debug, Default)]
pub struct DiscoveryCache {
    resources: Arc<Mutex<HashMap<ResourceKey, Resolved>>>,
}

impl DiscoveryCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ResourceKey, Resolved>> {
        // NB: a poisoned cache is still a valid cache.
        self.resources.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Applies, deletes, diffs and health-checks sets of objects with
/// server-side apply, as Flux's `ssa.ResourceManager` does. Cloning is
/// cheap and shares the client and discovery cache.
#[derive(Clone)]
pub struct ResourceManager {
    client: Client,
    field_manager: String,
    owner_labels: BTreeMap<String, String>,
    concurrency: usize,
    discovery: DiscoveryCache,
    health_rules: HealthRules,
}

impl std::fmt::Debug for ResourceManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResourceManager")
            .field("field_manager", &self.field_manager)
            .field("owner_labels", &self.owner_labels)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

fn api_error(e: &kube::Error) -> Option<&kube::core::Status> {
    match e {
        kube::Error::Api(s) => Some(s),
        _ => None,
    }
}

fn is_not_found(e: &kube::Error) -> bool {
    api_error(e).is_some_and(|s| s.code == 404)
}

fn error_message(e: &kube::Error) -> String {
    match api_error(e) {
        Some(s) if !s.message.is_empty() => s.message.clone(),
        _ => e.to_string(),
    }
}

fn error_reason(e: &kube::Error) -> String {
    match api_error(e) {
        Some(s) if !s.reason.is_empty() => s.reason.clone(),
        Some(s) => format!("HTTP {}", s.code),
        None => "request failed".into(),
    }
}

/// Discovery answered that the kind (or its group version) is not served,
/// as opposed to not answering at all.
fn kind_not_served(e: &kube::Error) -> bool {
    is_not_found(e) || matches!(e, kube::Error::Discovery(_))
}

/// The server said a field may not change (422 "field is immutable", or a
/// webhook/CEL rule saying so).
fn says_immutable(e: &kube::Error) -> bool {
    let m = error_message(e);
    m.contains("is immutable") || m.contains("immutable field")
}

/// Whether a forced apply should recreate the object: like kubectl and
/// Flux, any Invalid or Conflict answer counts, since the server does not
/// tell immutability apart from other validation failures.
fn may_be_immutable(e: &kube::Error) -> bool {
    api_error(e).is_some_and(|s| s.code == 422 || s.code == 409) || says_immutable(e)
}

/// The value of `key` in the object's annotations, or else its labels.
fn meta_value<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    ["annotations", "labels"].iter().find_map(|m| {
        object
            .pointer(&format!("/metadata/{m}"))?
            .get(key)?
            .as_str()
    })
}

fn meta_is(object: &Value, key: &str, value: &str) -> bool {
    meta_value(object, key).is_some_and(|v| v.eq_ignore_ascii_case(value))
}

impl ResourceManager {
    /// A manager writing as `field_manager` (`kustomize-controller`).
    /// `owner_labels` are the labels that mark objects as this owner's (for
    /// Flux: `kustomize.toolkit.fluxcd.io/name` and `/namespace`); delete
    /// leaves objects alone whose labels say another owner took them.
    pub fn new(
        client: Client,
        field_manager: impl Into<String>,
        owner_labels: BTreeMap<String, String>,
    ) -> Self {
        ResourceManager {
            client,
            field_manager: field_manager.into(),
            owner_labels,
            concurrency: 8,
            discovery: DiscoveryCache::default(),
            health_rules: HealthRules::default(),
        }
    }

    /// Sets how many requests (dry-runs, applies, gets) run at once; at
    /// least 1. The default is 8.
    pub fn with_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Uses `cache` for discovery, shared with other managers of the same
    /// cluster.
    pub fn with_discovery_cache(mut self, cache: DiscoveryCache) -> Self {
        self.discovery = cache;
        self
    }

    /// Decides the health of the kinds `rules` cover by their CEL
    /// expressions instead of kstatus, in [`status`](Self::status) and
    /// [`wait`](Self::wait).
    pub fn with_health_rules(mut self, rules: HealthRules) -> Self {
        self.health_rules = rules;
        self
    }

    /// Looks up how the API serves the object's kind (cached).
    async fn resolve(&self, object: &ObjectRef) -> Result<Resolved> {
        let key = (
            object.group.clone(),
            object.version.clone(),
            object.kind.clone(),
        );
        if let Some(r) = self.cache().get(&key) {
            return Ok(r.clone());
        }
        let (resource, caps) = kube::discovery::pinned_kind(&self.client, &object.gvk())
            .await
            .map_err(|source| Error::UnknownKind {
                object: Box::new(object.clone()),
                source,
            })?;
        let resolved = Resolved {
            resource,
            namespaced: caps.scope == Scope::Namespaced,
        };
        self.cache().insert(key, resolved.clone());
        Ok(resolved)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<ResourceKey, Resolved>> {
        self.discovery.lock()
    }

    /// Forgets discovery of `group`, whose CRD just changed.
    fn forget_group(&self, group: &str) {
        self.cache().retain(|(g, _, _), _| g != group);
    }

    fn api(&self, resolved: &Resolved, namespace: &str) -> Api<DynamicObject> {
        if resolved.namespaced {
            Api::namespaced_with(self.client.clone(), namespace, &resolved.resource)
        } else {
            Api::all_with(self.client.clone(), &resolved.resource)
        }
    }

    fn apply_params(&self, dry_run: bool) -> PatchParams {
        let mut p = PatchParams::apply(&self.field_manager).force();
        p.dry_run = dry_run;
        p
    }

    async fn get_live(
        &self,
        api: &Api<DynamicObject>,
        object: &ObjectRef,
    ) -> Result<Option<Value>> {
        let live = api
            .get_opt(&object.name)
            .await
            .map_err(|source| Error::Request {
                object: Box::new(object.clone()),
                operation: "get",
                source,
            })?;
        live.map(|l| to_json(&l, object)).transpose()
    }

    async fn server_side_apply(
        &self,
        api: &Api<DynamicObject>,
        desired: &Desired,
        dry_run: bool,
    ) -> std::result::Result<Value, kube::Error> {
        let out = api
            .patch(
                &desired.object_ref.name,
                &self.apply_params(dry_run),
                &Patch::Apply(&desired.body),
            )
            .await?;
        serde_json::to_value(out).map_err(kube::Error::SerdeError)
    }

    /// Applies `objects` with server-side apply, in Flux's stages: first
    /// CustomResourceDefinitions, Namespaces and ClusterRoles (then waits
    /// until they are Current: CRDs established), then cluster-wide
    /// `*Class` kinds, then everything else; each stage in kind order.
    ///
    /// Every object is dry-run first; objects whose dry-run result equals
    /// the live object are reported [`Action::Unchanged`] and not written.
    /// If any dry-run fails the apply fails before writing anything, except
    /// for objects that cannot be dry-run until an earlier stage is written
    /// (custom resources of a CRD in the same set, objects in a Namespace of
    /// the set): those are dry-run after that stage.
    pub async fn apply(&self, objects: &[DynamicObject], opts: &ApplyOptions) -> Result<ChangeSet> {
        let desired = desired_set(objects)?;
        let context = set_context(&desired);

        // Dry-run everything that can be, before any write.
        let planned: Vec<Planned> = self
            .bounded(
                desired
                    .into_iter()
                    .map(|d| self.plan(d, &context, opts, true).boxed())
                    .collect(),
            )
            .await
            .into_iter()
            .collect::<Result<_>>()?;

        let mut changes = ChangeSet::default();
        match self
            .apply_stages(planned, &context, opts, &mut changes)
            .await
        {
            Ok(()) => {}
            // What was written before the failure is part of the answer:
            // it changed the cluster.
            Err(e) if changes.has_changes() => {
                return Err(Error::PartiallyApplied {
                    applied: changes,
                    source: Box::new(e),
                });
            }
            Err(e) => return Err(e),
        }
        Ok(changes)
    }

    /// Writes the planned objects stage by stage, recording what was done
    /// in `changes` as it goes.
    async fn apply_stages(
        &self,
        mut planned: Vec<Planned>,
        context: &SetContext,
        opts: &ApplyOptions,
        changes: &mut ChangeSet,
    ) -> Result<()> {
        for stage in Stage::ALL {
            let (mut current, rest): (Vec<Planned>, Vec<Planned>) =
                planned.into_iter().partition(|p| p.desired.stage == stage);
            planned = rest;
            // Objects that had to wait for an earlier stage are dry-run now.
            let deferred: Vec<Desired> = current
                .iter()
                .filter(|p| p.decision == Decision::Deferred)
                .map(|p| p.desired.clone())
                .collect();
            if !deferred.is_empty() {
                current.retain(|p| p.decision != Decision::Deferred);
                let late: Vec<Planned> = self
                    .bounded(
                        deferred
                            .into_iter()
                            .map(|d| self.plan(d, context, opts, false).boxed())
                            .collect(),
                    )
                    .await
                    .into_iter()
                    .collect::<Result<_>>()?;
                current.extend(late);
                current.sort_by(|a, b| sort::compare(&a.desired.object_ref, &b.desired.object_ref));
            }
            let outcomes = self
                .bounded(
                    current
                        .iter()
                        .map(|p| self.write(p, opts).boxed())
                        .collect(),
                )
                .await;
            let mut failure = None;
            for (p, outcome) in current.iter().zip(outcomes) {
                let action = match outcome {
                    Ok(action) => action,
                    Err(e) => {
                        failure.get_or_insert(e);
                        continue;
                    }
                };
                if p.desired.object_ref.kind == "CustomResourceDefinition"
                    && matches!(action, Action::Created | Action::Configured)
                    && let Some(group) = p
                        .desired
                        .body
                        .pointer("/spec/group")
                        .and_then(Value::as_str)
                {
                    self.forget_group(group);
                }
                tracing::debug!(object = %p.desired.object_ref, %action, "server-side apply");
                changes.push(object_ref_of(p), action);
            }
            if let Some(e) = failure {
                return Err(e);
            }
            // CRDs must be established and Namespaces active before what
            // lives in them is dry-run.
            if stage == Stage::ClusterDefinitions && !current.is_empty() {
                let refs: Vec<ObjectRef> = current
                    .iter()
                    .filter(|p| p.decision != Decision::Skip)
                    .map(object_ref_of)
                    .collect();
                let wait = WaitOptions {
                    interval: opts.wait_interval,
                    timeout: opts.wait_timeout,
                    fail_fast: true,
                };
                self.wait(&refs, &wait, &CancellationToken::new()).await?;
            }
        }
        Ok(())
    }

    /// Runs `futures` at most [`Self::with_concurrency`] at a time, keeping
    /// their order in the output.
    ///
    /// NB: the futures are boxed at the call sites: an unboxed `map` closure
    /// borrowing `self` makes the caller's future not provably `Send`
    /// ("FnOnce is not general enough"), and controllers need `Send` futures.
    async fn bounded<'a, T>(&self, futures: Vec<BoxFuture<'a, T>>) -> Vec<T> {
        stream::iter(futures)
            .buffered(self.concurrency)
            .collect()
            .await
    }

    /// Dry-runs one object and decides what to do with it.
    async fn plan(
        &self,
        mut desired: Desired,
        context: &SetContext,
        opts: &ApplyOptions,
        may_defer: bool,
    ) -> Result<Planned> {
        let group_kind = (
            desired.object_ref.group.clone(),
            desired.object_ref.kind.clone(),
        );
        let deferred = |desired: Desired| Planned {
            desired,
            resolved: None,
            live: None,
            dry_run: None,
            decision: Decision::Deferred,
            cleanup: None,
        };
        // Custom resources of a CRD in this set wait for it: its schema may
        // be new or changed.
        if may_defer && context.crd_kinds.contains(&group_kind) {
            return Ok(deferred(desired));
        }
        let resolved = self.resolve(&desired.object_ref).await?;
        fix_scope(&mut desired, &resolved)?;
        let api = self.api(&resolved, &desired.object_ref.namespace);
        let live = self.get_live(&api, &desired.object_ref).await?;

        // Flux's exclusion selectors: `ssa: Ignore` and `reconcile: disabled`
        // on the manifest or the live object; `ssa: IfNotPresent` once it exists.
        let excluded = |o: &Value| {
            meta_is(o, SSA_ANNOTATION, "Ignore") || meta_is(o, RECONCILE_ANNOTATION, "disabled")
        };
        let skip = excluded(&desired.body)
            || live.as_ref().is_some_and(excluded)
            || (live.is_some() && meta_is(&desired.body, SSA_ANNOTATION, "IfNotPresent"));
        if skip {
            return Ok(Planned {
                desired,
                resolved: Some(resolved),
                live,
                dry_run: None,
                decision: Decision::Skip,
                cleanup: None,
            });
        }

        let decision;
        let mut dry_run = None;
        match self.server_side_apply(&api, &desired, true).await {
            Ok(result) => {
                decision = match &live {
                    None => Decision::Create,
                    Some(l) if drift::has_drifted(l, &result) => Decision::Configure,
                    Some(_) => Decision::Unchanged,
                };
                dry_run = Some(result);
            }
            Err(e) => {
                let object = desired.object_ref.clone();
                if may_defer && is_not_found(&e) && context.namespaces.contains(&object.namespace) {
                    return Ok(deferred(desired));
                }
                // The kind may have gone since it was discovered (its CRD
                // deleted; the discovery cache can outlive it): ask again,
                // so the error says so and the stale entry goes.
                if is_not_found(&e) {
                    self.forget_group(&object.group);
                    self.resolve(&object).await?;
                }
                let forced = opts.force
                    || meta_is(&desired.body, FORCE_ANNOTATION, "enabled")
                    || live
                        .as_ref()
                        .is_some_and(|l| meta_is(l, FORCE_ANNOTATION, "enabled"));
                if live.is_some() && forced && may_be_immutable(&e) {
                    decision = Decision::Recreate;
                } else if says_immutable(&e) {
                    return Err(Error::Immutable {
                        object: Box::new(object),
                        message: error_message(&e),
                        source: e,
                    });
                } else {
                    return Err(Error::DryRun {
                        object: Box::new(object),
                        reason: error_reason(&e),
                        message: error_message(&e),
                        source: e,
                    });
                }
            }
        }

        let cleanup = match (&live, decision) {
            (Some(l), Decision::Unchanged | Decision::Configure)
                if !meta_is(&desired.body, SSA_ANNOTATION, "Merge")
                    && !meta_is(l, SSA_ANNOTATION, "Merge") =>
            {
                cleanup_patch(l, &opts.cleanup, &self.field_manager)
            }
            _ => None,
        };
        // Taking fields back is a change even when the values are equal.
        let decision = if decision == Decision::Unchanged && cleanup.is_some() {
            Decision::Configure
        } else {
            decision
        };
        Ok(Planned {
            desired,
            resolved: Some(resolved),
            live,
            dry_run,
            decision,
            cleanup,
        })
    }

    /// Writes one planned object and says what was done.
    async fn write(&self, planned: &Planned, opts: &ApplyOptions) -> Result<Action> {
        let object = &planned.desired.object_ref;
        let resolved = match (&planned.resolved, planned.decision) {
            (_, Decision::Skip) => return Ok(Action::Skipped),
            (_, Decision::Unchanged) => return Ok(Action::Unchanged),
            (Some(r), _) => r,
            // Deferred objects are planned again before their stage is written.
            (None, _) => {
                return Err(Error::InvalidObject {
                    object: object.to_string(),
                    reason: "was not dry-run before apply".into(),
                });
            }
        };
        let api = self.api(resolved, &object.namespace);
        let request = |operation: &'static str| {
            move |source| Error::Request {
                object: Box::new(object.clone()),
                operation,
                source,
            }
        };
        match planned.decision {
            Decision::Recreate => {
                let params = DeleteParams {
                    propagation_policy: Some(PropagationPolicy::Background),
                    ..DeleteParams::default()
                };
                match api.delete(&object.name, &params).await {
                    Ok(_) => {}
                    Err(e) if is_not_found(&e) => {}
                    Err(e) => return Err(request("delete (to recreate)")(e)),
                }
                self.wait_gone(&api, object, opts).await?;
                // The first dry-run could not tell a real validation error
                // from an immutable field; this one can.
                if let Err(e) = self.server_side_apply(&api, &planned.desired, true).await {
                    return Err(Error::DryRun {
                        object: Box::new(object.clone()),
                        reason: error_reason(&e),
                        message: error_message(&e),
                        source: e,
                    });
                }
                self.server_side_apply(&api, &planned.desired, false)
                    .await
                    .map_err(request("apply"))?;
                Ok(Action::Created)
            }
            decision => {
                if let Some(patch) = &planned.cleanup {
                    let params = PatchParams {
                        field_manager: Some(self.field_manager.clone()),
                        ..PatchParams::default()
                    };
                    api.patch(&object.name, &params, &Patch::Merge(patch))
                        .await
                        .map_err(request("metadata cleanup"))?;
                }
                self.server_side_apply(&api, &planned.desired, false)
                    .await
                    .map_err(request("apply"))?;
                Ok(if decision == Decision::Create {
                    Action::Created
                } else {
                    Action::Configured
                })
            }
        }
    }

    /// Waits until a deleted object is gone (finalizers may hold it).
    async fn wait_gone(
        &self,
        api: &Api<DynamicObject>,
        object: &ObjectRef,
        opts: &ApplyOptions,
    ) -> Result<()> {
        let deadline = Instant::now() + opts.wait_timeout;
        loop {
            if self.get_live(api, object).await?.is_none() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout {
                    timeout: opts.wait_timeout,
                    objects: vec![Unhealthy {
                        object: object.clone(),
                        status: Status::Terminating,
                        message:
                            "immutable field changed; waiting for the old object to be deleted"
                                .into(),
                    }],
                });
            }
            tokio::time::sleep(opts.wait_interval.min(Duration::from_millis(200))).await;
        }
    }

    /// Deletes `objects` (typically [`ObjectSet::diff`](crate::ObjectSet::diff)
    /// of the old and new inventory). Objects annotated
    /// `kustomize.toolkit.fluxcd.io/prune: disabled`, objects whose owner
    /// labels name another owner, and objects already gone are
    /// [`Action::Skipped`]. A failure does not stop the others; failed
    /// objects are returned so the caller can keep them in its inventory.
    pub async fn delete(&self, objects: &[ObjectRef], opts: &DeleteOptions) -> DeleteResult {
        let outcomes = self
            .bounded(
                objects
                    .iter()
                    .map(|o| self.delete_one(o, opts).boxed())
                    .collect(),
            )
            .await;
        let mut result = DeleteResult::default();
        for (object, outcome) in objects.iter().zip(outcomes) {
            match outcome {
                Ok(action) => result.changes.push(object.clone(), action),
                Err(e) => result.failed.push((object.clone(), e)),
            }
        }
        result
    }

    async fn delete_one(&self, object: &ObjectRef, opts: &DeleteOptions) -> Result<Action> {
        let resolved = match self.resolve(object).await {
            Ok(r) => r,
            // The kind is no longer served (its CRD went first): so is the object.
            Err(Error::UnknownKind { source, .. }) if kind_not_served(&source) => {
                return Ok(Action::Skipped);
            }
            Err(e) => return Err(e),
        };
        let api = self.api(&resolved, &object.namespace);
        let Some(live) = self.get_live(&api, object).await? else {
            return Ok(Action::Skipped);
        };
        if meta_is(&live, PRUNE_ANNOTATION, "disabled") {
            return Ok(Action::Skipped);
        }
        let labels = live.pointer("/metadata/labels");
        let owned = self.owner_labels.iter().all(|(k, v)| {
            labels.and_then(|l| l.get(k)).and_then(Value::as_str) == Some(v.as_str())
        });
        if !owned {
            return Ok(Action::Skipped);
        }
        let params = DeleteParams {
            propagation_policy: Some(opts.propagation.clone()),
            ..DeleteParams::default()
        };
        match api.delete(&object.name, &params).await {
            Ok(_) => {
                tracing::debug!(%object, "deleted");
                Ok(Action::Deleted)
            }
            Err(e) if is_not_found(&e) => Ok(Action::Skipped),
            Err(source) => Err(Error::Request {
                object: Box::new(object.clone()),
                operation: "delete",
                source,
            }),
        }
    }

    /// Reads `object` and computes its kstatus (or its status by the
    /// [`HealthRules`] for its kind); a missing object is [`Status::NotFound`].
    pub async fn status(&self, object: &ObjectRef) -> Result<ObjectStatus> {
        let resolved = self.resolve(object).await?;
        let api = self.api(&resolved, &object.namespace);
        Ok(match self.get_live(&api, object).await? {
            Some(live) => self
                .health_rules
                .evaluate(&live)
                .unwrap_or_else(|| kstatus::compute(&live)),
            None => ObjectStatus {
                status: Status::NotFound,
                message: "Resource not found".into(),
            },
        })
    }

    /// Polls `objects` every `opts.interval` until all are
    /// [`Status::Current`]. Fails with [`Error::Timeout`] naming those that
    /// are not after `opts.timeout`, with [`Error::HealthCheckFailed`] as
    /// soon as one is Failed (when `fail_fast`), and with
    /// [`Error::Cancelled`] when `cancel` fires.
    pub async fn wait(
        &self,
        objects: &[ObjectRef],
        opts: &WaitOptions,
        cancel: &CancellationToken,
    ) -> Result<()> {
        let deadline = Instant::now() + opts.timeout;
        let mut pending: Vec<ObjectRef> = objects.to_vec();
        loop {
            let statuses = tokio::select! {
                s = self.bounded(pending.iter().map(|o| self.status_or_unknown(o).boxed()).collect()) => s,
                () = cancel.cancelled() => {
                    return Err(Error::Cancelled { objects: unknown_all(&pending) });
                }
            };
            let unhealthy: Vec<Unhealthy> = pending
                .iter()
                .zip(statuses)
                .filter(|(_, s)| s.status != Status::Current)
                .map(|(o, s)| Unhealthy {
                    object: o.clone(),
                    status: s.status,
                    message: s.message,
                })
                .collect();
            if unhealthy.is_empty() {
                return Ok(());
            }
            let failed: Vec<Unhealthy> = unhealthy
                .iter()
                .filter(|u| u.status == Status::Failed)
                .cloned()
                .collect();
            if opts.fail_fast && !failed.is_empty() {
                return Err(Error::HealthCheckFailed { objects: failed });
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout {
                    timeout: opts.timeout,
                    objects: unhealthy,
                });
            }
            pending = unhealthy.iter().map(|u| u.object.clone()).collect();
            let next = (Instant::now() + opts.interval).min(deadline);
            tokio::select! {
                () = tokio::time::sleep_until(next) => {}
                () = cancel.cancelled() => return Err(Error::Cancelled { objects: unhealthy }),
            }
        }
    }

    /// Polls `objects` every `opts.interval` until none exists any more
    /// (finalizers may hold deleted objects for a while), as Flux's
    /// `WaitForSetTermination`. Fails with [`Error::Timeout`] naming those
    /// still there after `opts.timeout`.
    pub async fn wait_terminated(&self, objects: &[ObjectRef], opts: &WaitOptions) -> Result<()> {
        let deadline = Instant::now() + opts.timeout;
        let mut pending: Vec<ObjectRef> = objects.to_vec();
        loop {
            let statuses = self
                .bounded(
                    pending
                        .iter()
                        .map(|o| self.status_or_unknown(o).boxed())
                        .collect(),
                )
                .await;
            let remaining: Vec<Unhealthy> = pending
                .iter()
                .zip(statuses)
                .filter(|(_, s)| s.status != Status::NotFound)
                .map(|(o, s)| Unhealthy {
                    object: o.clone(),
                    status: s.status,
                    message: s.message,
                })
                .collect();
            if remaining.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout {
                    timeout: opts.timeout,
                    objects: remaining,
                });
            }
            pending = remaining.into_iter().map(|u| u.object).collect();
            tokio::time::sleep_until((Instant::now() + opts.interval).min(deadline)).await;
        }
    }

    async fn status_or_unknown(&self, object: &ObjectRef) -> ObjectStatus {
        self.status(object).await.unwrap_or_else(|e| ObjectStatus {
            status: Status::Unknown,
            message: e.to_string(),
        })
    }

    /// What [`apply`](Self::apply) would do to each object, with the
    /// fields that would change, from server-side dry-runs; writes nothing.
    /// Custom resources of a CRD in the same set that the server does not
    /// serve yet are shown as created, from their manifest.
    pub async fn diff(
        &self,
        objects: &[DynamicObject],
        opts: &ApplyOptions,
    ) -> Result<Vec<DiffEntry>> {
        let desired = desired_set(objects)?;
        let context = set_context(&desired);
        let planned: Vec<Planned> = self
            .bounded(
                desired
                    .into_iter()
                    .map(|d| self.plan_for_diff(d, &context, opts).boxed())
                    .collect(),
            )
            .await
            .into_iter()
            .collect::<Result<_>>()?;
        Ok(planned
            .into_iter()
            .map(|p| {
                let action = match p.decision {
                    Decision::Skip => Action::Skipped,
                    Decision::Unchanged => Action::Unchanged,
                    Decision::Configure => Action::Configured,
                    Decision::Create | Decision::Recreate | Decision::Deferred => Action::Created,
                };
                let changes = match (p.decision, &p.dry_run) {
                    (Decision::Skip | Decision::Unchanged, _) => Vec::new(),
                    (Decision::Recreate | Decision::Deferred, _) | (_, None) => {
                        drift::changes(None, &p.desired.body)
                    }
                    (_, Some(dry)) => drift::changes(p.live.as_ref(), dry),
                };
                DiffEntry {
                    object_ref: object_ref_of(&p),
                    action,
                    changes,
                }
            })
            .collect())
    }

    async fn plan_for_diff(
        &self,
        desired: Desired,
        context: &SetContext,
        opts: &ApplyOptions,
    ) -> Result<Planned> {
        // A custom resource whose kind is already served is dry-run; one
        // whose CRD is only in the set cannot be.
        let gk = (
            desired.object_ref.group.clone(),
            desired.object_ref.kind.clone(),
        );
        if context.crd_kinds.contains(&gk) && self.resolve(&desired.object_ref).await.is_err() {
            return Ok(Planned {
                desired,
                resolved: None,
                live: None,
                dry_run: None,
                decision: Decision::Deferred,
                cleanup: None,
            });
        }
        let only_namespaces = SetContext {
            crd_kinds: HashSet::new(),
            namespaces: context.namespaces.clone(),
        };
        self.plan(desired, &only_namespaces, opts, true).await
    }
}

fn unknown_all(objects: &[ObjectRef]) -> Vec<Unhealthy> {
    objects
        .iter()
        .map(|o| Unhealthy {
            object: o.clone(),
            status: Status::Unknown,
            message: "not checked yet".into(),
        })
        .collect()
}

fn object_ref_of(p: &Planned) -> ObjectRef {
    p.desired.object_ref.clone()
}

fn to_json(object: &DynamicObject, r: &ObjectRef) -> Result<Value> {
    serde_json::to_value(object).map_err(|source| Error::Encode {
        object: r.to_string(),
        source,
    })
}

fn desired_of(object: &DynamicObject) -> Result<Desired> {
    let object_ref = ObjectRef::from_object(object)?;
    let mut body = to_json(object, &object_ref)?;
    crate::normalize::normalize(&mut body);
    // Server-owned metadata in a manifest would turn the apply into a
    // conditional update or be rejected; drop it.
    if let Some(meta) = body.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in [
            "resourceVersion",
            "uid",
            "creationTimestamp",
            "managedFields",
            "generation",
        ] {
            meta.remove(k);
        }
    }
    let stage = Stage::of(&object_ref);
    Ok(Desired {
        object_ref,
        body,
        stage,
    })
}

/// Reads the objects of an apply or diff, in apply order; an object given
/// twice is an error (the second would silently win).
fn desired_set(objects: &[DynamicObject]) -> Result<Vec<Desired>> {
    let mut desired = objects.iter().map(desired_of).collect::<Result<Vec<_>>>()?;
    desired.sort_by(|a, b| {
        a.stage
            .cmp(&b.stage)
            .then_with(|| sort::compare(&a.object_ref, &b.object_ref))
    });
    let mut seen = HashSet::new();
    for d in &desired {
        if !seen.insert(d.object_ref.id()) {
            return Err(Error::InvalidObject {
                object: d.object_ref.to_string(),
                reason: "the object appears more than once in the set".into(),
            });
        }
    }
    Ok(desired)
}

fn set_context(desired: &[Desired]) -> SetContext {
    let mut context = SetContext::default();
    for d in desired {
        match (d.object_ref.group.as_str(), d.object_ref.kind.as_str()) {
            ("apiextensions.k8s.io", "CustomResourceDefinition") => {
                let group = d.body.pointer("/spec/group").and_then(Value::as_str);
                let kind = d.body.pointer("/spec/names/kind").and_then(Value::as_str);
                if let (Some(g), Some(k)) = (group, kind) {
                    context.crd_kinds.insert((g.to_string(), k.to_string()));
                }
            }
            ("", "Namespace") => {
                context.namespaces.insert(d.object_ref.name.clone());
            }
            _ => {}
        }
    }
    context
}

/// Makes the object's namespace agree with the kind's scope: cluster-scoped
/// objects lose a stray namespace, namespaced ones must have one.
fn fix_scope(desired: &mut Desired, resolved: &Resolved) -> Result<()> {
    if resolved.namespaced {
        if desired.object_ref.namespace.is_empty() {
            return Err(Error::InvalidObject {
                object: desired.object_ref.to_string(),
                reason: "namespace not specified for a namespaced kind".into(),
            });
        }
    } else if !desired.object_ref.namespace.is_empty() {
        desired.object_ref.namespace.clear();
        if let Some(meta) = desired
            .body
            .get_mut("metadata")
            .and_then(Value::as_object_mut)
        {
            meta.remove("namespace");
        }
    }
    Ok(())
}

/// The merge patch that removes `cleanup.annotations` from `live` and hands
/// the matching `managedFields` entries over to `field_manager`, or `None`
/// when there is nothing to take back.
fn cleanup_patch(live: &Value, cleanup: &Cleanup, field_manager: &str) -> Option<Value> {
    let mut patch = Map::new();
    let mut annotations = Map::new();
    if let Some(present) = live
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
    {
        for key in &cleanup.annotations {
            if present.contains_key(key) {
                annotations.insert(key.clone(), Value::Null);
            }
        }
    }
    if !annotations.is_empty() {
        patch.insert("annotations".into(), Value::Object(annotations));
    }
    let own_leftovers = FieldManager::new(field_manager, "Update");
    let matches = |entry: &Value| {
        let manager = entry
            .get("manager")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let operation = entry
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let subresource = entry
            .get("subresource")
            .and_then(Value::as_str)
            .unwrap_or_default();
        subresource.is_empty()
            && cleanup
                .field_managers
                .iter()
                .chain(std::iter::once(&own_leftovers))
                .any(|m| manager.starts_with(&m.name) && operation == m.operation)
    };
    if let Some(entries) = live
        .pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        && entries.iter().any(matches)
    {
        let renamed: Vec<Value> = entries
            .iter()
            .map(|e| {
                let mut e = e.clone();
                if matches(&e) {
                    e["manager"] = json!(field_manager);
                    e["operation"] = json!("Apply");
                }
                e
            })
            .collect();
        patch.insert("managedFields".into(), Value::Array(renamed));
    }
    if patch.is_empty() {
        None
    } else {
        Some(json!({ "metadata": patch }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleanup_takes_kubectl_fields_and_last_applied_back() {
        let live = json!({"metadata": {
            "annotations": {LAST_APPLIED_ANNOTATION: "{}", "keep": "x"},
            "managedFields": [
                {"manager": "kubectl-client-side-apply", "operation": "Update", "fieldsV1": {"f:data": {}}},
                {"manager": "kustomize-controller", "operation": "Apply", "fieldsV1": {}},
                {"manager": "kubectl-edit", "operation": "Update", "subresource": "status"},
                {"manager": "hpa", "operation": "Update"},
            ]
        }});
        let patch = cleanup_patch(&live, &Cleanup::default(), "kustomize-controller").unwrap();
        assert_eq!(
            patch["metadata"]["annotations"],
            json!({LAST_APPLIED_ANNOTATION: null})
        );
        let managers: Vec<(&str, &str)> = patch["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["manager"].as_str().unwrap(),
                    e["operation"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            managers,
            [
                ("kustomize-controller", "Apply"),
                ("kustomize-controller", "Apply"),
                ("kubectl-edit", "Update"),
                ("hpa", "Update"),
            ]
        );
        let clean = json!({"metadata": {"managedFields": [{"manager": "kustomize-controller", "operation": "Apply"}]}});
        assert_eq!(
            cleanup_patch(&clean, &Cleanup::default(), "kustomize-controller"),
            None
        );
    }

    #[test]
    fn immutable_errors_are_recognised_from_the_status() {
        let status = |code: u16, reason: &str, message: &str| {
            kube::Error::Api(Box::new(
                kube::core::Status::failure(message, reason).with_code(code),
            ))
        };
        let job = status(
            422,
            "Invalid",
            "Job.batch \"j\" is invalid: spec.template: Invalid value: ...: field is immutable",
        );
        assert!(says_immutable(&job) && may_be_immutable(&job));
        let cel = status(
            400,
            "BadRequest",
            "spec.x: Invalid value: \"b\": immutable field",
        );
        assert!(says_immutable(&cel) && may_be_immutable(&cel));
        let invalid = status(422, "Invalid", "spec.replicas: Invalid value");
        assert!(!says_immutable(&invalid) && may_be_immutable(&invalid));
        let forbidden = status(403, "Forbidden", "nope");
        assert!(!may_be_immutable(&forbidden));
        assert_eq!(error_reason(&forbidden), "Forbidden");
        assert_eq!(error_message(&forbidden), "nope");
    }

    #[test]
    fn annotations_and_labels_are_read_case_insensitively() {
        let o = json!({"metadata": {"annotations": {SSA_ANNOTATION: "ifnotpresent"}, "labels": {PRUNE_ANNOTATION: "Disabled"}}});
        assert!(meta_is(&o, SSA_ANNOTATION, "IfNotPresent"));
        assert!(meta_is(&o, PRUNE_ANNOTATION, "disabled"));
        assert!(!meta_is(&o, FORCE_ANNOTATION, "enabled"));
    }
}

#[cfg(test)]
mod send_tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    /// Controllers await these inside `Send` reconcile futures.
    #[allow(dead_code)]
    fn public_futures_are_send(
        manager: &ResourceManager,
        objects: &[DynamicObject],
        refs: &[ObjectRef],
        cancel: &CancellationToken,
    ) {
        assert_send(&manager.apply(objects, &ApplyOptions::default()));
        assert_send(&manager.delete(refs, &DeleteOptions::default()));
        assert_send(&manager.wait(refs, &WaitOptions::default(), cancel));
        assert_send(&manager.wait_terminated(refs, &WaitOptions::default()));
        assert_send(&manager.diff(objects, &ApplyOptions::default()));
    }
}
