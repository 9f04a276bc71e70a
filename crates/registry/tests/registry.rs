//! The client and policies against a real registry: Debian's `docker-registry`
//! (distribution 2.8) started by `ballast-testsupport` on a random loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use ballast_registry::{
    Client, ClientOptions, Credentials, DockerConfig, Error, ExclusionList, ImageName, Order,
    Policy, TagFilter, TagSelector, TlsOptions,
};
use ballast_testsupport::{OciRegistry, OciRegistryOptions, RegistryAuth};

const USER: &str = "robot";
const PASSWORD: &str = "s3cret-Pa55";

fn client(options: ClientOptions) -> Client {
    Client::new(options.timeout(Duration::from_secs(30))).unwrap()
}

fn image(registry: &OciRegistry, repository: &str) -> ImageName {
    ImageName::parse(&registry.image(repository)).unwrap()
}

fn basic_registry() -> OciRegistry {
    OciRegistry::start_with(OciRegistryOptions {
        auth: RegistryAuth::Basic {
            username: USER.into(),
            password: PASSWORD.into(),
        },
        ..Default::default()
    })
    .unwrap()
}

#[tokio::test]
async fn lists_tags_and_resolves_digests_anonymously() {
    let registry = OciRegistry::start().unwrap();
    let first = registry.push("team/app", "1.0.0").unwrap();
    let second = registry.push("team/app", "1.1.0").unwrap();
    registry.push("team/app", "latest").unwrap();
    assert_ne!(first, second, "each push is a distinct image");

    let client = client(ClientOptions::new());
    let app = image(&registry, "team/app");
    let mut tags = client.list_tags(&app).await.unwrap();
    tags.sort();
    assert_eq!(tags, ["1.0.0", "1.1.0", "latest"]);
    assert_eq!(client.digest(&app, "1.0.0").await.unwrap(), first);
    assert_eq!(client.digest(&app, "1.1.0").await.unwrap(), second);

    let err = client.digest(&app, "../x?y").await.unwrap_err();
    assert!(
        err.to_string().contains("'../x?y' is not a valid tag"),
        "{err}"
    );
    let err = client.digest(&app, "9.9.9").await.unwrap_err();
    assert!(matches!(err, Error::TagNotFound { .. }), "{err}");
    assert!(err.to_string().contains("tag '9.9.9'"), "{err}");
}

#[tokio::test]
async fn lists_more_than_a_hundred_tags() {
    let registry = OciRegistry::start().unwrap();
    let mut tags: Vec<String> = (0..130).map(|i| format!("build-{i:03}")).collect();
    let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    registry.push_tags("many", &tag_refs).unwrap();

    // NB: distribution 2.8 ignores `n` and answers with every tag, unsorted, so
    // Link paging is exercised by `follows_link_pagination` below.
    let client = client(ClientOptions::new().page_size(7));
    let mut got = client.list_tags(&image(&registry, "many")).await.unwrap();
    got.sort();
    tags.sort();
    assert_eq!(got, tags);
}

