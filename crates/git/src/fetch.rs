//! Fetch exactly one ref into a persistent cache repository and check it out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use git2::build::CheckoutBuilder;
use git2::{Oid, Repository};

use crate::auth::{AuthOptions, ProxyOptions, Session};
use crate::error::{Error, Result, local};
use crate::reference::{Plan, Reference, RemoteRefs, Resolved, resolve};
use crate::url::RedactedUrl;

/// libgit2's `GIT_FETCH_DEPTH_UNSHALLOW`: fetch the full history of a shallow repository.
const UNSHALLOW: i32 = i32::MAX;

/// Where the fetched ref is kept in the cache repository.
const TARGET_REF: &str = "refs/ballast/target";

/// What to fetch from where, and how to authenticate.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Repository URL: `https://`, `http://`, `ssh://`, scp-like `user@host:path`, or `file://`.
    pub url: String,
    /// The ref to check out.
    pub reference: Reference,
    /// Credentials and trust settings.
    pub auth: AuthOptions,
    /// A proxy (`spec.proxySecretRef`: HTTP, HTTPS or SOCKS5), if any.
    pub proxy: Option<ProxyOptions>,
    /// Check out submodules, recursively, with the same credentials.
    pub recurse_submodules: bool,
    /// Give up on a transfer that runs longer than this.
    pub timeout: Option<Duration>,
}

impl FetchOptions {
    /// Options for `url` and `reference` with no credentials.
    pub fn new(url: impl Into<String>, reference: Reference) -> Self {
        Self {
            url: url.into(),
            reference,
            auth: AuthOptions::default(),
            proxy: None,
            recurse_submodules: false,
            timeout: None,
        }
    }
}

/// A checked-out revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// Flux v1 revision: `<branch>@sha1:<sha>`, `<tag>@sha1:<sha>`, `<refname>@sha1:<sha>` or `sha1:<sha>`.
    pub revision: String,
    /// The commit SHA checked out.
    pub commit: String,
    /// The work tree holding the files (it also holds a `.git` directory).
    pub path: PathBuf,
    /// The tag checked out through (`tag` or `semver` references).
    pub tag: Option<String>,
    /// The annotated tag object's id; `None` for a lightweight tag.
    pub tag_object: Option<String>,
}

/// The result of [`fetch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The remote still points at `last_revision`: nothing was downloaded or checked out.
    Unchanged {
        /// The revision, equal to the one the caller passed.
        revision: String,
    },
    /// The ref was fetched (or found in the cache) and checked out.
    Fetched(Checkout),
}

fn validate_url(url: &str) -> Result<RedactedUrl> {
    let redacted = RedactedUrl::new(url);
    let invalid = |reason: &str| Error::InvalidUrl {
        url: redacted.to_string(),
        reason: reason.to_string(),
    };
    match url::Url::parse(url) {
        Ok(parsed) => match parsed.scheme() {
            "http" | "https" | "ssh" if parsed.has_host() => Ok(redacted),
            "file" => Ok(redacted),
            "http" | "https" | "ssh" => Err(invalid("no host")),
            other => Err(invalid(&format!(
                "unsupported scheme '{other}'; use http, https, ssh or file"
            ))),
        },
        // scp-like SSH address: user@host:path
        Err(_) if url.contains('@') && url.contains(':') && !url.contains("://") => Ok(redacted),
        Err(e) => Err(invalid(&e.to_string())),
    }
}

fn is_local(url: &str) -> bool {
    url.starts_with("file://") || url.starts_with('/')
}

/// After this many packs (one per fetch of a new revision) the cache starts afresh:
/// libgit2 can neither repack nor prune, and a shallow fetch of one revision is cheap.
const MAX_CACHE_PACKS: usize = 32;

/// Opens the cache repository in `dir`, creating it (or recreating a broken one).
fn open_cache(dir: &Path) -> Result<Repository> {
    fs_err::create_dir_all(dir).map_err(|source| Error::Io {
        operation: "create cache directory",
        path: dir.to_path_buf(),
        source,
    })?;
    match Repository::open(dir) {
        Ok(repo) if repo.workdir().is_some() => Ok(repo),
        // NB: a cache is disposable; anything unreadable is started afresh.
        _ => reset_cache(dir),
    }
}

