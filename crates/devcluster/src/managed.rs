//! Field ownership (`metadata.managedFields`) and server-side apply.
//!
//! A field set is a set of paths; each path is a list of encoded elements as
//! `fieldsV1` spells them: `f:name` (a field), `k:{"name":"web"}` (an item of
//! a list keyed by fields), `v:"a"` (an item of a set). List and map
//! semantics come from the schema: `ballast-patch`'s table for built-ins,
//! `x-kubernetes-list-type`/`-list-map-keys`/`-map-type` for custom resources.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::resources::ResourceInfo;

type Path = Vec<String>;
type FieldSet = BTreeSet<Path>;

/// What a list is, for merging and ownership.
#[derive(Debug, Clone, PartialEq)]
enum ListKind {
    Atomic,
    Set,
    Map(Vec<String>),
}

/// Schema knowledge: list kinds and atomic maps at field paths (list
/// indexes skipped).
enum Shape<'a> {
    Builtin(ballast_patch::TypeSchema),
    Custom(&'a Value),
    Unknown,
}

impl Shape<'_> {
    fn of(info: &ResourceInfo) -> Shape<'_> {
        if let Some(s) = &info.crd_schema {
            return Shape::Custom(s);
        }
        match ballast_patch::builtin_schema(&info.api_version(), &info.kind) {
            Some(t) => Shape::Builtin(t),
            None => Shape::Unknown,
        }
    }

    /// The CRD schema node at a field path.
    fn custom_node<'s>(root: &'s Value, path: &[&str]) -> Option<&'s Value> {
        let mut cur = root;
        for seg in path {
            // Step through arrays to their items.
            while cur.get("type").and_then(Value::as_str) == Some("array") {
                cur = cur.get("items")?;
            }
            cur = match cur.get("properties").and_then(|p| p.get(*seg)) {
                Some(n) => n,
                None => match cur.get("additionalProperties") {
                    Some(a) if a.is_object() => a,
                    _ => return None,
                },
            };
        }
        Some(cur)
    }

    fn list_kind(&self, path: &[&str]) -> ListKind {
        match self {
            Shape::Builtin(t) => match t.list_type(path) {
                Some(ballast_patch::ListType::Set) => ListKind::Set,
                Some(ballast_patch::ListType::Map(keys)) => ListKind::Map(keys),
                _ => ListKind::Atomic,
            },
            Shape::Custom(root) => {
                let Some(n) = Self::custom_node(root, path) else {
                    return ListKind::Atomic;
                };
                match n.get("x-kubernetes-list-type").and_then(Value::as_str) {
                    Some("set") => ListKind::Set,
                    Some("map") => ListKind::Map(
                        n.get("x-kubernetes-list-map-keys")
                            .and_then(Value::as_array)
                            .map(|k| {
                                k.iter()
                                    .filter_map(Value::as_str)
                                    .map(str::to_string)
                                    .collect()
                            })
                            .unwrap_or_default(),
                    ),
                    _ => ListKind::Atomic,
                }
            }
            Shape::Unknown => ListKind::Atomic,
        }
    }

    /// The default of key field `key` of the list-map at `path`.
    fn key_default(&self, path: &[&str], key: &str) -> Option<Value> {
        match self {
            // The only defaulted key of built-in list-maps: ports' protocol
            // (containers' and Services').
            Shape::Builtin(_) => (key == "protocol").then(|| json!("TCP")),
            Shape::Custom(root) => Self::custom_node(root, path)?
                .get("items")?
                .get("properties")?
                .get(key)?
                .get("default")
                .cloned(),
            Shape::Unknown => None,
        }
    }

    fn map_atomic(&self, path: &[&str]) -> bool {
        if path.is_empty() {
            return false;
        }
        match self {
            Shape::Builtin(t) => t.map_type(path) == Some(ballast_patch::MapType::Atomic),
            Shape::Custom(root) => {
                Self::custom_node(root, path)
                    .and_then(|n| n.get("x-kubernetes-map-type"))
                    .and_then(Value::as_str)
                    == Some("atomic")
            }
            Shape::Unknown => false,
        }
    }
}

