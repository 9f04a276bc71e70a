//! Validation, pruning and defaulting of objects against OpenAPI v3
//! (structural) schemas, with the semantics kube-apiserver applies to custom
//! resources.
//!
//! [`validate`] is the small public entry point: it reports every problem,
//! unknown fields included, as a [`FieldError`] with a dotted path such as
//! `spec.ref.semver` or `spec.ports[0].port`.

use serde_json::{Map, Value};

pub use crate::error::FieldError;

/// Validates `object` against `schema` (an OpenAPI v3 schema as found in a
/// CRD's `openAPIV3Schema`). Unknown fields are reported as errors (as under
/// `fieldValidation=Strict`), except below `x-kubernetes-preserve-unknown-fields`.
/// `apiVersion`, `kind` and `metadata` at the root are accepted as every
/// Kubernetes object has them.
pub fn validate(schema: &Value, object: &Value) -> Vec<FieldError> {
    let mut copy = object.clone();
    let outcome = process(schema, None, &mut copy, false);
    let mut errors = outcome.errors;
    errors.extend(outcome.unknown.into_iter().map(|field| FieldError {
        message: format!("unknown field \"{field}\""),
        field,
        reason: "FieldValueUnknown",
    }));
    errors
}

/// What [`process`] found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) errors: Vec<FieldError>,
    /// Paths of fields the schema does not declare (removed from the object).
    pub(crate) unknown: Vec<String>,
}

/// Defaults (when `apply_defaults`), prunes unknown fields and validates
/// `object` in place. `defs` resolves `$ref`s of the form
/// `#/components/schemas/NAME` (built-in schemas); CRD schemas have none.
pub(crate) fn process(
    schema: &Value,
    defs: Option<&Map<String, Value>>,
    object: &mut Value,
    apply_defaults: bool,
) -> Outcome {
    let mut w = Walker {
        defs,
        // NB: built-in schemas (with `$ref`s) spell free-form objects as a bare
        // `type: object`; a structural CRD schema means "no fields" by it.
        free_form_bare_objects: defs.is_some(),
        apply_defaults,
        out: Outcome::default(),
        depth: 0,
    };
    if let Some(obj) = object.as_object_mut() {
        // NB: the object's identity fields are checked elsewhere, with ObjectMeta rules.
        let mut keep = Map::new();
        for k in ["apiVersion", "kind", "metadata"] {
            if let Some(v) = obj.remove(k) {
                keep.insert(k.to_string(), v);
            }
        }
        w.walk(schema, object, "");
        if let Some(obj) = object.as_object_mut() {
            let rest = std::mem::take(obj);
            obj.extend(keep);
            obj.extend(rest);
        }
    } else {
        w.walk(schema, object, "");
    }
    w.out
}

struct Walker<'a> {
    defs: Option<&'a Map<String, Value>>,
    free_form_bare_objects: bool,
    apply_defaults: bool,
    out: Outcome,
    depth: usize,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn show(path: &str) -> &str {
    if path.is_empty() { "<root>" } else { path }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!("{}...", &s[..s.floor_char_boundary(60)])
    } else {
        s
    }
}

impl<'a> Walker<'a> {
    fn err(&mut self, path: &str, reason: &'static str, message: String) {
        self.out.errors.push(FieldError {
            field: show(path).to_string(),
            reason,
            message,
        });
    }

