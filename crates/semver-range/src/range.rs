//! Ranges (Masterminds "constraints"): parsing and matching.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

use crate::version::{Version, parse_number, validate_prerelease};
use crate::{Error, Result};

/// One version in a range: numbers or wildcards (`x`, `X`, `*`), optional parts,
/// pre-release and build. Build metadata is accepted and ignored.
const RANGE_VERSION: &str = r"v?([0-9xX*]+)(?:\.([0-9xX*]+))?(?:\.([0-9xX*]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?";

#[allow(clippy::expect_used)] // constant patterns, checked by every test
static VERSION_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{RANGE_VERSION}")).expect("valid pattern"));

#[allow(clippy::expect_used)] // constant pattern, checked by every test
static HYPHEN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\s*({RANGE_VERSION})\s+-\s+({RANGE_VERSION})\s*")).expect("valid pattern")
});

/// A semver range as Flux writes them, e.g. `>=1.0.0 <2.0.0`, `^1.x`, `~1.2`,
/// `1.2.x`, `*`, `1.2 - 1.4.5`, `>=1.0.0-0 || ^3`.
///
/// The dialect is Masterminds/semver v3's:
/// - comparators `=`, `!=`, `>`, `<`, `>=`/`=>`, `<=`/`=<`, `~`/`~>`, `^`, or none
///   (a bare `1.2.3` means exactly `=1.2.3`, `1.2` means `~1.2`), separated by
///   spaces or commas, all of which must hold; `||` separates alternatives;
/// - `x`, `X` or `*` (or a missing part) is a wildcard: `>1.2` means `>=1.3.0`,
///   `<=1.2` means `<1.3.0`, `!=1.x` excludes all of `1`;
/// - a version with a pre-release matches only when a comparator in its
///   alternative has a pre-release itself (`>=1.0.0-0` lets `1.5.0-rc.1` in);
/// - a `v` prefix on versions is ignored.
#[derive(Debug, Clone)]
pub struct Range {
    text: String,
    alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone)]
struct Alternative {
    comparators: Vec<Comparator>,
    /// Whether any comparator names a pre-release, which lets pre-releases match.
    allows_prerelease: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    /// `=` or nothing: exact, or a tilde range when the version has wildcards.
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    Tilde,
    Caret,
}

#[derive(Debug, Clone)]
struct Comparator {
    operator: Operator,
    /// The version with wildcards read as 0.
    version: Version,
    /// Whether the version has wildcards or missing parts at all (`*`, `1.x`, `1.2`).
    dirty: bool,
    /// `1.x` or `1`: the minor (and patch) are wildcards.
    minor_wild: bool,
    /// `1.2.x` or `1.2`: the patch is a wildcard.
    /// NB: as in Masterminds, `*` sets neither flag and reads as a dirty `0.0.0`.
    patch_wild: bool,
}

impl Range {
    /// Reads a range; the error names it and says what is wrong.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidRange {
            range: text.to_string(),
            reason,
        };
        // `A - B` is `>= A, <= B`.
        let rewritten = HYPHEN_RANGE.replace_all(text, ">= $1, <= $6 ");
        let alternatives = rewritten
            .split("||")
            .map(|alternative| parse_alternative(alternative).map_err(&invalid))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            text: text.to_string(),
            alternatives,
        })
    }

    /// Whether `version` satisfies any alternative.
    pub fn matches(&self, version: &Version) -> bool {
        self.alternatives.iter().any(|alternative| {
            (version.prerelease().is_empty() || alternative.allows_prerelease)
                && alternative
                    .comparators
                    .iter()
                    .all(|comparator| comparator.matches(version))
        })
    }

    /// The highest tag that is a version ([`Version::parse_tag`]) in this range, as
    /// Flux's ImagePolicy `semver` picks it. Among tags of equal precedence
    /// (`1.0.0`, `v1.0.0`) the first one wins. Tags that are not versions are skipped.
    pub fn highest<'a, I>(&self, tags: I) -> Option<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut best: Option<(Version, &'a str)> = None;
        for tag in tags {
            let Ok(version) = Version::parse_tag(tag) else {
                continue;
            };
            if !self.matches(&version) {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| version > *b) {
                best = Some((version, tag));
            }
        }
        best.map(|(_, tag)| tag)
    }

    /// The range as it was written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for Range {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::parse(text)
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Comparators of one alternative, separated by whitespace and/or one comma.
fn parse_alternative(text: &str) -> Result<Alternative, String> {
    let mut comparators = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let (comparator, after) = parse_comparator(rest)
            .ok_or_else(|| format!("cannot read a comparator at '{}'", rest.trim()))??;
        comparators.push(comparator);
        let trimmed = after.trim_start();
        let had_space = trimmed.len() < after.len();
        if trimmed.is_empty() {
            break;
        }
        rest = match trimmed.strip_prefix(',') {
            Some(after_comma) => after_comma.trim_start(),
            None if had_space => trimmed,
            None => return Err(format!("unexpected '{trimmed}'")),
        };
    }
    let allows_prerelease = comparators
        .iter()
        .any(|c| !c.version.prerelease().is_empty());
    Ok(Alternative {
        comparators,
        allows_prerelease,
    })
}

