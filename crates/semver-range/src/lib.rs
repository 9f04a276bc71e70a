//! Semver versions and ranges, read the way Flux reads them.
//!
//! Flux's `GitRepository.spec.ref.semver` and `ImagePolicy.spec.policy.semver.range`
//! go through Masterminds/semver v3, whose constraint syntax and matching rules differ
//! from Cargo's (and the `semver` crate's): a bare `1.2.3` means exactly that
//! version, comparators are separated by spaces or commas, and a pre-release only
//! matches when its group of comparators mentions a pre-release. This crate owns
//! that dialect so the Git and image code agree on it.
//! (Masterminds/semver is a dependency of the Flux controllers; nothing here is
//! linked to it.)
//! Not yet here: Go's `IncludePrerelease` option, which Flux never sets.

mod range;
mod version;

pub use range::Range;
pub use version::Version;

/// What went wrong reading a version or a range; each message names the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A range (constraint) that Masterminds/semver would refuse.
    #[error("invalid semver range '{range}': {reason}")]
    InvalidRange {
        /// The range as given.
        range: String,
        /// Why it was refused.
        reason: String,
    },
    /// A version that is not valid semantic versioning.
    #[error("invalid semantic version '{version}': {reason}")]
    InvalidVersion {
        /// The version as given.
        version: String,
        /// Why it was refused.
        reason: &'static str,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
