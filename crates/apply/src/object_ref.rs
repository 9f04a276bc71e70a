//! Object identity and inventory math. Pure: no client.

use std::collections::BTreeSet;
use std::fmt;

use kube::api::{DynamicObject, GroupVersionKind};

use crate::error::{Error, Result};

/// Separates the four fields of an inventory id.
const FIELD_SEPARATOR: char = '_';
/// RBAC names may hold `:`; inventory ids write it as `__` (as Flux does).
const COLON_ENCODED: &str = "__";

/// Identifies one Kubernetes object: group, version, kind, namespace, name.
///
/// Equality, hashing and ordering use every field, version included; the
/// inventory [`id`](ObjectRef::id) leaves the version out, as Flux's does.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ObjectRef {
    /// API group; empty for the core group.
    pub group: String,
    /// API version within the group (`v1`).
    pub version: String,
    /// Kind (`Deployment`).
    pub kind: String,
    /// Namespace; empty for cluster-scoped objects.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ObjectRef {
    /// Builds a reference from its parts.
    pub fn new(
        group: impl Into<String>,
        version: impl Into<String>,
        kind: impl Into<String>,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        ObjectRef {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Reads the reference of `object` from its `apiVersion`, `kind` and
    /// metadata; fails when one of them is missing.
    pub fn from_object(object: &DynamicObject) -> Result<Self> {
        let types = object.types.as_ref();
        let api_version = types.map(|t| t.api_version.as_str()).unwrap_or_default();
        let kind = types.map(|t| t.kind.as_str()).unwrap_or_default();
        let name = object.metadata.name.clone().unwrap_or_default();
        let namespace = object.metadata.namespace.clone().unwrap_or_default();
        let partial = || {
            format!(
                "{kind}/{}{name}",
                if namespace.is_empty() {
                    String::new()
                } else {
                    format!("{namespace}/")
                }
            )
        };
        if api_version.is_empty() || kind.is_empty() || name.is_empty() {
            return Err(Error::InvalidObject {
                object: partial(),
                reason: "apiVersion, kind and metadata.name are required".into(),
            });
        }
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        Ok(ObjectRef::new(group, version, kind, namespace, name))
    }

    /// Parses a Flux inventory id `<namespace>_<name>_<group>_<kind>` and
    /// pairs it with `version` (stored beside the id in an inventory entry).
    pub fn parse_id(id: &str, version: impl Into<String>) -> Result<Self> {
        let invalid = |reason: &str| Error::InvalidId {
            id: id.to_string(),
            reason: reason.to_string(),
        };
        // Namespace is everything before the first separator; kind and group
        // come from the end, so a colon-encoded name keeps its `__`.
        let (namespace, rest) = id
            .split_once(FIELD_SEPARATOR)
            .ok_or_else(|| invalid("expected <namespace>_<name>_<group>_<kind>"))?;
        let (rest, kind) = rest
            .rsplit_once(FIELD_SEPARATOR)
            .ok_or_else(|| invalid("expected <namespace>_<name>_<group>_<kind>"))?;
        let (name, group) = rest
            .rsplit_once(FIELD_SEPARATOR)
            .ok_or_else(|| invalid("expected <namespace>_<name>_<group>_<kind>"))?;
        let name = name.replace(COLON_ENCODED, ":");
        if name.contains(FIELD_SEPARATOR) {
            return Err(invalid("the name holds a lone '_'"));
        }
        if name.is_empty() {
            return Err(invalid("the name is empty"));
        }
        if kind.is_empty() {
            return Err(invalid("the kind is empty"));
        }
        Ok(ObjectRef::new(group, version, kind, namespace, name))
    }

    /// Formats the Flux inventory id `<namespace>_<name>_<group>_<kind>`.
    pub fn id(&self) -> String {
        format!(
            "{}{FIELD_SEPARATOR}{}{FIELD_SEPARATOR}{}{FIELD_SEPARATOR}{}",
            self.namespace,
            self.name.replace(':', COLON_ENCODED),
            self.group,
            self.kind
        )
    }

    /// `apiVersion` as written in manifests (`apps/v1`, `v1`).
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// The group/version/kind of the object.
    pub fn gvk(&self) -> GroupVersionKind {
        GroupVersionKind::gvk(&self.group, &self.version, &self.kind)
    }

    /// Names the object like Flux's change set lines do:
    /// `Kind/namespace/name` or `Kind/name` for cluster-scoped objects.
    pub fn subject(&self) -> String {
        if self.namespace.is_empty() {
            format!("{}/{}", self.kind, self.name)
        } else {
            format!("{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// Shows the object with its group, as errors name it:
/// `Deployment/apps/default/web`, `ConfigMap/default/cfg` (core group),
/// `ClusterRole/rbac.authorization.k8s.io/view`.
impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/", self.kind)?;
        if !self.group.is_empty() {
            write!(f, "{}/", self.group)?;
        }
        if !self.namespace.is_empty() {
            write!(f, "{}/", self.namespace)?;
        }
        write!(f, "{}", self.name)
    }
}

/// A set of objects keyed by inventory id: the inventory math.
///
/// Two references with the same id but different versions are the same
/// object (a version bump is not a removal), so the set compares ids only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectSet {
    entries: std::collections::BTreeMap<String, ObjectRef>,
}

impl ObjectSet {
    /// An empty set.
    pub fn new() -> Self {
        ObjectSet::default()
    }

    /// Adds `object`; a later version of the same id replaces the earlier.
    pub fn insert(&mut self, object: ObjectRef) {
        self.entries.insert(object.id(), object);
    }

    /// Whether an object with the id of `object` is in the set.
    pub fn contains(&self, object: &ObjectRef) -> bool {
        self.entries.contains_key(&object.id())
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The objects, ordered by inventory id.
    pub fn iter(&self) -> impl Iterator<Item = &ObjectRef> {
        self.entries.values()
    }

    /// The objects of `self` whose id is not in `newer`: what left the
    /// inventory and is stale (to prune). Ordered for deletion: the reverse
    /// of apply order, so custom resources go before their CRDs and
    /// namespaced objects before their Namespace.
    pub fn diff(&self, newer: &ObjectSet) -> Vec<ObjectRef> {
        let mut stale: Vec<ObjectRef> = self
            .entries
            .iter()
            .filter(|(id, _)| !newer.entries.contains_key(*id))
            .map(|(_, o)| o.clone())
            .collect();
        crate::sort::sort_refs(&mut stale);
        stale.reverse();
        stale
    }

    /// The ids of the set, sorted.
    pub fn ids(&self) -> BTreeSet<String> {
        self.entries.keys().cloned().collect()
    }
}

impl FromIterator<ObjectRef> for ObjectSet {
    fn from_iter<T: IntoIterator<Item = ObjectRef>>(iter: T) -> Self {
        let mut set = ObjectSet::new();
        for o in iter {
            set.insert(o);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_like_flux() {
        let cases = [
            (
                ObjectRef::new("apps", "v1", "Deployment", "default", "web"),
                "default_web_apps_Deployment",
            ),
            (
                ObjectRef::new("", "v1", "Namespace", "", "team-a"),
                "_team-a__Namespace",
            ),
            (
                ObjectRef::new("", "v1", "ConfigMap", "ns", "cfg"),
                "ns_cfg__ConfigMap",
            ),
            (
                ObjectRef::new(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "ClusterRole",
                    "",
                    "system:controller:foo",
                ),
                "_system__controller__foo_rbac.authorization.k8s.io_ClusterRole",
            ),
        ];
        for (object, id) in cases {
            assert_eq!(object.id(), id);
            let parsed = ObjectRef::parse_id(id, &object.version).unwrap();
            assert_eq!(parsed, object, "{id}");
        }
    }

    #[test]
    fn malformed_ids_are_rejected_with_the_id() {
        for id in [
            "",
            "noseparator",
            "a_b",
            "ns_na_me_x_apps_Deployment",
            "ns__apps_Kind",
            "ns_n_g_",
        ] {
            let err = ObjectRef::parse_id(id, "v1").unwrap_err();
            assert!(err.to_string().contains(&format!("{id:?}")), "{err}");
        }
    }

    #[test]
    fn display_and_subject_name_the_object() {
        let d = ObjectRef::new("apps", "v1", "Deployment", "default", "web");
        assert_eq!(d.to_string(), "Deployment/apps/default/web");
        assert_eq!(d.subject(), "Deployment/default/web");
        let ns = ObjectRef::new("", "v1", "Namespace", "", "a");
        assert_eq!(ns.to_string(), "Namespace/a");
        assert_eq!(ns.api_version(), "v1");
        assert_eq!(d.api_version(), "apps/v1");
    }

    #[test]
    fn from_object_requires_type_and_name() {
        let o: DynamicObject = serde_json::from_value(serde_json::json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default"}
        }))
        .unwrap();
        assert_eq!(
            ObjectRef::from_object(&o).unwrap(),
            ObjectRef::new("apps", "v1", "Deployment", "default", "web")
        );
        let o: DynamicObject = serde_json::from_value(serde_json::json!({
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "x"}
        }))
        .unwrap();
        let err = ObjectRef::from_object(&o).unwrap_err().to_string();
        assert!(err.contains("ConfigMap/x/"), "{err}");
    }

    #[test]
    fn set_diff_returns_what_left_in_reverse_apply_order() {
        let ns = ObjectRef::new("", "v1", "Namespace", "", "a");
        let cm = ObjectRef::new("", "v1", "ConfigMap", "a", "cfg");
        let dep = ObjectRef::new("apps", "v1", "Deployment", "a", "web");
        let crd = ObjectRef::new(
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "",
            "widgets.example.com",
        );
        let old: ObjectSet = [ns.clone(), cm.clone(), dep.clone(), crd.clone()]
            .into_iter()
            .collect();
        // A version change alone keeps the object.
        let mut dep_v2 = dep.clone();
        dep_v2.version = "v2".into();
        let new: ObjectSet = [cm.clone(), dep_v2].into_iter().collect();
        assert_eq!(old.diff(&new), vec![ns, crd]);
        assert!(new.diff(&old).is_empty());
        assert_eq!(old.diff(&ObjectSet::new()).len(), 4);
        // Deletion order: Deployment, ConfigMap, then Namespace, then CRD.
        let all = old.diff(&ObjectSet::new());
        let kinds: Vec<&str> = all.iter().map(|o| o.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "Deployment",
                "ConfigMap",
                "Namespace",
                "CustomResourceDefinition"
            ]
        );
    }
}
