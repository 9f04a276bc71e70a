//! The `ImagePolicy` reconciler: find the referenced ImageRepository (with
//! its `accessFrom` rules across namespaces), read its tags from the
//! [`TagStore`], pick the latest with the policy, resolve the digest when
//! `digestReflectionPolicy` asks, and report `latestRef`.

use std::sync::Arc;
use std::time::Duration;

use ballast_api::image::v1::{
    ImagePolicyStatus, ImageRef, ReflectionPolicy, SelectedPolicy, SortOrder,
};
use ballast_api::meta::{self, conditions, reasons as flux};
use ballast_api::{ImagePolicy, ImageRepository};
use ballast_registry::{ImageName, Order, Policy, TagFilter, TagSelector};
use ballast_runtime::{Action, Events, ReconcileError, Reconciler, ResultExt};
use k8s_openapi::api::core::v1::Namespace;
use kube::api::Api;
use kube::{Client, ResourceExt};

use crate::auth::RegistryClients;
use crate::store::TagStore;
use crate::{CONTROLLER_NAME, Config};
use ballast_api::meta::ObjectStatus as _;
use ballast_runtime::StatusWriter;

/// Reasons of this kind besides Flux's shared ones in [`ballast_api::meta::reasons`].
pub mod reasons {
    /// `spec.policy` or `spec.filterTags` cannot be used.
    pub const INVALID_POLICY: &str = "InvalidPolicy";
    /// The ImageRepository does not allow references from this namespace.
    pub const ACCESS_DENIED: &str = "AccessDenied";
    /// Any other failure (Flux uses metav1's `Failure`).
    pub const FAILURE: &str = "Failure";
    /// `latestRef` changed (event reason).
    pub const NEW_LATEST_IMAGE: &str = "Succeeded";
}

/// Builds the tag selector of `policy`'s spec; errors are for `InvalidPolicy`.
pub(crate) fn selector(policy: &ImagePolicy) -> Result<TagSelector, String> {
    let order = |o: SortOrder| match o {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let chosen = match policy.spec.policy.selected() {
        Some(SelectedPolicy::SemVer(semver)) => Policy::semver(&semver.range)
            .map_err(|e| format!("invalid policy: spec.policy.semver: {e}"))?,
        Some(SelectedPolicy::Alphabetical(o)) => Policy::Alphabetical(order(o)),
        Some(SelectedPolicy::Numerical(o)) => Policy::Numerical(order(o)),
        None => {
            return Err(
                "invalid policy: spec.policy must set one of semver, alphabetical or numerical"
                    .to_string(),
            );
        }
    };
    let mut selector = TagSelector::new(chosen);
    if let Some(filter) = &policy.spec.filter_tags {
        let filter = TagFilter::new(
            filter.pattern.as_deref().unwrap_or_default(),
            filter.extract.as_deref().unwrap_or_default(),
        )
        .map_err(|e| format!("failed to filter tags: spec.filterTags: {e}"))?;
        selector = selector.with_filter(filter);
    }
    Ok(selector)
}

/// Where `policy`'s `spec.imageRepositoryRef` points: `(namespace, name)`.
pub(crate) fn repository_key(policy: &ImagePolicy) -> (String, String) {
    let reference = &policy.spec.image_repository_ref;
    let namespace = reference
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| policy.namespace().unwrap_or_default());
    (namespace, reference.name.clone())
}

