//! `--data-dir`: every acknowledged write survives `kill -9` and a restart.
//!
//! The server runs in a child process: this test binary re-executes itself
//! running only the ignored `child_server` case, which serves until killed.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, ListParams, PostParams};
use serde_json::json;

const ENV: &str = "DEVCLUSTER_TEST_DATA_DIR";

/// Not a test on its own: the server process of `writes_survive_kill_9`.
#[test]
#[ignore = "started by writes_survive_kill_9 as its server process"]
fn child_server() {
    let Some(dir) = std::env::var_os(ENV) else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let options = ballast_devcluster::Options {
            data_dir: Some(dir.join("data")),
            ..Default::default()
        };
        let cluster = ballast_devcluster::DevCluster::start(options)
            .await
            .unwrap();
        let tmp = dir.join("kubeconfig.tmp");
        std::fs::write(&tmp, cluster.kubeconfig()).unwrap();
        std::fs::rename(&tmp, dir.join("kubeconfig")).unwrap();
        std::future::pending::<()>().await;
    });
}

fn spawn(dir: &Path) -> Child {
    let _ = std::fs::remove_file(dir.join("kubeconfig"));
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_server", "--ignored", "--nocapture"])
        .env(ENV, dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn client(dir: &Path) -> kube::Client {
    let deadline = Instant::now() + Duration::from_secs(30);
    let path = dir.join("kubeconfig");
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "the child server never wrote its kubeconfig"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kc = kube::config::Kubeconfig::read_from(&path).unwrap();
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .unwrap();
    kube::Client::try_from(config).unwrap()
}

fn cm(name: &str) -> ConfigMap {
    serde_json::from_value(json!({"metadata": {"name": name}, "data": {"v": name}})).unwrap()
}

#[tokio::test]
async fn writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn(dir.path());
    let api: Api<ConfigMap> = Api::namespaced(client(dir.path()).await, "default");

    // A burst of writes; the child is killed while it is still going.
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writer = {
        let api = api.clone();
        let count = count.clone();
        tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0..100_000 {
                let name = format!("cm-{i}");
                match api.create(&PostParams::default(), &cm(&name)).await {
                    Ok(_) => {
                        acked.push(name);
                        count.store(acked.len(), std::sync::atomic::Ordering::SeqCst);
                    }
                    Err(_) => break,
                }
            }
            acked
        })
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while count.load(std::sync::atomic::Ordering::SeqCst) < 200 {
        assert!(Instant::now() < deadline, "the burst never got going");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL, mid-burst
    child.wait().unwrap();
    let acked = writer.await.unwrap();
    assert!(
        acked.len() > 10,
        "the burst was too short to mean anything: {}",
        acked.len()
    );

    let mut child = spawn(dir.path());
    let api: Api<ConfigMap> = Api::namespaced(client(dir.path()).await, "default");
    let stored: std::collections::HashSet<String> = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|c| c.metadata.name)
        .collect();
    for name in &acked {
        assert!(stored.contains(name), "{name} was acknowledged but lost");
    }
    // The restarted server goes on with newer resourceVersions.
    let before: u64 = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap()
        .parse()
        .unwrap();
    let created = api
        .create(&PostParams::default(), &cm("after-restart"))
        .await
        .unwrap();
    let rv: u64 = created.metadata.resource_version.unwrap().parse().unwrap();
    assert!(rv > before);
    child.kill().unwrap();
    child.wait().unwrap();
}
