//! `source.toolkit.fluxcd.io/v1`: [`GitRepository`].

use std::time::Duration;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::field_duration;
use crate::meta::{
    Artifact, Condition, DURATION_PATTERN, LocalObjectReference, ReconcileRequestStatus,
    TIMEOUT_PATTERN,
};

/// API group of this module's kinds.
pub const GROUP: &str = "source.toolkit.fluxcd.io";
/// API version of this module's kinds.
pub const VERSION: &str = "v1";
/// Kind name of [`GitRepository`].
pub const GIT_REPOSITORY_KIND: &str = "GitRepository";

/// Branch checked out when a GitRepository names no reference at all.
pub const DEFAULT_BRANCH: &str = "master";

/// Timeout of Git operations when `spec.timeout` is absent (the CRD default).
pub const DEFAULT_GIT_TIMEOUT: Duration = Duration::from_secs(60);

/// Desired state of a [`GitRepository`]: which repository, which revision,
/// how to authenticate, and what to package as an artifact.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "GitRepository",
    doc = "A Git repository that source-controller fetches and packages as an artifact.",
    namespaced,
    status = "GitRepositoryStatus",
    shortname = "gitrepo",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    annotation("kustomize.toolkit.fluxcd.io/substitute", "disabled"),
    printcolumn = r#"{"name":"URL","type":"string","jsonPath":".spec.url"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {"message": "serviceAccountName can only be set when provider is 'azure' or 'aws'",
     "rule": "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))"},
]))]
pub struct GitRepositorySpec {
    /// Repository address: `http`, `https` or `ssh` URL.
    #[schemars(regex(pattern = r"^(http|https|ssh)://.*$"))]
    pub url: String,
    /// Secret with credentials: `username`/`password`, `bearerToken`,
    /// `identity`/`known_hosts` for SSH, or GitHub App keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// Authentication provider; `generic` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<GitProvider>,
    /// Service account whose workload identity authenticates to `azure` or `aws`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// How often to check the repository for new revisions.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Timeout of Git operations such as clone; 60s by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN), extend("default" = "60s"))]
    pub timeout: Option<String>,
    /// Revision to check out; the default branch's HEAD when absent.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<GitRepositoryRef>,
    /// Verify the OpenPGP signature of the commit or tag.
    #[serde(default, rename = "verify", skip_serializing_if = "Option::is_none")]
    pub verification: Option<GitRepositoryVerification>,
    /// Secret with the proxy `address`, `username` and `password` to reach the repository through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// `.gitignore`-style rules for files to leave out of the artifact, on top of the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// Stop reconciling this object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Also check out Git submodules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurse_submodules: Option<bool>,
    /// Other GitRepositories whose artifacts are copied into this one's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<GitRepositoryInclude>>,
    /// Directories to check out (cone-mode sparse checkout); everything when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_checkout: Option<Vec<String>>,
}

/// Authentication provider of a [`GitRepository`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GitProvider {
    /// Credentials from `spec.secretRef`, if any.
    #[default]
    Generic,
    /// AWS CodeCommit through workload identity.
    Aws,
    /// Azure DevOps through workload identity.
    Azure,
    /// GitHub App credentials from `spec.secretRef`.
    Github,
}

/// A Git reference to check out. Precedence when several are set:
/// `commit`, then `name`, then `semver`, then `tag`, then `branch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GitRepositoryRef {
    /// Branch to check out; `master` in Flux when no reference is set at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Tag to check out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// SemVer range; the highest matching tag is checked out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver: Option<String>,
    /// Full reference name, e.g. `refs/heads/main` or `refs/pull/42/head`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Commit SHA; with `branch`, the branch is cloned and the commit checked out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

impl GitRepositoryRef {
    /// Whether no field is set (or all are empty).
    pub fn is_empty(&self) -> bool {
        [
            &self.branch,
            &self.tag,
            &self.semver,
            &self.name,
            &self.commit,
        ]
        .iter()
        .all(|f| f.as_deref().is_none_or(str::is_empty))
    }
}

/// Which Git objects a [`GitRepositoryVerification`] checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GitVerificationMode {
    /// The commit HEAD points to.
    Head,
    /// The tag being checked out.
    Tag,
    /// Both the tag and the commit it points to.
    TagAndHead,
}

/// Signature verification settings of a [`GitRepository`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GitRepositoryVerification {
    /// `HEAD` (also `head`), `Tag` or `TagAndHEAD`; `HEAD` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["head", "HEAD", "Tag", "TagAndHEAD"], "default" = "HEAD"))]
    pub mode: Option<String>,
    /// Secret whose values are trusted ASCII-armoured PGP public keys.
    pub secret_ref: LocalObjectReference,
}

impl GitRepositoryVerification {
    /// The verification mode, `HEAD` when unset or unrecognised, as in Flux.
    pub fn mode(&self) -> GitVerificationMode {
        match self.mode.as_deref() {
            Some("Tag") => GitVerificationMode::Tag,
            Some("TagAndHEAD") => GitVerificationMode::TagAndHead,
            _ => GitVerificationMode::Head,
        }
    }

