//! Artifacts for Ballast: what source-controller publishes and kustomize-controller
//! consumes.
//!
//! ```text
//!  checkout dir ──write_archive (ignore rules, deterministic tar.gz, sha256)──┐
//!                                                                            ▼
//!  Storage (--storage-path): <kind>/<namespace>/<name>/<sha>.tar.gz, atomic write,
//!          garbage collection (newest N, TTL), read locks, include copies
//!      │
//!      └─ serve / router (--storage-addr): GET/HEAD, Range, ETag, 404 outside root
//!                                                                            │ HTTP
//!  fetch_artifact: timeout, size cap, digest check ─▶ extract_tar_gz (no links,
//!          no devices, no '..', byte and entry caps) ─▶ destination dir
//! ```

mod archive;
mod client;
mod error;
mod extract;
mod ignore;
mod server;
mod storage;

pub use archive::{ArchiveSummary, write_archive};
pub use client::{DownloadOptions, FetchedArtifact, fetch_artifact};
pub use error::{Error, Result};
pub use extract::{ExtractLimits, ExtractStats, extract_tar_gz};
pub use ignore::SOURCE_IGNORE_FILE;
pub use server::{router, serve};
pub use storage::{ArtifactInfo, GcReport, ObjectKey, ReadGuard, Storage};
