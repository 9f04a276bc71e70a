//! Tag policies, as Flux's ImagePolicy applies them: `semver`, `alphabetical`,
//! `numerical`, after an optional `filterTags` pattern and `extract`; and the
//! ImageRepository's `exclusionList`.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use ballast_semver_range::Range;
use regex::Regex;

use crate::error::{Error, Result};

/// Flux's default `spec.exclusionList`: cosign signature tags.
pub const DEFAULT_EXCLUSION: &str = r"^.*\.sig$";

/// Sort order of the `alphabetical` and `numerical` policies. `Asc` (the default)
/// picks the greatest tag, `Desc` the smallest, as in Flux.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Ascending: the last tag in order is the latest (`z`, `10`).
    #[default]
    Asc,
    /// Descending: the first tag in order is the latest (`a`, `1`).
    Desc,
}

impl FromStr for Order {
    type Err = Error;

    /// Reads `asc` or `desc` (any case, as Flux's CRD enum and Go factory accept).
    fn from_str(text: &str) -> Result<Self> {
        match text.to_ascii_lowercase().as_str() {
            "asc" => Ok(Self::Asc),
            "desc" => Ok(Self::Desc),
            _ => Err(Error::InvalidPolicy {
                policy: format!("order '{text}'"),
                reason: "must be 'asc' or 'desc'".into(),
            }),
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        })
    }
}

/// How to pick the latest of a list of tags (`spec.policy` of an ImagePolicy).
#[derive(Debug, Clone)]
pub enum Policy {
    /// The highest version in a Masterminds-style range (`semver.range`); tags
    /// that are not strict versions (an optional `v` aside) are skipped.
    SemVer(Range),
    /// Byte-wise string order (`alphabetical.order`).
    Alphabetical(Order),
    /// Tags read as floating-point numbers (`numerical.order`); every tag must be
    /// a number, else the policy fails, as in Flux.
    Numerical(Order),
}

impl Policy {
    /// A `semver` policy; the error names the range.
    pub fn semver(range: &str) -> Result<Self> {
        Range::parse(range)
            .map(Self::SemVer)
            .map_err(|e| Error::InvalidPolicy {
                policy: format!("semver '{range}'"),
                reason: match e {
                    ballast_semver_range::Error::InvalidRange { reason, .. } => reason,
                    other => other.to_string(),
                },
            })
    }

    /// The latest of `values` by this policy, or `None` when none qualifies.
    fn pick<'a>(&self, values: &[&'a str]) -> Result<Option<&'a str>> {
        Ok(match self {
            Self::SemVer(range) => range.highest(values.iter().copied()),
            Self::Alphabetical(Order::Asc) => values.iter().copied().max(),
            Self::Alphabetical(Order::Desc) => values.iter().copied().min(),
            Self::Numerical(order) => {
                let mut best: Option<(f64, &str)> = None;
                for &value in values {
                    let number = parse_float(value).ok_or_else(|| Error::NotNumeric {
                        tag: value.to_string(),
                        policy: self.to_string(),
                    })?;
                    // NB: on equal numbers (`1` and `1.0`) the later tag wins, as in Flux.
                    let worse = match order {
                        Order::Asc => Ordering::Less,
                        Order::Desc => Ordering::Greater,
                    };
                    let better = best.is_none_or(|(b, _)| number.partial_cmp(&b) != Some(worse));
                    if better {
                        best = Some((number, value));
                    }
                }
                best.map(|(_, value)| value)
            }
        })
    }
}

/// Go's `strconv.ParseFloat` for the forms tags take: decimal, exponent, sign,
/// `inf`/`nan`. (Go's hex floats and `_` separators are not read.)
fn parse_float(text: &str) -> Option<f64> {
    if text.contains('_') {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SemVer(range) => write!(f, "semver range '{range}'"),
            Self::Alphabetical(order) => write!(f, "alphabetical order {order}"),
            Self::Numerical(order) => write!(f, "numerical order {order}"),
        }
    }
}

