//! The real `image-automation-controller` binary against devcluster and a
//! real `git http-backend`: RSS idle and after the work, the time from
//! creating an ImageUpdateAutomation to its first push over a repository of
//! many marked files, the time from a policy's new latestRef to the next
//! push, and a no-op run (requestedAt with nothing to change), with the
//! controller's CPU time, read from /proc for the child process.
//!
//! `cargo bench -p ballast-image-automation-controller --bench controller [-- FILES]`
//! (FILES marked YAML files, default 1000, spread over 20 ImagePolicies).

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is a failure report

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ballast_api::image::v1::{
    ImagePolicyChoice, ImagePolicySpec, ImageRef, ImageUpdateAutomationSpec, SemVerPolicy,
};
use ballast_api::meta::{NamespacedObjectReference, annotations};
use ballast_api::source::v1::{GitRepositoryRef, GitRepositorySpec};
use ballast_api::{GitRepository, ImagePolicy, ImageUpdateAutomation};
use ballast_devcluster::{DevCluster, Options};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, Patch, PatchParams, PostParams};

const POLICIES: usize = 20;
const NS: &str = "default";

/// User + system CPU time of `pid`, from /proc/<pid>/stat (clock ticks of 10 ms).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// Resident set size of `pid` in MiB, from /proc/<pid>/status.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib / 1024.0
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Polls `check` every 20 ms until it holds; returns how long that took.
async fn wait_until<F, Fut>(what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    started.elapsed()
}

fn deployment(i: usize) -> String {
    format!(
        "# app {i}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: apps\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/org/app-{p}:1.0.0 # {{\"$imagepolicy\": \"default:p{p}\"}}\n          ports:\n            - containerPort: 8080\n",
        p = i % POLICIES
    )
}

fn latest(p: usize, tag: &str) -> serde_json::Value {
    serde_json::json!({"status": {"latestRef": ImageRef {
        name: format!("ghcr.io/org/app-{p}"),
        tag: tag.to_string(),
        digest: None,
    }}})
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let files: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);

    // The repository: FILES Deployments, each image marked for one of the policies.
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    for i in 0..files {
        work.write(&format!("apps/app-{i}.yaml"), deployment(i))
            .unwrap();
    }
    work.commit_all("initial").unwrap();
    work.push(server.repo_path("repo.git").to_str().unwrap(), "main:main")
        .unwrap();

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in ballast_api::all_crds() {
        crds.create(&PostParams::default(), &crd).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, cluster.kubeconfig()).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_image-automation-controller"))
        .args([
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--leader-election-namespace=default",
        ])
        .env("KUBECONFIG", &kubeconfig)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let child = Killed(child);
    let pid = child.0.id();

    let repos: Api<GitRepository> = Api::namespaced(client.clone(), NS);
    let mut spec = GitRepositorySpec {
        url: server.url("repo.git"),
        interval: "1h".into(),
        ..Default::default()
    };
    spec.reference = Some(GitRepositoryRef {
        branch: Some("main".into()),
        ..Default::default()
    });
    repos
        .create(&PostParams::default(), &GitRepository::new("repo", spec))
        .await
        .unwrap();
    let policies: Api<ImagePolicy> = Api::namespaced(client.clone(), NS);
    for p in 0..POLICIES {
        let spec = ImagePolicySpec {
            image_repository_ref: NamespacedObjectReference {
                name: "unused".into(),
                namespace: None,
            },
            policy: ImagePolicyChoice {
                semver: Some(SemVerPolicy {
                    range: ">=0".into(),
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        let name = format!("p{p}");
        policies
            .create(&PostParams::default(), &ImagePolicy::new(&name, spec))
            .await
            .unwrap();
        policies
            .patch_status(
                &name,
                &PatchParams::default(),
                &Patch::Merge(latest(p, "1.1.0")),
            )
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_mib(pid);

    // First run: every file changes.
    let automations: Api<ImageUpdateAutomation> = Api::namespaced(client.clone(), NS);
    let spec: ImageUpdateAutomationSpec = serde_json::from_value(serde_json::json!({
        "interval": "1h",
        "sourceRef": {"kind": "GitRepository", "name": "repo"},
        "git": {"commit": {"author": {"name": "Bench", "email": "bench@example.com"},
            "messageTemplate": "{{ range .Changed.Changes }}{{ .OldValue }} -> {{ .NewValue }}\n{{ end }}"}}
    }))
    .unwrap();
    let cpu0 = cpu_time(pid);
    automations
        .create(
            &PostParams::default(),
            &ImageUpdateAutomation::new("auto", spec),
        )
        .await
        .unwrap();
    let push = |n: usize| {
        let automations = automations.clone();
        move || {
            let automations = automations.clone();
            async move {
                let a = automations.get("auto").await.unwrap();
                let s = a.status.unwrap_or_default();
                s.last_push_commit.is_some() && n == 1
                    || s.observed_policies
                        .as_ref()
                        .and_then(|p| p.get("p0"))
                        .is_some_and(|r| r.tag == "1.2.0" && n == 2)
            }
        }
    };
    let first = wait_until("the first push", push(1)).await;
    let cpu_first = cpu_time(pid) - cpu0;
    let rss_after_first = rss_mib(pid);

    // One policy moves: only its files change.
    let cpu1 = cpu_time(pid);
    policies
        .patch_status(
            "p0",
            &PatchParams::default(),
            &Patch::Merge(latest(0, "1.2.0")),
        )
        .await
        .unwrap();
    let second = wait_until("the second push", push(2)).await;
    let cpu_second = cpu_time(pid) - cpu1;

    // Nothing to do: one ref listing, no clone.
    let cpu2 = cpu_time(pid);
    let patch = serde_json::json!({"metadata": {"annotations": {annotations::RECONCILE_REQUESTED_AT: "noop"}}});
    automations
        .patch("auto", &PatchParams::default(), &Patch::Merge(patch))
        .await
        .unwrap();
    let noop = wait_until("the no-op run", || {
        let automations = automations.clone();
        async move {
            let a = automations.get("auto").await.unwrap();
            a.status
                .and_then(|s| s.reconcile_request.last_handled_reconcile_at)
                .as_deref()
                == Some("noop")
        }
    })
    .await;
    let cpu_noop = cpu_time(pid) - cpu2;
    let rss_end = rss_mib(pid);

    println!("files: {files}, policies: {POLICIES}");
    println!(
        "RSS idle: {idle:.1} MiB, after first run: {rss_after_first:.1} MiB, end: {rss_end:.1} MiB"
    );
    println!("first push (all {files} files): {first:.2?}, controller CPU {cpu_first:.2?}");
    println!(
        "new latestRef → push ({} files): {second:.2?}, controller CPU {cpu_second:.2?}",
        files.div_ceil(POLICIES)
    );
    println!("no-op run (requestedAt handled): {noop:.2?}, controller CPU {cpu_noop:.2?}");
    drop(child);
}
