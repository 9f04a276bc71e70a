//! The real `image-reflector-controller` binary against devcluster, checked
//! with real kubectl: flags, kubeconfig from `KUBECONFIG`, leader election,
//! tags kept across a restart, and a clean exit on SIGTERM.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use ballast_api::image::v1::{ImagePolicyChoice, ImagePolicySpec, SemVerPolicy};
use ballast_api::meta::NamespacedObjectReference;
use ballast_testsupport::{OciRegistry, eventually};

use crate::common::*;

fn spawn(kubeconfig: &Path, storage: &Path, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_image-reflector-controller"))
        .args([
            &format!("--storage-path={}", storage.display()),
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--leader-election-namespace=default",
            "--leader-election-lease-duration=3s",
            "--leader-election-renew-grace=1s",
            "--log-level=info",
        ])
        .env("KUBECONFIG", kubeconfig)
        .env_remove("KUBERNETES_SERVICE_HOST")
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(log).unwrap()))
        .spawn()
        .unwrap()
}

async fn terminate(mut child: Child, log: &Path) {
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
    let stderr = std::fs::read_to_string(log).unwrap();
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

fn kubectl(kubeconfig: &Path, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .output()
        .expect("kubectl on PATH");
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_scans_answers_kubectl_and_keeps_tags_across_restarts() {
    let registry = OciRegistry::start().unwrap();
    registry
        .push_tags("app", &["1.0.0", "1.4.0", "2.0.0"])
        .unwrap();
    // The harness's in-process controller is stopped: the binary does the work.
    let mut h = Harness::start().await;
    h.stop_controller().await;

    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, h.cluster.kubeconfig()).unwrap();
    let storage = dir.path().join("data");
    let log = dir.path().join("stderr.log");
    let child = spawn(&kubeconfig, &storage, &log);

    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    let policy = ImagePolicySpec {
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
        ..Default::default()
    };
    h.create_policy("app", policy).await;

    let kc = kubeconfig.clone();
    let waited = tokio::task::spawn_blocking(move || {
        kubectl(
            &kc,
            &[
                "wait",
                "--for=condition=Ready",
                "imagepolicy/app",
                "imagerepository/app",
                "--timeout=60s",
            ],
        )
    })
    .await
    .unwrap();
    assert!(waited.contains("condition met"), "{waited}");
    let tag = kubectl(
        &kubeconfig,
        &[
            "get",
            "imagepolicy",
            "app",
            "-o",
            "jsonpath={.status.latestRef.tag}",
        ],
    );
    assert_eq!(tag, "1.4.0");
    // kubectl's printer columns: the tag count of the last scan.
    let table = kubectl(&kubeconfig, &["get", "imagerepository", "app"]);
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|row| row.split_whitespace().any(|c| c == "3")),
        "{table}"
    );

    // It took the Lease, as Flux's controllers do.
    let leases: kube::Api<k8s_openapi::api::coordination::v1::Lease> =
        kube::Api::namespaced(h.client.clone(), NS);
    assert!(
        leases
            .get_opt("image-reflector-controller-leader-election")
            .await
            .unwrap()
            .is_some()
    );
    terminate(child, &log).await;

    // Restarted with the registry gone: a new policy is answered from the
    // tags kept in --storage-path.
    drop(registry);
    let log = dir.path().join("stderr-2.log");
    let child = spawn(&kubeconfig, &storage, &log);
    let mut policy = h.policies(NS).get("app").await.unwrap().spec;
    policy.policy.semver = Some(SemVerPolicy {
        range: ">=2.0.0".into(),
    });
    h.create_policy("two", policy).await;
    let p = h.wait_policy("two", "ready", is_ready).await;
    assert_eq!(latest_tag(&p).as_deref(), Some("2.0.0"));
    assert_kstatus(&p);
    terminate(child, &log).await;
}
