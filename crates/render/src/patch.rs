//! `patches`, `patchesStrategicMerge` and `patchesJson6902`.
//!
//! Strategic merge goes through `ballast-patch` (built-in types merge lists by
//! their patch merge keys; custom resources get a JSON merge patch, as in
//! kustomize); JSON 6902 through the `json-patch` crate.

use regex::Regex;
use serde_json::Value;

use crate::build::{Builder, Loaded};
use crate::error::{Error, Result};
use crate::kustomization::{Patch, Selector};
use crate::loader;
use crate::resid::Gvk;
use crate::resource::{ResMap, Resource};

/// A parsed patch, with where it came from for messages.
enum Parsed {
    Strategic(Vec<Value>),
    Json(json_patch::Patch),
}

fn source_of(p: &Patch) -> String {
    match (&p.path, &p.patch) {
        (Some(path), _) => format!("patch file {path:?}"),
        (_, Some(text)) => format!("inline patch {:?}", text.trim()),
        _ => "patch".into(),
    }
}

/// Loads the patch text of an entry (file or inline).
fn patch_text(b: &Builder, l: &Loaded, p: &Patch) -> Result<String> {
    let err = |message: String| Error::Kustomization {
        file: l.file.clone(),
        message,
    };
    let inline = p.patch.as_deref().map(str::trim).filter(|t| !t.is_empty());
    match (inline, p.path.as_deref()) {
        (Some(_), Some(_)) => Err(err("a patch may set patch or path, not both".into())),
        (None, None) => Err(err("a patch must set one of patch and path".into())),
        (Some(text), None) => Ok(text.to_string()),
        (None, Some(path)) => {
            let (file, bytes) = b.loader.read_file(&l.dir, path).map_err(|e| match e {
                Error::NotFound { path: p } => {
                    err(format!("patch file {} does not exist", p.display()))
                }
                other => other,
            })?;
            loader::text(&file, bytes)
        }
    }
}

/// Tells a JSON 6902 patch (a list of operations) from strategic merge
/// patches (objects).
fn parse_patch(l: &Loaded, source: &str, text: &str) -> Result<Parsed> {
    let err = |message: String| Error::Kustomization {
        file: l.file.clone(),
        message: format!("{source}: {message}"),
    };
    let parse = |yaml11: bool| {
        crate::yaml::parse_documents_as(text, yaml11)
            .map_err(|e| err(format!("invalid YAML at line {}: {}", e.line, e.message)))
    };
    let mut docs = parse(false)?;
    // NB: kustomize reads JSON 6902 operations written as YAML with YAML 1.1
    // rules (`y`, `on` are booleans); JSON text (starting with `[`) is plain
    // JSON.
    if matches!(docs.as_slice(), [Value::Array(_)]) && !text.trim_start().starts_with('[') {
        docs = parse(true)?;
    }
    let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    match docs.as_slice() {
        [] => Err(err("the patch is empty".into())),
        [Value::Array(_)] => {
            let ops = docs.into_iter().next().unwrap_or(Value::Null);
            serde_json::from_value::<json_patch::Patch>(ops)
                .map(Parsed::Json)
                .map_err(|e| err(format!("invalid JSON patch: {e}")))
        }
        _ => {
            for d in &docs {
                if !d.is_object() {
                    return Err(err("unable to parse SM or JSON patch".into()));
                }
            }
            Ok(Parsed::Strategic(docs))
        }
    }
}

