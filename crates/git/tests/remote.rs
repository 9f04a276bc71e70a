//! Fetch, auth and push against real Git servers: `git http-backend` over HTTP and
//! HTTPS, and OpenSSH's sshd, all on random loopback ports (see ballast-testsupport).

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use ballast_git::{
    AuthOptions, CommitOptions, Error, FetchOptions, FetchOutcome, ProxyOptions, Reference,
    Signature, Writer, fetch,
};
use ballast_testsupport::{
    ConnectProxy, HttpAuth, HttpGitServer, HttpOptions, SshGitServer, TestCa, WorkRepo,
};

fn secret(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect()
}

fn checkout(outcome: FetchOutcome) -> ballast_git::Checkout {
    match outcome {
        FetchOutcome::Fetched(c) => c,
        other => panic!("expected a checkout, got {other:?}"),
    }
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Builds `repo.git` on a bare path: main with two commits, branch `staging`, tags
/// `v1.0.0` (annotated), `v1.1.0`, `2.0.0-rc.1`, `not-semver`, and `refs/pull/1/head`.
struct Fixture {
    work: WorkRepo,
    first: String,
    main: String,
    staging: String,
    pull: String,
}

fn seed(bare: &Path) -> Fixture {
    let bare = bare.to_str().unwrap();
    let work = WorkRepo::init("main").unwrap();
    work.write("README.md", "first\n").unwrap();
    let first = work.commit_all("first").unwrap();
    work.git(&["tag", "-a", "v1.0.0", "-m", "release 1.0.0"])
        .unwrap();
    work.write("README.md", "second\n").unwrap();
    let main = work.commit_all("second").unwrap();
    work.git(&["tag", "v1.1.0"]).unwrap();
    work.git(&["tag", "not-semver"]).unwrap();
    work.git(&["checkout", "-q", "-b", "staging"]).unwrap();
    work.write("README.md", "staging\n").unwrap();
    let staging = work.commit_all("staging").unwrap();
    work.git(&["tag", "2.0.0-rc.1"]).unwrap();
    work.git(&["checkout", "-q", "-b", "pr"]).unwrap();
    work.write("README.md", "pull request\n").unwrap();
    let pull = work.commit_all("pr").unwrap();
    work.git(&["checkout", "-q", "main"]).unwrap();
    work.push(bare, "refs/heads/main:refs/heads/main").unwrap();
    work.push(bare, "refs/heads/staging:refs/heads/staging")
        .unwrap();
    work.push(bare, "refs/heads/pr:refs/pull/1/head").unwrap();
    work.push(bare, "--tags").unwrap();
    Fixture {
        work,
        first,
        main,
        staging,
        pull,
    }
}

#[test]
fn fetches_every_ref_kind_over_http() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let url = server.url("repo.git");
    let cases = [
        (
            Reference::branch("main"),
            format!("main@sha1:{}", fx.main),
            "second\n",
        ),
        (
            Reference::branch("staging"),
            format!("staging@sha1:{}", fx.staging),
            "staging\n",
        ),
        (
            Reference::tag("v1.0.0"),
            format!("v1.0.0@sha1:{}", fx.first),
            "first\n",
        ),
        (
            Reference::tag("v1.1.0"),
            format!("v1.1.0@sha1:{}", fx.main),
            "second\n",
        ),
        (
            Reference::semver("1.x"),
            format!("v1.1.0@sha1:{}", fx.main),
            "second\n",
        ),
        (
            Reference::semver("<1.1.0"),
            format!("v1.0.0@sha1:{}", fx.first),
            "first\n",
        ),
        (
            Reference::semver(">=2.0.0-0"),
            format!("2.0.0-rc.1@sha1:{}", fx.staging),
            "staging\n",
        ),
        (
            Reference::name("refs/pull/1/head"),
            format!("refs/pull/1/head@sha1:{}", fx.pull),
            "pull request\n",
        ),
        (
            Reference::commit(&fx.first, None),
            format!("sha1:{}", fx.first),
            "first\n",
        ),
        (
            Reference::commit(&fx.first, Some("main")),
            format!("main@sha1:{}", fx.first),
            "first\n",
        ),
    ];
    for (reference, revision, readme) in cases {
        // A fresh cache per case: each must fetch on its own.
        let cache = tempfile::tempdir().unwrap();
        let got = checkout(
            fetch(
                &FetchOptions::new(&url, reference.clone()),
                cache.path(),
                None,
            )
            .unwrap(),
        );
        assert_eq!(got.revision, revision, "{reference}");
        assert_eq!(read(&got.path, "README.md"), readme, "{reference}");
        assert_eq!(got.path, cache.path());
    }
}

#[test]
fn missing_refs_and_commits_are_clear_errors() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let url = server.url("repo.git");
    let cache = tempfile::tempdir().unwrap();
    let err = |r: Reference| fetch(&FetchOptions::new(&url, r), cache.path(), None).unwrap_err();

    let e = err(Reference::branch("nope"));
    assert!(matches!(e, Error::ReferenceNotFound { .. }), "{e}");
    assert!(
        e.to_string().contains("branch 'nope'") && e.to_string().contains(&url),
        "{e}"
    );
    let e = err(Reference::semver(">=9"));
    assert!(
        e.to_string().contains("no tag matching semver '>=9'"),
        "{e}"
    );
    let e = err(Reference::default());
    assert!(e.to_string().contains("branch 'master'"), "{e}");
    // The staging commit is not on main.
    let e = err(Reference::commit(&fx.staging, Some("main")));
    assert!(matches!(e, Error::CommitNotFound { .. }), "{e}");
    let e = err(Reference::commit(
        "0123456789012345678901234567890123456789",
        None,
    ));
    assert!(matches!(e, Error::CommitNotFound { .. }), "{e}");
    drop(fx);
}