/// `spec.filterTags`: only tags matching `pattern` (a Go-syntax regexp, matched
/// anywhere in the tag) take part, and with `extract` (`$1`, `${name}`, `$ts-$n`)
/// the policy compares the expansion instead of the tag. The tag itself is what
/// gets chosen.
#[derive(Debug, Clone)]
pub struct TagFilter {
    pattern: Regex,
    extract: String,
}

impl TagFilter {
    /// A filter from `filterTags.pattern` and `filterTags.extract` (empty: none).
    pub fn new(pattern: &str, extract: &str) -> Result<Self> {
        let regex = Regex::new(pattern).map_err(|e| Error::InvalidPattern {
            field: "spec.filterTags.pattern",
            pattern: pattern.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            pattern: regex,
            extract: extract.to_string(),
        })
    }

    /// (value the policy sees, tag) for each matching tag. Go keeps one tag per
    /// extracted value, the last; so does this, in first-seen order.
    fn apply<'a>(&self, tags: &'a [String]) -> Vec<(String, &'a str)> {
        let mut out: Vec<(String, &'a str)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for tag in tags {
            let Some(captures) = self.pattern.captures(tag) else {
                continue;
            };
            let value = if self.extract.is_empty() {
                tag.clone()
            } else {
                // regex's `$name`/`${name}` expansion reads names as Go's does.
                let mut expanded = String::new();
                captures.expand(&self.extract, &mut expanded);
                expanded
            };
            match index.get(&value) {
                Some(&at) => out[at].1 = tag,
                None => {
                    index.insert(value.clone(), out.len());
                    out.push((value, tag));
                }
            }
        }
        out
    }
}

/// An ImagePolicy's choice: a [`Policy`] and an optional [`TagFilter`].
#[derive(Debug, Clone)]
pub struct TagSelector {
    policy: Policy,
    filter: Option<TagFilter>,
}

impl TagSelector {
    /// Selects by `policy` over all tags.
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            filter: None,
        }
    }

    /// Only tags passing `filter` take part.
    pub fn with_filter(mut self, filter: TagFilter) -> Self {
        self.filter = Some(filter);
        self
    }

    /// The latest tag, or [`Error::NoMatch`] naming the policy when none qualifies
    /// (no tags, none passing the filter, none in the semver range), or
    /// [`Error::NotNumeric`] for a numerical policy over a non-number.
    pub fn latest(&self, tags: &[String]) -> Result<String> {
        let (candidates, filtered) = match &self.filter {
            Some(filter) => (
                filter.apply(tags),
                format!(" after filterTags '{}'", filter.pattern.as_str()),
            ),
            None => (
                tags.iter().map(|t| (t.clone(), t.as_str())).collect(),
                String::new(),
            ),
        };
        let values: Vec<&str> = candidates.iter().map(|(v, _)| v.as_str()).collect();
        let chosen = self.policy.pick(&values)?;
        chosen
            .and_then(|value| candidates.iter().find(|(v, _)| v == value))
            .map(|(_, tag)| tag.to_string())
            .ok_or_else(|| Error::NoMatch {
                policy: self.policy.to_string(),
                candidates: candidates.len(),
                filtered,
            })
    }
}

/// `spec.exclusionList`: tags matching any of these Go-syntax regexps are dropped
/// from a scan. The default holds [`DEFAULT_EXCLUSION`].
#[derive(Debug, Clone)]
pub struct ExclusionList {
    patterns: Vec<Regex>,
}

