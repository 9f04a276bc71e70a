//! Strategic merge patch, following the semantics of Kubernetes apimachinery's
//! `strategicpatch` package (kube-apiserver, `kubectl patch`, `kubectl
//! apply`), or those of kustomize v5's own implementation (kyaml), which
//! differs in list order and in which directives it knows.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::schema::{FieldMeta, KustomizeMerge, Node, TypeSchema};

const PATCH_DIRECTIVE: &str = "$patch";
const RETAIN_KEYS_DIRECTIVE: &str = "$retainKeys";
const SET_ELEMENT_ORDER_PREFIX: &str = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST_PREFIX: &str = "$deleteFromPrimitiveList/";

/// Whose strategic merge to reproduce. Both were checked against the real
/// tools (`kubectl kustomize` and `kubectl patch --local`, v1.33).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flavor {
    /// `kubectl kustomize` (kustomize v5):
    /// - merged list items named by the patch come first, in patch order,
    ///   followed by the original items the patch did not name;
    /// - a later patch item naming the same list entry as an earlier one is
    ///   ignored, and an entry repeated in a merging list of the result
    ///   (patched or not) is kept once, where it first appeared, with the
    ///   content of its last repeat;
    /// - container ports, service ports and topology spread constraints are
    ///   matched on all their list-map keys when every item has them;
    /// - a `$patch: delete` map removes its field, and so does a merging
    ///   list whose first `$patch` item is a lone `{"$patch": "delete"}`;
    /// - only `$patch` is a directive: `$retainKeys`, `$setElementOrder/…`
    ///   and `$deleteFromPrimitiveList/…` are kept as ordinary fields;
    /// - the built-in schema is Kubernetes 1.21's: lists that gained a merge
    ///   strategy later are replaced, and kinds that did not exist then are
    ///   patched like custom resources.
    #[default]
    Kustomize,
    /// kube-apiserver and `kubectl patch`/`apply` (apimachinery):
    /// - original items the patch did not name keep their place relative to
    ///   patched items, new items go before the first original item after
    ///   them, and `$setElementOrder/<field>` fixes the order;
    /// - a `$patch: delete` map becomes an empty map;
    /// - `$retainKeys` and `$deleteFromPrimitiveList/<field>` are applied;
    /// - new values lose their nulls and directives at any depth.
    ApiServer,
}

/// Applies a strategic merge patch the way kustomize applies it; see
/// [`Flavor::Kustomize`], and [`strategic_merge_as`] for the API server's way.
///
/// Maps merge recursively and `null` deletes a key. Lists whose field has
/// `patchStrategy: merge` in `schema` merge by their `patchMergeKey` (or as a
/// union for scalars); other lists are replaced by the patch's list exactly as
/// written (as both tools do). `$patch: replace`, `$patch: delete` and
/// `$patch: merge` work on maps and as items of merging lists.
///
/// With `schema = None` (custom resources) no list merges, so a patch
/// without directives gives exactly the RFC 7386 [`merge_patch`](crate::merge_patch)
/// result; a non-object patch then replaces the original as in RFC 7386.
///
/// A `$patch: delete` at the top level deletes the whole object: the result
/// is `null`.
pub fn strategic_merge(
    original: &Value,
    patch: &Value,
    schema: Option<&TypeSchema>,
) -> Result<Value> {
    strategic_merge_as(original, patch, schema, Flavor::Kustomize)
}

/// Applies a strategic merge patch as `flavor` does; see [`Flavor`] and
/// [`strategic_merge`]. With [`Flavor::ApiServer`] a top-level
/// `$patch: delete` gives `{}`, as apimachinery returns.
pub fn strategic_merge_as(
    original: &Value,
    patch: &Value,
    schema: Option<&TypeSchema>,
    flavor: Flavor,
) -> Result<Value> {
    let root = Path::ROOT;
    let patch = match (patch, schema) {
        (Value::Object(patch), _) => patch.clone(),
        // RFC 7386: a non-object patch replaces the whole document.
        (other, None) => return Ok(other.clone()),
        (other, Some(_)) => return Err(not_an_object("patch", &root, other)),
    };
    let original = match (original, schema) {
        (Value::Object(original), _) => original.clone(),
        (_, None) => Map::new(),
        (other, Some(_)) => return Err(not_an_object("original", &root, other)),
    };
    let node = match schema {
        // NB: kustomize patches kinds missing from its built-in schema (say
        // autoscaling/v2) as it patches custom resources.
        Some(schema) if flavor == Flavor::Kustomize && !schema.kustomize_known() => Node::Unknown,
        Some(schema) => schema.node(),
        None => Node::Unknown,
    };
    let merger = Merger { flavor };
    if merger.deletes_map(&patch) {
        // kustomize deletes the whole object; say so with null.
        return Ok(Value::Null);
    }
    if flavor == Flavor::Kustomize {
        let mut merged = Value::Object(merger.merge_map(original, patch, node, &root)?);
        collapse_repeated_entries(&mut merged, node);
        return Ok(merged);
    }
    merger
        .merge_map(original, patch, node, &root)
        .map(Value::Object)
}

