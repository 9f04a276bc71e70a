//! A small engine for commit message templates in Go `text/template`
//! syntax: the constructs Flux's documentation and examples use, over the
//! data model Flux gives templates.
//!
//! Supported: text with `{{- -}}` trimming and `{{/* comments */}}`;
//! pipelines of fields (`.Changed.FileChanges`, `$change.NewValue`),
//! variables (`$`, `$x := …`, `$x = …`), literals and parenthesised
//! pipelines; `if`/`else if`/`else`, `range` (with `$k, $v :=`) and `with`;
//! Go's built-in functions (`and or not len index print printf println
//! eq ne lt le gt ge`) and the common Sprig string functions (`lower upper
//! title trim trimPrefix trimSuffix trimAll contains hasPrefix hasSuffix
//! replace repeat quote squote default empty join trunc nospace indent
//! nindent toString cat substr list first last uniq sortAlpha splitList has
//! sha256sum b64enc regexReplaceAll`). Anything else (`define`, `template`, `block`,
//! `break`, other functions) is refused with an error naming it, never
//! rendered wrong.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::setters::{Change, ObjectChanges, ObjectIdentifier, UpdateResult};

/// Why a template could not be parsed or executed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(String);

fn fail<T>(message: impl Into<String>) -> Result<T, TemplateError> {
    Err(TemplateError(message.into()))
}

/// A value templates see, shaped like the Go value Flux passes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Go's nil / a missing map key.
    Nil,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// A slice.
    List(Vec<Value>),
    /// A map; entries in Go's sorted key order.
    Map(Vec<(Value, Value)>),
    /// A struct: how `{{ . }}` prints it, and its fields (and methods
    /// without arguments) by name.
    Struct {
        /// What `print` shows.
        display: String,
        /// Fields by Go name.
        fields: Vec<(&'static str, Value)>,
    },
}

impl Value {
    fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Struct { .. } => true,
        }
    }

    fn field(&self, name: &str) -> Result<Value, TemplateError> {
        match self {
            Value::Struct { fields, .. } => fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .map_or_else(|| fail(format!("can't evaluate field {name}")), Ok),
            Value::Map(entries) => Ok(entries
                .iter()
                .find(|(k, _)| matches!(k, Value::Str(s) if s == name))
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Nil)),
            Value::Nil => fail(format!("nil pointer evaluating .{name}")),
            _ => fail(format!("can't evaluate field {name} in a non-struct value")),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => f.write_str("<no value>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Str(s) => f.write_str(s),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Map(entries) => {
                f.write_str("map[")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                f.write_str("]")
            }
            Value::Struct { display, .. } => f.write_str(display),
        }
    }
}

// ---------------------------------------------------------------------------
// Syntax

