//! Which ref to check out, and how it resolves against the refs a remote advertises.

use std::collections::BTreeMap;
use std::fmt;

use ballast_semver_range::{self as semver, Range as SemverRange};

use crate::error::{Error, Result};

/// The Git reference to check out, shaped like Flux's `GitRepositoryRef`.
///
/// Precedence, as in Flux: `commit` > `name` > `semver` > `tag` > `branch`; with
/// nothing set the `master` branch is used. `commit` may be combined with
/// `branch`, which must then exist and names the revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reference {
    /// Branch name, e.g. `main`.
    pub branch: Option<String>,
    /// Tag name, e.g. `v1.2.3`.
    pub tag: Option<String>,
    /// Semver range over the tags, e.g. `>=1.0.0 <2.0.0`; tags may carry a `v` prefix.
    pub semver: Option<String>,
    /// Any full ref name, e.g. `refs/pull/1/head`.
    pub name: Option<String>,
    /// A full commit SHA.
    pub commit: Option<String>,
}

/// The branch used when a [`Reference`] sets nothing, as in Flux.
pub const DEFAULT_BRANCH: &str = "master";

impl Reference {
    /// A branch reference.
    pub fn branch(name: impl Into<String>) -> Self {
        Self {
            branch: Some(name.into()),
            ..Default::default()
        }
    }

    /// A tag reference.
    pub fn tag(name: impl Into<String>) -> Self {
        Self {
            tag: Some(name.into()),
            ..Default::default()
        }
    }

    /// A semver range over tags.
    pub fn semver(range: impl Into<String>) -> Self {
        Self {
            semver: Some(range.into()),
            ..Default::default()
        }
    }

    /// A full ref name.
    pub fn name(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// A commit SHA, optionally on a branch.
    pub fn commit(sha: impl Into<String>, branch: Option<&str>) -> Self {
        Self {
            commit: Some(sha.into()),
            branch: branch.map(str::to_string),
            ..Default::default()
        }
    }

    fn non_empty(v: &Option<String>) -> Option<&str> {
        v.as_deref().filter(|s| !s.is_empty())
    }

    /// Checks the fields and picks the one that wins.
    pub(crate) fn plan(&self) -> Result<Plan> {
        if let Some(commit) = Self::non_empty(&self.commit) {
            if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::InvalidReference {
                    reference: format!("commit '{commit}'"),
                    reason: "must be a full 40-character SHA-1".into(),
                });
            }
            return Ok(Plan::Commit {
                sha: commit.to_ascii_lowercase(),
                branch: Self::non_empty(&self.branch).map(str::to_string),
            });
        }
        if let Some(name) = Self::non_empty(&self.name) {
            if !name.starts_with("refs/") || !git2::Reference::is_valid_name(name) {
                return Err(Error::InvalidReference {
                    reference: format!("name '{name}'"),
                    reason: "must be a valid full ref name starting with 'refs/'".into(),
                });
            }
            return Ok(Plan::Name(name.to_string()));
        }
        if let Some(range) = Self::non_empty(&self.semver) {
            let req = SemverRange::parse(range).map_err(|e| Error::InvalidReference {
                reference: format!("semver '{range}'"),
                reason: match e {
                    semver::Error::InvalidRange { reason, .. } => reason,
                    other => other.to_string(),
                },
            })?;
            return Ok(Plan::Semver {
                range: range.to_string(),
                req,
            });
        }
        if let Some(tag) = Self::non_empty(&self.tag) {
            check_short_name("tag", tag)?;
            return Ok(Plan::Tag(tag.to_string()));
        }
        let branch = Self::non_empty(&self.branch).unwrap_or(DEFAULT_BRANCH);
        check_short_name("branch", branch)?;
        Ok(Plan::Branch(branch.to_string()))
    }
}

