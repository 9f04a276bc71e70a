//! Patch metadata for the built-in Kubernetes types: which lists merge, by
//! which key, and what server-side apply considers a list or map to be.

use crate::table::{KINDS, TYPES};

/// Index into [`TYPES`] meaning "no struct type" (scalars, free-form values).
pub(crate) const NO_TYPE: u16 = u16::MAX;

/// How a field's value is shaped, ignoring the struct it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A single struct (or a free-form value when the type is [`NO_TYPE`]).
    Object,
    /// A JSON array whose items are of the field's type.
    List,
    /// A JSON object with arbitrary keys whose values are of the field's type.
    Map,
}

/// The `x-kubernetes-list-type` marker of a list field, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKind {
    Unset,
    Atomic,
    Set,
    Map,
}

/// One struct type of the built-in API, reduced to its non-scalar fields.
#[derive(Debug)]
pub(crate) struct TypeDef {
    /// Go package and type name, for error messages and debugging.
    pub(crate) name: &'static str,
    /// `+structType=atomic`: the struct is replaced whole by server-side apply.
    pub(crate) atomic: bool,
    /// Non-scalar fields, sorted by JSON name.
    pub(crate) fields: &'static [FieldDef],
}

/// One non-scalar field of a [`TypeDef`].
#[derive(Debug)]
pub(crate) struct FieldDef {
    pub(crate) name: &'static str,
    pub(crate) shape: Shape,
    /// The struct reached (items for lists, values for maps), or [`NO_TYPE`].
    pub(crate) ty: u16,
    /// `patchStrategy` tag: "", "merge", "replace", "retainKeys" or "merge,retainKeys".
    pub(crate) strategy: &'static str,
    /// `patchMergeKey` tag, "" when absent.
    pub(crate) merge_key: &'static str,
    pub(crate) list: ListKind,
    pub(crate) list_keys: &'static [&'static str],
    /// `+mapType=atomic` / `+structType=atomic` on the field itself.
    pub(crate) atomic: bool,
    /// How kustomize v5, which patches with the Kubernetes 1.21.2 schema,
    /// merges this list.
    pub(crate) kustomize: KustomizeMerge,
}

/// How kustomize v5 merges a list field, given the Kubernetes 1.21.2 schema
/// it builds in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum KustomizeMerge {
    /// As the field's own patch strategy says.
    #[default]
    ByMergeKey,
    /// The merge strategy is newer than 1.21: kustomize replaces the list.
    Replaces,
    /// kustomize matches items by all of the field's list-map keys.
    ByListMapKeys,
}

/// Field constructor used by the generated table to keep it compact.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn f(
    name: &'static str,
    shape: Shape,
    ty: u16,
    strategy: &'static str,
    merge_key: &'static str,
    list: ListKind,
    list_keys: &'static [&'static str],
    atomic: bool,
    kustomize: KustomizeMerge,
) -> FieldDef {
    FieldDef {
        name,
        shape,
        ty,
        strategy,
        merge_key,
        list,
        list_keys,
        atomic,
        kustomize,
    }
}

/// Strategy data for one built-in Kubernetes type, as found by [`builtin_schema`].
///
/// It is a cheap, `Copy` handle into a static table shared by every kind that
/// embeds the same Go type (a Deployment and a Job share one `PodSpec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeSchema {
    root: u16,
    /// Whether kustomize v5's built-in (Kubernetes 1.21) schema has the kind;
    /// kustomize patches kinds it does not know without any schema.
    kustomize_known: bool,
}

/// What server-side apply (structured merge) considers a list to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListType {
    /// Replaced whole; the default for lists without markers.
    Atomic,
    /// A set of scalars, merged by value.
    Set,
    /// A list of objects keyed by these fields.
    Map(Vec<String>),
}

/// What server-side apply considers an object-valued field to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapType {
    /// Replaced whole (`+mapType=atomic` or `+structType=atomic`).
    Atomic,
    /// Merged key by key; the default.
    Granular,
}