fn not_an_object(what: &'static str, path: &Path<'_>, found: &Value) -> Error {
    Error::NotAnObject {
        what,
        path: path.render(),
        found: json_type(found),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A field path, built on the stack as the merge descends and rendered only
/// when an error needs it.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut cursor = Some(self);
        while let Some(path) = cursor {
            segments.push(path.segment);
            cursor = path.parent;
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(index) => out.push_str(&format!("[{index}]")),
            }
        }
        if out.is_empty() {
            out.push_str("<root>");
        }
        out
    }
}

fn malformed(directive: &str, path: &Path<'_>, reason: impl Into<String>) -> Error {
    Error::MalformedDirective {
        directive: directive.to_owned(),
        path: path.render(),
        reason: reason.into(),
    }
}

fn unmergeable(path: &Path<'_>, reason: impl Into<String>) -> Error {
    Error::UnmergeableList {
        path: path.render(),
        reason: reason.into(),
    }
}

/// Whether `key` is a directive for `flavor`. NB: kustomize implements only
/// `$patch`; it keeps `$retainKeys`, `$setElementOrder/…` and
/// `$deleteFromPrimitiveList/…` as ordinary fields.
fn is_directive_key(key: &str, flavor: Flavor) -> bool {
    key == PATCH_DIRECTIVE
        || flavor == Flavor::ApiServer
            && (key == RETAIN_KEYS_DIRECTIVE
                || key.starts_with(SET_ELEMENT_ORDER_PREFIX)
                || key.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX))
}

/// Steps into field `key` of `node`, as `flavor` sees the schema.
fn child(node: Node, key: &str, flavor: Flavor) -> (Node, FieldMeta) {
    let (node, mut meta) = node.child(key);
    if flavor == Flavor::Kustomize && meta.kustomize == KustomizeMerge::Replaces {
        // NB: kustomize v5 patches with the Kubernetes 1.21 schema, which has
        // no merge strategy here, so it replaces the list.
        meta = FieldMeta::default();
    }
    (node, meta)
}

/// Turns a patch value into a plain value for places where there is nothing
/// to merge with: nulls inside maps are dropped (they would delete nothing),
/// and directives are resolved against an empty original. `None` means the
/// value itself vanishes (`$patch: delete`).
///
/// NB: lists are taken verbatim (nulls kept, as RFC 7386 and kustomize keep
/// them) unless the schema merges them, in which case their items are
/// cleaned like merged-in items: this is what kustomize and apimachinery
/// both do for, say, new `initContainers`.
fn clean(value: Value, node: Node, flavor: Flavor) -> Option<Value> {
    match value {
        Value::Object(map) => match map.get(PATCH_DIRECTIVE).and_then(Value::as_str) {
            Some("delete") => None,
            _ => Some(Value::Object(clean_map(map, node, flavor))),
        },
        // NB: apimachinery drops nulls and directives from new values at any
        // depth, lists included; kustomize copies lists it does not merge
        // exactly as they are, `$patch` items and nulls included.
        Value::Array(items) => Some(Value::Array(match flavor {
            Flavor::ApiServer => clean_items(items, node, flavor),
            Flavor::Kustomize => items,
        })),
        other => Some(other),
    }
}

fn clean_map(map: Map<String, Value>, node: Node, flavor: Flavor) -> Map<String, Value> {
    map.into_iter()
        .filter(|(key, value)| !value.is_null() && !is_directive_key(key, flavor))
        .filter_map(|(key, value)| {
            let (child, meta) = child(node, &key, flavor);
            clean_field(value, child, meta, flavor).map(|value| (key, value))
        })
        .collect()
}

/// Cleans the value of a field whose node and metadata are known.
fn clean_field(value: Value, node: Node, meta: FieldMeta, flavor: Flavor) -> Option<Value> {
    match value {
        Value::Array(items) if meta.merges() => {
            Some(Value::Array(clean_items(items, node, flavor)))
        }
        other => clean(other, node, flavor),
    }
}

/// Cleans the items of a merging list: markers dropped, items cleaned.
fn clean_items(items: Vec<Value>, node: Node, flavor: Flavor) -> Vec<Value> {
    items
        .into_iter()
        .filter(|item| !is_marker(item))
        .filter_map(|item| clean(item, node, flavor))
        .collect()
}

/// Cleans list items; items carrying `$patch` are markers, not data.
fn clean_list(items: Vec<Value>, flavor: Flavor) -> Vec<Value> {
    items
        .into_iter()
        .filter(|item| !is_marker(item))
        .filter_map(|item| strip_directives(item, flavor))
        .collect()
}

fn is_marker(item: &Value) -> bool {
    item.as_object()
        .is_some_and(|m| m.contains_key(PATCH_DIRECTIVE))
}

/// Removes directives from a value taken verbatim, keeping its nulls.
fn strip_directives(value: Value, flavor: Flavor) -> Option<Value> {
    match value {
        Value::Object(map) => match map.get(PATCH_DIRECTIVE).and_then(Value::as_str) {
            Some("delete") => None,
            _ => Some(Value::Object(
                map.into_iter()
                    .filter(|(key, _)| !is_directive_key(key, flavor))
                    .filter_map(|(key, value)| {
                        strip_directives(value, flavor).map(|value| (key, value))
                    })
                    .collect(),
            )),
        },
        Value::Array(items) => Some(Value::Array(clean_list(items, flavor))),
        other => Some(other),
    }
}

