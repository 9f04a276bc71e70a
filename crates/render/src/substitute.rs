//! Flux post-build variable substitution on rendered objects.
//!
//! Each object is printed as YAML, `${...}` expressions in the text are
//! expanded, and the text is read back, as Flux's kustomize-controller does.
//! The expression language is Flux's envsubst, with its results and parse
//! errors: `${var}`, `${#var}` (length in bytes), case `^ ^^ , ,,`,
//! substrings `${var:offset}` / `${var:offset:length}` (negative values
//! count from the end), glob trimming `# ## % %%`, literal replacement
//! `/ // /# /%`, and the default forms `=`, `:=`, `:-`, `:?`, `:+`, which
//! all give their argument when the value is empty. `$$` is an escaped `$`
//! (so `$${var}` stays literally `${var}`). In strict mode a variable that
//! is not set is an error unless a default form provides for it.

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

/// Expands `${...}` expressions in `text`: the whole text is parsed first
/// (so a malformed expression anywhere fails, as in Flux), then evaluated.
pub(crate) fn expand(
    text: &str,
    vars: &BTreeMap<&str, String>,
    strict: bool,
) -> std::result::Result<String, String> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
        expr_start: 0,
    };
    let nodes = parser.parse_text()?;
    let mut out = String::with_capacity(text.len());
    for node in &nodes {
        out.push_str(&eval(node, vars, strict, &parser.chars)?);
    }
    Ok(out)
}

/// One piece of the parsed text.
#[derive(Debug)]
enum Node {
    Text(String),
    Func(Func),
}

/// A `${...}` expression: the variable, the operator as Flux names it
/// (`""` for a plain reference, `"#"`, `":"`, `"//"`, `":-"`, ...), and
/// the argument nodes.
#[derive(Debug)]
struct Func {
    param: String,
    op: String,
    args: Vec<Node>,
    /// Where the expression starts and ends in the text, to name it in errors.
    span: (usize, usize),
}

/// The parse failures Flux's envsubst parser reports.
#[derive(Debug, Clone, Copy)]
enum ParseError {
    BadSubstitution,
    MissingClosingBrace,
    VariableName,
    FuncSubstitution,
    DefaultFunction,
}

impl ParseError {
    fn text(self) -> &'static str {
        match self {
            Self::BadSubstitution => "bad substitution",
            Self::MissingClosingBrace => "missing closing brace",
            Self::VariableName => "unable to parse variable name",
            Self::FuncSubstitution => "unable to parse substitution within function",
            Self::DefaultFunction => "unable to parse default function",
        }
    }
}

#[derive(Debug)]
enum Token {
    Eof,
    Lbrack,
    Rbrack,
    Ident(String),
    Illegal,
}

/// Which tokens a scan recognises, mirroring the scanner modes of Flux's
/// parser (identifiers, `${`, `}`, escapes).
#[derive(Clone, Copy, Default)]
struct Mode {
    ident: bool,
    lbrack: bool,
    rbrack: bool,
    /// `None`: no escapes; `Some(false)`: only `$$`; `Some(true)`: `$$`,
    /// `\/` and `\\`.
    escape: Option<bool>,
}

const IDENT: Mode = Mode {
    ident: true,
    lbrack: false,
    rbrack: false,
    escape: None,
};
const RBRACK: Mode = Mode {
    ident: false,
    lbrack: false,
    rbrack: true,
    escape: None,
};

/// Whether a character is accepted at 1-based position `i` of a token.
type Accept = fn(char, usize) -> bool;