/// Canonical encoding of a list-map item key. A key field the item lacks
/// takes its schema default, as structured-merge-diff does (a port's
/// `protocol` is TCP: `k:{"containerPort":80,"protocol":"TCP"}`), so an
/// applied item without it matches the stored, defaulted one; key fields
/// without a default are left out.
fn key_of(item: &Value, keys: &[String], shape: &Shape<'_>, path: &[&str]) -> Option<String> {
    let mut m = std::collections::BTreeMap::new();
    for k in keys {
        match item.get(k) {
            Some(v) => {
                m.insert(k.clone(), v.clone());
            }
            None => {
                if let Some(d) = shape.key_default(path, k) {
                    m.insert(k.clone(), d);
                }
            }
        }
    }
    if m.is_empty() || !item.is_object() {
        return None;
    }
    Some(format!("k:{}", serde_json::to_string(&m).ok()?))
}

/// Metadata fields nobody owns.
const SYSTEM_META: &[&str] = &[
    "name",
    "namespace",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
    "generateName",
];

/// Which part of the object a field set covers.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// Everything but status (status is a subresource).
    Main,
    /// Only status.
    Status,
    /// Everything.
    All,
}

fn part_for(info: &ResourceInfo, sub: Option<&str>) -> Part {
    match (info.status, sub) {
        (true, Some("status")) => Part::Status,
        (true, _) => Part::Main,
        _ => Part::All,
    }
}

fn field_set(obj: &Value, shape: &Shape<'_>, part: Part) -> FieldSet {
    let mut out = FieldSet::new();
    let Some(m) = obj.as_object() else { return out };
    for (k, v) in m {
        if k == "apiVersion" || k == "kind" {
            continue;
        }
        let is_status = k == "status";
        if (part == Part::Main && is_status) || (part == Part::Status && !is_status) {
            continue;
        }
        if k == "metadata" {
            if let Some(meta) = v.as_object() {
                for (mk, mv) in meta {
                    if SYSTEM_META.contains(&mk.as_str()) {
                        continue;
                    }
                    let mut p = vec!["f:metadata".to_string(), format!("f:{mk}")];
                    let mut sp = vec!["metadata", mk.as_str()];
                    walk(mv, &mut p, &mut sp, shape, &mut out);
                }
            }
            continue;
        }
        let mut p = vec![format!("f:{k}")];
        let mut sp = vec![k.as_str()];
        walk(v, &mut p, &mut sp, shape, &mut out);
    }
    out
}

