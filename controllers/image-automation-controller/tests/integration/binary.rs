//! The real `image-automation-controller` binary against devcluster, driven
//! and checked with real kubectl: objects applied from YAML, `kubectl wait`,
//! jsonpath on status, the Lease, JSON logs, and a clean exit on SIGTERM.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use ballast_testsupport::{HttpGitServer, HttpOptions, eventually};

use crate::common::*;

fn kubectl(kubeconfig: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kubectl on PATH");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn kubectl_async(kubeconfig: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let (kc, args, stdin) = (
        kubeconfig.to_path_buf(),
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        stdin.map(str::to_string),
    );
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        kubectl(&kc, &args, stdin.as_deref())
    })
    .await
    .unwrap()
}

fn spawn(kubeconfig: &Path, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_image-automation-controller"))
        .args([
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--leader-election-namespace=default",
            "--leader-election-lease-duration=3s",
            "--leader-election-renew-grace=1s",
            "--log-level=info",
        ])
        .env("KUBECONFIG", kubeconfig)
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(log).unwrap()))
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_pushes_and_answers_kubectl() {
    let h = Harness::start_with(false).await;
    let app = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  image: ghcr.io/org/app:1.0.0 # {\"$imagepolicy\": \"default:app\"}\n";
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &[("app.yaml", app)],
    );
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, h.cluster.kubeconfig()).unwrap();
    let log = dir.path().join("stderr.log");
    let mut child = spawn(&kubeconfig, &log);

    let manifests = format!(
        r#"apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: repo
  namespace: default
spec:
  url: {url}
  interval: 1h
  ref:
    branch: main
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app
  namespace: default
spec:
  imageRepositoryRef:
    name: app
  policy:
    semver:
      range: ">=1.0.0"
"#
    );
    kubectl_async(&kubeconfig, &["apply", "-f", "-"], Some(&manifests)).await;
    // The policy's image first, so the first run already has it to write.
    h.set_latest("app", "ghcr.io/org/app", "1.1.0").await;
    let automation = r#"apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageUpdateAutomation
metadata:
  name: auto
  namespace: default
spec:
  interval: 10m
  sourceRef:
    kind: GitRepository
    name: repo
  git:
    commit:
      author:
        name: Flux
        email: flux@example.com
  update:
    strategy: Setters
    path: ./
"#;
    kubectl_async(&kubeconfig, &["apply", "-f", "-"], Some(automation)).await;

    let waited = kubectl_async(
        &kubeconfig,
        &[
            "wait",
            "--for=condition=Ready",
            "imageupdateautomation/auto",
            "--timeout=60s",
        ],
        None,
    )
    .await;
    assert!(waited.contains("condition met"), "{waited}");
    let pushed = kubectl_async(
        &kubeconfig,
        &[
            "get",
            "imageupdateautomation",
            "auto",
            "-o",
            "jsonpath={.status.lastPushCommit} {.status.observedPolicies.app.tag}",
        ],
        None,
    )
    .await;
    let main = bare_git(&server, &["rev-parse", "main"]);
    assert_eq!(pushed, format!("{} 1.1.0", main.trim()));
    assert_eq!(
        bare_git(&server, &["show", "main:app.yaml"]),
        app.replace("1.0.0", "1.1.0")
    );
    assert_eq!(
        bare_git(&server, &["log", "-1", "--format=%s", "main"]).trim(),
        "Update from image update automation"
    );
    let columns = kubectl_async(&kubeconfig, &["get", "imageupdateautomations"], None).await;
    assert!(
        columns.contains("READY") && columns.contains("repository up-to-date"),
        "{columns}"
    );
    let lease = kubectl_async(
        &kubeconfig,
        &[
            "get",
            "lease",
            "image-automation-controller-leader-election",
            "-o",
            "jsonpath={.spec.holderIdentity}",
        ],
        None,
    )
    .await;
    assert!(!lease.is_empty());

    // SIGTERM: a clean exit, JSON logs.
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
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert!(exit.success(), "exit {exit:?}; logs:\n{stderr}");
    assert!(
        stderr
            .lines()
            .filter(|l| !l.is_empty())
            .all(|l| l.starts_with('{')),
        "{stderr}"
    );
    h.shutdown().await;
}