fn accept_ident(c: char, _: usize) -> bool {
    c == '_' || c.is_alphanumeric()
}
fn accept_not_closing(c: char, _: usize) -> bool {
    c != '}'
}
fn accept_not_slash(c: char, _: usize) -> bool {
    c != '/'
}
fn accept_slash(c: char, _: usize) -> bool {
    c == '/'
}
fn accept_colon(c: char, _: usize) -> bool {
    c == ':'
}
fn reject_colon_close(c: char, _: usize) -> bool {
    c != ':' && c != '}'
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Start of the outermost expression being parsed, to name it in errors.
    expr_start: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn fail(&self, e: ParseError) -> String {
        // Name the expression: from its `${` to the `}` that balances it,
        // or the end of the text.
        let mut depth = 0usize;
        let mut close = self.chars.len();
        let mut i = self.expr_start;
        while i < self.chars.len() {
            if self.is_lbrack(i) {
                depth += 1;
                i += 1;
            } else if self.chars[i] == '}' {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = i + 1;
                    break;
                }
            }
            i += 1;
        }
        let mut expr: String = self.chars[self.expr_start..close].iter().collect();
        if expr.chars().count() > 80 {
            expr = expr.chars().take(80).collect::<String>() + "...";
        }
        format!("{} in {expr:?}", e.text())
    }

    fn is_lbrack(&self, i: usize) -> bool {
        self.at(i) == Some('$') && self.at(i + 1) == Some('{')
    }

    fn is_escape(&self, i: usize, mode: Mode) -> bool {
        let (Some(all), Some(c), Some(next)) = (mode.escape, self.at(i), self.at(i + 1)) else {
            return false;
        };
        (c == '$' && next == '$') || (all && c == '\\' && (next == '/' || next == '\\'))
    }

    /// Scans one token the way Flux's scanner does: an escape drops its
    /// first character and keeps the second unconditionally.
    fn scan(&mut self, accept: Accept, mode: Mode) -> Token {
        let Some(c) = self.peek() else {
            return Token::Eof;
        };
        if mode.lbrack && self.is_lbrack(self.pos) {
            self.pos += 2;
            return Token::Lbrack;
        }
        if mode.rbrack && c == '}' {
            self.pos += 1;
            return Token::Rbrack;
        }
        if !mode.ident {
            return Token::Illegal;
        }
        let mut tok = String::new();
        if self.is_escape(self.pos, mode) {
            tok.push(self.chars[self.pos + 1]);
            self.pos += 2;
        } else if accept(c, 1) {
            tok.push(c);
            self.pos += 1;
        } else {
            return Token::Illegal;
        }
        while let Some(c) = self.peek() {
            if mode.lbrack && self.is_lbrack(self.pos) {
                break;
            }
            if self.is_escape(self.pos, mode) {
                tok.push(self.chars[self.pos + 1]);
                self.pos += 2;
                continue;
            }
            if !accept(c, tok.chars().count() + 1) {
                break;
            }
            tok.push(c);
            self.pos += 1;
        }
        Token::Ident(tok)
    }

    /// The top level: text with `$$` escapes, and expressions.
    fn parse_text(&mut self) -> std::result::Result<Vec<Node>, String> {
        let mode = Mode {
            ident: true,
            lbrack: true,
            rbrack: false,
            escape: Some(false),
        };
        let mut nodes = Vec::new();
        loop {
            let start = self.pos;
            match self.scan(|_, _| true, mode) {
                Token::Eof => return Ok(nodes),
                Token::Ident(text) => nodes.push(Node::Text(text)),
                Token::Lbrack => {
                    self.expr_start = start;
                    nodes.push(self.parse_func(start)?);
                }
                Token::Rbrack | Token::Illegal => {
                    return Err(self.fail(ParseError::BadSubstitution));
                }
            }
        }
    }

    /// Parses an expression whose `${` started at `start` and is consumed.
    fn parse_func(&mut self, start: usize) -> std::result::Result<Node, String> {
        if self.peek() == Some('#') {
            self.pos += 1;
            let Token::Ident(param) = self.scan(accept_ident, IDENT) else {
                return Err(self.fail(ParseError::BadSubstitution));
            };
            return self.finish(start, param, "#".into(), Vec::new());
        }
        let Token::Ident(param) = self.scan(accept_ident, IDENT) else {
            return Err(self.fail(ParseError::VariableName));
        };
        match self.peek() {
            Some(':') => {
                if matches!(self.at(self.pos + 1), Some('=' | '-' | '?' | '+')) {
                    self.parse_default(start, param)
                } else {
                    self.parse_substr(start, param)
                }
            }
            Some('=') => self.parse_default(start, param),
            Some(',' | '^') => {
                let op = self.operator(|c, i| (c == ',' || c == '^') && i < 3)?;
                self.finish(start, param, op, Vec::new())
            }
            Some('/') => self.parse_replace(start, param),
            Some('#') => {
                let op = self.operator(|c, i| c == '#' && i < 3)?;
                let arg = self.parse_param(accept_not_closing, None)?;
                self.finish(start, param, op, vec![arg])
            }
            Some('%') => {
                let op = self.operator(|c, i| c == '%' && i < 3)?;
                let arg = self.parse_param(accept_not_closing, None)?;
                self.finish(start, param, op, vec![arg])
            }
            // NB: like Flux, `${var-x}`, `${var+x}` and `${var?x}` (no
            // colon) are parse errors, whatever its README says.
            _ => match self.scan(accept_ident, RBRACK) {
                Token::Rbrack => Ok(self.node(start, param, String::new(), Vec::new())),
                _ => Err(self.fail(ParseError::MissingClosingBrace)),
            },
        }
    }

    fn operator(&mut self, accept: Accept) -> std::result::Result<String, String> {
        match self.scan(accept, IDENT) {
            Token::Ident(op) => Ok(op),
            _ => Err(self.fail(ParseError::BadSubstitution)),
        }
    }

    fn node(&self, start: usize, param: String, op: String, args: Vec<Node>) -> Node {
        Node::Func(Func {
            param,
            op,
            args,
            span: (start, self.pos),
        })
    }

    /// Consumes the closing `}` and builds the node.
    fn finish(
        &mut self,
        start: usize,
        param: String,
        op: String,
        args: Vec<Node>,
    ) -> std::result::Result<Node, String> {
        match self.scan(accept_ident, RBRACK) {
            Token::Rbrack => Ok(self.node(start, param, op, args)),
            _ => Err(self.fail(ParseError::BadSubstitution)),
        }
    }

    /// One argument: a nested expression or a run of text.
    fn parse_param(
        &mut self,
        accept: Accept,
        escape: Option<bool>,
    ) -> std::result::Result<Node, String> {
        let start = self.pos;
        let mode = Mode {
            ident: true,
            lbrack: true,
            rbrack: false,
            escape,
        };
        match self.scan(accept, mode) {
            Token::Lbrack => self.parse_func(start),
            Token::Ident(text) => Ok(Node::Text(text)),
            _ => Err(self.fail(ParseError::FuncSubstitution)),
        }
    }

    /// `${var:offset}` and `${var:offset:length}`.
    fn parse_substr(&mut self, start: usize, param: String) -> std::result::Result<Node, String> {
        let op = self.operator(|c, i| c == ':' && i == 1)?;
        let mut args = vec![self.parse_param(reject_colon_close, None)?];
        let delimiter = Mode {
            rbrack: true,
            ..IDENT
        };
        match self.scan(accept_colon, delimiter) {
            Token::Rbrack => return Ok(self.node(start, param, op, args)),
            Token::Ident(_) => {}
            _ => return Err(self.fail(ParseError::BadSubstitution)),
        }
        args.push(self.parse_param(accept_not_closing, None)?);
        self.finish(start, param, op, args)
    }

    /// `${var/pattern/string}` and its `//`, `/#`, `/%` forms.
    fn parse_replace(&mut self, start: usize, param: String) -> std::result::Result<Node, String> {
        let op =
            self.operator(|c, i| (i == 1 && c == '/') || (i == 2 && matches!(c, '/' | '#' | '%')))?;
        let pattern = if self.peek() == Some('/') {
            Node::Text(String::new())
        } else {
            self.parse_param(accept_not_slash, Some(true))?
        };
        let mut args = vec![pattern];
        if !matches!(self.scan(accept_slash, IDENT), Token::Ident(_)) {
            return Err(self.fail(ParseError::BadSubstitution));
        }
        if self.peek() != Some('}') {
            args.push(self.parse_param(accept_not_closing, Some(true))?);
        }
        self.finish(start, param, op, args)
    }

    /// `${var=x}`, `${var:=x}`, `${var:-x}`, `${var:?x}`, `${var:+x}`: the
    /// argument is any mix of text and nested expressions.
    fn parse_default(&mut self, start: usize, param: String) -> std::result::Result<Node, String> {
        let accept: Accept = if self.peek() == Some('=') {
            |c, i| i == 1 && c == '='
        } else {
            |c, i| (i == 1 && c == ':') || (i == 2 && matches!(c, '=' | '-' | '?' | '+'))
        };
        let Token::Ident(op) = self.scan(accept, IDENT) else {
            return Err(self.fail(ParseError::DefaultFunction));
        };
        let mut args = Vec::new();
        while self.peek() != Some('}') {
            args.push(self.parse_param(accept_not_closing, None)?);
        }
        self.finish(start, param, op, args)
    }
}