/// Deletes the cache's `.git` and initialises an empty repository.
fn reset_cache(dir: &Path) -> Result<Repository> {
    let git_dir = dir.join(".git");
    if git_dir.exists() {
        fs_err::remove_dir_all(&git_dir).map_err(|source| Error::Io {
            operation: "remove cache",
            path: git_dir.clone(),
            source,
        })?;
    }
    Repository::init(dir).map_err(local("initialise cache repository", dir))
}

fn pack_count(repo: &Repository) -> usize {
    std::fs::read_dir(repo.path().join("objects").join("pack"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
                .count()
        })
        .unwrap_or(0)
}

/// Lists the remote's refs without downloading objects (an `ls-remote`).
pub(crate) fn list_remote(repo: &Repository, session: &Session, what: &str) -> Result<RemoteRefs> {
    let mut remote = repo
        .remote_anonymous(&session.remote_url())
        .map_err(|e| session.error("list refs of", what, e))?;
    let mut opts = session.fetch_options();
    // NB: a download with a refspec that matches nothing connects (with our auth headers,
    // which `connect_auth` cannot carry), reads the advertisement and wants nothing,
    // so no pack is requested.
    remote
        .download(
            &["+refs/ballast-list-only/*:refs/ballast-list-only/*"],
            Some(&mut opts),
        )
        .map_err(|e| session.error("list refs of", what, e))?;
    let refs = remote
        .list()
        .map_err(|e| session.error("list refs of", what, e))?
        .iter()
        .filter(|h| h.name() != "capabilities^{}")
        .map(|h| (h.name().to_string(), h.oid().to_string()))
        .collect();
    let _ = remote.disconnect();
    Ok(refs)
}

/// Fetches the ref of `opts` into the cache repository at `cache_dir` and checks it out there.
///
/// When `last_revision` equals the revision the remote now advertises, returns
/// [`FetchOutcome::Unchanged`] after one ref listing, with no download. A commit already
/// in the cache is checked out without downloading it again. Blocking: run it on a
/// blocking thread from async code.
pub fn fetch(
    opts: &FetchOptions,
    cache_dir: &Path,
    last_revision: Option<&str>,
) -> Result<FetchOutcome> {
    let url = validate_url(&opts.url)?;
    let plan = opts.reference.plan()?;
    let what = plan.to_string();
    let session = Session::new(&url, &opts.auth, opts.proxy.as_ref(), opts.timeout);
    session.check_supported()?;
    let mut repo = open_cache(cache_dir)?;

    let refs = list_remote(&repo, &session, &what)?;
    let Some(resolved) = resolve(&plan, &refs) else {
        return Err(not_found(&url, &plan, &refs));
    };
    tracing::debug!(url = %url, reference = %what, revision = %resolved.revision, "resolved remote ref");
    if last_revision == Some(resolved.revision.as_str()) {
        return Ok(FetchOutcome::Unchanged {
            revision: resolved.revision,
        });
    }

    let oid = Oid::from_str(&resolved.commit).map_err(local("parse commit id", cache_dir))?;
    // The annotated tag object, when checking out through one: signature
    // verification reads it, so it must be in the cache too.
    let tag = tag_of(&resolved, &refs);
    let tag_missing = match &tag {
        Some((_, Some(object))) => Oid::from_str(object)
            .map(|o| repo.find_tag(o).is_err())
            .unwrap_or(true),
        _ => false,
    };
    if repo.find_commit(oid).is_err() || tag_missing {
        if pack_count(&repo) >= MAX_CACHE_PACKS {
            tracing::debug!(cache = %cache_dir.display(), "cache has too many packs, starting afresh");
            drop(repo);
            repo = reset_cache(cache_dir)?;
        }
        download(&repo, &session, &session.remote_url(), &what, &resolved)?;
    }
    let commit = repo.find_commit(oid).map_err(|_| Error::CommitNotFound {
        url: url.clone(),
        commit: resolved.commit.clone(),
        reference: what.clone(),
    })?;
    if let Plan::Commit {
        branch: Some(_), ..
    } = &plan
    {
        // The commit must be on the branch (Flux: "the commit is expected to exist" there).
        let tip = repo
            .refname_to_id(TARGET_REF)
            .map_err(local("read fetched branch", cache_dir))?;
        let on_branch = tip == oid || repo.graph_descendant_of(tip, oid).unwrap_or(false);
        if !on_branch {
            return Err(Error::CommitNotFound {
                url,
                commit: resolved.commit,
                reference: what,
            });
        }
    }

    checkout(&repo, &commit, cache_dir)?;
    if opts.recurse_submodules {
        update_submodules(&repo, &opts.url, opts, cache_dir)?;
    }
    Ok(FetchOutcome::Fetched(Checkout {
        revision: resolved.revision,
        commit: resolved.commit,
        path: cache_dir.to_path_buf(),
        tag: tag.as_ref().map(|(name, _)| name.clone()),
        tag_object: tag.and_then(|(_, object)| object),
    }))
}