#[derive(Debug, Clone, PartialEq)]
enum Base {
    Dot,
    Var(String),
    Func(String),
    Literal(Value),
    Paren(Box<Pipe>),
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    base: Base,
    fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Pipe {
    vars: Vec<String>,
    declare: bool,
    commands: Vec<Vec<Term>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Str(String),
    Number(i64),
    Ident(String),
    Field(String),
    Dot,
    Var(String),
    Open,
    Close,
    Bar,
    Declare,
    Assign,
    Comma,
}

/// Splits the inside of an action into tokens; each carries whether a space
/// preceded it (Go chains `$x.Field` and `(…).Field` only without one).
fn lex(action: &str) -> Result<Vec<(Token, bool)>, TemplateError> {
    let chars: Vec<char> = action.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut spaced = true;
    let ident_char = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            spaced = true;
            i += 1;
            continue;
        }
        let token = match c {
            '(' => {
                i += 1;
                Token::Open
            }
            ')' => {
                i += 1;
                Token::Close
            }
            '|' => {
                i += 1;
                Token::Bar
            }
            ',' => {
                i += 1;
                Token::Comma
            }
            '=' => {
                i += 1;
                Token::Assign
            }
            ':' if chars.get(i + 1) == Some(&'=') => {
                i += 2;
                Token::Declare
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return fail("unterminated quoted string"),
                        Some('"') => break,
                        Some('\\') => {
                            i += 1;
                            match chars.get(i) {
                                Some('n') => s.push('\n'),
                                Some('t') => s.push('\t'),
                                Some('\\') => s.push('\\'),
                                Some('"') => s.push('"'),
                                other => {
                                    return fail(format!(
                                        "unsupported escape \\{} in a quoted string",
                                        other.map(|c| c.to_string()).unwrap_or_default()
                                    ));
                                }
                            }
                        }
                        Some(&other) => s.push(other),
                    }
                    i += 1;
                }
                i += 1;
                Token::Str(s)
            }
            '`' => {
                let start = i + 1;
                let Some(len) = chars[start..].iter().position(|&c| c == '`') else {
                    return fail("unterminated raw string");
                };
                i = start + len + 1;
                Token::Str(chars[start..start + len].iter().collect())
            }
            '.' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && ident_char(chars[end]) {
                    end += 1;
                }
                i = end;
                if end == start {
                    Token::Dot
                } else {
                    Token::Field(chars[start..end].iter().collect())
                }
            }
            '$' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && ident_char(chars[end]) {
                    end += 1;
                }
                i = end;
                Token::Var(chars[start - 1..end].iter().collect())
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                match text.parse() {
                    Ok(n) => Token::Number(n),
                    Err(_) => return fail(format!("unsupported number {text}")),
                }
            }
            c if ident_char(c) => {
                let start = i;
                while i < chars.len() && ident_char(chars[i]) {
                    i += 1;
                }
                Token::Ident(chars[start..i].iter().collect())
            }
            other => return fail(format!("unexpected character {other:?} in an action")),
        };
        tokens.push((token, spaced));
        spaced = false;
    }
    Ok(tokens)
}

struct PipeParser {
    tokens: Vec<(Token, bool)>,
    pos: usize,
}

impl PipeParser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn chained(&self) -> Option<String> {
        match self.tokens.get(self.pos) {
            Some((Token::Field(f), false)) => Some(f.clone()),
            _ => None,
        }
    }

    fn pipe(&mut self) -> Result<Pipe, TemplateError> {
        let mut pipe = Pipe::default();
        // `$x :=` / `$k, $v :=` / `$x =` declarations.
        let save = self.pos;
        let mut vars = Vec::new();
        while let Some(Token::Var(v)) = self.peek() {
            vars.push(v.clone());
            self.pos += 1;
            if self.peek() == Some(&Token::Comma) {
                self.pos += 1;
            } else {
                break;
            }
        }
        match self.peek() {
            Some(Token::Declare) if !vars.is_empty() => {
                self.pos += 1;
                pipe.vars = vars;
                pipe.declare = true;
            }
            Some(Token::Assign) if vars.len() == 1 => {
                self.pos += 1;
                pipe.vars = vars;
            }
            _ => self.pos = save,
        }
        loop {
            let mut command = Vec::new();
            while let Some(token) = self.peek() {
                if matches!(token, Token::Bar | Token::Close) {
                    break;
                }
                command.push(self.term()?);
            }
            if command.is_empty() {
                return fail("missing value in a pipeline");
            }
            pipe.commands.push(command);
            if self.peek() == Some(&Token::Bar) {
                self.pos += 1;
            } else {
                return Ok(pipe);
            }
        }
    }

    fn term(&mut self) -> Result<Term, TemplateError> {
        let Some((token, _)) = self.tokens.get(self.pos).cloned() else {
            return fail("unexpected end of action");
        };
        self.pos += 1;
        let mut fields = Vec::new();
        let base = match token {
            Token::Dot => Base::Dot,
            Token::Field(f) => {
                fields.push(f);
                Base::Dot
            }
            Token::Var(v) => Base::Var(v),
            Token::Str(s) => Base::Literal(Value::Str(s)),
            Token::Number(n) => Base::Literal(Value::Int(n)),
            Token::Ident(name) => match name.as_str() {
                "true" => Base::Literal(Value::Bool(true)),
                "false" => Base::Literal(Value::Bool(false)),
                "nil" => Base::Literal(Value::Nil),
                _ => {
                    if !is_function(&name) {
                        return fail(format!("function {name:?} is not supported"));
                    }
                    Base::Func(name)
                }
            },
            Token::Open => {
                let inner = self.pipe()?;
                if self.peek() != Some(&Token::Close) {
                    return fail("unclosed left parenthesis");
                }
                self.pos += 1;
                Base::Paren(Box::new(inner))
            }
            other => return fail(format!("unexpected {other:?} in an action")),
        };
        while let Some(f) = self.chained() {
            self.pos += 1;
            fields.push(f);
        }
        Ok(Term { base, fields })
    }
}

