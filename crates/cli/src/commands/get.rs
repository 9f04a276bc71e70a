//! `ballast get`: the status of Flux objects as tables, like `flux get`.
//!
//! ```text
//! ballast get sources git [NAME]     ballast get kustomizations|ks [NAME]
//! ballast get images repository|policy|update [NAME]
//! ballast get receivers|alerts|alert-providers [NAME]     ballast get all
//! ```
//!
//! Columns are `flux`'s: NAMESPACE (with `-A`), NAME, kind-specific ones
//! (REVISION, SUSPENDED, …), READY and MESSAGE; long hex digests are cut
//! to 8 digits. `-o json|yaml` prints the objects instead.

mod table;
mod watch;

use std::io::Write;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use kube::Api;
use kube::api::ListParams;

use super::connect::{Cluster, ConnectArgs, connect};
use super::kinds::{FluxObject, Kind, truncate_hex, with_kind};

/// Arguments of `ballast get`.
#[derive(Debug, Args)]
pub(crate) struct GetArgs {
    #[command(subcommand)]
    what: What,
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(flatten)]
    options: Options,
}

#[derive(Debug, Clone, Args)]
struct Options {
    /// List the objects across all namespaces.
    #[arg(short = 'A', long, global = true)]
    all_namespaces: bool,
    /// Print the table without its header line.
    #[arg(long, global = true)]
    no_header: bool,
    /// Show only objects with this condition status, e.g. ready=false.
    #[arg(long, global = true, value_name = "TYPE=STATUS", value_parser = parse_selector)]
    status_selector: Option<Selector>,
    /// Print the objects as JSON or YAML instead of a table.
    #[arg(short, long, global = true, value_enum, conflicts_with = "watch")]
    output: Option<Format>,
    /// After the table, print a row each time an object changes, until
    /// interrupted.
    #[arg(short, long, global = true)]
    watch: bool,
}

/// `--status-selector TYPE=STATUS`.
#[derive(Debug, Clone)]
struct Selector {
    type_: String,
    status: String,
}

