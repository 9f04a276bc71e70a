//! Commit changes to a branch and push them, never forcing.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::build::CheckoutBuilder;
use git2::{IndexAddOption, Oid, Repository};

use crate::auth::Session;
use crate::error::{Error, Result, local};
use crate::fetch::{FetchOptions, list_remote};
use crate::url::RedactedUrl;

/// A person named in a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// What to record in a commit.
#[derive(Debug, Clone)]
pub struct CommitOptions {
    /// The author.
    pub author: Signature,
    /// The committer; the author when `None`.
    pub committer: Option<Signature>,
    /// The commit message.
    pub message: String,
    /// Append a `Signed-off-by:` trailer for the author.
    pub sign_off: bool,
}

/// A full clone of one branch, for writing commits and pushing them back.
pub struct Writer {
    repo: Repository,
    dir: PathBuf,
    url: RedactedUrl,
    opts: FetchOptions,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("dir", &self.dir)
            .field("url", &self.url)
            .finish()
    }
}

impl Writer {
    /// Clones `branch` of `opts.url` (with full history, so pushes can be checked for
    /// fast-forward) into the empty or missing directory `dir`, and checks it out.
    pub fn clone(opts: &FetchOptions, branch: &str, dir: &Path) -> Result<Self> {
        let url = RedactedUrl::new(&opts.url);
        let session = Session::new(&url, &opts.auth, opts.proxy.as_ref(), opts.timeout);
        session.check_supported()?;
        fs_err::create_dir_all(dir).map_err(|source| Error::Io {
            operation: "create work tree",
            path: dir.to_path_buf(),
            source,
        })?;
        let repo = Repository::init(dir).map_err(local("initialise work tree", dir))?;
        let what = format!("branch '{branch}'");
        let refs = list_remote(&repo, &session, &what)?;
        let remote_ref = format!("refs/heads/{branch}");
        if !refs.contains_key(&remote_ref) {
            return Err(if refs.is_empty() {
                Error::EmptyRepository {
                    url,
                    reference: what,
                }
            } else {
                Error::ReferenceNotFound {
                    url,
                    reference: what,
                }
            });
        }
        let tracking = format!("refs/remotes/origin/{branch}");
        {
            let mut remote = repo
                .remote_anonymous(&session.remote_url())
                .map_err(|e| session.error("fetch", &what, e))?;
            let mut fetch_opts = session.fetch_options();
            remote
                .fetch(
                    &[format!("+{remote_ref}:{tracking}")],
                    Some(&mut fetch_opts),
                    None,
                )
                .map_err(|e| session.error("fetch", &what, e))?;
        }
        let tip = repo
            .refname_to_id(&tracking)
            .map_err(local("read fetched branch", dir))?;
        repo.reference(&remote_ref, tip, true, "ballast: clone")
            .map_err(local("create branch", dir))?;
        repo.set_head(&remote_ref).map_err(local("set HEAD", dir))?;
        let mut co = CheckoutBuilder::new();
        co.force();
        repo.checkout_head(Some(&mut co))
            .map_err(local("check out", dir))?;
        Ok(Self {
            repo,
            dir: dir.to_path_buf(),
            url,
            opts: opts.clone(),
        })
    }

    /// The work tree to edit files in.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The commit SHA of HEAD.
    pub fn head(&self) -> Result<String> {
        self.repo
            .refname_to_id("HEAD")
            .map(|o| o.to_string())
            .map_err(local("read HEAD", &self.dir))
    }

    /// Creates branch `name` at HEAD (or moves it there) and switches to it.
    pub fn switch_branch(&self, name: &str) -> Result<()> {
        let head = self
            .repo
            .refname_to_id("HEAD")
            .map_err(local("read HEAD", &self.dir))?;
        let refname = format!("refs/heads/{name}");
        if !git2::Reference::is_valid_name(&refname) {
            return Err(Error::InvalidReference {
                reference: format!("branch '{name}'"),
                reason: "not a valid Git ref name".into(),
            });
        }
        self.repo
            .reference(&refname, head, true, "ballast: switch branch")
            .map_err(local("create branch", &self.dir))?;
        self.repo
            .set_head(&refname)
            .map_err(local("set HEAD", &self.dir))
    }

