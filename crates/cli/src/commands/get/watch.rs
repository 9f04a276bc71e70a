//! `ballast get … --watch`: the table, then one row per change, as
//! `flux get --watch` prints them.

use std::io::Write;

use anyhow::Context as _;
use futures::TryStreamExt;
use kube::Api;
use kube::runtime::watcher::{self, Event};

use super::{Cluster, FluxObject, Options, headers, row, table};

/// Watches the `K`s of the namespace (all with `-A`), or the one named
/// `name`, until the watch fails or the process is interrupted.
pub(super) async fn watch<K: FluxObject>(
    cluster: &Cluster,
    name: Option<&str>,
    options: &Options,
) -> anyhow::Result<()> {
    let api: Api<K> = if options.all_namespaces {
        Api::all(cluster.client.clone())
    } else {
        Api::namespaced(cluster.client.clone(), &cluster.namespace)
    };
    let kind = K::kind(&());
    let mut events = std::pin::pin!(watcher::watcher(api, watcher::Config::default()));
    let mut header = (!options.no_header).then(|| headers::<K>(options));
    while let Some(event) = events
        .try_next()
        .await
        .with_context(|| format!("watching {kind} objects failed"))?
    {
        let obj = match event {
            Event::Apply(obj) | Event::InitApply(obj) => obj,
            Event::Delete(_) | Event::Init | Event::InitDone => continue,
        };
        if name.is_some_and(|n| obj.meta().name.as_deref() != Some(n)) {
            continue;
        }
        if let Some(s) = &options.status_selector
            && !obj.status_matches(&s.type_, &s.status)
        {
            continue;
        }
        // NB: each change is a table of its own; the header comes once.
        let text = table::render(header.take().as_deref(), &[row(&obj, false, options)]);
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
    Ok(())
}
