//! The `ImageUpdateAutomation` reconciler: validate the spec, find the
//! GitRepository and its credentials, collect the selected ImagePolicies'
//! latest images, then clone → set → commit → push on a blocking thread,
//! and report the outcome in status (written once) and events.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use ballast_api::image::v1::{
    GitSpec, ImageRef, ImageUpdateAutomationSpec, ImageUpdateAutomationStatus, SigningKeyType,
};
use ballast_api::meta::{self, Condition, conditions, reasons as flux};
use ballast_api::{GitRepository, ImagePolicy, ImageUpdateAutomation};
use ballast_git::{
    AuthOptions, CommitOptions, FetchOptions, FetchOutcome, ProxyOptions, Reference, Signature,
    Writer,
};
use ballast_runtime::{Action, Events, ReconcileError, Reconciler, ResultExt};
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use kube::api::{Api, ListParams};
use kube::{Client, ResourceExt};

use crate::setters::{PolicyImages, SetterError, UpdateResult, update_tree};
use crate::signing::{self, CommitSigner};
use crate::template::{Template, TemplateError, template_data};
use crate::{CONTROLLER_NAME, Config, FIELD_MANAGER};

/// Reasons of this kind besides Flux's shared ones in [`ballast_api::meta::reasons`].
pub mod reasons {
    /// The source is in another namespace and `--no-cross-namespace-refs` is set.
    pub const ACCESS_DENIED: &str = "AccessDenied";
    /// A commit was pushed (event reason), or the run succeeded.
    pub const SUCCEEDED: &str = "Succeeded";
}

/// The commit message when `spec.git.commit.messageTemplate` is empty, as Flux's.
const DEFAULT_MESSAGE_TEMPLATE: &str = "Update from image update automation";

/// The Ready message when nothing needed to change.
const UP_TO_DATE: &str = "repository up-to-date";

/// What a successful run did.
enum Outcome {
    /// Nothing to change; the source was at `revision`.
    UpToDate { revision: String },
    /// A commit was pushed.
    Pushed {
        revision: String,
        commit: String,
        branch: String,
        message: String,
    },
}

/// Everything the blocking Git work needs, resolved from the cluster.
struct GitWork {
    fetch: FetchOptions,
    checkout_branch: String,
    push_branch: String,
    /// Extra destination branch of `spec.git.push.refspec`.
    refspec_branch: Option<String>,
    update_path: String,
    policies: PolicyImages,
    template: Template,
    automation: (String, String),
    values: BTreeMap<String, String>,
    author: Signature,
    signer: Option<CommitSigner>,
}

