//! Credentials from Secrets: HTTP basic auth (right and wrong), SSH with
//! known_hosts, and an unreachable host.

use ballast_api::meta::{ConditionStatus, LocalObjectReference, conditions};
use ballast_testsupport::{HttpAuth, HttpGitServer, HttpOptions, SshGitServer};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_auth_secret_is_used_and_a_wrong_password_never_leaks() {
    let password = "s3cr3t-Pa55word";
    let server = HttpGitServer::start(HttpOptions {
        auth: HttpAuth::Basic {
            username: "git".into(),
            password: password.into(),
        },
        ..Default::default()
    })
    .unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let h = Harness::start().await;
    h.create_secret("right", &[("username", "git"), ("password", password)])
        .await;
    let wrong_password = "wr0ng-Pa55word";
    h.create_secret(
        "wrong",
        &[("username", "git"), ("password", wrong_password)],
    )
    .await;

    let mut right = spec(&server.url("repo.git"), "10m");
    right.secret_ref = Some(LocalObjectReference::new("right"));
    h.create("right", right).await;
    let mut wrong = spec(&server.url("repo.git"), "10m");
    wrong.secret_ref = Some(LocalObjectReference::new("wrong"));
    h.create("wrong", wrong).await;
    h.create("none", spec(&server.url("repo.git"), "10m")).await;

    let ok = h.wait_ready_at("right", &commit).await;
    assert_kstatus(&ok);

    for name in ["wrong", "none"] {
        let failed = h
            .wait_for(name, "failing authentication", |o| {
                is_not_ready_with(o, "AuthenticationFailed")
            })
            .await;
        let ready = condition(&failed, conditions::READY).unwrap();
        let fetch = condition(&failed, conditions::FETCH_FAILED).unwrap();
        assert_eq!(fetch.status, ConditionStatus::True);
        assert_eq!(fetch.reason, "AuthenticationFailed");
        assert!(
            ready.message.contains("authentication"),
            "{}",
            ready.message
        );
        let status = serde_json::to_string(&failed.status).unwrap();
        assert!(
            !status.contains(password) && !status.contains(wrong_password),
            "{status}"
        );
        assert!(failed.artifact().is_none());
        assert_kstatus(&failed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssh_with_known_hosts_and_unknown_host_key() {
    let server = SshGitServer::start().unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let h = Harness::start().await;
    h.create_secret(
        "ssh",
        &[
            ("identity", server.client_key()),
            ("known_hosts", server.known_hosts()),
        ],
    )
    .await;
    // Same key, but known_hosts pins another host's key.
    let other = SshGitServer::start().unwrap();
    h.create_secret(
        "ssh-other-host-key",
        &[
            ("identity", server.client_key()),
            (
                "known_hosts",
                &other.known_hosts().replace(
                    &format!("]:{}", other.addr().port()),
                    &format!("]:{}", server.addr().port()),
                ),
            ),
        ],
    )
    .await;

    let mut ok = spec(&server.url("repo.git"), "10m");
    ok.secret_ref = Some(LocalObjectReference::new("ssh"));
    h.create("ssh", ok).await;
    let mut mismatch = spec(&server.url("repo.git"), "10m");
    mismatch.secret_ref = Some(LocalObjectReference::new("ssh-other-host-key"));
    h.create("ssh-mismatch", mismatch).await;

    let obj = h.wait_ready_at("ssh", &commit).await;
    assert_kstatus(&obj);
    let failed = h
        .wait_for("ssh-mismatch", "refusing the host key", |o| {
            condition(o, conditions::FETCH_FAILED).is_some()
        })
        .await;
    let message = &condition(&failed, conditions::READY).unwrap().message;
    assert!(message.contains("host key"), "{message}");
    assert!(failed.artifact().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_host_fails_and_keeps_the_last_artifact() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let h = Harness::start().await;
    // A port nothing listens on: bind one, then free it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    h.create(
        "unreachable",
        spec(&format!("http://{closed}/repo.git"), "10m"),
    )
    .await;
    let failed = h
        .wait_for("unreachable", "failing", |o| {
            is_not_ready_with(o, "GitOperationFailed")
        })
        .await;
    assert!(condition(&failed, conditions::FETCH_FAILED).is_some());
    assert_kstatus(&failed);

    // A working source that then becomes unreachable keeps its artifact.
    h.create("flaky", spec(&server.url("repo.git"), "10m"))
        .await;
    let ready = h.wait_ready_at("flaky", &commit).await;
    let artifact = ready.artifact().unwrap().clone();
    let api = h.api();
    let patch = serde_json::json!({"spec": {"url": format!("http://{closed}/repo.git")}});
    api.patch(
        "flaky",
        &kube::api::PatchParams::default(),
        &kube::api::Patch::Merge(&patch),
    )
    .await
    .unwrap();
    let failed = h
        .wait_for("flaky", "failing after the URL change", |o| {
            is_not_ready_with(o, "GitOperationFailed")
        })
        .await;
    assert_eq!(failed.artifact(), Some(&artifact));
    assert_eq!(
        condition(&failed, conditions::ARTIFACT_IN_STORAGE)
            .unwrap()
            .status,
        ConditionStatus::True
    );
    assert!(h.storage_path().join(&artifact.path).is_file());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_test_ca_and_bearer_token_through_an_authenticating_proxy() {
    let ca = std::sync::Arc::new(ballast_testsupport::TestCa::new().unwrap());
    let token = "t0ken-Very-Secret";
    let server = HttpGitServer::start(HttpOptions {
        auth: HttpAuth::Bearer(token.into()),
        tls: Some(ca.clone()),
    })
    .unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    let proxy =
        ballast_testsupport::ConnectProxy::start("proxy-user", "proxy-pw", server.addr()).unwrap();
    let h = Harness::start().await;
    h.create_secret("https", &[("bearerToken", token), ("ca.crt", ca.ca_pem())])
        .await;
    let address = format!("http://{}", proxy.addr());
    h.create_secret(
        "proxy",
        &[
            ("address", &address),
            ("username", "proxy-user"),
            ("password", "proxy-pw"),
        ],
    )
    .await;

    // Direct, with the CA and token.
    let mut direct = spec(&server.url("repo.git"), "10m");
    direct.secret_ref = Some(LocalObjectReference::new("https"));
    h.create("direct", direct).await;
    // A host name only the proxy can reach.
    let url = format!(
        "https://{}/repo.git",
        ballast_testsupport::TestCa::PROXIED_HOST
    );
    let mut proxied = spec(&url, "10m");
    proxied.secret_ref = Some(LocalObjectReference::new("https"));
    proxied.proxy_secret_ref = Some(LocalObjectReference::new("proxy"));
    h.create("proxied", proxied).await;
    // Without the CA the certificate is refused.
    h.create_secret("token-only", &[("bearerToken", token)])
        .await;
    let mut untrusted = spec(&server.url("repo.git"), "10m");
    untrusted.secret_ref = Some(LocalObjectReference::new("token-only"));
    h.create("untrusted", untrusted).await;

    let direct = h.wait_ready_at("direct", &commit).await;
    let proxied = h.wait_ready_at("proxied", &commit).await;
    assert_eq!(
        direct.artifact().unwrap().digest,
        proxied.artifact().unwrap().digest
    );
    assert!(!proxy.log().is_empty());
    let failed = h
        .wait_for("untrusted", "refusing the certificate", |o| {
            condition(o, conditions::FETCH_FAILED).is_some()
        })
        .await;
    let message = &condition(&failed, conditions::READY).unwrap().message;
    assert!(message.contains("certificate"), "{message}");
    let status = serde_json::to_string(&failed.status).unwrap();
    assert!(!status.contains(token), "{status}");
}
