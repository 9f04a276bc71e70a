//! `replacements`: copy a field of one object into fields of others.
//!
//! Field paths are dot-separated with kustomize's extras: `[key=value]`
//! picks list items, `[=value]` scalar list items, `*` every child, and a
//! number a list index. Sources and targets are selected by any id the
//! object has had.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::build::{Builder, Loaded};
use crate::error::{Error, Result};
use crate::loader;
use crate::resid::{Gvk, ResId};
use crate::resource::ResMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replacement {
    path: Option<String>,
    source: Option<Source>,
    #[serde(default)]
    targets: Vec<Target>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IdSelector {
    #[serde(default)]
    group: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: String,
    label_selector: Option<String>,
    annotation_selector: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Source {
    #[serde(default)]
    group: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: String,
    field_path: Option<String>,
    options: Option<FieldOptions>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Target {
    select: Option<IdSelector>,
    #[serde(default)]
    reject: Vec<IdSelector>,
    #[serde(default)]
    field_paths: Vec<String>,
    options: Option<FieldOptions>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FieldOptions {
    #[serde(default)]
    delimiter: String,
    #[serde(default)]
    index: i64,
    #[serde(default)]
    encoding: String,
    #[serde(default)]
    create: bool,
}

const DEFAULT_FIELD_PATH: &str = "metadata.name";

/// Applies this kustomization's `replacements` in order.
pub(crate) fn replacements(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<()> {
    let err = |message: String| Error::Kustomization {
        file: l.file.clone(),
        message,
    };
    for entry in l.k.replacements.iter().flatten() {
        let r: Replacement = serde_json::from_value(entry.clone())
            .map_err(|e| err(format!("invalid replacement: {e}")))?;
        let list = match (&r.path, &r.source) {
            (Some(_), Some(_)) => {
                return Err(err(
                    "a replacement sets either path or source/targets".into()
                ));
            }
            (Some(path), None) => {
                let (file, bytes) = b.loader.read_file(&l.dir, path)?;
                let text = loader::text(&file, bytes)?;
                let mut out = Vec::new();
                for doc in loader::parse_config_yaml(&file, &text)? {
                    let docs = match doc {
                        Value::Array(items) => items,
                        other => vec![other],
                    };
                    for d in docs {
                        let r: Replacement = serde_json::from_value(d)
                            .map_err(|e| err(format!("invalid replacement in {path:?}: {e}")))?;
                        out.push(r);
                    }
                }
                out
            }
            (None, _) => vec![r],
        };
        for r in list {
            apply(l, ra, &r)?;
        }
    }
    Ok(())
}

fn ids_of(r: &crate::resource::Resource) -> Vec<ResId> {
    r.all_ids().collect()
}

fn selected_by(id: &ResId, group: &str, version: &str, kind: &str, name: &str, ns: &str) -> bool {
    let gvk = Gvk {
        group: group.into(),
        version: version.into(),
        kind: kind.into(),
    };
    (name.is_empty() || name == id.name)
        && (ns.is_empty() || effective(ns) == id.effective_namespace())
        && gvk.selects(&id.gvk)
}

fn effective(ns: &str) -> &str {
    if ns.is_empty() { "default" } else { ns }
}

fn apply(l: &Loaded, ra: &mut ResMap, r: &Replacement) -> Result<()> {
    let err = |message: String| Error::Kustomization {
        file: l.file.clone(),
        message: format!("replacements: {message}"),
    };
    let Some(src) = &r.source else {
        return Err(err("a replacement needs a source".into()));
    };
    // The source: exactly one object.
    let mut found: Option<usize> = None;
    for (i, res) in ra.items.iter().enumerate() {
        let hit = ids_of(res).iter().any(|id| {
            selected_by(
                id,
                &src.group,
                &src.version,
                &src.kind,
                &src.name,
                &src.namespace,
            )
        });
        if hit {
            if found.is_some() {
                return Err(err(format!(
                    "multiple matches for source selector {}",
                    describe_src(src)
                )));
            }
            found = Some(i);
        }
    }
    let Some(si) = found else {
        return Err(err(format!(
            "nothing selected by source {}",
            describe_src(src)
        )));
    };
    let field_path = src
        .field_path
        .clone()
        .unwrap_or_else(|| DEFAULT_FIELD_PATH.into());
    let path = split_field_path(&field_path);
    let mut value = lookup(&ra.items[si].obj, &path)
        .filter(|v| !is_nil_or_empty(v))
        .ok_or_else(|| {
            err(format!(
                "fieldPath `{field_path}` is missing for replacement source {}",
                describe_src(src)
            ))
        })?;
    if let Some(opts) = &src.options
        && !opts.delimiter.is_empty()
    {
        let text = scalar_text(&value)
            .ok_or_else(|| err("delimiter option can only be used with scalar nodes".into()))?;
        let parts: Vec<&str> = text.split(opts.delimiter.as_str()).collect();
        let idx = usize::try_from(opts.index)
            .ok()
            .filter(|i| *i < parts.len())
            .ok_or_else(|| {
                err(format!(
                    "options.index {} is out of bounds for value {text:?}",
                    opts.index
                ))
            })?;
        value = Value::String(parts[idx].to_string());
    }

    for t in &r.targets {
        if t.options.as_ref().is_some_and(|o| !o.encoding.is_empty()) {
            return Err(err(
                "options.encoding is not supported by ballast render yet".into(),
            ));
        }
        let Some(sel) = &t.select else {
            return Err(err("target must specify resources to select".into()));
        };
        let field_paths: Vec<String> = if t.field_paths.is_empty() {
            vec![DEFAULT_FIELD_PATH.into()]
        } else {
            t.field_paths.clone()
        };
        let labels =
            crate::patch::parse_selector(l, "labelSelector", sel.label_selector.as_deref())?;
        let annotations = crate::patch::parse_selector(
            l,
            "annotationSelector",
            sel.annotation_selector.as_deref(),
        )?;
        for res in ra.items.iter_mut() {
            if !crate::patch::matches_selector(&labels, res.labels())
                || !crate::patch::matches_selector(&annotations, res.annotations())
            {
                continue;
            }
            let ids = ids_of(res);
            let hit = ids.iter().any(|id| {
                selected_by(
                    id,
                    &sel.group,
                    &sel.version,
                    &sel.kind,
                    &sel.name,
                    &sel.namespace,
                ) && !t.reject.iter().any(|rj| {
                    selected_by(
                        id,
                        &rj.group,
                        &rj.version,
                        &rj.kind,
                        &rj.name,
                        &rj.namespace,
                    )
                })
            });
            if !hit {
                continue;
            }
            let what = res.describe();
            for fp in &field_paths {
                let create = t.options.as_ref().is_some_and(|o| o.create);
                let path = split_field_path(fp);
                let mut count = 0;
                set_path(&mut res.obj, &path, create, &mut |node| {
                    count += 1;
                    set_value(node, &value, t.options.as_ref())
                })
                .map_err(|m| err(format!("{what}: {m}")))?;
                if count == 0 {
                    return Err(err(format!(
                        "{what}: unable to find field {fp:?} in replacement target{}",
                        if create {
                            ""
                        } else {
                            " (set options.create to add it)"
                        }
                    )));
                }
            }
        }
    }
    ra.reindex()
}

fn describe_src(s: &Source) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("group", &s.group),
        ("version", &s.version),
        ("kind", &s.kind),
        ("name", &s.name),
        ("namespace", &s.namespace),
    ] {
        if !v.is_empty() {
            parts.push(format!("{k}={v}"));
        }
    }
    format!("[{}]", parts.join(", "))
}

fn is_nil_or_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(crate::yaml::format_number(n)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// Splits on dots outside `[...]`.
fn split_field_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.retain(|s| !s.is_empty());
    out
}

fn lookup(v: &Value, path: &[String]) -> Option<Value> {
    let Some((head, rest)) = path.split_first() else {
        return Some(v.clone());
    };
    let child = match (v, head.strip_prefix('[').and_then(|h| h.strip_suffix(']'))) {
        (Value::Array(items), Some(sel)) => {
            let (k, want) = sel.split_once('=')?;
            items.iter().find(|item| {
                if k.is_empty() {
                    scalar_text(item).as_deref() == Some(want)
                } else {
                    item.get(k).and_then(scalar_text).as_deref() == Some(want)
                }
            })?
        }
        (Value::Array(items), None) => items.get(head.parse::<usize>().ok()?)?,
        (Value::Object(m), None) => m.get(head.as_str())?,
        _ => return None,
    };
    lookup(child, rest)
}

/// Visits every node `path` reaches, creating missing fields when asked.
fn set_path(
    v: &mut Value,
    path: &[String],
    create: bool,
    f: &mut dyn FnMut(&mut Value) -> std::result::Result<(), String>,
) -> std::result::Result<(), String> {
    let Some((head, rest)) = path.split_first() else {
        return f(v);
    };
    let bracket = head.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    if head == "*" {
        match v {
            Value::Array(items) => {
                for item in items {
                    set_path(item, rest, create, f)?;
                }
            }
            // NB: kustomize's `*` only walks sequences.
            _ => return Err("wildcard `*` needs a list".into()),
        }
        return Ok(());
    }
    if create && v.is_null() {
        *v = if bracket.is_some() {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        };
    }
    match (v, bracket) {
        (Value::Array(items), Some(sel)) => {
            let Some((k, want)) = sel.split_once('=') else {
                return Err(format!("invalid list selector {head:?}"));
            };
            let mut matched = false;
            for item in items.iter_mut() {
                let ok = if k.is_empty() {
                    scalar_text(item).as_deref() == Some(want)
                } else {
                    item.get(k).and_then(scalar_text).as_deref() == Some(want)
                };
                if ok {
                    matched = true;
                    set_path(item, rest, create, f)?;
                }
            }
            if !matched && create {
                let mut fresh = if k.is_empty() {
                    Value::String(want.to_string())
                } else {
                    let mut m = Map::new();
                    m.insert(k.to_string(), Value::String(want.to_string()));
                    Value::Object(m)
                };
                set_path(&mut fresh, rest, create, f)?;
                items.push(fresh);
            }
            Ok(())
        }
        (Value::Array(items), None) => match head.parse::<usize>() {
            Ok(i) => match items.get_mut(i) {
                Some(item) => set_path(item, rest, create, f),
                None => Ok(()),
            },
            Err(_) => Ok(()),
        },
        (Value::Object(m), None) => {
            if !m.contains_key(head.as_str()) {
                if !create {
                    return Ok(());
                }
                m.insert(head.clone(), Value::Null);
            }
            match m.get_mut(head.as_str()) {
                Some(child) => set_path(child, rest, create, f),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Writes `value` into a target node; scalars keep the target's type (as
/// kustomize copies only the text of a scalar), delimiters splice into the
/// target's text.
fn set_value(
    target: &mut Value,
    value: &Value,
    opts: Option<&FieldOptions>,
) -> std::result::Result<(), String> {
    let mut value = value.clone();
    if let Some(o) = opts.filter(|o| !o.delimiter.is_empty()) {
        let current = scalar_text(target).filter(|_| !target.is_object() && !target.is_array());
        let Some(current) = current else {
            return Err("delimiter option can only be used with scalar nodes".into());
        };
        let v = scalar_text(&value).unwrap_or_default();
        let mut parts: Vec<String> = current
            .split(o.delimiter.as_str())
            .map(str::to_string)
            .collect();
        if o.index < 0 {
            parts.insert(0, v);
        } else if o.index as usize >= parts.len() {
            parts.push(v);
        } else {
            parts[o.index as usize] = v;
        }
        value = Value::String(parts.join(&o.delimiter));
    }
    match (&*target, scalar_text(&value)) {
        (Value::String(_), Some(text)) if !value.is_object() && !value.is_array() => {
            *target = Value::String(text);
        }
        (Value::Number(_) | Value::Bool(_), Some(text))
            if !value.is_object() && !value.is_array() =>
        {
            // Keep the target's type when the text reads as one.
            *target = match crate::yaml::parse_scalar_like(&text) {
                Some(v) if std::mem::discriminant(&v) == std::mem::discriminant(target) => v,
                _ => Value::String(text),
            };
        }
        _ => *target = value,
    }
    Ok(())
}
