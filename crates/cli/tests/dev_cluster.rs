//! `ballast dev cluster`: serves until SIGTERM, writes a kubeconfig that the
//! real kubectl uses, exits 0.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn serves_until_sigterm_and_kubectl_can_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("sub/kubeconfig");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["dev", "cluster", "--listen", "127.0.0.1:0", "--kubeconfig"])
        .arg(&kubeconfig)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.starts_with("devcluster listening on https://127.0.0.1:"),
        "{line}"
    );
    // The kubeconfig exists as soon as the line is printed.
    let text = std::fs::read_to_string(&kubeconfig).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap();
    assert!(text.contains(&format!("server: {url}")), "{text}");

    let kubectl = std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("kubectl"))
                .find(|p| p.is_file())
        })
        .expect("kubectl is not on PATH: install it to run this test");
    let out = Command::new(kubectl)
        .arg("--kubeconfig")
        .arg(&kubeconfig)
        .args(["--cache-dir"])
        .arg(dir.path().join("cache"))
        .args(["get", "namespace", "kube-system", "-o", "name"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "namespace/kube-system",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "ballast dev cluster did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
