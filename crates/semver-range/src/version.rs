//! Versions: strict, tag-style (`v` prefix) and coerced parsing, and precedence.

use std::cmp::Ordering;
use std::fmt;

use crate::{Error, Result};

/// A semantic version as Masterminds/semver holds it: three numbers, an optional
/// pre-release and build metadata, and the text it was read from.
///
/// Ordering and equality are semver *precedence*: build metadata is ignored, so
/// `1.0.0+a == v1.0.0`; [`Version::original`] tells such versions apart.
#[derive(Debug, Clone)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    build: String,
    original: String,
}

impl Version {
    /// Reads a strictly valid semantic version (`1.2.3`, `1.2.3-rc.1+build`): three
    /// numbers without leading zeros, no `v` prefix (Masterminds `StrictNewVersion`).
    pub fn parse_strict(text: &str) -> Result<Self> {
        let invalid = |reason| Error::InvalidVersion {
            version: text.to_string(),
            reason,
        };
        if text.is_empty() {
            return Err(invalid("empty"));
        }
        let mut parts = text.splitn(3, '.');
        let (Some(major), Some(minor), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("expected MAJOR.MINOR.PATCH"));
        };
        let (rest, build) = match rest.split_once('+') {
            Some((rest, build)) => {
                validate_build(build).map_err(invalid)?;
                (rest, build)
            }
            None => (rest, ""),
        };
        let (patch, pre) = match rest.split_once('-') {
            Some((patch, pre)) => {
                validate_prerelease(pre).map_err(invalid)?;
                (patch, pre)
            }
            None => (rest, ""),
        };
        let number = |part: &str| -> Result<u64> {
            if part.len() > 1 && part.starts_with('0') {
                return Err(invalid("a number starts with 0"));
            }
            parse_number(part).ok_or_else(|| invalid("MAJOR, MINOR and PATCH must be numbers"))
        };
        Ok(Self {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
            pre: pre.to_string(),
            build: build.to_string(),
            original: text.to_string(),
        })
    }

    /// Reads a tag as Flux does (`fluxcd/pkg/version.ParseVersion`): a strict version,
    /// optionally prefixed with one `v` (`v1.2.3`). `1.2` or `01.2.3` are refused.
    pub fn parse_tag(text: &str) -> Result<Self> {
        let mut version =
            Self::parse_strict(text.strip_prefix('v').unwrap_or(text)).map_err(|e| match e {
                Error::InvalidVersion { reason, .. } => Error::InvalidVersion {
                    version: text.to_string(),
                    reason,
                },
                other => other,
            })?;
        version.original = text.to_string();
        Ok(version)
    }

    /// Reads a version leniently, the way Masterminds `NewVersion` coerces it:
    /// optional `v`, missing minor or patch read as 0 (`1.2` is `1.2.0`), leading
    /// zeros allowed (`01.2.3` is `1.2.3`).
    pub fn parse_loose(text: &str) -> Result<Self> {
        let invalid = |reason| Error::InvalidVersion {
            version: text.to_string(),
            reason,
        };
        let body = text.strip_prefix('v').unwrap_or(text);
        let (body, build) = match body.split_once('+') {
            Some((body, build)) => {
                validate_build(build).map_err(invalid)?;
                (body, build)
            }
            None => (body, ""),
        };
        let (numbers, pre) = match body.split_once('-') {
            Some((numbers, pre)) => {
                validate_prerelease(pre).map_err(invalid)?;
                (numbers, pre)
            }
            None => (body, ""),
        };
        let mut values = [0u64; 3];
        for (index, part) in numbers.split('.').enumerate() {
            let slot = values
                .get_mut(index)
                .ok_or(invalid("more than three numbers"))?;
            *slot = parse_number(part).ok_or(invalid("not a number"))?;
        }
        Ok(Self {
            major: values[0],
            minor: values[1],
            patch: values[2],
            pre: pre.to_string(),
            build: build.to_string(),
            original: text.to_string(),
        })
    }

    /// A version from its parts, with no pre-release or build metadata.
    pub fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
            pre: String::new(),
            build: String::new(),
            original: format!("{major}.{minor}.{patch}"),
        }
    }

    pub(crate) fn with_prerelease(mut self, pre: &str) -> Self {
        self.pre = pre.to_string();
        self
    }

    /// The major number.
    pub fn major(&self) -> u64 {
        self.major
    }

    /// The minor number.
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The patch number.
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// The pre-release (`rc.1` in `1.0.0-rc.1`), empty when there is none.
    pub fn prerelease(&self) -> &str {
        &self.pre
    }

    /// The build metadata (`build.5` in `1.0.0+build.5`), empty when there is none.
    pub fn build(&self) -> &str {
        &self.build
    }

    /// The text the version was read from, e.g. `v1.2.3`.
    pub fn original(&self) -> &str {
        &self.original
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                // A release ranks above its pre-releases.
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &other.pre),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl fmt::Display for Version {
    /// The normalised form, `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.build.is_empty() {
            write!(f, "+{}", self.build)?;
        }
        Ok(())
    }
}

