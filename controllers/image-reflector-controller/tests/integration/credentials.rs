//! Credentials and transports beyond basic auth: Docker token auth, client
//! certificates, proxies, and a ServiceAccount's image pull secrets.

use ballast_api::image::v1::{ImagePolicyChoice, ImagePolicySpec, ReflectionPolicy, SemVerPolicy};
use ballast_api::meta::{LocalObjectReference, NamespacedObjectReference, reasons};
use ballast_testsupport::{ConnectProxy, OciRegistry, OciRegistryOptions, RegistryAuth};
use k8s_openapi::api::core::v1::ServiceAccount;
use kube::api::{Api, ObjectMeta, PostParams};

use crate::common::*;

const USER: &str = "alice";
const PASSWORD: &str = "pw-for-alice-7";

fn dockerconfig(h: &Harness, name: &'static str, registry: &str) -> impl Future<Output = ()> {
    let json = docker_config_json(registry, USER, PASSWORD);
    async move {
        h.create_secret(
            name,
            "kubernetes.io/dockerconfigjson",
            &[(".dockerconfigjson", &json)],
        )
        .await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn docker_token_auth_scans_and_resolves_digests() {
    let registry = OciRegistry::start_with(OciRegistryOptions {
        auth: RegistryAuth::Token {
            username: USER.into(),
            password: PASSWORD.into(),
            expires_in: 300,
            identity_token: None,
        },
        ..Default::default()
    })
    .unwrap();
    let digest = registry.push("team/app", "1.0.0").unwrap();
    let h = Harness::start().await;
    dockerconfig(&h, "creds", &registry.host()).await;
    let mut spec = repo_spec(&registry.image("team/app"));
    spec.secret_ref = Some(LocalObjectReference::new("creds"));
    h.create_repo("app", spec).await;
    let repo = h.wait_repo("app", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(1));
    assert!(registry.token_requests() > 0, "the token service was asked");

    // The digest lookup authenticates with the repository's credentials too.
    h.create_policy(
        "app",
        ImagePolicySpec {
            image_repository_ref: NamespacedObjectReference {
                name: "app".into(),
                namespace: None,
            },
            policy: ImagePolicyChoice {
                semver: Some(SemVerPolicy {
                    range: "1.x".into(),
                }),
                ..Default::default()
            },
            digest_reflection_policy: Some(ReflectionPolicy::IfNotPresent),
            ..Default::default()
        },
    )
    .await;
    let p = h.wait_policy("app", "ready", is_ready).await;
    let latest = p.status.unwrap().latest_ref.unwrap();
    assert_eq!(latest.digest.as_deref(), Some(digest.as_str()));

    // The client is kept between scans and shared with the policy: its
    // token (valid for 300 s) is reused, not asked for again.
    let tokens = registry.token_requests();
    registry.push("team/app", "1.1.0").unwrap();
    h.request_scan("app", "again").await;
    h.wait_repo("app", "rescanned", |r| tag_count(r) == Some(2))
        .await;
    h.wait_policy("app", "updated", |p| {
        latest_tag(p).as_deref() == Some("1.1.0")
    })
    .await;
    assert_eq!(registry.token_requests(), tokens);

    // A changed Secret makes a new client (which then needs a token).
    set_password(&h, "creds", &registry.host(), "wrong-password-1").await;
    h.request_scan("app", "after-secret-change").await;
    h.wait_repo("app", "refused", |r| {
        is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
    })
    .await;
    assert!(registry.token_requests() > tokens);
}

async fn set_password(h: &Harness, secret: &str, host: &str, password: &str) {
    use k8s_openapi::ByteString;
    use k8s_openapi::api::core::v1::Secret;
    use kube::api::{Patch, PatchParams};
    let json = docker_config_json(host, USER, password);
    let api: Api<Secret> = Api::namespaced(h.client.clone(), NS);
    let patch = serde_json::json!({"data": {".dockerconfigjson": ByteString(json.into_bytes())}});
    api.patch(secret, &PatchParams::default(), &Patch::Merge(patch))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn client_certificates_from_cert_secret_ref() {
    let registry = OciRegistry::start_with(OciRegistryOptions {
        tls: true,
        require_client_cert: true,
        ..Default::default()
    })
    .unwrap();
    registry.push("app", "1.0.0").unwrap();
    let ca = registry.ca().unwrap();
    let h = Harness::start().await;

    // The CA alone is not enough: the registry wants a client certificate.
    h.create_secret("ca-only", "Opaque", &[("ca.crt", ca.ca_pem())])
        .await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.cert_secret_ref = Some(LocalObjectReference::new("ca-only"));
    h.create_repo("no-cert", spec).await;
    h.wait_repo("no-cert", "refused", |r| {
        is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
    })
    .await;

    h.create_secret(
        "mtls",
        "kubernetes.io/tls",
        &[
            ("ca.crt", ca.ca_pem()),
            ("tls.crt", ca.client_cert_pem()),
            ("tls.key", ca.client_key_pem()),
        ],
    )
    .await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.cert_secret_ref = Some(LocalObjectReference::new("mtls"));
    h.create_repo("mtls", spec).await;
    let repo = h.wait_repo("mtls", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(1));
    assert_kstatus(&repo);
}

#[tokio::test(flavor = "multi_thread")]
async fn proxy_secret_ref_carries_the_scan() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    let proxy = ConnectProxy::start("proxy-user", "proxy-pw", registry.addr()).unwrap();
    let h = Harness::start().await;
    // Only the proxy can reach this host: it forwards everything to the registry.
    let image = "registry.ballast.invalid:5000/app";

    h.create_secret(
        "proxy",
        "Opaque",
        &[
            ("address", &format!("http://{}", proxy.addr())),
            ("username", "proxy-user"),
            ("password", "proxy-pw"),
        ],
    )
    .await;
    let mut spec = repo_spec(image);
    spec.insecure = Some(true);
    spec.proxy_secret_ref = Some(LocalObjectReference::new("proxy"));
    h.create_repo("proxied", spec).await;
    let repo = h.wait_repo("proxied", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(1));
    let log = proxy.log().join("\n");
    assert!(
        log.contains("CONNECT registry.ballast.invalid:5000"),
        "{log}"
    );

    // A wrong proxy password fails without showing it.
    h.create_secret(
        "bad-proxy",
        "Opaque",
        &[
            ("address", &format!("http://{}", proxy.addr())),
            ("username", "proxy-user"),
            ("password", "wrong-proxy-pw-99"),
        ],
    )
    .await;
    let mut spec = repo_spec(image);
    spec.insecure = Some(true);
    spec.proxy_secret_ref = Some(LocalObjectReference::new("bad-proxy"));
    h.create_repo("bad-proxy", spec).await;
    let repo = h
        .wait_repo("bad-proxy", "refused", |r| {
            is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
        })
        .await;
    let status = serde_json::to_string(&repo.status).unwrap();
    assert!(!status.contains("wrong-proxy-pw-99"), "{status}");
    assert!(ready_message(&repo).contains("proxy"), "{status}");
}

#[tokio::test(flavor = "multi_thread")]
async fn service_account_image_pull_secrets_are_used() {
    let registry = OciRegistry::start_with(OciRegistryOptions {
        auth: RegistryAuth::Basic {
            username: USER.into(),
            password: PASSWORD.into(),
        },
        ..Default::default()
    })
    .unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    dockerconfig(&h, "pull", &registry.host()).await;
    let accounts: Api<ServiceAccount> = Api::namespaced(h.client.clone(), NS);
    let account = ServiceAccount {
        metadata: ObjectMeta {
            name: Some("puller".into()),
            ..Default::default()
        },
        image_pull_secrets: Some(vec![k8s_openapi::api::core::v1::LocalObjectReference {
            name: "pull".into(),
        }]),
        ..Default::default()
    };
    accounts
        .create(&PostParams::default(), &account)
        .await
        .unwrap();

    let mut spec = repo_spec(&registry.image("app"));
    spec.service_account_name = Some("puller".into());
    h.create_repo("app", spec).await;
    let repo = h.wait_repo("app", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(1));

    // A missing account is an authentication failure naming it.
    let mut spec = repo_spec(&registry.image("app"));
    spec.service_account_name = Some("nobody".into());
    h.create_repo("nobody", spec).await;
    let repo = h
        .wait_repo("nobody", "failing", |r| {
            is_not_ready_with(r, reasons::AUTHENTICATION_FAILED)
        })
        .await;
    assert!(
        ready_message(&repo).contains("default/nobody"),
        "{}",
        ready_message(&repo)
    );
}
