//! Plain-scalar resolution: what a scalar written without quotes means.
//!
//! Reading follows go-yaml v3 (what kustomize parses with); deciding whether a
//! string needs quotes on output follows go-yaml v2 (what it prints with),
//! which also treats YAML 1.1 booleans (`yes`, `on`, `y`…) as non-strings.

use serde_json::{Number, Value};

/// Characters YAML can print unescaped (the emitter's `is_printable`).
pub(crate) fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
}

/// Line break characters.
pub(crate) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Space, tab or line break.
pub(crate) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || is_break(c)
}

/// A resolved plain scalar.
#[derive(Debug, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Timestamp(String),
    Str,
}

fn starts_numeric(s: &str) -> bool {
    matches!(s.as_bytes().first(), Some(b'0'..=b'9' | b'+' | b'-'))
}

/// Go's `strconv.ParseInt(s, 0, 64)`-like parse (sign, 0x/0o/0b prefixes,
/// leading-zero octal), without underscores.
fn parse_go_int(s: &str) -> Option<(bool, u64)> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok().map(|v| (neg, v))
}

fn yaml_style_float(s: &str) -> bool {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn int_or_float(s: &str) -> Option<Resolved> {
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if let Some((neg, v)) = parse_go_int(&plain) {
        if neg {
            if v <= i64::MAX as u64 + 1 {
                return Some(Resolved::Int(-(v as i128) as i64));
            }
        } else if v <= i64::MAX as u64 {
            return Some(Resolved::Int(v as i64));
        } else {
            return Some(Resolved::Uint(v));
        }
    }
    if yaml_style_float(&plain)
        && let Ok(f) = plain.parse::<f64>()
    {
        return Some(Resolved::Float(f));
    }
    None
}

/// go-yaml v3's reading of a plain scalar.
pub(crate) fn resolve_v3(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    if s.starts_with('.') {
        if yaml_style_float(s)
            && let Ok(f) = s.parse::<f64>()
        {
            return Resolved::Float(f);
        }
        return Resolved::Str;
    }
    if starts_numeric(s) {
        if let Some(ts) = timestamp(s) {
            return Resolved::Timestamp(ts);
        }
        if let Some(r) = int_or_float(s) {
            return r;
        }
    }
    Resolved::Str
}

/// go-yaml v2's (YAML 1.1) reading of a plain scalar.
pub(crate) fn resolve_v2(s: &str) -> Resolved {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Resolved::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Resolved::Bool(false),
        _ => resolve_v3(s),
    }
}

/// Whether go-yaml v2 would read `s`, written plain, back as the string `s`.
pub(crate) fn plain_reads_as_string(s: &str) -> bool {
    match s {
        "" | "~" | "null" | "Null" | "NULL" | "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N"
        | "no" | "No" | "NO" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "on"
        | "On" | "ON" | "off" | "Off" | "OFF" | ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf"
        | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => {
            return false;
        }
        _ => {}
    }
    if s.starts_with('.') {
        return !(yaml_style_float(s) || go_parse_float_ok(s));
    }
    if starts_numeric(s) && (timestamp(s).is_some() || int_or_float(s).is_some() || base60_float(s))
    {
        return false;
    }
    true
}