fn parse_pipe(action: &str) -> Result<Pipe, TemplateError> {
    let mut parser = PipeParser {
        tokens: lex(action)?,
        pos: 0,
    };
    let pipe = parser.pipe()?;
    if parser.pos != parser.tokens.len() {
        return fail(format!(
            "unexpected {:?} in an action",
            parser.tokens[parser.pos].0
        ));
    }
    Ok(pipe)
}

/// One piece of the source: text, or an action's inside (trimmed).
enum Piece {
    Text(String),
    Action(String),
}

fn split(source: &str) -> Result<Vec<Piece>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = source;
    let mut trim_next = false;
    while let Some(open) = rest.find("{{") {
        let mut text = &rest[..open];
        if trim_next {
            text = text.trim_start();
        }
        let after = &rest[open + 2..];
        let trim_before =
            after.starts_with("- ") || after.starts_with("-\n") || after.starts_with("-\t");
        if trim_before {
            text = text.trim_end();
        }
        pieces.push(Piece::Text(text.to_string()));
        let inner_start = if trim_before { 1 } else { 0 };
        let Some(close) = after.find("}}") else {
            return fail("unclosed action");
        };
        let mut inner = &after[inner_start..close];
        trim_next = inner.ends_with(" -") || inner.ends_with("\n-") || inner.ends_with("\t-");
        if trim_next {
            inner = &inner[..inner.len() - 1];
        }
        let inner = inner.trim();
        if !(inner.starts_with("/*") && inner.ends_with("*/")) {
            pieces.push(Piece::Action(inner.to_string()));
        }
        rest = &after[close + 2..];
    }
    let text = if trim_next { rest.trim_start() } else { rest };
    pieces.push(Piece::Text(text.to_string()));
    Ok(pieces)
}

/// What ended a list of nodes.
enum Ending {
    Eof,
    End,
    Else(String),
}

fn parse_nodes(
    pieces: &mut std::iter::Peekable<std::vec::IntoIter<Piece>>,
) -> Result<(Vec<Node>, Ending), TemplateError> {
    let mut nodes = Vec::new();
    while let Some(piece) = pieces.next() {
        let action = match piece {
            Piece::Text(t) => {
                if !t.is_empty() {
                    nodes.push(Node::Text(t));
                }
                continue;
            }
            Piece::Action(a) => a,
        };
        let (keyword, rest) = match action.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim()),
            None => (action.as_str(), ""),
        };
        match keyword {
            "end" => return Ok((nodes, Ending::End)),
            "else" => return Ok((nodes, Ending::Else(rest.to_string()))),
            "if" | "range" | "with" => {
                let pipe = parse_pipe(rest)?;
                let (body, end) = parse_nodes(pieces)?;
                let otherwise = parse_else(pieces, end, keyword)?;
                nodes.push(match keyword {
                    "if" => Node::If(pipe, body, otherwise),
                    "range" => Node::Range(pipe, body, otherwise),
                    _ => Node::With(pipe, body, otherwise),
                });
            }
            "define" | "template" | "block" | "break" | "continue" => {
                return fail(format!("the {keyword:?} action is not supported"));
            }
            _ => nodes.push(Node::Action(parse_pipe(&action)?)),
        }
    }
    Ok((nodes, Ending::Eof))
}

