//! Shared test harness: an in-process dev cluster on a random loopback port,
//! and the real `kubectl` pointed at it.

#![allow(
    dead_code,
    unreachable_pub,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use ballast_devcluster::{DevCluster, Options};

/// A dev cluster running on its own Tokio runtime, for synchronous tests.
pub struct Cluster {
    pub cluster: Option<DevCluster>,
    pub runtime: tokio::runtime::Runtime,
    pub dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
}

impl Cluster {
    pub fn start() -> Cluster {
        Self::start_with(Options::default())
    }

    pub fn start_with(options: Options) -> Cluster {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let cluster = runtime.block_on(DevCluster::start(options)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = dir.path().join("kubeconfig");
        std::fs::write(&kubeconfig, cluster.kubeconfig()).unwrap();
        Cluster {
            cluster: Some(cluster),
            runtime,
            dir,
            kubeconfig,
        }
    }

    pub fn url(&self) -> String {
        self.cluster.as_ref().unwrap().url()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(c) = self.cluster.take() {
            self.runtime.block_on(c.shutdown());
        }
    }
}

/// The `kubectl` binary on PATH; a missing one fails the test with what to install.
pub fn kubectl_path() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join("kubectl");
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "kubectl is not on PATH: install it (the google-cloud-sdk kubectl 1.27-1.33, or Debian/Kubernetes' kubectl package) to run the devcluster conformance tests"
    );
}

/// Runs the real kubectl against a cluster, with its own discovery cache.
pub struct Kubectl {
    pub cluster: Cluster,
    bin: PathBuf,
}

impl Kubectl {
    pub fn new() -> Kubectl {
        Self::with(Cluster::start())
    }

    pub fn with(cluster: Cluster) -> Kubectl {
        Kubectl {
            cluster,
            bin: kubectl_path(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.cluster.dir.path()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.arg("--kubeconfig")
            .arg(&self.cluster.kubeconfig)
            .arg("--cache-dir")
            .arg(self.dir().join("cache"))
            .args(args)
            .env("HOME", self.dir())
            .env_remove("KUBECONFIG");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    pub fn run_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "kubectl {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs with `input` on stdin and asserts success; returns stdout.
    pub fn ok_stdin(&self, args: &[&str], input: &str) -> String {
        let out = self.run_stdin(args, input);
        assert!(
            out.status.success(),
            "kubectl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs and asserts failure; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "kubectl {args:?} unexpectedly succeeded: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn fails_stdin(&self, args: &[&str], input: &str) -> String {
        let out = self.run_stdin(args, input);
        assert!(
            !out.status.success(),
            "kubectl {args:?} unexpectedly succeeded: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Writes a manifest into the test's directory and returns its path.
    pub fn file(&self, name: &str, content: &str) -> String {
        let p = self.dir().join(name);
        std::fs::write(&p, content).unwrap();
        p.to_string_lossy().into_owned()
    }

    /// Polls `check` until it holds or the deadline passes.
    pub fn eventually(&self, what: &str, mut check: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if check() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}");
    }
}

/// One of the versioned kubectl binaries (`kubectl.1.27` … `kubectl.1.33`)
/// beside the one on PATH, against a cluster, with its own discovery cache.
pub struct Versioned<'a> {
    pub version: String,
    bin: PathBuf,
    cluster: &'a Cluster,
    cache: PathBuf,
}

impl<'a> Versioned<'a> {
    pub fn new(cluster: &'a Cluster, version: &str) -> Versioned<'a> {
        // The versioned binaries sit beside the dispatcher kubectl (google-cloud-sdk).
        let main = std::fs::canonicalize(kubectl_path()).unwrap();
        let bin = main.parent().unwrap().join(format!("kubectl.{version}"));
        assert!(
            bin.is_file(),
            "{} is missing: install the google-cloud-sdk kubectl components (kubectl 1.27-1.33)",
            bin.display()
        );
        Versioned {
            version: version.to_string(),
            bin,
            cluster,
            cache: cluster.dir.path().join(format!("cache-{version}")),
        }
    }

    /// Runs with `stdin` as input and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str], stdin: &str) -> String {
        let mut child = Command::new(&self.bin)
            .arg("--kubeconfig")
            .arg(&self.cluster.kubeconfig)
            .arg("--cache-dir")
            .arg(&self.cache)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "kubectl {} {args:?}: {}",
            self.version,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Lines of a child's output, read on a thread.
pub fn lines_of(r: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits (with a deadline) for a line containing `needle`.
pub fn expect_line(lines: &std::sync::mpsc::Receiver<String>, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(l) if l.contains(needle) => return,
            Ok(l) => seen.push(l),
            Err(_) => panic!("no line containing {needle:?}; saw: {seen:#?}"),
        }
    }
}