/// Equality as Go's `interface{} ==` sees decoded JSON: numbers compare by
/// value, so `1` and `1.0` are the same item.
fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || (x.as_f64().is_some() && x.as_f64() == y.as_f64())
        }
        _ => a == b,
    }
}

/// The JSON type shared by the items of lists being merged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ItemKind {
    Object,
    Scalar(&'static str),
}

fn item_kind(lists: [&[Value]; 2], path: &Path<'_>) -> Result<Option<ItemKind>> {
    let mut kind = None;
    for item in lists.iter().flat_map(|list| list.iter()) {
        let this = match item {
            Value::Object(_) => ItemKind::Object,
            Value::Array(_) => return Err(unmergeable(path, "lists of lists cannot be merged")),
            Value::Null => return Err(unmergeable(path, "null items cannot be merged")),
            other => ItemKind::Scalar(json_type(other)),
        };
        match kind {
            None => kind = Some(this),
            Some(seen) if seen != this => {
                return Err(unmergeable(
                    path,
                    "its items are not all of the same JSON type",
                ));
            }
            Some(_) => {}
        }
    }
    Ok(kind)
}

/// The identity of a list item for ordering: its merge key value for lists of
/// objects, the item itself for scalars.
fn identity<'v>(item: &'v Value, merge_key: &str, kind: ItemKind) -> Option<&'v Value> {
    match kind {
        ItemKind::Object => item.get(merge_key),
        ItemKind::Scalar(_) => Some(item),
    }
}

fn same_identity(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_scalar(a, b),
        (None, None) => true,
        _ => false,
    }
}

fn position(list: &[Value], item: &Value, merge_key: &str, kind: ItemKind) -> Option<usize> {
    let wanted = identity(item, merge_key, kind);
    list.iter()
        .position(|candidate| same_identity(identity(candidate, merge_key, kind), wanted))
}

/// What ordering needs of list items: the merge key alone for objects (an
/// empty object when it is missing), the item itself for scalars.
fn identities(items: &[Value], merge_key: &str) -> Vec<Value> {
    items
        .iter()
        .map(|item| match item {
            Value::Object(map) => Value::Object(
                map.get(merge_key)
                    .map(|key| (merge_key.to_owned(), key.clone()))
                    .into_iter()
                    .collect(),
            ),
            scalar => scalar.clone(),
        })
        .collect()
}

fn require_merge_key(items: &[Value], merge_key: &str, path: &Path<'_>) -> Result<()> {
    for (index, item) in items.iter().enumerate() {
        if item.get(merge_key).is_none() {
            return Err(Error::MissingMergeKey {
                path: path.index(index).render(),
                key: merge_key.to_owned(),
            });
        }
    }
    Ok(())
}

/// Splits `merged` into the items named by `by` and the others, keeping order.
fn partition(
    merged: Vec<Value>,
    by: &[Value],
    merge_key: &str,
    kind: ItemKind,
) -> (Vec<Value>, Vec<Value>) {
    merged
        .into_iter()
        .partition(|item| position(by, item, merge_key, kind).is_some())
}

struct Merger {
    flavor: Flavor,
}

