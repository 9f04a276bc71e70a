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
    }
}

/// Strategy data for one built-in Kubernetes type, as found by [`builtin_schema`].
///
/// It is a cheap, `Copy` handle into a static table shared by every kind that
/// embeds the same Go type (a Deployment and a Job share one `PodSpec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeSchema {
    root: u16,
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
    // list fields match v2, which kustomize users still write against.
    let version = match (group, version) {
        ("autoscaling", "v2beta1" | "v2beta2") => "v2",
        _ => version,
    };
    KINDS
        .iter()
        .find(|(g, v, k, _)| *g == group && *v == version && *k == kind)
        .map(|&(_, _, _, root)| TypeSchema { root })
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