#[test]
fn unchanged_remote_is_a_no_op_poll_without_download() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let url = server.url("repo.git");
    let cache = tempfile::tempdir().unwrap();
    let opts = FetchOptions::new(&url, Reference::branch("main"));

    let first = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert!(server.requests().iter().any(|r| r.is_pack_download()));

    // Same remote tip: one ref listing, no pack.
    server.clear_requests();
    let again = fetch(&opts, cache.path(), Some(&first.revision)).unwrap();
    assert_eq!(
        again,
        FetchOutcome::Unchanged {
            revision: first.revision.clone()
        }
    );
    let requests = server.requests();
    assert!(!requests.is_empty(), "the poll must ask the server");
    assert!(
        !requests.iter().any(|r| r.is_pack_download()),
        "{requests:?}"
    );

    // Unknown last revision but the commit is cached: checkout without download.
    server.clear_requests();
    let cached = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(cached.revision, first.revision);
    assert!(!server.requests().iter().any(|r| r.is_pack_download()));

    // A new commit on the remote is fetched.
    fx.work.write("README.md", "third\n").unwrap();
    let third = fx.work.commit_all("third").unwrap();
    fx.work
        .push(server.repo_path("repo.git").to_str().unwrap(), "main:main")
        .unwrap();
    let next = checkout(fetch(&opts, cache.path(), Some(&first.revision)).unwrap());
    assert_eq!(next.revision, format!("main@sha1:{third}"));
    assert_eq!(read(&next.path, "README.md"), "third\n");
}

#[test]
fn cache_stays_bounded_over_many_revisions() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let bare = server.repo_path("repo.git");
    let cache = tempfile::tempdir().unwrap();
    let opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    let packs = || {
        std::fs::read_dir(cache.path().join(".git/objects/pack"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "pack")
            })
            .count()
    };
    let mut max_packs = 0;
    for i in 0..40 {
        fx.work
            .write("README.md", format!("revision {i}\n"))
            .unwrap();
        let sha = fx.work.commit_all(&format!("rev {i}")).unwrap();
        fx.work.push(bare.to_str().unwrap(), "main:main").unwrap();
        let got = checkout(fetch(&opts, cache.path(), None).unwrap());
        assert_eq!(got.revision, format!("main@sha1:{sha}"));
        assert_eq!(read(&got.path, "README.md"), format!("revision {i}\n"));
        max_packs = max_packs.max(packs());
    }
    assert!(max_packs <= 32, "cache grew to {max_packs} packs");
}

#[test]
fn follows_deleted_branches_and_force_pushed_history() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let bare = server.repo_path("repo.git");
    let url = server.url("repo.git");
    let cache = tempfile::tempdir().unwrap();
    let opts = FetchOptions::new(&url, Reference::branch("main"));
    let before = checkout(fetch(&opts, cache.path(), None).unwrap());

    // Rewrite main: a new root commit, force-pushed.
    fx.work
        .git(&["checkout", "-q", "--orphan", "rewritten"])
        .unwrap();
    fx.work.git(&["rm", "-rq", "--cached", "."]).unwrap();
    std::fs::remove_file(fx.work.path().join("README.md")).unwrap();
    fx.work.write("NEW.md", "rewritten\n").unwrap();
    let rewritten = fx.work.commit_all("rewritten").unwrap();
    fx.work
        .push(bare.to_str().unwrap(), "+rewritten:main")
        .unwrap();
    let after = checkout(fetch(&opts, cache.path(), Some(&before.revision)).unwrap());
    assert_eq!(after.revision, format!("main@sha1:{rewritten}"));
    assert_eq!(read(&after.path, "NEW.md"), "rewritten\n");
    assert!(
        !after.path.join("README.md").exists(),
        "old files must be gone"
    );

    // Delete staging on the remote.
    let staging = FetchOptions::new(&url, Reference::branch("staging"));
    checkout(fetch(&staging, cache.path(), None).unwrap());
    fx.work.push(bare.to_str().unwrap(), ":staging").unwrap();
    let e = fetch(&staging, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::ReferenceNotFound { .. }), "{e}");
}

#[test]
fn empty_and_unreachable_repositories_fail_clearly() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    server.create_repo("empty.git", "main").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let e = fetch(
        &FetchOptions::new(server.url("empty.git"), Reference::branch("main")),
        cache.path(),
        None,
    )
    .unwrap_err();
    assert!(matches!(e, Error::EmptyRepository { .. }), "{e}");

    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/repo.git");
    let e = fetch(
        &FetchOptions::new(&url, Reference::branch("main")),
        cache.path(),
        None,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Remote { .. }), "{e}");
    assert!(e.to_string().contains(&url), "{e}");
}

#[test]
fn basic_auth_and_wrong_password() {
    let server = HttpGitServer::start(HttpOptions {
        auth: HttpAuth::Basic {
            username: "alice".into(),
            password: "s3cret-pw".into(),
        },
        ..Default::default()
    })
    .unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let cache = tempfile::tempdir().unwrap();
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));

    opts.auth =
        AuthOptions::from_secret(&secret(&[("username", "alice"), ("password", "s3cret-pw")]))
            .unwrap();
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{}", fx.main));

    opts.auth =
        AuthOptions::from_secret(&secret(&[("username", "alice"), ("password", "wrong-pw")]))
            .unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(
        e.to_string().contains("rejected") && !e.to_string().contains("wrong-pw"),
        "{e}"
    );

    opts.auth = AuthOptions::default();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(
        e.to_string().contains("set 'username' and 'password'"),
        "{e}"
    );

    // Credentials in the URL never show up in errors.
    let leaky = server
        .url("missing.git")
        .replace("http://", "http://alice:url-secret@");
    let e = fetch(
        &FetchOptions::new(leaky, Reference::branch("main")),
        cache.path(),
        None,
    )
    .unwrap_err();
    assert!(!e.to_string().contains("url-secret"), "{e}");
}