/// Whether `repo` lets a policy in namespace `from` (with `labels`) refer to
/// it: always from its own namespace, else when one of
/// `spec.accessFrom.namespaceSelectors` selects the namespace (a selector
/// without labels selects every namespace). Err says why not.
pub(crate) fn access_allowed(
    repo: &ImageRepository,
    from: &str,
    labels: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    let namespace = repo.namespace().unwrap_or_default();
    if namespace == from {
        return Ok(());
    }
    let what = format!("ImageRepository '{namespace}/{}'", repo.name_any());
    let Some(access) = &repo.spec.access_from else {
        return Err(format!(
            "access denied: {what} has no spec.accessFrom, so ImagePolicies in other namespaces such as '{from}' cannot refer to it"
        ));
    };
    let selected = access.namespace_selectors.iter().any(|selector| {
        selector
            .match_labels
            .iter()
            .flatten()
            .all(|(k, v)| labels.get(k) == Some(v))
    });
    if selected {
        Ok(())
    } else {
        Err(format!(
            "access denied: the spec.accessFrom.namespaceSelectors of {what} do not select namespace '{from}' by its labels"
        ))
    }
}

/// The Ready message of a resolved policy, as Flux words it.
fn ready_message(status: &ImagePolicyStatus) -> String {
    let Some(latest) = &status.latest_ref else {
        return String::new();
    };
    let mut message = format!(
        "Latest image tag for {} resolved to {}",
        latest.name, latest.tag
    );
    if let Some(digest) = latest.digest.as_deref().filter(|d| !d.is_empty()) {
        message.push_str(&format!(" with digest {digest}"));
    }
    if let Some(previous) = status
        .observed_previous_ref
        .as_ref()
        .filter(|p| *p != latest)
    {
        message.push_str(&format!(" (previously {previous})"));
    }
    message
}

/// Reconciles `ImagePolicy` objects from the [`TagStore`].
pub(crate) struct ImagePolicyReconciler {
    client: Client,
    store: Arc<TagStore>,
    clients: Arc<RegistryClients>,
    events: Events,
    no_cross_namespace_refs: bool,
    requeue_dependency: Duration,
    jitter_percent: u8,
}

impl Reconciler for ImagePolicyReconciler {
    type Object = ImagePolicy;

    fn name(&self) -> &'static str {
        "imagepolicy"
    }

    fn suspended(&self, obj: &ImagePolicy) -> bool {
        obj.spec.suspended()
    }

    async fn reconcile(&self, obj: Arc<ImagePolicy>) -> Result<Action, ReconcileError> {
        // NB: read afresh; the cache may lag behind our last status write,
        // and latestRef/observedPreviousRef must build on the newest.
        match ballast_runtime::read_current(self, &self.client, &obj).await? {
            Some(fresh) => self.reconcile_object(&fresh).await,
            // Gone, going or suspended: the next event brings the cache up to date.
            None => Ok(Action::await_change()),
        }
    }

    async fn cleanup(&self, _obj: Arc<ImagePolicy>) -> Result<Action, ReconcileError> {
        // A policy holds nothing but its status.
        Ok(Action::await_change())
    }
}

