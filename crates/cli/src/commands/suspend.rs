//! `ballast suspend` and `ballast resume`: stop and restart the
//! reconciliation of objects by setting `spec.suspend`, like `flux suspend`
//! and `flux resume`. Resuming also requests a reconciliation and waits
//! for it, as `ballast reconcile` does.

use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use kube::Api;
use kube::api::{ListParams, Patch, PatchParams};

use super::connect::{Cluster, ConnectArgs, connect, parse_timeout};
use super::kinds::{FluxObject, Kind, with_kind};
use super::reconcile::{
    Deadline, describe, fetch, namespace_name, progress, request_reconcile, wait_reconciled,
};

/// Arguments of `ballast suspend`.
#[derive(Debug, Args)]
pub(crate) struct SuspendArgs {
    #[command(subcommand)]
    target: Target,
    #[command(flatten)]
    connect: ConnectArgs,
    /// Suspend every object of the kind in the namespace.
    #[arg(long, global = true)]
    all: bool,
}

/// Arguments of `ballast resume`.
#[derive(Debug, Args)]
pub(crate) struct ResumeArgs {
    #[command(subcommand)]
    target: Target,
    #[command(flatten)]
    connect: ConnectArgs,
    /// Resume every object of the kind in the namespace.
    #[arg(long, global = true)]
    all: bool,
    /// How long to wait for the reconciliations, as a Go duration.
    #[arg(long, global = true, default_value = "5m", value_parser = parse_timeout)]
    timeout: Duration,
}

#[derive(Debug, Subcommand)]
enum Target {
    /// Sources: `source git NAME…`.
    #[command(alias = "sources")]
    Source {
        #[command(subcommand)]
        kind: SourceKind,
    },
    /// Kustomizations.
    #[command(aliases = ["kustomizations", "ks"])]
    Kustomization(Names),
    /// Image automation: `image repository|policy|update NAME…`.
    #[command(alias = "images")]
    Image {
        #[command(subcommand)]
        kind: ImageKind,
    },
    /// Notification Receivers.
    #[command(alias = "receivers")]
    Receiver(Names),
    /// Notification Alerts.
    #[command(alias = "alerts")]
    Alert(Names),
    /// Notification Providers.
    #[command(alias = "alert-providers")]
    AlertProvider(Names),
}

#[derive(Debug, Subcommand)]
enum SourceKind {
    /// GitRepository sources.
    Git(Names),
}

#[derive(Debug, Subcommand)]
enum ImageKind {
    /// ImageRepository objects.
    Repository(Names),
    /// ImagePolicy objects.
    Policy(Names),
    /// ImageUpdateAutomation objects.
    Update(Names),
}

#[derive(Debug, Args)]
struct Names {
    /// Names of the objects (or --all).
    names: Vec<String>,
}

impl Target {
    fn split(self) -> (Kind, Vec<String>) {
        let (kind, names) = match self {
            Target::Source {
                kind: SourceKind::Git(n),
            } => (Kind::GitRepository, n),
            Target::Kustomization(n) => (Kind::Kustomization, n),
            Target::Image { kind } => match kind {
                ImageKind::Repository(n) => (Kind::ImageRepository, n),
                ImageKind::Policy(n) => (Kind::ImagePolicy, n),
                ImageKind::Update(n) => (Kind::ImageUpdateAutomation, n),
            },
            Target::Receiver(n) => (Kind::Receiver, n),
            Target::Alert(n) => (Kind::Alert, n),
            Target::AlertProvider(n) => (Kind::Provider, n),
        };
        (kind, names.names)
    }
}

/// Runs `ballast suspend`.
pub(crate) fn run_suspend(args: SuspendArgs) -> anyhow::Result<()> {
    let (kind, names) = args.target.split();
    check_names(kind, &names, args.all)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the Tokio runtime")?;
    runtime.block_on(async {
        let cluster = connect(&args.connect).await?;
        with_kind!(kind, K => suspend::<K>(&cluster, kind, &names).await)
    })
}

/// Runs `ballast resume`.
pub(crate) fn run_resume(args: ResumeArgs) -> anyhow::Result<()> {
    let (kind, names) = args.target.split();
    check_names(kind, &names, args.all)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the Tokio runtime")?;
    runtime.block_on(async {
        let cluster = connect(&args.connect).await?;
        let deadline = Deadline::after(args.timeout);
        with_kind!(kind, K => resume::<K>(&cluster, kind, &names, &deadline).await)
    })
}