/// Failures of the blocking Git work.
#[derive(Debug, thiserror::Error)]
enum WorkError {
    #[error("failed to checkout source: {0}")]
    Checkout(#[source] Box<ballast_git::Error>),
    #[error("failed to update source: {0}")]
    Update(#[source] SetterError),
    #[error("spec.git.commit.messageTemplate: {0}")]
    Template(#[source] TemplateError),
    #[error("failed to commit: {0}")]
    Commit(#[source] Box<ballast_git::Error>),
    #[error("failed to push to branch '{branch}': {source}")]
    Push {
        branch: String,
        #[source]
        source: Box<ballast_git::Error>,
    },
    #[error("failed to sign the commit with spec.git.commit.signingKey: {0}")]
    Sign(String),
    #[error("cannot create a work directory for the clone: {0}")]
    WorkDir(#[source] std::io::Error),
}

fn checkout_failed(e: ballast_git::Error) -> WorkError {
    WorkError::Checkout(Box::new(e))
}

impl WorkError {
    fn into_reconcile_error(self) -> ReconcileError {
        let message = self.to_string();
        match &self {
            WorkError::Checkout(e) if matches!(**e, ballast_git::Error::InvalidUrl { .. }) => {
                ReconcileError::Stalled {
                    reason: flux::INVALID_SOURCE_CONFIGURATION,
                    message,
                }
            }
            // NB: the content of the repository may change without the
            // object changing, so a bad file is retried, not stalled.
            WorkError::Update(SetterError::InvalidPath { .. }) | WorkError::Template(_) => {
                ReconcileError::Stalled {
                    reason: flux::UPDATE_FAILED,
                    message,
                }
            }
            WorkError::Update(_) => ReconcileError::Transient {
                reason: flux::UPDATE_FAILED,
                message,
            },
            _ => ReconcileError::Transient {
                reason: flux::GIT_OPERATION_FAILED,
                message,
            },
        }
    }
}

/// Clones, applies the setters, and commits and pushes when something changed.
fn run_git(work: GitWork, dir: &Path) -> Result<Outcome, WorkError> {
    // Work on top of the push branch when it already exists: its commits are
    // never overwritten, as with Flux's GitForcePushBranch=false.
    let (writer, cloned_branch) = if work.push_branch != work.checkout_branch {
        match Writer::clone(&work.fetch, &work.push_branch, &dir.join("push")) {
            Ok(writer) => (writer, work.push_branch.clone()),
            Err(ballast_git::Error::ReferenceNotFound { .. }) => {
                let writer =
                    Writer::clone(&work.fetch, &work.checkout_branch, &dir.join("checkout"))
                        .map_err(checkout_failed)?;
                writer
                    .switch_branch(&work.push_branch)
                    .map_err(checkout_failed)?;
                (writer, work.checkout_branch.clone())
            }
            Err(e) => return Err(checkout_failed(e)),
        }
    } else {
        let writer = Writer::clone(&work.fetch, &work.checkout_branch, &dir.join("checkout"))
            .map_err(checkout_failed)?;
        (writer, work.checkout_branch.clone())
    };
    let head = writer.head().map_err(checkout_failed)?;
    let revision = format!("{cloned_branch}@sha1:{head}");

    let changed: UpdateResult =
        update_tree(writer.path(), &work.update_path, &work.policies).map_err(WorkError::Update)?;
    if changed.is_empty() {
        return Ok(Outcome::UpToDate { revision });
    }
    let data = template_data(
        &work.automation.0,
        &work.automation.1,
        &changed,
        &work.values,
    );
    let message = work.template.execute(&data).map_err(WorkError::Template)?;
    let commit = match &work.signer {
        Some(signer) => signing::commit_signed(writer.path(), &work.author, &message, signer)
            .map_err(WorkError::Sign)?,
        None => writer
            .commit(&CommitOptions {
                author: work.author.clone(),
                committer: None,
                message: message.clone(),
                sign_off: false,
            })
            .map_err(|e| WorkError::Commit(Box::new(e)))?,
    };
    let Some(commit) = commit else {
        return Ok(Outcome::UpToDate { revision });
    };
    writer
        .push(&work.push_branch)
        .map_err(|source| WorkError::Push {
            branch: work.push_branch.clone(),
            source: Box::new(source),
        })?;
    if let Some(extra) = work
        .refspec_branch
        .as_ref()
        .filter(|b| **b != work.push_branch)
    {
        writer.push(extra).map_err(|source| WorkError::Push {
            branch: extra.clone(),
            source: Box::new(source),
        })?;
    }
    // As Flux records it: the pushed commit when it went onto the branch
    // that was cloned, else the cloned branch's tip.
    let revision = if cloned_branch == work.push_branch {
        format!("{cloned_branch}@sha1:{commit}")
    } else {
        revision
    };
    Ok(Outcome::Pushed {
        revision,
        commit,
        branch: work.push_branch,
        message,
    })
}

/// The destination branch of a `spec.git.push.refspec` of the form
/// `<src>:refs/heads/<branch>`, where `<src>` names the branch the commit is
/// made on (or `HEAD`); other refspecs are refused naming the field.
fn refspec_branch(refspec: &str, local: &[&str]) -> Result<String, String> {
    let invalid = |why: &str| format!("spec.git.push.refspec '{refspec}': {why}");
    if refspec.starts_with('+') {
        return Err(invalid("force-update refspecs ('+') are not supported"));
    }
    let Some((src, dst)) = refspec.split_once(':') else {
        return Err(invalid("expected <source>:<destination>"));
    };
    if src.is_empty() {
        return Err(invalid(
            "deletion refspecs (empty source) are not supported",
        ));
    }
    let src = src.strip_prefix("refs/heads/").unwrap_or(src);
    if src != "HEAD" && !local.contains(&src) {
        return Err(invalid(
            "the source must be HEAD or the branch the commit is made on",
        ));
    }
    match dst.strip_prefix("refs/heads/") {
        Some(branch) if !branch.is_empty() => Ok(branch.to_string()),
        _ => Err(invalid(
            "only destinations under refs/heads/ are supported by ballast",
        )),
    }
}

/// A label selector string for the API from `spec.policySelector`.
fn selector_string(selector: &LabelSelector) -> Result<String, String> {
    let mut parts = Vec::new();
    for (k, v) in selector.match_labels.iter().flatten() {
        parts.push(format!("{k}={v}"));
    }
    for expr in selector.match_expressions.iter().flatten() {
        let values = expr.values.clone().unwrap_or_default();
        let part = match expr.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                return Err(format!(
                    "spec.policySelector: operator {} on key '{}' needs values",
                    expr.operator, expr.key
                ));
            }
            "In" => format!("{} in ({})", expr.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", expr.key, values.join(",")),
            "Exists" => expr.key.clone(),
            "DoesNotExist" => format!("!{}", expr.key),
            other => {
                return Err(format!(
                    "spec.policySelector: unknown operator '{other}' on key '{}'",
                    expr.key
                ));
            }
        };
        parts.push(part);
    }
    Ok(parts.join(","))
}

/// Reconciles `ImageUpdateAutomation` objects.
pub(crate) struct AutomationReconciler {
    client: Client,
    events: Events,
    no_cross_namespace_refs: bool,
    requeue_dependency: Duration,
    jitter_percent: u8,
}

impl Reconciler for AutomationReconciler {
    type Object = ImageUpdateAutomation;

    fn name(&self) -> &'static str {
        "imageupdateautomation"
    }

    fn suspended(&self, obj: &ImageUpdateAutomation) -> bool {
        obj.spec.suspended()
    }

    async fn reconcile(&self, obj: Arc<ImageUpdateAutomation>) -> Result<Action, ReconcileError> {
        // NB: read afresh; the cache may lag behind our last status write,
        // and lastPushCommit must build on the newest.
        match ballast_runtime::read_current(self, &self.client, &obj).await? {
            Some(fresh) => self.reconcile_object(&fresh).await,
            // Gone, going or suspended: the next event brings the cache up to date.
            None => Ok(Action::await_change()),
        }
    }

    async fn cleanup(&self, _obj: Arc<ImageUpdateAutomation>) -> Result<Action, ReconcileError> {
        // An automation holds nothing but its status; its commits stay in Git.
        Ok(Action::await_change())
    }
}

fn conditions_of(status: &ImageUpdateAutomationStatus) -> &[Condition] {
    status.conditions.as_deref().unwrap_or_default()
}

impl AutomationReconciler {
    pub(crate) fn new(client: Client, config: &Config) -> Self {
        Self {
            events: Events::new(client.clone(), CONTROLLER_NAME),
            client,
            no_cross_namespace_refs: config.no_cross_namespace_refs,
            requeue_dependency: config.requeue_dependency,
            jitter_percent: config.options.interval_jitter_percentage,
        }
    }

    async fn patch(
        &self,
        obj: &ImageUpdateAutomation,
        before: &ImageUpdateAutomationStatus,
        after: &ImageUpdateAutomationStatus,
    ) -> Result<(), ReconcileError> {
        let api: Api<ImageUpdateAutomation> =
            Api::namespaced(self.client.clone(), &obj.namespace().unwrap_or_default());
        ballast_runtime::patch_status(&api, obj, FIELD_MANAGER, Some(before), after)
            .await
            .reason(flux::PATCH_OPERATION_FAILED)?;
        Ok(())
    }

    async fn reconcile_object(
        &self,
        obj: &ImageUpdateAutomation,
    ) -> Result<Action, ReconcileError> {
        let generation = obj.metadata.generation;
        let before = obj.status.clone().unwrap_or_default();
        let mut status = before.clone();
        let mut written = before.clone();

        if let Some(at) = ballast_runtime::reconcile_requested_at(obj) {
            status.reconcile_request.last_handled_reconcile_at = Some(at.to_string());
        }
        // Report progress before the slow Git work on a new generation.
        if status.observed_generation != generation
            && !meta::is_true(conditions_of(&status), conditions::RECONCILING)
        {
            let message = format!(
                "processing object: new generation {} -> {}",
                status.observed_generation.unwrap_or(0),
                generation.unwrap_or(0)
            );
            meta::mark_reconciling(
                status.conditions.get_or_insert_with(Vec::new),
                flux::PROGRESSING,
                &message,
                generation,
                ballast_runtime::now(),
            );
            self.patch(obj, &written, &status).await?;
            written = status.clone();
        }

        let outcome = self.reconcile_automation(obj, &mut status).await;

        // As Flux's: success reads the same whether or not it pushed; the
        // push itself is told by an event.
        ballast_runtime::finalize_conditions(
            status.conditions.get_or_insert_with(Vec::new),
            generation,
            outcome.as_ref().map(|_| UP_TO_DATE),
        );
        if matches!(outcome, Ok(_) | Err(ReconcileError::Stalled { .. })) {
            status.observed_generation = generation;
        }
        self.patch(obj, &written, &status).await?;

        // Events: a push, else failures and recoveries from them.
        let ready_before = meta::find_condition(conditions_of(&before), conditions::READY);
        let ready_after = meta::find_condition(conditions_of(&status), conditions::READY);
        match &outcome {
            Ok(Outcome::Pushed {
                commit,
                branch,
                message,
                ..
            }) => {
                let note = format!("pushed commit '{commit}' to branch '{branch}'\n{message}");
                self.events
                    .publish(obj, false, reasons::SUCCEEDED, &note)
                    .await;
            }
            // Waiting on a dependency is logged, not announced (STYLE.md rule 7).
            Err(ReconcileError::Waiting { .. }) => {}
            _ => {
                let failing = |c: Option<&Condition>| {
                    c.is_some_and(|c| c.status != meta::ConditionStatus::True)
                };
                if failing(ready_before) || failing(ready_after) || ready_before.is_none() {
                    self.events
                        .publish_ready_transition(obj, ready_before, ready_after)
                        .await;
                }
            }
        }

        outcome?;
        // NB: an interval of 0s runs once (and on changes), not in a hot loop.
        match obj.spec.interval() {
            Ok(interval) if !interval.is_zero() => Ok(ballast_runtime::requeue_after(
                interval,
                self.jitter_percent,
            )),
            _ => Ok(Action::await_change()),
        }
    }

    /// The straight line: spec → source → credentials → policies → Git.
    async fn reconcile_automation(
        &self,
        obj: &ImageUpdateAutomation,
        status: &mut ImageUpdateAutomationStatus,
    ) -> Result<Outcome, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let spec = &obj.spec;
        status.last_automation_run_time = Some(ballast_runtime::now());
        let git = validate_spec(spec)?;
        let template = parse_template(git)?;

        let repo = self.reconcile_source(obj).await?;
        let (checkout_branch, push_branch, refspec_branch) = branches(git, &repo)?;
        let fetch = self.fetch_options(&repo).await?;
        let policies = self.reconcile_policies(obj).await?;

        let signer = match &git.commit.signing_key {
            Some(key) => Some(
                self.signer(
                    &namespace,
                    &key.secret_ref.name,
                    key.type_.unwrap_or_default(),
                )
                .await?,
            ),
            None => None,
        };
        let author = &git.commit.author;
        let work = GitWork {
            signer,
            fetch,
            checkout_branch,
            push_branch,
            refspec_branch,
            update_path: spec.update_path().to_string(),
            policies: policies
                .iter()
                .map(|(name, image)| (format!("{namespace}:{name}"), image.clone()))
                .collect(),
            template,
            automation: (namespace.clone(), obj.name_any()),
            values: git
                .commit
                .message_template_values
                .clone()
                .unwrap_or_default(),
            author: Signature {
                // NB: Git refuses an empty name; Flux's is optional.
                name: author
                    .name
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| author.email.clone()),
                email: author.email.clone(),
            },
        };

        if let Some(revision) = unchanged_since_last_run(obj, status, &policies, &work).await {
            return Ok(Outcome::UpToDate { revision });
        }
        let dir = tempfile::Builder::new()
            .prefix("image-automation-")
            .tempdir()
            .map_err(WorkError::WorkDir)
            .map_err(WorkError::into_reconcile_error)?;
        let outcome = tokio::task::spawn_blocking(move || {
            let result = run_git(work, dir.path());
            drop(dir);
            result
        })
        .await
        .reason(flux::GIT_OPERATION_FAILED)?
        .map_err(WorkError::into_reconcile_error)?;

        status.observed_policies = Some(policies);
        match &outcome {
            Outcome::UpToDate { revision } => {
                status.observed_source_revision = Some(revision.clone());
            }
            Outcome::Pushed {
                revision, commit, ..
            } => {
                status.observed_source_revision = Some(revision.clone());
                status.last_push_commit = Some(commit.clone());
                status.last_push_time = Some(ballast_runtime::now());
            }
        }
        Ok(outcome)
    }

    /// The GitRepository of `spec.sourceRef`.
    async fn reconcile_source(
        &self,
        obj: &ImageUpdateAutomation,
    ) -> Result<GitRepository, ReconcileError> {
        let own = obj.namespace().unwrap_or_default();
        let source = &obj.spec.source_ref;
        let namespace = source
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| own.clone());
        if self.no_cross_namespace_refs && namespace != own {
            return Err(ReconcileError::Stalled {
                reason: reasons::ACCESS_DENIED,
                message: format!(
                    "spec.sourceRef: cannot refer to GitRepository '{namespace}/{}' in another namespace: cross-namespace references are disabled (--no-cross-namespace-refs)",
                    source.name
                ),
            });
        }
        let api: Api<GitRepository> = Api::namespaced(self.client.clone(), &namespace);
        match api
            .get_opt(&source.name)
            .await
            .reason(flux::READ_OPERATION_FAILED)?
        {
            Some(repo) => Ok(repo),
            None => Err(ReconcileError::Waiting {
                reason: flux::DEPENDENCY_NOT_READY,
                message: format!(
                    "spec.sourceRef: GitRepository '{namespace}/{}' not found",
                    source.name
                ),
                retry_after: self.requeue_dependency,
            }),
        }
    }

