//! Flux post-build variable substitution on rendered objects.
//!
//! Each object is printed as YAML, `${...}` expressions in the text are
//! expanded, and the text is read back, as Flux's kustomize-controller does.
//! Supported: `${var}`, the default forms `${var:=default}`,
//! `${var:-default}`, `${var=default}`, `${var-default}` (the default is used
//! when the value is empty, and may itself hold `${...}`), the case forms
//! `${var^}`, `${var^^}`, `${var,}`, `${var,,}`, the length `${#var}`, and
//! `$$` as an escaped `$` (so `$${var}` stays literally `${var}`). In strict
//! mode a variable without a default that is not set is an error.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::resource::describe;
use crate::yaml;

/// Objects carrying this label or annotation with value `disabled` are left
/// alone.
pub const SUBSTITUTE_OPT_OUT: &str = "kustomize.toolkit.fluxcd.io/substitute";

/// Variables and mode for [`substitute`].
#[derive(Debug, Clone, Default)]
pub struct Substitution {
    /// Variable values; newlines are dropped from them, as Flux does.
    pub variables: BTreeMap<String, String>,
    /// Fail on a variable that is neither set nor defaulted.
    pub strict: bool,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn opted_out(obj: &Value) -> bool {
    let meta = obj.get("metadata");
    ["labels", "annotations"].iter().any(|field| {
        meta.and_then(|m| m.get(*field))
            .and_then(|m| m.get(SUBSTITUTE_OPT_OUT))
            .and_then(Value::as_str)
            == Some("disabled")
    })
}

/// Expands variables in every object that has not opted out.
pub fn substitute(objects: &mut [Value], sub: &Substitution) -> Result<()> {
    for name in sub.variables.keys() {
        if !valid_name(name) {
            return Err(Error::Object {
                object: format!("variable {name:?}"),
                message:
                    "invalid variable name: it must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$"
                        .into(),
            });
        }
    }
    let vars: BTreeMap<&str, String> = sub
        .variables
        .iter()
        .map(|(k, v)| (k.as_str(), v.replace('\n', "")))
        .collect();
    for obj in objects.iter_mut() {
        if opted_out(obj) {
            continue;
        }
        let text = yaml::to_document(obj);
        let err = |message: String| Error::Object {
            object: describe(obj),
            message,
        };
        let expanded = expand(&text, &vars, sub.strict)
            .map_err(|m| err(format!("variable substitution failed: {m}")))?;
        if expanded == text {
            continue;
        }
        // NB: Flux reads the substituted text back through sigs.k8s.io/yaml,
        // i.e. with YAML 1.1 scalars (`yes`, `on` become booleans).
        let mut docs = yaml::parse_documents_as(&expanded, true).map_err(|e| {
            err(format!(
                "after variable substitution, line {}: {}",
                e.line, e.message
            ))
        })?;
        docs.retain(|d| !d.is_null());
        match docs.len() {
            1 => *obj = docs.remove(0),
            n => {
                return Err(err(format!(
                    "variable substitution produced {n} documents instead of one"
                )));
            }
        }
    }
    Ok(())
}

/// Expands `${...}` expressions in `text`.
pub(crate) fn expand(
    text: &str,
    vars: &BTreeMap<&str, String>,
    strict: bool,
) -> std::result::Result<String, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    expand_until(&chars, &mut i, vars, strict, &mut out, false)?;
    Ok(out)
}

/// Expands from `*i` to the end, or to the `}` closing an enclosing
/// expression when `nested`.
fn expand_until(
    chars: &[char],
    i: &mut usize,
    vars: &BTreeMap<&str, String>,
    strict: bool,
    out: &mut String,
    nested: bool,
) -> std::result::Result<(), String> {
    while *i < chars.len() {
        let c = chars[*i];
        if nested && c == '}' {
            return Ok(());
        }
        if c == '$' && chars.get(*i + 1) == Some(&'$') {
            out.push('$');
            *i += 2;
            // NB: the escaped `$` never starts an expression, so copy a
            // following `{` as text.
            if chars.get(*i) == Some(&'{') {
                out.push('{');
                *i += 1;
            }
            continue;
        }
        if c == '$' && chars.get(*i + 1) == Some(&'{') {
            *i += 2;
            let value = expression(chars, i, vars, strict)?;
            out.push_str(&value);
            continue;
        }
        out.push(c);
        *i += 1;
    }
    if nested {
        return Err("unclosed ${ expression".into());
    }
    Ok(())
}