/// Operators that supply a value of their own, so strict mode lets their
/// variable be unset (Flux's `isDefaultOp`).
fn is_default_op(op: &str) -> bool {
    matches!(op, "-" | "+" | "=" | "?" | ":-" | ":+" | ":=" | ":?")
}

fn eval(
    node: &Node,
    vars: &BTreeMap<&str, String>,
    strict: bool,
    text: &[char],
) -> std::result::Result<String, String> {
    let f = match node {
        Node::Text(t) => return Ok(t.clone()),
        Node::Func(f) => f,
    };
    // Flux evaluates every argument first, even one a set variable makes
    // unnecessary, so strict mode fails inside it too.
    let args = f
        .args
        .iter()
        .map(|a| eval(a, vars, strict, text))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let value = match vars.get(f.param.as_str()) {
        Some(v) => v.as_str(),
        None if strict && !is_default_op(&f.op) => {
            let expr: String = text[f.span.0..f.span.1].iter().collect();
            return Err(format!(
                "variable not set (strict mode): {:?} in {expr:?}",
                f.param
            ));
        }
        None => "",
    };
    Ok(apply(&f.op, value, &args))
}

/// Applies an operator as Flux's `lookupFunc` maps it; unknown operators
/// (and `:?`, `:+`) behave as a default.
fn apply(op: &str, v: &str, args: &[String]) -> String {
    match op {
        "," => map_first(v, char::to_lowercase),
        ",," => v
            .chars()
            .flat_map(|c| simple_case(c, c.to_lowercase()))
            .collect(),
        "^" => map_first(v, char::to_uppercase),
        "^^" => v
            .chars()
            .flat_map(|c| simple_case(c, c.to_uppercase()))
            .collect(),
        // NB: Flux counts bytes, not characters.
        "#" | "##" | "%" | "%%" => match args.first() {
            None if op == "#" => v.len().to_string(),
            None => v.to_string(),
            Some(p) if op.starts_with('#') => {
                lossy(trim_prefix(v.as_bytes(), p.as_bytes(), op == "##"))
            }
            Some(p) => trim_suffix(v, p, op == "%%"),
        },
        ":" => substring(v, args),
        "/#" => match args {
            [pattern, with] if v.starts_with(pattern.as_str()) => {
                v.replacen(pattern.as_str(), with, 1)
            }
            _ => v.to_string(),
        },
        "/%" => match args {
            [pattern, with] => match v.strip_suffix(pattern.as_str()) {
                Some(rest) => format!("{rest}{with}"),
                None => v.to_string(),
            },
            _ => v.to_string(),
        },
        "/" | "//" => {
            let (pattern, with) = match args {
                [] => return v.to_string(),
                [p] => (p.as_str(), ""),
                [p, w, ..] => (p.as_str(), w.as_str()),
            };
            if op == "/" {
                v.replacen(pattern, with, 1)
            } else {
                v.replace(pattern, with)
            }
        }
        _ if v.is_empty() && !args.is_empty() => args.concat(),
        _ => v.to_string(),
    }
}

