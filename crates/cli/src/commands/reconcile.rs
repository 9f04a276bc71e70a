//! `ballast reconcile`: ask a controller to reconcile an object now and
//! wait for the outcome, like `flux reconcile`.
//!
//! The request is the `reconcile.fluxcd.io/requestedAt` annotation set to
//! the current time; the controller echoes it in
//! `status.lastHandledReconcileAt` when it has acted on it, and the Ready
//! condition of the object's current generation then tells the outcome.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use ballast_api::kustomize::v1::SourceKind as KustomizationSourceKind;
use ballast_api::meta::{ConditionStatus, annotations, format_duration};
use ballast_api::{GitRepository, Kustomization};
use clap::{Args, Subcommand};
use futures::TryStreamExt;
use kube::Api;
use kube::api::{Patch, PatchParams};
use kube::runtime::watcher::watch_object;

use super::connect::{ConnectArgs, connect, parse_timeout};
use super::kinds::{FluxObject, Kind, ready_condition, with_kind};

/// How long to wait before watching again after a watch failed.
const RETRY: Duration = Duration::from_millis(500);

/// Arguments of `ballast reconcile`.
#[derive(Debug, Args)]
pub(crate) struct ReconcileArgs {
    #[command(subcommand)]
    what: What,
    #[command(flatten)]
    connect: ConnectArgs,
    /// How long to wait for the reconciliation, as a Go duration.
    #[arg(long, global = true, default_value = "5m", value_parser = parse_timeout)]
    timeout: Duration,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Sources: `reconcile source git NAME` fetches the newest revision.
    #[command(alias = "sources")]
    Source {
        #[command(subcommand)]
        kind: SourceKind,
    },
    /// A Kustomization: applies its source's current artifact.
    #[command(aliases = ["kustomizations", "ks"])]
    Kustomization {
        /// Name of the Kustomization.
        name: String,
        /// Reconcile the Kustomization's source first, so a new commit is
        /// fetched and applied in one go.
        #[arg(long)]
        with_source: bool,
    },
    /// Image automation: `reconcile image repository|policy|update NAME`.
    #[command(alias = "images")]
    Image {
        #[command(subcommand)]
        kind: ImageKind,
    },
    /// A notification Receiver.
    #[command(alias = "receivers")]
    Receiver(Name),
    /// A notification Alert: has no status, nothing to wait for.
    #[command(alias = "alerts")]
    Alert(Name),
    /// A notification Provider: has no status, nothing to wait for.
    #[command(alias = "alert-providers")]
    AlertProvider(Name),
}

#[derive(Debug, Subcommand)]
enum SourceKind {
    /// A GitRepository.
    Git(Name),
}

#[derive(Debug, Subcommand)]
enum ImageKind {
    /// An ImageRepository: scans the registry's tags.
    Repository(Name),
    /// An ImagePolicy: picks the latest image again.
    Policy(Name),
    /// An ImageUpdateAutomation: updates, commits and pushes.
    Update(Name),
}

#[derive(Debug, Args)]
struct Name {
    /// Name of the object.
    name: String,
}

/// Runs `ballast reconcile`.
pub(crate) fn run(args: ReconcileArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the Tokio runtime")?;
    runtime.block_on(async {
        let cluster = connect(&args.connect).await?;
        let deadline = Deadline::after(args.timeout);
        let (kind, name) = match args.what {
            What::Kustomization { name, with_source } => {
                let client = &cluster.client;
                return reconcile_kustomization(
                    client,
                    &cluster.namespace,
                    &name,
                    with_source,
                    &deadline,
                )
                .await;
            }
            What::Source {
                kind: SourceKind::Git(n),
            } => (Kind::GitRepository, n.name),
            What::Image {
                kind: ImageKind::Repository(n),
            } => (Kind::ImageRepository, n.name),
            What::Image {
                kind: ImageKind::Policy(n),
            } => (Kind::ImagePolicy, n.name),
            What::Image {
                kind: ImageKind::Update(n),
            } => (Kind::ImageUpdateAutomation, n.name),
            What::Receiver(n) => (Kind::Receiver, n.name),
            What::Alert(n) => (Kind::Alert, n.name),
            What::AlertProvider(n) => (Kind::Provider, n.name),
        };
        with_kind!(kind, K => {
            let api: Api<K> = Api::namespaced(cluster.client.clone(), &cluster.namespace);
            let obj = fetch(&api, &cluster.namespace, &name).await?;
            reconcile(&api, &obj, &deadline).await.map(drop)
        })
    })
}

