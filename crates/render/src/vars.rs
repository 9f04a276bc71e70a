//! Legacy `vars`: `$(NAME)` in known fields replaced by a field of another
//! object, resolved once at the top after names are final.
//!
//! As in kustomize: `$$` is a literal `$`, an unknown `$(NAME)` stays as it
//! is, and a field that is exactly `$(NAME)` takes the value with its type.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::fieldspec::{self, FieldSpec};
use crate::resid::split_api_version;
use crate::resource::ResMap;

/// One entry of `vars`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Var {
    name: String,
    objref: ObjRef,
    #[serde(default)]
    fieldref: FieldRef,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ObjRef {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: String,
    #[serde(default)]
    api_version: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FieldRef {
    #[serde(default)]
    field_path: String,
}

/// Vars collected over the whole build, with the file declaring each.
#[derive(Debug, Default)]
pub(crate) struct VarSet {
    vars: Vec<(Var, PathBuf)>,
}

impl VarSet {
    /// Adds a kustomization's `vars`; names must be unique in the build.
    pub(crate) fn add(&mut self, entries: &[Value], file: &std::path::Path) -> Result<()> {
        for entry in entries {
            let var: Var =
                serde_json::from_value(entry.clone()).map_err(|e| Error::Kustomization {
                    file: file.to_path_buf(),
                    message: format!("invalid var: {e}"),
                })?;
            if self.vars.iter().any(|(v, _)| v.name == var.name) {
                return Err(Error::Kustomization {
                    file: file.to_path_buf(),
                    message: format!("var {:?} already encountered", var.name),
                });
            }
            self.vars.push((var, file.to_path_buf()));
        }
        Ok(())
    }

    /// Resolves every var and replaces references in the built-in fields.
    pub(crate) fn resolve(&self, ra: &mut ResMap, cfg: &fieldspec::ExtraConfig) -> Result<()> {
        if self.vars.is_empty() {
            return Ok(());
        }
        let mut values: Vec<(String, Value)> = Vec::new();
        for (var, file) in &self.vars {
            let (group, version) = split_api_version(&var.objref.api_version);
            let matches: Vec<usize> = ra
                .items
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.all_ids().any(|id| {
                        id.name == var.objref.name
                            && (var.objref.kind.is_empty() || id.gvk.kind == var.objref.kind)
                            && (group.is_empty() || id.gvk.group == group)
                            && (version.is_empty() || id.gvk.version == version)
                            && (var.objref.namespace.is_empty()
                                || id.effective_namespace() == var.objref.namespace)
                    })
                })
                .map(|(i, _)| i)
                .collect();
            let err = |message: String| Error::Kustomization {
                file: file.clone(),
                message: format!("var {:?}: {message}", var.name),
            };
            let [i] = matches.as_slice() else {
                return Err(err(format!(
                    "found {} objects matching {} {:?} (unable to disambiguate)",
                    matches.len(),
                    var.objref.kind,
                    var.objref.name
                )));
            };
            let path = if var.fieldref.field_path.is_empty() {
                "metadata.name".to_string()
            } else {
                var.fieldref.field_path.clone()
            };
            let value = lookup(&ra.items[*i].obj, &path).ok_or_else(|| {
                err(format!(
                    "field {path:?} not found in {}",
                    ra.items[*i].describe()
                ))
            })?;
            values.push((var.name.clone(), value));
        }
        for r in &mut ra.items {
            let gvk = r.gvk();
            for spec in var_reference().iter().chain(&cfg.var_reference) {
                if !spec.gvk.selects(&gvk) {
                    continue;
                }
                fieldspec::apply(
                    &mut r.obj,
                    &spec.path,
                    false,
                    &|| Value::Null,
                    &mut |node| {
                        replace_in(node, &values);
                        Ok(())
                    },
                )?;
            }
        }
        Ok(())
    }
}