impl ImagePolicyReconciler {
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
            no_cross_namespace_refs: config.no_cross_namespace_refs,
            requeue_dependency: config.requeue_dependency,
            jitter_percent: config.options.interval_jitter_percentage,
        }
    }

    async fn reconcile_object(&self, obj: &ImagePolicy) -> Result<Action, ReconcileError> {
        let generation = obj.metadata.generation;
        let before = obj.status.clone().unwrap_or_default();
        let mut status = before.clone();
        let api = Api::namespaced(self.client.clone(), &obj.namespace().unwrap_or_default());
        let mut writer = StatusWriter::new(api, obj, crate::FIELD_MANAGER, before.clone());

        if let Some(at) = ballast_runtime::reconcile_requested_at(obj) {
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

        let outcome = self.reconcile_policy(obj, &mut status).await;

        let message = ready_message(&status);
        ballast_runtime::finalize_conditions(
            status.conditions_mut(),
            generation,
            outcome.as_ref().map(|_| message.as_str()),
        );
        if matches!(outcome, Ok(_) | Err(ReconcileError::Stalled { .. })) {
            status.observed_generation = generation;
        }
        writer.write(&status).await?;

        // Events: a new latest image, else failures and recoveries.
        let changed = outcome.is_ok() && before.latest_ref != status.latest_ref;
        match (&before.latest_ref, &status.latest_ref) {
            (Some(old), Some(new)) if changed => {
                let note = format!(
                    "Latest image tag for {} updated from {} to {}",
                    new.name,
                    tag_and_digest(old),
                    tag_and_digest(new)
                );
                self.events
                    .publish(obj, false, reasons::NEW_LATEST_IMAGE, &note)
                    .await;
            }
            _ => {
                self.events
                    .publish_ready_transition(
                        obj,
                        meta::find_condition(before.conditions(), conditions::READY),
                        meta::find_condition(status.conditions(), conditions::READY),
                    )
                    .await;
            }
        }

        outcome?;
        // NB: only `Always` re-evaluates on a timer (to notice moved tags);
        // otherwise a new scan of the repository or a spec change wakes it.
        match obj.spec.interval() {
            Ok(Some(interval)) => Ok(ballast_runtime::requeue_after(
                interval,
                self.jitter_percent,
            )),
            _ => Ok(Action::await_change()),
        }
    }

    /// The straight line: validate, find the repository, choose, reflect.
    async fn reconcile_policy(
        &self,
        obj: &ImagePolicy,
        status: &mut ImagePolicyStatus,
    ) -> Result<(), ReconcileError> {
        if obj.spec.digest_reflection_policy() == ReflectionPolicy::Always
            && obj.spec.interval.is_none()
        {
            return Err(ReconcileError::Stalled {
                reason: flux::INTERVAL_NOT_CONFIGURED,
                message: "spec.interval must be set when spec.digestReflectionPolicy is 'Always'"
                    .to_string(),
            });
        }
        obj.spec.interval().stalled(flux::INTERVAL_NOT_CONFIGURED)?;
        let selector = selector(obj).map_err(|message| ReconcileError::Stalled {
            reason: reasons::INVALID_POLICY,
            message,
        })?;

        let repo = self.reconcile_repository(obj).await?;
        let image = ImageName::parse(&repo.spec.image).map_err(|e| ReconcileError::Stalled {
            reason: flux::IMAGE_URL_INVALID,
            message: format!(
                "spec.image of ImageRepository '{}/{}': {e}",
                repo.namespace().unwrap_or_default(),
                repo.name_any()
            ),
        })?;

        let (namespace, name) = (repo.namespace().unwrap_or_default(), repo.name_any());
        let record = self
            .store
            .get(&namespace, &name)
            .await
            .reason(reasons::FAILURE)?
            .filter(|r| r.canonical_image_name == image.canonical() && !r.tags.is_empty());
        let Some(record) = record else {
            return Err(ReconcileError::Waiting {
                reason: flux::DEPENDENCY_NOT_READY,
                message: format!("no tags in database for ImageRepository '{namespace}/{name}'"),
                retry_after: self.requeue_dependency,
            });
        };
        let tag = selector.latest(&record.tags).reason(reasons::FAILURE)?;

        // The digest, when the reflection policy wants it.
        let mut latest = ImageRef {
            name: repo.spec.image.clone(),
            tag,
            digest: None,
        };
        let fetch = match obj.spec.digest_reflection_policy() {
            ReflectionPolicy::Never => false,
            ReflectionPolicy::Always => true,
            ReflectionPolicy::IfNotPresent => match &status.latest_ref {
                Some(old)
                    if old.name == latest.name
                        && old.tag == latest.tag
                        && old.digest.as_deref().is_some_and(|d| !d.is_empty()) =>
                {
                    latest.digest = old.digest.clone();
                    false
                }
                _ => true,
            },
        };
        if fetch {
            let timeout = repo
                .spec
                .timeout()
                .unwrap_or(ballast_registry::DEFAULT_TIMEOUT);
            let registry = self
                .clients
                .for_repository(&self.client, &repo, timeout)
                .await?;
            let digest = registry.digest(&image, &latest.tag).await.map_err(|e| {
                ReconcileError::Transient {
                    reason: reasons::FAILURE,
                    message: format!("failed fetching digest of {latest}: {e}"),
                }
            })?;
            latest.digest = Some(digest);
        }

        if status.latest_ref.as_ref() != Some(&latest) {
            status.observed_previous_ref = status.latest_ref.take();
            status.latest_ref = Some(latest);
        }
        Ok(())
    }

    /// The referenced ImageRepository, if it exists and lets this policy in.
    async fn reconcile_repository(
        &self,
        obj: &ImagePolicy,
    ) -> Result<ImageRepository, ReconcileError> {
        let own = obj.namespace().unwrap_or_default();
        let (namespace, name) = repository_key(obj);
        // NB: access problems are retried, not stalled: namespace labels
        // can change without this policy changing (as in Flux).
        if self.no_cross_namespace_refs && namespace != own {
            return Err(ReconcileError::Transient {
                reason: reasons::ACCESS_DENIED,
                message: format!(
                    "failed to get the referred ImageRepository: cannot access ImageRepository '{namespace}/{name}': cross-namespace references are blocked (--no-cross-namespace-refs)"
                ),
            });
        }
        let repos: Api<ImageRepository> = Api::namespaced(self.client.clone(), &namespace);
        let repo = repos
            .get_opt(&name)
            .await
            .reason(reasons::FAILURE)?
            .ok_or_else(|| ReconcileError::Waiting {
                reason: flux::DEPENDENCY_NOT_READY,
                message: format!(
                    "failed to get the referred ImageRepository: ImageRepository '{namespace}/{name}' does not exist"
                ),
                retry_after: self.requeue_dependency,
            })?;
        if namespace != own {
            let namespaces: Api<Namespace> = Api::all(self.client.clone());
            let labels = namespaces
                .get_opt(&own)
                .await
                .reason(reasons::FAILURE)?
                .map(|n| n.metadata.labels.unwrap_or_default())
                .unwrap_or_default();
            access_allowed(&repo, &own, &labels).map_err(|message| ReconcileError::Transient {
                reason: reasons::ACCESS_DENIED,
                message: format!("failed to get the referred ImageRepository: {message}"),
            })?;
        }
        Ok(repo)
    }
}