/// One `<operator><spaces><version>` at the start of `text`, and what follows it;
/// `None` when no version follows the operator.
fn parse_comparator(text: &str) -> Option<Result<(Comparator, &str), String>> {
    let operator_len = text
        .find(|c: char| !"=!<>~^".contains(c))
        .unwrap_or(text.len());
    let (operator_text, after_operator) = text.split_at(operator_len);
    let operator = match operator_text {
        "" | "=" => Operator::TildeOrEqual,
        "!=" => Operator::NotEqual,
        ">" => Operator::Greater,
        "<" => Operator::Less,
        ">=" | "=>" => Operator::GreaterOrEqual,
        "<=" | "=<" => Operator::LessOrEqual,
        "~" | "~>" => Operator::Tilde,
        "^" => Operator::Caret,
        other => return Some(Err(format!("unknown operator '{other}'"))),
    };
    let version_text = after_operator.trim_start();
    let captures = VERSION_AT_START.captures(version_text)?;
    let whole = captures.get(0)?;
    let part = |i: usize| captures.get(i).map(|m| m.as_str());
    let pre = part(4).unwrap_or("");
    Some(
        comparator(operator, [part(1), part(2), part(3)], pre)
            .map(|c| (c, &version_text[whole.end()..])),
    )
}

fn comparator(
    operator: Operator,
    parts: [Option<&str>; 3],
    pre: &str,
) -> Result<Comparator, String> {
    let wild = |part: Option<&str>| matches!(part, None | Some("x" | "X" | "*"));
    let number = |part: Option<&str>| -> Result<u64, String> {
        match part {
            None | Some("x" | "X" | "*") => Ok(0),
            Some(digits) => {
                parse_number(digits).ok_or_else(|| format!("'{digits}' is not a number"))
            }
        }
    };
    if !pre.is_empty() {
        validate_prerelease(pre).map_err(str::to_string)?;
    }
    // Everything after the first wildcard is a wildcard too (`1.x.3` is `1.x`).
    let any = wild(parts[0]);
    let minor_wild = !any && wild(parts[1]);
    let patch_wild = !any && !minor_wild && wild(parts[2]);
    let version = match (any, minor_wild) {
        (true, _) => Version::new(0, 0, 0),
        (false, true) => Version::new(number(parts[0])?, 0, 0),
        (false, false) => Version::new(
            number(parts[0])?,
            number(parts[1])?,
            if patch_wild { 0 } else { number(parts[2])? },
        ),
    }
    .with_prerelease(pre);
    Ok(Comparator {
        operator,
        version,
        dirty: any || minor_wild || patch_wild,
        minor_wild,
        patch_wild,
    })
}

impl Comparator {
    /// Masterminds' per-operator rules; pre-release admission is checked by the
    /// caller for the whole alternative.
    fn matches(&self, v: &Version) -> bool {
        let c = &self.version;
        match self.operator {
            Operator::TildeOrEqual if self.dirty => self.tilde(v),
            Operator::TildeOrEqual => v == c,
            Operator::Tilde => self.tilde(v),
            Operator::NotEqual if self.dirty => {
                if v.major() != c.major() {
                    true
                } else if self.minor_wild {
                    false
                } else if v.minor() != c.minor() {
                    true
                } else if self.patch_wild {
                    // Same major.minor: only a pre-release differing from the
                    // comparator's keeps the version out of `!=1.2.x`.
                    v.prerelease() != c.prerelease()
                } else {
                    v != c
                }
            }
            Operator::NotEqual => v != c,
            Operator::Greater if self.dirty => {
                if v.major() != c.major() {
                    v.major() > c.major()
                } else if self.minor_wild {
                    false
                } else if self.patch_wild {
                    // `>1.2` needs 1.3 or later.
                    v.minor() > c.minor()
                } else {
                    v > c
                }
            }
            Operator::Greater => v > c,
            Operator::Less => v < c,
            Operator::GreaterOrEqual => v >= c,
            Operator::LessOrEqual if self.dirty => {
                v.major() < c.major()
                    || (v.major() == c.major() && (self.minor_wild || v.minor() <= c.minor()))
            }
            Operator::LessOrEqual => v <= c,
            Operator::Caret => self.caret(v),
        }
    }