    /// URL, credentials, proxy and timeout from the GitRepository and its Secrets.
    async fn fetch_options(&self, repo: &GitRepository) -> Result<FetchOptions, ReconcileError> {
        let namespace = repo.namespace().unwrap_or_default();
        let spec = &repo.spec;
        // The reference is unused by the writer, which clones by branch.
        let mut opts = FetchOptions::new(
            spec.url.clone(),
            Reference::branch(ballast_git::DEFAULT_BRANCH),
        );
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
        Ok(opts)
    }

    /// The OpenPGP key of `spec.git.commit.signingKey`, from Secret `namespace/name`.
    async fn signer(
        &self,
        namespace: &str,
        name: &str,
        kind: SigningKeyType,
    ) -> Result<CommitSigner, ReconcileError> {
        let data = self.secret_data(namespace, name).await?;
        let signer = match kind {
            SigningKeyType::Gpg => CommitSigner::from_secret(&data),
            SigningKeyType::Ssh => CommitSigner::ssh_from_secret(&data),
        };
        signer.map_err(|e| ReconcileError::Transient {
            reason: flux::GIT_OPERATION_FAILED,
            message: format!("spec.git.commit.signingKey: secret '{namespace}/{name}': {e}"),
        })
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

    /// The latest images of the selected policies of the automation's
    /// namespace, by policy name; policies without a latest image yet are
    /// left out.
    async fn reconcile_policies(
        &self,
        obj: &ImageUpdateAutomation,
    ) -> Result<BTreeMap<String, ImageRef>, ReconcileError> {
        let namespace = obj.namespace().unwrap_or_default();
        let mut params = ListParams::default();
        if let Some(selector) = &obj.spec.policy_selector {
            let selector =
                selector_string(selector).map_err(|message| ReconcileError::Stalled {
                    reason: flux::INVALID_POLICY_SELECTOR,
                    message,
                })?;
            if !selector.is_empty() {
                params = params.labels(&selector);
            }
        }
        let api: Api<ImagePolicy> = Api::namespaced(self.client.clone(), &namespace);
        let list = api
            .list(&params)
            .await
            .map_err(|e| ReconcileError::Transient {
                reason: flux::INVALID_POLICY_SELECTOR,
                message: format!("failed to list ImagePolicies in namespace '{namespace}': {e}"),
            })?;
        Ok(list
            .items
            .into_iter()
            .filter_map(|p| {
                let latest = p.status.as_ref()?.latest_ref.clone()?;
                Some((p.name_any(), latest))
            })
            .collect())
    }
}

/// Flux's shortcut: when the spec, the policies' images and the remote
/// branch are all as the last successful run saw them, nothing can change,
/// so the clone is skipped after one ref listing. Returns the revision then;
/// `None` means "run in full" (including when the listing fails: the full
/// run reports that error properly).
async fn unchanged_since_last_run(
    obj: &ImageUpdateAutomation,
    status: &ImageUpdateAutomationStatus,
    policies: &BTreeMap<String, ImageRef>,
    work: &GitWork,
) -> Option<String> {
    // NB: as Flux, a separate push branch or a refspec always runs in full:
    // their destinations may have moved independently of the listed branch.
    if status.observed_generation != obj.metadata.generation
        || !meta::is_true(conditions_of(status), conditions::READY)
        || status.observed_policies.as_ref() != Some(policies)
        || work.push_branch != work.checkout_branch
        || work.refspec_branch.is_some()
    {
        return None;
    }
    let observed = status.observed_source_revision.clone()?;
    let (branch, _) = observed.split_once("@sha1:")?;
    if branch != work.checkout_branch && branch != work.push_branch {
        return None;
    }
    let mut opts = work.fetch.clone();
    opts.reference = Reference::branch(branch);
    let listed = tokio::task::spawn_blocking(move || {
        let cache = tempfile::tempdir().ok()?;
        ballast_git::fetch(&opts, cache.path(), Some(&observed)).ok()
    })
    .await
    .ok()
    .flatten()?;
    match listed {
        FetchOutcome::Unchanged { revision } => Some(revision),
        FetchOutcome::Fetched(_) => None,
    }
}

/// Checks what can be checked without the cluster; returns `spec.git`.
fn validate_spec(spec: &ImageUpdateAutomationSpec) -> Result<&GitSpec, ReconcileError> {
    let invalid = |message: String| ReconcileError::Stalled {
        reason: flux::INVALID_SOURCE_CONFIGURATION,
        message,
    };
    spec.interval()
        .stalled(flux::INVALID_SOURCE_CONFIGURATION)?;
    if spec.source_ref.kind != ballast_api::source::v1::GIT_REPOSITORY_KIND {
        return Err(invalid(format!(
            "spec.sourceRef.kind: source kind '{}' is not supported, only GitRepository",
            spec.source_ref.kind
        )));
    }
    let Some(git) = &spec.git_spec else {
        return Err(invalid(
            "spec.git is required: it says how to commit and where to push".to_string(),
        ));
    };
    if git.commit.author.email.is_empty() {
        return Err(invalid(
            "spec.git.commit.author.email must not be empty".to_string(),
        ));
    }
    if git
        .push
        .as_ref()
        .and_then(|p| p.options.as_ref())
        .is_some_and(|o| !o.is_empty())
    {
        return Err(invalid(
            "spec.git.push.options: Git push options are not supported by ballast yet".to_string(),
        ));
    }
    Ok(git)
}

/// Parses `spec.git.commit.messageTemplate` (Flux's default when empty).
fn parse_template(git: &GitSpec) -> Result<Template, ReconcileError> {
    let source = git
        .commit
        .message_template
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(DEFAULT_MESSAGE_TEMPLATE);
    let template = Template::parse(source).map_err(|e| ReconcileError::Stalled {
        reason: flux::UPDATE_FAILED,
        message: format!("spec.git.commit.messageTemplate: {e}"),
    })?;
    if template.uses_root_field("Updated") {
        return Err(ReconcileError::Stalled {
            reason: flux::REMOVED_TEMPLATE_FIELD,
            message: "spec.git.commit.messageTemplate: the template data field 'Updated' was removed from the API; use 'Changed' instead".to_string(),
        });
    }
    Ok(template)
}

/// The checkout branch, the push branch and a refspec's extra branch.
fn branches(
    git: &GitSpec,
    repo: &GitRepository,
) -> Result<(String, String, Option<String>), ReconcileError> {
    let invalid = |message: String| ReconcileError::Stalled {
        reason: flux::INVALID_SOURCE_CONFIGURATION,
        message,
    };
    let (reference, field) = match &git.checkout {
        Some(checkout) => (checkout.reference.clone(), "spec.git.checkout.ref"),
        None => (
            repo.spec.checkout_reference(),
            "spec.ref of the GitRepository",
        ),
    };
    let other = [
        ("tag", reference.tag.is_some()),
        ("semver", reference.semver.is_some()),
        ("name", reference.name.is_some()),
        ("commit", reference.commit.is_some()),
    ];
    if let Some((kind, _)) = other.iter().find(|(_, set)| *set) {
        return Err(invalid(format!(
            "{field}: checking out a {kind} is not supported by ballast; set a branch"
        )));
    }
    let Some(checkout) = reference.branch.filter(|b| !b.is_empty()) else {
        return Err(invalid(format!("{field}: no branch to check out")));
    };
    let push = git
        .push
        .as_ref()
        .and_then(|p| p.branch.clone())
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| checkout.clone());
    let refspec = match git.push.as_ref().and_then(|p| p.refspec.as_deref()) {
        Some(r) if !r.is_empty() => {
            Some(refspec_branch(r, &[checkout.as_str(), push.as_str()]).map_err(invalid)?)
        }
        _ => None,
    };
    Ok((checkout, push, refspec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_refspecs_name_a_branch_and_others_are_refused() {
        let local = ["main", "auto"];
        assert_eq!(
            refspec_branch("refs/heads/main:refs/heads/auto", &local).unwrap(),
            "auto"
        );
        assert_eq!(refspec_branch("HEAD:refs/heads/x", &local).unwrap(), "x");
        for (bad, needle) in [
            ("+refs/heads/main:refs/heads/auto", "force-update"),
            (":refs/heads/auto", "deletion"),
            ("HEAD:refs/for/main", "refs/heads/"),
            ("refs/heads/other:refs/heads/x", "source must be"),
            ("main", "expected"),
        ] {
            let err = refspec_branch(bad, &local).unwrap_err();
            assert!(
                err.contains(needle) && err.contains("spec.git.push.refspec"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn policy_selectors_become_label_selectors() {
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;
        let selector = LabelSelector {
            match_labels: Some([("app".to_string(), "web".to_string())].into()),
            match_expressions: Some(vec![
                LabelSelectorRequirement {
                    key: "tier".into(),
                    operator: "In".into(),
                    values: Some(vec!["a".into(), "b".into()]),
                },
                LabelSelectorRequirement {
                    key: "skip".into(),
                    operator: "DoesNotExist".into(),
                    values: None,
                },
            ]),
        };
        assert_eq!(
            selector_string(&selector).unwrap(),
            "app=web,tier in (a,b),!skip"
        );
        let bad = LabelSelector {
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "k".into(),
                operator: "Near".into(),
                values: None,
            }]),
            ..Default::default()
        };
        assert!(
            selector_string(&bad)
                .unwrap_err()
                .contains("spec.policySelector")
        );
    }

    #[test]
    fn removed_updated_field_stalls_naming_the_field() {
        let mut git = GitSpec::default();
        git.commit.message_template = Some("{{ range .Updated.Images }}{{ . }}{{ end }}".into());
        let err = parse_template(&git).unwrap_err();
        assert_eq!(err.reason(), flux::REMOVED_TEMPLATE_FIELD);
        assert!(matches!(err, ReconcileError::Stalled { .. }));
        git.commit.message_template = Some("{{ if }}".into());
        let err = parse_template(&git).unwrap_err();
        assert!(
            err.message().starts_with("spec.git.commit.messageTemplate"),
            "{}",
            err.message()
        );
        git.commit.message_template = None;
        assert!(parse_template(&git).is_ok());
    }
}
