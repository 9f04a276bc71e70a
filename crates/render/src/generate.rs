//! `configMapGenerator` and `secretGenerator`, and the content-hash name
//! suffix kustomize gives generated objects.

use std::path::Path;

use base64::Engine;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::build::{Builder, Loaded};
use crate::error::{Error, Result};
use crate::kustomization::{GeneratorArgs, GeneratorOptions};
use crate::resource::{ResMap, Resource};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    ConfigMap,
    Secret,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::ConfigMap => "configMapGenerator",
            Kind::Secret => "secretGenerator",
        }
    }
}

/// Runs this kustomization's generators, creating, merging into or
/// replacing objects already accumulated.
pub(crate) fn run_generators(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<()> {
    let global = l.k.generator_options.as_ref();
    for args in l.k.config_map_generator.iter().flatten() {
        let r = generate(b, l, args, global, Kind::ConfigMap)?;
        absorb(ra, r, &l.file)?;
    }
    for args in l.k.secret_generator.iter().flatten() {
        let r = generate(b, l, args, global, Kind::Secret)?;
        absorb(ra, r, &l.file)?;
    }
    Ok(())
}

fn generate(
    b: &Builder,
    l: &Loaded,
    args: &GeneratorArgs,
    global: Option<&GeneratorOptions>,
    kind: Kind,
) -> Result<Resource> {
    let name = args.name.clone().unwrap_or_default();
    let err = |message: String| Error::Kustomization {
        file: l.file.clone(),
        message: format!("{} {:?}: {message}", kind.name(), name),
    };
    if name.is_empty() {
        return Err(err("a generator needs a name".into()));
    }
    // Collect key/value pairs: env files, literals, then files.
    let mut pairs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut env_files: Vec<&String> = args.envs.iter().collect();
    if let Some(env) = &args.env {
        env_files.push(env);
    }
    for env in env_files {
        let (path, bytes) = b.loader.read_file(&l.dir, env)?;
        for (k, v) in parse_env_file(&path, &bytes)? {
            pairs.push((k, v.into_bytes()));
        }
    }
    for lit in &args.literals {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(err(format!(
                "invalid literal source {lit:?}, expected key=value"
            )));
        };
        pairs.push((k.to_string(), remove_quotes(v).as_bytes().to_vec()));
    }
    for file in &args.files {
        let (key, path) = match file.split_once('=') {
            Some((k, p)) if !k.is_empty() => (k.to_string(), p),
            Some(_) => return Err(err(format!("invalid file source {file:?}"))),
            None => {
                let base = Path::new(file)
                    .file_name()
                    .and_then(|f| f.to_str())
                    .unwrap_or(file)
                    .to_string();
                (base, file.as_str())
            }
        };
        let (_, bytes) = b.loader.read_file(&l.dir, path).map_err(|e| match e {
            Error::NotFound { path: p } => err(format!("file {} does not exist", p.display())),
            other => other,
        })?;
        pairs.push((key, bytes));
    }

    let mut data = Map::new();
    let mut binary = Map::new();
    let mut seen = std::collections::HashSet::new();
    for (k, v) in pairs {
        if !seen.insert(k.clone()) {
            return Err(err(format!("key {k:?} is repeated")));
        }
        match kind {
            Kind::Secret => {
                let enc = base64::engine::general_purpose::STANDARD.encode(&v);
                data.insert(k, Value::String(enc));
            }
            Kind::ConfigMap => match String::from_utf8(v) {
                Ok(s) => {
                    data.insert(k, Value::String(s));
                }
                Err(e) => {
                    let enc = base64::engine::general_purpose::STANDARD.encode(e.as_bytes());
                    binary.insert(k, Value::String(enc));
                }
            },
        }
    }

    // Options: the generator's own win over generatorOptions for labels and
    // annotations; the global flags switch on when set.
    let local = args.options.clone().unwrap_or_default();
    let mut labels: IndexMap<String, String> = IndexMap::new();
    let mut annotations: IndexMap<String, String> = IndexMap::new();
    if let Some(g) = global {
        labels.extend(g.labels.clone());
        annotations.extend(g.annotations.clone());
    }
    labels.extend(local.labels.clone());
    annotations.extend(local.annotations.clone());
    let disable_hash = local.disable_name_suffix_hash.unwrap_or(false)
        || global
            .and_then(|g| g.disable_name_suffix_hash)
            .unwrap_or(false);
    let immutable =
        local.immutable.unwrap_or(false) || global.and_then(|g| g.immutable).unwrap_or(false);

    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    if let Some(ns) = args.namespace.as_ref().filter(|n| !n.is_empty()) {
        meta.insert("namespace".into(), json!(ns));
    }
    if !labels.is_empty() {
        meta.insert("labels".into(), json!(labels));
    }
    if !annotations.is_empty() {
        meta.insert("annotations".into(), json!(annotations));
    }
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), json!("v1"));
    obj.insert(
        "kind".into(),
        json!(if kind == Kind::ConfigMap {
            "ConfigMap"
        } else {
            "Secret"
        }),
    );
    obj.insert("metadata".into(), Value::Object(meta));
    if kind == Kind::Secret {
        obj.insert(
            "type".into(),
            json!(
                args.kind
                    .clone()
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "Opaque".into())
            ),
        );
    } else if args.kind.is_some() {
        return Err(err(
            "field \"type\" is only valid for secretGenerator".into()
        ));
    }
    if !data.is_empty() {
        obj.insert("data".into(), Value::Object(data));
    }
    if !binary.is_empty() {
        obj.insert("binaryData".into(), Value::Object(binary));
    }
    if immutable {
        obj.insert("immutable".into(), json!(true));
    }
    let mut r = Resource::new(Value::Object(obj));
    r.needs_hash = !disable_hash;
    let behavior = args.behavior.clone().unwrap_or_else(|| "create".into());
    if !matches!(behavior.as_str(), "create" | "merge" | "replace" | "") {
        return Err(err(format!(
            "unknown behavior {behavior:?}: use create, merge or replace"
        )));
    }
    r.behavior = Some(behavior);
    r.origin = Some(format!(
        "configuredIn: {}\nconfiguredBy:\n  apiVersion: builtin\n  kind: {}\n",
        crate::build::relative(&b.root, &l.file),
        if kind == Kind::ConfigMap {
            "ConfigMapGenerator"
        } else {
            "SecretGenerator"
        }
    ));
    Ok(r)
}