/// The `else` part after a block body ended with `end`: empty, an `else`
/// body, or an `else if` / `else with` chain.
fn parse_else(
    pieces: &mut std::iter::Peekable<std::vec::IntoIter<Piece>>,
    end: Ending,
    keyword: &str,
) -> Result<Vec<Node>, TemplateError> {
    match end {
        Ending::Eof => fail(format!(
            "unexpected end of template: missing {{{{end}}}} of {keyword}"
        )),
        Ending::End => Ok(Vec::new()),
        Ending::Else(chain) if chain.is_empty() => {
            let (body, end) = parse_nodes(pieces)?;
            match end {
                Ending::End => Ok(body),
                _ => fail(format!(
                    "expected {{{{end}}}} after {{{{else}}}} of {keyword}"
                )),
            }
        }
        Ending::Else(chain) => {
            let (inner, rest) = chain
                .split_once(char::is_whitespace)
                .unwrap_or((&chain, ""));
            if inner != "if" && inner != "with" {
                return fail(format!("unexpected {{{{else {chain}}}}}"));
            }
            let pipe = parse_pipe(rest.trim())?;
            let (body, end) = parse_nodes(pieces)?;
            let otherwise = parse_else(pieces, end, inner)?;
            Ok(vec![if inner == "if" {
                Node::If(pipe, body, otherwise)
            } else {
                Node::With(pipe, body, otherwise)
            }])
        }
    }
}

impl Template {
    /// Parses `source`.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let mut pieces = split(source)?.into_iter().peekable();
        let (nodes, end) = parse_nodes(&mut pieces)?;
        match end {
            Ending::Eof => Ok(Self { nodes }),
            Ending::End => fail("unexpected {{end}}"),
            Ending::Else(_) => fail("unexpected {{else}}"),
        }
    }

    /// Whether any field access anywhere names `field` right after `.`
    /// (the data root), e.g. Flux's removed `.Updated`.
    pub fn uses_root_field(&self, field: &str) -> bool {
        fn pipe_uses(p: &Pipe, field: &str) -> bool {
            p.commands.iter().flatten().any(|t| match &t.base {
                Base::Dot | Base::Var(_) => {
                    t.fields.first().is_some_and(|f| f == field)
                        && (t.base == Base::Dot || t.base == Base::Var("$".into()))
                }
                Base::Paren(inner) => pipe_uses(inner, field),
                _ => false,
            })
        }
        fn nodes_use(nodes: &[Node], field: &str) -> bool {
            nodes.iter().any(|n| match n {
                Node::Text(_) => false,
                Node::Action(p) => pipe_uses(p, field),
                Node::If(p, a, b) | Node::Range(p, a, b) | Node::With(p, a, b) => {
                    pipe_uses(p, field) || nodes_use(a, field) || nodes_use(b, field)
                }
            })
        }
        nodes_use(&self.nodes, field)
    }

    /// Renders the template with `data` as `.` and `$`.
    pub fn execute(&self, data: &Value) -> Result<String, TemplateError> {
        let mut out = String::new();
        let mut scope = Scope {
            vars: vec![("$".to_string(), data.clone())],
        };
        scope.nodes(&self.nodes, data, &mut out)?;
        Ok(out)
    }
}

// ---------------------------------------------------------------------------
// Execution

struct Scope {
    vars: Vec<(String, Value)>,
}