#[test]
fn bearer_token_auth() {
    let server = HttpGitServer::start(HttpOptions {
        auth: HttpAuth::Bearer("tok-123".into()),
        ..Default::default()
    })
    .unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let cache = tempfile::tempdir().unwrap();
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    opts.auth = AuthOptions::from_secret(&secret(&[("bearerToken", "tok-123")])).unwrap();
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{}", fx.main));
    // The no-op poll carries the token too.
    assert!(matches!(
        fetch(&opts, cache.path(), Some(&got.revision)).unwrap(),
        FetchOutcome::Unchanged { .. }
    ));

    opts.auth = AuthOptions::from_secret(&secret(&[("bearerToken", "bad-token")])).unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(
        e.to_string().contains("bearer token was rejected") && !e.to_string().contains("bad-token"),
        "{e}"
    );
}

#[test]
fn https_with_test_ca() {
    let ca = Arc::new(TestCa::new().unwrap());
    let server = HttpGitServer::start(HttpOptions {
        tls: Some(ca.clone()),
        auth: HttpAuth::Basic {
            username: "bob".into(),
            password: "pw".into(),
        },
    })
    .unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let cache = tempfile::tempdir().unwrap();
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    assert!(opts.url.starts_with("https://"));

    // Without the CA the server is not trusted.
    opts.auth =
        AuthOptions::from_secret(&secret(&[("username", "bob"), ("password", "pw")])).unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");

    for key in ["ca.crt", "caFile"] {
        opts.auth = AuthOptions::from_secret(&secret(&[
            ("username", "bob"),
            ("password", "pw"),
            (key, ca.ca_pem()),
        ]))
        .unwrap();
        let got = checkout(fetch(&opts, cache.path(), None).unwrap());
        assert_eq!(got.revision, format!("main@sha1:{}", fx.main), "{key}");
    }

    // A CA that did not sign the server's certificate is refused, with the reason.
    let other = TestCa::new().unwrap();
    opts.auth = AuthOptions::from_secret(&secret(&[("ca.crt", other.ca_pem())])).unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::Certificate { .. }), "{e}");
    assert!(e.to_string().contains("not signed by ca.crt"), "{e}");

    // A client certificate that is not PEM is refused up front, naming the key.
    let e = AuthOptions::from_secret(&secret(&[
        ("ca.crt", ca.ca_pem()),
        ("tls.crt", "cert"),
        ("tls.key", "key"),
    ]))
    .unwrap_err();
    assert!(e.to_string().contains("'tls.crt'"), "{e}");
}

#[test]
fn tls_client_certificate_is_presented() {
    let ca = Arc::new(TestCa::new().unwrap());
    let server = HttpGitServer::start_mtls(HttpOptions {
        tls: Some(ca.clone()),
        auth: HttpAuth::Basic {
            username: "carol".into(),
            password: "pw".into(),
        },
    })
    .unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let cache = tempfile::tempdir().unwrap();
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    let with_cert = |ca_pem: &str, cert: &str, key: &str, password: &str| {
        AuthOptions::from_secret(&secret(&[
            ("username", "carol"),
            ("password", password),
            ("ca.crt", ca_pem),
            ("tls.crt", cert),
            ("tls.key", key),
        ]))
        .unwrap()
    };

    opts.auth = with_cert(ca.ca_pem(), ca.client_cert_pem(), ca.client_key_pem(), "pw");
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{}", fx.main));
    assert_eq!(read(&got.path, "README.md"), "second\n");
    assert!(server.requests().iter().any(|r| r.is_pack_download()));
    server.clear_requests();
    // The no-op poll goes through the same transport: one ls-remote, no pack.
    assert!(matches!(
        fetch(&opts, cache.path(), Some(&got.revision)).unwrap(),
        FetchOutcome::Unchanged { .. }
    ));
    assert!(!server.requests().iter().any(|r| r.is_pack_download()));

    // A renamed repository: the first request is redirected, the rest follows it with
    // the same credentials (same origin).
    server.redirect("old.git", "repo.git");
    let mut moved = opts.clone();
    moved.url = server.url("old.git");
    let got = checkout(fetch(&moved, tempfile::tempdir().unwrap().path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{}", fx.main));
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.status == 301 && r.target.starts_with("/old.git/info/refs"))
            && requests
                .iter()
                .any(|r| r.status == 200 && r.target == "/repo.git/git-upload-pack"),
        "{requests:?}"
    );

    // Basic auth still applies on top of the certificate.
    opts.auth = with_cert(
        ca.ca_pem(),
        ca.client_cert_pem(),
        ca.client_key_pem(),
        "wrong-pw",
    );
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(
        e.to_string().contains("username/password was rejected")
            && !e.to_string().contains("wrong-pw"),
        "{e}"
    );

    // A certificate from another CA is refused by the server, and the error says which keys.
    let stranger = TestCa::new().unwrap();
    opts.auth = with_cert(
        ca.ca_pem(),
        stranger.client_cert_pem(),
        stranger.client_key_pem(),
        "pw",
    );
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(
        e.to_string().contains("'tls.crt'") && e.to_string().contains("'tls.key'"),
        "{e}"
    );

    // Without a certificate the handshake fails, and the error says what to set.
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("username", "carol"),
        ("password", "pw"),
        ("ca.crt", ca.ca_pem()),
    ]))
    .unwrap();
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(
        e.to_string().contains("'tls.crt'") && e.to_string().contains("'tls.key'"),
        "{e}"
    );

    // The server's certificate is still checked against ca.crt.
    opts.auth = with_cert(
        stranger.ca_pem(),
        ca.client_cert_pem(),
        ca.client_key_pem(),
        "pw",
    );
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(matches!(e, Error::Certificate { .. }), "{e}");
}

