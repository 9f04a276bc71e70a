//! YAML input: multi-document text to JSON values, keeping key order and
//! resolving plain scalars as go-yaml v3 does.

use std::collections::HashMap;

use granit_parser::{Event, Options, Parser, ScalarStyle, Span};
use serde_json::{Map, Value};

use super::scalar;

/// A YAML syntax or conversion problem, with a 1-based line number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// Parses every document of `text`. Empty documents (only comments, or a
/// bare `---`) are returned as `Value::Null` so callers can skip them.
pub(crate) fn parse_documents(text: &str) -> Result<Vec<Value>, YamlError> {
    parse_documents_as(text, false)
}

/// Like [`parse_documents`], with YAML 1.1 scalars (`yes`, `on`, `y` are
/// booleans) when `yaml11`: how kustomize reads JSON patches written in YAML
/// (through `sigs.k8s.io/yaml`, i.e. go-yaml v2).
pub(crate) fn parse_documents_as(text: &str, yaml11: bool) -> Result<Vec<Value>, YamlError> {
    let mut options = Options::default();
    options.emit_comments = false;
    let parser = Parser::new_from_str_with_options(text, options);
    let mut b = Builder {
        source: text,
        events: parser,
        anchors: HashMap::new(),
        yaml11,
    };
    let mut docs = Vec::new();
    loop {
        let (event, span) = b.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_, version) => {
                // NB: go-yaml only accepts `%YAML 1.1` directives.
                if let Some(v) = version
                    && (v.major, v.minor) != (1, 1)
                {
                    return Err(YamlError {
                        line: span.start.line(),
                        message: format!(
                            "found incompatible YAML document (%YAML {}.{})",
                            v.major, v.minor
                        ),
                    });
                }
                b.anchors.clear();
                let (event, span) = b.next()?;
                if matches!(event, Event::DocumentEnd) {
                    docs.push(Value::Null);
                    continue;
                }
                let v = b.node(event, span)?;
                docs.push(v);
            }
            other => {
                return Err(YamlError {
                    line: span.start.line(),
                    message: format!("unexpected YAML event {other:?}"),
                });
            }
        }
    }
    Ok(docs)
}

struct Builder<'a> {
    source: &'a str,
    events: Parser<'a, granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Value>,
    yaml11: bool,
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        loop {
            match self.events.next() {
                None => {
                    return Ok((Event::StreamEnd, Span::default()));
                }
                Some(Err(e)) => {
                    return Err(YamlError {
                        line: e.marker().line(),
                        message: e.info().to_string(),
                    });
                }
                Some(Ok((Event::Comment(..), _))) => continue,
                Some(Ok((Event::Anchor(..), _))) => continue,
                Some(Ok(pair)) => return Ok(pair),
            }
        }
    }

    /// Rejects escapes YAML does not define (`"\p"`), which go-yaml refuses
    /// and the event parser lets through.
    fn check_escapes(&self, span: &Span) -> Result<(), YamlError> {
        let (Some(start), Some(end)) = (span.start.byte_offset(), span.end.byte_offset()) else {
            return Ok(());
        };
        let Some(raw) = self.source.get(start..end) else {
            return Ok(());
        };
        let mut chars = raw.chars();
        let mut line = span.start.line();
        while let Some(c) = chars.next() {
            match c {
                '\n' => line += 1,
                '\\' => match chars.next() {
                    Some(
                        '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"'
                        | '/' | '\\' | 'N' | '_' | 'L' | 'P' | 'x' | 'u' | 'U' | '\r',
                    ) => {}
                    Some('\n') => line += 1,
                    Some(other) => {
                        return Err(YamlError {
                            line,
                            message: format!("found unknown escape character {other:?}"),
                        });
                    }
                    None => {}
                },
                _ => {}
            }
        }
        Ok(())
    }

    fn node(&mut self, event: Event<'a>, span: Span) -> Result<Value, YamlError> {
        let line = span.start.line();
        let err = |message: String| YamlError { line, message };
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if style == ScalarStyle::DoubleQuoted {
                    self.check_escapes(&span)?;
                }
                let value = scalar_value(&text, style, tag.as_deref(), self.yaml11).map_err(err)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok(value)
            }
            Event::Alias(id) => self
                .anchors
                .get(&id)
                .cloned()
                .ok_or_else(|| err("unknown anchor".into())),
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(ev, sp)?);
                }
                let value = Value::Array(items);
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok(value)
            }
            Event::MappingStart(_, anchor, _) => {
                let mut map = Map::new();
                let mut merged: Vec<Map<String, Value>> = Vec::new();
                loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let key_line = sp.start.line();
                    let is_merge =
                        matches!(&ev, Event::Scalar(t, ScalarStyle::Plain, _, None) if t == "<<");
                    let key = self.node(ev, sp)?;
                    let (vev, vsp) = self.next()?;
                    let value = self.node(vev, vsp)?;
                    if is_merge {
                        // `<<: *anchor` merges keys the mapping does not set itself.
                        match value {
                            Value::Object(m) => merged.push(m),
                            Value::Array(items) => {
                                for item in items {
                                    if let Value::Object(m) = item {
                                        merged.push(m);
                                    }
                                }
                            }
                            _ => {
                                return Err(YamlError {
                                    line: key_line,
                                    message:
                                        "map merge requires map or sequence of maps as the value"
                                            .into(),
                                });
                            }
                        }
                        continue;
                    }
                    let key = key_string(key);
                    if map.contains_key(&key) {
                        return Err(YamlError {
                            line: key_line,
                            message: format!("mapping key {key:?} already defined"),
                        });
                    }
                    map.insert(key, value);
                }
                for m in merged {
                    for (k, v) in m {
                        map.entry(k).or_insert(v);
                    }
                }
                let value = Value::Object(map);
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok(value)
            }
            other => Err(err(format!("unexpected YAML event {other:?}"))),
        }
    }
}