/// `a.b[0].c` / `a.b.0.c` lookup.
fn lookup(obj: &Value, path: &str) -> Option<Value> {
    let mut cur = obj;
    for seg in path.split('.') {
        let (name, index) = match seg.split_once('[') {
            Some((n, rest)) => (n, rest.strip_suffix(']')),
            None => (seg, None),
        };
        if !name.is_empty() {
            cur = match cur {
                Value::Object(m) => m.get(name)?,
                Value::Array(a) => a.get(name.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        if let Some(idx) = index {
            cur = cur.as_array()?.get(idx.parse::<usize>().ok()?)?;
        }
    }
    Some(cur.clone())
}

fn replace_in(node: &mut Value, values: &[(String, Value)]) {
    match node {
        Value::String(s) => {
            if let Some(v) = expand(s, values) {
                *node = v;
            }
        }
        Value::Array(items) => {
            for item in items {
                if let Value::String(s) = item
                    && let Some(v) = expand(s, values)
                {
                    *item = v;
                }
            }
        }
        Value::Object(m) => {
            for (_, v) in m.iter_mut() {
                if let Value::String(s) = v
                    && let Some(nv) = expand(s, values)
                {
                    *v = nv;
                }
            }
        }
        _ => {}
    }
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(crate::yaml::format_number(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Expands `$(NAME)` in `s`; `None` when nothing changes.
fn expand(s: &str, values: &[(String, Value)]) -> Option<Value> {
    if !s.contains('$') {
        return None;
    }
    let get = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    // A field that is exactly one reference takes the value's own type.
    if let Some(name) = s.strip_prefix("$(").and_then(|r| r.strip_suffix(')'))
        && !name.contains(')')
        && let Some(v) = get(name).filter(|v| text_of(v).is_some())
    {
        return Some(v.clone());
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'$' && i + 1 < b.len() {
            out.push_str(&s[last..i]);
            match b[i + 1] {
                b'$' => {
                    out.push('$');
                    i += 2;
                }
                b'(' => match s[i + 2..].find(')') {
                    Some(end) => {
                        let name = &s[i + 2..i + 2 + end];
                        match get(name).and_then(text_of) {
                            Some(text) => out.push_str(&text),
                            None => out.push_str(&format!("$({name})")),
                        }
                        i += 2 + end + 1;
                    }
                    None => {
                        out.push_str("$(");
                        i += 2;
                    }
                },
                _ => {
                    out.push('$');
                    i += 1;
                }
            }
            last = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    (out != s).then_some(Value::String(out))
}

/// Fields where kustomize replaces `$(VAR)` (its `varReference` config).
fn var_reference() -> &'static [FieldSpec] {
    static T: OnceLock<Vec<FieldSpec>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v = Vec::new();
        let pod_fields = [
            "containers/args",
            "containers/command",
            "containers/env/value",
            "containers/volumeMounts/mountPath",
            "initContainers/args",
            "initContainers/command",
            "initContainers/env/value",
            "initContainers/volumeMounts/mountPath",
        ];
        for (kind, base) in [
            ("CronJob", "spec/jobTemplate/spec/template/spec"),
            ("DaemonSet", "spec/template/spec"),
            ("Deployment", "spec/template/spec"),
            ("Job", "spec/template/spec"),
            ("Pod", "spec"),
            ("ReplicaSet", "spec/template/spec"),
            ("StatefulSet", "spec/template/spec"),
        ] {
            for f in pod_fields {
                v.push(FieldSpec::new("", "", kind, &format!("{base}/{f}"), false));
            }
        }
        for (kind, path) in [
            (
                "CronJob",
                "spec/jobTemplate/spec/template/volumes/nfs/server",
            ),
            ("DaemonSet", "spec/template/spec/volumes/nfs/server"),
            ("Deployment", "spec/template/spec/volumes/nfs/server"),
            ("Deployment", "spec/template/metadata/annotations"),
            ("Ingress", "spec/rules/host"),
            ("Ingress", "spec/tls/hosts"),
            ("Ingress", "spec/tls/secretName"),
            ("Job", "spec/template/spec/volumes/nfs/server"),
            ("Pod", "spec/volumes/nfs/server"),
            ("ReplicaSet", "spec/template/spec/volumes/nfs/server"),
            ("Service", "spec/ports/port"),
            ("Service", "spec/ports/targetPort"),
            ("StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server"),
            ("PersistentVolume", "spec/nfs/server"),
            ("", "metadata/labels"),
            ("", "metadata/annotations"),
        ] {
            v.push(FieldSpec::new("", "", kind, path, false));
        }
        v
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expands_like_kustomize_refvar() {
        let values = vec![
            ("SVC".to_string(), json!("web")),
            ("PORT".to_string(), json!(80)),
        ];
        assert_eq!(
            expand("http://$(SVC):$(PORT)/", &values),
            Some(json!("http://web:80/"))
        );
        assert_eq!(expand("$(PORT)", &values), Some(json!(80)));
        assert_eq!(expand("$(NOPE)", &values), None);
        assert_eq!(
            expand("$$(SVC) $x $(", &values),
            Some(json!("$(SVC) $x $("))
        );
    }
}