/// A distribution API that pages `tags/list` by `n` and `last` with `Link`
/// headers (as distribution 3, Docker Hub and GHCR do), relative or absolute.
/// Returns its address and the request targets it saw.
async fn paging_registry(
    tags: Vec<String>,
    absolute_links: bool,
) -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (tags, log) = (tags.clone(), log.clone());
            tokio::spawn(async move {
                let mut reader = BufReader::new(stream);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let target = line
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_string();
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).await.unwrap_or(0) == 0
                            || header.trim().is_empty()
                        {
                            break;
                        }
                    }
                    log.lock().unwrap().push(target.clone());
                    let query: BTreeMap<String, String> = target
                        .split_once('?')
                        .map(|(_, q)| q)
                        .unwrap_or_default()
                        .split('&')
                        .filter_map(|p| p.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    let (status, link, body) = if target == "/v2/" {
                        ("200 OK", String::new(), "{}".to_string())
                    } else {
                        let n: usize = query.get("n").and_then(|n| n.parse().ok()).unwrap_or(100);
                        let start = query
                            .get("last")
                            .and_then(|last| tags.iter().position(|t| t == last))
                            .map_or(0, |i| i + 1);
                        let page: Vec<&String> = tags.iter().skip(start).take(n).collect();
                        let link = match page.last() {
                            Some(last) if start + n < tags.len() => {
                                let path = format!("/v2/paged/tags/list?n={n}&last={last}");
                                let target = if absolute_links {
                                    format!("http://{addr}{path}")
                                } else {
                                    path
                                };
                                format!("Link: <{target}>; rel=\"next\"\r\n")
                            }
                            _ => String::new(),
                        };
                        let body = format!(
                            r#"{{"name":"paged","tags":[{}]}}"#,
                            page.iter()
                                .map(|t| format!("\"{t}\""))
                                .collect::<Vec<_>>()
                                .join(",")
                        );
                        ("200 OK", link, body)
                    };
                    let response = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{link}\r\n{body}",
                        body.len()
                    );
                    if reader
                        .get_mut()
                        .write_all(response.as_bytes())
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    (addr, seen)
}

#[tokio::test]
async fn follows_link_pagination() {
    let tags: Vec<String> = (0..25).map(|i| format!("v1.0.{i}")).collect();
    for absolute in [false, true] {
        let (addr, seen) = paging_registry(tags.clone(), absolute).await;
        let paged = ImageName::parse(&format!("{addr}/paged")).unwrap();
        let client = client(ClientOptions::new().page_size(10).insecure(true));
        assert_eq!(client.list_tags(&paged).await.unwrap(), tags);
        let requests = seen.lock().unwrap().clone();
        let pages: Vec<&String> = requests
            .iter()
            .filter(|t| t.contains("tags/list"))
            .collect();
        assert_eq!(
            pages,
            [
                "/v2/paged/tags/list?n=10",
                "/v2/paged/tags/list?n=10&last=v1.0.9",
                "/v2/paged/tags/list?n=10&last=v1.0.19",
            ],
            "absolute links: {absolute}"
        );
    }
}

#[tokio::test]
async fn missing_repository_is_named() {
    let registry = OciRegistry::start().unwrap();
    let err = client(ClientOptions::new())
        .list_tags(&image(&registry, "nope/missing"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RepositoryNotFound { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "repository {}/nope/missing not found on {}",
            registry.host(),
            registry.host()
        )
    );
}

#[tokio::test]
async fn basic_auth_accepts_good_credentials_and_names_refusals() {
    let registry = basic_registry();
    let digest = registry.push("private/app", "v1.0.0").unwrap();
    let app = image(&registry, "private/app");

    let good = client(ClientOptions::new().credentials(Credentials::new(USER, PASSWORD)));
    assert_eq!(good.list_tags(&app).await.unwrap(), ["v1.0.0"]);
    assert_eq!(good.digest(&app, "v1.0.0").await.unwrap(), digest);

    let wrong = client(ClientOptions::new().credentials(Credentials::new(USER, "wrong-password")));
    let err = wrong.list_tags(&app).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("refused the credentials"), "{message}");
    assert!(message.contains(&registry.host()), "{message}");
    assert!(!message.contains("wrong-password"), "{message}");

    let anonymous = client(ClientOptions::new());
    let message = anonymous.list_tags(&app).await.unwrap_err().to_string();
    assert!(
        message.contains("requires authentication and no credentials were given"),
        "{message}"
    );
}

#[tokio::test]
async fn dockerconfigjson_credentials_are_picked_by_registry_host() {
    let registry = basic_registry();
    registry.push("private/app", "1.0.0").unwrap();
    let json = format!(
        r#"{{"auths":{{"{}":{{"username":"{USER}","password":"{PASSWORD}"}},"ghcr.io":{{"username":"x","password":"y"}}}}}}"#,
        registry.host()
    );
    let config = DockerConfig::from_json(json.as_bytes()).unwrap();
    let client = client(ClientOptions::new().docker_config(config));
    assert_eq!(
        client
            .list_tags(&image(&registry, "private/app"))
            .await
            .unwrap(),
        ["1.0.0"]
    );
}

