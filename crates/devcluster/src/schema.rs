//! Validation, pruning and defaulting of objects against OpenAPI v3
//! (structural) schemas, with the semantics kube-apiserver applies to custom
//! resources.
//!
//! [`validate`] is the small public entry point: it reports every problem,
//! unknown fields included, as a [`FieldError`] with a dotted path such as
//! `spec.ref.semver` or `spec.ports[0].port`.

use std::sync::Arc;

use serde_json::{Map, Value};

pub use crate::error::FieldError;

/// Validates `object` against `schema` (an OpenAPI v3 schema as found in a
/// CRD's `openAPIV3Schema`). Unknown fields are reported as errors (as under
/// `fieldValidation=Strict`), except below `x-kubernetes-preserve-unknown-fields`.
/// `apiVersion`, `kind` and `metadata` at the root are accepted as every
/// Kubernetes object has them.
pub fn validate(schema: &Value, object: &Value) -> Vec<FieldError> {
    let mut copy = object.clone();
    let outcome = process(schema, None, &mut copy, false, None);
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
/// `old` is the stored object of an update: CEL transition rules (those
/// using `oldSelf`) run where it has a value correlated with the new one.
pub(crate) fn process(
    schema: &Value,
    defs: Option<&Map<String, Value>>,
    object: &mut Value,
    apply_defaults: bool,
    old: Option<&Value>,
) -> Outcome {
    let mut w = Walker {
        defs,
        // NB: built-in schemas (with `$ref`s) spell free-form objects as a bare
        // `type: object`; a structural CRD schema means "no fields" by it.
        free_form_bare_objects: defs.is_some(),
        apply_defaults,
        out: Outcome::default(),
        depth: 0,
        ratchet: defs.is_none() && old.is_some(),
        unchanged: false,
    };
    if let Some(obj) = object.as_object_mut() {
        // NB: the object's identity fields are checked elsewhere, with ObjectMeta rules.
        let mut keep = Map::new();
        for k in ["apiVersion", "kind", "metadata"] {
            if let Some(v) = obj.remove(k) {
                keep.insert(k.to_string(), v);
            }
        }
        w.walk(schema, object, "", old);
        if let Some(obj) = object.as_object_mut() {
            let rest = std::mem::take(obj);
            obj.extend(keep);
            obj.extend(rest);
        }
    } else {
        w.walk(schema, object, "", old);
    }
    w.out
}

struct Walker<'a> {
    defs: Option<&'a Map<String, Value>>,
    free_form_bare_objects: bool,
    apply_defaults: bool,
    out: Outcome,
    depth: usize,
    /// Whether errors of values unchanged from the old object are dropped
    /// (CRD validation ratcheting, on updates of custom resources).
    ratchet: bool,
    /// Set while inside a value already found unchanged.
    unchanged: bool,
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

    fn walk(&mut self, schema: &Value, value: &mut Value, path: &str, old: Option<&Value>) {
        self.depth += 1;
        if self.depth > 64 {
            self.depth -= 1;
            return;
        }
        let schema = self.resolve(schema);
        // Ratcheting: a value equal to its correlated old value keeps
        // passing, whatever the schema now says of it (kube-apiserver 1.33).
        let ratcheted = self.ratchet && !self.unchanged && old.is_some_and(|o| o == &*value);
        let errors_before = self.out.errors.len();
        if ratcheted {
            self.unchanged = true;
        }
        // allOf wrappers around a $ref carry the real type in the ref.
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for sub in all {
                let sub = self.resolve(sub);
                if sub.get("type").is_some() || sub.get("properties").is_some() {
                    self.walk_one(sub, value, path, old);
                }
            }
        }
        self.walk_one(schema, value, path, old);
        if ratcheted {
            self.unchanged = false;
            self.out.errors.truncate(errors_before);
        }
        self.depth -= 1;
    }

    fn walk_one(&mut self, schema: &Value, value: &mut Value, path: &str, old: Option<&Value>) {
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
                    // Only map lists correlate items with the old list, by key.
                    let map_keys: Vec<&str> = if list_type == Some("map") {
                        s.get("x-kubernetes-list-map-keys")
                            .and_then(Value::as_array)
                            .map(|k| k.iter().filter_map(Value::as_str).collect())
                            .unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    let old_items = old.and_then(Value::as_array);
                    for (i, item) in items.iter_mut().enumerate() {
                        let old_item = old_items.filter(|_| !map_keys.is_empty()).and_then(|o| {
                            o.iter()
                                .find(|x| map_keys.iter().all(|k| x.get(k) == item.get(k)))
                        });
                        self.walk(item_schema, item, &format!("{path}[{i}]"), old_item);
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
                self.walk_object(s, map, path, preserve, embedded, old);
            }
            Value::Bool(_) | Value::Null => {}
        }
        if let Some(rules) = s.get("x-kubernetes-validations").and_then(Value::as_array) {
            let schema_type = if int_or_string {
                "string"
            } else {
                ty.unwrap_or_else(|| type_name(value))
            };
            self.check_rules(rules, value, old, path, schema_type);
        }
    }

    /// Evaluates CEL rules (`x-kubernetes-validations`) with `self` bound
    /// to the value. Transition rules (using `oldSelf`) run only when the
    /// old object has a correlated value, unless `optionalOldSelf` makes
    /// `oldSelf` an optional that may be empty. A failed rule reports its
    /// `messageExpression` (when that yields a non-empty single line),
    /// else its `message`, else the rule, with its `reason` and below its
    /// `fieldPath`, as kube-apiserver does.
    fn check_rules(
        &mut self,
        rules: &[Value],
        value: &Value,
        old: Option<&Value>,
        path: &str,
        schema_type: &str,
    ) {
        for r in rules {
            let Some(rule) = r.get("rule").and_then(Value::as_str) else {
                continue;
            };
            let program = match compile(rule) {
                Ok(p) => p,
                Err(e) => {
                    self.err(
                        path,
                        "FieldValueInvalid",
                        format!("Invalid value: \"{schema_type}\": rule compile error: {e}"),
                    );
                    continue;
                }
            };
            let optional_old = r
                .get("optionalOldSelf")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let transition = program.references().has_variable("oldSelf");
            let old = old.filter(|o| !o.is_null());
            if transition && old.is_none() && !optional_old {
                continue;
            }
            let vars = Vars {
                this: value,
                old: if transition { Some(old) } else { None },
                optional_old,
            };
            let field = match r.get("fieldPath").and_then(Value::as_str) {
                Some(fp) => join_field_path(path, fp),
                None => show(path).to_string(),
            };
            let reason = match r.get("reason").and_then(Value::as_str) {
                Some("FieldValueRequired") => "FieldValueRequired",
                Some("FieldValueDuplicate") => "FieldValueDuplicate",
                Some("FieldValueForbidden") => "FieldValueForbidden",
                _ => "FieldValueInvalid",
            };
            match run(&program, &vars) {
                Ok(cel::Value::Bool(true)) => {}
                Ok(cel::Value::Bool(false)) => {
                    let fallback = r
                        .get("message")
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|m| !m.is_empty())
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("failed rule: {}", rule.trim()));
                    let message = r
                        .get("messageExpression")
                        .and_then(Value::as_str)
                        .and_then(|m| message_expression(m, &vars))
                        .unwrap_or(fallback);
                    let message = match reason {
                        "FieldValueRequired" => format!("Required value: {message}"),
                        "FieldValueForbidden" => format!("Forbidden: {message}"),
                        "FieldValueDuplicate" => format!("Duplicate value: \"{schema_type}\""),
                        _ => format!("Invalid value: \"{schema_type}\": {message}"),
                    };
                    self.out.errors.push(FieldError {
                        field,
                        reason,
                        message,
                    });
                }
                Ok(other) => self.out.errors.push(FieldError {
                    field,
                    reason: "FieldValueInvalid",
                    message: format!(
                        "Invalid value: \"{schema_type}\": rule {rule:?} returned {other:?}, not a boolean"
                    ),
                }),
                Err(e) => self.out.errors.push(FieldError {
                    field,
                    reason: "FieldValueInvalid",
                    message: format!("Invalid value: \"{schema_type}\": {e}"),
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
        old: Option<&Value>,
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
                    self.walk(sub, v, &child_path, old.and_then(|o| o.get(&k)));
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
                        self.walk(sub, v, &format!("{path}[{k}]"), old.and_then(|o| o.get(&k)));
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

/// The variables a rule sees: `self`, and `oldSelf` for transition rules
/// (`Some(None)` is an absent old value, only with `optionalOldSelf`).
struct Vars<'a> {
    this: &'a Value,
    old: Option<Option<&'a Value>>,
    optional_old: bool,
}

/// Compiles a CEL expression. NB: a panic inside the CEL parser must not
/// take the request down.
pub(crate) fn compile(expr: &str) -> Result<cel::Program, String> {
    std::panic::catch_unwind(|| cel::Program::compile(expr))
        .map_err(|_| "the CEL parser failed".to_string())?
        .map_err(|e| e.to_string())
}

/// Runs a compiled rule or message expression with the rule's variables.
fn run(program: &cel::Program, vars: &Vars<'_>) -> Result<cel::Value, String> {
    let go = || -> Result<cel::Value, String> {
        let mut ctx = cel::Context::default();
        let this = cel::to_value(vars.this).map_err(|e| e.to_string())?;
        ctx.add_variable_from_value("self", this);
        if let Some(old) = vars.old {
            let old = match old {
                Some(o) => Some(cel::to_value(o).map_err(|e| e.to_string())?),
                None => None,
            };
            let bound = match (vars.optional_old, old) {
                (true, Some(o)) => cel::Value::Opaque(Arc::new(cel::objects::OptionalValue::of(o))),
                (true, None) => cel::Value::Opaque(Arc::new(cel::objects::OptionalValue::none())),
                (false, Some(o)) => o,
                (false, None) => cel::Value::Null,
            };
            ctx.add_variable_from_value("oldSelf", bound);
        }
        program.execute(&ctx).map_err(|e| e.to_string())
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(go))
        .unwrap_or_else(|_| Err("the CEL interpreter failed".into()))
}

/// The message a `messageExpression` yields, when it yields a usable one:
/// a non-empty string on one line. Otherwise the rule's message is used.
fn message_expression(expr: &str, vars: &Vars<'_>) -> Option<String> {
    let program = compile(expr).ok()?;
    match run(&program, vars).ok()? {
        cel::Value::String(s) if !s.trim().is_empty() && !s.contains(['\n', '\r']) => {
            Some(s.to_string())
        }
        _ => None,
    }
}

/// `path` followed by a rule's `fieldPath` (`.a.b`, `['a.b']`, `[0]`), in
/// the dotted form of field errors.
fn join_field_path(path: &str, field_path: &str) -> String {
    let mut out = show(path).to_string();
    if path.is_empty() {
        out.clear();
    }
    let mut rest = field_path.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("['") {
            let end = r.find("']").unwrap_or(r.len());
            out = join(&out, &r[..end]);
            rest = r.get(end + 2..).unwrap_or("");
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            out.push_str(&format!("[{}]", &r[..end]));
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out = join(&out, &r[..end]);
            rest = &r[end..];
        }
    }
    if out.is_empty() { "<root>".into() } else { out }
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

    fn rule_errors(schema: &Value, old: Option<Value>, new: Value) -> Vec<String> {
        let mut new = new;
        process(schema, None, &mut new, false, old.as_ref())
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn transition_rules_run_on_updates_with_an_old_value() {
        let schema = json!({"type": "object", "properties": {"spec": {
            "type": "object",
            "properties": {
                "mode": {"type": "string", "x-kubernetes-validations": [
                    {"rule": "self == oldSelf", "message": "mode is immutable"}]},
                "size": {"type": "integer", "x-kubernetes-validations": [
                    {"rule": "self >= oldSelf", "messageExpression": "'size may not shrink from ' + string(oldSelf) + ' to ' + string(self)",
                     "reason": "FieldValueForbidden"}]},
                "items": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                    "items": {"type": "object", "properties": {"name": {"type": "string"}, "v": {"type": "integer",
                        "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "v is fixed"}]}}}}
            }
        }}});
        // Create: no old object, transition rules are skipped.
        assert!(rule_errors(&schema, None, json!({"spec": {"mode": "a", "size": 3}})).is_empty());
        let old = json!({"spec": {"mode": "a", "size": 3, "items": [{"name": "x", "v": 1}]}});
        assert!(rule_errors(&schema, Some(old.clone()), old.clone()).is_empty());
        // A field new in the update has no old value: skipped too.
        assert!(
            rule_errors(
                &schema,
                Some(json!({"spec": {}})),
                json!({"spec": {"mode": "b"}})
            )
            .is_empty()
        );
        assert_eq!(
            rule_errors(
                &schema,
                Some(old.clone()),
                json!({"spec": {"mode": "b", "size": 2, "items": [{"name": "y", "v": 5}, {"name": "x", "v": 2}]}})
            ),
            vec![
                "spec.mode: Invalid value: \"string\": mode is immutable",
                "spec.size: Forbidden: size may not shrink from 3 to 2",
                "spec.items[1].v: Invalid value: \"integer\": v is fixed",
            ]
        );
    }

    #[test]
    fn optional_old_self_runs_on_create_too() {
        let schema = json!({"type": "object", "properties": {"spec": {
            "type": "object",
            "x-kubernetes-validations": [{
                "rule": "oldSelf.hasValue() || self.phase == 'New'",
                "optionalOldSelf": true,
                "message": "objects start in phase New",
                "fieldPath": ".phase",
                "reason": "FieldValueRequired"
            }, {
                "rule": "!oldSelf.hasValue() || oldSelf.value().phase != 'Done' || self.phase == 'Done'",
                "optionalOldSelf": true,
                "messageExpression": "self.phase + ' is no way back from Done'"
            }],
            "properties": {"phase": {"type": "string"}}
        }}});
        assert_eq!(
            rule_errors(&schema, None, json!({"spec": {"phase": "Running"}})),
            vec!["spec.phase: Required value: objects start in phase New"]
        );
        assert!(rule_errors(&schema, None, json!({"spec": {"phase": "New"}})).is_empty());
        let done = json!({"spec": {"phase": "Done"}});
        assert_eq!(
            rule_errors(
                &schema,
                Some(done.clone()),
                json!({"spec": {"phase": "Running"}})
            ),
            vec!["spec: Invalid value: \"object\": Running is no way back from Done"]
        );
    }

    #[test]
    fn message_expressions_fall_back_to_the_message() {
        let schema = json!({"type": "object", "properties": {"spec": {
            "type": "object",
            "x-kubernetes-validations": [
                {"rule": "self.n < 3", "messageExpression": "''", "message": "n is too big"},
                {"rule": "self.n < 2", "messageExpression": "self.missing + 'x'"},
                {"rule": "self.n < 1", "messageExpression": "self.n", "fieldPath": "['n']"}
            ],
            "properties": {"n": {"type": "integer"}}
        }}});
        assert_eq!(
            rule_errors(&schema, None, json!({"spec": {"n": 5}})),
            vec![
                "spec: Invalid value: \"object\": n is too big",
                "spec: Invalid value: \"object\": failed rule: self.n < 2",
                "spec.n: Invalid value: \"object\": failed rule: self.n < 1",
            ]
        );
    }

    #[test]
    fn unchanged_values_ratchet_past_a_tightened_schema() {
        let schema = json!({"type": "object", "properties": {"spec": {"type": "object", "properties": {
            "size": {"type": "integer", "maximum": 5},
            "name": {"type": "string", "pattern": "^[a-z]+$",
                "x-kubernetes-validations": [{"rule": "self != 'bad'"}]}
        }}}});
        let old = json!({"spec": {"size": 9, "name": "bad"}});
        // Unchanged invalid values pass on update...
        assert!(
            rule_errors(
                &schema,
                Some(old.clone()),
                json!({"spec": {"size": 9, "name": "bad"}})
            )
            .is_empty()
        );
        // ...while changed ones are validated, the unchanged ones still ratcheted.
        assert_eq!(
            rule_errors(
                &schema,
                Some(old.clone()),
                json!({"spec": {"size": 8, "name": "bad"}})
            ),
            vec![
                "spec.size: Invalid value: 8: spec.size in body should be less than or equal to 5"
            ]
        );
        // Creates get no ratcheting.
        assert_eq!(rule_errors(&schema, None, old).len(), 2);
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
        let out = process(&schema(), None, &mut o, true, None);
        assert_eq!(out.unknown, vec!["spec.junk".to_string()]);
        assert_eq!(o["spec"]["interval"], "1m");
        assert!(o["spec"].get("junk").is_none());
    }
}