fn tag_and_digest(image: &ImageRef) -> String {
    match image.digest.as_deref().filter(|d| !d.is_empty()) {
        Some(digest) => format!("{}@{digest}", image.tag),
        None => image.tag.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ballast_api::image::v1::{
        AccessFrom, AlphabeticalPolicy, ImagePolicyChoice, ImagePolicySpec, ImageRepositorySpec,
        NamespaceSelector, NumericalPolicy, SemVerPolicy, TagFilter as FilterSpec,
    };
    use ballast_api::meta::NamespacedObjectReference;
    use std::collections::BTreeMap;

    fn policy(choice: ImagePolicyChoice, filter: Option<FilterSpec>) -> ImagePolicy {
        let mut p = ImagePolicy::new(
            "p",
            ImagePolicySpec {
                image_repository_ref: NamespacedObjectReference {
                    name: "repo".into(),
                    namespace: None,
                },
                policy: choice,
                filter_tags: filter,
                ..Default::default()
            },
        );
        p.metadata.namespace = Some("apps".into());
        p
    }

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn selectors_follow_the_spec() {
        let list = tags(&["1.0.0", "1.2.0", "2.0.0", "main-10", "main-9"]);
        let semver = policy(
            ImagePolicyChoice {
                semver: Some(SemVerPolicy {
                    range: "<2.0.0".into(),
                }),
                ..Default::default()
            },
            None,
        );
        assert_eq!(selector(&semver).unwrap().latest(&list).unwrap(), "1.2.0");
        let alpha_desc = policy(
            ImagePolicyChoice {
                alphabetical: Some(AlphabeticalPolicy {
                    order: Some(SortOrder::Desc),
                }),
                ..Default::default()
            },
            None,
        );
        assert_eq!(
            selector(&alpha_desc).unwrap().latest(&list).unwrap(),
            "1.0.0"
        );
        let numerical = policy(
            ImagePolicyChoice {
                numerical: Some(NumericalPolicy { order: None }),
                ..Default::default()
            },
            Some(FilterSpec {
                pattern: Some("^main-(?P<n>[0-9]+)$".into()),
                extract: Some("$n".into()),
            }),
        );
        assert_eq!(
            selector(&numerical).unwrap().latest(&list).unwrap(),
            "main-10"
        );
    }

    #[test]
    fn invalid_policies_are_named() {
        let none = policy(ImagePolicyChoice::default(), None);
        assert!(selector(&none).unwrap_err().contains("spec.policy"));
        let bad_range = policy(
            ImagePolicyChoice {
                semver: Some(SemVerPolicy {
                    range: "not a range".into(),
                }),
                ..Default::default()
            },
            None,
        );
        let err = selector(&bad_range).unwrap_err();
        assert!(
            err.contains("spec.policy.semver") && err.contains("not a range"),
            "{err}"
        );
        let bad_filter = policy(
            ImagePolicyChoice {
                alphabetical: Some(AlphabeticalPolicy::default()),
                ..Default::default()
            },
            Some(FilterSpec {
                pattern: Some("([".into()),
                extract: None,
            }),
        );
        assert!(
            selector(&bad_filter)
                .unwrap_err()
                .contains("spec.filterTags")
        );
    }

    #[test]
    fn references_default_to_the_policy_namespace() {
        let mut p = policy(ImagePolicyChoice::default(), None);
        assert_eq!(repository_key(&p), ("apps".to_string(), "repo".to_string()));
        p.spec.image_repository_ref.namespace = Some("images".into());
        assert_eq!(
            repository_key(&p),
            ("images".to_string(), "repo".to_string())
        );
    }

    #[test]
    fn access_from_selects_namespaces_by_labels() {
        let mut repo = ImageRepository::new(
            "repo",
            ImageRepositorySpec {
                image: "registry.example/app".into(),
                interval: "1m".into(),
                ..Default::default()
            },
        );
        repo.metadata.namespace = Some("images".into());
        let team: BTreeMap<String, String> = [("team".to_string(), "a".to_string())].into();
        let none = BTreeMap::new();
        assert!(access_allowed(&repo, "images", &none).is_ok());
        let err = access_allowed(&repo, "apps", &team).unwrap_err();
        assert!(
            err.contains("images/repo") && err.contains("accessFrom"),
            "{err}"
        );
        repo.spec.access_from = Some(AccessFrom {
            namespace_selectors: vec![NamespaceSelector {
                match_labels: Some(team.clone()),
            }],
        });
        assert!(access_allowed(&repo, "apps", &team).is_ok());
        let err = access_allowed(&repo, "apps", &none).unwrap_err();
        assert!(err.contains("'apps'"), "{err}");
        repo.spec.access_from = Some(AccessFrom {
            namespace_selectors: vec![NamespaceSelector { match_labels: None }],
        });
        assert!(access_allowed(&repo, "apps", &none).is_ok());
    }

    #[test]
    fn ready_message_names_the_previous_image() {
        let mut status = ImagePolicyStatus {
            latest_ref: Some(ImageRef {
                name: "r/app".into(),
                tag: "1.1.0".into(),
                digest: Some("sha256:b".into()),
            }),
            ..Default::default()
        };
        assert_eq!(
            ready_message(&status),
            "Latest image tag for r/app resolved to 1.1.0 with digest sha256:b"
        );
        status.observed_previous_ref = Some(ImageRef {
            name: "r/app".into(),
            tag: "1.0.0".into(),
            digest: None,
        });
        assert_eq!(
            ready_message(&status),
            "Latest image tag for r/app resolved to 1.1.0 with digest sha256:b (previously r/app:1.0.0)"
        );
    }
}
