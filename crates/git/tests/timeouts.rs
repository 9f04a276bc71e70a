//! A server that accepts connections and then says nothing must not hang a fetch.
//! Its own test binary: the timeouts are process-wide.

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::time::Duration;

use ballast_git::{
    AuthOptions, Error, FetchOptions, ProxyOptions, Reference, fetch, set_network_timeouts,
};

/// Accepts TCP connections and keeps them open without a byte.
fn silent_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming() {
            held.push(conn);
        }
    });
    addr
}

#[test]
fn silent_servers_time_out_over_http_and_ssh() {
    assert!(set_network_timeouts(
        Duration::from_secs(2),
        Duration::from_secs(1)
    ));
    assert!(
        !set_network_timeouts(Duration::from_secs(9), Duration::from_secs(9)),
        "first call wins"
    );
    let addr = silent_server();
    let mut ssh_auth = std::collections::BTreeMap::new();
    ssh_auth.insert(
        "identity".to_string(),
        b"-----BEGIN OPENSSH PRIVATE KEY-----\n".to_vec(),
    );
    ssh_auth.insert("known_hosts".to_string(), Vec::new());
    // A TLS client certificate and a proxy for http:// go through the crate's own
    // transport, which must give up too.
    let ca = ballast_testsupport::TestCa::new().unwrap();
    let mut cert_auth = std::collections::BTreeMap::new();
    cert_auth.insert(
        "tls.crt".to_string(),
        ca.client_cert_pem().as_bytes().to_vec(),
    );
    cert_auth.insert(
        "tls.key".to_string(),
        ca.client_key_pem().as_bytes().to_vec(),
    );
    let mut proxy_secret = std::collections::BTreeMap::new();
    proxy_secret.insert("address".to_string(), format!("http://{addr}").into_bytes());
    let proxy = ProxyOptions::from_secret(&proxy_secret).unwrap();
    // SOCKS5 (our own HTTP and SSH transports): a silent proxy, and a silent SSH
    // server behind a proxy that answers.
    proxy_secret.insert(
        "address".to_string(),
        format!("socks5://{addr}").into_bytes(),
    );
    let silent_socks = ProxyOptions::from_secret(&proxy_secret).unwrap();
    let relay = ballast_testsupport::ConnectProxy::start("u", "p", addr).unwrap();
    let relay_secret = [
        ("address", format!("socks5://{}", relay.addr())),
        ("username", "u".to_string()),
        ("password", "p".to_string()),
    ];
    let relay_proxy = ProxyOptions::from_secret(
        &relay_secret
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_bytes()))
            .collect(),
    )
    .unwrap();
    for (url, auth, proxy) in [
        (
            format!("http://{addr}/repo.git"),
            AuthOptions::default(),
            None,
        ),
        (
            format!("ssh://git@{addr}/repo.git"),
            AuthOptions::from_secret(&ssh_auth).unwrap(),
            None,
        ),
        (
            format!("https://{addr}/repo.git"),
            AuthOptions::from_secret(&cert_auth).unwrap(),
            None,
        ),
        (
            "http://git.example.invalid/repo.git".to_string(),
            AuthOptions::default(),
            Some(proxy.clone()),
        ),
        (
            "http://git.example.invalid/repo.git".to_string(),
            AuthOptions::default(),
            Some(silent_socks.clone()),
        ),
        (
            "ssh://git@git.example.invalid/repo.git".to_string(),
            AuthOptions::from_secret(&ssh_auth).unwrap(),
            Some(silent_socks.clone()),
        ),
        (
            "ssh://git@git.example.invalid/repo.git".to_string(),
            AuthOptions::from_secret(&ssh_auth).unwrap(),
            Some(relay_proxy.clone()),
        ),
    ] {
        let (tx, rx) = mpsc::channel();
        let shown = url.clone();
        std::thread::spawn(move || {
            let mut opts = FetchOptions::new(url, Reference::branch("main"));
            opts.auth = auth;
            opts.proxy = proxy;
            let cache = tempfile::tempdir().unwrap();
            let _ = tx.send(fetch(&opts, cache.path(), None));
        });
        // Generous deadline: the fetch must give up by itself well before it.
        let result = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("fetch hung on a silent server");
        let e = result.unwrap_err();
        assert!(matches!(e, Error::Timeout { .. }), "{shown}: {e}");
        assert!(e.to_string().contains(&shown), "{e}");
    }
}
