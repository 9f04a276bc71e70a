//! Downloading an artifact: timeout, size limit, digest check, safe extraction.

use std::io::{Seek as _, SeekFrom};
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use sha2::Digest as _;
use tokio::io::AsyncWriteExt as _;

use crate::error::{Error, Result};
use crate::extract::{ExtractLimits, ExtractStats, extract_tar_gz};

/// Limits for [`fetch_artifact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadOptions {
    /// Give up when the whole download takes longer.
    pub timeout: Duration,
    /// Most bytes downloaded (the compressed artifact).
    pub max_download_bytes: u64,
    /// Limits on what extraction writes.
    pub extract: ExtractLimits,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            max_download_bytes: 100 << 20,
            extract: ExtractLimits::default(),
        }
    }
}

/// A downloaded and extracted artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchedArtifact {
    /// Compressed size downloaded.
    pub size: u64,
    /// What extraction wrote.
    pub extracted: ExtractStats,
}

enum Hasher {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    fn for_digest(digest: &str) -> Result<(Self, &str, String)> {
        let bad = |reason: &str| Error::InvalidInput {
            field: "digest",
            value: digest.to_string(),
            reason: reason.to_string(),
        };
        let (algo, hex) = digest
            .split_once(':')
            .ok_or_else(|| bad("expected '<algorithm>:<hex>'"))?;
        let (hasher, len) = match algo {
            "sha256" => (Hasher::Sha256(sha2::Sha256::new()), 64),
            "sha384" => (Hasher::Sha384(sha2::Sha384::new()), 96),
            "sha512" => (Hasher::Sha512(sha2::Sha512::new()), 128),
            _ => return Err(bad("unsupported algorithm; use sha256, sha384 or sha512")),
        };
        if hex.len() != len || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("malformed hex digest"));
        }
        Ok((hasher, algo, hex.to_ascii_lowercase()))
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
        }
    }

    fn hex(self) -> String {
        match self {
            Hasher::Sha256(h) => format!("{:x}", h.finalize()),
            Hasher::Sha384(h) => format!("{:x}", h.finalize()),
            Hasher::Sha512(h) => format!("{:x}", h.finalize()),
        }
    }
}

/// Downloads the artifact at `url` (plain HTTP, as source-controller serves it),
/// checks it against `digest` (`sha256:<hex>`; sha384 and sha512 also accepted) and
/// extracts it into `dest` (missing or empty) with [`crate::extract_tar_gz`]'s checks.
pub async fn fetch_artifact(
    url: &str,
    digest: &str,
    dest: &Path,
    opts: &DownloadOptions,
) -> Result<FetchedArtifact> {
    let (mut hasher, algo, expected) = Hasher::for_digest(digest)?;
    let uri: http::Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| Error::InvalidInput {
            field: "url",
            value: url.to_string(),
            reason: e.to_string(),
        })?;
    if uri.scheme_str() != Some("http") {
        return Err(Error::InvalidInput {
            field: "url",
            value: url.to_string(),
            reason: "only http:// artifact URLs are supported".into(),
        });
    }
    let fail = |reason: String| Error::Download {
        url: url.to_string(),
        reason,
    };
    let std_file =
        tempfile::tempfile().map_err(|e| fail(format!("cannot create temp file: {e}")))?;
    let mut file = tokio::fs::File::from_std(std_file);

    let download = async {
        let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        let resp = client
            .get(uri)
            .await
            .map_err(|e| fail(format!("request failed: {e}")))?;
        if resp.status() != http::StatusCode::OK {
            return Err(fail(format!("server answered {}", resp.status())));
        }
        let declared = resp
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(n) = declared
            && n > opts.max_download_bytes
        {
            return Err(fail(format!(
                "artifact is {n} bytes, over the {} byte limit",
                opts.max_download_bytes
            )));
        }
        let mut body = resp.into_body();
        let mut size = 0u64;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| fail(format!("reading body: {e}")))?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            size += data.len() as u64;
            if size > opts.max_download_bytes {
                return Err(fail(format!(
                    "artifact exceeds the {} byte limit",
                    opts.max_download_bytes
                )));
            }
            hasher.update(&data);
            file.write_all(&data)
                .await
                .map_err(|e| fail(format!("writing temp file: {e}")))?;
        }
        file.flush()
            .await
            .map_err(|e| fail(format!("writing temp file: {e}")))?;
        Ok(size)
    };
    let size = tokio::time::timeout(opts.timeout, download)
        .await
        .map_err(|_| fail(format!("timed out after {}s", opts.timeout.as_secs())))??;

    let actual = hasher.hex();
    if actual != expected {
        return Err(Error::DigestMismatch {
            url: url.to_string(),
            expected: format!("{algo}:{expected}"),
            actual: format!("{algo}:{actual}"),
        });
    }
    let mut std_file = file.into_std().await;
    std_file
        .seek(SeekFrom::Start(0))
        .map_err(|e| fail(format!("rewinding temp file: {e}")))?;
    let dest = dest.to_path_buf();
    let limits = opts.extract;
    let extracted = tokio::task::spawn_blocking(move || extract_tar_gz(std_file, &dest, &limits))
        .await
        .map_err(|e| fail(format!("extraction task failed: {e}")))??;
    Ok(FetchedArtifact { size, extracted })
}
