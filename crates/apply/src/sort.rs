//! Apply order and stages, following Flux's `ssa` package (`sort.go`,
//! `utils/is.go`): kinds others depend on go first, webhooks last.

use std::cmp::Ordering;

use crate::object_ref::ObjectRef;

/// Kinds applied before all others, in this order.
const ORDER_FIRST: &[&str] = &[
    "CustomResourceDefinition",
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Service",
    "LimitRange",
    "PriorityClass",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// Kinds applied after all others (admission webhooks would otherwise
/// intercept the objects of the same apply).
const ORDER_LAST: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Rank of a kind: negative for [`ORDER_FIRST`], 0 for unlisted kinds,
/// positive for [`ORDER_LAST`].
fn kind_rank(kind: &str) -> i64 {
    if let Some(i) = ORDER_FIRST.iter().position(|k| *k == kind) {
        return i as i64 - ORDER_FIRST.len() as i64;
    }
    if let Some(i) = ORDER_LAST.iter().position(|k| *k == kind) {
        return 1 + i as i64;
    }
    0
}

/// Apply order: kind rank, then group, kind, namespace, name, so the result
/// does not depend on input order.
pub(crate) fn compare(a: &ObjectRef, b: &ObjectRef) -> Ordering {
    kind_rank(&a.kind)
        .cmp(&kind_rank(&b.kind))
        .then_with(|| a.group.cmp(&b.group))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| a.namespace.cmp(&b.namespace))
        .then_with(|| a.name.cmp(&b.name))
}

/// Sorts references into apply order.
pub(crate) fn sort_refs(refs: &mut [ObjectRef]) {
    refs.sort_by(compare);
}

/// The stage of a staged apply an object belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Stage {
    /// CustomResourceDefinitions, Namespaces and ClusterRoles: others need
    /// them to exist (and CRDs to be established) first.
    ClusterDefinitions,
    /// Cluster-wide `*Class` kinds (StorageClass, IngressClass, …).
    Classes,
    /// Everything else.
    Rest,
}

impl Stage {
    /// All stages, in apply order.
    pub(crate) const ALL: [Stage; 3] = [Stage::ClusterDefinitions, Stage::Classes, Stage::Rest];

    /// The stage of `object`.
    pub(crate) fn of(object: &ObjectRef) -> Stage {
        let is = |group_prefix: &str, kind: &str| {
            object.kind.eq_ignore_ascii_case(kind) && object.group == group_prefix
        };
        if is("apiextensions.k8s.io", "CustomResourceDefinition")
            || is("", "Namespace")
            || is("rbac.authorization.k8s.io", "ClusterRole")
        {
            Stage::ClusterDefinitions
        } else if object.kind.ends_with("Class") {
            Stage::Classes
        } else {
            Stage::Rest
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(group: &str, kind: &str, ns: &str, name: &str) -> ObjectRef {
        ObjectRef::new(group, "v1", kind, ns, name)
    }

    #[test]
    fn sorts_by_flux_kind_order_then_identity() {
        let mut refs = vec![
            r(
                "admissionregistration.k8s.io",
                "ValidatingWebhookConfiguration",
                "",
                "v",
            ),
            r("example.com", "Widget", "a", "w"),
            r("apps", "Deployment", "b", "web"),
            r("apps", "Deployment", "a", "web"),
            r("", "ConfigMap", "a", "cfg"),
            r("", "Namespace", "", "a"),
            r(
                "apiextensions.k8s.io",
                "CustomResourceDefinition",
                "",
                "widgets.example.com",
            ),
            r("", "Service", "a", "svc"),
            r("batch", "Job", "a", "j"),
        ];
        sort_refs(&mut refs);
        let got: Vec<String> = refs.iter().map(|o| o.to_string()).collect();
        assert_eq!(
            got,
            [
                "CustomResourceDefinition/apiextensions.k8s.io/widgets.example.com",
                "Namespace/a",
                "ConfigMap/a/cfg",
                "Service/a/svc",
                "Deployment/apps/a/web",
                "Deployment/apps/b/web",
                "Job/batch/a/j",
                "Widget/example.com/a/w",
                "ValidatingWebhookConfiguration/admissionregistration.k8s.io/v",
            ]
        );
    }

    #[test]
    fn stages_follow_flux() {
        let cases = [
            (
                r("apiextensions.k8s.io", "CustomResourceDefinition", "", "x"),
                Stage::ClusterDefinitions,
            ),
            (r("", "Namespace", "", "x"), Stage::ClusterDefinitions),
            (
                r("rbac.authorization.k8s.io", "ClusterRole", "", "x"),
                Stage::ClusterDefinitions,
            ),
            (r("storage.k8s.io", "StorageClass", "", "x"), Stage::Classes),
            (
                r("networking.k8s.io", "IngressClass", "", "x"),
                Stage::Classes,
            ),
            (
                r("scheduling.k8s.io", "PriorityClass", "", "x"),
                Stage::Classes,
            ),
            (
                r("rbac.authorization.k8s.io", "ClusterRoleBinding", "", "x"),
                Stage::Rest,
            ),
            (r("example.com", "Namespace", "", "x"), Stage::Rest),
            (r("apps", "Deployment", "a", "x"), Stage::Rest),
        ];
        for (object, want) in cases {
            assert_eq!(Stage::of(&object), want, "{object}");
        }
    }
}