    /// `~1.2.3` is `>=1.2.3 <1.3.0`, `~1` is `>=1.0.0 <2.0.0`, `~0.0.0` and `~*` anything.
    fn tilde(&self, v: &Version) -> bool {
        let c = &self.version;
        if v < c {
            return false;
        }
        if (c.major(), c.minor(), c.patch()) == (0, 0, 0) && !self.minor_wild && !self.patch_wild {
            return true;
        }
        v.major() == c.major() && (self.minor_wild || v.minor() == c.minor())
    }

    /// `^1.2.3` is `>=1.2.3 <2.0.0`, `^0.2.3` is `>=0.2.3 <0.3.0`, `^0.0.3` is
    /// exactly `0.0.3`, `^0.0` is `<0.1.0`, `^0` is `<1.0.0`.
    fn caret(&self, v: &Version) -> bool {
        let c = &self.version;
        if v < c {
            return false;
        }
        if c.major() > 0 || self.minor_wild {
            return v.major() == c.major();
        }
        // NB: like Masterminds (despite its docs), `^*` reads as `^0.0.0`: only 0.0.0.
        if v.major() > 0 {
            return false;
        }
        if c.minor() > 0 || self.patch_wild {
            return v.minor() == c.minor();
        }
        if v.minor() > 0 {
            return false;
        }
        v.patch() == c.patch()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check(range: &str, version: &str) -> bool {
        Range::parse(range)
            .unwrap_or_else(|e| panic!("{e}"))
            .matches(&Version::parse_loose(version).unwrap())
    }

    /// Cases from the Masterminds/semver documentation and behaviour, as Flux users
    /// write them.
    #[test]
    fn ranges_match_like_masterminds() {
        let cases: &[(&str, &str, bool)] = &[
            (">=1.0.0 <2.0.0", "1.9.3", true),
            (">=1.0.0 <2.0.0", "2.0.0", false),
            (">= 1.2, < 1.4", "1.3.0", true),
            (">=1.2,<1.4", "1.4.0", false),
            ("v1.2.3", "1.2.3", true),
            ("1.2.3", "1.3.0", false),
            ("=1.2.3", "1.2.3", true),
            ("= 2.0", "2.0.0", true),
            ("= 2.0", "2.0.9", true),
            ("= 2.0", "2.1.0", false),
            ("1.2.x", "1.2.9", true),
            ("1.2.x", "1.3.0", false),
            ("2.*", "2.1.1", true),
            ("2.*", "3.4.5", false),
            ("1.2 - 1.4.5", "1.4.5", true),
            ("1.2 - 1.4.5", "1.4.6", false),
            ("1.2 - 1.4.5", "1.1.9", false),
            ("1.1 - 2", "2.9.0", true),
            ("1.0.0 - 2.0.0, <=2.0.0", "1.5.0", true),
            ("1.1-3", "4.3.2", false),
            ("^1.0 || ^3.0", "3.1.0", true),
            ("^1.0 || ^3.0", "2.1.0", false),
            ("^1.x", "1.9.9", true),
            ("^1.x", "2.0.0", false),
            ("^1.2.3", "1.2.2", false),
            ("^1.2.3", "1.9.0", true),
            ("^0.2.3", "0.2.5", true),
            ("^0.2.3", "0.3.0", false),
            ("^0.0.3", "0.0.3", true),
            ("^0.0.3", "0.0.4", false),
            ("^0.0", "0.0.3", true),
            ("^0.0", "0.1.0", false),
            ("^0", "0.9.0", true),
            ("^0", "1.0.0", false),
            ("^*", "0.0.0", true),
            ("^*", "0.0.5", false),
            ("^*", "1.0.0", false),
            ("~1.2", "1.2.7", true),
            ("~1.2", "1.3.0", false),
            ("~1.2.3", "1.2.2", false),
            ("~1", "1.4.0", true),
            ("~1", "2.0.0", false),
            ("~>1.2", "1.2.9", true),
            ("~0.0.0", "1.2.3", true),
            ("~*", "2.1.1", true),
            ("*", "0.0.1", true),
            ("*", "4.5.6", true),
            ("x", "4.5.6", true),
            (">1.2", "1.2.9", false),
            (">1.2", "1.3.0", true),
            (">1", "1.9.0", false),
            (">1", "2.0.0", true),
            (">1.2.3", "1.2.4", true),
            ("<1.2", "1.1.9", true),
            ("<1.2", "1.2.0", false),
            ("<=1.2", "1.2.9", true),
            ("<=1.2", "1.3.0", false),
            ("<=1", "1.9.0", true),
            ("=<1.2.3", "1.2.3", true),
            ("=>1.2.3", "1.2.3", true),
            ("!=1.2.3", "1.2.4", true),
            ("!=1.2.3", "1.2.3", false),
            ("!=1.x", "1.5.0", false),
            ("!=1.x", "2.0.0", true),
            ("!=1.2.x", "1.2.7", false),
            ("!=1.2.x", "1.3.0", true),
            // Pre-releases only when the alternative names one.
            ("*", "1.2.3-alpha.1", false),
            ("*-0", "1.2.3-alpha.1", true),
            (">=1.0.0", "1.5.0-rc.1", false),
            (">=1.0.0-0", "1.5.0-rc.1", true),
            (">=1.0.0-0", "3.0.0-rc.1", true),
            (">= 1.0.0-0  <= 2.0.0", "1.0.1-beta", true),
            (">= 1.0.0  <= 2.0.0-beta || > 3", "1.0.1-beta", true),
            (">= 1.0.0  <= 2.0.0-beta || > 3", "3.0.1-beta", false),
            (
                ">= 1.0.0  <= 2.0.0-beta != 1.0.1-beta || > 3",
                "1.0.1-beta",
                false,
            ),
            ("^1.x", "1.1.1-beta1", false),
            ("^1.1.2-alpha", "1.2.1-beta1", true),
            ("~1.1-alpha", "1.1.1-beta", true),
            ("~1.1.1-beta", "1.1.1-alpha", false),
            ("~1.1.1-beta", "1.1.1", true),
            ("<0-z", "0.0.0-alpha", true),
            ("1.2.3+build.1", "1.2.3", true),
        ];
        for &(range, version, want) in cases {
            assert_eq!(check(range, version), want, "{range:?} vs {version}");
        }
    }

    #[test]
    fn malformed_ranges_are_refused_naming_the_range() {
        for bad in [
            "",
            " ",
            "not-a-version",
            ">=",
            "1.0 ||",
            "|| 1.0",
            ">=1<2",
            ">>1",
            "=!1",
            "1.2.3.4",
            "1.x3",
            ">=1.0.0-01",
            "latest",
        ] {
            let err = Range::parse(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("'{bad}'")), "{bad:?}: {err}");
        }
        assert!(Range::parse("1.0 , 2.0").is_ok());
    }

    #[test]
    fn highest_picks_the_greatest_tag_in_range() {
        let tags = [
            "latest",
            "1.0.0",
            "v1.2.0",
            "1.2",
            "1.10.0",
            "2.0.0-rc.1",
            "1.9.0-rc.1",
            "01.2.3",
        ];
        let highest = |range: &str| {
            Range::parse(range)
                .unwrap()
                .highest(tags)
                .map(str::to_string)
        };
        assert_eq!(highest("*").as_deref(), Some("1.10.0"));
        assert_eq!(highest("<1.10").as_deref(), Some("v1.2.0"));
        assert_eq!(highest(">=1.0.0-0").as_deref(), Some("2.0.0-rc.1"));
        assert_eq!(
            highest("~1.2"),
            Some("v1.2.0".to_string()),
            "`1.2` is no version"
        );
        assert_eq!(highest(">=3"), None);
        let ties = ["v1.0.0", "1.0.0", "1.0.0+b"];
        assert_eq!(
            Range::parse("1.0.0").unwrap().highest(ties),
            Some("v1.0.0"),
            "the first of equal versions wins"
        );
    }
}