/// The tag name and, for an annotated tag, its object id, when `resolved`
/// came from a tag.
fn tag_of(resolved: &Resolved, refs: &RemoteRefs) -> Option<(String, Option<String>)> {
    let name = resolved.remote_ref.as_deref()?.strip_prefix("refs/tags/")?;
    let object = refs
        .get(&format!("refs/tags/{name}"))
        .filter(|id| **id != resolved.commit)
        .cloned();
    Some((name.to_string(), object))
}

fn not_found(url: &RedactedUrl, plan: &Plan, refs: &RemoteRefs) -> Error {
    if refs.is_empty() {
        return Error::EmptyRepository {
            url: url.clone(),
            reference: plan.to_string(),
        };
    }
    let reference = match plan {
        Plan::Semver { range, .. } => format!("no tag matching semver '{range}'"),
        Plan::Commit {
            branch: Some(b), ..
        } => format!("branch '{b}'"),
        other => other.to_string(),
    };
    Error::ReferenceNotFound {
        url: url.clone(),
        reference,
    }
}

fn download(
    repo: &Repository,
    session: &Session,
    url: &str,
    what: &str,
    resolved: &Resolved,
) -> Result<()> {
    let mut remote = repo
        .remote_anonymous(url)
        .map_err(|e| session.error("fetch", what, e))?;
    let refspecs: Vec<String> = match &resolved.remote_ref {
        Some(r) => vec![format!("+{r}:{TARGET_REF}")],
        // A bare commit: fetch all branches and tags, then look for it.
        None => vec![
            "+refs/heads/*:refs/ballast/heads/*".to_string(),
            "+refs/tags/*:refs/ballast/tags/*".to_string(),
        ],
    };
    let mut fetch_opts = session.fetch_options();
    if resolved.needs_history {
        if repo.is_shallow() {
            fetch_opts.depth(UNSHALLOW);
        }
    } else if !is_local(url) {
        // NB: libgit2's local transport cannot do shallow fetches; it copies objects anyway.
        fetch_opts.depth(1);
    }
    remote
        .fetch(&refspecs, Some(&mut fetch_opts), None)
        .map_err(|e| session.error("fetch", what, e))?;
    let _ = remote.disconnect();
    Ok(())
}

fn checkout(repo: &Repository, commit: &git2::Commit<'_>, dir: &Path) -> Result<()> {
    let mut builder = CheckoutBuilder::new();
    builder.force().remove_untracked(true).remove_ignored(true);
    repo.checkout_tree(commit.as_object(), Some(&mut builder))
        .map_err(local("check out", dir))?;
    repo.set_head_detached(commit.id())
        .map_err(local("set HEAD", dir))
}

