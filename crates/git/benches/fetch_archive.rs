//! First artifact and no-op poll, side by side with `git clone --depth 1` + `tar czf`,
//! on one synthetic repository served by `git http-backend` on loopback.
//!
//! Run: `cargo bench -p ballast-git --bench fetch_archive` (needs git, GNU time).
//! Each variant runs as its own process under `/usr/bin/time` so that wall time, CPU
//! time and peak RSS are measured the same way for both.

// A benchmark driver: failures abort with the error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ballast_artifact::{ObjectKey, Storage};
use ballast_git::{FetchOptions, FetchOutcome, Reference, fetch};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo};

const FILES: usize = 3000;
const FILE_BYTES: usize = 10 * 1024;
const POLLS: u32 = 50;

/// Deterministic text-like content, so compression ratios resemble source files.
fn content(seed: usize) -> String {
    let mut x = seed as u64 * 6364136223846793005 + 1442695040888963407;
    let words = [
        "apiVersion",
        "kind",
        "metadata",
        "name",
        "spec",
        "image",
        "replicas",
        "labels",
        ":",
        "-",
        "\n",
    ];
    let mut s = String::with_capacity(FILE_BYTES);
    while s.len() < FILE_BYTES {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push_str(words[(x >> 33) as usize % words.len()]);
        s.push(' ');
        if (x >> 20).is_multiple_of(7) {
            s.push_str(&format!("{:x}", x));
        }
    }
    s
}

fn proc_cpu_ms() -> f64 {
    // utime + stime of this process, in clock ticks (100 Hz on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks * 10.0
}

/// Child mode: one fetch + archive into fresh dirs.
fn child_fetch_archive(url: &str, work: &Path) {
    let opts = FetchOptions::new(url, Reference::branch("main"));
    let FetchOutcome::Fetched(co) = fetch(&opts, &work.join("cache"), None).unwrap() else {
        panic!("expected a checkout");
    };
    let storage = Storage::new(work.join("storage"), "localhost:9090").unwrap();
    let key = ObjectKey::new("GitRepository", "default", "bench").unwrap();
    let (info, _) = storage.archive(&key, &co.revision, &co.path, None).unwrap();
    eprintln!("artifact {} bytes", info.size);
}

/// Child mode: populate the cache, then measure no-op polls.
fn child_polls(url: &str, work: &Path) {
    let opts = FetchOptions::new(url, Reference::branch("main"));
    let FetchOutcome::Fetched(co) = fetch(&opts, &work.join("cache"), None).unwrap() else {
        panic!("expected a checkout");
    };
    let cpu0 = proc_cpu_ms();
    let t0 = Instant::now();
    for _ in 0..POLLS {
        let out = fetch(&opts, &work.join("cache"), Some(&co.revision)).unwrap();
        assert!(matches!(out, FetchOutcome::Unchanged { .. }));
    }
    let wall = t0.elapsed().as_secs_f64() * 1000.0 / f64::from(POLLS);
    let cpu = (proc_cpu_ms() - cpu0) / f64::from(POLLS);
    println!("{wall:.2} {cpu:.2}");
}

/// Runs `cmd` under GNU time; returns (wall s, cpu s, peak RSS MiB).
fn timed(cmd: Command) -> (f64, f64, f64) {
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .args(["-f", "TIME %e %U %S %M"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    let out = wrapped.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("TIME ")).unwrap();
    let v: Vec<f64> = line[5..]
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    (v[0], v[1] + v[2], v[3] / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 4 && args[1] == "--child-fetch-archive" {
        return child_fetch_archive(&args[2], Path::new(&args[3]));
    }
    if args.len() == 4 && args[1] == "--child-polls" {
        return child_polls(&args[2], Path::new(&args[3]));
    }

    let server = HttpGitServer::start(HttpOptions::default()).unwrap();
    let bare = server.create_repo("bench.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    for i in 0..FILES {
        work.write(&format!("dir{:02}/file{i:05}.yaml", i % 50), content(i))
            .unwrap();
    }
    work.commit_all("bench").unwrap();
    work.push(bare.to_str().unwrap(), "main:main").unwrap();
    let url = server.url("bench.git");
    let me = std::env::current_exe().unwrap();
    println!(
        "repository: {FILES} files x {} KiB, served over HTTP on loopback",
        FILE_BYTES / 1024
    );
    println!();
    println!("| variant | wall s | CPU s | peak RSS MiB |");
    println!("|---|---|---|---|");
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let mut ours = Command::new(&me);
        ours.arg("--child-fetch-archive").arg(&url).arg(dir.path());
        let (w, c, m) = timed(ours);
        println!("| ballast fetch + archive | {w:.2} | {c:.2} | {m:.1} |");

        let dir = tempfile::tempdir().unwrap();
        let script = format!(
            "git clone -q --depth 1 --branch main {url} {d}/co && tar czf {d}/out.tar.gz --exclude=.git -C {d}/co .",
            d = dir.path().display()
        );
        // The same isolated environment as every git child of the test harness.
        let isolated = ballast_testsupport::git_command();
        let mut sh = Command::new("sh");
        sh.arg("-c").arg(&script);
        for (k, v) in isolated.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        let (w, c, m) = timed(sh);
        println!("| git clone --depth 1 + tar czf | {w:.2} | {c:.2} | {m:.1} |");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(&me)
        .arg("--child-polls")
        .arg(&url)
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut parts = stdout.split_whitespace();
    let (wall, cpu) = (parts.next().unwrap_or("?"), parts.next().unwrap_or("?"));
    println!();
    println!("no-op poll (remote unchanged), mean of {POLLS}: {wall} ms wall, {cpu} ms CPU");
}
