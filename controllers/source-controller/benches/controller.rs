//! The real `source-controller` binary against devcluster and a real Git
//! server: RSS when idle and with many GitRepositories, and the CPU time of a
//! no-op reconcile (remote unchanged), read from /proc for the child process.
//!
//! `cargo bench -p ballast-source-controller --bench controller [-- N]`
//! (N GitRepositories, default 100).

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is a failure report

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ballast_api::GitRepository;
use ballast_api::source::v1::{GitRepositoryRef, GitRepositorySpec};
use ballast_devcluster::{DevCluster, Options};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ListParams, PostParams};

/// User + system CPU time of `pid`, from /proc/<pid>/stat (clock ticks of 10 ms).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces) start at ") ".
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

async fn wait_until<F, Fut>(what: &str, deadline: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let end = Instant::now() + deadline;
    while !check().await {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    for i in 0..20 {
        work.write(
            &format!("deploy/app-{i}.yaml"),
            format!("kind: ConfigMap\n# {i}\n"),
        )
        .unwrap();
    }
    work.commit_all("seed").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in ballast_api::all_crds() {
        crds.create(&PostParams::default(), &crd).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, cluster.kubeconfig()).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_source-controller"))
        .args([
            "--storage-path",
            dir.path().join("data").to_str().unwrap(),
            "--storage-addr=127.0.0.1:0",
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--enable-leader-election=false",
            "--log-level=error",
        ])
        .env("KUBECONFIG", &kubeconfig)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let child = Killed(child);
    let pid = child.0.id();
    tokio::time::sleep(Duration::from_secs(3)).await; // settle after start-up
    let idle = rss_mib(pid);

    let api: Api<GitRepository> = Api::namespaced(client.clone(), "default");
    let interval_secs = 10u64;
    for i in 0..count {
        let spec = GitRepositorySpec {
            url: server.url("repo.git"),
            interval: format!("{interval_secs}s"),
            reference: Some(GitRepositoryRef {
                branch: Some("main".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        api.create(
            &PostParams::default(),
            &GitRepository::new(&format!("repo-{i}"), spec),
        )
        .await
        .unwrap();
    }
    let started = Instant::now();
    wait_until(
        "every GitRepository to be ready",
        Duration::from_secs(600),
        || {
            let api = api.clone();
            async move {
                let list = api.list(&ListParams::default()).await.unwrap();
                list.items.iter().filter(|o| o.artifact().is_some()).count() == count
            }
        },
    )
    .await;
    let first_round = started.elapsed();

    // Let the follow-up reconciles of the first round settle, then count
    // the polls (ls-remote requests) over a window of several intervals.
    tokio::time::sleep(Duration::from_secs(interval_secs)).await;
    let polls = |s: &HttpGitServer| {
        s.requests()
            .iter()
            .filter(|r| r.target.contains("info/refs"))
            .count()
    };
    let (cpu0, polls0) = (cpu_time(pid), polls(&server));
    let window = Instant::now();
    tokio::time::sleep(Duration::from_secs(3 * interval_secs)).await;
    let (cpu1, polls1) = (cpu_time(pid), polls(&server));
    let elapsed = window.elapsed();
    let loaded = rss_mib(pid);
    let n = (polls1 - polls0).max(1);
    let per_poll = (cpu1 - cpu0).as_secs_f64() * 1000.0 / n as f64;
    println!("source-controller bench ({count} GitRepositories, interval {interval_secs}s)");
    println!("  idle RSS (no objects):           {idle:.1} MiB");
    println!(
        "  first artifacts for all:         {:.2}s",
        first_round.as_secs_f64()
    );
    println!("  RSS with {count} objects:        {loaded:.1} MiB");
    println!(
        "  no-op polls in {:.0}s:             {n} ({:.1} ms CPU total)",
        elapsed.as_secs_f64(),
        (cpu1 - cpu0).as_secs_f64() * 1000.0
    );
    println!("  CPU per no-op reconcile:         {per_poll:.2} ms");
}