    /// Follows `$ref` and single-element `allOf: [{$ref}]` wrappers.
    fn resolve<'s>(&self, schema: &'s Value) -> &'s Value
    where
        'a: 's,
    {
        let mut cur = schema;
        for _ in 0..32 {
            if let Some(r) = cur.get("$ref").and_then(Value::as_str) {
                let name = r.rsplit('/').next().unwrap_or(r);
                match self.defs.and_then(|d| d.get(name)) {
                    Some(next) => cur = next,
                    None => return cur,
                }
            } else {
                return cur;
            }
        }
        cur
    }

    fn walk(&mut self, schema: &Value, value: &mut Value, path: &str) {
        self.depth += 1;
        if self.depth > 64 {
            self.depth -= 1;
            return;
        }
        let schema = self.resolve(schema);
        // allOf wrappers around a $ref carry the real type in the ref.
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for sub in all {
                let sub = self.resolve(sub);
                if sub.get("type").is_some() || sub.get("properties").is_some() {
                    self.walk_one(sub, value, path);
                }
            }
        }
        self.walk_one(schema, value, path);
        self.depth -= 1;
    }

    fn walk_one(&mut self, schema: &Value, value: &mut Value, path: &str) {
        let s = match schema.as_object() {
            Some(s) => s,
            None => return,
        };
        let flag = |k: &str| s.get(k).and_then(Value::as_bool).unwrap_or(false);
        let preserve = flag("x-kubernetes-preserve-unknown-fields");
        let int_or_string = flag("x-kubernetes-int-or-string");
        let embedded = flag("x-kubernetes-embedded-resource");
        let nullable = flag("nullable");
        let ty = s.get("type").and_then(Value::as_str);

        if value.is_null() {
            if !nullable && ty.is_some() {
                self.err(
                    path,
                    "FieldValueTypeInvalid",
                    format!(
                        "Invalid value: \"null\": {} in body must be of type {}: \"null\"",
                        show(path),
                        ty.unwrap_or("object")
                    ),
                );
            }
            return;
        }
        if int_or_string {
            if !(value.is_string() || value.is_i64() || value.is_u64()) {
                self.err(
                    path,
                    "FieldValueTypeInvalid",
                    format!(
                        "Invalid value: {}: {} in body must be of type integer or string: {:?}",
                        short(value),
                        show(path),
                        type_name(value)
                    ),
                );
                return;
            }
        } else if let Some(ty) = ty {
            let actual = type_name(value);
            let ok = actual == ty || (ty == "number" && actual == "integer");
            if !ok {
                self.err(path, "FieldValueTypeInvalid", format!("Invalid value: \"{actual}\": {} in body must be of type {ty}: \"{actual}\"", show(path)));
                return;
            }
        }

        if let Some(allowed) = s.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            let list: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
            self.err(
                path,
                "FieldValueNotSupported",
                format!(
                    "Unsupported value: {}: supported values: {}",
                    short(value),
                    list.join(", ")
                ),
            );
        }

        match value {
            Value::String(text) => self.check_string(s, text, path),
            Value::Number(n) => self.check_number(s, n, path),
            Value::Array(items) => {
                let n = items.len() as u64;
                if let Some(min) = s.get("minItems").and_then(Value::as_u64)
                    && n < min
                {
                    self.err(
                        path,
                        "FieldValueInvalid",
                        format!(
                            "Invalid value: {n}: {} in body should have at least {min} items",
                            show(path)
                        ),
                    );
                }
                if let Some(max) = s.get("maxItems").and_then(Value::as_u64)
                    && n > max
                {
                    self.err(
                        path,
                        "FieldValueTooMany",
                        format!("Too many: {n}: must have at most {max} items"),
                    );
                }
                let list_type = s.get("x-kubernetes-list-type").and_then(Value::as_str);
                if list_type == Some("set") || flag("uniqueItems") {
                    for (i, item) in items.iter().enumerate() {
                        if items[..i].contains(item) {
                            self.err(
                                &format!("{path}[{i}]"),
                                "FieldValueDuplicate",
                                format!("Duplicate value: {}", short(item)),
                            );
                        }
                    }
                }
                if list_type == Some("map")
                    && let Some(keys) = s
                        .get("x-kubernetes-list-map-keys")
                        .and_then(Value::as_array)
                {
                    let key_of = |item: &Value| -> Vec<Value> {
                        keys.iter()
                            .filter_map(Value::as_str)
                            .map(|k| item.get(k).cloned().unwrap_or(Value::Null))
                            .collect()
                    };
                    for i in 0..items.len() {
                        let ki = key_of(&items[i]);
                        if (0..i).any(|j| key_of(&items[j]) == ki) {
                            let shown: Vec<String> = ki.iter().map(|v| v.to_string()).collect();
                            self.err(
                                &format!("{path}[{i}]"),
                                "FieldValueDuplicate",
                                format!("Duplicate value: {}", shown.join(",")),
                            );
                        }
                    }
                }
                if let Some(item_schema) = s.get("items") {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.walk(item_schema, item, &format!("{path}[{i}]"));
                    }
                }
            }
            Value::Object(map) => {
                let n = map.len() as u64;
                if let Some(min) = s.get("minProperties").and_then(Value::as_u64)
                    && n < min
                {
                    self.err(
                        path,
                        "FieldValueInvalid",
                        format!(
                            "Invalid value: {n}: {} in body should have at least {min} properties",
                            show(path)
                        ),
                    );
                }
                if let Some(max) = s.get("maxProperties").and_then(Value::as_u64)
                    && n > max
                {
                    self.err(
                        path,
                        "FieldValueTooMany",
                        format!("Too many: {n}: must have at most {max} items"),
                    );
                }
                self.walk_object(s, map, path, preserve, embedded);
            }
            Value::Bool(_) | Value::Null => {}
        }
        if let Some(rules) = s.get("x-kubernetes-validations").and_then(Value::as_array) {
            self.check_rules(rules, value, path);
        }
    }

    /// Evaluates CEL rules (`x-kubernetes-validations`) with `self` bound
    /// to the value. Transition rules (using `oldSelf`) need the previous
    /// object and are not evaluated.
    fn check_rules(&mut self, rules: &[Value], value: &Value, path: &str) {
        for r in rules {
            let Some(rule) = r.get("rule").and_then(Value::as_str) else {
                continue;
            };
            if rule.contains("oldSelf") {
                continue;
            }
            let field = match r.get("fieldPath").and_then(Value::as_str) {
                Some(fp) => format!("{}{}", show(path), fp),
                None => show(path).to_string(),
            };
            let reason = match r.get("reason").and_then(Value::as_str) {
                Some("FieldValueRequired") => "FieldValueRequired",
                Some("FieldValueDuplicate") => "FieldValueDuplicate",
                Some("FieldValueForbidden") => "FieldValueForbidden",
                _ => "FieldValueInvalid",
            };
            match eval_rule(rule, value) {
                Ok(true) => {}
                Ok(false) => {
                    let message = r
                        .get("message")
                        .and_then(Value::as_str)
                        .map(|m| m.trim().to_string())
                        .unwrap_or_else(|| format!("failed rule: {rule}"));
                    self.out.errors.push(FieldError {
                        field,
                        reason,
                        message: format!("Invalid value: \"{}\": {message}", type_name(value)),
                    });
                }
                Err(e) => self.out.errors.push(FieldError {
                    field,
                    reason: "FieldValueInvalid",
                    message: format!(
                        "Invalid value: \"{}\": rule {rule:?} could not be evaluated: {e}",
                        type_name(value)
                    ),
                }),
            }
        }
    }

    fn walk_object(
        &mut self,
        s: &Map<String, Value>,
        map: &mut Map<String, Value>,
        path: &str,
        preserve: bool,
        embedded: bool,
    ) {
        let props = s.get("properties").and_then(Value::as_object);
        let additional = s.get("additionalProperties");
        // Defaults first, so they are validated like given values.
        if self.apply_defaults
            && let Some(props) = props
        {
            for (k, sub) in props {
                if !map.contains_key(k) {
                    let sub = self.resolve(sub);
                    if let Some(d) = sub.get("default") {
                        map.insert(k.clone(), d.clone());
                    }
                }
            }
        }
        // Nulls in non-nullable fields are dropped, as kube-apiserver prunes them.
        if let Some(props) = props {
            let drop: Vec<String> = map
                .iter()
                .filter(|(k, v)| {
                    v.is_null()
                        && props.get(*k).is_some_and(|p| {
                            !self
                                .resolve(p)
                                .get("nullable")
                                .and_then(Value::as_bool)
                                .unwrap_or(false)
                        })
                })
                .map(|(k, _)| k.clone())
                .collect();
            for k in drop {
                map.remove(&k);
            }
        }
        if let Some(required) = s.get("required").and_then(Value::as_array) {
            for r in required.iter().filter_map(Value::as_str) {
                // The root's identity fields were set aside by `process`.
                let identity = path.is_empty() && matches!(r, "apiVersion" | "kind" | "metadata");
                if !map.contains_key(r) && !identity {
                    self.err(
                        &join(path, r),
                        "FieldValueRequired",
                        "Required value".to_string(),
                    );
                }
            }
        }
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in keys {
            let child_path = join(path, &k);
            if let Some(sub) = props.and_then(|p| p.get(&k)) {
                if let Some(v) = map.get_mut(&k) {
                    self.walk(sub, v, &child_path);
                }
                continue;
            }
            if embedded && matches!(k.as_str(), "apiVersion" | "kind" | "metadata") {
                continue;
            }
            match additional {
                Some(Value::Bool(true)) => {}
                Some(sub @ Value::Object(_)) => {
                    if let Some(v) = map.get_mut(&k) {
                        self.walk(sub, v, &format!("{path}[{k}]"));
                    }
                }
                _ if preserve => {}
                // A schema with neither properties nor additionalProperties
                // says nothing about its content (e.g. `type: object` alone in
                // a built-in): keep it.
                None if props.is_none()
                    && (s.get("type").is_none() || self.free_form_bare_objects) => {}
                _ => {
                    map.remove(&k);
                    self.out.unknown.push(child_path);
                }
            }
        }
    }

    fn check_string(&mut self, s: &Map<String, Value>, text: &str, path: &str) {
        let len = text.chars().count() as u64;
        if let Some(max) = s.get("maxLength").and_then(Value::as_u64)
            && len > max
        {
            self.err(
                path,
                "FieldValueTooLong",
                format!("Too long: may not be more than {max} bytes"),
            );
        }
        if let Some(min) = s.get("minLength").and_then(Value::as_u64)
            && len < min
        {
            self.err(
                path,
                "FieldValueInvalid",
                format!(
                    "Invalid value: \"{text}\": {} in body should be at least {min} chars long",
                    show(path)
                ),
            );
        }
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            match regex::Regex::new(p) {
                Ok(re) if !re.is_match(text) => {
                    self.err(
                        path,
                        "FieldValueInvalid",
                        format!(
                            "Invalid value: \"{text}\": {} in body should match '{p}'",
                            show(path)
                        ),
                    );
                }
                Ok(_) => {}
                Err(_) => self.err(
                    path,
                    "FieldValueInvalid",
                    format!("the schema's pattern '{p}' is not a valid regular expression"),
                ),
            }
        }
    }

    fn check_number(&mut self, s: &Map<String, Value>, n: &serde_json::Number, path: &str) {
        let Some(x) = n.as_f64() else { return };
        let excl = |k: &str| s.get(k).and_then(Value::as_bool).unwrap_or(false);
        if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
            if excl("exclusiveMinimum") && x <= min {
                self.err(
                    path,
                    "FieldValueInvalid",
                    format!(
                        "Invalid value: {n}: {} in body should be greater than {min}",
                        show(path)
                    ),
                );
            } else if x < min {
                self.err(
                    path,
                    "FieldValueInvalid",
                    format!(
                        "Invalid value: {n}: {} in body should be greater than or equal to {min}",
                        show(path)
                    ),
                );
            }
        }
        if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
            if excl("exclusiveMaximum") && x >= max {
                self.err(
                    path,
                    "FieldValueInvalid",
                    format!(
                        "Invalid value: {n}: {} in body should be less than {max}",
                        show(path)
                    ),
                );
            } else if x > max {
                self.err(
                    path,
                    "FieldValueInvalid",
                    format!(
                        "Invalid value: {n}: {} in body should be less than or equal to {max}",
                        show(path)
                    ),
                );
            }
        }
        if let Some(m) = s.get("multipleOf").and_then(Value::as_f64)
            && m > 0.0
            && (x / m).fract() != 0.0
        {
            self.err(
                path,
                "FieldValueInvalid",
                format!(
                    "Invalid value: {n}: {} in body should be a multiple of {m}",
                    show(path)
                ),
            );
        }
    }
}

