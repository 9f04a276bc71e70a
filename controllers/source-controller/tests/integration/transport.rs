//! The Git crate's own transports, end to end through the controller: TLS client
//! certificates from the Secret (`tls.crt`/`tls.key`, also for submodules and through
//! a CONNECT proxy), `spec.proxySecretRef` for a plain `http://` URL, SOCKS5 proxies
//! for `ssh://` and `https://` URLs, and unusable values naming their Secret and key.

use std::sync::Arc;

use ballast_api::meta::{ConditionStatus, LocalObjectReference, conditions};
use ballast_testsupport::{
    ConnectProxy, HttpAuth, HttpGitServer, HttpOptions, SshGitServer, TestCa,
};

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, Patch, PatchParams};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_client_certificate_from_the_secret_and_its_absence() {
    let ca = Arc::new(TestCa::new().unwrap());
    let password = "mTLS-Pa55word";
    let server = HttpGitServer::start_mtls(HttpOptions {
        tls: Some(ca.clone()),
        auth: HttpAuth::Basic {
            username: "carol".into(),
            password: password.into(),
        },
    })
    .unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let h = Harness::start().await;
    h.create_secret(
        "client-cert",
        &[
            ("username", "carol"),
            ("password", password),
            ("ca.crt", ca.ca_pem()),
            ("tls.crt", ca.client_cert_pem()),
            ("tls.key", ca.client_key_pem()),
        ],
    )
    .await;
    h.create_secret(
        "no-client-cert",
        &[
            ("username", "carol"),
            ("password", password),
            ("ca.crt", ca.ca_pem()),
        ],
    )
    .await;

    let mut with_cert = spec(&server.url("repo.git"), "10m");
    with_cert.secret_ref = Some(LocalObjectReference::new("client-cert"));
    h.create("with-cert", with_cert).await;
    let mut without = spec(&server.url("repo.git"), "10m");
    without.secret_ref = Some(LocalObjectReference::new("no-client-cert"));
    h.create("without-cert", without).await;

    let ready = h.wait_ready_at("with-cert", &commit).await;
    assert_kstatus(&ready);
    let artifact = ready.artifact().unwrap();
    let dest = download(artifact).await;
    assert_eq!(
        std::fs::read_to_string(dest.path().join("deploy/app.yaml")).unwrap(),
        "kind: ConfigMap\n"
    );
    assert!(server.requests().iter().any(|r| r.is_pack_download()));

    let failed = h
        .wait_for("without-cert", "refused by the server", |o| {
            condition(o, conditions::FETCH_FAILED).is_some()
        })
        .await;
    let ready = condition(&failed, conditions::READY).unwrap();
    assert_eq!(ready.status, ConditionStatus::False);
    assert!(
        ready.message.contains("tls.crt") && ready.message.contains("tls.key"),
        "{}",
        ready.message
    );
    let status = serde_json::to_string(&failed.status).unwrap();
    assert!(
        !status.contains(password) && !status.contains("PRIVATE KEY"),
        "{status}"
    );
    assert!(failed.artifact().is_none());
    assert_kstatus(&failed);

    // Adding the certificate to the Secret is picked up by the next retry.
    set_secret_data(
        &h,
        "no-client-cert",
        &[
            ("tls.crt", ca.client_cert_pem()),
            ("tls.key", ca.client_key_pem()),
        ],
    )
    .await;
    let fixed = h.wait_ready_at("without-cert", &commit).await;
    assert_eq!(fixed.artifact().unwrap().digest, artifact.digest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_through_the_proxy_secret_and_a_wrong_proxy_password() {
    let origin = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = origin.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let proxy = ConnectProxy::start("proxy-user", "proxy-Pa55", origin.addr()).unwrap();
    let h = Harness::start().await;
    let address = format!("http://{}", proxy.addr());
    let wrong_password = "wr0ng-Proxy-Pa55";
    h.create_secret(
        "proxy",
        &[
            ("address", &address),
            ("username", "proxy-user"),
            ("password", "proxy-Pa55"),
        ],
    )
    .await;
    h.create_secret(
        "proxy-wrong",
        &[
            ("address", &address),
            ("username", "proxy-user"),
            ("password", wrong_password),
        ],
    )
    .await;

    // The host name does not resolve: only the proxy can reach it.
    let url = format!("http://{}/repo.git", TestCa::PROXIED_HOST);
    let mut proxied = spec(&url, "10m");
    proxied.proxy_secret_ref = Some(LocalObjectReference::new("proxy"));
    h.create("proxied", proxied).await;

    let ready = h.wait_ready_at("proxied", &commit).await;
    assert_kstatus(&ready);
    let artifact = ready.artifact().unwrap();
    let dest = download(artifact).await;
    assert_eq!(
        std::fs::read_to_string(dest.path().join("README.md")).unwrap(),
        "# app\n"
    );
    let log = proxy.log();
    assert!(
        log.contains(&format!(
            "GET {url}/info/refs?service=git-upload-pack -> 200"
        )) && log.contains(&format!("POST {url}/git-upload-pack -> 200")),
        "{log:?}"
    );
    assert!(origin.requests().iter().any(|r| r.is_pack_download()));

    let mut wrong = spec(&url, "10m");
    wrong.proxy_secret_ref = Some(LocalObjectReference::new("proxy-wrong"));
    h.create("wrong-proxy", wrong).await;
    let failed = h
        .wait_for("wrong-proxy", "refused by the proxy", |o| {
            condition(o, conditions::FETCH_FAILED).is_some()
        })
        .await;
    let ready = condition(&failed, conditions::READY).unwrap();
    assert_eq!(ready.status, ConditionStatus::False);
    assert_eq!(ready.reason, "AuthenticationFailed");
    assert!(
        ready.message.contains("proxy refused the credentials"),
        "{}",
        ready.message
    );
    let status = serde_json::to_string(&failed.status).unwrap();
    assert!(!status.contains(wrong_password), "{status}");
    assert!(failed.artifact().is_none());
    assert_kstatus(&failed);
    assert!(
        proxy.log().iter().any(|l| l.ends_with("-> 407")),
        "{:?}",
        proxy.log()
    );

    // Correcting the proxy password in the Secret is picked up by the next retry.
    set_secret_data(&h, "proxy-wrong", &[("password", "proxy-Pa55")]).await;
    let fixed = h.wait_ready_at("wrong-proxy", &commit).await;
    assert_eq!(fixed.artifact().unwrap().digest, artifact.digest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_certificate_through_the_proxy_polls_without_packs_and_follows_new_commits() {
    let ca = Arc::new(TestCa::new().unwrap());
    let server = HttpGitServer::start_mtls(HttpOptions {
        tls: Some(ca.clone()),
        ..Default::default()
    })
    .unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (work, commit) = seed(&bare);
    let proxy = ConnectProxy::start("proxy-user", "proxy-Pa55", server.addr()).unwrap();
    let h = Harness::start().await;
    h.create_secret(
        "client-cert",
        &[
            ("ca.crt", ca.ca_pem()),
            ("tls.crt", ca.client_cert_pem()),
            ("tls.key", ca.client_key_pem()),
        ],
    )
    .await;
    h.create_secret(
        "proxy",
        &[
            ("address", &format!("http://{}", proxy.addr())),
            ("username", "proxy-user"),
            ("password", "proxy-Pa55"),
        ],
    )
    .await;
    // A host name only the proxy can reach.
    let url = format!("https://{}/repo.git", TestCa::PROXIED_HOST);
    let mut polled = spec(&url, "1s");
    polled.secret_ref = Some(LocalObjectReference::new("client-cert"));
    polled.proxy_secret_ref = Some(LocalObjectReference::new("proxy"));
    h.create("polled", polled).await;
    let first = h.wait_ready_at("polled", &commit).await;
    assert_kstatus(&first);
    assert!(
        proxy
            .log()
            .iter()
            .any(|l| l == &format!("CONNECT {}:443 -> 200", TestCa::PROXIED_HOST)),
        "{:?}",
        proxy.log()
    );

    let count = |pred: fn(&ballast_testsupport::LoggedRequest) -> bool| {
        server.requests().iter().filter(|r| pred(r)).count()
    };
    let polls = || count(|r| r.target.contains("/info/refs") && r.status == 200);
    let packs = || count(|r| r.is_pack_download());
    let packs_before = packs();
    let polls_before = polls();
    eventually("two polls through the proxy", DEADLINE, || {
        let n = polls();
        async move { (n >= polls_before + 2).then_some(()) }
    })
    .await;
    assert_eq!(packs(), packs_before, "a no-op poll downloaded a pack");
    let same = h.api().get("polled").await.unwrap();
    assert_eq!(same.artifact(), first.artifact());

    // A new commit is fetched by the next poll over the same transport.
    work.write("deploy/app.yaml", "kind: Secret\n").unwrap();
    let second = work.commit_all("second").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let next = h.wait_ready_at("polled", &second).await;
    assert_ne!(
        next.artifact().unwrap().digest,
        first.artifact().unwrap().digest
    );
    assert!(packs() > packs_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_certificate_and_proxy_secrets_name_the_secret_and_key() {
    let h = Harness::start().await;
    let ca = TestCa::new().unwrap();
    h.create_secret("cert-only", &[("tls.crt", ca.client_cert_pem())])
        .await;
    // Flux takes http, https and SOCKS5 proxies; SOCKS4 is not one of them.
    h.create_secret("https-proxy", &[("address", "socks4://127.0.0.1:1")])
        .await;
    let mut cert_only = spec("https://127.0.0.1:1/repo.git", "10m");
    cert_only.secret_ref = Some(LocalObjectReference::new("cert-only"));
    h.create("cert-only", cert_only).await;
    let url = format!("http://{}/repo.git", TestCa::PROXIED_HOST);
    let mut https_proxy = spec(&url, "10m");
    https_proxy.proxy_secret_ref = Some(LocalObjectReference::new("https-proxy"));
    h.create("https-proxy", https_proxy).await;

    for (name, needles) in [
        ("cert-only", ["secret 'default/cert-only'", "'tls.key'"]),
        (
            "https-proxy",
            [
                "proxy secret 'default/https-proxy'",
                "'address' in the proxy secret",
            ],
        ),
    ] {
        let failed = h
            .wait_for(name, "refusing the secret", |o| {
                is_not_ready_with(o, "AuthenticationFailed")
            })
            .await;
        let message = &condition(&failed, conditions::READY).unwrap().message;
        for needle in needles {
            assert!(message.contains(needle), "{name}: {message}");
        }
        assert!(failed.artifact().is_none());
        assert_kstatus(&failed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssh_and_https_through_a_socks5_proxy_secret() {
    let server = SshGitServer::start().unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (work, commit) = seed(&bare);
    let ca = Arc::new(TestCa::new().unwrap());
    let tls = HttpGitServer::start(HttpOptions {
        tls: Some(ca.clone()),
        ..Default::default()
    })
    .unwrap();
    let (_tls_work, tls_commit) = seed(&tls.create_repo("repo.git", "main").unwrap());
    let to_ssh = ConnectProxy::start("socks-user", "socks-Pa55", server.addr()).unwrap();
    let to_tls = ConnectProxy::start("socks-user", "socks-Pa55", tls.addr()).unwrap();
    let h = Harness::start().await;
    // known_hosts names the host as the URL does; only the proxy resolves it.
    h.create_secret(
        "ssh",
        &[
            ("identity", server.client_key()),
            ("known_hosts", &server.known_hosts_via(TestCa::PROXIED_HOST)),
        ],
    )
    .await;
    h.create_secret("ca", &[("ca.crt", ca.ca_pem())]).await;
    for (name, proxy) in [("socks-ssh", &to_ssh), ("socks-tls", &to_tls)] {
        h.create_secret(
            name,
            &[
                ("address", &format!("socks5://{}", proxy.addr())),
                ("username", "socks-user"),
                ("password", "socks-Pa55"),
            ],
        )
        .await;
    }

    let mut over_ssh = spec(&server.url_via(TestCa::PROXIED_HOST, "repo.git"), "1s");
    over_ssh.secret_ref = Some(LocalObjectReference::new("ssh"));
    over_ssh.proxy_secret_ref = Some(LocalObjectReference::new("socks-ssh"));
    h.create("over-ssh", over_ssh).await;
    let mut over_tls = spec(&format!("https://{}/repo.git", TestCa::PROXIED_HOST), "10m");
    over_tls.secret_ref = Some(LocalObjectReference::new("ca"));
    over_tls.proxy_secret_ref = Some(LocalObjectReference::new("socks-tls"));
    h.create("over-tls", over_tls).await;

    let first = h.wait_ready_at("over-ssh", &commit).await;
    assert_kstatus(&first);
    assert!(
        to_ssh
            .log()
            .contains(&format!("SOCKS5 {}:22 -> granted", TestCa::PROXIED_HOST)),
        "{:?}",
        to_ssh.log()
    );
    let ready = h.wait_ready_at("over-tls", &tls_commit).await;
    assert_kstatus(&ready);
    assert!(
        to_tls
            .log()
            .contains(&format!("SOCKS5 {}:443 -> granted", TestCa::PROXIED_HOST)),
        "{:?}",
        to_tls.log()
    );

    // Polls go on through the proxy and pick up a new commit.
    work.write("deploy/app.yaml", "kind: Secret\n").unwrap();
    let second = work.commit_all("second").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let next = h.wait_ready_at("over-ssh", &second).await;
    assert_ne!(
        next.artifact().unwrap().digest,
        first.artifact().unwrap().digest
    );

    // A wrong proxy password fails the fetch, keeps the artifact and never leaks.
    // The next poll (1s) reads the changed Secret.
    set_secret_data(&h, "socks-ssh", &[("password", "wr0ng-Socks")]).await;
    let failed = h
        .wait_for("over-ssh", "refused by the SOCKS5 proxy", |o| {
            is_not_ready_with(o, "AuthenticationFailed")
        })
        .await;
    let message = &condition(&failed, conditions::READY).unwrap().message;
    assert!(
        message.contains("proxy refused the credentials"),
        "{message}"
    );
    assert_eq!(failed.artifact(), next.artifact());
    let status = serde_json::to_string(&failed.status).unwrap();
    assert!(!status.contains("wr0ng-Socks"), "{status}");
    assert!(to_ssh.log().iter().any(|l| l == "SOCKS5 auth -> denied"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submodules_on_an_mtls_server_use_the_client_certificate() {
    let ca = Arc::new(TestCa::new().unwrap());
    let server = HttpGitServer::start_mtls(HttpOptions {
        tls: Some(ca.clone()),
        ..Default::default()
    })
    .unwrap();
    let commit = server.create_repo_with_submodule().unwrap();

    let h = Harness::start().await;
    h.create_secret(
        "client-cert",
        &[
            ("ca.crt", ca.ca_pem()),
            ("tls.crt", ca.client_cert_pem()),
            ("tls.key", ca.client_key_pem()),
        ],
    )
    .await;
    let mut with = spec(&server.url("top.git"), "10m");
    with.secret_ref = Some(LocalObjectReference::new("client-cert"));
    with.recurse_submodules = Some(true);
    h.create("with-submodules", with).await;
    let obj = h.wait_ready_at("with-submodules", &commit).await;
    assert_kstatus(&obj);
    let artifact = obj.artifact().unwrap();
    let dest = download(artifact).await;
    assert_eq!(
        std::fs::read_to_string(dest.path().join("vendor/lib/lib.yaml")).unwrap(),
        "kind: Lib\n"
    );
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.target == "/sub.git/git-upload-pack" && r.status == 200),
        "{:?}",
        server.requests()
    );
}

/// Merges `data` into Secret `name`.
async fn set_secret_data(h: &Harness, name: &str, data: &[(&str, &str)]) {
    let data: std::collections::BTreeMap<String, ByteString> = data
        .iter()
        .map(|(k, v)| (k.to_string(), ByteString(v.as_bytes().to_vec())))
        .collect();
    let api: Api<Secret> = Api::namespaced(h.client.clone(), NS);
    api.patch(
        name,
        &PatchParams::default(),
        &Patch::Merge(serde_json::json!({ "data": data })),
    )
    .await
    .unwrap();
}
