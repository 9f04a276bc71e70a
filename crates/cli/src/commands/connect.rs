//! How the cluster commands (`get`, `reconcile`, `suspend`, `resume`) reach
//! a cluster: kubeconfig, context and namespace flags, as `flux` takes them.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

/// The namespace Flux is installed in, and the CLI's default like `flux`'s.
pub(crate) const DEFAULT_NAMESPACE: &str = "flux-system";

/// Connection flags shared by every cluster command.
#[derive(Debug, Clone, Args)]
pub(crate) struct ConnectArgs {
    /// Path to the kubeconfig file; $KUBECONFIG or ~/.kube/config when
    /// absent, then the in-cluster service account.
    #[arg(long, global = true)]
    kubeconfig: Option<PathBuf>,
    /// The kubeconfig context to use instead of its current context.
    #[arg(long, global = true)]
    context: Option<String>,
    /// The namespace of the objects [default: flux-system].
    #[arg(short, long, global = true)]
    namespace: Option<String>,
    /// Without -n, use the kubeconfig context's namespace instead of
    /// flux-system (as `flux` does with this flag).
    #[arg(long, global = true, env = "FLUX_NS_FOLLOWS_KUBE_CONTEXT")]
    ns_follows_kube_context: bool,
}

/// A client and the namespace the command works in.
pub(crate) struct Cluster {
    /// The API client.
    pub(crate) client: Client,
    /// `-n`, else [`DEFAULT_NAMESPACE`] (or the context's namespace with
    /// `--ns-follows-kube-context`).
    pub(crate) namespace: String,
}

/// Loads the kubeconfig (or the in-cluster configuration) and builds a client.
pub(crate) async fn connect(args: &ConnectArgs) -> anyhow::Result<Cluster> {
    let options = KubeConfigOptions {
        context: args.context.clone(),
        ..KubeConfigOptions::default()
    };
    let (config, context_namespace) = match load_kubeconfig(args)? {
        Some((kubeconfig, source)) => {
            if let Some(context) = &args.context
                && !kubeconfig.contexts.iter().any(|c| &c.name == context)
            {
                let known: Vec<&str> = kubeconfig
                    .contexts
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                anyhow::bail!(
                    "--context {context}: the kubeconfig {source} has no such context (it has: {})",
                    known.join(", ")
                );
            }
            let namespace = context_namespace(&kubeconfig, args.context.as_deref());
            let config = Config::from_custom_kubeconfig(kubeconfig, &options)
                .await
                .with_context(|| format!("cannot use the kubeconfig {source}"))?;
            (config, namespace)
        }
        None => {
            if let Some(context) = &args.context {
                anyhow::bail!(
                    "--context {context}: no kubeconfig found ($KUBECONFIG, ~/.kube/config)"
                );
            }
            let config = Config::incluster().context(
                "no kubeconfig found ($KUBECONFIG, ~/.kube/config) and not running in a cluster; \
                 pass --kubeconfig",
            )?;
            (config, None)
        }
    };
    // NB: flux-system unless asked otherwise, as `flux` does: most contexts
    // name a namespace (devcluster's and kind's say `default`), so following
    // them by default would hide the Flux objects.
    let namespace = match (&args.namespace, args.ns_follows_kube_context) {
        (Some(ns), _) => ns.clone(),
        (None, true) => context_namespace.unwrap_or_else(|| DEFAULT_NAMESPACE.to_string()),
        (None, false) => DEFAULT_NAMESPACE.to_string(),
    };
    let client = Client::try_from(config).context("cannot create a Kubernetes client")?;
    Ok(Cluster { client, namespace })
}

/// The kubeconfig named by `--kubeconfig`, else `$KUBECONFIG`, else
/// `~/.kube/config` when it exists; `None` when there is none.
fn load_kubeconfig(args: &ConnectArgs) -> anyhow::Result<Option<(Kubeconfig, String)>> {
    if let Some(path) = &args.kubeconfig {
        let config = Kubeconfig::read_from(path)
            .with_context(|| format!("--kubeconfig {}: cannot read it", path.display()))?;
        return Ok(Some((config, path.display().to_string())));
    }
    if let Some(paths) = std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
        let config = Kubeconfig::read().with_context(|| {
            format!(
                "KUBECONFIG={}: cannot read the kubeconfig",
                paths.to_string_lossy()
            )
        })?;
        return Ok(Some((config, "from $KUBECONFIG".to_string())));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home.map(|h| h.join(".kube/config")) {
        Some(path) if path.is_file() => {
            let config = Kubeconfig::read_from(&path)
                .with_context(|| format!("{}: cannot read the kubeconfig", path.display()))?;
            Ok(Some((config, path.display().to_string())))
        }
        _ => Ok(None),
    }
}

/// The namespace set on `context` (or the current context), if any.
fn context_namespace(kubeconfig: &Kubeconfig, context: Option<&str>) -> Option<String> {
    let name = context.or(kubeconfig.current_context.as_deref())?;
    kubeconfig
        .contexts
        .iter()
        .find(|c| c.name == name)?
        .context
        .as_ref()?
        .namespace
        .clone()
        .filter(|ns| !ns.is_empty())
}

/// Parses `--timeout` like Flux: a Go duration such as `5m` or `90s`.
pub(crate) fn parse_timeout(s: &str) -> Result<Duration, String> {
    ballast_api::meta::parse_duration(s).map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const CONFIG: &str = "apiVersion: v1\nkind: Config\ncurrent-context: a\n\
        clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n\
        users: [{name: u, user: {token: t}}]\n\
        contexts:\n\
        - {name: a, context: {cluster: c, user: u, namespace: apps}}\n\
        - {name: b, context: {cluster: c, user: u}}\n";

    #[test]
    fn namespace_comes_from_the_chosen_context() {
        let config = Kubeconfig::from_yaml(CONFIG).unwrap();
        assert_eq!(context_namespace(&config, None).as_deref(), Some("apps"));
        assert_eq!(context_namespace(&config, Some("b")), None);
        assert_eq!(context_namespace(&config, Some("missing")), None);
    }

    #[test]
    fn timeouts_are_go_durations() {
        assert_eq!(parse_timeout("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_timeout("1m30s"), Ok(Duration::from_secs(90)));
        assert!(parse_timeout("soon").is_err());
    }
}