impl Merger {
    /// Merges `patch` into `original`, both maps at `path` described by `node`.
    fn merge_map(
        &self,
        mut original: Map<String, Value>,
        mut patch: Map<String, Value>,
        node: Node,
        path: &Path<'_>,
    ) -> Result<Map<String, Value>> {
        // `$patch` on a map decides the fate of the whole map first.
        if let Some(directive) = patch.shift_remove(PATCH_DIRECTIVE) {
            match directive.as_str() {
                Some("replace") => return Ok(clean_map(patch, node, self.flavor)),
                Some("delete") => return Ok(Map::new()),
                // NB: apimachinery rejects an explicit `merge`; it is the
                // default, so accepting it changes nothing else.
                Some("merge") => {}
                _ => {
                    return Err(Error::UnknownDirective {
                        path: path.render(),
                        value: directive.to_string(),
                    });
                }
            }
        }

        if self.flavor == Flavor::ApiServer {
            self.apply_retain_keys(&mut original, &mut patch, path)?;
            self.apply_element_orders(&mut original, &mut patch, node, path)?;
        }

        for (key, value) in patch {
            let deletion = match self.flavor {
                Flavor::ApiServer => key.strip_prefix(DELETE_FROM_PRIMITIVE_LIST_PREFIX),
                Flavor::Kustomize => None,
            };
            let (field, delete_list) = match deletion {
                Some(field) => (field.to_owned(), true),
                None => (key, false),
            };
            if value.is_null() {
                original.shift_remove(&field);
                continue;
            }
            let field_path = path.key(&field);
            let Some(slot) = original.get_mut(&field) else {
                let (child, meta) = child(node, &field, self.flavor);
                let value = match value {
                    // kustomize merges a new list into an empty one, so its
                    // directives and repeated entries act as on any list.
                    Value::Array(change) if self.flavor == Flavor::Kustomize && meta.merges() => {
                        // Items without the merge key (markers included) are
                        // copied after the merged ones, as kustomize does.
                        let (keyed, unkeyed): (Vec<Value>, Vec<Value>) =
                            change.into_iter().partition(|item| {
                                meta.merge_key.is_empty()
                                    || !item.is_object()
                                    || item.get(meta.merge_key).is_some()
                            });
                        let mut merged =
                            self.merge_list(Vec::new(), keyed, child, meta, false, &field_path)?;
                        merged.extend(unkeyed);
                        Some(Value::Array(merged))
                    }
                    value => clean_field(value, child, meta, self.flavor),
                };
                if let (false, Some(value)) = (delete_list, value) {
                    original.insert(field, value);
                }
                continue;
            };
            match (slot, value) {
                (Value::Object(_), Value::Object(change)) if self.deletes_map(&change) => {
                    // kustomize drops a map deleted by `$patch: delete`; the
                    // API server keeps it as an empty map.
                    original.shift_remove(&field);
                }
                (Value::Object(current), Value::Object(change)) => {
                    let (child, meta) = child(node, &field, self.flavor);
                    let current = std::mem::take(current);
                    let merged = if meta.replaces() {
                        clean_map(change, child, self.flavor)
                    } else {
                        self.merge_map(current, change, child, &field_path)?
                    };
                    original.insert(field, Value::Object(merged));
                }
                (Value::Array(_), Value::Array(change))
                    if child(node, &field, self.flavor).1.merges()
                        && self.list_directive(&change, &field_path)? == Some("delete") =>
                {
                    // kustomize: a lone `{"$patch": "delete"}` item deletes
                    // the whole list.
                    original.shift_remove(&field);
                }
                (Value::Array(current), Value::Array(change)) => {
                    let (child, meta) = child(node, &field, self.flavor);
                    let current = std::mem::take(current);
                    let merged = self.merge_list_field(
                        current,
                        change,
                        child,
                        meta,
                        delete_list,
                        &field_path,
                    )?;
                    original.insert(field, Value::Array(merged));
                }
                (slot, value) => {
                    // Scalars, or a change of JSON type: the patch value wins.
                    // A deletion list only ever edits lists.
                    let same_scalar_type = !slot.is_object()
                        && !slot.is_array()
                        && json_type(slot) == json_type(&value);
                    if delete_list && !same_scalar_type {
                        continue;
                    }
                    let (child, meta) = child(node, &field, self.flavor);
                    match clean_field(value, child, meta, self.flavor) {
                        Some(value) => *slot = value,
                        None => {
                            original.shift_remove(&field);
                        }
                    }
                }
            }
        }
        Ok(original)
    }

    /// `$retainKeys`: drop original keys the list does not name, after
    /// checking the patch itself only sets retained keys.
    fn apply_retain_keys(
        &self,
        original: &mut Map<String, Value>,
        patch: &mut Map<String, Value>,
        path: &Path<'_>,
    ) -> Result<()> {
        let Some(retain) = patch.shift_remove(RETAIN_KEYS_DIRECTIVE) else {
            return Ok(());
        };
        let Value::Array(retain) = retain else {
            return Err(malformed(
                RETAIN_KEYS_DIRECTIVE,
                path,
                "it must be a list of field names",
            ));
        };
        let mut keep = Vec::with_capacity(retain.len());
        for name in &retain {
            match name.as_str() {
                Some(name) => keep.push(name.to_owned()),
                None => {
                    return Err(malformed(
                        RETAIN_KEYS_DIRECTIVE,
                        path,
                        format!("{name} is not a field name"),
                    ));
                }
            }
        }
        for (key, value) in patch.iter() {
            if value.is_null()
                || key.starts_with(SET_ELEMENT_ORDER_PREFIX)
                || key.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
            {
                continue;
            }
            if !keep.iter().any(|k| k == key) {
                return Err(malformed(
                    RETAIN_KEYS_DIRECTIVE,
                    path,
                    format!("the patch sets {key:?}, which the list does not retain"),
                ));
            }
        }
        original.retain(|key, _| keep.iter().any(|k| k == key));
        Ok(())
    }