fn check_short_name(kind: &str, name: &str) -> Result<()> {
    if git2::Reference::is_valid_name(&format!("refs/heads/{name}")) {
        Ok(())
    } else {
        Err(Error::InvalidReference {
            reference: format!("{kind} '{name}'"),
            reason: "not a valid Git ref name".into(),
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.plan() {
            Ok(plan) => plan.fmt(f),
            Err(_) => write!(f, "{self:?}"),
        }
    }
}

/// The winning field of a [`Reference`].
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    Commit { sha: String, branch: Option<String> },
    Name(String),
    Semver { range: String, req: SemverRange },
    Tag(String),
    Branch(String),
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plan::Commit {
                sha,
                branch: Some(b),
            } => write!(f, "commit '{sha}' on branch '{b}'"),
            Plan::Commit { sha, branch: None } => write!(f, "commit '{sha}'"),
            Plan::Name(n) => write!(f, "ref '{n}'"),
            Plan::Semver { range, .. } => write!(f, "semver '{range}'"),
            Plan::Tag(t) => write!(f, "tag '{t}'"),
            Plan::Branch(b) => write!(f, "branch '{b}'"),
        }
    }
}

/// A plan resolved against the remote's advertised refs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The remote ref to fetch, if any (`None`: fetch everything for a bare commit).
    pub(crate) remote_ref: Option<String>,
    /// The commit to check out.
    pub(crate) commit: String,
    /// Flux v1 revision string, e.g. `main@sha1:<sha>`.
    pub(crate) revision: String,
    /// Whether the commit might be deeper than the ref's tip (needs full history).
    pub(crate) needs_history: bool,
}

/// Advertised refs: name → object id, with peeled tags as `name^{}`.
pub(crate) type RemoteRefs = BTreeMap<String, String>;

fn peeled<'a>(refs: &'a RemoteRefs, name: &str) -> Option<&'a String> {
    refs.get(&format!("{name}^{{}}")).or_else(|| refs.get(name))
}

pub(crate) fn resolve(plan: &Plan, refs: &RemoteRefs) -> Option<Resolved> {
    match plan {
        Plan::Commit { sha, branch } => {
            let remote_ref = match branch {
                Some(b) => {
                    let r = format!("refs/heads/{b}");
                    refs.get(&r)?;
                    Some(r)
                }
                None => None,
            };
            Some(Resolved {
                remote_ref,
                commit: sha.clone(),
                revision: match branch {
                    Some(b) => format!("{b}@sha1:{sha}"),
                    None => format!("sha1:{sha}"),
                },
                needs_history: true,
            })
        }
        Plan::Name(name) => {
            let commit = peeled(refs, name)?.clone();
            Some(Resolved {
                remote_ref: Some(name.clone()),
                revision: format!("{name}@sha1:{commit}"),
                commit,
                needs_history: false,
            })
        }
        Plan::Tag(tag) => {
            let r = format!("refs/tags/{tag}");
            let commit = peeled(refs, &r)?.clone();
            Some(Resolved {
                remote_ref: Some(r),
                revision: format!("{tag}@sha1:{commit}"),
                commit,
                needs_history: false,
            })
        }
        Plan::Branch(branch) => {
            let r = format!("refs/heads/{branch}");
            let commit = refs.get(&r)?.clone();
            Some(Resolved {
                remote_ref: Some(r),
                revision: format!("{branch}@sha1:{commit}"),
                commit,
                needs_history: false,
            })
        }
        Plan::Semver { req, .. } => {
            let tag = highest_matching_tag(req, refs)?;
            resolve(&Plan::Tag(tag), refs)
        }
    }
}