impl Scope {
    fn var(&self, name: &str) -> Result<Value, TemplateError> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .map_or_else(|| fail(format!("undefined variable: {name}")), Ok)
    }

    fn nodes(
        &mut self,
        nodes: &[Node],
        dot: &Value,
        out: &mut String,
    ) -> Result<(), TemplateError> {
        let depth = self.vars.len();
        for node in nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Action(pipe) => {
                    let value = self.pipe(pipe, dot)?;
                    if pipe.vars.is_empty() {
                        let _ = write!(out, "{value}");
                    }
                }
                Node::If(pipe, then, otherwise) => {
                    let inner = self.vars.len();
                    let branch = if self.pipe(pipe, dot)?.truthy() {
                        then
                    } else {
                        otherwise
                    };
                    self.nodes(branch, dot, out)?;
                    self.vars.truncate(inner);
                }
                Node::With(pipe, body, otherwise) => {
                    let inner = self.vars.len();
                    let value = self.pipe(pipe, dot)?;
                    if value.truthy() {
                        self.nodes(body, &value, out)?;
                    } else {
                        self.nodes(otherwise, dot, out)?;
                    }
                    self.vars.truncate(inner);
                }
                Node::Range(pipe, body, otherwise) => {
                    self.range(pipe, body, otherwise, dot, out)?
                }
            }
        }
        self.vars.truncate(depth);
        Ok(())
    }

    fn range(
        &mut self,
        pipe: &Pipe,
        body: &[Node],
        otherwise: &[Node],
        dot: &Value,
        out: &mut String,
    ) -> Result<(), TemplateError> {
        // The variables of `range $k, $v := X` are bound per element, not to X.
        let bare = Pipe {
            vars: Vec::new(),
            declare: false,
            commands: pipe.commands.clone(),
        };
        let value = self.pipe(&bare, dot)?;
        let items: Vec<(Value, Value)> = match value {
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Int(i as i64), v))
                .collect(),
            Value::Map(entries) => entries,
            Value::Nil => Vec::new(),
            Value::Int(n) => (0..n.max(0))
                .map(|i| (Value::Int(i), Value::Int(i)))
                .collect(),
            other => return fail(format!("range can't iterate over {other}")),
        };
        if items.is_empty() {
            return self.nodes(otherwise, dot, out);
        }
        for (key, element) in items {
            let inner = self.vars.len();
            match pipe.vars.as_slice() {
                [] => {}
                [v] => self.vars.push((v.clone(), element.clone())),
                [k, v] => {
                    self.vars.push((k.clone(), key));
                    self.vars.push((v.clone(), element.clone()));
                }
                _ => return fail("too many variables in range"),
            }
            self.nodes(body, &element, out)?;
            self.vars.truncate(inner);
        }
        Ok(())
    }

    fn pipe(&mut self, pipe: &Pipe, dot: &Value) -> Result<Value, TemplateError> {
        let mut value: Option<Value> = None;
        for command in &pipe.commands {
            value = Some(self.command(command, dot, value)?);
        }
        let value = value.unwrap_or(Value::Nil);
        for name in &pipe.vars {
            if pipe.declare {
                self.vars.push((name.clone(), value.clone()));
            } else {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = value.clone(),
                    None => return fail(format!("undefined variable: {name}")),
                }
            }
        }
        Ok(value)
    }

    fn command(
        &mut self,
        command: &[Term],
        dot: &Value,
        piped: Option<Value>,
    ) -> Result<Value, TemplateError> {
        let Some(first) = command.first() else {
            return fail("empty command");
        };
        if let Base::Func(name) = &first.base {
            let mut args = Vec::new();
            for term in &command[1..] {
                args.push(self.term(term, dot)?);
            }
            args.extend(piped);
            return call(name, args);
        }
        if command.len() > 1 || piped.is_some() {
            return fail("can't give arguments to a non-function value");
        }
        self.term(first, dot)
    }

    fn term(&mut self, term: &Term, dot: &Value) -> Result<Value, TemplateError> {
        let mut value = match &term.base {
            Base::Dot => dot.clone(),
            Base::Var(name) => self.var(name)?,
            Base::Literal(v) => v.clone(),
            Base::Paren(pipe) => self.pipe(pipe, dot)?,
            Base::Func(name) => return call(name, Vec::new()),
        };
        for field in &term.fields {
            value = value.field(field)?;
        }
        Ok(value)
    }
}

const FUNCTIONS: &[&str] = &[
    "and",
    "or",
    "not",
    "len",
    "index",
    "print",
    "printf",
    "println",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "lower",
    "upper",
    "title",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "trimAll",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "replace",
    "repeat",
    "quote",
    "squote",
    "default",
    "empty",
    "join",
    "trunc",
    "nospace",
    "indent",
    "nindent",
    "toString",
    "list",
    "first",
    "last",
    "uniq",
    "sortAlpha",
    "splitList",
    "has",
    "cat",
    "substr",
    "sha256sum",
    "b64enc",
    "regexReplaceAll",
];

fn is_function(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

fn arity(name: &str, args: &[Value], n: usize) -> Result<(), TemplateError> {
    if args.len() == n {
        Ok(())
    } else {
        fail(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ))
    }
}

fn string_arg(args: &[Value], i: usize) -> String {
    args.get(i).map(ToString::to_string).unwrap_or_default()
}