#[test]
fn pushes_with_a_tls_client_certificate() {
    let ca = Arc::new(TestCa::new().unwrap());
    let server = HttpGitServer::start_mtls(HttpOptions {
        tls: Some(ca.clone()),
        auth: HttpAuth::Basic {
            username: "w".into(),
            password: "w-pw".into(),
        },
    })
    .unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("username", "w"),
        ("password", "w-pw"),
        ("ca.crt", ca.ca_pem()),
        ("tls.crt", ca.client_cert_pem()),
        ("tls.key", ca.client_key_pem()),
    ]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let writer = Writer::clone(&opts, "main", dir.path()).unwrap();
    assert_eq!(writer.head().unwrap(), fx.main);
    std::fs::write(writer.path().join("app.yaml"), "image: app:2\n").unwrap();
    let sha = writer
        .commit(&CommitOptions {
            author: author(),
            committer: None,
            message: "Bump".into(),
            sign_off: false,
        })
        .unwrap()
        .unwrap();
    writer.push("main").unwrap();
    let mut cmd = ballast_testsupport::git_command();
    cmd.arg("-C")
        .arg(server.repo_path("repo.git"))
        .args(["rev-parse", "main"]);
    assert_eq!(
        String::from_utf8(cmd.output().unwrap().stdout)
            .unwrap()
            .trim(),
        sha
    );
    assert!(
        server.requests().iter().any(|r| r.method == "POST"
            && r.target.ends_with("/git-receive-pack")
            && r.status == 200),
        "{:?}",
        server.requests()
    );
}

/// An HTTPS git server that requires a client certificate signed by its CA.
fn mtls_server() -> (Arc<TestCa>, HttpGitServer) {
    let ca = Arc::new(TestCa::new().unwrap());
    let server = HttpGitServer::start_mtls(HttpOptions {
        tls: Some(ca.clone()),
        ..Default::default()
    })
    .unwrap();
    (ca, server)
}

/// Trusts `ca` and presents its client certificate.
fn client_cert_auth(ca: &TestCa) -> AuthOptions {
    AuthOptions::from_secret(&secret(&[
        ("ca.crt", ca.ca_pem()),
        ("tls.crt", ca.client_cert_pem()),
        ("tls.key", ca.client_key_pem()),
    ]))
    .unwrap()
}

#[test]
fn submodules_over_a_tls_client_certificate() {
    let (ca, server) = mtls_server();
    server.create_repo_with_submodule().unwrap();

    let mut opts = FetchOptions::new(server.url("top.git"), Reference::branch("main"));
    opts.recurse_submodules = true;
    opts.auth = client_cert_auth(&ca);
    let cache = tempfile::tempdir().unwrap();
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(read(&got.path, "vendor/lib/lib.yaml"), "kind: Lib\n");
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.target == "/sub.git/git-upload-pack" && r.status == 200),
        "{:?}",
        server.requests()
    );
}