fn walk<'v>(
    v: &'v Value,
    p: &mut Path,
    sp: &mut Vec<&'v str>,
    shape: &Shape<'_>,
    out: &mut FieldSet,
) {
    match v {
        Value::Object(m) if !m.is_empty() && !shape.map_atomic(sp) => {
            for (k, child) in m {
                p.push(format!("f:{k}"));
                sp.push(k.as_str());
                walk(child, p, sp, shape, out);
                sp.pop();
                p.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => match shape.list_kind(sp) {
            ListKind::Atomic => {
                out.insert(p.clone());
            }
            ListKind::Set => {
                for item in items {
                    p.push(format!("v:{item}"));
                    out.insert(p.clone());
                    p.pop();
                }
            }
            ListKind::Map(keys) => {
                for item in items {
                    match key_of(item, &keys, shape, sp) {
                        Some(k) => {
                            p.push(k);
                            out.insert(p.clone());
                            if let Some(fields) = item.as_object() {
                                for (fk, fv) in fields {
                                    p.push(format!("f:{fk}"));
                                    sp.push(fk.as_str());
                                    walk(fv, p, sp, shape, out);
                                    sp.pop();
                                    p.pop();
                                }
                            }
                            p.pop();
                        }
                        // An item without its keys: own the list whole.
                        None => {
                            out.insert(p.clone());
                        }
                    }
                }
            }
        },
        _ => {
            out.insert(p.clone());
        }
    }
}

/// The value at an encoded path, if present.
fn value_at<'a>(obj: &'a Value, path: &[String], shape: &Shape<'_>) -> Option<&'a Value> {
    let mut cur = obj;
    let mut at: Vec<&str> = Vec::new();
    for el in path {
        if let Some(f) = el.strip_prefix("f:") {
            cur = cur.get(f)?;
            at.push(f);
        } else if let Some(k) = el.strip_prefix("k:") {
            let want: Map<String, Value> = serde_json::from_str(k).ok()?;
            cur = cur
                .as_array()?
                .iter()
                .find(|item| has_key(item, &want, shape, &at))?;
        } else if let Some(v) = el.strip_prefix("v:") {
            let want: Value = serde_json::from_str(v).ok()?;
            cur = cur.as_array()?.iter().find(|item| **item == want)?;
        } else {
            return None;
        }
    }
    Some(cur)
}

/// Whether a list-map item has the key `want`; key fields it lacks count
/// as their defaults (see [`key_of`]).
fn has_key(item: &Value, want: &Map<String, Value>, shape: &Shape<'_>, at: &[&str]) -> bool {
    want.iter().all(|(k, v)| match item.get(k) {
        Some(iv) => iv == v,
        None => shape.key_default(at, k).as_ref() == Some(v),
    })
}

/// Removes the value at an encoded path.
fn remove_at(obj: &mut Value, path: &[String], shape: &Shape<'_>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = obj;
    let mut at: Vec<&str> = Vec::new();
    for el in parents {
        let next = if let Some(f) = el.strip_prefix("f:") {
            at.push(f);
            cur.get_mut(f)
        } else if let Some(k) = el.strip_prefix("k:") {
            let Ok(want) = serde_json::from_str::<Map<String, Value>>(k) else {
                return;
            };
            cur.as_array_mut()
                .and_then(|a| a.iter_mut().find(|item| has_key(item, &want, shape, &at)))
        } else {
            None
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if let Some(f) = last.strip_prefix("f:") {
        if let Some(m) = cur.as_object_mut() {
            m.remove(f);
        }
    } else if let Some(k) = last.strip_prefix("k:") {
        if let (Ok(want), Some(a)) = (
            serde_json::from_str::<Map<String, Value>>(k),
            cur.as_array_mut(),
        ) {
            a.retain(|item| !has_key(item, &want, shape, &at));
        }
    } else if let Some(v) = last.strip_prefix("v:")
        && let (Ok(want), Some(a)) = (serde_json::from_str::<Value>(v), cur.as_array_mut())
    {
        a.retain(|item| *item != want);
    }
}

/// `fieldsV1` JSON of a set.
fn to_fields_v1(set: &FieldSet) -> Value {
    let mut root = Map::new();
    for path in set {
        let mut cur = &mut root;
        for (i, el) in path.iter().enumerate() {
            let entry = cur.entry(el.clone()).or_insert_with(|| json!({}));
            let Some(m) = entry.as_object_mut() else {
                break;
            };
            if i + 1 == path.len() {
                // A member that also has children is marked with ".".
                if !m.is_empty() {
                    m.insert(".".into(), json!({}));
                }
            } else if set.contains(&path[..=i].to_vec()) && !m.contains_key(".") {
                m.insert(".".into(), json!({}));
            }
            cur = m;
        }
    }
    Value::Object(root)
}

fn from_fields_v1(v: &Value) -> FieldSet {
    fn go(m: &Map<String, Value>, p: &mut Path, out: &mut FieldSet) {
        for (k, child) in m {
            if k == "." {
                out.insert(p.clone());
                continue;
            }
            p.push(k.clone());
            match child.as_object() {
                Some(cm) if !cm.is_empty() => go(cm, p, out),
                _ => {
                    out.insert(p.clone());
                }
            }
            p.pop();
        }
    }
    let mut out = FieldSet::new();
    if let Some(m) = v.as_object() {
        go(m, &mut Vec::new(), &mut out);
    }
    out
}

/// One managedFields entry, decoded.
struct Entry {
    manager: String,
    operation: String,
    api_version: String,
    time: Value,
    sub: Option<String>,
    set: FieldSet,
}

/// `p` with each list-map key completed with its defaulted key fields, as
/// [`key_of`] writes keys: entries recorded before it did (a port keyed
/// without its `protocol`) then still name the same items.
fn with_key_defaults(p: Path, shape: &Shape<'_>) -> Path {
    if !p.iter().any(|el| el.starts_with("k:")) {
        return p;
    }
    let mut at: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(p.len());
    for el in p {
        if let Some(f) = el.strip_prefix("f:") {
            at.push(f.to_string());
        } else if let Some(k) = el.strip_prefix("k:") {
            let path: Vec<&str> = at.iter().map(String::as_str).collect();
            if let ListKind::Map(keys) = shape.list_kind(&path)
                && let Ok(given) = serde_json::from_str::<Map<String, Value>>(k)
            {
                let mut m: std::collections::BTreeMap<String, Value> = given.into_iter().collect();
                for key in &keys {
                    if !m.contains_key(key)
                        && let Some(d) = shape.key_default(&path, key)
                    {
                        m.insert(key.clone(), d);
                    }
                }
                if let Ok(text) = serde_json::to_string(&m) {
                    out.push(format!("k:{text}"));
                    continue;
                }
            }
        }
        out.push(el);
    }
    out
}

fn entries_of(obj: &Value, shape: &Shape<'_>) -> Vec<Entry> {
    obj.pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| Entry {
                    manager: e
                        .get("manager")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    operation: e
                        .get("operation")
                        .and_then(Value::as_str)
                        .unwrap_or("Update")
                        .to_string(),
                    api_version: e
                        .get("apiVersion")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    time: e.get("time").cloned().unwrap_or(Value::Null),
                    sub: e
                        .get("subresource")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    set: e
                        .get("fieldsV1")
                        .map(from_fields_v1)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| with_key_defaults(p, shape))
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn store_entries(obj: &mut Value, entries: Vec<Entry>) {
    let list: Vec<Value> = entries
        .into_iter()
        .filter(|e| !e.set.is_empty())
        .map(|e| {
            let mut v = json!({
                "manager": e.manager,
                "operation": e.operation,
                "apiVersion": e.api_version,
                "time": e.time,
                "fieldsType": "FieldsV1",
                "fieldsV1": to_fields_v1(&e.set),
            });
            if let Some(s) = e.sub {
                v["subresource"] = json!(s);
            }
            v
        })
        .collect();
    if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        if list.is_empty() {
            m.remove("managedFields");
        } else {
            m.insert("managedFields".into(), Value::Array(list));
        }
    }
}

/// Records field ownership for a non-apply write (`operation` `Update`):
/// fields the write changed move to `manager`. Apply writes arrive with
/// their managedFields already computed by [`apply`] and are left alone.
pub(crate) fn record(
    info: &ResourceInfo,
    old: Option<&Value>,
    new: &mut Value,
    manager: &str,
    operation: &str,
    sub: Option<&str>,
) {
    if operation != "Update" {
        return;
    }
    // A client that sends managedFields different from the stored ones sets them.
    let given = new.pointer("/metadata/managedFields");
    let stored = old.and_then(|o| o.pointer("/metadata/managedFields"));
    if let Some(g) = given
        && Some(g) != stored
        && old.is_some()
    {
        if g.as_array().is_some_and(Vec::is_empty)
            && let Some(m) = new["metadata"].as_object_mut()
        {
            m.remove("managedFields");
        }
        return;
    }
    let shape = Shape::of(info);
    let part = part_for(info, sub);
    let new_set = field_set(new, &shape, part);
    // NB: outside `part` the write changed nothing (a status write keeps
    // the rest, any other write keeps the status subresource), so only the
    // paths inside it can have gone.
    let in_part = |p: &Path| {
        let status = p.first().is_some_and(|f| f == "f:status");
        match part {
            Part::All => true,
            Part::Main => !status,
            Part::Status => status,
        }
    };
    let (old_set, mut entries) = match old {
        Some(o) => (field_set(o, &shape, part), entries_of(o, &shape)),
        None => (FieldSet::new(), Vec::new()),
    };
    let changed: FieldSet = new_set
        .iter()
        .filter(|p| {
            !old_set.contains(*p)
                || old.and_then(|o| value_at(o, p, &shape)) != value_at(new, p, &shape)
        })
        .cloned()
        .collect();
    let sub_s = if info.status && sub == Some("status") {
        Some("status".to_string())
    } else {
        None
    };
    for e in &mut entries {
        if !(e.manager == manager && e.operation == "Update" && e.sub == sub_s) {
            e.set.retain(|p| !changed.contains(p));
        }
        e.set.retain(|p| !in_part(p) || new_set.contains(p));
    }
    if !changed.is_empty() {
        let api_version = info.api_version();
        let now = json!(crate::api::now());
        match entries
            .iter_mut()
            .find(|e| e.manager == manager && e.operation == "Update" && e.sub == sub_s)
        {
            Some(e) => {
                e.set.extend(changed);
                e.time = now;
                e.api_version = api_version;
            }
            None => entries.push(Entry {
                manager: manager.to_string(),
                operation: "Update".into(),
                api_version,
                time: now,
                sub: sub_s,
                set: changed,
            }),
        }
    }
    store_entries(new, entries);
}

/// A conflict of an apply with another manager.
pub(crate) struct Conflict {
    pub(crate) manager: String,
    pub(crate) api_version: String,
    /// Dotted field path, e.g. `.spec.replicas`.
    pub(crate) field: String,
}

/// Renders an encoded path the way kube-apiserver names it in conflicts:
/// `.spec.containers[name="web"].image`.
fn show_path(p: &[String]) -> String {
    let mut s = String::new();
    for el in p {
        if let Some(f) = el.strip_prefix("f:") {
            s.push('.');
            s.push_str(f);
        } else if let Some(k) = el.strip_prefix("k:") {
            let m: Map<String, Value> = serde_json::from_str(k).unwrap_or_default();
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}={v}")).collect();
            s.push_str(&format!("[{}]", parts.join(",")));
        } else if let Some(v) = el.strip_prefix("v:") {
            s.push_str(&format!("[={v}]"));
        }
    }
    s
}

fn merge(live: &Value, applied: &Value, sp: &mut Vec<String>, shape: &Shape<'_>) -> Value {
    let spr: Vec<&str> = sp.iter().map(String::as_str).collect();
    match (live, applied) {
        (Value::Object(l), Value::Object(a)) if !shape.map_atomic(&spr) => {
            let mut out = l.clone();
            for (k, av) in a {
                let merged = match l.get(k) {
                    Some(lv) => {
                        sp.push(k.clone());
                        let m = merge(lv, av, sp, shape);
                        sp.pop();
                        m
                    }
                    None => av.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(l), Value::Array(a)) => match shape.list_kind(&spr) {
            ListKind::Atomic => applied.clone(),
            ListKind::Set => {
                let mut out = l.clone();
                for item in a {
                    if !out.contains(item) {
                        out.push(item.clone());
                    }
                }
                Value::Array(out)
            }
            ListKind::Map(keys) => {
                let mut out = l.clone();
                let at = sp.clone();
                let at: Vec<&str> = at.iter().map(String::as_str).collect();
                for item in a {
                    let k = key_of(item, &keys, shape, &at);
                    match out
                        .iter_mut()
                        .find(|o| k.is_some() && key_of(o, &keys, shape, &at) == k)
                    {
                        Some(existing) => *existing = merge(existing, item, sp, shape),
                        None => out.push(item.clone()),
                    }
                }
                Value::Array(out)
            }
        },
        _ => applied.clone(),
    }
}

/// Server-side apply of `applied` by `manager` onto `live` (`None` when the
/// object does not exist yet). Returns the merged object with its
/// managedFields, or the conflicts when `force` is false.
pub(crate) fn apply(
    info: &ResourceInfo,
    live: Option<&Value>,
    applied: &Value,
    manager: &str,
    force: bool,
    sub: Option<&str>,
) -> Result<Value, Vec<Conflict>> {
    let shape = Shape::of(info);
    let part = part_for(info, sub);
    let applied_set = field_set(applied, &shape, part);
    let sub_s = if info.status && sub == Some("status") {
        Some("status".to_string())
    } else {
        None
    };
    let mut entries = live.map(|l| entries_of(l, &shape)).unwrap_or_default();
    let empty = json!({});
    let base = live.unwrap_or(&empty);

    // Conflicts: fields another manager owns whose value would change.
    let mut conflicts = Vec::new();
    let mut conflicting: FieldSet = FieldSet::new();
    for e in &entries {
        if e.manager == manager && e.operation == "Apply" {
            continue;
        }
        for p in applied_set.intersection(&e.set) {
            if p.last()
                .is_some_and(|l| l.starts_with("k:") || l.starts_with("v:"))
            {
                continue;
            }
            if value_at(base, p, &shape) != value_at(applied, p, &shape) {
                conflicts.push(Conflict {
                    manager: e.manager.clone(),
                    api_version: e.api_version.clone(),
                    field: show_path(p),
                });
                conflicting.insert(p.clone());
            }
        }
    }
    if !conflicts.is_empty() && !force {
        return Err(conflicts);
    }

    let mut merged = merge(base, applied, &mut Vec::new(), &shape);
    // Fields this manager applied before, no longer applies and nobody else owns go away.
    let previous: FieldSet = entries
        .iter()
        .find(|e| e.manager == manager && e.operation == "Apply" && e.sub == sub_s)
        .map(|e| e.set.clone())
        .unwrap_or_default();
    let others: FieldSet = entries
        .iter()
        .filter(|e| !(e.manager == manager && e.operation == "Apply" && e.sub == sub_s))
        .flat_map(|e| e.set.iter().cloned())
        .collect();
    let mut dropped: Vec<&Path> = previous
        .iter()
        .filter(|p| !applied_set.contains(*p))
        .filter(|p| !others.iter().any(|o| o.starts_with(p)))
        .filter(|p| !applied_set.iter().any(|a| a.starts_with(p)))
        .collect();
    // Deepest first, so removing an item does not shift its siblings' paths.
    dropped.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in dropped {
        remove_at(&mut merged, p, &shape);
    }

    let full = field_set(&merged, &shape, Part::All);
    for e in &mut entries {
        e.set
            .retain(|p| !conflicting.contains(p) && full.contains(p));
    }
    let now = json!(crate::api::now());
    match entries
        .iter_mut()
        .find(|e| e.manager == manager && e.operation == "Apply" && e.sub == sub_s)
    {
        Some(e) => {
            e.set = applied_set;
            e.time = now;
            e.api_version = info.api_version();
        }
        None => entries.push(Entry {
            manager: manager.to_string(),
            operation: "Apply".into(),
            api_version: info.api_version(),
            time: now,
            sub: sub_s,
            set: applied_set,
        }),
    }
    store_entries(&mut merged, entries);
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy() -> ResourceInfo {
        crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == "Deployment")
            .unwrap()
    }

    #[test]
    fn fields_v1_round_trips() {
        let info = deploy();
        let o = json!({"metadata": {"name": "d", "labels": {"app": "x"}},
            "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "web", "image": "nginx"}]}}}});
        let set = field_set(&o, &Shape::of(&info), Part::Main);
        let v1 = to_fields_v1(&set);
        assert_eq!(
            v1["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"web\"}"]["."],
            json!({})
        );
        assert_eq!(from_fields_v1(&v1), set);
    }

    #[test]
    fn applied_ports_without_protocol_match_the_defaulted_ones() {
        let info = deploy();
        let applied = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "ports": [{"containerPort": 80}]}]}}}});
        let mut live = apply(&info, None, &applied, "one", false, None)
            .ok()
            .unwrap();
        // What kube-apiserver stores: the protocol defaulted.
        live["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"] = json!("TCP");
        let again = apply(&info, Some(&live), &applied, "one", false, None)
            .ok()
            .unwrap();
        assert_eq!(
            again["spec"]["template"]["spec"]["containers"][0]["ports"],
            json!([{"containerPort": 80, "protocol": "TCP"}])
        );
        let fields = &again["metadata"]["managedFields"][0]["fieldsV1"];
        assert!(
            fields["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"web\"}"]["f:ports"]
                .get("k:{\"containerPort\":80,\"protocol\":\"TCP\"}")
                .is_some(),
            "{fields}"
        );
    }

    #[test]
    fn ports_owned_under_keys_without_their_protocol_stay_owned() {
        let info = deploy();
        let applied = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "ports": [{"containerPort": 80}]}]}}}});
        let mut live = apply(&info, None, &applied, "one", false, None)
            .ok()
            .unwrap();
        live["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"] = json!("TCP");
        // As stored before keys took their defaults: no protocol in the key.
        let ports = &mut live["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"]["f:template"]["f:spec"]
            ["f:containers"]["k:{\"name\":\"web\"}"]["f:ports"];
        let owned = ports["k:{\"containerPort\":80,\"protocol\":\"TCP\"}"].take();
        *ports = json!({"k:{\"containerPort\":80}": owned});
        let again = apply(&info, Some(&live), &applied, "one", false, None)
            .ok()
            .unwrap();
        assert_eq!(
            again["spec"]["template"]["spec"]["containers"][0]["ports"],
            json!([{"containerPort": 80, "protocol": "TCP"}])
        );
    }

    #[test]
    fn apply_conflicts_force_and_removal() {
        let info = deploy();
        let a1 = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "labels": {"a": "1", "b": "1"}}, "spec": {"replicas": 1}});
        let live = apply(&info, None, &a1, "one", false, None).ok().unwrap();
        let a2 = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": 3}});
        let errs = apply(&info, Some(&live), &a2, "two", false, None)
            .err()
            .unwrap();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, ".spec.replicas");
        assert_eq!(errs[0].manager, "one");
        let forced = apply(&info, Some(&live), &a2, "two", true, None)
            .ok()
            .unwrap();
        assert_eq!(forced["spec"]["replicas"], 3);
        // "one" stops applying label b: it is removed; label a stays.
        let a3 = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "labels": {"a": "1"}}});
        let after = apply(&info, Some(&forced), &a3, "one", false, None)
            .ok()
            .unwrap();
        assert_eq!(after["metadata"]["labels"], json!({"a": "1"}));
        assert_eq!(after["spec"]["replicas"], 3);
    }
}