impl ExclusionList {
    /// Compiles the patterns; the error names the one that does not compile.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self> {
        let patterns = patterns
            .iter()
            .map(|p| {
                Regex::new(p.as_ref()).map_err(|e| Error::InvalidPattern {
                    field: "spec.exclusionList",
                    pattern: p.as_ref().to_string(),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self { patterns })
    }

    /// Whether `tag` is excluded.
    pub fn excludes(&self, tag: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(tag))
    }

    /// `tags` without the excluded ones, in their order.
    pub fn apply(&self, tags: Vec<String>) -> Vec<String> {
        tags.into_iter().filter(|t| !self.excludes(t)).collect()
    }
}

impl Default for ExclusionList {
    fn default() -> Self {
        Self {
            #[allow(clippy::expect_used)] // a constant, valid pattern
            patterns: vec![Regex::new(DEFAULT_EXCLUSION).expect("valid default pattern")],
        }
    }
}

/// The `count` greatest tags in descending string order, as Flux reports
/// `status.lastScanResult.latestTags` (with `count` 10).
pub fn latest_tags(tags: &[String], count: usize) -> Vec<String> {
    let mut sorted: Vec<&String> = tags.iter().collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.into_iter().take(count).cloned().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    fn latest(selector: &TagSelector, list: &[&str]) -> Result<String> {
        selector.latest(&tags(list))
    }

    #[test]
    fn semver_picks_the_highest_version_in_range() {
        let list = [
            "latest",
            "1.0.0",
            "v1.2.0",
            "1.2.1-rc.1",
            "1.10.0",
            "2.0.0-alpha",
            "1.2",
            "sha-abc",
        ];
        let cases = [
            ("*", "1.10.0"),
            (">=1.0.0 <1.10.0", "v1.2.0"),
            ("1.2.x", "v1.2.0"),
            (">=1.2.1-0 <1.3.0", "1.2.1-rc.1"),
            (">=1.0.0-0", "2.0.0-alpha"),
            ("^1.0", "1.10.0"),
            ("~1.0", "1.0.0"),
            ("1.0.0 || 2.x", "1.0.0"),
        ];
        for (range, want) in cases {
            let selector = TagSelector::new(Policy::semver(range).unwrap());
            assert_eq!(latest(&selector, &list).unwrap(), want, "{range}");
        }
        let none = TagSelector::new(Policy::semver(">=3.0.0").unwrap());
        let err = latest(&none, &list).unwrap_err().to_string();
        assert_eq!(
            err,
            "no tag matches semver range '>=3.0.0' (out of 8 tag(s))"
        );
        let err = Policy::semver(">= banana").unwrap_err().to_string();
        assert!(
            err.starts_with("invalid policy semver '>= banana'"),
            "{err}"
        );
    }

    #[test]
    fn alphabetical_orders_bytewise() {
        let list = [
            "a",
            "Z",
            "b10",
            "b9",
            "RELEASE.2023-01-01",
            "RELEASE.2024-02-01",
        ];
        let asc = TagSelector::new(Policy::Alphabetical(Order::Asc));
        let desc = TagSelector::new(Policy::Alphabetical(Order::Desc));
        assert_eq!(latest(&asc, &list).unwrap(), "b9");
        assert_eq!(latest(&desc, &list).unwrap(), "RELEASE.2023-01-01");
        let err = latest(&asc, &[]).unwrap_err().to_string();
        assert_eq!(
            err,
            "no tag matches alphabetical order asc (out of 0 tag(s))"
        );
        assert_eq!("DESC".parse::<Order>().unwrap(), Order::Desc);
        assert!("up".parse::<Order>().is_err());
    }

    #[test]
    fn numerical_reads_numbers_and_refuses_other_tags() {
        let asc = TagSelector::new(Policy::Numerical(Order::Asc));
        let desc = TagSelector::new(Policy::Numerical(Order::Desc));
        let list = ["9", "10", "1.5", "-3", "1e2", "099"];
        assert_eq!(latest(&asc, &list).unwrap(), "1e2");
        assert_eq!(latest(&desc, &list).unwrap(), "-3");
        assert_eq!(
            latest(&asc, &["1", "1.0"]).unwrap(),
            "1.0",
            "later of equals wins"
        );
        let err = latest(&asc, &["1", "latest"]).unwrap_err().to_string();
        assert_eq!(
            err,
            "tag 'latest' is not a number, as numerical order asc needs"
        );
    }

    #[test]
    fn filter_and_extract_choose_by_the_extracted_value_but_return_the_tag() {
        let list = [
            "main-abc1234-1700000005",
            "main-def5678-1700000100",
            "main-0a0a0a0-1699999999",
            "feature-x-fff0000-1800000000",
            "1.0.0",
        ];
        let filter = TagFilter::new(r"^main-[a-f0-9]+-(?P<ts>[0-9]+)", "$ts").unwrap();
        let numerical = TagSelector::new(Policy::Numerical(Order::Asc)).with_filter(filter.clone());
        assert_eq!(
            latest(&numerical, &list).unwrap(),
            "main-def5678-1700000100"
        );
        let oldest = TagSelector::new(Policy::Numerical(Order::Desc)).with_filter(filter);
        assert_eq!(latest(&oldest, &list).unwrap(), "main-0a0a0a0-1699999999");

        // `${1}` and semver over the extracted part.
        let semver = TagSelector::new(Policy::semver("^1.x").unwrap())
            .with_filter(TagFilter::new(r"^app-v(\d+\.\d+\.\d+)$", "${1}").unwrap());
        let list = [
            "app-v1.2.3",
            "app-v1.10.0",
            "app-v2.0.0",
            "other-v1.99.0",
            "app-v1.11",
        ];
        assert_eq!(latest(&semver, &list).unwrap(), "app-v1.10.0");

        // No extract: the policy sees the whole tag; Go's `$1x` is the group `1x`.
        let plain = TagSelector::new(Policy::Alphabetical(Order::Asc))
            .with_filter(TagFilter::new("^rc-", "").unwrap());
        assert_eq!(latest(&plain, &["rc-1", "rc-2", "zz"]).unwrap(), "rc-2");
        let ab = tags(&["ab"]);
        let empty = TagFilter::new("^(a)(b)", "$1x").unwrap().apply(&ab);
        assert_eq!(empty, vec![(String::new(), "ab")]);

        let nothing = TagSelector::new(Policy::Alphabetical(Order::Asc))
            .with_filter(TagFilter::new("^nope", "").unwrap());
        let err = latest(&nothing, &["a"]).unwrap_err().to_string();
        assert_eq!(
            err,
            "no tag matches alphabetical order asc (out of 0 tag(s) after filterTags '^nope')"
        );
        let err = TagFilter::new("(", "").unwrap_err().to_string();
        assert!(err.contains("'(' in spec.filterTags.pattern"), "{err}");
    }

    #[test]
    fn exclusion_list_drops_matching_tags() {
        let list = tags(&["v1", "sha256-abc.sig", "v2", "sha256-abc.att"]);
        assert_eq!(
            ExclusionList::default().apply(list.clone()),
            tags(&["v1", "v2", "sha256-abc.att"])
        );
        let custom = ExclusionList::new(&[r"\.sig$", r"\.att$", "^v1$"]).unwrap();
        assert_eq!(custom.apply(list.clone()), tags(&["v2"]));
        assert_eq!(
            ExclusionList::new::<&str>(&[]).unwrap().apply(list.clone()),
            list
        );
        let err = ExclusionList::new(&["ok", "[z-a]"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("'[z-a]' in spec.exclusionList"), "{err}");
    }

    #[test]
    fn latest_tags_are_the_ten_greatest_descending() {
        let list: Vec<String> = (0..15).map(|i| format!("t{i:02}")).collect();
        let got = latest_tags(&list, 10);
        assert_eq!(got.first().map(String::as_str), Some("t14"));
        assert_eq!(got.len(), 10);
        assert_eq!(got.last().map(String::as_str), Some("t05"));
    }
}
