//! The file server over real HTTP on a loopback port, and the download client against it.

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ballast_artifact::{
    DownloadOptions, Error, ExtractLimits, ObjectKey, Storage, fetch_artifact, serve,
};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sha2::{Digest as _, Sha256};
use tokio::sync::oneshot;

struct Server {
    addr: SocketAddr,
    storage: Storage,
    _root: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn start() -> Server {
    let root = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let storage = Storage::new(root.path().join("storage"), &addr.to_string()).unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let served = storage.clone();
    tokio::spawn(async move {
        serve(listener, served, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    Server {
        addr,
        storage,
        _root: root,
        stop: Some(tx),
    }
}

fn client() -> Client<HttpConnector, Empty<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, http::HeaderMap, Vec<u8>) {
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = client()
        .request(req.body(Empty::new()).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

/// Stores an artifact for a small tree and returns (relative path, digest, bytes).
fn store(storage: &Storage, name: &str) -> (String, String, Vec<u8>) {
    let src = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(src.path().join("deploy")).unwrap();
    std::fs::write(
        src.path().join("deploy/app.yaml"),
        format!("name: {name}\n"),
    )
    .unwrap();
    std::fs::write(
        src.path().join("kustomization.yaml"),
        "resources: [deploy/app.yaml]\n",
    )
    .unwrap();
    let key = ObjectKey::new("GitRepository", "default", name).unwrap();
    let (info, _) = storage
        .archive(
            &key,
            "main@sha1:0123456789abcdef0123456789abcdef01234567",
            src.path(),
            None,
        )
        .unwrap();
    let bytes = std::fs::read(storage.local_path(&info.path).unwrap()).unwrap();
    (info.path, info.digest, bytes)
}

#[tokio::test]
async fn serves_get_head_ranges_and_etags() {
    let server = start().await;
    let (path, digest, bytes) = store(&server.storage, "app");
    let url_path = format!("/{path}");
    let etag = format!("\"{digest}\"");

    let (status, headers, body) = request(server.addr, "GET", &url_path, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body, bytes);
    assert_eq!(headers["content-length"], bytes.len().to_string().as_str());
    assert_eq!(headers["etag"], etag.as_str());
    assert_eq!(headers["content-type"], "application/gzip");
    assert_eq!(headers["accept-ranges"], "bytes");

    let (status, headers, body) = request(server.addr, "HEAD", &url_path, &[]).await;
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(headers["content-length"], bytes.len().to_string().as_str());

    let (status, headers, body) =
        request(server.addr, "GET", &url_path, &[("range", "bytes=0-9")]).await;
    assert_eq!(status, 206);
    assert_eq!(body, &bytes[..10]);
    assert_eq!(
        headers["content-range"],
        format!("bytes 0-9/{}", bytes.len()).as_str()
    );
    assert_eq!(headers["content-length"], "10");

    let (status, _, body) = request(server.addr, "GET", &url_path, &[("range", "bytes=-5")]).await;
    assert_eq!((status, body.as_slice()), (206, &bytes[bytes.len() - 5..]));
    let (status, _, body) = request(server.addr, "GET", &url_path, &[("range", "bytes=10-")]).await;
    assert_eq!((status, body.as_slice()), (206, &bytes[10..]));

    let (status, headers, _) =
        request(server.addr, "GET", &url_path, &[("range", "bytes=999999-")]).await;
    assert_eq!(status, 416);
    assert_eq!(
        headers["content-range"],
        format!("bytes */{}", bytes.len()).as_str()
    );

    let (status, headers, body) =
        request(server.addr, "GET", &url_path, &[("if-none-match", &etag)]).await;
    assert_eq!((status, body.len()), (304, 0));
    assert_eq!(headers["etag"], etag.as_str());
    let (status, _, _) = request(
        server.addr,
        "GET",
        &url_path,
        &[("if-none-match", "\"sha256:other\"")],
    )
    .await;
    assert_eq!(status, 200);

    let (status, headers, _) = request(server.addr, "POST", &url_path, &[]).await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "GET, HEAD");
}

#[tokio::test]
async fn nothing_outside_the_root_is_served() {
    let server = start().await;
    let (path, _, _) = store(&server.storage, "app");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let root = server.storage.root().to_path_buf();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("linkdir")).unwrap();
    std::fs::write(root.join(".hidden"), "hidden").unwrap();
    let dir_of_artifact = std::path::Path::new(&path)
        .parent()
        .unwrap()
        .display()
        .to_string();

    for target in [
        "/../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/gitrepository/..%2f..%2f..%2fetc/passwd".to_string(),
        format!("/{dir_of_artifact}/../../../../etc/passwd"),
        "/link.txt".to_string(),
        "/linkdir/secret.txt".to_string(),
        "/.hidden".to_string(),
        format!("/{dir_of_artifact}"),
        format!("/{dir_of_artifact}/"),
        "/".to_string(),
        "/missing.tar.gz".to_string(),
        format!("//{path}"),
    ] {
        let (status, _, body) = request(server.addr, "GET", &target, &[]).await;
        assert_eq!(status, 404, "{target}");
        assert!(
            !String::from_utf8_lossy(&body).contains("secret"),
            "{target}"
        );
    }
}

#[tokio::test]
async fn an_artifact_being_downloaded_is_not_garbage_collected() {
    let server = start().await;
    // A large file so the download cannot finish in one read.
    let key = ObjectKey::new("GitRepository", "default", "big").unwrap();
    let rel = "gitrepository/default/big/00000000000000000000000000000000000000aa.tar.gz";
    let path = server.storage.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, vec![7u8; 32 << 20]).unwrap();

    let req = http::Request::get(format!("http://{}/{rel}", server.addr))
        .body(Empty::<Bytes>::new())
        .unwrap();
    let resp = client().request(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let mut body = resp.into_body();
    let first = body.frame().await.unwrap().unwrap();
    assert!(first.is_data());

    let report = server
        .storage
        .garbage_collect(&key, None, 0, Duration::ZERO)
        .unwrap();
    assert_eq!(report.busy, vec![rel.to_string()]);
    assert!(path.exists());

    // Once the download is abandoned the lock goes away and the file can be collected.
    drop(body);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let report = server
            .storage
            .garbage_collect(&key, None, 0, Duration::ZERO)
            .unwrap();
        if report.deleted == vec![rel.to_string()] {
            break;
        }
        assert!(Instant::now() < deadline, "lock never released: {report:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!path.exists());
}

#[tokio::test]
async fn client_downloads_verifies_and_extracts() {
    let server = start().await;
    let (path, digest, bytes) = store(&server.storage, "app");
    let url = server.storage.url_for(&path);
    assert_eq!(url, format!("http://{}/{path}", server.addr));
    let dest = tempfile::tempdir().unwrap();
    let got = fetch_artifact(
        &url,
        &digest,
        &dest.path().join("out"),
        &DownloadOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(got.size, bytes.len() as u64);
    assert_eq!(got.extracted.files, 2);
    assert_eq!(
        std::fs::read_to_string(dest.path().join("out/deploy/app.yaml")).unwrap(),
        "name: app\n"
    );

    // Wrong digest.
    let wrong = format!("sha256:{:x}", Sha256::digest(b"something else"));
    let e = fetch_artifact(
        &url,
        &wrong,
        &dest.path().join("x1"),
        &DownloadOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Error::DigestMismatch { .. }), "{e}");
    assert!(
        !dest.path().join("x1").exists(),
        "nothing extracted on mismatch"
    );

    // Over the size limit.
    let small = DownloadOptions {
        max_download_bytes: 16,
        ..Default::default()
    };
    let e = fetch_artifact(&url, &digest, &dest.path().join("x2"), &small)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("over the 16 byte limit"), "{e}");

    // Missing artifact, bad digest syntax, https.
    let e = fetch_artifact(
        &server
            .storage
            .url_for("gitrepository/default/app/missing.tar.gz"),
        &digest,
        &dest.path().join("x3"),
        &DownloadOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("404"), "{e}");
    let e = fetch_artifact(
        &url,
        "md5:abc",
        &dest.path().join("x4"),
        &DownloadOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().starts_with("invalid digest 'md5:abc'"), "{e}");
    let e = fetch_artifact(
        &url.replace("http://", "https://"),
        &digest,
        &dest.path().join("x5"),
        &DownloadOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().starts_with("invalid url"), "{e}");
}

#[tokio::test]
async fn client_times_out_on_a_silent_server() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let mut conns = Vec::new();
        while let Ok((c, _)) = listener.accept().await {
            conns.push(c);
        }
    });
    let opts = DownloadOptions {
        timeout: Duration::from_millis(300),
        ..Default::default()
    };
    let digest = format!("sha256:{:x}", Sha256::digest(b""));
    let dest = tempfile::tempdir().unwrap();
    let e = fetch_artifact(
        &format!("http://{addr}/a.tar.gz"),
        &digest,
        dest.path(),
        &opts,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("timed out"), "{e}");
    held.abort();
}

#[tokio::test]
async fn client_rejects_an_unsafe_archive_naming_the_entry() {
    let server = start().await;
    // A tar.gz with a symlink, stored as if it were an artifact.
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Symlink);
    h.set_size(0);
    builder
        .append_link(&mut h, "kustomization.yaml", "/etc/passwd")
        .unwrap();
    let bytes = builder.into_inner().unwrap().finish().unwrap();
    let rel = "gitrepository/default/evil/00000000000000000000000000000000000000bb.tar.gz";
    let path = server.storage.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let digest = format!("sha256:{:x}", Sha256::digest(&bytes));
    let dest = tempfile::tempdir().unwrap();
    let opts = DownloadOptions {
        extract: ExtractLimits::default(),
        ..Default::default()
    };
    let e = fetch_artifact(&server.storage.url_for(rel), &digest, dest.path(), &opts)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::UnsafeEntry { .. }), "{e}");
    assert!(e.to_string().contains("'kustomization.yaml'"), "{e}");
}
