//! `ballast dev up`, the real binary, on a copy of examples/demo-repo:
//! commit-to-applied latency (from `git commit` returning to the
//! Kustomization's `status.lastAppliedRevision` naming the commit, polled
//! every 10 ms), CPU while idle (the refs poll and its `git` processes), and
//! RSS of the whole toolkit in one process, read from /proc.
//!
//! `cargo bench -p ballast-cli --bench dev_up [-- N]` (N commits, default 20).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // bench code: a panic is a failure report

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ballast_api::Kustomization;
use kube::Api;

const DEADLINE: Duration = Duration::from_secs(120);

/// User + system CPU time of `pid` and of its reaped children (the `git`
/// processes it runs), from /proc/<pid>/stat (10 ms clock ticks).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11..15]
        .iter()
        .map(|f| f.parse::<u64>().unwrap())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Resident set size of `pid` in MiB (current, peak), from /proc/<pid>/status.
fn rss_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> f64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap()
            / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.invalid")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.invalid")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn applied(api: &Api<Kustomization>) -> Option<String> {
    api.get_opt("flux-system")
        .await
        .ok()??
        .status?
        .last_applied_revision
}

async fn wait_applied(api: &Api<Kustomization>, commit: &str) -> Duration {
    let start = Instant::now();
    loop {
        if applied(api).await.is_some_and(|r| r.ends_with(commit)) {
            return start.elapsed();
        }
        assert!(start.elapsed() < DEADLINE, "{commit} was not applied");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let commits: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-repo");
    copy_dir(&examples, &repo);
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "demo"]);
    let kubeconfig = tmp.path().join("kubeconfig");

    let child = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["dev", "up", "--path", "clusters/dev", "--repo"])
        .arg(&repo)
        .arg("--kubeconfig")
        .arg(&kubeconfig)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut child = Running(child);
    let started = Instant::now();
    while !kubeconfig.is_file() {
        assert!(started.elapsed() < DEADLINE, "no kubeconfig");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let kubeconfig_text = kube::config::Kubeconfig::read_from(&kubeconfig).unwrap();
    let config = kube::Config::from_custom_kubeconfig(kubeconfig_text, &Default::default())
        .await
        .unwrap();
    let client = kube::Client::try_from(config).unwrap();
    let api: Api<Kustomization> = Api::namespaced(client, "flux-system");
    let first = git(&repo, &["rev-parse", "HEAD"]);
    wait_applied(&api, &first).await;
    println!(
        "dev up: start to first revision applied: {:?}",
        started.elapsed()
    );

    // Idle: only the refs poll and the controllers' timers run.
    let idle = Duration::from_secs(10);
    let before = cpu_time(pid);
    tokio::time::sleep(idle).await;
    let spent = cpu_time(pid) - before;
    println!(
        "dev up: idle CPU {:.1}% of one core, git children included ({spent:?} in {idle:?})",
        100.0 * spent.as_secs_f64() / idle.as_secs_f64()
    );

    let file = repo.join("apps/web/staging/kustomization.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut latencies = Vec::with_capacity(commits);
    for i in 0..commits {
        // Commits land at different points of the 200 ms refs poll.
        tokio::time::sleep(Duration::from_millis((i as u64 * 37) % 200)).await;
        let edited = original.replace("LOG_LEVEL=debug", &format!("LOG_LEVEL=debug-{i}"));
        std::fs::write(&file, edited).unwrap();
        git(&repo, &["commit", "-q", "-am", &format!("commit {i}")]);
        let commit = git(&repo, &["rev-parse", "HEAD"]);
        latencies.push(wait_applied(&api, &commit).await);
    }
    latencies.sort();
    println!(
        "dev up: commit to applied over {commits} commits: p50 {:?}, p95 {:?}, max {:?}",
        percentile(&latencies, 50.0),
        percentile(&latencies, 95.0),
        latencies[latencies.len() - 1]
    );
    let (rss, peak) = rss_mib(pid);
    println!("dev up: RSS {rss:.0} MiB now, peak {peak:.0} MiB (devcluster + both controllers)");

    let interrupted = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(stopping.elapsed() < DEADLINE, "no exit after SIGINT");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(status.success(), "{status:?}");
}