/// Map keys become strings, as in kustomize's JSON form of an object.
fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => "null".into(),
        Value::Number(n) => super::emit::format_number(&n),
        other => other.to_string(),
    }
}

fn scalar_value(
    text: &str,
    style: ScalarStyle,
    tag: Option<&granit_parser::Tag>,
    yaml11: bool,
) -> Result<Value, String> {
    if let Some(tag) = tag {
        let suffix = tag.suffix();
        let core = tag.is_yaml_core_schema();
        if core {
            return match suffix {
                "str" | "binary" => Ok(Value::String(text.to_string())),
                "null" => Ok(Value::Null),
                "bool" | "int" | "float" => {
                    let r = scalar::resolve_v3(text);
                    let ok = matches!(
                        (&r, suffix),
                        (scalar::Resolved::Bool(_), "bool")
                            | (
                                scalar::Resolved::Int(_) | scalar::Resolved::Uint(_),
                                "int" | "float"
                            )
                            | (scalar::Resolved::Float(_), "float")
                    );
                    if !ok {
                        return Err(format!("cannot decode {text:?} as !!{suffix}"));
                    }
                    scalar::to_json(text, r)
                }
                _ => Ok(Value::String(text.to_string())),
            };
        }
        // Unknown local tags: go-yaml keeps the text.
        return Ok(Value::String(text.to_string()));
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_string()));
    }
    if yaml11 {
        return scalar::to_json(text, scalar::resolve_v2(text));
    }
    scalar::to_json(text, scalar::resolve_v3(text))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_key_order_and_resolves_scalars() {
        let docs = parse_documents("b: 1\na: yes\nc: '1'\nd: [x, 0x10]\n---\n---\ne: ~\n").unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(
            docs[0],
            json!({"b": 1, "a": "yes", "c": "1", "d": ["x", 16]})
        );
        assert_eq!(docs[0].as_object().unwrap().keys().next().unwrap(), "b");
        assert_eq!(docs[1], Value::Null);
        assert_eq!(docs[2], json!({"e": null}));
    }

    #[test]
    fn reports_the_line_of_a_syntax_error() {
        let e = parse_documents("a: 1\nb: [\nc: 2\n  - x: :\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }

    #[test]
    fn rejects_unknown_escapes_like_go_yaml() {
        let e = parse_documents("a: 1\nb: \"C:\\path\"\n").unwrap_err();
        assert_eq!(e.line, 2);
        let ok = parse_documents("a: \"tab\\there \\u00e9 \\\\ \\\"\"\nb: 'C:\\path'\n").unwrap();
        assert_eq!(ok[0]["a"], "tab\there é \\ \"");
        assert_eq!(ok[0]["b"], "C:\\path");
    }

    #[test]
    fn rejects_duplicate_keys_with_their_line() {
        let e = parse_documents("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn merges_anchored_maps() {
        let docs = parse_documents("x: &a {p: 1, q: 2}\ny:\n  <<: *a\n  q: 3\n").unwrap();
        assert_eq!(docs[0]["y"], json!({"q": 3, "p": 1}));
    }
}
