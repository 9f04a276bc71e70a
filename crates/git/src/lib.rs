//! Git for Ballast: fetch exactly one ref of a remote repository into a persistent
//! per-object cache and check it out, and commit + push changes back.
//!
//! ```text
//!  Secret data ──AuthOptions::from_secret──┐
//!                                          ▼
//!  FetchOptions {url, Reference, auth} ──fetch(cache_dir, last_revision)──▶ FetchOutcome
//!        one ls-remote; Unchanged when the remote ref still points at last_revision,
//!        otherwise a shallow fetch (depth 1) and a checkout in cache_dir
//!
//!  Writer::clone(branch) ──edit files──▶ commit(CommitOptions) ──▶ push(branch)  (never forced)
//! ```
//!
//! [`verify`] checks the OpenPGP or SSH signature of the checked-out commit
//! and/or the tag it came through against the trusted keys of a Secret ([`Keyring`]).
//!
//! Revisions use Flux's v1 format (`main@sha1:<sha>`, `v1.0.0@sha1:<sha>`, `sha1:<sha>`).
//! Credentials never appear in errors: URLs are shown through [`RedactedUrl`].
//! TLS client certificates, proxies for plain `http://` URLs and `https://` or SOCKS5
//! proxies, which libgit2's HTTP transport cannot handle, go through a smart-HTTP
//! transport of this crate (rustls); `ssh://` through a proxy goes through an SSH
//! transport of this crate (libssh2); every other remote operation uses libgit2's own.
//! All functions block; call them from a blocking thread in async code.

mod auth;
mod error;
mod fetch;
mod proxy;
mod push;
mod reference;
mod ssh;
mod timeouts;
mod transport;
mod url;
mod verify;

pub use auth::{AuthOptions, ProxyOptions};
pub use error::{Error, Result};
pub use fetch::{Checkout, FetchOptions, FetchOutcome, fetch};
pub use push::{CommitOptions, Signature, Writer};
pub use reference::{DEFAULT_BRANCH, Reference};
pub use timeouts::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_IO_TIMEOUT, set_network_timeouts};
pub use url::RedactedUrl;
pub use verify::{Keyring, Verified, VerifyMode, verify};