/// The tag with the highest version matching `req`; `v` prefixes are accepted.
pub(crate) fn highest_matching_tag(req: &SemverRange, refs: &RemoteRefs) -> Option<String> {
    refs.keys()
        .filter_map(|r| r.strip_prefix("refs/tags/"))
        .filter(|t| !t.ends_with("^{}"))
        .filter_map(|t| {
            let v = semver::Version::parse_tag(t).ok()?;
            req.matches(&v).then(|| (v, t.to_string()))
        })
        // NB: on equal versions (`v1.0.0` and `1.0.0`) the later name wins, deterministically.
        .max()
        .map(|(_, t)| t)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn semver_ranges_read_like_flux() {
        let matches = |range: &str, version: &str| {
            super::SemverRange::parse(range)
                .unwrap()
                .matches(&semver::Version::parse_strict(version).unwrap())
        };
        assert!(matches(">=1.0.0 <2.0.0", "1.9.3"));
        assert!(!matches(">=1.0.0 <2.0.0", "2.0.0"));
        assert!(matches(">= 1.2, < 1.4", "1.3.0"));
        assert!(matches("v1.2.3", "1.2.3"));
        assert!(
            !matches("1.2.3", "1.3.0"),
            "a bare version is exact, not a caret range"
        );
        assert!(matches("1.2.x", "1.2.9"));
        assert!(!matches("1.2.x", "1.3.0"));
        assert!(matches("1.2 - 1.4.5", "1.4.5"));
        assert!(!matches("1.2 - 1.4.5", "1.4.6"));
        assert!(matches("^1.0 || ^3.0", "3.1.0"));
        assert!(!matches("^1.0 || ^3.0", "2.1.0"));
        assert!(matches("~1.2", "1.2.7"));
        assert!(matches("*", "0.0.1"));
        for bad in ["", "not-a-version", ">=", "1.0 ||"] {
            assert!(super::SemverRange::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    use super::*;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "cccccccccccccccccccccccccccccccccccccccc";

    fn refs() -> RemoteRefs {
        [
            ("refs/heads/main", A),
            ("refs/tags/v1.0.0", B),
            ("refs/tags/v1.0.0^{}", C),
            ("refs/tags/1.2.0", A),
            ("refs/tags/v2.0.0-rc.1", B),
            ("refs/tags/not-semver", B),
            ("refs/pull/1/head", C),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn resolved(r: Reference) -> Option<Resolved> {
        resolve(&r.plan().unwrap(), &refs())
    }

    #[test]
    fn resolves_each_kind_to_a_flux_revision() {
        let cases = [
            (Reference::branch("main"), Some(format!("main@sha1:{A}"))),
            (Reference::default(), None),
            (Reference::tag("v1.0.0"), Some(format!("v1.0.0@sha1:{C}"))),
            (
                Reference::semver(">=1.0.0"),
                Some(format!("1.2.0@sha1:{A}")),
            ),
            (Reference::semver("<1.1"), Some(format!("v1.0.0@sha1:{C}"))),
            (
                Reference::semver(">=2.0.0-0"),
                Some(format!("v2.0.0-rc.1@sha1:{B}")),
            ),
            (Reference::semver(">=3"), None),
            (
                Reference::name("refs/pull/1/head"),
                Some(format!("refs/pull/1/head@sha1:{C}")),
            ),
            (Reference::commit(B, None), Some(format!("sha1:{B}"))),
            (
                Reference::commit(B, Some("main")),
                Some(format!("main@sha1:{B}")),
            ),
            (Reference::commit(B, Some("gone")), None),
        ];
        for (reference, want) in cases {
            let got = resolved(reference.clone()).map(|r| r.revision);
            assert_eq!(got, want, "{reference}");
        }
    }

    #[test]
    fn precedence_follows_flux() {
        let all = Reference {
            branch: Some("main".into()),
            tag: Some("v1.0.0".into()),
            semver: Some("*".into()),
            name: Some("refs/pull/1/head".into()),
            commit: Some(A.into()),
        };
        assert!(matches!(all.plan().unwrap(), Plan::Commit { .. }));
        let no_commit = Reference {
            commit: None,
            ..all.clone()
        };
        assert!(matches!(no_commit.plan().unwrap(), Plan::Name(_)));
        let no_name = Reference {
            name: None,
            ..no_commit
        };
        assert!(matches!(no_name.plan().unwrap(), Plan::Semver { .. }));
        let no_semver = Reference {
            semver: None,
            ..no_name
        };
        assert!(matches!(no_semver.plan().unwrap(), Plan::Tag(_)));
        let no_tag = Reference {
            tag: None,
            ..no_semver
        };
        assert!(matches!(no_tag.plan().unwrap(), Plan::Branch(_)));
    }

    #[test]
    fn invalid_references_name_the_field() {
        for (r, needle) in [
            (Reference::semver("not a range!"), "semver 'not a range!'"),
            (Reference::commit("abc", None), "commit 'abc'"),
            (Reference::name("heads/main"), "name 'heads/main'"),
            (Reference::branch("a..b"), "branch 'a..b'"),
        ] {
            let err = r.plan().unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        }
    }
}