/// Go's simple (one rune to one rune) case mapping, from Rust's full one:
/// where the full mapping is several characters Go keeps the character
/// (`ß` stays `ß`), except for the few that have a distinct simple mapping.
fn simple_case(c: char, mapped: impl Iterator<Item = char>) -> Option<char> {
    let mapped: Vec<char> = mapped.collect();
    if let [one] = mapped[..] {
        return Some(one);
    }
    let code = u32::from(c);
    let simple = match code {
        // Capital I with dot above lowers to a plain `i`.
        0x130 if mapped.first() == Some(&'i') => Some(0x69),
        // Greek vowels with ypogegrammeni upper to their prosgegrammeni forms.
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => Some(code + 8),
        0x1FB3 | 0x1FC3 | 0x1FF3 => Some(code + 9),
        _ => None,
    };
    Some(simple.and_then(char::from_u32).unwrap_or(c))
}

fn map_first<I: Iterator<Item = char>>(v: &str, f: fn(char) -> I) -> String {
    let mut chars = v.chars();
    match chars.next() {
        Some(first) => simple_case(first, f(first))
            .into_iter()
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `${var:offset[:length]}` on bytes, as Flux's `toSubstr`: an offset or
/// length that is not an integer returns the value unchanged; a negative
/// offset counts from the end, a negative length drops characters from
/// the end.
fn substring(v: &str, args: &[String]) -> String {
    let s = v.as_bytes();
    let len = i64::try_from(s.len()).unwrap_or(i64::MAX);
    let Some(Ok(mut pos)) = args.first().map(|a| a.parse::<i64>()) else {
        return v.to_string();
    };
    if pos < 0 {
        pos = (len + pos).max(0);
    }
    let from = |p: i64| usize::try_from(p).unwrap_or(usize::MAX);
    let rest = || {
        if pos < len {
            lossy(&s[from(pos)..])
        } else {
            String::new()
        }
    };
    let Some(length) = args.get(1) else {
        return rest();
    };
    let Ok(length) = length.parse::<i64>() else {
        return v.to_string();
    };
    if length < 0 {
        let end = len + length;
        if end < pos {
            return String::new();
        }
        return lossy(&s[from(pos)..from(end)]);
    }
    let end = pos.saturating_add(length);
    if end >= len {
        return rest();
    }
    lossy(&s[from(pos)..from(end)])
}

/// Removes the shortest (or longest) prefix of `s` matching the glob
/// `pattern`; a malformed pattern leaves `s` alone.
fn trim_prefix<'a>(s: &'a [u8], pattern: &[u8], longest: bool) -> &'a [u8] {
    let mut found = None;
    // Candidate prefixes from the longest down; the empty one never counts.
    for end in (1..=s.len()).rev() {
        match glob_match(pattern, &s[..end]) {
            Err(()) => return s,
            Ok(true) if longest => return &s[end..],
            Ok(true) => found = Some(end),
            Ok(false) => {}
        }
    }
    found.map_or(s, |end| &s[end..])
}

