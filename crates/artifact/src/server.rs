//! The artifact file server: GET/HEAD of stored files with ranges and ETags.

use std::collections::HashMap;
use std::io::SeekFrom;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use futures::StreamExt as _;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use sha2::{Digest as _, Sha256};
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _};

use crate::storage::{ReadGuard, Storage};

/// Digests remembered by the server before its cache is reset.
const MAX_CACHED_ETAGS: usize = 4096;

struct ServerState {
    storage: Storage,
    /// Digest per file, valid while the file's mtime and size are unchanged.
    etags: Mutex<HashMap<PathBuf, (SystemTime, u64, String)>>,
}

/// A router serving the storage root read-only: `GET`/`HEAD` with `Content-Length`,
/// single byte ranges (206/416), `ETag` (the file's `sha256:` digest) and
/// `If-None-Match` (304). Paths with `..`, hidden segments, symlinks leaving the root,
/// directories and missing files all get 404; there is no directory listing.
pub fn router(storage: Storage) -> Router {
    let state = Arc::new(ServerState {
        storage,
        etags: Mutex::default(),
    });
    Router::new().fallback(handle).with_state(state)
}

/// Serves [`router`] on `listener` until `shutdown` completes, then finishes in-flight
/// downloads.
pub async fn serve(
    listener: tokio::net::TcpListener,
    storage: Storage,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(storage))
        .with_graceful_shutdown(shutdown)
        .await
}

fn status(code: StatusCode) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = code;
    resp
}

/// Maps a request path to a file inside the root, or `None` (→ 404).
fn resolve(storage: &Storage, uri: &Uri) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8()
        .ok()?;
    let rel = decoded.strip_prefix('/')?;
    if rel.contains('\\') || rel.contains('\0') || rel.split('/').any(|s| s.is_empty()) {
        return None;
    }
    let path = storage.local_path(rel).ok()?;
    // NB: canonicalize resolves symlinks; whatever leaves the root is refused.
    let canonical = std::fs::canonicalize(&path).ok()?;
    if !canonical.starts_with(storage.root()) || !canonical.is_file() {
        return None;
    }
    Some(canonical)
}

async fn etag_for(
    state: &ServerState,
    path: &PathBuf,
    modified: SystemTime,
    len: u64,
) -> Option<String> {
    if let Ok(cache) = state.etags.lock()
        && let Some((m, l, tag)) = cache.get(path)
        && *m == modified
        && *l == len
    {
        return Some(tag.clone());
    }
    let to_hash = path.clone();
    let digest = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let mut file = std::fs::File::open(&to_hash)?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut file, &mut hasher)?;
        Ok(format!("\"sha256:{:x}\"", hasher.finalize()))
    })
    .await
    .ok()?
    .ok()?;
    if let Ok(mut cache) = state.etags.lock() {
        // NB: entries of collected artifacts are never looked up again; start over
        // rather than grow without bound.
        if cache.len() >= MAX_CACHED_ETAGS {
            cache.clear();
        }
        cache.insert(path.clone(), (modified, len, digest.clone()));
    }
    Some(digest)
}

fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let Some(value) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    value
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

/// Parses a single `bytes=` range against `len`: `Ok(None)` for no (or an ignorable)
/// Range header, `Err(())` for an unsatisfiable one.
fn parse_range(headers: &HeaderMap, len: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(value) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        // Multiple ranges: serving the whole file is allowed (RFC 9110 §14.2).
        return Ok(None);
    }
    let Some((start, end)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let range = match (start.trim(), end.trim()) {
        ("", "") => return Ok(None),
        ("", suffix) => {
            let n: u64 = suffix.parse().map_err(|_| ())?;
            if n == 0 || len == 0 {
                return Err(());
            }
            (len.saturating_sub(n), len - 1)
        }
        (start, end) => {
            let start: u64 = start.parse().map_err(|_| ())?;
            let end: u64 = if end.is_empty() {
                len.saturating_sub(1)
            } else {
                end.parse::<u64>()
                    .map_err(|_| ())?
                    .min(len.saturating_sub(1))
            };
            if start >= len || end < start {
                return Err(());
            }
            (start, end)
        }
    };
    Ok(Some(range))
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut resp = status(StatusCode::METHOD_NOT_ALLOWED);
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    let Some(path) = resolve(&state.storage, &uri) else {
        return status(StatusCode::NOT_FOUND);
    };
    // Lock before opening: garbage collection skips the file until the body is sent.
    let guard = state.storage.lock_path(path.clone());
    let Ok(mut file) = tokio::fs::File::open(&path).await else {
        return status(StatusCode::NOT_FOUND);
    };
    let Ok(meta) = file.metadata().await else {
        return status(StatusCode::NOT_FOUND);
    };
    let len = meta.len();
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let Some(etag) = etag_for(&state, &path, modified, len).await else {
        return status(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let etag_value = HeaderValue::from_str(&etag).ok();
    let mut resp = status(StatusCode::OK);
    if let Some(v) = &etag_value {
        resp.headers_mut().insert(header::ETAG, v.clone());
    }
    resp.headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if none_match(&headers, &etag) {
        *resp.status_mut() = StatusCode::NOT_MODIFIED;
        return resp;
    }
    let content_type = if path.to_string_lossy().ends_with(".tar.gz") {
        "application/gzip"
    } else {
        "application/octet-stream"
    };
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));

    let (start, count) = match parse_range(&headers, len) {
        Ok(None) => (0, len),
        Ok(Some((start, end))) => {
            *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            (start, end - start + 1)
        }
        Err(()) => {
            let mut resp = status(StatusCode::RANGE_NOT_SATISFIABLE);
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return resp;
        }
    };
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    if method == Method::HEAD {
        return resp;
    }
    if start > 0 && file.seek(SeekFrom::Start(start)).await.is_err() {
        return status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    *resp.body_mut() = body_with_guard(file.take(count), guard);
    resp
}

/// Streams `reader`, keeping `guard` (the read lock) alive until the body is done.
fn body_with_guard(reader: impl tokio::io::AsyncRead + Send + 'static, guard: ReadGuard) -> Body {
    let stream = tokio_util::io::ReaderStream::new(reader).map(move |chunk| {
        let _held = &guard;
        chunk
    });
    Body::from_stream(stream)
}
