//! Go `time.Duration` strings (`metav1.Duration` on the wire): parsing and
//! formatting with Go's grammar, so `"1m30s"`, `"10m"`, `"1.5h"` and
//! `"500ms"` mean what they mean to Flux.

use std::time::Duration;

use crate::{Error, Result};

const NANOS_PER: [(&str, u128); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60 * 1_000_000_000),
    ("h", 3_600 * 1_000_000_000),
];

/// Parse a Go duration string such as `"1m30s"`, `"10m"`, `"1h"`, `"1.5s"`.
///
/// Accepts Go's grammar: one or more `<number><unit>` pairs with units
/// `ns`, `us`/`µs`, `ms`, `s`, `m`, `h`, decimals allowed, an optional
/// leading `+`, and the bare `"0"`. Negative durations are rejected since
/// no Flux field means anything by them.
pub fn parse_duration(input: &str) -> Result<Duration> {
    let invalid = |reason: &'static str| Error::InvalidDuration {
        input: input.to_owned(),
        reason,
    };
    let mut rest = input.strip_prefix('+').unwrap_or(input);
    if rest.starts_with('-') {
        return Err(invalid("negative durations are not allowed"));
    }
    if rest == "0" {
        return Ok(Duration::ZERO);
    }
    if rest.is_empty() {
        return Err(invalid(
            "empty duration, expected e.g. \"10m\" or \"1m30s\"",
        ));
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        // Number: digits, optionally '.' and more digits; at least one digit overall.
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, after_int) = rest.split_at(int_len);
        let (frac_part, after_num) = match after_int.strip_prefix('.') {
            Some(after_dot) => {
                let frac_len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
                after_dot.split_at(frac_len)
            }
            None => ("", after_int),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid("expected a number before each unit"));
        }
        // Unit: everything up to the next digit or '.'.
        let unit_len = after_num
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map_or(after_num.len(), |(i, _)| i);
        let (unit, after_unit) = after_num.split_at(unit_len);
        if unit.is_empty() {
            return Err(invalid("missing unit (one of ns, us, ms, s, m, h)"));
        }
        let per = NANOS_PER
            .iter()
            .find(|(name, _)| *name == unit)
            .map(|(_, n)| *n)
            .ok_or_else(|| invalid("unknown unit, expected one of ns, us, ms, s, m, h"))?;
        let whole: u128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| invalid("number too large"))?
        };
        let mut nanos = whole
            .checked_mul(per)
            .ok_or_else(|| invalid("duration too large"))?;
        // Fraction: scale digit by digit; digits beyond nanosecond precision vanish as in Go.
        let mut scale = per;
        for digit in frac_part.bytes() {
            scale /= 10;
            nanos += u128::from(digit - b'0') * scale;
        }
        total = total
            .checked_add(nanos)
            .ok_or_else(|| invalid("duration too large"))?;
        rest = after_unit;
    }
    // Go durations are int64 nanoseconds; stay within what Flux could have parsed.
    if total > i64::MAX as u128 {
        return Err(invalid("duration too large"));
    }
    let secs = u64::try_from(total / 1_000_000_000).map_err(|_| invalid("duration too large"))?;
    // The remainder is below 10^9, so it fits in u32.
    let sub = (total % 1_000_000_000) as u32;
    Ok(Duration::new(secs, sub))
}

/// Format a duration the way Go's `Duration.String` does: `"1m30s"`,
/// `"1h0m0s"`, `"1.5s"`, `"500ms"`, `"0s"`.
pub fn format_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < 1_000 {
        return format!("{nanos}ns");
    }
    if nanos < 1_000_000 {
        return format!("{}µs", fixed(nanos, 1_000));
    }
    if nanos < 1_000_000_000 {
        return format!("{}ms", fixed(nanos, 1_000_000));
    }
    let hours = nanos / 3_600_000_000_000;
    let minutes = (nanos / 60_000_000_000) % 60;
    let seconds = fixed(nanos % 60_000_000_000, 1_000_000_000);
    match (hours, minutes) {
        (0, 0) => format!("{seconds}s"),
        (0, m) => format!("{m}m{seconds}s"),
        (h, m) => format!("{h}h{m}m{seconds}s"),
    }
}

/// `value / unit` as a decimal with trailing zeros dropped.
fn fixed(value: u128, unit: u128) -> String {
    let whole = value / unit;
    let frac = value % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let width = unit.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        let cases = [
            ("0", Duration::ZERO),
            ("0s", Duration::ZERO),
            ("10m", Duration::from_secs(600)),
            ("1h", Duration::from_secs(3600)),
            ("1m30s", Duration::from_secs(90)),
            ("1h30m", Duration::from_secs(5400)),
            ("1.5h", Duration::from_secs(5400)),
            (".5s", Duration::from_millis(500)),
            ("2.s", Duration::from_secs(2)),
            ("500ms", Duration::from_millis(500)),
            ("1s500ms", Duration::from_millis(1500)),
            ("+5s", Duration::from_secs(5)),
            ("3us", Duration::from_micros(3)),
            ("3µs", Duration::from_micros(3)),
            ("7ns", Duration::from_nanos(7)),
            ("1.0000000019s", Duration::from_nanos(1_000_000_001)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_duration(input).unwrap(), want, "{input}");
        }
    }

    #[test]
    fn rejects_malformed_durations_naming_the_input() {
        let cases = [
            ("", "empty"),
            ("10", "missing unit"),
            ("5d", "unknown unit"),
            ("m", "expected a number"),
            ("-1m", "negative"),
            ("1m-1s", "unknown unit"),
            (".s", "expected a number"),
            ("9999999999999999999h", "too large"),
            ("3000000h", "too large"),
        ];
        for (input, want) in cases {
            let err = parse_duration(input).unwrap_err().to_string();
            assert!(err.contains(want), "{input:?}: {err}");
            assert!(err.contains(&format!("{input:?}")), "{input:?}: {err}");
        }
    }

    #[test]
    fn formats_like_go() {
        let cases = [
            (Duration::ZERO, "0s"),
            (Duration::from_secs(90), "1m30s"),
            (Duration::from_secs(3600), "1h0m0s"),
            (Duration::from_secs(600), "10m0s"),
            (Duration::from_millis(1500), "1.5s"),
            (Duration::from_millis(500), "500ms"),
            (Duration::from_micros(1500), "1.5ms"),
            (Duration::from_nanos(1500), "1.5µs"),
            (Duration::from_nanos(12), "12ns"),
            (Duration::from_secs(3600 * 25 + 61), "25h1m1s"),
        ];
        for (d, want) in cases {
            assert_eq!(format_duration(d), want);
            assert_eq!(parse_duration(want).unwrap(), d, "round trip {want}");
        }
    }
}