    /// `$setElementOrder/<field>`: merge the field's list and order the result
    /// by the directive, then by patch order, then by original order.
    fn apply_element_orders(
        &self,
        original: &mut Map<String, Value>,
        patch: &mut Map<String, Value>,
        node: Node,
        path: &Path<'_>,
    ) -> Result<()> {
        let directives: Vec<String> = patch
            .keys()
            .filter(|key| key.starts_with(SET_ELEMENT_ORDER_PREFIX))
            .cloned()
            .collect();
        for directive in directives {
            let Some(order) = patch.shift_remove(&directive) else {
                continue;
            };
            let field = &directive[SET_ELEMENT_ORDER_PREFIX.len()..];
            let Value::Array(order) = order else {
                return Err(malformed(&directive, path, "it must be a list"));
            };
            let field_path = path.key(field);
            let (child, meta) = child(node, field, self.flavor);

            let current = match original.get_mut(field) {
                None | Some(Value::Null) => None,
                Some(Value::Array(items)) => Some(std::mem::take(items)),
                Some(other) => {
                    return Err(malformed(
                        &directive,
                        path,
                        format!("the original {field:?} is {}, not a list", json_type(other)),
                    ));
                }
            };
            let change = match patch.shift_remove(field) {
                None => None,
                Some(Value::Array(items)) => Some(items),
                Some(other) => {
                    return Err(malformed(
                        &directive,
                        path,
                        format!("the patch's {field:?} is {}, not a list", json_type(&other)),
                    ));
                }
            };
            let kind = item_kind(
                [
                    current.as_deref().unwrap_or(&[]),
                    change.as_deref().unwrap_or(&[]),
                ],
                &field_path,
            )?;
            if let Some(change) = &change {
                validate_order(change, &order, meta.merge_key, kind, &directive, path)?;
            }
            let server_order = match (&current, &change) {
                (Some(current), Some(change))
                    if meta.merges()
                        && kind == Some(ItemKind::Object)
                        && !meta.merge_key.is_empty() =>
                {
                    aliased_server_order(current, change, meta.merge_key)
                }
                _ => current
                    .as_deref()
                    .map(|items| identities(items, meta.merge_key))
                    .unwrap_or_default(),
            };
            let merged = match (current, change) {
                (Some(current), None) => current,
                (None, Some(change)) if meta.merges() => clean_items(change, child, self.flavor),
                (None, Some(change)) => clean_list(change, self.flavor),
                (Some(current), Some(change)) => {
                    self.merge_list_field(current, change, child, meta, false, &field_path)?
                }
                (None, None) => continue,
            };
            let merged = match kind {
                None => merged,
                Some(kind) => {
                    let (named, rest) = partition(merged, &order, meta.merge_key, kind);
                    order_items(
                        named,
                        rest,
                        &order,
                        &server_order,
                        meta.merge_key,
                        kind,
                        true,
                        &field_path,
                    )?
                    .0
                }
            };
            original.insert(field.to_owned(), Value::Array(merged));
        }
        Ok(())
    }

    /// Merges a list-valued field: by strategy when the schema says `merge`
    /// (or for a `$deleteFromPrimitiveList`), otherwise the patch replaces it.
    fn merge_list_field(
        &self,
        current: Vec<Value>,
        change: Vec<Value>,
        node: Node,
        meta: FieldMeta,
        delete_list: bool,
        path: &Path<'_>,
    ) -> Result<Vec<Value>> {
        if meta.merges() || delete_list {
            self.merge_list(current, change, node, meta, delete_list, path)
        } else {
            // NB: both take the patch's list as it is, directives included.
            Ok(change)
        }
    }

    fn merge_list(
        &self,
        current: Vec<Value>,
        change: Vec<Value>,
        node: Node,
        meta: FieldMeta,
        delete_list: bool,
        path: &Path<'_>,
    ) -> Result<Vec<Value>> {
        let merge_key = meta.merge_key;
        let Some(kind) = item_kind([&current, &change], path)? else {
            return Ok(current);
        };
        if let ItemKind::Scalar(_) = kind {
            if delete_list {
                return Ok(current
                    .into_iter()
                    .filter(|item| !change.iter().any(|gone| same_scalar(gone, item)))
                    .collect());
            }
            // Union without duplicates, then ordered like any merged list.
            let mut merged: Vec<Value> = Vec::with_capacity(current.len() + change.len());
            for item in current.iter().chain(change.iter()) {
                if !merged.iter().any(|seen| same_scalar(seen, item)) {
                    merged.push(item.clone());
                }
            }
            let (named, rest) = partition(merged, &change, "", kind);
            return order_items(named, rest, &change, &current, "", kind, false, path)
                .map(|items| self.finish(items));
        }

        if merge_key.is_empty() {
            return Err(unmergeable(
                path,
                "its items are objects but the field has no merge key",
            ));
        }
        if self.matches_by_all_keys(&current, &change, meta) {
            return self.merge_by_all_keys(current, change, node, meta.list_keys, path);
        }
        let change = match self.flavor {
            Flavor::Kustomize => first_per_key(change, merge_key),
            Flavor::ApiServer => change,
        };
        let (current, change) =
            self.apply_list_directives(current, change, node, merge_key, path)?;
        // Only the items' identities are needed to order the result.
        let server_order = identities(&current, merge_key);
        let patch_order = identities(&change, merge_key);
        let mut merged = current;
        for (index, item) in change.into_iter().enumerate() {
            let Some(wanted) = item.get(merge_key) else {
                return Err(Error::MissingMergeKey {
                    path: path.index(index).render(),
                    key: merge_key.to_owned(),
                });
            };
            let found = merged.iter().position(|candidate| {
                candidate
                    .get(merge_key)
                    .is_some_and(|v| same_scalar(v, wanted))
            });
            match (found, item) {
                (Some(at), Value::Object(item)) => {
                    let item_path = path.index(at);
                    let Some(Value::Object(slot)) = merged.get_mut(at) else {
                        continue;
                    };
                    let slot_value = std::mem::take(slot);
                    *slot = self.merge_map(slot_value, item, node, &item_path)?;
                }
                (_, item) => {
                    // NB: apimachinery appends new items verbatim, nulls
                    // included; kustomize cleans them.
                    let item = match self.flavor {
                        Flavor::ApiServer => strip_directives(item, self.flavor),
                        Flavor::Kustomize => clean(item, node, self.flavor),
                    };
                    if let Some(item) = item {
                        merged.push(item);
                    }
                }
            }
        }
        let (named, rest) = partition(merged, &patch_order, merge_key, kind);
        order_items(
            named,
            rest,
            &patch_order,
            &server_order,
            merge_key,
            kind,
            false,
            path,
        )
        .map(|items| self.finish(items))
    }