/// Looks up the strategy data of a built-in kind, `None` for custom resources
/// and kinds outside the table.
///
/// `api_version` is `group/version`, or just `version` for the core group.
/// The table covers core/v1, apps, batch, networking.k8s.io, rbac, autoscaling,
/// policy, storage.k8s.io, admissionregistration.k8s.io, coordination.k8s.io,
/// apiextensions.k8s.io and extensions/v1beta1, in the versions listed in the
/// generated table.
pub fn builtin_schema(api_version: &str, kind: &str) -> Option<TypeSchema> {
    let (group, version) = match api_version.split_once('/') {
        Some((group, version)) => (group, version),
        None => ("", api_version),
    };
    // NB: autoscaling/v2beta1 and v2beta2 were removed from k8s.io/api; their
    // list fields match v2, which kustomize users still write against. Unlike
    // v2 they are in kustomize's 1.21 schema.
    let (version, beta_alias) = match (group, version) {
        ("autoscaling", "v2beta1" | "v2beta2") => ("v2", true),
        _ => (version, false),
    };
    KINDS
        .iter()
        .find(|(g, v, k, _, _)| *g == group && *v == version && *k == kind)
        .map(|&(_, _, _, root, kustomize_known)| TypeSchema {
            root,
            kustomize_known: kustomize_known || beta_alias,
        })
}

/// Where a walk through the schema currently is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// No schema knowledge: maps merge, lists are replaced.
    Unknown,
    /// Inside a known struct.
    Struct(u16),
    /// Inside a map whose values are of this struct (or unknown).
    MapOf(u16),
}

/// Patch metadata of one field, as strategic merge needs it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FieldMeta {
    pub(crate) strategy: &'static str,
    pub(crate) merge_key: &'static str,
    /// The field's list-map keys, empty when it has none.
    pub(crate) list_keys: &'static [&'static str],
    /// See [`FieldDef::kustomize`].
    pub(crate) kustomize: KustomizeMerge,
}

impl FieldMeta {
    /// True when lists under this field merge instead of being replaced.
    pub(crate) fn merges(&self) -> bool {
        self.strategy.split(',').any(|s| s == "merge")
    }

    /// True when the field asks for whole replacement of its map value.
    pub(crate) fn replaces(&self) -> bool {
        self.strategy.split(',').any(|s| s == "replace")
    }
}

fn struct_node(ty: u16) -> Node {
    if ty == NO_TYPE {
        Node::Unknown
    } else {
        Node::Struct(ty)
    }
}

impl Node {
    /// Steps into field `key`: the node of its value (list items for lists)
    /// and the field's patch metadata.
    pub(crate) fn child(self, key: &str) -> (Node, FieldMeta) {
        match self {
            Node::Unknown => (Node::Unknown, FieldMeta::default()),
            Node::MapOf(ty) => (struct_node(ty), FieldMeta::default()),
            Node::Struct(ty) => match field(ty, key) {
                None => (Node::Unknown, FieldMeta::default()),
                Some(def) => {
                    let node = match def.shape {
                        Shape::Map => Node::MapOf(def.ty),
                        Shape::Object | Shape::List => struct_node(def.ty),
                    };
                    let meta = FieldMeta {
                        strategy: def.strategy,
                        merge_key: def.merge_key,
                        list_keys: def.list_keys,
                        kustomize: def.kustomize,
                    };
                    (node, meta)
                }
            },
        }
    }
}

fn type_def(ty: u16) -> Option<&'static TypeDef> {
    TYPES.get(usize::from(ty))
}

fn field(ty: u16, name: &str) -> Option<&'static FieldDef> {
    let fields = type_def(ty)?.fields;
    fields
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .and_then(|i| fields.get(i))
}

impl TypeSchema {
    /// The root node of this type, for the strategic merge walk.
    pub(crate) fn node(&self) -> Node {
        Node::Struct(self.root)
    }

    /// See [`TypeSchema::kustomize_known`].
    pub(crate) fn kustomize_known(&self) -> bool {
        self.kustomize_known
    }