fn parse_selector(s: &str) -> Result<Selector, String> {
    match s.split_once('=') {
        Some((t, v)) if !t.is_empty() && !v.is_empty() => Ok(Selector {
            type_: t.to_string(),
            status: v.to_string(),
        }),
        _ => Err(format!(
            "expected TYPE=STATUS (e.g. ready=false), found {s:?}"
        )),
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Yaml,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Sources: `get sources git` (GitRepository) or `get sources all`.
    #[command(alias = "source")]
    Sources {
        #[command(subcommand)]
        kind: SourceKind,
    },
    /// Kustomizations.
    #[command(aliases = ["kustomization", "ks"])]
    Kustomizations(NameArg),
    /// Image automation: `get images repository|policy|update|all`.
    #[command(alias = "image")]
    Images {
        #[command(subcommand)]
        kind: ImageKind,
    },
    /// Notification Receivers.
    #[command(alias = "receiver")]
    Receivers(NameArg),
    /// Notification Alerts.
    #[command(alias = "alert")]
    Alerts(NameArg),
    /// Notification Providers.
    #[command(alias = "alert-provider")]
    AlertProviders(NameArg),
    /// Every kind above, one table each; kinds with no objects are left out.
    All,
}

#[derive(Debug, Subcommand)]
enum SourceKind {
    /// GitRepository sources.
    Git(NameArg),
    /// Every source kind.
    All,
}

#[derive(Debug, Subcommand)]
enum ImageKind {
    /// ImageRepository objects.
    Repository(NameArg),
    /// ImagePolicy objects.
    Policy(NameArg),
    /// ImageUpdateAutomation objects.
    Update(NameArg),
    /// Every image kind.
    All,
}

#[derive(Debug, Args)]
struct NameArg {
    /// Show only the object with this name.
    name: Option<String>,
}

/// Runs `ballast get`.
pub(crate) fn run(args: GetArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the Tokio runtime")?;
    runtime.block_on(async {
        let cluster = connect(&args.connect).await?;
        // The `all` forms name rows kind/name, as `flux get … all` does.
        let all = matches!(
            args.what,
            What::All
                | What::Sources {
                    kind: SourceKind::All
                }
                | What::Images {
                    kind: ImageKind::All
                }
        );
        let (kinds, name) = match args.what {
            What::Sources {
                kind: SourceKind::Git(n),
            } => (vec![Kind::GitRepository], n.name),
            What::Sources {
                kind: SourceKind::All,
            } => (vec![Kind::GitRepository], None),
            What::Kustomizations(n) => (vec![Kind::Kustomization], n.name),
            What::Images { kind } => match kind {
                ImageKind::Repository(n) => (vec![Kind::ImageRepository], n.name),
                ImageKind::Policy(n) => (vec![Kind::ImagePolicy], n.name),
                ImageKind::Update(n) => (vec![Kind::ImageUpdateAutomation], n.name),
                ImageKind::All => (
                    vec![
                        Kind::ImageRepository,
                        Kind::ImagePolicy,
                        Kind::ImageUpdateAutomation,
                    ],
                    None,
                ),
            },
            What::Receivers(n) => (vec![Kind::Receiver], n.name),
            What::Alerts(n) => (vec![Kind::Alert], n.name),
            What::AlertProviders(n) => (vec![Kind::Provider], n.name),
            What::All => (Kind::ALL.to_vec(), None),
        };
        if args.options.watch {
            let [kind] = kinds[..] else {
                anyhow::bail!("--watch takes one kind, not several (`all`)");
            };
            return with_kind!(kind, K => watch::watch::<K>(&cluster, name.as_deref(), &args.options).await);
        }
        get(&cluster, &kinds, name.as_deref(), all, &args.options).await
    })
}

/// The objects of one kind the status selector kept, as table rows and as
/// JSON.
struct Listed {
    /// How many there were before the status selector.
    total: usize,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    objects: Vec<serde_json::Value>,
}

async fn get(
    cluster: &Cluster,
    kinds: &[Kind],
    name: Option<&str>,
    all: bool,
    options: &Options,
) -> anyhow::Result<()> {
    let mut listed = Vec::new();
    for &kind in kinds {
        let found = with_kind!(kind, K => list::<K>(cluster, name, all, options).await)?;
        listed.extend(found);
    }
    let mut out = std::io::stdout().lock();
    match options.output {
        Some(format) => {
            let mut objects: Vec<_> = listed.into_iter().flat_map(|l| l.objects).collect();
            let value = match (name, objects.len()) {
                (Some(_), 1) if !options.all_namespaces => objects.remove(0),
                _ => serde_json::json!({"apiVersion": "v1", "kind": "List", "items": objects}),
            };
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&value)? + "\n",
                Format::Yaml => serde_saphyr::to_string(&value)?,
            };
            out.write_all(text.as_bytes())?;
        }
        None => {
            let mut printed = false;
            for l in listed.iter().filter(|l| !l.rows.is_empty()) {
                if printed {
                    writeln!(out)?;
                }
                printed = true;
                let headers = (!options.no_header).then_some(l.headers.as_slice());
                out.write_all(table::render(headers, &l.rows).as_bytes())?;
            }
            // One kind and nothing to show: say so, as `flux get` does.
            if let ([kind], [l]) = (kinds, &listed[..])
                && l.objects.is_empty()
                && !all
            {
                let kind = kind.name();
                let place = namespace_phrase(cluster, options);
                match &options.status_selector {
                    Some(s) if l.total > 0 => eprintln!(
                        "✗ none of the {} {kind} objects in {place} has {}={}",
                        l.total, s.type_, s.status
                    ),
                    _ => eprintln!("✗ no {kind} objects found in {place}"),
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn namespace_phrase(cluster: &Cluster, options: &Options) -> String {
    if options.all_namespaces {
        "any namespace".to_string()
    } else {
        format!("\"{}\" namespace", cluster.namespace)
    }
}

/// Lists the objects of kind `K` (or gets the one named `name`) and
/// summarises those the status selector keeps. With `all` (`get all`),
/// rows are named kind/name and a kind the cluster does not serve gives
/// `None` instead of an error.
async fn list<K: FluxObject>(
    cluster: &Cluster,
    name: Option<&str>,
    all: bool,
    options: &Options,
) -> anyhow::Result<Option<Listed>> {
    let kind_name = K::kind(&());
    let api: Api<K> = if options.all_namespaces {
        Api::all(cluster.client.clone())
    } else {
        Api::namespaced(cluster.client.clone(), &cluster.namespace)
    };
    let listed = match (name, options.all_namespaces) {
        (Some(name), false) => api
            .get_opt(name)
            .await
            .map(|o| o.into_iter().collect::<Vec<_>>()),
        _ => api.list(&ListParams::default()).await.map(|l| l.items),
    };
    let mut objects = match listed {
        Ok(objects) => objects,
        Err(kube::Error::Api(status)) if status.is_not_found() && all => {
            return Ok(None);
        }
        Err(kube::Error::Api(status)) if status.is_not_found() => anyhow::bail!(
            "the cluster does not serve {kind_name} ({}): are the Flux CRDs installed?",
            K::api_version(&())
        ),
        Err(err) => {
            return Err(err).with_context(|| {
                format!(
                    "cannot list {kind_name} objects in {}",
                    namespace_phrase(cluster, options)
                )
            });
        }
    };
    if let Some(name) = name {
        objects.retain(|o| o.meta().name.as_deref() == Some(name));
        if objects.is_empty() {
            anyhow::bail!("{}", not_found(&kind_name, name, cluster, options));
        }
    }
    let mut rows = Vec::new();
    let mut values = Vec::new();
    for obj in &objects {
        if let Some(s) = &options.status_selector
            && !obj.status_matches(&s.type_, &s.status)
        {
            continue;
        }
        rows.push(row(obj, all, options));
        let mut value = serde_json::to_value(obj)
            .with_context(|| format!("cannot serialize {kind_name} {:?}", obj.meta().name))?;
        // Like kubectl, which hides them unless --show-managed-fields.
        if let Some(meta) = value.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            meta.remove("managedFields");
        }
        values.push(value);
    }
    Ok(Some(Listed {
        total: objects.len(),
        headers: headers::<K>(options),
        rows,
        objects: values,
    }))
}

/// The header line of a table of `K`s.
fn headers<K: FluxObject>(options: &Options) -> Vec<String> {
    let mut headers = Vec::new();
    if options.all_namespaces {
        headers.push("NAMESPACE".to_string());
    }
    headers.push("NAME".to_string());
    headers.extend(K::COLUMNS.iter().map(|c| c.to_string()));
    headers.extend(["READY".to_string(), "MESSAGE".to_string()]);
    headers
}

/// The table row of `obj`; named kind/name with `all`.
fn row<K: FluxObject>(obj: &K, all: bool, options: &Options) -> Vec<String> {
    let mut row = Vec::new();
    if options.all_namespaces {
        row.push(obj.meta().namespace.clone().unwrap_or_default());
    }
    let name = obj.meta().name.clone().unwrap_or_default();
    row.push(if all {
        format!("{}/{name}", K::kind(&()).to_lowercase())
    } else {
        name
    });
    row.extend(obj.columns());
    let (ready, message) = obj.ready();
    row.extend([ready, truncate_hex(&message)]);
    row
}

/// "Kustomization 'apps/app' not found", or "… in any namespace" with `-A`.
fn not_found(kind: &str, name: &str, cluster: &Cluster, options: &Options) -> String {
    if options.all_namespaces {
        format!("{kind} '{name}' not found in any namespace")
    } else {
        format!("{kind} '{}/{name}' not found", cluster.namespace)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn status_selectors_need_a_type_and_a_status() {
        let s = parse_selector("ready=false").unwrap();
        assert_eq!((s.type_.as_str(), s.status.as_str()), ("ready", "false"));
        assert!(parse_selector("ready").is_err());
        assert!(parse_selector("=false").is_err());
        assert!(parse_selector("ready=").is_err());
    }
}