    /// Stages every change in the work tree (additions, edits, deletions) and commits it.
    ///
    /// Returns the new commit SHA, or `None` when the tree did not change.
    pub fn commit(&self, opts: &CommitOptions) -> Result<Option<String>> {
        let dir = &self.dir;
        let mut index = self.repo.index().map_err(local("open index", dir))?;
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .map_err(local("stage changes", dir))?;
        index
            .update_all(["*"], None)
            .map_err(local("stage deletions", dir))?;
        index.write().map_err(local("write index", dir))?;
        let tree_id = index.write_tree().map_err(local("write tree", dir))?;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        if parent.as_ref().map(|p| p.tree_id()) == Some(tree_id) {
            return Ok(None);
        }
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(local("read tree", dir))?;
        let author = git2::Signature::now(&opts.author.name, &opts.author.email)
            .map_err(local("make author", dir))?;
        let committer_sig = opts.committer.as_ref().unwrap_or(&opts.author);
        let committer = git2::Signature::now(&committer_sig.name, &committer_sig.email)
            .map_err(local("make committer", dir))?;
        let mut message = opts.message.trim_end().to_string();
        let trailer = format!(
            "Signed-off-by: {} <{}>",
            opts.author.name, opts.author.email
        );
        if opts.sign_off && !message.contains(&trailer) {
            message.push_str("\n\n");
            message.push_str(&trailer);
        }
        message.push('\n');
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let oid = self
            .repo
            .commit(Some("HEAD"), &author, &committer, &message, &tree, &parents)
            .map_err(local("commit", dir))?;
        Ok(Some(oid.to_string()))
    }

    /// Pushes HEAD to `branch` on the remote. Never forces: a push that is not a
    /// fast-forward is refused with [`Error::PushRejected`].
    pub fn push(&self, branch: &str) -> Result<()> {
        let what = format!("branch '{branch}'");
        let refname = format!("refs/heads/{branch}");
        if !git2::Reference::is_valid_name(&refname) {
            return Err(Error::InvalidReference {
                reference: what,
                reason: "not a valid Git ref name".into(),
            });
        }
        let head: Oid = self
            .repo
            .refname_to_id("HEAD")
            .map_err(local("read HEAD", &self.dir))?;
        let session = Session::new(
            &self.url,
            &self.opts.auth,
            self.opts.proxy.as_ref(),
            self.opts.timeout,
        );
        let rejected = |reason: String| Error::PushRejected {
            url: self.url.clone(),
            branch: branch.to_string(),
            reason,
        };

        // Compare with the remote tip first, so that a conflict is reported clearly
        // even when the remote's new commits are not present locally.
        let refs = list_remote(&self.repo, &session, &what)?;
        if let Some(remote_tip) = refs.get(&refname) {
            let remote_tip =
                Oid::from_str(remote_tip).map_err(local("parse remote tip", &self.dir))?;
            let fast_forward = remote_tip == head
                || self
                    .repo
                    .graph_descendant_of(head, remote_tip)
                    .unwrap_or(false);
            if !fast_forward {
                return Err(rejected(format!(
                    "not a fast-forward: the remote branch is at {remote_tip}, which is not an ancestor of {head}; \
                     fetch, rebase and retry (force-push is never used)"
                )));
            }
        }

        let server_rejection: Rc<RefCell<Option<String>>> = Rc::default();
        let mut callbacks = session.callbacks();
        let sink = server_rejection.clone();
        callbacks.push_update_reference(move |_name, status| {
            if let Some(status) = status {
                *sink.borrow_mut() = Some(status.to_string());
            }
            Ok(())
        });
        let mut push_opts = session.push_options();
        push_opts.remote_callbacks(callbacks);
        let mut remote = self
            .repo
            .remote_anonymous(&session.remote_url())
            .map_err(|e| session.error("push", &what, e))?;
        // NB: no leading '+': libgit2 refuses a non-fast-forward update itself too.
        let spec = format!("{head}:{refname}");
        remote
            .push(&[spec.as_str()], Some(&mut push_opts))
            .map_err(|e| {
                if e.code() == git2::ErrorCode::NotFastForward {
                    rejected(self.url.scrub(e.message()))
                } else {
                    session.error("push", &what, e)
                }
            })?;
        if let Some(reason) = server_rejection.borrow_mut().take() {
            return Err(rejected(reason));
        }
        Ok(())
    }
}
