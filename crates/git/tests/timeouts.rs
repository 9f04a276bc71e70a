//! A server that accepts connections and then says nothing must not hang a fetch.
//! Its own test binary: the timeouts are process-wide.

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::time::Duration;

use ballast_git::{AuthOptions, Error, FetchOptions, Reference, fetch, set_network_timeouts};

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
    for (url, auth) in [
        (format!("http://{addr}/repo.git"), AuthOptions::default()),
        (
            format!("ssh://git@{addr}/repo.git"),
            AuthOptions::from_secret(&ssh_auth).unwrap(),
        ),
    ] {
        let (tx, rx) = mpsc::channel();
        let shown = url.clone();
        std::thread::spawn(move || {
            let mut opts = FetchOptions::new(url, Reference::branch("main"));
            opts.auth = auth;
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