fn int_arg(name: &str, args: &[Value], i: usize) -> Result<i64, TemplateError> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        Some(Value::Str(s)) => s
            .parse()
            .map_or_else(|_| fail(format!("{name}: {s:?} is not a number")), Ok),
        other => fail(format!(
            "{name}: expected a number, got {}",
            other.cloned().unwrap_or(Value::Nil)
        )),
    }
}

/// Go's `print`: spaces between operands when neither is a string.
fn go_print(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 && !matches!(arg, Value::Str(_)) && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        let _ = write!(out, "{arg}");
    }
    out
}

fn printf(args: &[Value]) -> Result<String, TemplateError> {
    let format = string_arg(args, 0);
    let mut rest = args.iter().skip(1);
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb @ ('s' | 'v' | 'd' | 'q')) => {
                let Some(arg) = rest.next() else {
                    let _ = write!(out, "%!{verb}(MISSING)");
                    continue;
                };
                if verb == 'q' {
                    let _ = write!(out, "{:?}", arg.to_string());
                } else {
                    let _ = write!(out, "{arg}");
                }
            }
            other => {
                return fail(format!(
                    "printf verb %{} is not supported (use %s, %v, %d or %q)",
                    other.map(String::from).unwrap_or_default()
                ));
            }
        }
    }
    Ok(out)
}

fn compare(name: &str, a: &Value, b: &Value) -> Result<std::cmp::Ordering, TemplateError> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
        _ => fail(format!("{name}: incompatible types for comparison")),
    }
}

