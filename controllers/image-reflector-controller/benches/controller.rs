//! The real `image-reflector-controller` binary against devcluster and
//! Debian's docker-registry: RSS idle and with one ImageRepository of many
//! tags and N ImagePolicies on it, the time until all policies are Ready, and
//! the fan-out after a new tag (requestedAt → every policy's latestRef), with
//! the controller's CPU time for it, read from /proc for the child process.
//!
//! `cargo bench -p ballast-image-reflector-controller --bench controller [-- N]`
//! (N ImagePolicies, default 200).

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is a failure report

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ballast_api::image::v1::{
    ImagePolicyChoice, ImagePolicySpec, ImageRepositorySpec, NumericalPolicy, SemVerPolicy,
    TagFilter,
};
use ballast_api::meta::{NamespacedObjectReference, annotations};
use ballast_api::{ImagePolicy, ImageRepository};
use ballast_devcluster::{DevCluster, Options};
use ballast_testsupport::OciRegistry;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};

/// Tags in the repository: `1.<minor>.<patch>` and `build-<n>`.
const MINORS: usize = 20;
const PATCHES: usize = 10;
const BUILDS: usize = 300;

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

/// Polls `count_done` until it reaches `want`; returns how long it took.
async fn wait_for_all<F, Fut>(what: &str, want: usize, mut count_done: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let started = Instant::now();
    loop {
        let done = count_done().await;
        if done == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "timed out waiting for {what}: {done}/{want}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn policy(i: usize) -> ImagePolicySpec {
    let choice = |c: ImagePolicyChoice| ImagePolicySpec {
        image_repository_ref: NamespacedObjectReference {
            name: "app".into(),
            namespace: None,
        },
        policy: c,
        ..Default::default()
    };
    // Two kinds: a semver range, and numerical over extracted build numbers.
    if i.is_multiple_of(2) {
        choice(ImagePolicyChoice {
            semver: Some(SemVerPolicy {
                range: ">=1.0.0".into(),
            }),
            ..Default::default()
        })
    } else {
        ImagePolicySpec {
            filter_tags: Some(TagFilter {
                pattern: Some("^build-(?P<n>[0-9]+)$".into()),
                extract: Some("$n".into()),
            }),
            ..choice(ImagePolicyChoice {
                numerical: Some(NumericalPolicy { order: None }),
                ..Default::default()
            })
        }
    }
}

fn latest_is(p: &ImagePolicy, semver: &str, build: &str) -> bool {
    let tag = p
        .status
        .as_ref()
        .and_then(|s| s.latest_ref.as_ref())
        .map(|r| r.tag.as_str());
    tag == Some(semver) || tag == Some(build)
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let registry = OciRegistry::start().unwrap();
    let mut tags: Vec<String> = Vec::new();
    for minor in 0..MINORS {
        for patch in 0..PATCHES {
            tags.push(format!("1.{minor}.{patch}"));
        }
    }
    tags.extend((0..BUILDS).map(|n| format!("build-{n}")));
    let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
    registry.push_tags("app", &refs).unwrap();

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in ballast_api::all_crds() {
        crds.create(&PostParams::default(), &crd).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, cluster.kubeconfig()).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_image-reflector-controller"))
        .args([
            &format!("--storage-path={}", dir.path().join("data").display()),
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

    let repos: Api<ImageRepository> = Api::namespaced(client.clone(), "default");
    let policies: Api<ImagePolicy> = Api::namespaced(client.clone(), "default");
    repos
        .create(
            &PostParams::default(),
            &ImageRepository::new(
                "app",
                ImageRepositorySpec {
                    image: registry.image("app"),
                    interval: "1h".into(),
                    ..Default::default()
                },
            ),
        )
        .await
        .unwrap();
    let creating = Instant::now();
    for i in 0..count {
        policies
            .create(
                &PostParams::default(),
                &ImagePolicy::new(&format!("p-{i}"), policy(i)),
            )
            .await
            .unwrap();
    }
    let created = creating.elapsed();
    let first = format!("1.{}.{}", MINORS - 1, PATCHES - 1);
    let first_build = format!("build-{}", BUILDS - 1);
    let all_ready = wait_for_all("every policy resolved", count, || {
        let policies = policies.clone();
        let (a, b) = (first.clone(), first_build.clone());
        async move {
            let list = policies.list(&ListParams::default()).await.unwrap();
            list.items.iter().filter(|p| latest_is(p, &a, &b)).count()
        }
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await; // let the last status writes settle
    let loaded = rss_mib(pid);

    // A new version and a new build; one requested scan updates every policy.
    registry.push_tags("app", &["2.0.0", "build-9999"]).unwrap();
    let cpu_before = cpu_time(pid);
    let patch = serde_json::json!({"metadata": {"annotations": {
        annotations::RECONCILE_REQUESTED_AT: "bench"
    }}});
    repos
        .patch("app", &PatchParams::default(), &Patch::Merge(patch))
        .await
        .unwrap();
    let fan_out = wait_for_all("every policy updated", count, || {
        let policies = policies.clone();
        async move {
            let list = policies.list(&ListParams::default()).await.unwrap();
            list.items
                .iter()
                .filter(|p| latest_is(p, "2.0.0", "build-9999"))
                .count()
        }
    })
    .await;
    let cpu = cpu_time(pid) - cpu_before;

    println!(
        "image-reflector-controller, 1 ImageRepository ({} tags), {count} ImagePolicies:",
        tags.len()
    );
    println!("  RSS idle            {idle:.1} MiB");
    println!("  RSS loaded          {loaded:.1} MiB");
    println!(
        "  all policies ready  {:.2} s after the first was created ({:.2} s to create them)",
        (created + all_ready).as_secs_f64(),
        created.as_secs_f64(),
    );
    println!(
        "  new tag fan-out     {:.2} s from requestedAt to every latestRef ({:.2} s CPU)",
        fan_out.as_secs_f64(),
        cpu.as_secs_f64()
    );
}