#[test]
fn tls_client_certificate_through_a_connect_proxy() {
    let (ca, server) = mtls_server();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let proxy = ConnectProxy::start("proxy-user", "proxy-pw", server.addr()).unwrap();
    let url = format!("https://{}/repo.git", TestCa::PROXIED_HOST);
    let mut opts = FetchOptions::new(&url, Reference::branch("main"));
    opts.auth = client_cert_auth(&ca);
    opts.proxy = Some(
        ProxyOptions::from_secret(&secret(&[
            ("address", &format!("http://{}", proxy.addr())),
            ("username", "proxy-user"),
            ("password", "proxy-pw"),
        ]))
        .unwrap(),
    );
    let got = checkout(fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{}", fx.main));
    assert!(
        proxy
            .log()
            .iter()
            .any(|l| l == "CONNECT git.ballast.invalid:443 -> 200"),
        "{:?}",
        proxy.log()
    );
}

#[test]
fn fetches_plain_http_through_an_authenticating_proxy() {
    let origin = HttpGitServer::start(HttpOptions {
        auth: HttpAuth::Bearer("tok-9".into()),
        ..Default::default()
    })
    .unwrap();
    let fx = seed(&origin.create_repo("repo.git", "main").unwrap());
    let proxy = ConnectProxy::start("proxy-user", "proxy-pw", origin.addr()).unwrap();
    // The host name does not resolve: only the proxy can reach it.
    let url = format!("http://{}/repo.git", TestCa::PROXIED_HOST);
    let mut opts = FetchOptions::new(&url, Reference::tag("v1.0.0"));
    opts.auth = AuthOptions::from_secret(&secret(&[("bearerToken", "tok-9")])).unwrap();
    let address = format!("http://{}", proxy.addr());
    let proxy_secret = |password: &str| {
        ProxyOptions::from_secret(&secret(&[
            ("address", &address),
            ("username", "proxy-user"),
            ("password", password),
        ]))
        .unwrap()
    };

    opts.proxy = Some(proxy_secret("proxy-pw"));
    let got = checkout(fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap());
    assert_eq!(got.revision, format!("v1.0.0@sha1:{}", fx.first));
    let log = proxy.log();
    assert!(
        log.contains(&format!(
            "GET {url}/info/refs?service=git-upload-pack -> 200"
        )) && log.contains(&format!("POST {url}/git-upload-pack -> 200")),
        "{log:?}"
    );
    assert!(origin.requests().iter().any(|r| r.is_pack_download()));

    // Credentials in the repository URL never reach the proxy in a request target.
    let mut leaky = opts.clone();
    leaky.url = url.replace("http://", "http://u:url-secret@");
    checkout(fetch(&leaky, tempfile::tempdir().unwrap().path(), None).unwrap());
    assert!(
        !proxy.log().iter().any(|l| l.contains("url-secret")),
        "{:?}",
        proxy.log()
    );

    opts.proxy = Some(proxy_secret("bad-proxy-pw"));
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(
        e.to_string().contains("proxy") && !e.to_string().contains("bad-proxy-pw"),
        "{e}"
    );
    assert!(proxy.log().iter().any(|l| l.ends_with("-> 407")));
}

#[test]
fn ssh_with_known_hosts_and_identity() {
    let server = SshGitServer::start().unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let url = server.url("repo.git");
    let cache = tempfile::tempdir().unwrap();
    let mut opts = FetchOptions::new(&url, Reference::tag("v1.0.0"));

    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", server.known_hosts()),
    ]))
    .unwrap();
    let got = checkout(
        fetch(&opts, cache.path(), None).unwrap_or_else(|e| panic!("{e}\n{}", server.log())),
    );
    assert_eq!(got.revision, format!("v1.0.0@sha1:{}", fx.first));
    assert_eq!(read(&got.path, "README.md"), "first\n");

    // An encrypted key with its password.
    let encrypted = server.add_client_key("ed25519", "key-pass", false).unwrap();
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", &encrypted),
        ("password", "key-pass"),
        ("known_hosts", server.known_hosts()),
    ]))
    .unwrap();
    let cache2 = tempfile::tempdir().unwrap();
    checkout(fetch(&opts, cache2.path(), None).unwrap_or_else(|e| panic!("{e}\n{}", server.log())));

    // Wrong key password.
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", &encrypted),
        ("password", "nope"),
        ("known_hosts", server.known_hosts()),
    ]))
    .unwrap();
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(!e.to_string().contains("nope"), "{e}");

    // A hashed known_hosts, as `ssh-keygen -H` (and HashKnownHosts) writes it.
    let kh_dir = tempfile::tempdir().unwrap();
    let kh = kh_dir.path().join("known_hosts");
    std::fs::write(&kh, server.known_hosts()).unwrap();
    let status = std::process::Command::new("ssh-keygen")
        .arg("-q")
        .arg("-H")
        .arg("-f")
        .arg(&kh)
        .status()
        .unwrap();
    assert!(status.success());
    let hashed = std::fs::read_to_string(&kh).unwrap();
    assert!(hashed.starts_with("|1|"), "{hashed}");
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", &hashed),
    ]))
    .unwrap();
    checkout(fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap());

    // Other key types and the PEM format.
    for (kind, pem) in [("rsa", true), ("ecdsa", false)] {
        let key = server.add_client_key(kind, "", pem).unwrap();
        opts.auth = AuthOptions::from_secret(&secret(&[
            ("identity", &key),
            ("known_hosts", server.known_hosts()),
        ]))
        .unwrap();
        checkout(
            fetch(&opts, tempfile::tempdir().unwrap().path(), None)
                .unwrap_or_else(|e| panic!("{kind}: {e}")),
        );
    }
}

#[test]
fn ssh_host_key_is_checked_strictly() {
    let server = SshGitServer::start().unwrap();
    seed(&server.create_repo("repo.git", "main").unwrap());
    let other = SshGitServer::start().unwrap();
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    let cache = tempfile::tempdir().unwrap();

    // Unknown host: known_hosts lists only the other server.
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", other.known_hosts()),
    ]))
    .unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::UnknownHostKey { .. }), "{e}");
    assert!(
        e.to_string()
            .contains(&format!("[127.0.0.1]:{}", server.addr().port())),
        "{e}"
    );

    // Changed key: this server's address with the other server's key.
    let other_key = other.known_hosts().split_once(' ').unwrap().1;
    let spoofed = format!("[127.0.0.1]:{} {other_key}", server.addr().port());
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", &spoofed),
    ]))
    .unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(matches!(e, Error::HostKeyMismatch { .. }), "{e}");

    // No known_hosts at all.
    opts.auth = AuthOptions::from_secret(&secret(&[("identity", server.client_key())])).unwrap();
    let e = fetch(&opts, cache.path(), None).unwrap_err();
    assert!(e.to_string().contains("known_hosts"), "{e}");
}