/// `patchesStrategicMerge`: each entry a file or an inline patch; each
/// patch object targets the object with its own id.
pub(crate) fn strategic_merge_legacy(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<()> {
    for entry in l.k.patches_strategic_merge.iter().flatten() {
        let text = match b.loader.read_file(&l.dir, entry) {
            Ok((file, bytes)) => loader::text(&file, bytes)?,
            Err(e @ Error::OutsideRoot { .. }) => return Err(e),
            // NB: kustomize falls back to reading the entry as inline YAML.
            Err(_) if entry.contains('\n') || entry.contains(':') => entry.clone(),
            Err(e) => return Err(e),
        };
        let source = format!("patchesStrategicMerge entry {:?}", entry.trim());
        match parse_patch(l, &source, &text)? {
            Parsed::Strategic(docs) => {
                for doc in docs {
                    apply_by_id(l, ra, &doc, &source)?;
                }
            }
            Parsed::Json(_) => {
                return Err(Error::Kustomization {
                    file: l.file.clone(),
                    message: format!("{source}: a JSON patch needs a target; use patches"),
                });
            }
        }
    }
    Ok(())
}

/// A warning for a patch whose target selected nothing: kustomize (and so
/// `kubectl kustomize`) silently skips it, which usually hides a typo.
fn unmatched(l: &Loaded, source: &str, selected: &[usize]) -> Option<String> {
    selected.is_empty().then(|| {
        format!(
            "{}: patch {source}: its target matches no object, so it changed nothing",
            l.file.display()
        )
    })
}

/// `patches`. Returns warnings for targets that matched nothing.
pub(crate) fn patches(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for p in l.k.patches.iter().flatten() {
        b.record(ra, "PatchTransformer", &l.file);
        let source = source_of(p);
        let text = patch_text(b, l, p)?;
        let allow_name = p.options.get("allowNameChange").copied().unwrap_or(false);
        let allow_kind = p.options.get("allowKindChange").copied().unwrap_or(false);
        match parse_patch(l, &source, &text)? {
            Parsed::Strategic(docs) => match &p.target {
                Some(sel) => {
                    if docs.len() > 1 {
                        return Err(Error::Kustomization {
                            file: l.file.clone(),
                            message: format!(
                                "{source}: several strategic merge patches in one entry cannot have a target"
                            ),
                        });
                    }
                    let selected = select(l, ra, sel)?;
                    warnings.extend(unmatched(l, &source, &selected));
                    apply_strategic_to(ra, &selected, &docs[0], allow_name, allow_kind, &source)?;
                }
                None => {
                    for doc in docs {
                        if allow_name || allow_kind {
                            let idx = find_by_id(l, ra, &doc, &source)?;
                            apply_strategic_to(ra, &[idx], &doc, allow_name, allow_kind, &source)?;
                        } else {
                            apply_by_id(l, ra, &doc, &source)?;
                        }
                    }
                }
            },
            Parsed::Json(ops) => {
                let Some(sel) = &p.target else {
                    return Err(Error::Kustomization {
                        file: l.file.clone(),
                        message: format!("{source}: a JSON patch needs a target"),
                    });
                };
                let selected = select(l, ra, sel)?;
                warnings.extend(unmatched(l, &source, &selected));
                apply_json_to(ra, &selected, &ops, &source)?;
            }
        }
    }
    Ok(warnings)
}

/// `patchesJson6902`: a target plus a JSON patch (file or inline). Returns
/// warnings for targets that matched nothing.
pub(crate) fn json6902_legacy(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for p in l.k.patches_json6902.iter().flatten() {
        b.record(ra, "PatchJson6902Transformer", &l.file);
        let source = source_of(p);
        let text = patch_text(b, l, p)?;
        let Some(sel) = &p.target else {
            return Err(Error::Kustomization {
                file: l.file.clone(),
                message: format!("{source}: patchesJson6902 entries need a target"),
            });
        };
        let ops = match parse_patch(l, &source, &text)? {
            Parsed::Json(ops) => ops,
            Parsed::Strategic(_) => {
                return Err(Error::Kustomization {
                    file: l.file.clone(),
                    message: format!("{source}: expected a list of JSON patch operations"),
                });
            }
        };
        let selected = select(l, ra, sel)?;
        warnings.extend(unmatched(l, &source, &selected));
        apply_json_to(ra, &selected, &ops, &source)?;
    }
    Ok(warnings)
}

fn find_by_id(l: &Loaded, ra: &ResMap, doc: &Value, source: &str) -> Result<usize> {
    let want = crate::resid::ResId::of(doc);
    let found: Vec<usize> = ra.by_any_id(&want.key()).to_vec();
    match found.as_slice() {
        [i] => Ok(*i),
        [] => Err(Error::Kustomization {
            file: l.file.clone(),
            message: format!(
                "{source}: no resource matches strategic merge patch for {}",
                crate::resource::describe(doc)
            ),
        }),
        _ => Err(Error::Kustomization {
            file: l.file.clone(),
            message: format!(
                "{source}: several resources match strategic merge patch for {}",
                crate::resource::describe(doc)
            ),
        }),
    }
}

fn apply_by_id(l: &Loaded, ra: &mut ResMap, doc: &Value, source: &str) -> Result<()> {
    let idx = find_by_id(l, ra, doc, source)?;
    apply_strategic_to(ra, &[idx], doc, false, false, source)
}

/// Applies one strategic merge patch to the selected objects, keeping their
/// name and kind unless allowed to change, and always their namespace.
fn apply_strategic_to(
    ra: &mut ResMap,
    selected: &[usize],
    patch: &Value,
    allow_name: bool,
    allow_kind: bool,
    source: &str,
) -> Result<()> {
    if selected.is_empty() {
        return Ok(());
    }
    let mut deleted = vec![false; ra.items.len()];
    for &i in selected {
        let r = &mut ra.items[i];
        let (name, ns, kind) = (
            r.name().to_string(),
            r.namespace().to_string(),
            r.kind().to_string(),
        );
        // The patch takes the target's apiVersion; its own kind is kept so a
        // kind change can be allowed.
        let mut p = patch.clone();
        if let (Value::Object(pm), Some(av)) = (&mut p, r.obj.get("apiVersion").cloned()) {
            pm.insert("apiVersion".into(), av);
        }
        if allow_name || allow_kind {
            r.store_previous_id();
        }
        let api_version = r
            .obj
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let schema = ballast_patch::builtin_schema(api_version, &kind);
        let merged = ballast_patch::strategic_merge(&r.obj, &p, schema.as_ref()).map_err(|e| {
            Error::Object {
                object: r.describe(),
                message: format!("applying {source}: {e}"),
            }
        })?;
        if merged.is_null() || merged.as_object().is_some_and(|m| m.is_empty()) {
            deleted[i] = true;
            continue;
        }
        r.obj = merged;
        if !allow_kind && let Value::Object(o) = &mut r.obj {
            o.insert("kind".into(), Value::String(kind.clone()));
        }
        if !allow_name {
            r.set_name(&name);
        }
        if ns.is_empty() {
            r.metadata_mut().remove("namespace");
        } else {
            r.metadata_mut()
                .insert("namespace".into(), Value::String(ns));
        }
    }
    // NB: name, kind and namespace were restored, so ids only change when
    // objects were deleted or renaming was allowed.
    if !deleted.iter().any(|d| *d) && !allow_name && !allow_kind {
        return Ok(());
    }
    let items: Vec<Resource> = std::mem::take(&mut ra.items)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !deleted[*i])
        .map(|(_, r)| r)
        .collect();
    ra.replace_items(items)
}