/// Resolves a submodule URL from `.gitmodules` against the superproject's URL, as git
/// does: `./x` and `../x` are relative to the superproject URL taken as a directory.
fn resolve_submodule_url(base: &str, raw: &str) -> String {
    if !(raw.starts_with("./") || raw.starts_with("../")) {
        return raw.to_string();
    }
    if let Ok(base_url) = url::Url::parse(&format!("{}/", base.trim_end_matches('/')))
        && base_url.has_host()
        && let Ok(joined) = base_url.join(raw)
    {
        return joined.to_string();
    }
    // scp-like `user@host:path`: resolve on the path part.
    if let Some((host, path)) = base.split_once(':') {
        let mut parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        for seg in raw.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        return format!("{host}:{}", parts.join("/"));
    }
    raw.to_string()
}

fn update_submodules(
    repo: &Repository,
    base_url: &str,
    opts: &FetchOptions,
    dir: &Path,
) -> Result<()> {
    let names: Vec<String> = repo
        .submodules()
        .map_err(local("list submodules", dir))?
        .iter()
        .filter_map(|s| s.name().ok().map(str::to_string))
        .collect();
    for name in names {
        let what = format!("submodule '{name}'");
        let mut sub = repo
            .find_submodule(&name)
            .map_err(local("find submodule", dir))?;
        let Ok(Some(raw_url)) = sub.url().map(|u| u.map(str::to_string)) else {
            continue;
        };
        let sub_url = resolve_submodule_url(base_url, &raw_url);
        let redacted = validate_url(&sub_url)?;
        // Register the submodule with the resolved URL (libgit2 would resolve relative
        // URLs against a remote the cache does not have), then look it up again so
        // the update uses it.
        // The session decides whether the submodule needs this crate's own transport
        // (client certificate, proxied http://), whose scheme the URL then carries.
        let session = Session::new(&redacted, &opts.auth, opts.proxy.as_ref(), opts.timeout);
        session.check_supported()?;
        sub.init(true).map_err(local("initialise submodule", dir))?;
        repo.config()
            .and_then(|mut c| c.set_str(&format!("submodule.{name}.url"), &session.remote_url()))
            .map_err(local("configure submodule", dir))?;
        let mut sub = repo
            .find_submodule(&name)
            .map_err(local("find submodule", dir))?;
        let mut update = git2::SubmoduleUpdateOptions::new();
        update.fetch(session.fetch_options());
        let mut co = CheckoutBuilder::new();
        co.force();
        update.checkout(co);
        sub.update(false, Some(&mut update))
            .map_err(|e| session.error("fetch", &what, e))?;
        let sub_repo = sub.open().map_err(local("open submodule", dir))?;
        let sub_dir = dir.join(sub.path());
        update_submodules(&sub_repo, &sub_url, opts, &sub_dir)?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_urls_naming_them() {
        for (url, needle) in [
            ("ftp://example.com/r.git", "unsupported scheme 'ftp'"),
            ("not a url", "invalid Git URL not a url"),
            ("https://user:pw@/x", "invalid Git URL"),
        ] {
            let err = validate_url(url).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
            assert!(!err.contains(":pw@"), "{err}");
        }
        validate_url("git@github.com:org/repo.git").unwrap();
        validate_url("file:///srv/git/repo.git").unwrap();
        validate_url("ssh://git@127.0.0.1:2222/srv/r.git").unwrap();
    }

    #[test]
    fn resolves_relative_submodule_urls_like_git() {
        for (base, raw, want) in [
            (
                "https://h/group/top.git",
                "../sub.git",
                "https://h/group/sub.git",
            ),
            (
                "https://h/group/top.git/",
                "./nested.git",
                "https://h/group/top.git/nested.git",
            ),
            (
                "ssh://git@h:2222/srv/top.git",
                "../lib/x.git",
                "ssh://git@h:2222/srv/lib/x.git",
            ),
            ("git@h:org/top.git", "../sub.git", "git@h:org/sub.git"),
            (
                "https://h/top.git",
                "https://other/x.git",
                "https://other/x.git",
            ),
        ] {
            assert_eq!(resolve_submodule_url(base, raw), want, "{base} + {raw}");
        }
    }
}
