//! The real `source-controller` binary against devcluster: flags, kubeconfig
//! from `KUBECONFIG`, leader election, and a clean exit on SIGTERM.

use ballast_testsupport::{HttpGitServer, HttpOptions};
use std::process::{Command, Stdio};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_reconciles_and_exits_cleanly_on_sigterm() {
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let (_work, commit) = seed(&bare);
    // The harness's in-process controller is stopped: the binary does the work.
    let mut h = Harness::start().await;
    h.stop_controller().await;

    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, h.cluster.kubeconfig()).unwrap();
    let storage = dir.path().join("data");
    let log_path = dir.path().join("stderr.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_source-controller"))
        .args([
            "--storage-path",
            storage.to_str().unwrap(),
            "--storage-addr=127.0.0.1:0",
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--leader-election-namespace=default",
            "--log-level=info",
        ])
        .env("KUBECONFIG", &kubeconfig)
        .env_remove("KUBERNETES_SERVICE_HOST")
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap();

    h.create("app", spec(&server.url("repo.git"), "10m")).await;
    let obj = h.wait_ready_at("app", &commit).await;
    assert!(storage.join(&obj.artifact().unwrap().path).is_file());
    assert_kstatus(&obj);

    // It took the Lease, as Flux's controllers do.
    let leases: kube::Api<k8s_openapi::api::coordination::v1::Lease> =
        kube::Api::namespaced(h.client.clone(), NS);
    assert!(
        leases
            .get_opt("source-controller-leader-election")
            .await
            .unwrap()
            .is_some()
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = eventually("the binary to exit", DEADLINE, || {
        let exited = child.try_wait().unwrap();
        async move { exited }
    })
    .await;
    let stderr = std::fs::read_to_string(&log_path).unwrap();
    assert!(exit.success(), "exit {exit:?}; logs:\n{stderr}");
    // Logs are JSON lines.
    assert!(
        stderr
            .lines()
            .filter(|l| !l.is_empty())
            .all(|l| l.starts_with('{')),
        "{stderr}"
    );
}