/// kustomize's rule for literal values: one pair of matching quotes is
/// stripped.
fn remove_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// `KEY=value` lines; blank lines and `#` comments skipped, a key without
/// `=` gets an empty value.
fn parse_env_file(path: &Path, bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::Yaml {
        path: path.to_path_buf(),
        line: 1,
        message: "env file is not valid UTF-8".into(),
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        let valid = !k.is_empty()
            && !k.starts_with(|c: char| c.is_ascii_digit())
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
        if !valid {
            return Err(Error::Yaml {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("{k:?} is not a valid environment variable name"),
            });
        }
        out.push((k.to_string(), v.to_string()));
    }
    Ok(out)
}

/// Adds a generated object, honouring its `behavior` against objects of the
/// same id (any id it ever had) already present.
fn absorb(ra: &mut ResMap, mut new: Resource, file: &Path) -> Result<()> {
    let id = new.id();
    let key = id.key();
    let matches: Vec<usize> = ra.by_any_id(&key).to_vec();
    let behavior = new.behavior.clone().unwrap_or_default();
    let err = |message: String| Error::Kustomization {
        file: file.to_path_buf(),
        message,
    };
    match matches.as_slice() {
        [] => {
            if behavior == "merge" || behavior == "replace" {
                return Err(err(format!(
                    "{} does not exist; cannot {behavior} it",
                    new.describe()
                )));
            }
            ra.append(new)
        }
        [i] => {
            let old = &ra.items[*i];
            if behavior != "merge" && behavior != "replace" {
                return Err(err(format!(
                    "{} already exists; set behavior to merge or replace",
                    new.describe()
                )));
            }
            // Metadata: the old labels/annotations under the new ones; the
            // old name and namespace; the old build history.
            for field in ["labels", "annotations"] {
                let mut merged = old
                    .obj
                    .get("metadata")
                    .and_then(|m| m.get(field))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                if let Some(m) = new
                    .obj
                    .get("metadata")
                    .and_then(|m| m.get(field))
                    .and_then(Value::as_object)
                {
                    for (k, v) in m {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                if !merged.is_empty() {
                    new.metadata_mut()
                        .insert(field.into(), Value::Object(merged));
                }
            }
            let old_name = old.name().to_string();
            let old_ns = old.namespace().to_string();
            new.set_name(&old_name);
            if old_ns.is_empty() {
                new.metadata_mut().remove("namespace");
            } else {
                new.metadata_mut().insert("namespace".into(), json!(old_ns));
            }
            new.prev_ids = old.prev_ids.clone();
            // NB: a merged or replaced object keeps its first origin.
            if behavior == "merge" {
                new.origin = old.origin.clone();
            }
            // The hash suffix survives only if both sides asked for one.
            new.needs_hash = new.needs_hash && old.needs_hash;
            new.prefixes = old.prefixes.clone();
            new.suffixes = old.suffixes.clone();
            if behavior == "merge" {
                for field in ["data", "binaryData"] {
                    let mut merged = old
                        .obj
                        .get(field)
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    if let Some(m) = new.obj.get(field).and_then(Value::as_object) {
                        for (k, v) in m {
                            merged.insert(k.clone(), v.clone());
                        }
                    }
                    if let Value::Object(o) = &mut new.obj
                        && !merged.is_empty()
                    {
                        o.insert(field.into(), Value::Object(merged));
                    }
                }
            }
            let mut items = std::mem::take(&mut ra.items);
            items[*i] = new;
            ra.replace_items(items)
        }
        _ => Err(err(format!(
            "found multiple objects that could accept merge of {}",
            new.describe()
        ))),
    }
}

/// Appends `-<hash>` to every generated object that wants it, recording the
/// old name for reference fixing.
pub(crate) fn add_hash_suffixes(ra: &mut ResMap) -> Result<()> {
    let mut changed = false;
    for r in &mut ra.items {
        if !r.needs_hash {
            continue;
        }
        let hash = content_hash(&r.obj);
        let name = format!("{}-{hash}", r.name());
        r.store_previous_id();
        r.set_name(&name);
        changed = true;
    }
    if changed {
        ra.reindex()?;
    }
    Ok(())
}

/// kustomize's hash: SHA-256 of a Go-JSON encoding of the identifying
/// fields, hex, first ten characters with some letters swapped so the
/// result never looks like a word or a number.
pub(crate) fn content_hash(obj: &Value) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    // NB: kustomize looks the name up with a path that never matches, so
    // the name is always empty in the hashed text; keep that.
    let name = json!("");
    let field = |k: &str| obj.get(k).cloned().unwrap_or(json!(""));
    let mut m = Map::new();
    match kind {
        "ConfigMap" => {
            m.insert("kind".into(), json!("ConfigMap"));
            m.insert("name".into(), name);
            m.insert("data".into(), field("data"));
            if obj.get("binaryData").is_some_and(Value::is_object) {
                m.insert("binaryData".into(), field("binaryData"));
            }
        }
        "Secret" => {
            m.insert("kind".into(), json!("Secret"));
            m.insert("type".into(), field("type"));
            m.insert("name".into(), name);
            m.insert("data".into(), field("data"));
            if obj.get("stringData").is_some_and(Value::is_object) {
                m.insert("stringData".into(), field("stringData"));
            }
        }
        _ => return encode_hash(&go_json(obj)),
    }
    encode_hash(&go_json(&Value::Object(m)))
}

fn encode_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            other => other,
        })
        .collect()
}

/// JSON as Go's `encoding/json` writes a `map[string]interface{}`: keys
/// sorted, no spaces, and `<`, `>`, `&`, U+2028, U+2029 escaped.
pub(crate) fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write_go_json(v, &mut out);
    out
}

fn write_go_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_string(k, out);
                out.push(':');
                write_go_json(&m[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_json(x, out);
            }
            out.push(']');
        }
        Value::String(s) => write_go_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn write_go_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn go_json_sorts_and_escapes_like_go() {
        let v = json!({"b": "<x>", "a": 1, "c": "é\n"});
        assert_eq!(go_json(&v), r#"{"a":1,"b":"\u003cx\u003e","c":"é\n"}"#);
    }

    #[test]
    fn literal_quotes_are_stripped_once() {
        assert_eq!(remove_quotes("'a'"), "a");
        assert_eq!(remove_quotes("\"a'"), "\"a'");
        assert_eq!(remove_quotes("\""), "\"");
    }
}