    /// Whether the HEAD commit's signature must be checked.
    pub fn verify_head(&self) -> bool {
        matches!(
            self.mode(),
            GitVerificationMode::Head | GitVerificationMode::TagAndHead
        )
    }

    /// Whether the tag's signature must be checked.
    pub fn verify_tag(&self) -> bool {
        matches!(
            self.mode(),
            GitVerificationMode::Tag | GitVerificationMode::TagAndHead
        )
    }
}

/// Another GitRepository whose artifact is copied into this one's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GitRepositoryInclude {
    /// The GitRepository to include, in the same namespace.
    pub repository: LocalObjectReference,
    /// Directory of the included artifact to copy; its root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_path: Option<String>,
    /// Directory to copy into; the included repository's name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_path: Option<String>,
}

impl GitRepositoryInclude {
    /// Source directory inside the included artifact (empty: its root).
    pub fn from_path(&self) -> &str {
        self.from_path.as_deref().unwrap_or_default()
    }

    /// Destination directory, defaulting to the included repository's name.
    pub fn to_path(&self) -> &str {
        match self.to_path.as_deref() {
            Some(p) if !p.is_empty() => p,
            _ => &self.repository.name,
        }
    }
}

/// Observed state of a [`GitRepository`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GitRepositoryStatus {
    /// The last generation the controller acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Conditions: Ready, Reconciling, Stalled, ArtifactInStorage, FetchFailed, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<Condition>>,
    /// The last successfully packaged revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<Artifact>,
    /// Artifacts of the included repositories, in `spec.include` order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub included_artifacts: Option<Vec<Artifact>>,
    /// `spec.ignore` as used for the current artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_ignore: Option<String>,
    /// `spec.recurseSubmodules` as used for the current artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_recurse_submodules: Option<bool>,
    /// `spec.include` as used for the current artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_include: Option<Vec<GitRepositoryInclude>>,
    /// `spec.sparseCheckout` as used for the current artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_sparse_checkout: Option<Vec<String>>,
    /// Verification mode used for the current artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_verification_mode: Option<String>,
    /// Last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
}

impl GitRepositorySpec {
    /// `spec.interval`, parsed.
    pub fn interval(&self) -> Result<Duration> {
        field_duration("spec.interval", &self.interval)
    }

    /// `spec.timeout`, parsed, or [`DEFAULT_GIT_TIMEOUT`].
    pub fn timeout(&self) -> Result<Duration> {
        match &self.timeout {
            Some(t) => field_duration("spec.timeout", t),
            None => Ok(DEFAULT_GIT_TIMEOUT),
        }
    }

    /// The reference to check out: `spec.ref`, or branch
    /// [`DEFAULT_BRANCH`] when it is absent or names nothing, as in Flux.
    pub fn checkout_reference(&self) -> GitRepositoryRef {
        match &self.reference {
            Some(r) if !r.is_empty() => r.clone(),
            _ => GitRepositoryRef {
                branch: Some(DEFAULT_BRANCH.to_owned()),
                ..Default::default()
            },
        }
    }

    /// `spec.provider`, `generic` when absent.
    pub fn provider(&self) -> GitProvider {
        self.provider.unwrap_or_default()
    }

    /// Whether the object is suspended.
    pub fn suspended(&self) -> bool {
        self.suspend.unwrap_or(false)
    }
}

impl GitRepository {
    /// The current artifact, if one was produced.
    pub fn artifact(&self) -> Option<&Artifact> {
        self.status.as_ref().and_then(|s| s.artifact.as_ref())
    }
}

crate::meta::impl_object_status!(GitRepository, GitRepositoryStatus);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn checkout_reference_defaults_to_master() {
        let mut spec = GitRepositorySpec::default();
        assert_eq!(spec.checkout_reference().branch.as_deref(), Some("master"));
        spec.reference = Some(GitRepositoryRef {
            branch: Some(String::new()),
            ..Default::default()
        });
        assert_eq!(spec.checkout_reference().branch.as_deref(), Some("master"));
        spec.reference = Some(GitRepositoryRef {
            tag: Some("v1".into()),
            ..Default::default()
        });
        let r = spec.checkout_reference();
        assert_eq!((r.branch, r.tag.as_deref()), (None, Some("v1")));
    }

    #[test]
    fn git_defaults_match_flux() {
        let spec = GitRepositorySpec {
            interval: "1m".into(),
            ..Default::default()
        };
        assert_eq!(spec.timeout().unwrap(), DEFAULT_GIT_TIMEOUT);
        assert_eq!(spec.provider(), GitProvider::Generic);
        let include = GitRepositoryInclude {
            repository: LocalObjectReference::new("shared"),
            ..Default::default()
        };
        assert_eq!((include.from_path(), include.to_path()), ("", "shared"));
        let verify = GitRepositoryVerification {
            mode: Some("head".into()),
            ..Default::default()
        };
        assert!(verify.verify_head() && !verify.verify_tag());
    }
}