#[tokio::test]
async fn token_auth_fetches_caches_and_refuses_tokens() {
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
    let digest = registry.push("org/app", "2.0.0").unwrap();
    registry.push("org/app", "2.1.0").unwrap();
    let app = image(&registry, "org/app");

    let client = client(ClientOptions::new().credentials(Credentials::new(USER, PASSWORD)));
    let mut tags = client.list_tags(&app).await.unwrap();
    tags.sort();
    assert_eq!(tags, ["2.0.0", "2.1.0"]);
    assert_eq!(client.digest(&app, "2.0.0").await.unwrap(), digest);
    client.list_tags(&app).await.unwrap();
    assert_eq!(
        registry.token_requests(),
        1,
        "one token serves every request until it expires"
    );

    let wrong = ballast_registry::Client::new(
        ClientOptions::new().credentials(Credentials::new(USER, "nope")),
    )
    .unwrap();
    let message = wrong.list_tags(&app).await.unwrap_err().to_string();
    assert!(
        message.contains("the token service 127.0.0.1 refused the credentials"),
        "{message}"
    );
    let anonymous = ballast_registry::Client::new(ClientOptions::new()).unwrap();
    let message = anonymous.list_tags(&app).await.unwrap_err().to_string();
    assert!(
        message.contains("requires authentication and no credentials were given"),
        "{message}"
    );
}

#[tokio::test]
async fn expired_tokens_are_fetched_again() {
    // Tokens that live no longer than the renewal margin are never reused.
    let registry = OciRegistry::start_with(OciRegistryOptions {
        auth: RegistryAuth::Token {
            username: USER.into(),
            password: PASSWORD.into(),
            expires_in: 1,
            identity_token: None,
        },
        ..Default::default()
    })
    .unwrap();
    registry.push("org/app", "1.0.0").unwrap();
    let app = image(&registry, "org/app");
    let client = client(ClientOptions::new().credentials(Credentials::new(USER, PASSWORD)));
    client.list_tags(&app).await.unwrap();
    client.list_tags(&app).await.unwrap();
    assert_eq!(registry.token_requests(), 2);
}

fn tls_registry(require_client_cert: bool) -> OciRegistry {
    OciRegistry::start_with(OciRegistryOptions {
        tls: true,
        require_client_cert,
        ..Default::default()
    })
    .unwrap()
}

fn secret(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect()
}

#[tokio::test]
async fn tls_needs_the_ca_from_cert_secret_ref() {
    let registry = tls_registry(false);
    registry.push("secure/app", "1.0.0").unwrap();
    let app = image(&registry, "secure/app");
    let ca = registry.ca().unwrap();

    let tls = TlsOptions::from_secret_data(&secret(&[("ca.crt", ca.ca_pem())])).unwrap();
    let trusted = client(ClientOptions::new().tls(tls));
    assert_eq!(trusted.list_tags(&app).await.unwrap(), ["1.0.0"]);

    let err = client(ClientOptions::new())
        .list_tags(&app)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("certificate not trusted"), "{message}");
    assert!(message.contains("'ca.crt'"), "{message}");
}

#[tokio::test]
async fn mutual_tls_presents_the_client_certificate() {
    let registry = tls_registry(true);
    registry.push("mtls/app", "1.0.0").unwrap();
    let app = image(&registry, "mtls/app");
    let ca = registry.ca().unwrap();

    let full = TlsOptions::from_secret_data(&secret(&[
        ("ca.crt", ca.ca_pem()),
        ("tls.crt", ca.client_cert_pem()),
        ("tls.key", ca.client_key_pem()),
    ]))
    .unwrap();
    assert_eq!(
        client(ClientOptions::new().tls(full))
            .list_tags(&app)
            .await
            .unwrap(),
        ["1.0.0"]
    );

    let ca_only = TlsOptions::from_secret_data(&secret(&[("ca.crt", ca.ca_pem())])).unwrap();
    let err = client(ClientOptions::new().tls(ca_only))
        .list_tags(&app)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err}");
    assert!(err.to_string().contains("client certificate"), "{err}");
}

