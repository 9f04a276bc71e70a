//! The engine next to the real `kubectl` on one devcluster: objects
//! kubectl applied by hand (client-side and server-side) are taken over, a
//! hand edit is reverted by the next apply, prune removes what kubectl sees.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ballast_apply::{Action, ApplyOptions, DeleteOptions, ObjectRef, ResourceManager};
use ballast_devcluster::{DevCluster, Options};
use kube::api::DynamicObject;
use serde_json::{Value, json};

fn kubectl_path() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("kubectl"))
        .find(|c| c.is_file())
        .expect("kubectl is not on PATH: install kubectl (1.27-1.33) to run the apply engine's kubectl tests")
}

/// Runs kubectl against the cluster; returns stdout, or stderr as the error.
async fn kubectl(kubeconfig: &Path, args: &[&str], stdin: Option<&str>) -> Result<String, String> {
    use tokio::io::AsyncWriteExt;
    let cache = kubeconfig.with_file_name("kubectl-cache");
    let mut child = tokio::process::Command::new(kubectl_path())
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .arg("--cache-dir")
        .arg(&cache)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .await
        .unwrap();
    drop(input);
    let out = child.wait_with_output().await.unwrap();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

async fn get_cm(kubeconfig: &Path, name: &str) -> Result<Value, String> {
    let out = kubectl(
        kubeconfig,
        &["get", "configmap", name, "-n", "default", "-o", "json"],
        None,
    )
    .await?;
    Ok(serde_json::from_str(&out).unwrap())
}

fn cm(name: &str, data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "default"}, "data": data})
}

#[tokio::test]
async fn objects_kubectl_applied_are_taken_over_healed_and_pruned() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, cluster.kubeconfig()).unwrap();
    let manager = ResourceManager::new(
        cluster.client().unwrap(),
        "kustomize-controller",
        BTreeMap::new(),
    );
    let desired = |name: &str| -> DynamicObject {
        serde_json::from_value(cm(name, json!({"k": "v"}))).unwrap()
    };

    // Hand-made with kubectl: client-side apply, and server-side apply.
    let client_side = cm("csa", json!({"k": "v", "extra": "by-hand"})).to_string();
    kubectl(&kubeconfig, &["apply", "-f", "-"], Some(&client_side))
        .await
        .unwrap();
    let server_side = cm("ssa", json!({"k": "v", "extra": "by-hand"})).to_string();
    kubectl(
        &kubeconfig,
        &["apply", "--server-side", "-f", "-"],
        Some(&server_side),
    )
    .await
    .unwrap();
    let live = get_cm(&kubeconfig, "csa").await.unwrap();
    assert!(
        live["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
            .is_string()
    );

    // The engine takes both over: Git's content is the whole content.
    let cs = manager
        .apply(&[desired("csa"), desired("ssa")], &ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(
        cs.to_string(),
        "ConfigMap/default/csa configured\nConfigMap/default/ssa configured"
    );
    for name in ["csa", "ssa"] {
        let live = get_cm(&kubeconfig, name).await.unwrap();
        assert_eq!(live["data"], json!({"k": "v"}), "{name}: {live}");
        assert!(
            live["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
                .is_null(),
            "{live}"
        );
    }
    let cs = manager
        .apply(&[desired("csa"), desired("ssa")], &ApplyOptions::default())
        .await
        .unwrap();
    assert!(!cs.has_changes(), "{cs}");

    // A hand edit is drift: the next apply reverts it, and only it.
    kubectl(
        &kubeconfig,
        &[
            "patch",
            "configmap",
            "csa",
            "-n",
            "default",
            "--type",
            "merge",
            "-p",
            r#"{"data":{"k":"hand"}}"#,
        ],
        None,
    )
    .await
    .unwrap();
    let cs = manager
        .apply(&[desired("csa"), desired("ssa")], &ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(
        cs.to_string(),
        "ConfigMap/default/csa configured\nConfigMap/default/ssa unchanged"
    );
    assert_eq!(get_cm(&kubeconfig, "csa").await.unwrap()["data"]["k"], "v");

    // Prune: gone for kubectl too.
    let stale = ObjectRef::new("", "v1", "ConfigMap", "default", "csa");
    let result = manager.delete(&[stale], &DeleteOptions::default()).await;
    assert_eq!(result.changes.entries[0].action, Action::Deleted);
    let err = get_cm(&kubeconfig, "csa").await.unwrap_err();
    assert!(
        err.contains("NotFound") || err.contains("not found"),
        "{err}"
    );
    cluster.shutdown().await;
}