    /// Whether kustomize matches these items by all list-map keys: its
    /// schema says so for the field and every item carries every key.
    fn matches_by_all_keys(&self, current: &[Value], change: &[Value], meta: FieldMeta) -> bool {
        let keyed = |item: &Value| meta.list_keys.iter().all(|key| item.get(*key).is_some());
        self.flavor == Flavor::Kustomize
            && meta.kustomize == KustomizeMerge::ByListMapKeys
            && meta.list_keys.len() > 1
            && current.iter().all(keyed)
            && change.iter().all(|item| {
                keyed(item) && item.get(PATCH_DIRECTIVE).and_then(Value::as_str) != Some("replace")
            })
    }

    /// kustomize's merge of a list keyed by several fields: items matching
    /// on every key merge in place, items new to the list come first in
    /// patch order, and a later patch item for the same entry is ignored.
    fn merge_by_all_keys(
        &self,
        current: Vec<Value>,
        change: Vec<Value>,
        node: Node,
        keys: &[&str],
        path: &Path<'_>,
    ) -> Result<Vec<Value>> {
        let same_entry = |a: &Value, b: &Value| {
            keys.iter().all(|key| match (a.get(*key), b.get(*key)) {
                (Some(x), Some(y)) => same_scalar(x, y),
                _ => false,
            })
        };
        let mut merged = current;
        let mut added = Vec::new();
        let mut seen: Vec<&Value> = Vec::new();
        for (index, item) in change.iter().enumerate() {
            if seen.iter().any(|earlier| same_entry(earlier, item)) {
                continue;
            }
            seen.push(item);
            let mut item = item.clone();
            match item.get(PATCH_DIRECTIVE).cloned() {
                None => {}
                Some(directive) if directive.as_str() == Some("delete") => {
                    merged.retain(|candidate| !same_entry(candidate, &item));
                    continue;
                }
                Some(directive) if directive.as_str() == Some("merge") => {
                    if let Value::Object(map) = &mut item {
                        map.shift_remove(PATCH_DIRECTIVE);
                    }
                }
                Some(directive) => {
                    return Err(Error::UnknownDirective {
                        path: path.index(index).render(),
                        value: directive.to_string(),
                    });
                }
            }
            match (
                merged
                    .iter()
                    .position(|candidate| same_entry(candidate, &item)),
                item,
            ) {
                (Some(at), Value::Object(item)) => {
                    let item_path = path.index(at);
                    if let Some(Value::Object(slot)) = merged.get_mut(at) {
                        let slot_value = std::mem::take(slot);
                        *slot = self.merge_map(slot_value, item, node, &item_path)?;
                    }
                }
                (_, item) => added.extend(clean(item, node, self.flavor)),
            }
        }
        Ok(added.into_iter().chain(merged).collect())
    }