    /// The Go type this schema describes, e.g. `apps/v1.Deployment`.
    pub fn type_name(&self) -> &'static str {
        type_def(self.root).map_or("", |t| t.name)
    }

    /// Resolves a field path (list indexes skipped, map keys included for
    /// fields that are maps of structs) to the field it names.
    fn resolve(&self, path: &[&str]) -> Option<&'static FieldDef> {
        let (last, parents) = path.split_last()?;
        let mut ty = self.root;
        let mut segments = parents.iter();
        while let Some(segment) = segments.next() {
            let def = field(ty, segment)?;
            if def.shape == Shape::Map {
                // The next segment is a key of the map, not a field name.
                segments.next()?;
            }
            if def.ty == NO_TYPE {
                return None;
            }
            ty = def.ty;
        }
        field(ty, last)
    }

    /// What kind of list server-side apply sees at `path`, `None` when the
    /// path does not name a list field of this type.
    ///
    /// Lists without `x-kubernetes-list-type` fall back, like kube-openapi's
    /// schema conversion, to their patch strategy: `merge` with a merge key is
    /// a map keyed by it, `merge` without one a set, anything else atomic.
    pub fn list_type(&self, path: &[&str]) -> Option<ListType> {
        let def = self.resolve(path)?;
        if def.shape != Shape::List {
            return None;
        }
        let keys = || def.list_keys.iter().map(|k| (*k).to_owned()).collect();
        Some(match def.list {
            ListKind::Atomic => ListType::Atomic,
            ListKind::Set => ListType::Set,
            ListKind::Map => ListType::Map(keys()),
            ListKind::Unset => {
                let meta = FieldMeta {
                    strategy: def.strategy,
                    merge_key: def.merge_key,
                    list_keys: def.list_keys,
                    kustomize: def.kustomize,
                };
                match (meta.merges(), def.merge_key) {
                    (true, "") => ListType::Set,
                    (true, key) => ListType::Map(vec![key.to_owned()]),
                    (false, _) => ListType::Atomic,
                }
            }
        })
    }

    /// The strategic merge patch metadata at `path`: the merge key (if any)
    /// and the strategy (`merge`, `replace`, `retainKeys` or
    /// `merge,retainKeys`). `None` when the field has no strategy.
    pub fn patch_strategy(&self, path: &[&str]) -> Option<(Option<&'static str>, &'static str)> {
        let def = self.resolve(path)?;
        if def.strategy.is_empty() {
            return None;
        }
        let key = (!def.merge_key.is_empty()).then_some(def.merge_key);
        Some((key, def.strategy))
    }

    /// Whether the object-valued field at `path` is atomic or granular for
    /// server-side apply; `None` for unknown paths, lists and scalars.
    pub fn map_type(&self, path: &[&str]) -> Option<MapType> {
        let def = self.resolve(path)?;
        match def.shape {
            Shape::List => None,
            Shape::Map => Some(if def.atomic {
                MapType::Atomic
            } else {
                MapType::Granular
            }),
            Shape::Object => {
                let target_atomic = type_def(def.ty).is_some_and(|t| t.atomic);
                if def.ty == NO_TYPE && !def.atomic {
                    return None;
                }
                Some(if def.atomic || target_atomic {
                    MapType::Atomic
                } else {
                    MapType::Granular
                })
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    type Strategy = Option<(Option<&'static str>, &'static str)>;

    fn schema(api_version: &str, kind: &str) -> TypeSchema {
        builtin_schema(api_version, kind)
            .unwrap_or_else(|| panic!("{api_version} {kind} is missing"))
    }

    /// The struct index reached by walking `path` from a kind's root.
    fn type_at(schema: TypeSchema, path: &[&str]) -> u16 {
        let def = schema.resolve(path).unwrap();
        def.ty
    }

    #[test]
    fn every_group_of_the_brief_has_its_common_kinds() {
        let kinds = [
            ("v1", "Pod"),
            ("v1", "Service"),
            ("v1", "ConfigMap"),
            ("v1", "Secret"),
            ("v1", "ServiceAccount"),
            ("v1", "PersistentVolumeClaim"),
            ("v1", "Namespace"),
            ("v1", "ReplicationController"),
            ("v1", "PodTemplate"),
            ("apps/v1", "Deployment"),
            ("apps/v1", "StatefulSet"),
            ("apps/v1", "DaemonSet"),
            ("apps/v1", "ReplicaSet"),
            ("apps/v1beta2", "Deployment"),
            ("extensions/v1beta1", "Deployment"),
            ("batch/v1", "Job"),
            ("batch/v1", "CronJob"),
            ("batch/v1beta1", "CronJob"),
            ("networking.k8s.io/v1", "Ingress"),
            ("networking.k8s.io/v1", "NetworkPolicy"),
            ("rbac.authorization.k8s.io/v1", "ClusterRole"),
            ("rbac.authorization.k8s.io/v1", "RoleBinding"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("autoscaling/v2beta2", "HorizontalPodAutoscaler"),
            ("autoscaling/v1", "HorizontalPodAutoscaler"),
            ("policy/v1", "PodDisruptionBudget"),
            ("storage.k8s.io/v1", "StorageClass"),
            (
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
            ),
            (
                "admissionregistration.k8s.io/v1",
                "MutatingWebhookConfiguration",
            ),
            ("coordination.k8s.io/v1", "Lease"),
            ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
        ];
        for (api_version, kind) in kinds {
            schema(api_version, kind);
        }
        assert!(builtin_schema("example.com/v1", "Widget").is_none());
        assert!(builtin_schema("apps/v1", "Widget").is_none());
        assert!(builtin_schema("v2", "Pod").is_none());
    }

    #[test]
    fn kustomize_knows_the_kinds_of_kubernetes_1_21() {
        assert!(schema("apps/v1", "Deployment").kustomize_known());
        assert!(schema("autoscaling/v2beta2", "HorizontalPodAutoscaler").kustomize_known());
        assert!(!schema("autoscaling/v2", "HorizontalPodAutoscaler").kustomize_known());
        assert!(!schema("v1", "PodStatusResult").kustomize_known());
        assert!(!schema("networking.k8s.io/v1", "IPAddress").kustomize_known());
    }

    #[test]
    fn pod_spec_is_one_shared_type() {
        let pod = type_at(schema("v1", "Pod"), &["spec"]);
        let template = ["spec", "template", "spec"];
        for (api_version, kind, path) in [
            ("apps/v1", "Deployment", &template[..]),
            ("apps/v1", "StatefulSet", &template[..]),
            ("apps/v1", "DaemonSet", &template[..]),
            ("apps/v1", "ReplicaSet", &template[..]),
            ("batch/v1", "Job", &template[..]),
            ("v1", "ReplicationController", &template[..]),
            ("v1", "PodTemplate", &["template", "spec"][..]),
            (
                "batch/v1",
                "CronJob",
                &["spec", "jobTemplate", "spec", "template", "spec"][..],
            ),
        ] {
            assert_eq!(type_at(schema(api_version, kind), path), pod, "{kind}");
        }
        assert_eq!(schema("v1", "Pod").type_name(), "core/v1.Pod");
    }

    #[test]
    fn patch_strategies_follow_the_go_struct_tags() {
        let deployment = schema("apps/v1", "Deployment");
        let pod_spec = |field: &'static str| ["spec", "template", "spec", field];
        let cases: [(&[&str], Strategy); 9] = [
            (&pod_spec("containers"), Some((Some("name"), "merge"))),
            (
                &pod_spec("volumes"),
                Some((Some("name"), "merge,retainKeys")),
            ),
            (&pod_spec("imagePullSecrets"), Some((Some("name"), "merge"))),
            (&pod_spec("tolerations"), None),
            (
                &["spec", "template", "spec", "containers", "env"],
                Some((Some("name"), "merge")),
            ),
            (
                &["spec", "template", "spec", "containers", "ports"],
                Some((Some("containerPort"), "merge")),
            ),
            (
                &["spec", "template", "spec", "containers", "volumeMounts"],
                Some((Some("mountPath"), "merge")),
            ),
            (&["spec", "strategy"], Some((None, "retainKeys"))),
            (&["metadata", "finalizers"], Some((None, "merge"))),
        ];
        for (path, want) in cases {
            assert_eq!(deployment.patch_strategy(path), want, "{path:?}");
        }
        assert_eq!(deployment.patch_strategy(&["spec", "nonexistent"]), None);
        assert_eq!(deployment.patch_strategy(&[]), None);
    }

    #[test]
    fn list_types_follow_markers_then_patch_strategy() {
        let pod = schema("v1", "Pod");
        let keys = |k: &[&str]| ListType::Map(k.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            pod.list_type(&["spec", "containers"]),
            Some(keys(&["name"]))
        );
        assert_eq!(
            pod.list_type(&["spec", "containers", "ports"]),
            Some(keys(&["containerPort", "protocol"]))
        );
        assert_eq!(
            pod.list_type(&["spec", "tolerations"]),
            Some(ListType::Atomic)
        );
        assert_eq!(
            pod.list_type(&["spec", "containers", "args"]),
            Some(ListType::Atomic)
        );
        assert_eq!(
            pod.list_type(&["metadata", "finalizers"]),
            Some(ListType::Set)
        );
        assert_eq!(
            pod.list_type(&["metadata", "ownerReferences"]),
            Some(keys(&["uid"]))
        );
        assert_eq!(pod.list_type(&["spec"]), None);
        assert_eq!(pod.list_type(&["spec", "containers", "image"]), None);
        let service = schema("v1", "Service");
        assert_eq!(
            service.list_type(&["spec", "ports"]),
            Some(keys(&["port", "protocol"]))
        );
        assert_eq!(
            service.patch_strategy(&["spec", "ports"]),
            Some((Some("port"), "merge"))
        );
    }

    #[test]
    fn map_types_mark_atomic_maps_and_structs() {
        let deployment = schema("apps/v1", "Deployment");
        assert_eq!(
            deployment.map_type(&["metadata", "labels"]),
            Some(MapType::Granular)
        );
        assert_eq!(
            deployment.map_type(&["spec", "template"]),
            Some(MapType::Granular)
        );
        assert_eq!(
            deployment.map_type(&["spec", "selector"]),
            Some(MapType::Atomic)
        );
        assert_eq!(
            deployment.map_type(&["spec", "template", "spec", "nodeSelector"]),
            Some(MapType::Atomic)
        );
        assert_eq!(
            deployment.map_type(&["spec", "template", "spec", "containers"]),
            None
        );
    }

    #[test]
    fn map_keys_are_path_segments_under_maps_of_structs() {
        let crd = schema("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        // versions[].schema.openAPIV3Schema.properties.<name>.required
        let path = [
            "spec",
            "versions",
            "schema",
            "openAPIV3Schema",
            "properties",
            "spec",
            "required",
        ];
        assert_eq!(crd.list_type(&path), Some(ListType::Atomic));
        let unknown_key_missing = [
            "spec",
            "versions",
            "schema",
            "openAPIV3Schema",
            "properties",
        ];
        assert_eq!(crd.list_type(&unknown_key_missing), None);
    }

    #[test]
    fn table_is_well_formed() {
        for (index, ty) in TYPES.iter().enumerate() {
            for pair in ty.fields.windows(2) {
                assert!(pair[0].name < pair[1].name, "{} fields unsorted", ty.name);
            }
            for field in ty.fields {
                assert!(
                    field.ty == NO_TYPE || usize::from(field.ty) < TYPES.len(),
                    "{index} {}.{} points nowhere",
                    ty.name,
                    field.name
                );
                if field.list == ListKind::Map {
                    assert!(
                        !field.list_keys.is_empty(),
                        "{}.{} has no keys",
                        ty.name,
                        field.name
                    );
                }
            }
        }
        for (group, version, kind, root, _) in KINDS {
            assert!(usize::from(*root) < TYPES.len(), "{group}/{version} {kind}");
        }
    }
}
