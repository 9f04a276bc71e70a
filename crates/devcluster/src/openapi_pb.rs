//! The OpenAPI v2 document in gnostic's protobuf encoding
//! (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`), which
//! kubectl up to 1.28 needs for `apply` and `explain`. Only what kubectl
//! reads is encoded: definitions (schemas with their vendor extensions) and
//! the operations' query parameters.

use serde_json::Value;

/// Protobuf content type of the v2 document.
pub(crate) const CONTENT_TYPE: &str = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn key(out: &mut Vec<u8>, field: u32, wire: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire));
}

fn bytes(out: &mut Vec<u8>, field: u32, data: &[u8]) {
    key(out, field, 2);
    varint(out, data.len() as u64);
    out.extend_from_slice(data);
}

fn string(out: &mut Vec<u8>, field: u32, s: &str) {
    // proto3: empty strings are not written.
    if !s.is_empty() {
        bytes(out, field, s.as_bytes());
    }
}

fn uint(out: &mut Vec<u8>, field: u32, v: u64) {
    if v != 0 {
        key(out, field, 0);
        varint(out, v);
    }
}

fn double(out: &mut Vec<u8>, field: u32, v: f64) {
    key(out, field, 1);
    out.extend_from_slice(&v.to_le_bytes());
}

/// `Any { yaml }`: JSON is YAML.
fn any(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    string(&mut out, 2, &v.to_string());
    out
}

fn named(name: &str, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    string(&mut out, 1, name);
    bytes(&mut out, 2, value);
    out
}

fn schema(s: &Value, depth: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let Some(m) = s.as_object() else { return out };
    if depth > 64 {
        return out;
    }
    let st = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("");
    string(&mut out, 1, st("$ref"));
    string(&mut out, 2, st("format"));
    string(&mut out, 3, st("title"));
    string(&mut out, 4, st("description"));
    if let Some(d) = m.get("default") {
        bytes(&mut out, 5, &any(d));
    }
    if let Some(x) = m.get("maximum").and_then(Value::as_f64) {
        double(&mut out, 7, x);
    }
    if m.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true) {
        uint(&mut out, 8, 1);
    }
    if let Some(x) = m.get("minimum").and_then(Value::as_f64) {
        double(&mut out, 9, x);
    }
    if m.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true) {
        uint(&mut out, 10, 1);
    }
    for (field, k) in [
        (11, "maxLength"),
        (12, "minLength"),
        (14, "maxItems"),
        (15, "minItems"),
        (17, "maxProperties"),
        (18, "minProperties"),
    ] {
        uint(
            &mut out,
            field,
            m.get(k).and_then(Value::as_u64).unwrap_or(0),
        );
    }
    string(&mut out, 13, st("pattern"));
    if m.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
        uint(&mut out, 16, 1);
    }
    for r in m
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        bytes(&mut out, 19, r.as_bytes());
    }
    for e in m
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        bytes(&mut out, 20, &any(e));
    }
    match m.get("additionalProperties") {
        Some(Value::Bool(b)) => {
            let mut item = Vec::new();
            key(&mut item, 2, 0);
            varint(&mut item, u64::from(*b));
            bytes(&mut out, 21, &item);
        }
        Some(sub @ Value::Object(_)) => {
            let mut item = Vec::new();
            bytes(&mut item, 1, &schema(sub, depth + 1));
            bytes(&mut out, 21, &item);
        }
        _ => {}
    }
    if let Some(t) = m.get("type") {
        let mut item = Vec::new();
        match t {
            Value::String(t) => bytes(&mut item, 1, t.as_bytes()),
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .for_each(|t| bytes(&mut item, 1, t.as_bytes())),
            _ => {}
        }
        bytes(&mut out, 22, &item);
    }
    if let Some(items) = m.get("items") {
        let mut item = Vec::new();
        match items {
            Value::Array(list) => list
                .iter()
                .for_each(|i| bytes(&mut item, 1, &schema(i, depth + 1))),
            other => bytes(&mut item, 1, &schema(other, depth + 1)),
        }
        bytes(&mut out, 23, &item);
    }
    for a in m
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        bytes(&mut out, 24, &schema(a, depth + 1));
    }
    if let Some(props) = m.get("properties").and_then(Value::as_object) {
        let mut p = Vec::new();
        for (name, sub) in props {
            bytes(&mut p, 1, &named(name, &schema(sub, depth + 1)));
        }
        bytes(&mut out, 25, &p);
    }
    for (k, v) in m.iter().filter(|(k, _)| k.starts_with("x-")) {
        bytes(&mut out, 31, &named(k, &any(v)));
    }
    out
}

/// One operation: its query parameters and vendor extensions.
fn operation(op: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut q = Vec::new();
        string(
            &mut q,
            2,
            p.get("in").and_then(Value::as_str).unwrap_or("query"),
        );
        string(
            &mut q,
            4,
            p.get("name").and_then(Value::as_str).unwrap_or(""),
        );
        string(
            &mut q,
            6,
            p.get("type").and_then(Value::as_str).unwrap_or("string"),
        );
        let mut non_body = Vec::new();
        bytes(&mut non_body, 3, &q);
        let mut param = Vec::new();
        bytes(&mut param, 2, &non_body);
        let mut item = Vec::new();
        bytes(&mut item, 1, &param);
        bytes(&mut out, 8, &item);
    }
    if let Some(m) = op.as_object() {
        for (k, v) in m.iter().filter(|(k, _)| k.starts_with("x-")) {
            bytes(&mut out, 13, &named(k, &any(v)));
        }
    }
    out
}

/// Encodes a swagger 2.0 JSON document.
pub(crate) fn encode(doc: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    string(
        &mut out,
        1,
        doc.get("swagger").and_then(Value::as_str).unwrap_or("2.0"),
    );
    let mut info = Vec::new();
    string(
        &mut info,
        1,
        doc.pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or(""),
    );
    string(
        &mut info,
        2,
        doc.pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or(""),
    );
    bytes(&mut out, 2, &info);
    let mut paths = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut pi = Vec::new();
        for (field, verb) in [
            (2, "get"),
            (3, "put"),
            (4, "post"),
            (5, "delete"),
            (8, "patch"),
        ] {
            if let Some(op) = item.get(verb) {
                bytes(&mut pi, field, &operation(op));
            }
        }
        bytes(&mut paths, 2, &named(path, &pi));
    }
    bytes(&mut out, 8, &paths);
    let mut defs = Vec::new();
    for (name, s) in doc
        .get("definitions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        bytes(&mut defs, 1, &named(name, &schema(s, 0)));
    }
    bytes(&mut out, 9, &defs);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_fields_with_their_numbers() {
        let doc = json!({"swagger": "2.0", "info": {"title": "T", "version": "v"}, "paths": {},
            "definitions": {"A": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}}}}});
        let b = encode(&doc);
        // swagger = 1 ("2.0"), info = 2 { title = 1, version = 2 }
        assert_eq!(&b[..5], &[0x0a, 3, b'2', b'.', b'0']);
        assert_eq!(&b[5..11], &[0x12, 6, 0x0a, 1, b'T', 0x12]);
        assert!(
            b.windows(3).any(|w| w == [0x9a, 0x01, 1]),
            "required = 19 holds \"x\""
        );
    }
}