#[tokio::test]
async fn plain_http_needs_insecure_unless_the_registry_is_local() {
    // 127.0.0.2 is loopback but, as for go-containerregistry, not "local".
    let registry = OciRegistry::start_with(OciRegistryOptions {
        host: Ipv4Addr::new(127, 0, 0, 2),
        ..Default::default()
    })
    .unwrap();
    registry.push("plain/app", "1.0.0").unwrap();
    let app = image(&registry, "plain/app");

    let err = client(ClientOptions::new())
        .list_tags(&app)
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Tls { .. }), "{message}");
    assert!(message.contains("set spec.insecure: true"), "{message}");

    let insecure = client(ClientOptions::new().insecure(true));
    assert_eq!(insecure.list_tags(&app).await.unwrap(), ["1.0.0"]);

    // 127.0.0.1 is local: HTTPS is tried, then HTTP, as Flux does.
    let local = OciRegistry::start().unwrap();
    local.push("plain/app", "1.0.0").unwrap();
    assert_eq!(
        client(ClientOptions::new())
            .list_tags(&image(&local, "plain/app"))
            .await
            .unwrap(),
        ["1.0.0"]
    );
}

#[tokio::test]
async fn unreachable_registries_time_out_or_fail_naming_the_registry() {
    // A listener that accepts and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let app = ImageName::parse(&format!("{addr}/app")).unwrap();
    let client = Client::new(ClientOptions::new().timeout(Duration::from_millis(500))).unwrap();
    let err = client.list_tags(&app).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("listing tags for {addr}/app timed out")),
        "{err}"
    );
    drop(silent);
    let err = client.list_tags(&app).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err}");
    assert!(err.to_string().contains(&addr.to_string()), "{err}");
}

#[tokio::test]
async fn scan_exclude_and_select_like_image_reflector() {
    let registry = OciRegistry::start().unwrap();
    for tag in [
        "1.0.0",
        "1.2.0",
        "v1.3.0-rc.1",
        "2.0.0",
        "sha256-0123.sig",
        "main-abc-100",
        "main-def-205",
        "main-fed-99",
    ] {
        registry.push("flux/app", tag).unwrap();
    }
    let app = image(&registry, "flux/app");
    let client = client(ClientOptions::new());
    let tags = ExclusionList::default().apply(client.list_tags(&app).await.unwrap());
    assert!(!tags.iter().any(|t| t.ends_with(".sig")), "{tags:?}");
    assert_eq!(tags.len(), 7);

    let pick = |selector: TagSelector| selector.latest(&tags).unwrap();
    assert_eq!(
        pick(TagSelector::new(Policy::semver("^1.0").unwrap())),
        "1.2.0"
    );
    assert_eq!(
        pick(TagSelector::new(
            Policy::semver(">=1.0.0-0 <2.0.0").unwrap()
        )),
        "v1.3.0-rc.1"
    );
    assert_eq!(
        pick(
            TagSelector::new(Policy::Numerical(Order::Asc))
                .with_filter(TagFilter::new(r"^main-[a-f0-9]+-(?P<n>\d+)$", "$n").unwrap())
        ),
        "main-def-205"
    );
    assert_eq!(
        pick(TagSelector::new(Policy::Alphabetical(Order::Desc))),
        "1.0.0"
    );
    let chosen = pick(TagSelector::new(Policy::semver("2.x").unwrap()));
    let digest = client.digest(&app, &chosen).await.unwrap();
    assert!(
        digest.starts_with("sha256:") && digest.len() == 71,
        "{digest}"
    );
    let err = TagSelector::new(Policy::semver(">=3").unwrap())
        .latest(&tags)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no tag matches semver range '>=3' (out of 7 tag(s))"
    );
}