    /// kustomize's list-level directive: the first item carrying `$patch`
    /// decides, when `$patch` is its only field (it is an item-level
    /// directive otherwise). Only consulted for the kustomize flavor.
    fn list_directive(&self, change: &[Value], path: &Path<'_>) -> Result<Option<&'static str>> {
        if self.flavor != Flavor::Kustomize {
            return Ok(None);
        }
        let Some((index, Value::Object(marker))) = change
            .iter()
            .enumerate()
            .find(|(_, item)| item.get(PATCH_DIRECTIVE).is_some())
        else {
            return Ok(None);
        };
        if marker.len() != 1 {
            return Ok(None);
        }
        match marker.get(PATCH_DIRECTIVE).and_then(Value::as_str) {
            Some("delete") => Ok(Some("delete")),
            Some("replace") => Ok(Some("replace")),
            Some("merge") => Ok(Some("merge")),
            _ => Err(Error::UnknownDirective {
                path: path.index(index).render(),
                value: marker
                    .get(PATCH_DIRECTIVE)
                    .map(Value::to_string)
                    .unwrap_or_default(),
            }),
        }
    }

    fn deletes_map(&self, change: &Map<String, Value>) -> bool {
        self.flavor == Flavor::Kustomize
            && change.get(PATCH_DIRECTIVE).and_then(Value::as_str) == Some("delete")
    }

    fn finish(&self, items: (Vec<Value>, Vec<Value>, Vec<Value>)) -> Vec<Value> {
        let (interleaved, named, rest) = items;
        match self.flavor {
            Flavor::ApiServer => interleaved,
            Flavor::Kustomize => named.into_iter().chain(rest).collect(),
        }
    }

    /// Handles list items carrying `$patch`: `delete` removes the original
    /// items with the same merge key, `replace` makes the patch's other items
    /// the whole list. Returns the original and the plain patch items left.
    fn apply_list_directives(
        &self,
        mut current: Vec<Value>,
        change: Vec<Value>,
        node: Node,
        merge_key: &str,
        path: &Path<'_>,
    ) -> Result<(Vec<Value>, Vec<Value>)> {
        let mut plain = Vec::with_capacity(change.len());
        let mut replace = false;
        for (index, item) in change.into_iter().enumerate() {
            let directive = item.get(PATCH_DIRECTIVE).cloned();
            match directive.as_ref().map(|d| (d, d.as_str())) {
                None => plain.push(item),
                Some((_, Some("delete"))) => {
                    let Some(wanted) = item.get(merge_key) else {
                        return Err(Error::MissingMergeKey {
                            path: path.index(index).render(),
                            key: merge_key.to_owned(),
                        });
                    };
                    current.retain(|candidate| {
                        !candidate
                            .get(merge_key)
                            .is_some_and(|v| same_scalar(v, wanted))
                    });
                }
                Some((_, Some("replace"))) => replace = true,
                Some((_, Some("merge"))) => {
                    let mut item = item;
                    if let Value::Object(map) = &mut item {
                        map.shift_remove(PATCH_DIRECTIVE);
                    }
                    if item.as_object().is_some_and(|m| !m.is_empty()) {
                        plain.push(item);
                    }
                }
                Some((value, _)) => {
                    return Err(Error::UnknownDirective {
                        path: path.index(index).render(),
                        value: value.to_string(),
                    });
                }
            }
        }
        if replace {
            return Ok((clean_items(plain, node, self.flavor), Vec::new()));
        }
        Ok((current, plain))
    }
}

/// kustomize walks every merging list of the result, patched or not, and
/// keeps one item per entry: at the place of the entry's first item, the
/// content of its last (so a repeated `env` name keeps its last value). That
/// last item is copied as it is, so lists inside it are left alone.
fn collapse_repeated_entries(value: &mut Value, node: Node) {
    let Value::Object(map) = value else { return };
    if node == Node::Unknown {
        return;
    }
    for (key, value) in map.iter_mut() {
        let (child, meta) = self::child(node, key, Flavor::Kustomize);
        if let Value::Array(items) = value {
            let copied = if meta.merges() {
                collapse_list(items, meta)
            } else {
                vec![false; items.len()]
            };
            for (item, copied) in items.iter_mut().zip(copied) {
                if !copied {
                    collapse_repeated_entries(item, child);
                }
            }
        } else {
            collapse_repeated_entries(value, child);
        }
    }
}

/// Collapses repeated entries of a merging list; says for each remaining item
/// whether it is a later repeat copied over the first.
fn collapse_list(items: &mut Vec<Value>, meta: FieldMeta) -> Vec<bool> {
    let all_keys = meta.kustomize == KustomizeMerge::ByListMapKeys
        && meta.list_keys.len() > 1
        && items
            .iter()
            .all(|item| meta.list_keys.iter().all(|key| item.get(*key).is_some()));
    // The identity of an item; `None` for items that cannot be matched.
    let entry = |item: &Value| -> Option<Vec<Value>> {
        match item {
            Value::Object(map) if all_keys => meta
                .list_keys
                .iter()
                .map(|key| map.get(*key).cloned())
                .collect(),
            Value::Object(map) => map.get(meta.merge_key).map(|key| vec![key.clone()]),
            Value::Array(_) | Value::Null => None,
            scalar => Some(vec![scalar.clone()]),
        }
    };
    let same = |a: &[Value], b: &[Value]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_scalar(x, y))
    };
    let mut kept: Vec<(Option<Vec<Value>>, Value, bool)> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let id = entry(&item);
        let earlier = id.as_deref().and_then(|id| {
            kept.iter()
                .position(|(seen, _, _)| seen.as_deref().is_some_and(|seen| same(seen, id)))
        });
        match earlier.and_then(|at| kept.get_mut(at)) {
            Some(slot) => {
                slot.1 = item;
                slot.2 = true;
            }
            None => kept.push((id, item, false)),
        }
    }
    let mut copied = Vec::with_capacity(kept.len());
    for (_, item, repeat) in kept {
        items.push(item);
        copied.push(repeat);
    }
    copied
}

/// Keeps the first patch item for each merge key value: kustomize ignores
/// later items naming the same list entry (apimachinery applies them all).
fn first_per_key(change: Vec<Value>, merge_key: &str) -> Vec<Value> {
    let mut seen: Vec<Value> = Vec::new();
    change
        .into_iter()
        .filter(|item| match item.get(merge_key) {
            // Items without the key are markers or errors, reported later.
            None => true,
            Some(key) if seen.iter().any(|s| same_scalar(s, key)) => false,
            Some(key) => {
                seen.push(key.clone());
                true
            }
        })
        .collect()
}