async fn reconcile_kustomization(
    client: &kube::Client,
    namespace: &str,
    name: &str,
    with_source: bool,
    deadline: &Deadline,
) -> anyhow::Result<()> {
    let api: Api<Kustomization> = Api::namespaced(client.clone(), namespace);
    let ks = fetch(&api, namespace, name).await?;
    refuse_suspended(&ks)?;
    if with_source {
        let source = &ks.spec.source_ref;
        if source.kind != KustomizationSourceKind::GitRepository {
            anyhow::bail!(
                "cannot reconcile the source of Kustomization '{namespace}/{name}': \
                 {} sources are not supported",
                source.kind.as_str()
            );
        }
        let source_namespace = source
            .namespace
            .as_deref()
            .filter(|ns| !ns.is_empty())
            .unwrap_or(namespace);
        let sources: Api<GitRepository> = Api::namespaced(client.clone(), source_namespace);
        let repo = fetch(&sources, source_namespace, &source.name).await?;
        reconcile(&sources, &repo, deadline).await?;
    }
    reconcile(&api, &ks, deadline).await.map(drop)
}

/// Annotates `obj`, waits until its controller handled the request and
/// prints the outcome; fails on a suspended object, a failed
/// reconciliation or the deadline.
async fn reconcile<K: FluxObject>(api: &Api<K>, obj: &K, deadline: &Deadline) -> anyhow::Result<K> {
    // NB: Alerts and Providers are read when events arrive; no controller
    // reconciles them, so there is no request to make (as `flux` says).
    if !K::HAS_STATUS {
        progress('✔', "reconciliation not supported by the object");
        return Ok(obj.clone());
    }
    refuse_suspended(obj)?;
    let kind = K::kind(&());
    let (namespace, name) = namespace_name(obj);
    progress(
        '►',
        &format!("annotating {kind} {name} in {namespace} namespace"),
    );
    let requested = request_reconcile(api, obj, None).await?;
    progress('✔', &format!("{kind} annotated"));
    progress('◎', &format!("waiting for {kind} reconciliation"));
    let done = wait_reconciled(api, &namespace, &name, &requested, deadline).await?;
    progress('✔', &done.success_message());
    Ok(done)
}

/// Sets `reconcile.fluxcd.io/requestedAt` to now with a merge patch, together
/// with `spec` when given (`resume` sets `spec.suspend: false` in the same
/// write); returns the value set.
pub(crate) async fn request_reconcile<K: FluxObject>(
    api: &Api<K>,
    obj: &K,
    spec: Option<serde_json::Value>,
) -> anyhow::Result<String> {
    let (namespace, name) = namespace_name(obj);
    // RFC 3339 with nanoseconds in UTC, trailing zeros dropped, as Flux writes it.
    let requested = jiff::Timestamp::now().to_string();
    let mut patch = serde_json::json!({"metadata": {"annotations": {
        annotations::RECONCILE_REQUESTED_AT: requested,
    }}});
    if let Some(spec) = spec {
        patch["spec"] = spec;
    }
    api.patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .with_context(|| format!("cannot annotate {}", describe::<K>(&namespace, &name)))?;
    Ok(requested)
}

/// Watches the object until the controller has handled request `requested`
/// and set Ready for its current generation. Ready=True returns the
/// object; Ready=False fails with its message.
pub(crate) async fn wait_reconciled<K: FluxObject>(
    api: &Api<K>,
    namespace: &str,
    name: &str,
    requested: &str,
    deadline: &Deadline,
) -> anyhow::Result<K> {
    let what = describe::<K>(namespace, name);
    // What the object last showed, for the timeout message.
    let mut last_seen = String::new();
    let watching = async {
        loop {
            // A watch of this one object, starting with its current state.
            let mut states = std::pin::pin!(watch_object(api.clone(), name));
            loop {
                match states.try_next().await {
                    Ok(Some(Some(obj))) => {
                        if let Some((ready, message)) = outcome(&obj, requested) {
                            return if ready {
                                Ok(obj)
                            } else {
                                Err(anyhow::anyhow!("{what} reconciliation failed: {message}"))
                            };
                        }
                        last_seen = match ready_condition(obj.status_conditions()) {
                            Some(c) => format!("; Ready is {}: {}", c.status.as_str(), c.message),
                            None => String::new(),
                        };
                    }
                    Ok(Some(None)) => anyhow::bail!("{what} was deleted while waiting for it"),
                    Ok(None) => break,
                    // Transient errors: watch again (after a pause) until the deadline.
                    Err(err) => {
                        last_seen = format!("; last error: {err}");
                        break;
                    }
                }
            }
            tokio::time::sleep(RETRY).await;
        }
    };
    let result = tokio::time::timeout(deadline.remaining(), watching).await;
    match result {
        Ok(outcome) => outcome,
        Err(_) => anyhow::bail!(
            "timed out after {} waiting for {what} to reconcile{last_seen}",
            format_duration(deadline.timeout)
        ),
    }
}