#[tokio::test]
async fn proxies_from_proxy_secret_ref_carry_the_traffic() {
    use ballast_registry::ProxyOptions;
    use ballast_testsupport::ConnectProxy;

    let registry = basic_registry();
    registry.push("proxied/app", "1.0.0").unwrap();
    let proxy = ConnectProxy::start("proxy-user", "proxy-pw", registry.addr()).unwrap();
    // The image names a host only the proxy can reach (it forwards everything to
    // the registry), so a direct connection could not succeed.
    let app = ImageName::parse("registry.ballast.invalid:5000/proxied/app").unwrap();
    let creds = Credentials::new(USER, PASSWORD);

    for scheme in ["http", "socks5h"] {
        let secret = secret(&[
            ("address", &format!("{scheme}://{}", proxy.addr())),
            ("username", "proxy-user"),
            ("password", "proxy-pw"),
        ]);
        let options = ClientOptions::new()
            .credentials(creds.clone())
            .insecure(true)
            .proxy(ProxyOptions::from_secret_data(&secret).unwrap());
        assert_eq!(
            client(options).list_tags(&app).await.unwrap(),
            ["1.0.0"],
            "{scheme}"
        );
    }
    let log = proxy.log().join("\n");
    assert!(
        log.contains("CONNECT registry.ballast.invalid:5000"),
        "{log}"
    );
    assert!(
        log.contains("SOCKS5 registry.ballast.invalid:5000"),
        "{log}"
    );

    let wrong = ProxyOptions::new(&format!("http://{}", proxy.addr()))
        .unwrap()
        .with_credentials("proxy-user", "not-the-proxy-pw");
    let err = client(ClientOptions::new().insecure(true).proxy(wrong))
        .list_tags(&app)
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("through proxy http://127.0.0.1"),
        "{message}"
    );
    assert!(!message.contains("not-the-proxy-pw"), "{message}");
}

#[tokio::test]
async fn identity_and_registry_tokens_from_dockerconfigjson() {
    let token_registry = |identity_token: Option<&str>| {
        OciRegistry::start_with(OciRegistryOptions {
            auth: RegistryAuth::Token {
                username: USER.into(),
                password: PASSWORD.into(),
                expires_in: 300,
                identity_token: identity_token.map(str::to_string),
            },
            ..Default::default()
        })
        .unwrap()
    };
    let config_for = |registry: &OciRegistry, entry: &str| {
        let json = format!(r#"{{"auths":{{"{}":{entry}}}}}"#, registry.host());
        ClientOptions::new().docker_config(DockerConfig::from_json(json.as_bytes()).unwrap())
    };

    // An identitytoken is traded with the OAuth2 refresh-token grant.
    let registry = token_registry(Some("refresh-abc"));
    registry.push("org/app", "1.0.0").unwrap();
    let app = image(&registry, "org/app");
    let options = config_for(&registry, r#"{"identitytoken":"refresh-abc"}"#);
    assert_eq!(client(options).list_tags(&app).await.unwrap(), ["1.0.0"]);
    assert_eq!(registry.token_grants(), ["POST refresh_token granted"]);
    let options = config_for(&registry, r#"{"identitytoken":"stale"}"#);
    let message = client(options)
        .list_tags(&app)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("refused the identity token (HTTP 401)"),
        "{message}"
    );
    assert!(!message.contains("stale"), "{message}");

    // A token service without OAuth2 (404) gets the basic credentials instead.
    let registry = token_registry(None);
    registry.push("org/app", "1.0.0").unwrap();
    let app = image(&registry, "org/app");
    let entry = format!(r#"{{"username":"{USER}","password":"{PASSWORD}","identitytoken":"x"}}"#);
    let options = config_for(&registry, &entry);
    assert_eq!(client(options).list_tags(&app).await.unwrap(), ["1.0.0"]);
    assert_eq!(registry.token_grants(), ["POST 404", "GET basic granted"]);

    // A registrytoken is sent as it is, without asking the token service.
    let token = registry.pull_token("org/app").unwrap();
    let options = config_for(&registry, &format!(r#"{{"registrytoken":"{token}"}}"#));
    let before = registry.token_requests();
    assert_eq!(client(options).list_tags(&app).await.unwrap(), ["1.0.0"]);
    assert_eq!(registry.token_requests(), before);
}