fn go_parse_float_ok(s: &str) -> bool {
    // Go's ParseFloat also takes "inf"/"nan" spellings, which never start
    // with '.', so for '.'-prefixed input this is the YAML float syntax.
    yaml_style_float(s)
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`: YAML 1.1 sexagesimal
/// floats, which go-yaml still quotes on output.
fn base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        let g = &b[start..i];
        let ok = match g.len() {
            1 => true,
            2 => g[0] <= b'5',
            _ => false,
        };
        if !ok {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// YAML timestamps as go-yaml accepts them (`2006-1-2`, optionally with a
/// time and zone), rendered as Go's RFC 3339 with nanoseconds, which is what
/// kustomize's JSON round trip prints for them.
pub(crate) fn timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut p = Cursor { b, i: 5 };
    let year = &s[..4];
    let month = p.num(1, 2)?;
    p.expect(b'-')?;
    let day = p.num(1, 2)?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    if p.i == b.len() {
        return Some(format!("{year}-{month:02}-{day:02}T00:00:00Z"));
    }
    let sep = b[p.i];
    let with_zone = sep == b'T' || sep == b't';
    if !(with_zone || sep == b' ') {
        return None;
    }
    p.i += 1;
    let hour = p.num(1, 2)?;
    p.expect(b':')?;
    let minute = p.num(1, 2)?;
    p.expect(b':')?;
    let second = p.num(1, 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut frac = String::new();
    if p.peek() == Some(b'.') {
        p.i += 1;
        let start = p.i;
        while p.peek().is_some_and(|c| c.is_ascii_digit()) {
            p.i += 1;
        }
        if p.i == start || p.i - start > 9 {
            return None;
        }
        frac = s[start..p.i].trim_end_matches('0').to_string();
    }
    let zone = if with_zone {
        match p.peek()? {
            b'Z' => {
                p.i += 1;
                "Z".to_string()
            }
            sign @ (b'+' | b'-') => {
                p.i += 1;
                let hh = p.num(2, 2)?;
                p.expect(b':')?;
                let mm = p.num(2, 2)?;
                if hh == 0 && mm == 0 {
                    "Z".to_string()
                } else {
                    format!("{}{hh:02}:{mm:02}", sign as char)
                }
            }
            _ => return None,
        }
    } else {
        "Z".to_string()
    };
    if p.i != b.len() {
        return None;
    }
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    Some(format!(
        "{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{frac}{zone}"
    ))
}

fn days_in_month(year: &str, month: u32) -> u32 {
    let y: u32 = year.parse().unwrap_or(1);
    match month {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i - start < max && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
}

/// Converts a resolved scalar to JSON; infinities and NaN have no JSON form,
/// which kustomize also rejects.
pub(crate) fn to_json(s: &str, r: Resolved) -> Result<Value, String> {
    Ok(match r {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Number(i.into()),
        Resolved::Uint(u) => Value::Number(u.into()),
        // Whole floats print as integers after kustomize's JSON round trip;
        // store them as integers so values compare the way they print.
        Resolved::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => {
            Value::Number((f as i64).into())
        }
        Resolved::Float(f) => Value::Number(
            Number::from_f64(f).ok_or_else(|| format!("unsupported value {s}: JSON has no {s}"))?,
        ),
        Resolved::Timestamp(t) => Value::String(t),
        Resolved::Str => Value::String(s.to_string()),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_go_yaml_v3() {
        assert_eq!(resolve_v3("012"), Resolved::Int(10));
        assert_eq!(resolve_v3("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_v3("1_000"), Resolved::Int(1000));
        assert_eq!(resolve_v3("yes"), Resolved::Str);
        assert_eq!(resolve_v3("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve_v3(".5"), Resolved::Float(0.5));
        assert_eq!(resolve_v3("1.2.3"), Resolved::Str);
        assert_eq!(resolve_v3("-5"), Resolved::Int(-5));
        assert_eq!(
            resolve_v3("2001-12-14t21:59:43.10-05:00"),
            Resolved::Timestamp("2001-12-14T21:59:43.1-05:00".into())
        );
    }

    #[test]
    fn decides_quoting_like_go_yaml_v2() {
        for quoted in [
            "yes",
            "y",
            "on",
            "123",
            "1.5",
            "0x1F",
            "~",
            "",
            "1:30",
            "2001-12-14",
            ".5",
            "+1",
            "09",
            "1.",
        ] {
            assert!(!plain_reads_as_string(quoted), "{quoted}");
        }
        for plain in ["a", "1.2.3", "x:1", "nginx:1.25"] {
            assert!(plain_reads_as_string(plain), "{plain}");
        }
    }
}