/// `Some((ready, message))` once the controller has handled `requested`
/// and decided Ready (True or False) for the current generation.
fn outcome<K: FluxObject>(obj: &K, requested: &str) -> Option<(bool, String)> {
    if obj.last_handled() != Some(requested) {
        return None;
    }
    let ready = ready_condition(obj.status_conditions())?;
    let generation = obj.meta().generation;
    if ready.observed_generation.is_some() && ready.observed_generation != generation {
        return None;
    }
    match ready.status {
        ConditionStatus::True => Some((true, ready.message.clone())),
        ConditionStatus::False => Some((false, ready.message.clone())),
        ConditionStatus::Unknown => None,
    }
}

/// Gets object `name`, failing with "Kind 'namespace/name' not found".
pub(crate) async fn fetch<K: FluxObject>(
    api: &Api<K>,
    namespace: &str,
    name: &str,
) -> anyhow::Result<K> {
    let what = describe::<K>(namespace, name);
    match api.get_opt(name).await {
        Ok(Some(obj)) => Ok(obj),
        Ok(None) => anyhow::bail!("{what} not found"),
        Err(kube::Error::Api(status)) if status.is_not_found() => anyhow::bail!(
            "{what} not found: the cluster does not serve {} ({}); are the Flux CRDs installed?",
            K::kind(&()),
            K::api_version(&())
        ),
        Err(err) => Err(err).with_context(|| format!("cannot get {what}")),
    }
}

fn refuse_suspended<K: FluxObject>(obj: &K) -> anyhow::Result<()> {
    if obj.suspended() {
        let (namespace, name) = namespace_name(obj);
        anyhow::bail!(
            "{} is suspended: resume it first (ballast resume {} {name} -n {namespace})",
            describe::<K>(&namespace, &name),
            K::KIND.human()
        );
    }
    Ok(())
}

/// "Kind 'namespace/name'", how every message names an object.
pub(crate) fn describe<K: FluxObject>(namespace: &str, name: &str) -> String {
    format!("{} '{namespace}/{name}'", K::kind(&()))
}

pub(crate) fn namespace_name<K: FluxObject>(obj: &K) -> (String, String) {
    let meta = obj.meta();
    (
        meta.namespace.clone().unwrap_or_default(),
        meta.name.clone().unwrap_or_default(),
    )
}

/// One progress line on stderr, as `flux` prints them (stdout stays for data).
pub(crate) fn progress(symbol: char, message: &str) {
    eprintln!("{symbol} {message}");
}

/// When waiting stops: `--timeout` from the start of the command.
pub(crate) struct Deadline {
    at: Instant,
    timeout: Duration,
}

impl Deadline {
    pub(crate) fn after(timeout: Duration) -> Self {
        Self {
            at: Instant::now() + timeout,
            timeout,
        }
    }

    fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ks(generation: i64, handled: &str, ready: &str, observed: i64) -> Kustomization {
        serde_json::from_value(serde_json::json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "app", "namespace": "default", "generation": generation},
            "spec": {"interval": "1m", "prune": true,
                     "sourceRef": {"kind": "GitRepository", "name": "repo"}},
            "status": {"lastHandledReconcileAt": handled,
                "conditions": [{"type": "Ready", "status": ready, "reason": "R",
                    "message": "msg", "observedGeneration": observed,
                    "lastTransitionTime": "2026-11-26T00:00:00Z"}]}
        }))
        .unwrap()
    }

    #[test]
    fn the_outcome_waits_for_the_request_and_the_current_generation() {
        assert_eq!(outcome(&ks(2, "t1", "True", 2), "t2"), None);
        assert_eq!(outcome(&ks(2, "t2", "True", 1), "t2"), None);
        assert_eq!(outcome(&ks(2, "t2", "Unknown", 2), "t2"), None);
        assert_eq!(
            outcome(&ks(2, "t2", "True", 2), "t2"),
            Some((true, "msg".to_string()))
        );
        assert_eq!(
            outcome(&ks(2, "t2", "False", 2), "t2"),
            Some((false, "msg".to_string()))
        );
    }

    #[test]
    fn requests_are_rfc3339_timestamps_in_utc() {
        let now = jiff::Timestamp::now().to_string();
        assert!(now.ends_with('Z'), "{now}");
        assert!(now.parse::<jiff::Timestamp>().is_ok(), "{now}");
    }
}
