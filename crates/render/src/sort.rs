//! Output order: kustomize's legacy kind order by default, or `fifo`.

use std::path::Path;

use crate::error::{Error, Result};
use crate::kustomization::SortOptions;
use crate::resid::{Gvk, ResId};
use crate::resource::ResMap;

const ORDER_FIRST: [&str; 22] = [
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];
const ORDER_LAST: [&str; 2] = [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Sorts `ra` as the kustomization's `sortOptions` (or the legacy default) say.
pub(crate) fn apply(ra: &mut ResMap, options: Option<&SortOptions>, file: &Path) -> Result<()> {
    let (first, last): (Vec<String>, Vec<String>) = match options {
        None => (
            ORDER_FIRST.iter().map(|s| s.to_string()).collect(),
            ORDER_LAST.iter().map(|s| s.to_string()).collect(),
        ),
        Some(o) => match o.order.as_deref() {
            Some("fifo") => {
                if o.legacy_sort_options.is_some() {
                    return Err(Error::Kustomization {
                        file: file.to_path_buf(),
                        message: "sortOptions.legacySortOptions is only valid with order: legacy"
                            .into(),
                    });
                }
                return Ok(());
            }
            Some("legacy") => match &o.legacy_sort_options {
                Some(l) => (l.order_first.clone(), l.order_last.clone()),
                None => (
                    ORDER_FIRST.iter().map(|s| s.to_string()).collect(),
                    ORDER_LAST.iter().map(|s| s.to_string()).collect(),
                ),
            },
            other => {
                return Err(Error::Kustomization {
                    file: file.to_path_buf(),
                    message: format!(
                        "sortOptions.order {:?} is invalid: use legacy or fifo",
                        other.unwrap_or("")
                    ),
                });
            }
        },
    };
    let rank = |kind: &str| -> i64 {
        if let Some(i) = first.iter().position(|k| k == kind) {
            return i as i64 - first.len() as i64;
        }
        if let Some(i) = last.iter().position(|k| k == kind) {
            return 1 + i as i64;
        }
        0
    };
    // Keys computed once per object, not per comparison.
    let mut keyed: Vec<(i64, String, String, Gvk, crate::resource::Resource)> =
        std::mem::take(&mut ra.items)
            .into_iter()
            .map(|r| {
                let id = r.id();
                let key = (rank(&id.gvk.kind), gvk_key(&id.gvk), id_key(&id));
                (key.0, key.1, key.2, id.gvk, r)
            })
            .collect();
    keyed.sort_by(|a, b| {
        let (ra_, rb) = (&a.3, &b.3);
        if ra_ != rb {
            if a.0 != b.0 {
                return a.0.cmp(&b.0);
            }
            // NB: kustomize inverts the order of two Namespace kinds when one
            // has no group.
            if ra_.kind == "Namespace"
                && rb.kind == "Namespace"
                && (ra_.group.is_empty() || rb.group.is_empty())
            {
                return b.1.cmp(&a.1);
            }
            return a.1.cmp(&b.1);
        }
        a.2.cmp(&b.2)
    });
    ra.replace_items(keyed.into_iter().map(|k| k.4).collect())
}

fn gvk_key(g: &Gvk) -> String {
    let or = |s: &str, d: &str| {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    };
    format!(
        "{}_{}_{}",
        or(&g.group, "~G"),
        or(&g.version, "~V"),
        or(&g.kind, "~K")
    )
}

fn id_key(id: &ResId) -> String {
    let ns = if id.namespace.is_empty() {
        "~X"
    } else {
        &id.namespace
    };
    let name = if id.name.is_empty() { "~N" } else { &id.name };
    format!("{}|{}|{}", id.gvk, ns, name)
}