/// Evaluates one CEL rule against `value` as `self`.
fn eval_rule(rule: &str, value: &Value) -> Result<bool, String> {
    // NB: a panic inside the CEL interpreter must not take the request down.
    let run = || -> Result<bool, String> {
        let program = cel::Program::compile(rule).map_err(|e| e.to_string())?;
        let mut ctx = cel::Context::default();
        let this = cel::to_value(value).map_err(|e| e.to_string())?;
        ctx.add_variable_from_value("self", this);
        match program.execute(&ctx).map_err(|e| e.to_string())? {
            cel::Value::Bool(b) => Ok(b),
            other => Err(format!("the rule returned {other:?}, not a boolean")),
        }
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err("the CEL interpreter failed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cel_rules_are_enforced() {
        let schema = json!({"type": "object", "properties": {"spec": {
            "type": "object",
            "x-kubernetes-validations": [
                {"rule": "has(self.a) != has(self.b)", "message": "exactly one of spec.a or spec.b must be set"},
                {"rule": "self.n <= 3", "fieldPath": ".n"},
                {"rule": "self.n == oldSelf.n"}
            ],
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "n": {"type": "integer"}}
        }}});
        assert_eq!(
            validate(&schema, &json!({"spec": {"a": "x", "n": 1}})),
            vec![]
        );
        let errs = validate(&schema, &json!({"spec": {"a": "x", "b": "y", "n": 5}}));
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].field, "spec");
        assert!(errs[0].message.contains("exactly one of spec.a or spec.b"));
        assert_eq!(errs[1].field, "spec.n");
        assert!(errs[1].message.contains("failed rule: self.n <= 3"));
    }

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "spec": {
                    "type": "object",
                    "required": ["url"],
                    "properties": {
                        "url": {"type": "string", "pattern": "^https?://"},
                        "interval": {"type": "string", "default": "1m"},
                        "replicas": {"type": "integer", "minimum": 1, "maximum": 5},
                        "mode": {"type": "string", "enum": ["a", "b"]},
                        "port": {"x-kubernetes-int-or-string": true},
                        "ref": {"type": "object", "properties": {"semver": {"type": "string", "maxLength": 3}}},
                        "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
                        "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                        "labels": {"type": "object", "additionalProperties": {"type": "string"}}
                    }
                }
            }
        })
    }

    #[test]
    fn valid_object_has_no_errors() {
        let o = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "a"},
            "spec": {"url": "https://x", "port": 80, "free": {"any": {"thing": 1}}, "labels": {"a": "b"}}});
        assert_eq!(validate(&schema(), &o), vec![]);
    }

    #[test]
    fn reports_each_problem_with_its_path() {
        let o = json!({"spec": {"url": "ftp://x", "replicas": 9, "mode": "c", "port": 1.5,
            "ref": {"semver": "1.2.3", "extra": true}, "tags": ["a", "b", "c"], "labels": {"k": 1}}});
        let errs = validate(&schema(), &o);
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "spec.url",
            "spec.replicas",
            "spec.mode",
            "spec.port",
            "spec.ref.semver",
            "spec.tags",
            "spec.labels[k]",
            "spec.ref.extra",
        ] {
            assert!(fields.contains(&f), "{f} missing from {errs:?}");
        }
        assert!(
            errs.iter()
                .any(|e| e.message == "unknown field \"spec.ref.extra\"")
        );
    }

    #[test]
    fn required_and_types() {
        let errs = validate(&schema(), &json!({"spec": {"replicas": "3"}}));
        assert!(
            errs.iter()
                .any(|e| e.field == "spec.url" && e.reason == "FieldValueRequired")
        );
        assert!(
            errs.iter().any(
                |e| e.field == "spec.replicas" && e.message.contains("must be of type integer")
            )
        );
    }

    #[test]
    fn defaults_and_pruning() {
        let mut o = json!({"spec": {"url": "http://x", "junk": 1}});
        let out = process(&schema(), None, &mut o, true);
        assert_eq!(out.unknown, vec!["spec.junk".to_string()]);
        assert_eq!(o["spec"]["interval"], "1m");
        assert!(o["spec"].get("junk").is_none());
    }
}