/// The original list as apimachinery sees it when ordering by
/// `$setElementOrder`, after merging `change` into it.
///
/// NB: apimachinery deletes list items in place (shifting later items left
/// within the same backing array) and appends new items to the shortened
/// slice, so the original list it later orders by shows the appended items
/// in the slots the deletions freed. `kubectl apply` sends exactly such
/// patches (deletions, additions and `$setElementOrder` together), so the
/// API server flavor must see the same order.
fn aliased_server_order(current: &[Value], change: &[Value], merge_key: &str) -> Vec<Value> {
    let mut backing = current.to_vec();
    let mut len = backing.len();
    let same_key =
        |item: &Value, wanted: &Value| item.get(merge_key).is_some_and(|v| same_scalar(v, wanted));
    let directive = |item: &Value| {
        item.get(PATCH_DIRECTIVE)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    for item in change {
        if directive(item).as_deref() != Some("delete") {
            continue;
        }
        let Some(wanted) = item.get(merge_key) else {
            continue;
        };
        while let Some(at) = backing[..len].iter().position(|v| same_key(v, wanted)) {
            // Shift the tail left; the slot past the new end keeps its old
            // value, as Go's `append(s[:at], s[at+1:]...)` leaves it.
            for i in at..len - 1 {
                backing[i] = backing[i + 1].clone();
            }
            len -= 1;
        }
    }
    if change
        .iter()
        .any(|item| directive(item).as_deref() == Some("replace"))
    {
        // The list is rebuilt from the patch in a fresh array.
        return backing;
    }
    let mut appended = Vec::new();
    for item in change.iter().filter(|item| directive(item).is_none()) {
        let Some(wanted) = item.get(merge_key) else {
            continue;
        };
        let known = backing[..len].iter().any(|v| same_key(v, wanted))
            || appended.iter().any(|v| same_key(v, wanted));
        if known {
            continue;
        }
        if len < backing.len() {
            backing[len] = item.clone();
            len += 1;
        } else {
            appended.push(item.clone());
        }
    }
    backing
}

/// Checks that the patch list names its items in the same relative order as
/// the `$setElementOrder` list, and names no item the order leaves out.
fn validate_order(
    change: &[Value],
    order: &[Value],
    merge_key: &str,
    kind: Option<ItemKind>,
    directive: &str,
    path: &Path<'_>,
) -> Result<()> {
    let Some(kind) = kind else { return Ok(()) };
    if order.is_empty() || change.is_empty() {
        return Ok(());
    }
    if kind == ItemKind::Object && !merge_key.is_empty() {
        for (index, item) in order.iter().enumerate() {
            if item.get(merge_key).is_none() {
                return Err(malformed(
                    directive,
                    path,
                    format!("item {index} has no merge key {merge_key:?}"),
                ));
            }
        }
    }
    let named: Vec<&Value> = change
        .iter()
        .filter(|item| {
            !item
                .as_object()
                .is_some_and(|m| m.contains_key(PATCH_DIRECTIVE))
        })
        .collect();
    let mut at = 0;
    for item in named {
        let wanted = identity(item, merge_key, kind);
        match order[at..]
            .iter()
            .position(|o| same_identity(identity(o, merge_key, kind), wanted))
        {
            Some(offset) => at += offset + 1,
            None => {
                return Err(malformed(
                    directive,
                    path,
                    "the patch list names items in another order than the directive, or items it leaves out",
                ));
            }
        }
    }
    Ok(())
}

/// Orders merged list items. Returns the API server's interleaving, and the
/// two sorted halves (named by the patch or order list, and the rest) from
/// which kustomize's order is made.
#[allow(clippy::too_many_arguments)]
fn order_items(
    mut named: Vec<Value>,
    mut rest: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    merge_key: &str,
    kind: ItemKind,
    explicit: bool,
    path: &Path<'_>,
) -> Result<(Vec<Value>, Vec<Value>, Vec<Value>)> {
    if kind == ItemKind::Object {
        require_merge_key(&named, merge_key, path)?;
        require_merge_key(&rest, merge_key, path)?;
        require_merge_key(server_order, merge_key, path)?;
    }
    let rank = |order: &[Value], item: &Value| {
        position(order, item, merge_key, kind).unwrap_or(usize::MAX)
    };
    named.sort_by_key(|item| rank(patch_order, item));
    rest.sort_by_key(|item| rank(server_order, item));

    // Insert the untouched original items among the patched ones: take an
    // original item first only when both are known to the original and it
    // came first there.
    let mut interleaved = Vec::with_capacity(named.len() + rest.len());
    let (mut left, mut right) = (rest.iter().peekable(), named.iter().peekable());
    loop {
        match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => {
                let (li, ri) = (rank(server_order, l), rank(server_order, r));
                let left_first =
                    li != usize::MAX && ri != usize::MAX && li.cmp(&ri) == Ordering::Less;
                let next = if left_first {
                    left.next()
                } else {
                    right.next()
                };
                interleaved.extend(next.cloned());
            }
            (Some(_), None) => interleaved.extend(left.next().cloned()),
            (None, Some(_)) => interleaved.extend(right.next().cloned()),
            (None, None) => break,
        }
    }
    if explicit {
        // An explicit `$setElementOrder` is honoured by both flavors.
        return Ok((interleaved.clone(), interleaved, Vec::new()));
    }
    Ok((interleaved, named, rest))
}
