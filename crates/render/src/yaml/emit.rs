//! YAML output in the exact style `kubectl kustomize` prints.
//!
//! kustomize turns every object into JSON and back into YAML with the go-yaml
//! v2 encoder (via `sigs.k8s.io/yaml`). So its output has map keys sorted with
//! go-yaml v2's "natural" key order, two-space indentation, block sequences not
//! indented under their key, scalars quoted only when a plain scalar would read
//! back as something else, multi-line strings as literal blocks, and long
//! plain/quoted scalars folded at column 80. This module reproduces those rules
//! (written from the behaviour of the v2 emitter, checked against kubectl).

use serde_json::{Map, Number, Value};

use super::scalar;

/// go-yaml's preferred line width: scalars are folded at a space past it.
const BEST_WIDTH: usize = 80;
/// Indentation per nesting level.
const INDENT_STEP: usize = 2;
/// Longest key (in bytes) go-yaml writes as a simple `key: value`.
const MAX_SIMPLE_KEY: usize = 128;

/// Renders one document (no `---` separator) the way kustomize does.
pub(crate) fn to_document(value: &Value) -> String {
    let mut e = Emitter::new();
    match value {
        Value::Object(map) if !map.is_empty() => e.block_mapping(map, 0),
        Value::Array(items) if !items.is_empty() => e.block_sequence(items, 0),
        other => {
            // A bare scalar or empty collection at the root.
            e.whitespace = true;
            e.node_inline(other, 0, false);
        }
    }
    // Document end: go-yaml writes a line break unless the cursor already
    // sits at the start of a line.
    if e.column > 0 {
        e.put_break();
    }
    if e.open_ended {
        e.out.push_str("...\n");
    }
    e.out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self, indent: usize) {
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    /// Keys at column `indent`, one per line.
    fn block_mapping(&mut self, map: &Map<String, Value>, indent: usize) {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort_by(|a, b| natural_cmp(a, b));
        for key in keys {
            self.write_indent(indent);
            let value = &map[key.as_str()];
            // go-yaml writes keys over 128 bytes or with line breaks as
            // explicit `? key` / `: value` pairs.
            if key.len() > MAX_SIMPLE_KEY || key.contains(scalar::is_break) {
                self.write_indicator("?", true, false, true);
                self.scalar_string(key, indent + INDENT_STEP, false);
                self.write_indent(indent);
                self.write_indicator(":", true, false, true);
                match value {
                    Value::Object(m) if !m.is_empty() => {
                        self.block_mapping(m, indent + INDENT_STEP)
                    }
                    Value::Array(a) if !a.is_empty() => {
                        self.block_sequence(a, indent + INDENT_STEP)
                    }
                    other => self.node_inline(other, indent + INDENT_STEP, false),
                }
                continue;
            }
            self.scalar_string(key, indent + INDENT_STEP, true);
            self.write_indicator(":", false, false, false);
            match value {
                Value::Object(m) if !m.is_empty() => self.block_mapping(m, indent + INDENT_STEP),
                // NB: a sequence under a mapping key is "indentless" in go-yaml.
                Value::Array(a) if !a.is_empty() => self.block_sequence(a, indent),
                other => self.node_inline(other, indent + INDENT_STEP, false),
            }
        }
    }

    /// Items at column `indent`, each introduced by `- `.
    fn block_sequence(&mut self, items: &[Value], indent: usize) {
        for item in items {
            self.write_indent(indent);
            self.write_indicator("-", true, false, true);
            match item {
                Value::Object(m) if !m.is_empty() => self.block_mapping(m, indent + INDENT_STEP),
                Value::Array(a) if !a.is_empty() => self.block_sequence(a, indent + INDENT_STEP),
                other => self.node_inline(other, indent + INDENT_STEP, false),
            }
        }
    }

    /// Scalars and empty collections, on the current line.
    fn node_inline(&mut self, value: &Value, indent: usize, simple_key: bool) {
        match value {
            Value::Null => self.plain("null"),
            Value::Bool(b) => self.plain(if *b { "true" } else { "false" }),
            Value::Number(n) => self.plain(&format_number(n)),
            Value::String(s) => self.scalar_string(s, indent, simple_key),
            Value::Array(_) => self.write_indicator("[]", true, false, false),
            Value::Object(_) => self.write_indicator("{}", true, false, false),
        }
    }

    fn plain(&mut self, text: &str) {
        self.write_plain(text, indent_unused(), false);
    }

    fn scalar_string(&mut self, s: &str, indent: usize, simple_key: bool) {
        let style = select_style(s, simple_key);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(s, indent, allow_breaks),
            Style::Single => self.write_single(s, indent, allow_breaks),
            Style::Double => self.write_double(s, indent, allow_breaks),
            Style::Literal => self.write_literal(s, indent),
        }
    }

    fn write_plain(&mut self, value: &str, indent: usize, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if scalar::is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
            i += 1;
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_single(&mut self, value: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        let n = chars.len();
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < n - 1
                    && !next_space
                {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if scalar::is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
            i += 1;
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double(&mut self, value: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if !scalar::is_printable(c)
                || c == '\u{feff}'
                || scalar::is_break(c)
                || c == '"'
                || c == '\\'
            {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    other => {
                        let v = other as u32;
                        let (ind, width) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(ind);
                        for k in (0..width).rev() {
                            let digit = (v >> (k * 4)) & 0xf;
                            let ch = char::from_digit(digit, 16).unwrap_or('0');
                            self.put(ch.to_ascii_uppercase());
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < n - 1 {
                    self.write_indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str, indent: usize) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the text starts
        // with a space or break, and the chomping indicator.
        if value.starts_with(' ') || value.starts_with(scalar::is_break) {
            self.write_indicator(&INDENT_STEP.to_string(), false, false, false);
        }
        self.open_ended = false;
        let mut rev = value.chars().rev();
        let last = rev.next();
        let chomp = match last {
            None => Some('-'),
            Some(c) if !scalar::is_break(c) => Some('-'),
            Some(_) => match rev.next() {
                None => Some('+'),
                Some(c) if scalar::is_break(c) => Some('+'),
                Some(_) => None,
            },
        };
        if let Some(ch) = chomp {
            self.write_indicator(&ch.to_string(), false, false, false);
            if ch == '+' {
                self.open_ended = true;
            }
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if scalar::is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// Plain scalars of non-strings never fold, so their indent is irrelevant.
fn indent_unused() -> usize {
    0
}

/// The style go-yaml v2 picks for a string: plain when it would read back as
/// the same string, literal block when it has a line break, double quotes
/// otherwise, adjusted by what the characters allow.
fn select_style(s: &str, simple_key: bool) -> Style {
    let can_use_plain = scalar::plain_reads_as_string(s);
    let requested = if s.contains('\n') {
        Style::Literal
    } else if can_use_plain {
        Style::Plain
    } else {
        Style::Double
    };
    let a = analyze(s);
    let mut style = requested;
    if simple_key && a.multiline {
        style = Style::Double;
    }
    if style == Style::Plain {
        if !a.block_plain_allowed {
            style = Style::Single;
        }
        if s.is_empty() && simple_key {
            style = Style::Single;
        }
    }
    if style == Style::Single && !a.single_quoted_allowed {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block_allowed || simple_key) {
        style = Style::Double;
    }
    style
}

struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// What each scalar style can represent, per the YAML emitter's rules.
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let mut preceded_by_ws = true;
    let (mut previous_space, mut previous_break) = (false, false);
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws = i + 1 >= n || scalar::is_blank(chars[i + 1]);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' if followed_by_ws => block_indicators = true,
                '-' if followed_by_ws => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_indicators = true,
                '#' if preceded_by_ws => block_indicators = true,
                _ => {}
            }
        }
        if !scalar::is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if scalar::is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = scalar::is_blank(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// go-yaml v2's map key order: letters compare as characters, runs of digits
/// compare as numbers, and a letter sorts after a non-letter.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let less = |x: &[char], y: &[char]| -> Option<bool> {
        for i in 0..x.len().min(y.len()) {
            if x[i] == y[i] {
                continue;
            }
            let al = x[i].is_alphabetic();
            let bl = y[i].is_alphabetic();
            if al && bl {
                return Some(x[i] < y[i]);
            }
            if al || bl {
                return Some(bl);
            }
            let (mut an, mut bn): (i64, i64) = (0, 0);
            if x[i] == '0' || y[i] == '0' {
                let mut j = i;
                while j > 0 {
                    j -= 1;
                    if !x[j].is_ascii_digit() {
                        break;
                    }
                    if x[j] != '0' {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            let mut ai = i;
            while ai < x.len() && x[ai].is_ascii_digit() {
                an = an
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(x[ai] as u8 - b'0'));
                ai += 1;
            }
            let mut bi = i;
            while bi < y.len() && y[bi].is_ascii_digit() {
                bn = bn
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(y[bi] as u8 - b'0'));
                bi += 1;
            }
            if an != bn {
                return Some(an < bn);
            }
            if ai != bi {
                return Some(ai < bi);
            }
            return Some(x[i] < y[i]);
        }
        None
    };
    match less(&ar, &br) {
        Some(true) => Ordering::Less,
        Some(false) => match less(&br, &ar) {
            Some(true) => Ordering::Greater,
            _ => Ordering::Equal,
        },
        None => ar.len().cmp(&br.len()),
    }
}

/// Numbers as kustomize prints them after its JSON round trip: whole values
/// as integers, others in Go's shortest `%g` form.
pub(crate) fn format_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let abs = f.abs();
    // Go's encoding/json writes |f| in [1e-6, 1e21) without an exponent; YAML
    // then reads a whole number back as an integer.
    if (f == 0.0 || (1e-6..1e21).contains(&abs)) && f.fract() == 0.0 {
        if abs < 9.223_372_036_854_776e18 {
            return format!("{}", f as i64);
        }
        if f > 0.0 && abs < 1.844_674_407_370_955_2e19 {
            return format!("{}", f as u64);
        }
    }
    go_format_g(f)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
fn go_format_g(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    if f == 0.0 {
        return "0".into();
    }
    // Shortest round-trip digits and decimal exponent from Rust's `{:e}`.
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    // Go picks %e when exp < -4 || exp >= 6 (the precision used for shortest).
    if !(-4..6).contains(&exp) {
        let mut s = String::from(sign);
        s.push_str(&digits[..1]);
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if exp < 0 { '-' } else { '+' });
        let e = exp.abs();
        if e < 10 {
            s.push('0');
        }
        s.push_str(&e.to_string());
        return s;
    }
    // %f with the shortest digits.
    let mut s = String::from(sign);
    if exp < 0 {
        s.push_str("0.");
        for _ in 0..(-exp - 1) {
            s.push('0');
        }
        s.push_str(&digits);
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            s.push_str(&digits);
            for _ in digits.len()..int_len {
                s.push('0');
            }
        } else {
            s.push_str(&digits[..int_len]);
            s.push('.');
            s.push_str(&digits[int_len..]);
        }
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_g_format_matches_go() {
        assert_eq!(go_format_g(0.5), "0.5");
        assert_eq!(go_format_g(1234567.5), "1.2345675e+06");
        assert_eq!(go_format_g(1e-7), "1e-07");
        assert_eq!(go_format_g(1.2345678901234569e23), "1.2345678901234569e+23");
        assert_eq!(go_format_g(0.0001), "0.0001");
        assert_eq!(go_format_g(123456.5), "123456.5");
    }

    #[test]
    fn numbers_print_like_kustomize() {
        assert_eq!(
            format_number(&Number::from_f64(1.5e10).unwrap()),
            "15000000000"
        );
        assert_eq!(format_number(&Number::from_f64(1.0).unwrap()), "1");
        assert_eq!(format_number(&Number::from(-5)), "-5");
    }

    #[test]
    fn natural_order_compares_digit_runs_as_numbers() {
        let mut v = vec!["a10", "a9", "b", "A", "_x", "a"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["_x", "A", "a", "a9", "a10", "b"]);
    }

    #[test]
    fn emits_nested_structures_in_go_yaml_layout() {
        let v =
            json!({"kind": "X", "a": [{"b": 1, "c": [1, [2, 3]]}], "e": {}, "f": [], "n": "yes"});
        assert_eq!(
            to_document(&v),
            "a:\n- b: 1\n  c:\n  - 1\n  - - 2\n    - 3\ne: {}\nf: []\nkind: X\n\"n\": \"yes\"\n"
        );
    }
}