#[test]
fn fetches_through_an_authenticating_proxy() {
    let ca = Arc::new(TestCa::new().unwrap());
    let origin = HttpGitServer::start(HttpOptions {
        tls: Some(ca.clone()),
        ..Default::default()
    })
    .unwrap();
    let fx = seed(&origin.create_repo("repo.git", "main").unwrap());
    let proxy = ConnectProxy::start("proxy-user", "proxy-pw", origin.addr()).unwrap();
    // The host name does not resolve: only the proxy can reach it.
    let url = format!("https://{}/repo.git", TestCa::PROXIED_HOST);
    let mut opts = FetchOptions::new(&url, Reference::branch("main"));
    opts.auth = AuthOptions::from_secret(&secret(&[("ca.crt", ca.ca_pem())])).unwrap();
    let address = format!("http://{}", proxy.addr());
    let proxy_secret = |password: &str| {
        ProxyOptions::from_secret(&secret(&[
            ("address", &address),
            ("username", "proxy-user"),
            ("password", password),
        ]))
        .unwrap()
    };

    opts.proxy = Some(proxy_secret("proxy-pw"));
    let got = checkout(fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{}", fx.main));
    assert!(
        proxy
            .log()
            .iter()
            .any(|l| l.contains("git.ballast.invalid:443 -> 200")),
        "{:?}",
        proxy.log()
    );

    opts.proxy = Some(proxy_secret("bad-proxy-pw"));
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(!e.to_string().contains("bad-proxy-pw"), "{e}");
    assert!(proxy.log().iter().any(|l| l.ends_with("-> 407")));
}

fn proxy_options(address: &str, credentials: Option<(&str, &str)>) -> ProxyOptions {
    let mut pairs = vec![("address", address)];
    if let Some((user, password)) = credentials {
        pairs.extend([("username", user), ("password", password)]);
    }
    ProxyOptions::from_secret(&secret(&pairs)).unwrap()
}

/// Fetches into a throw-away cache and returns the revision.
fn revision_of(opts: &FetchOptions) -> String {
    checkout(fetch(opts, tempfile::tempdir().unwrap().path(), None).unwrap()).revision
}

fn assert_logged(proxy: &ConnectProxy, line: &str) {
    let log = proxy.log();
    assert!(log.iter().any(|l| l == line), "{line} not in {log:?}");
}

/// `repo.git` seeded on a plain HTTP server and on an HTTPS one with a test CA.
struct Origins {
    ca: Arc<TestCa>,
    plain: HttpGitServer,
    fx: Fixture,
    tls: HttpGitServer,
    fx_tls: Fixture,
}

fn origins() -> Origins {
    let ca = Arc::new(TestCa::new().unwrap());
    let plain = HttpGitServer::start(HttpOptions::default()).unwrap();
    let fx = seed(&plain.create_repo("repo.git", "main").unwrap());
    let tls = HttpGitServer::start(HttpOptions {
        tls: Some(ca.clone()),
        ..Default::default()
    })
    .unwrap();
    let fx_tls = seed(&tls.create_repo("repo.git", "main").unwrap());
    Origins {
        ca,
        plain,
        fx,
        tls,
        fx_tls,
    }
}

#[test]
fn fetches_http_and_https_through_a_socks5_proxy() {
    let Origins {
        ca,
        plain,
        fx,
        tls,
        fx_tls,
    } = origins();
    let to_plain = ConnectProxy::start("socks-user", "socks-pw", plain.addr()).unwrap();
    let to_tls = ConnectProxy::start("socks-user", "socks-pw", tls.addr()).unwrap();
    let good = Some(("socks-user", "socks-pw"));

    // The host name does not resolve: only the proxy can reach it, by name.
    let url = format!("http://{}/repo.git", TestCa::PROXIED_HOST);
    let mut opts = FetchOptions::new(&url, Reference::branch("main"));
    opts.proxy = Some(proxy_options(
        &format!("socks5://{}", to_plain.addr()),
        good,
    ));
    assert_eq!(revision_of(&opts), format!("main@sha1:{}", fx.main));
    let log = to_plain.log();
    assert!(
        log.contains(&"SOCKS5 git.ballast.invalid:80 -> granted".to_string()),
        "{log:?}"
    );

    // https:// through SOCKS5 (libgit2 cannot): TLS runs end to end through the tunnel.
    let mut opts = FetchOptions::new(
        format!("https://{}/repo.git", TestCa::PROXIED_HOST),
        Reference::branch("main"),
    );
    opts.auth = AuthOptions::from_secret(&secret(&[("ca.crt", ca.ca_pem())])).unwrap();
    opts.proxy = Some(proxy_options(&format!("socks5h://{}", to_tls.addr()), good));
    assert_eq!(revision_of(&opts), format!("main@sha1:{}", fx_tls.main));
    assert_logged(&to_tls, "SOCKS5 git.ballast.invalid:443 -> granted");

    // Wrong or missing proxy credentials: an authentication error about the proxy.
    let address = format!("socks5://{}", to_tls.addr());
    for (credentials, expected) in [
        (
            Some(("socks-user", "bad-socks-pw")),
            "refused the credentials",
        ),
        (None, "requires authentication"),
    ] {
        opts.proxy = Some(proxy_options(&address, credentials));
        let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
        assert!(matches!(e, Error::Authentication { .. }), "{e}");
        assert!(e.to_string().contains(expected), "{e}");
        assert!(!e.to_string().contains("bad-socks-pw"), "{e}");
    }

    // The proxy cannot reach the server: its reply code, in words.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_addr = dead.local_addr().unwrap();
    drop(dead);
    let nowhere = ConnectProxy::start("socks-user", "socks-pw", dead_addr).unwrap();
    opts.proxy = Some(proxy_options(&format!("socks5://{}", nowhere.addr()), good));
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(
        e.to_string()
            .contains("could not connect to git.ballast.invalid:443: connection refused"),
        "{e}"
    );
}

#[test]
fn fetches_through_an_https_proxy() {
    let Origins {
        ca,
        plain,
        fx,
        tls,
        fx_tls,
    } = origins();
    let to_plain = ConnectProxy::start_tls("proxy-user", "proxy-pw", plain.addr(), &ca).unwrap();
    let to_tls = ConnectProxy::start_tls("proxy-user", "proxy-pw", tls.addr(), &ca).unwrap();
    let good = Some(("proxy-user", "proxy-pw"));
    let trust = AuthOptions::from_secret(&secret(&[("ca.crt", ca.ca_pem())])).unwrap();

    // http:// in absolute-URI form, over TLS to the proxy.
    let url = format!("http://{}/repo.git", TestCa::PROXIED_HOST);
    let mut opts = FetchOptions::new(&url, Reference::tag("v1.0.0"));
    opts.auth = trust.clone();
    opts.proxy = Some(proxy_options(&format!("https://{}", to_plain.addr()), good));
    assert_eq!(revision_of(&opts), format!("v1.0.0@sha1:{}", fx.first));
    assert_logged(&to_plain, &format!("POST {url}/git-upload-pack -> 200"));

    // https:// through CONNECT over TLS: TLS inside TLS.
    let mut opts = FetchOptions::new(
        format!("https://{}/repo.git", TestCa::PROXIED_HOST),
        Reference::branch("main"),
    );
    opts.auth = trust.clone();
    opts.proxy = Some(proxy_options(&format!("https://{}", to_tls.addr()), good));
    assert_eq!(revision_of(&opts), format!("main@sha1:{}", fx_tls.main));
    assert_logged(&to_tls, "CONNECT git.ballast.invalid:443 -> 200");

    // A proxy certificate nobody trusts is blamed on the proxy, not the repository.
    opts.auth = AuthOptions::default();
    let e = fetch(&opts, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(e.to_string().contains("TLS to the proxy"), "{e}");

    // ssh:// cannot ride on a TLS proxy: refused up front, naming the key.
    let mut ssh = FetchOptions::new("ssh://git@127.0.0.1:1/repo.git", Reference::branch("main"));
    ssh.proxy = Some(proxy_options(&format!("https://{}", to_tls.addr()), good));
    let e = fetch(&ssh, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(
        matches!(e, Error::InvalidProxySecret { key: "address", .. }),
        "{e}"
    );
}

#[test]
fn ssh_through_socks5_and_connect_proxies() {
    let server = SshGitServer::start().unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let socks = ConnectProxy::start("proxy-user", "proxy-pw", server.addr()).unwrap();
    // The host name does not resolve and the port is SSH's default: only the proxy
    // can reach the server, and known_hosts must name the host as the URL does.
    let url = server.url_via(TestCa::PROXIED_HOST, "repo.git");
    let known_hosts = server.known_hosts_via(TestCa::PROXIED_HOST);
    let auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", &known_hosts),
    ]))
    .unwrap();
    let good = Some(("proxy-user", "proxy-pw"));

    let mut opts = FetchOptions::new(&url, Reference::tag("v1.0.0"));
    opts.auth = auth.clone();
    opts.proxy = Some(proxy_options(&format!("socks5://{}", socks.addr()), good));
    let cache = tempfile::tempdir().unwrap();
    let got = checkout(
        fetch(&opts, cache.path(), None).unwrap_or_else(|e| panic!("{e}\n{}", server.log())),
    );
    assert_eq!(got.revision, format!("v1.0.0@sha1:{}", fx.first));
    assert_eq!(read(&got.path, "README.md"), "first\n");
    assert_logged(&socks, "SOCKS5 git.ballast.invalid:22 -> granted");

    // The same through HTTP CONNECT.
    opts.proxy = Some(proxy_options(&format!("http://{}", socks.addr()), good));
    opts.reference = Reference::branch("main");
    assert_eq!(revision_of(&opts), format!("main@sha1:{}", fx.main));
    assert_logged(&socks, "CONNECT git.ballast.invalid:22 -> 200");

    // Push through the proxy too (image automation writes back this way).
    let work = tempfile::tempdir().unwrap();
    let w = Writer::clone(&opts, "main", work.path()).unwrap();
    std::fs::write(w.path().join("proxied.txt"), "through the proxy\n").unwrap();
    let sha = w
        .commit(&CommitOptions {
            author: author(),
            committer: None,
            message: "through a proxy".into(),
            sign_off: false,
        })
        .unwrap()
        .unwrap();
    w.push("main")
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(revision_of(&opts), format!("main@sha1:{sha}"));

    // Host keys are checked as strictly as without a proxy.
    let mut strict = opts.clone();
    strict.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", server.known_hosts()),
    ]))
    .unwrap();
    let e = fetch(&strict, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(matches!(e, Error::UnknownHostKey { .. }), "{e}");
    assert!(e.to_string().contains("git.ballast.invalid"), "{e}");
    let other = SshGitServer::start().unwrap();
    strict.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", &other.known_hosts_via(TestCa::PROXIED_HOST)),
    ]))
    .unwrap();
    let e = fetch(&strict, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(matches!(e, Error::HostKeyMismatch { .. }), "{e}");

    // A key the server does not know, and a missing key.
    let stranger = other.add_client_key("ed25519", "", false).unwrap();
    strict.auth = AuthOptions::from_secret(&secret(&[
        ("identity", &stranger),
        ("known_hosts", &known_hosts),
    ]))
    .unwrap();
    let e = fetch(&strict, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(e.to_string().contains("'identity' was rejected"), "{e}");
    strict.auth = AuthOptions::from_secret(&secret(&[("known_hosts", &known_hosts)])).unwrap();
    let e = fetch(&strict, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(e.to_string().contains("set 'identity'"), "{e}");

    // Wrong proxy password, and a repository that does not exist.
    strict.auth = auth;
    strict.proxy = Some(proxy_options(
        &format!("socks5://{}", socks.addr()),
        Some(("proxy-user", "bad-proxy-pw")),
    ));
    let e = fetch(&strict, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(!e.to_string().contains("bad-proxy-pw"), "{e}");
    strict.proxy = opts.proxy.clone();
    strict.url = url.replace("repo.git", "missing.git");
    let e = fetch(&strict, tempfile::tempdir().unwrap().path(), None).unwrap_err();
    assert!(e.to_string().contains("missing.git"), "{e}");
}

#[test]
fn recurses_into_submodules_when_asked() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let sub_bare = server.create_repo("sub.git", "main").unwrap();
    let sub = WorkRepo::init("main").unwrap();
    sub.write("lib.txt", "from submodule\n").unwrap();
    sub.commit_all("sub").unwrap();
    sub.push(sub_bare.to_str().unwrap(), "main:main").unwrap();

    let top_bare = server.create_repo("top.git", "main").unwrap();
    let top = WorkRepo::init("main").unwrap();
    top.write("top.txt", "top\n").unwrap();
    top.git(&[
        "-c",
        "protocol.allow=always",
        "submodule",
        "add",
        "-q",
        &server.url("sub.git"),
        "vendor/sub",
    ])
    .unwrap();
    // A second submodule with a relative URL, resolved against the superproject's.
    top.git(&[
        "-c",
        "protocol.allow=always",
        "submodule",
        "add",
        "-q",
        &server.url("sub.git"),
        "vendor/relative",
    ])
    .unwrap();
    top.git(&[
        "config",
        "-f",
        ".gitmodules",
        "submodule.vendor/relative.url",
        "../sub.git",
    ])
    .unwrap();
    top.commit_all("add submodule").unwrap();
    top.push(top_bare.to_str().unwrap(), "main:main").unwrap();

    let mut opts = FetchOptions::new(server.url("top.git"), Reference::branch("main"));
    let cache = tempfile::tempdir().unwrap();
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert!(!got.path.join("vendor/sub/lib.txt").exists());

    opts.recurse_submodules = true;
    let cache = tempfile::tempdir().unwrap();
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(read(&got.path, "vendor/sub/lib.txt"), "from submodule\n");
    assert_eq!(
        read(&got.path, "vendor/relative/lib.txt"),
        "from submodule\n"
    );
}

#[test]
fn fetches_from_a_local_file_url() {
    let bare = tempfile::tempdir().unwrap();
    let path = bare.path().join("repo.git");
    ballast_testsupport::init_bare(&path, "main").unwrap();
    let fx = seed(&path);
    let url = format!("file://{}", path.display());
    let cache = tempfile::tempdir().unwrap();
    let got = checkout(
        fetch(
            &FetchOptions::new(&url, Reference::tag("v1.0.0")),
            cache.path(),
            None,
        )
        .unwrap(),
    );
    assert_eq!(got.revision, format!("v1.0.0@sha1:{}", fx.first));
}

fn author() -> Signature {
    Signature {
        name: "Ballast Bot".into(),
        email: "bot@example.com".into(),
    }
}

#[test]
fn commits_and_pushes_and_refuses_non_fast_forward() {
    let server = HttpGitServer::start(HttpOptions {
        auth: HttpAuth::Basic {
            username: "w".into(),
            password: "w-pw".into(),
        },
        ..Default::default()
    })
    .unwrap();
    let fx = seed(&server.create_repo("repo.git", "main").unwrap());
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    opts.auth =
        AuthOptions::from_secret(&secret(&[("username", "w"), ("password", "w-pw")])).unwrap();

    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let a = Writer::clone(&opts, "main", dir_a.path()).unwrap();
    let b = Writer::clone(&opts, "main", dir_b.path()).unwrap();
    assert_eq!(a.head().unwrap(), fx.main);

    let commit = CommitOptions {
        author: author(),
        committer: None,
        message: "Update image tag".into(),
        sign_off: true,
    };
    // Nothing changed: no commit.
    assert_eq!(a.commit(&commit).unwrap(), None);

    std::fs::write(a.path().join("app.yaml"), "image: app:1.2.3\n").unwrap();
    std::fs::remove_file(a.path().join("README.md")).unwrap();
    let sha = a.commit(&commit).unwrap().unwrap();
    a.push("main").unwrap();
    let bare = server.repo_path("repo.git");
    let git = |args: &[&str]| {
        let mut cmd = ballast_testsupport::git_command();
        cmd.arg("-C").arg(&bare).args(args);
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert_eq!(git(&["rev-parse", "main"]).trim(), sha);
    assert_eq!(git(&["show", "main:app.yaml"]), "image: app:1.2.3\n");
    assert!(
        git(&["log", "-1", "--format=%B", "main"])
            .contains("Signed-off-by: Ballast Bot <bot@example.com>")
    );
    assert!(
        git(&["ls-tree", "--name-only", "main"])
            .lines()
            .all(|l| l != "README.md")
    );

    // b started from the old tip: its push would drop a's commit.
    std::fs::write(b.path().join("other.yaml"), "x: 1\n").unwrap();
    b.commit(&commit).unwrap().unwrap();
    let e = b.push("main").unwrap_err();
    assert!(matches!(e, Error::PushRejected { .. }), "{e}");
    assert!(
        e.to_string().contains("not a fast-forward") && e.to_string().contains("'main'"),
        "{e}"
    );
    assert_eq!(
        git(&["rev-parse", "main"]).trim(),
        sha,
        "remote must be untouched"
    );

    // Pushing to a new branch works.
    b.switch_branch("automation").unwrap();
    b.push("automation").unwrap();
    assert_eq!(git(&["rev-parse", "automation"]).trim(), b.head().unwrap());
}

#[test]
fn push_over_ssh() {
    let server = SshGitServer::start().unwrap();
    seed(&server.create_repo("repo.git", "main").unwrap());
    let mut opts = FetchOptions::new(server.url("repo.git"), Reference::branch("main"));
    opts.auth = AuthOptions::from_secret(&secret(&[
        ("identity", server.client_key()),
        ("known_hosts", server.known_hosts()),
    ]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let w = Writer::clone(&opts, "main", dir.path()).unwrap();
    std::fs::write(w.path().join("ssh.txt"), "pushed over ssh\n").unwrap();
    let sha = w
        .commit(&CommitOptions {
            author: author(),
            committer: Some(Signature {
                name: "Committer".into(),
                email: "c@example.com".into(),
            }),
            message: "over ssh".into(),
            sign_off: false,
        })
        .unwrap()
        .unwrap();
    w.push("main")
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    let cache = tempfile::tempdir().unwrap();
    let got = checkout(fetch(&opts, cache.path(), None).unwrap());
    assert_eq!(got.revision, format!("main@sha1:{sha}"));
    assert_eq!(read(&got.path, "ssh.txt"), "pushed over ssh\n");
}