/// Digits only (no sign, unlike `u64::from_str`), fitting in a u64.
pub(crate) fn parse_number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

pub(crate) fn validate_prerelease(pre: &str) -> Result<(), &'static str> {
    for part in pre.split('.') {
        if part.is_empty() {
            return Err("empty pre-release identifier");
        }
        if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err("numeric pre-release identifier starts with 0");
            }
        } else if !part.chars().all(is_identifier_char) {
            return Err("pre-release may hold only [0-9A-Za-z-] and dots");
        }
    }
    Ok(())
}

fn validate_build(build: &str) -> Result<(), &'static str> {
    if build
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(is_identifier_char))
    {
        Ok(())
    } else {
        Err("build metadata may hold only non-empty [0-9A-Za-z-] identifiers")
    }
}

/// Pre-release precedence: identifier by identifier, numbers numerically and below
/// words, words in ASCII order, a shorter list below a longer one it prefixes.
fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        let ordering = match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(l), Some(r)) => match (parse_number(l), parse_number(r)) {
                (Some(l), Some(r)) => l.cmp(&r),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => l.cmp(r),
            },
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn strict_parsing_refuses_what_semver_refuses() {
        for good in [
            "0.0.0",
            "1.2.3",
            "1.2.3-rc.1",
            "1.2.3-0.a-b+build.7",
            "10.20.30",
        ] {
            assert_eq!(Version::parse_strict(good).unwrap().original(), good);
        }
        for bad in [
            "",
            "1",
            "1.2",
            "v1.2.3",
            "01.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "1.2.3-a..b",
            "1..3",
            "1.2.3.4",
            "1.2.x",
            "+1.2.3",
            "1.2.3-ä",
        ] {
            assert!(Version::parse_strict(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn tags_may_carry_one_v_prefix() {
        let v = Version::parse_tag("v1.2.3-rc.1").unwrap();
        assert_eq!((v.major(), v.minor(), v.patch()), (1, 2, 3));
        assert_eq!(v.prerelease(), "rc.1");
        assert_eq!(v.original(), "v1.2.3-rc.1");
        let err = Version::parse_tag("vv1.2.3").unwrap_err().to_string();
        assert!(err.contains("'vv1.2.3'"), "{err}");
        assert!(Version::parse_tag("1.2").is_err());
        assert!(Version::parse_tag("latest").is_err());
    }

    #[test]
    fn loose_parsing_coerces_like_new_version() {
        let v = |s: &str| Version::parse_loose(s).unwrap().to_string();
        assert_eq!(v("1"), "1.0.0");
        assert_eq!(v("v1.2"), "1.2.0");
        assert_eq!(v("01.02.3"), "1.2.3");
        assert_eq!(v("1.2-beta.1+b"), "1.2.0-beta.1+b");
        for bad in ["", "x", "1.2.3.4", "1.x", "1.2.3-01"] {
            assert!(Version::parse_loose(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn precedence_follows_semver() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.10.0",
            "2.0.0",
        ];
        for pair in ordered.windows(2) {
            let (a, b) = (
                Version::parse_strict(pair[0]).unwrap(),
                Version::parse_strict(pair[1]).unwrap(),
            );
            assert!(a < b, "{a} < {b}");
        }
        assert_eq!(
            Version::parse_tag("v1.0.0+a").unwrap(),
            Version::parse_strict("1.0.0").unwrap(),
            "build metadata does not count"
        );
    }
}