fn call(name: &str, args: Vec<Value>) -> Result<Value, TemplateError> {
    let s = |i: usize| string_arg(&args, i);
    Ok(match name {
        "and" => args
            .iter()
            .find(|v| !v.truthy())
            .or(args.last())
            .cloned()
            .unwrap_or(Value::Nil),
        "or" => args
            .iter()
            .find(|v| v.truthy())
            .or(args.last())
            .cloned()
            .unwrap_or(Value::Nil),
        "not" => {
            arity(name, &args, 1)?;
            Value::Bool(!args[0].truthy())
        }
        "len" => {
            arity(name, &args, 1)?;
            Value::Int(match &args[0] {
                Value::Str(s) => s.len(),
                Value::List(l) => l.len(),
                Value::Map(m) => m.len(),
                other => return fail(format!("len of {other}")),
            } as i64)
        }
        "index" => {
            let mut value = args.first().cloned().unwrap_or(Value::Nil);
            for key in args.iter().skip(1) {
                value = match (&value, key) {
                    (Value::List(l), Value::Int(i)) => {
                        match usize::try_from(*i).ok().and_then(|i| l.get(i)) {
                            Some(v) => v.clone(),
                            None => return fail(format!("index out of range: {i}")),
                        }
                    }
                    (Value::Map(m), k) => m
                        .iter()
                        .find(|(mk, _)| mk == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(Value::Nil),
                    _ => return fail("can't index this value"),
                };
            }
            value
        }
        "print" => Value::Str(go_print(&args)),
        "println" => {
            let mut out = args
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            out.push('\n');
            Value::Str(out)
        }
        "printf" => Value::Str(printf(&args)?),
        "eq" => {
            if args.len() < 2 {
                return fail("eq: missing argument for comparison");
            }
            Value::Bool(args[1..].iter().any(|b| *b == args[0]))
        }
        "ne" => {
            arity(name, &args, 2)?;
            Value::Bool(args[0] != args[1])
        }
        "lt" | "le" | "gt" | "ge" => {
            arity(name, &args, 2)?;
            let o = compare(name, &args[0], &args[1])?;
            Value::Bool(match name {
                "lt" => o.is_lt(),
                "le" => o.is_le(),
                "gt" => o.is_gt(),
                _ => o.is_ge(),
            })
        }
        "lower" => Value::Str(s(0).to_lowercase()),
        "upper" => Value::Str(s(0).to_uppercase()),
        "title" => Value::Str(
            s(0).split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                })
                .collect::<Vec<String>>()
                .join(" "),
        ),
        "trim" => Value::Str(s(0).trim().to_string()),
        "nospace" => Value::Str(s(0).chars().filter(|c| !c.is_whitespace()).collect()),
        "toString" => Value::Str(s(0)),
        // Sprig's argument order: the piped string comes last.
        "trimPrefix" => Value::Str(
            s(1).strip_prefix(&s(0))
                .map(str::to_string)
                .unwrap_or_else(|| s(1)),
        ),
        "trimSuffix" => Value::Str(
            s(1).strip_suffix(&s(0))
                .map(str::to_string)
                .unwrap_or_else(|| s(1)),
        ),
        "trimAll" => Value::Str(s(1).trim_matches(|c| s(0).contains(c)).to_string()),
        "contains" => Value::Bool(s(1).contains(&s(0))),
        "hasPrefix" => Value::Bool(s(1).starts_with(&s(0))),
        "hasSuffix" => Value::Bool(s(1).ends_with(&s(0))),
        "replace" => {
            arity(name, &args, 3)?;
            Value::Str(s(2).replace(&s(0), &s(1)))
        }
        "repeat" => {
            arity(name, &args, 2)?;
            let n = int_arg(name, &args, 0)?;
            Value::Str(s(1).repeat(usize::try_from(n).unwrap_or(0)))
        }
        "quote" => Value::Str(
            args.iter()
                .map(|a| format!("{:?}", a.to_string()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "squote" => Value::Str(
            args.iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "default" => {
            arity(name, &args, 2)?;
            if args[1].truthy() {
                args[1].clone()
            } else {
                args[0].clone()
            }
        }
        "empty" => {
            arity(name, &args, 1)?;
            Value::Bool(!args[0].truthy())
        }
        "join" => {
            arity(name, &args, 2)?;
            match &args[1] {
                Value::List(items) => Value::Str(
                    items
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(&s(0)),
                ),
                other => Value::Str(other.to_string()),
            }
        }
        "trunc" => {
            arity(name, &args, 2)?;
            let n = int_arg(name, &args, 0)?;
            let text = s(1);
            let count = text.chars().count() as i64;
            let kept: String = if n >= 0 {
                text.chars().take(usize::try_from(n).unwrap_or(0)).collect()
            } else {
                text.chars()
                    .skip(usize::try_from(count + n).unwrap_or(0))
                    .collect()
            };
            Value::Str(kept)
        }
        "indent" | "nindent" => {
            arity(name, &args, 2)?;
            let pad = " ".repeat(usize::try_from(int_arg(name, &args, 0)?).unwrap_or(0));
            let indented = s(1)
                .split('\n')
                .map(|l| format!("{pad}{l}"))
                .collect::<Vec<_>>()
                .join("\n");
            Value::Str(if name == "nindent" {
                format!("\n{indented}")
            } else {
                indented
            })
        }
        "list" => Value::List(args),
        "first" | "last" => {
            arity(name, &args, 1)?;
            match &args[0] {
                Value::List(items) => {
                    let item = if name == "first" {
                        items.first()
                    } else {
                        items.last()
                    };
                    item.cloned().unwrap_or(Value::Nil)
                }
                other => return fail(format!("{name} of a non-list value {other}")),
            }
        }
        "uniq" | "sortAlpha" => {
            arity(name, &args, 1)?;
            let Value::List(items) = &args[0] else {
                return fail(format!("{name} of a non-list value {}", args[0]));
            };
            if name == "uniq" {
                let mut kept: Vec<Value> = Vec::new();
                for item in items {
                    if !kept.contains(item) {
                        kept.push(item.clone());
                    }
                }
                Value::List(kept)
            } else {
                let mut sorted: Vec<String> = items.iter().map(ToString::to_string).collect();
                sorted.sort();
                Value::List(sorted.into_iter().map(Value::Str).collect())
            }
        }
        "splitList" => {
            arity(name, &args, 2)?;
            Value::List(
                s(1).split(s(0).as_str())
                    .map(|p| Value::Str(p.to_string()))
                    .collect(),
            )
        }
        "has" => {
            arity(name, &args, 2)?;
            match &args[1] {
                Value::List(items) => Value::Bool(items.contains(&args[0])),
                _ => Value::Bool(false),
            }
        }
        "cat" => Value::Str(
            args.iter()
                .filter(|a| **a != Value::Nil)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "substr" => {
            arity(name, &args, 3)?;
            let (start, end) = (int_arg(name, &args, 0)?, int_arg(name, &args, 1)?);
            let text: Vec<char> = s(2).chars().collect();
            let clamp = |i: i64| usize::try_from(i).unwrap_or(0).min(text.len());
            let (start, end) = if end < 0 {
                (clamp(start), text.len())
            } else {
                (clamp(start), clamp(end))
            };
            Value::Str(
                text.get(start..end.max(start))
                    .unwrap_or_default()
                    .iter()
                    .collect(),
            )
        }
        "sha256sum" => {
            use sha2::Digest as _;
            let digest = sha2::Sha256::digest(s(0).as_bytes());
            Value::Str(digest.iter().map(|b| format!("{b:02x}")).collect())
        }
        "b64enc" => {
            use base64::Engine as _;
            Value::Str(base64::engine::general_purpose::STANDARD.encode(s(0)))
        }
        "regexReplaceAll" => {
            arity(name, &args, 3)?;
            let re = regex::Regex::new(&s(0)).map_err(|e| {
                TemplateError(format!("regexReplaceAll: invalid regular expression: {e}"))
            })?;
            // Go's ${1} and $name expand like the regex crate's.
            Value::Str(re.replace_all(&s(1), s(2).as_str()).into_owned())
        }
        other => return fail(format!("function {other:?} is not supported")),
    })
}

// ---------------------------------------------------------------------------
// Flux's data model

fn str_value(s: &str) -> Value {
    Value::Str(s.to_string())
}

fn identifier_value(id: &ObjectIdentifier) -> Value {
    Value::Struct {
        // Go prints Flux's identifier as its nested kyaml structs.
        display: format!(
            "{{{{{{{} {}}} {{{} {}}}}}}}",
            id.api_version, id.kind, id.name, id.namespace
        ),
        fields: vec![
            ("APIVersion", str_value(&id.api_version)),
            ("Kind", str_value(&id.kind)),
            ("Name", str_value(&id.name)),
            ("Namespace", str_value(&id.namespace)),
        ],
    }
}

fn change_value(c: &Change) -> Value {
    Value::Struct {
        display: format!("{{{} {} {}}}", c.old_value, c.new_value, c.setter),
        fields: vec![
            ("OldValue", str_value(&c.old_value)),
            ("NewValue", str_value(&c.new_value)),
            ("Setter", str_value(&c.setter)),
        ],
    }
}

fn object_changes_value(objects: &ObjectChanges) -> Value {
    Value::Map(
        objects
            .iter()
            .map(|(id, changes)| {
                (
                    identifier_value(id),
                    Value::List(changes.iter().map(change_value).collect()),
                )
            })
            .collect(),
    )
}

/// The data Flux gives commit message templates: `.AutomationObject`
/// (`Name`, `Namespace`; prints as `namespace/name`), `.Changed`
/// (`FileChanges`, and the methods `Changes` and `Objects`) and `.Values`
/// (`spec.git.commit.messageTemplateValues`).
pub fn template_data(
    namespace: &str,
    name: &str,
    changed: &UpdateResult,
    values: &BTreeMap<String, String>,
) -> Value {
    let files = changed
        .file_changes
        .iter()
        .map(|(file, objects)| (str_value(file), object_changes_value(objects)))
        .collect();
    let changed_value = Value::Struct {
        display: String::new(),
        fields: vec![
            ("FileChanges", Value::Map(files)),
            (
                "Changes",
                Value::List(changed.changes().iter().map(change_value).collect()),
            ),
            ("Objects", object_changes_value(&changed.objects())),
        ],
    };
    Value::Struct {
        display: String::new(),
        fields: vec![
            (
                "AutomationObject",
                Value::Struct {
                    display: format!("{namespace}/{name}"),
                    fields: vec![
                        ("Name", str_value(name)),
                        ("Namespace", str_value(namespace)),
                    ],
                },
            ),
            ("Changed", changed_value),
            (
                "Values",
                Value::Map(
                    values
                        .iter()
                        .map(|(k, v)| (str_value(k), str_value(v)))
                        .collect(),
                ),
            ),
        ],
    }
}

#[cfg(test)]
mod tests;