/// Parses and evaluates one expression after `${`, consuming its `}`.
fn expression(
    chars: &[char],
    i: &mut usize,
    vars: &BTreeMap<&str, String>,
    strict: bool,
) -> std::result::Result<String, String> {
    let length = chars.get(*i) == Some(&'#');
    if length {
        *i += 1;
    }
    let start = *i;
    while *i < chars.len() && (chars[*i] == '_' || chars[*i].is_ascii_alphanumeric()) {
        *i += 1;
    }
    let name: String = chars[start..*i].iter().collect();
    if name.is_empty() {
        return Err(format!("bad substitution at character {}", start));
    }
    // The operator, then its argument up to the closing brace.
    let mut op = String::new();
    while *i < chars.len()
        && matches!(
            chars[*i],
            ':' | '=' | '-' | '^' | ',' | '+' | '?' | '#' | '%' | '/'
        )
    {
        op.push(chars[*i]);
        *i += 1;
        if matches!(op.as_str(), ":=" | ":-" | "=" | "-") {
            break;
        }
    }
    let mut arg = String::new();
    expand_until(chars, i, vars, strict, &mut arg, true)?;
    *i += 1; // the closing `}`
    let value = vars.get(name.as_str());
    let is_default = matches!(op.as_str(), ":=" | ":-" | "=" | "-");
    if value.is_none() && strict && !is_default {
        return Err(format!("variable not set (strict mode): {name:?}"));
    }
    let v = value.cloned().unwrap_or_default();
    if length {
        if !op.is_empty() || !arg.is_empty() {
            return Err(format!("bad substitution in ${{#{name}...}}"));
        }
        return Ok(v.chars().count().to_string());
    }
    let upper_first = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    let lower_first = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    };
    match op.as_str() {
        "" if arg.is_empty() => Ok(v),
        ":=" | ":-" | "=" | "-" => Ok(if v.is_empty() { arg } else { v }),
        "^" if arg.is_empty() => Ok(upper_first(&v)),
        "^^" if arg.is_empty() => Ok(v.to_uppercase()),
        "," if arg.is_empty() => Ok(lower_first(&v)),
        ",," if arg.is_empty() => Ok(v.to_lowercase()),
        other => Err(format!("unsupported substitution ${{{name}{other}...}}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("var01", "abcdEFGH28ij".to_string()),
            ("default_var", "foo".to_string()),
            ("empty", String::new()),
        ])
    }

    #[test]
    fn expands_like_flux_envsubst() {
        let v = vars();
        let e = |s: &str| expand(s, &v, false).unwrap();
        assert_eq!(e("${var01}"), "abcdEFGH28ij");
        assert_eq!(e("$${var01}"), "${var01}");
        assert_eq!(
            e("some text ${var01}$${var$${var01}$var01${var01}"),
            "some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij"
        );
        assert_eq!(
            e("something $${var=${default_var}}"),
            "something ${var=foo}"
        );
        assert_eq!(e("${missing:=dflt}"), "dflt");
        assert_eq!(e("${empty:=dflt}"), "dflt");
        assert_eq!(e("${missing}"), "");
        assert_eq!(e("${var=${var01^^}}"), "ABCDEFGH28IJ");
        assert_eq!(e("${#var01}"), "12");
        assert_eq!(e("$$x and $y"), "$x and $y");
    }

    #[test]
    fn strict_mode_fails_on_unset_variables_without_default() {
        let v = vars();
        assert!(
            expand("${missing}", &v, true)
                .unwrap_err()
                .contains("missing")
        );
        assert_eq!(expand("${missing:=d}", &v, true).unwrap(), "d");
        assert_eq!(expand("${empty}", &v, true).unwrap(), "");
    }

    #[test]
    fn substitutes_objects_and_respects_the_opt_out() {
        let mut objs = vec![
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "${app}"},
                   "spec": {"replicas": "${replicas:=1}"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "c", "annotations": {SUBSTITUTE_OPT_OUT: "disabled"}},
                   "data": {"x": "${app}"}}),
        ];
        let sub = Substitution {
            variables: BTreeMap::from([("app".to_string(), "web".to_string())]),
            strict: false,
        };
        substitute(&mut objs, &sub).unwrap();
        assert_eq!(objs[0]["metadata"]["name"], "web");
        // The text is read back, so a number becomes a number.
        assert_eq!(objs[0]["spec"]["replicas"], 1);
        assert_eq!(objs[1]["data"]["x"], "${app}");
        // A substituted `yes` reads back as YAML 1.1, a boolean, like Flux.
        let mut flag = vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "f"},
                                   "spec": {"enabled": "${on}"}}),
        ];
        let on = Substitution {
            variables: BTreeMap::from([("on".to_string(), "yes".to_string())]),
            strict: false,
        };
        substitute(&mut flag, &on).unwrap();
        assert_eq!(flag[0]["spec"]["enabled"], true);
        let bad = Substitution {
            variables: BTreeMap::from([("1x".to_string(), String::new())]),
            strict: false,
        };
        assert!(substitute(&mut objs, &bad).is_err());
    }
}