fn apply_json_to(
    ra: &mut ResMap,
    selected: &[usize],
    ops: &json_patch::Patch,
    source: &str,
) -> Result<()> {
    if selected.is_empty() {
        return Ok(());
    }
    let mut renamed = false;
    for &i in selected {
        let r = &mut ra.items[i];
        let before = r.id();
        r.store_previous_id();
        let mut doc = r.obj.clone();
        json_patch::patch(&mut doc, ops).map_err(|e| Error::Object {
            object: r.describe(),
            message: format!("applying {source}: {e}"),
        })?;
        r.obj = doc;
        renamed |= r.id() != before;
    }
    // Only a changed id needs the indexes rebuilt.
    if renamed { ra.reindex() } else { Ok(()) }
}

fn compile(l: &Loaded, what: &str, pattern: &Option<String>) -> Result<Option<Regex>> {
    match pattern.as_deref().filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) => Regex::new(&format!("^(?:{p})$"))
            .map(Some)
            .map_err(|e| Error::Kustomization {
                file: l.file.clone(),
                message: format!(
                    "patch target {what} {p:?} is not a valid regular expression: {e}"
                ),
            }),
    }
}

/// Objects a patch `target` selects: group/version/kind/name/namespace as
/// anchored regular expressions (name and namespace match the original or
/// the current value), then label and annotation selectors.
pub(crate) fn select(l: &Loaded, ra: &ResMap, sel: &Selector) -> Result<Vec<usize>> {
    let group = compile(l, "group", &sel.group)?;
    let version = compile(l, "version", &sel.version)?;
    let kind = compile(l, "kind", &sel.kind)?;
    let name = compile(l, "name", &sel.name)?;
    let namespace = compile(l, "namespace", &sel.namespace)?;
    let labels = parse_selector(l, "labelSelector", sel.label_selector.as_deref())?;
    let annotations = parse_selector(l, "annotationSelector", sel.annotation_selector.as_deref())?;
    let m = |re: &Option<Regex>, s: &str| re.as_ref().is_none_or(|re| re.is_match(s));
    // A literal name (the common case) is looked up, not matched against
    // every object.
    let literal = sel.name.as_deref().filter(|n| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    let all: Vec<usize>;
    let candidates: &[usize] = match literal {
        Some(n) => ra.by_name(n),
        None => {
            all = (0..ra.items.len()).collect();
            &all
        }
    };
    let mut out = Vec::new();
    for &i in candidates {
        let r = &ra.items[i];
        let cur = r.id();
        let org = r.org_id();
        let ens = |id: &crate::resid::ResId| {
            if id.gvk.is_cluster_scoped() {
                "_non_namespaceable_".to_string()
            } else {
                id.effective_namespace().to_string()
            }
        };
        if !m(&namespace, &ens(&org)) && !m(&namespace, &ens(&cur)) {
            continue;
        }
        if !m(&name, &org.name) && !m(&name, &cur.name) {
            continue;
        }
        let gvk: Gvk = r.gvk();
        if !m(&group, &gvk.group) || !m(&version, &gvk.version) || !m(&kind, &gvk.kind) {
            continue;
        }
        if !matches_selector(&labels, r.labels())
            || !matches_selector(&annotations, r.annotations())
        {
            continue;
        }
        out.push(i);
    }
    Ok(out)
}

/// One requirement of a Kubernetes label selector.
#[derive(Debug)]
pub(crate) enum Req {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

pub(crate) fn parse_selector(l: &Loaded, what: &str, text: Option<&str>) -> Result<Vec<Req>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Vec::new());
    };
    let err = || Error::Kustomization {
        file: l.file.clone(),
        message: format!("patch target {what} {text:?} is not a valid selector"),
    };
    // Split on commas outside parentheses.
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    let mut reqs = Vec::new();
    for part in parts {
        let p = part.trim();
        if p.is_empty() {
            return Err(err());
        }
        let set_values = |rest: &str| -> Option<Vec<String>> {
            let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
            Some(
                inner
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
            )
        };
        if let Some(k) = p.strip_prefix('!') {
            reqs.push(Req::NotExists(k.trim().to_string()));
        } else if let Some((k, v)) = p.split_once("!=") {
            reqs.push(Req::NotEq(k.trim().into(), v.trim().into()));
        } else if let Some((k, v)) = p.split_once("==") {
            reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
        } else if let Some((k, v)) = p.split_once('=') {
            reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
        } else if let Some(idx) = p.find(" notin ") {
            let vals = set_values(&p[idx + 7..]).ok_or_else(err)?;
            reqs.push(Req::NotIn(p[..idx].trim().into(), vals));
        } else if let Some(idx) = p.find(" in ") {
            let vals = set_values(&p[idx + 4..]).ok_or_else(err)?;
            reqs.push(Req::In(p[..idx].trim().into(), vals));
        } else if p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            reqs.push(Req::Exists(p.into()));
        } else {
            return Err(err());
        }
    }
    Ok(reqs)
}

pub(crate) fn matches_selector(reqs: &[Req], map: Option<&serde_json::Map<String, Value>>) -> bool {
    let get = |k: &str| map.and_then(|m| m.get(k)).and_then(Value::as_str);
    reqs.iter().all(|r| match r {
        Req::Eq(k, v) => get(k) == Some(v.as_str()),
        Req::NotEq(k, v) => get(k) != Some(v.as_str()),
        Req::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
        Req::NotIn(k, vs) => get(k).is_none_or(|x| !vs.iter().any(|v| v == x)),
        Req::Exists(k) => get(k).is_some(),
        Req::NotExists(k) => get(k).is_none(),
    })
}