/// Suffix trimming as Flux does it: value and pattern are both reversed
/// (by characters) and trimmed as a prefix, so bracket expressions in the
/// pattern read backwards too.
fn trim_suffix(v: &str, pattern: &str, longest: bool) -> String {
    let rv: String = v.chars().rev().collect();
    let rp: String = pattern.chars().rev().collect();
    let trimmed = lossy(trim_prefix(rv.as_bytes(), rp.as_bytes(), longest));
    trimmed.chars().rev().collect()
}

/// Decodes one character as Go does: an invalid sequence is U+FFFD, one
/// byte long.
fn decode(s: &[u8]) -> (char, usize) {
    let width = match s.first() {
        Some(b) if *b < 0x80 => 1,
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => 1,
    };
    match s.get(..width).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(c) => c.chars().next().map_or(('\u{FFFD}', 1), |c| (c, width)),
        None => ('\u{FFFD}', 1),
    }
}

/// Shell glob match of the whole `name` as Flux's envsubst `path.Match`
/// does it: `*` is any run of bytes (`/` included), `?` one character,
/// `[...]` a class (`^` negates, `a-z` ranges), `\` escapes. `Err` is a
/// malformed pattern, found only when matching reaches it, as in Go.
fn glob_match(mut pattern: &[u8], mut name: &[u8]) -> std::result::Result<bool, ()> {
    'outer: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(true);
        }
        let first = match_chunk(chunk, name);
        if let Ok(Some(t)) = first
            && (t.is_empty() || !pattern.is_empty())
        {
            name = t;
            continue;
        }
        first?;
        if star {
            for i in 0..name.len() {
                if let Some(t) = match_chunk(chunk, &name[i + 1..])? {
                    if pattern.is_empty() && !t.is_empty() {
                        continue;
                    }
                    name = t;
                    continue 'outer;
                }
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Splits off leading stars and the chunk up to the next star outside a
/// bracket expression.
fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while pattern.first() == Some(&b'*') {
        pattern = &pattern[1..];
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Matches `chunk` (no stars) at the start of `s`, returning what is left.
fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> std::result::Result<Option<&'a [u8]>, ()> {
    while let Some(&c) = chunk.first() {
        if s.is_empty() {
            return Ok(None);
        }
        match c {
            b'[' => {
                let (r, n) = decode(s);
                s = &s[n..];
                chunk = &chunk[1..];
                let negated = chunk.first() == Some(&b'^');
                if negated {
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if chunk.first() == Some(&b']') && ranges > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = class_char(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk.first() == Some(&b'-') {
                        let (h, rest) = class_char(&chunk[1..])?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    return Ok(None);
                }
            }
            b'?' => {
                let (_, n) = decode(s);
                s = &s[n..];
                chunk = &chunk[1..];
            }
            _ => {
                let literal = if c == b'\\' {
                    chunk = &chunk[1..];
                    *chunk.first().ok_or(())?
                } else {
                    c
                };
                if literal != s[0] {
                    return Ok(None);
                }
                s = &s[1..];
                chunk = &chunk[1..];
            }
        }
    }
    Ok(Some(s))
}

/// One (possibly escaped) character of a bracket expression; the class
/// must go on after it.
fn class_char(chunk: &[u8]) -> std::result::Result<(char, &[u8]), ()> {
    let mut chunk = match chunk.first() {
        None | Some(b'-' | b']') => return Err(()),
        Some(_) => chunk,
    };
    if chunk[0] == b'\\' {
        chunk = &chunk[1..];
        if chunk.is_empty() {
            return Err(());
        }
    }
    let (r, n) = decode(chunk);
    if r == '\u{FFFD}' && n == 1 {
        return Err(());
    }
    let rest = &chunk[n..];
    if rest.is_empty() {
        return Err(());
    }
    Ok((r, rest))
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

    /// Variables of one case, as name and value.
    type Vars = &'static [(&'static str, &'static str)];

    /// (variables, input, expected output) facts about Flux's envsubst.
    const CASES: &[(Vars, &str, &str)] = &[
        (
            &[],
            "plain text, no expressions",
            "plain text, no expressions",
        ),
        (&[], "}stray { and $x", "}stray { and $x"),
        (&[("s", "héllo")], "${#s}", "6"),
        (
            &[("s", "hello world")],
            "${s^}|${s^^}",
            "Hello world|HELLO WORLD",
        ),
        (
            &[("s", "HELLO World")],
            "${s,}|${s,,}",
            "hELLO World|hello world",
        ),
        (&[("s", "straße")], "${s^^}", "STRAßE"),
        (&[("s", "İx ᾳ ΣΑΣ")], "${s,,}|${s^^}", "ix ᾳ σασ|İX ᾼ ΣΑΣ"),
        (&[("s", "hello")], "${s,^}", "hello"),
        // Substrings, on bytes.
        (&[("p", "/usr/local/share/doc")], "${p:11}", "share/doc"),
        (&[("p", "/usr/local/share/doc")], "${p:11:5}", "share"),
        (&[("n", "0123456789")], "${n:3:4}", "3456"),
        (&[("n", "0123456789")], "${n:4:100}", "456789"),
        (&[("n", "0123456789")], "${n:-4}", "0123456789"),
        (&[("n", "0123456789")], "${n:+4}", "0123456789"),
        (&[("n", "0123456789")], "${n:-20:3}", "0123456789"),
        (&[("n", "0123456789")], "${n:20}", ""),
        (&[("n", "0123456789")], "${n:12:2}", ""),
        (&[("n", "0123456789")], "${n:x}", "0123456789"),
        (&[("n", "0123456789")], "${n:2:y}", "0123456789"),
        (&[("n", "0123456789")], "${n:2:-2}", "234567"),
        (&[("n", "0123456789")], "${n:0:-4}", "012345"),
        (&[("n", "0123456789")], "${n:7:-7}", ""),
        (&[("n", "0123456789")], "${n:-5:-2}", "0123456789"),
        (&[("n", "0123456789"), ("o", "-5")], "${n:${o}:-2}", "567"),
        (&[("n", "0123456789"), ("o", "6")], "${n:${o}}", "6789"),
        (
            &[("n", "0123456789"), ("o", "6"), ("l", "2")],
            "${n:${o}:${l}}",
            "67",
        ),
        // Trimming with globs; `*` also matches `/`.
        (&[("f", "archive.tar.gz")], "${f#*.}", "tar.gz"),
        (&[("f", "archive.tar.gz")], "${f##*.}", "gz"),
        (&[("f", "archive.tar.gz")], "${f%.*}", "archive.tar"),
        (&[("f", "archive.tar.gz")], "${f%%.*}", "archive"),
        (&[("f", "usr/lib/x")], "${f#*/}|${f##*/}", "lib/x|x"),
        (&[("f", "/usr/lib/x")], "${f#*/}|${f##*/}", "usr/lib/x|x"),
        (&[("f", "usr/lib/x")], "${f%/*}|${f%%/*}", "usr/lib|usr"),
        (&[("f", "abc123")], "${f#[a-c]}|${f##[a-c]*[0-9]}", "bc123|"),
        (&[("f", "abc123")], "${f#[^0-9]?}", "c123"),
        (&[("f", "abc123")], "${f#nomatch}|${f%x}", "abc123|abc123"),
        (&[("f", "a*b")], r"${f#a\*}", "b"),
        (&[("f", "abc")], "${f#[}", "abc"),
        (&[("f", "v1.2.3"), ("p", "v")], "${f#${p}}", "1.2.3"),
        (&[("e", "")], "${e#*}|${e%%*}", "|"),
        // Literal replacement.
        (&[("z", "xyzXYZxyz")], "${z/xyz/abc}", "abcXYZxyz"),
        (&[("z", "xyzXYZxyz")], "${z//xyz/abc}", "abcXYZabc"),
        (&[("z", "xyzXYZxyz")], "${z/#xyz/abc}", "abcXYZxyz"),
        (&[("z", "xyzXYZxyz")], "${z/%xyz/abc}", "xyzXYZabc"),
        (
            &[("z", "xyzXYZxyz")],
            "${z/#XYZ/abc}|${z/%XYZ/abc}",
            "xyzXYZxyz|xyzXYZxyz",
        ),
        (&[("z", "xyzXYZxyz")], "${z/xyz/}|${z//xyz/}", "XYZxyz|XYZ"),
        (&[("z", "xyzXYZxyz")], "${z/xyz/}", "XYZxyz"),
        (&[("z", "xyzXYZxyz")], "${z/#xyz/}", "xyzXYZxyz"),
        (
            &[("z", "name")],
            "${z/#/pre-}|${z/%/-post}",
            "pre-name|name-post",
        ),
        (&[("z", "ab")], "${z///-}", "-a-b-"),
        (&[("z", "a.b.c")], "${z/./}|${z//./}", "ab.c|abc"),
        (&[("z", "a/b/c")], r"${z/\//-}|${z//\//-}", "a-b/c|a-b-c"),
        (&[("z", r"a\b")], r"${z/\\/+}", "a+b"),
        (&[("z", "a$b")], "${z/$$/S}", "aSb"),
        (
            &[("z", "a-b"), ("from", "-"), ("to", "+")],
            "${z//${from}/${to}}",
            "a+b",
        ),
        // Defaults: the argument when the value is empty; `:?` and `:+`
        // act the same way in Flux.
        (
            &[("v", "set")],
            "${v=d}|${v:=d}|${v:-d}|${v:?d}|${v:+d}",
            "set|set|set|set|set",
        ),
        (&[], "${v=d}|${v:=d}|${v:-d}|${v:?d}|${v:+d}", "d|d|d|d|d"),
        (&[("v", "")], "${v:-d}|${v=d}|${v:-}", "d|d|"),
        (&[("dv", "one")], "a ${v=${dv}} b", "a one b"),
        (
            &[("dv", "one")],
            "${v=${dv}-two}|${v:-zero-${dv}-two}",
            "one-two|zero-one-two",
        ),
        (&[("dv", "one")], "${v:-$${dv}}", "$one"),
        (&[("v1", "mixedCase")], "${v=${v1^^}}", "MIXEDCASE"),
        // Escapes.
        (
            &[("v1", "x")],
            "$${v1}|$$v1|$$$${v1}|$$${v1}",
            "${v1}|$v1|$${v1}|$x",
        ),
        (
            &[("v1", "x")],
            "a ${v1}$${b$${v1}$v1${v1}",
            "a x${b${v1}$v1x",
        ),
        (&[("dv", "foo")], r"\\ ${v=${dv}} \/", r"\\ foo \/"),
        // Unicode names are names.
        (&[("ñame", "ok")], "${ñame}", "ok"),
    ];

    #[test]
    fn expands_every_operator_like_flux() {
        for (vars, input, want) in CASES {
            let vars: BTreeMap<&str, String> =
                vars.iter().map(|(k, v)| (*k, v.to_string())).collect();
            let got =
                expand(input, &vars, false).unwrap_or_else(|e| panic!("{input:?} failed: {e}"));
            assert_eq!(&got, want, "expanding {input:?}");
        }
    }

    #[test]
    fn parse_errors_match_flux_and_name_the_expression() {
        let v = vars();
        let cases = [
            ("x ${var01", "missing closing brace"),
            ("${var01-d}", "missing closing brace"),
            ("${var01+d}", "missing closing brace"),
            ("${var01?d}", "missing closing brace"),
            ("${var01.x}", "missing closing brace"),
            ("${}", "unable to parse variable name"),
            ("${-x}", "unable to parse variable name"),
            ("${#}", "bad substitution"),
            ("${#var01:1}", "bad substitution"),
            ("${var01^^^}", "bad substitution"),
            ("${var01#}", "unable to parse substitution within function"),
            ("${var01%%}", "unable to parse substitution within function"),
            ("${var01#a${b}}", "bad substitution"),
            ("${var01:}", "unable to parse substitution within function"),
            (
                "${var01::2}",
                "unable to parse substitution within function",
            ),
            (
                "${var01:1:}",
                "unable to parse substitution within function",
            ),
            ("${var01:1${b}}", "bad substitution"),
            ("${var01/a}", "bad substitution"),
            ("${var01/a/b", "bad substitution"),
            ("${var01/a/", "unable to parse substitution within function"),
            ("${var01:=a", "unable to parse substitution within function"),
        ];
        for (input, want) in cases {
            let err = expand(input, &v, false).expect_err(input);
            assert!(err.starts_with(want), "{input:?}: {err}");
            let shown = input.trim_start_matches("x ");
            assert!(err.contains(&format!("{shown:?}")), "{input:?}: {err}");
        }
        // Parsing happens before evaluation: a later parse error wins.
        let err = expand("${missing} ${var01:}", &v, true).unwrap_err();
        assert!(err.starts_with("unable to parse"), "{err}");
    }

    #[test]
    fn strict_mode_exempts_only_the_default_forms() {
        let v = vars();
        for input in [
            "${missing}",
            "${#missing}",
            "${missing^}",
            "${missing^^}",
            "${missing,}",
            "${missing,,}",
            "${missing:0}",
            "${missing:0:10}",
            "${missing/a/b}",
            "${missing//a/b}",
            "${missing/#a/b}",
            "${missing/%a/b}",
            "${missing#a}",
            "${missing##a}",
            "${missing%a}",
            "${missing%%a}",
            // Arguments are evaluated even when the value is set.
            "${var01:-${missing}}",
        ] {
            let err = expand(input, &v, true).expect_err(input);
            assert!(
                err.starts_with("variable not set (strict mode): \"missing\""),
                "{input:?}: {err}"
            );
            assert!(err.contains(" in \"${"), "{input:?}: {err}");
            assert!(expand(input, &v, false).is_ok(), "{input:?}");
        }
        for (input, want) in [
            ("${missing:-fb}", "fb"),
            ("${missing:=fb}", "fb"),
            ("${missing=fb}", "fb"),
            ("${missing:?fb}", "fb"),
            ("${missing:+fb}", "fb"),
            ("${empty}", ""),
            ("${empty^^}", ""),
        ] {
            assert_eq!(expand(input, &v, true).unwrap(), want, "{input:?}");
        }
    }

    #[test]
    fn glob_matching_follows_envsubst_path_match() {
        let m = |p: &str, n: &str| glob_match(p.as_bytes(), n.as_bytes());
        assert_eq!(m("*", "a/b"), Ok(true));
        assert_eq!(m("a*c", "a/b/c"), Ok(true));
        assert_eq!(m("a?c", "a/c"), Ok(true));
        assert_eq!(m("a?c", "aéc"), Ok(true));
        assert_eq!(m("a?c", "abbc"), Ok(false));
        assert_eq!(m("[a-c]x", "bx"), Ok(true));
        assert_eq!(m("[^a-c]x", "bx"), Ok(false));
        assert_eq!(m(r"[\]]", "]"), Ok(true));
        assert_eq!(m(r"a\*", "a*"), Ok(true));
        assert_eq!(m(r"a\*", "ab"), Ok(false));
        assert_eq!(m("*x*y", "axbxcy"), Ok(true));
        assert_eq!(m("*.txt", "a.txt.bak"), Ok(false));
        assert_eq!(m("[", "a"), Err(()));
        assert_eq!(m("[]a]", "a"), Err(()));
        assert_eq!(m("a\\", "a"), Ok(false));
        assert_eq!(m("b\\", "b"), Ok(false));
        assert_eq!(m("b\\", "bc"), Err(()));
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
        let mut malformed = vec![json!({"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "m"}, "data": {"x": "${app:}"}})];
        let err = substitute(&mut malformed, &sub).unwrap_err().to_string();
        assert!(
            err.contains("ConfigMap") && err.contains("${app:}"),
            "{err}"
        );
        let bad = Substitution {
            variables: BTreeMap::from([("1x".to_string(), String::new())]),
            strict: false,
        };
        assert!(substitute(&mut objs, &bad).is_err());
    }
}