fn check_names(kind: Kind, names: &[String], all: bool) -> anyhow::Result<()> {
    match (names.is_empty(), all) {
        (true, false) => anyhow::bail!("{} name is required (or --all)", kind.human()),
        (false, true) => anyhow::bail!("give either names or --all, not both"),
        _ => Ok(()),
    }
}

/// The objects named, or all in the namespace when `names` is empty (`--all`).
/// Names not found are added to `failures`.
async fn targets<K: FluxObject>(
    api: &Api<K>,
    cluster: &Cluster,
    names: &[String],
    failures: &mut Vec<String>,
) -> anyhow::Result<Vec<K>> {
    if names.is_empty() {
        let list = api.list(&ListParams::default()).await.with_context(|| {
            format!(
                "cannot list {} objects in namespace {}",
                K::kind(&()),
                cluster.namespace
            )
        })?;
        if list.items.is_empty() {
            progress(
                '✗',
                &format!(
                    "no {} objects found in \"{}\" namespace",
                    K::kind(&()),
                    cluster.namespace
                ),
            );
        }
        return Ok(list.items);
    }
    let mut objects = Vec::new();
    for name in names {
        match fetch(api, &cluster.namespace, name).await {
            Ok(obj) => objects.push(obj),
            Err(err) => failures.push(format!("{err:#}")),
        }
    }
    Ok(objects)
}

async fn suspend<K: FluxObject>(
    cluster: &Cluster,
    kind: Kind,
    names: &[String],
) -> anyhow::Result<()> {
    let api: Api<K> = Api::namespaced(cluster.client.clone(), &cluster.namespace);
    let mut failures = Vec::new();
    for obj in targets(&api, cluster, names, &mut failures).await? {
        let (namespace, name) = namespace_name(&obj);
        progress(
            '►',
            &format!(
                "suspending {} {name} in {namespace} namespace",
                kind.human()
            ),
        );
        let patch = serde_json::json!({"spec": {"suspend": true}});
        match api
            .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
        {
            Ok(_) => progress('✔', &format!("{} suspended", kind.human())),
            Err(err) => failures.push(format!(
                "cannot suspend {}: {err}",
                describe::<K>(&namespace, &name)
            )),
        }
    }
    summarize(&failures, "suspending")
}

async fn resume<K: FluxObject>(
    cluster: &Cluster,
    kind: Kind,
    names: &[String],
    deadline: &Deadline,
) -> anyhow::Result<()> {
    let api: Api<K> = Api::namespaced(cluster.client.clone(), &cluster.namespace);
    let mut failures = Vec::new();
    // All are resumed first, then waited for, so they reconcile side by side.
    let mut resumed = Vec::new();
    for obj in targets(&api, cluster, names, &mut failures).await? {
        let (namespace, name) = namespace_name(&obj);
        progress(
            '►',
            &format!("resuming {} {name} in {namespace} namespace", kind.human()),
        );
        // One write: unsuspended and asked to reconcile now, so the wait
        // below has a request to see handled.
        let spec = serde_json::json!({"suspend": false});
        match request_reconcile(&api, &obj, Some(spec)).await {
            Ok(requested) => {
                progress('✔', &format!("{} resumed", kind.human()));
                resumed.push((namespace, name, requested));
            }
            Err(err) => failures.push(format!("{err:#}")),
        }
    }
    if !K::HAS_STATUS {
        return summarize(&failures, "resuming");
    }
    if !resumed.is_empty() {
        progress('◎', &format!("waiting for {} reconciliation", K::kind(&())));
    }
    for (namespace, name, requested) in resumed {
        match wait_reconciled(&api, &namespace, &name, &requested, deadline).await {
            Ok(done) => {
                progress(
                    '✔',
                    &format!("{} {name} reconciliation completed", K::kind(&())),
                );
                progress('✔', &done.success_message());
            }
            Err(err) => failures.push(format!("{err:#}")),
        }
    }
    summarize(&failures, "resuming")
}

/// Fails naming the one failure; several are printed, then counted.
fn summarize(failures: &[String], doing: &str) -> anyhow::Result<()> {
    match failures {
        [] => Ok(()),
        [one] => Err(anyhow::anyhow!("{one}")),
        many => {
            for failure in many {
                progress('✗', failure);
            }
            Err(anyhow::anyhow!(
                "{} of the objects failed while {doing}",
                many.len()
            ))
        }
    }
}
