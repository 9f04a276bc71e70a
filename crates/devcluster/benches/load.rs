//! Load figures for docs/benchmarks.md: 10,000 ConfigMaps of 1 KiB, a full
//! list, one write fanned out to 100 watchers, server-side apply of 1,000
//! objects, resident memory, and with `--simulate-workloads` 1,000
//! Deployments rolled out through ReplicaSets. Run with
//! `cargo bench -p ballast-devcluster`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

use ballast_devcluster::{DevCluster, Options};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams};
use serde_json::json;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn cm(name: &str) -> ConfigMap {
    serde_json::from_value(
        json!({"metadata": {"name": name}, "data": {"payload": "x".repeat(1024)}}),
    )
    .unwrap()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rss_start = rss_mib();
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let api: Api<ConfigMap> = Api::namespaced(client.clone(), "default");

    let t = Instant::now();
    let names: Vec<String> = (0..10_000).map(|i| format!("cm-{i:05}")).collect();
    futures::stream::iter(names.iter())
        .for_each_concurrent(16, |n| {
            let api = api.clone();
            async move {
                api.create(&PostParams::default(), &cm(n)).await.unwrap();
            }
        })
        .await;
    println!(
        "create 10,000 ConfigMaps (16 concurrent): {:?}",
        t.elapsed()
    );
    let rss_loaded = rss_mib();

    let mut raw = Vec::new();
    let mut typed = Vec::new();
    for _ in 0..7 {
        let req = http::Request::get("/api/v1/namespaces/default/configmaps")
            .body(Vec::new())
            .unwrap();
        let t = Instant::now();
        let text = client.request_text(req).await.unwrap();
        raw.push(t.elapsed());
        assert!(text.len() > 10_000 * 1024);
        let t = Instant::now();
        let list = api.list(&ListParams::default()).await.unwrap();
        typed.push(t.elapsed());
        assert_eq!(list.items.len(), 10_000);
    }
    println!(
        "list 10,000 ConfigMaps, response received (median of 7): {:?}",
        median(raw)
    );
    println!(
        "list 10,000 ConfigMaps, decoded by kube-rs into typed objects (median of 7): {:?}",
        median(typed)
    );

    // 100 watchers, one write: time until every watcher has the event.
    let rv = api
        .list(&ListParams::default().limit(1))
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let mut streams = Vec::new();
    for _ in 0..100 {
        streams.push(
            api.watch(&WatchParams::default(), &rv)
                .await
                .unwrap()
                .boxed(),
        );
    }
    let mut fanout = Vec::new();
    for round in 0..5 {
        let t = Instant::now();
        api.create(&PostParams::default(), &cm(&format!("fanout-{round}")))
            .await
            .unwrap();
        let waits = streams.iter_mut().map(|s| async move {
            loop {
                match s.try_next().await.unwrap() {
                    Some(WatchEvent::Added(_)) => return Instant::now(),
                    Some(_) => continue,
                    None => panic!("watch ended"),
                }
            }
        });
        let ends = futures::future::join_all(waits).await;
        let last = ends.into_iter().max().unwrap();
        fanout.push(last - t);
    }
    println!(
        "one write reaches 100 watchers (median of 5, includes the create round trip): {:?}",
        median(fanout)
    );
    drop(streams);

    let t = Instant::now();
    for i in 0..1000 {
        let name = format!("ssa-{i:04}");
        let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"payload": "y".repeat(1024)}});
        api.patch(&name, &PatchParams::apply("bench"), &Patch::Apply(&obj))
            .await
            .unwrap();
    }
    println!(
        "server-side apply of 1,000 ConfigMaps (sequential): {:?}",
        t.elapsed()
    );
    println!(
        "RSS of the whole bench process (server + kube-rs client): {:.0} MiB at start, {:.0} MiB with 10,000 ConfigMaps loaded, {:.0} MiB at the end",
        rss_start,
        rss_loaded,
        rss_mib()
    );
    cluster.shutdown().await;
    persistent().await;
    simulated().await;
}

fn deployment(name: &str, image: &str) -> Deployment {
    serde_json::from_value(json!({
        "metadata": {"name": name},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "image": image, "ports": [{"containerPort": 8080}]}]},
            },
        },
    }))
    .unwrap()
}

/// Polls until every Deployment reports a finished rollout of `revision`.
async fn rolled_out(api: &Api<Deployment>, revision: &str) {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let list = api.list(&ListParams::default()).await.unwrap();
        let done = list.items.iter().all(|d| {
            let status = d.status.clone().unwrap_or_default();
            d.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("deployment.kubernetes.io/revision"))
                .map(String::as_str)
                == Some(revision)
                && status.observed_generation == d.metadata.generation
                && status.conditions.unwrap_or_default().iter().any(|c| {
                    c.type_ == "Progressing"
                        && c.reason.as_deref() == Some("NewReplicaSetAvailable")
                })
        });
        if done {
            return;
        }
        assert!(Instant::now() < deadline, "rollouts did not finish");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// With `--simulate-workloads`: 1,000 Deployments rolled out through their
/// ReplicaSets, a new image for each, then 10,000 ConfigMaps written beside
/// them (the simulation looks only at what changed, so writes that touch
/// no workload do not pay for the workloads).
async fn simulated() {
    let cluster = DevCluster::start(Options {
        simulate_workloads: true,
        ..Options::default()
    })
    .await
    .unwrap();
    let client = cluster.client().unwrap();
    let configmaps: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let create_configmaps = |prefix: &'static str| {
        let api = configmaps.clone();
        async move {
            let t = Instant::now();
            let names: Vec<String> = (0..10_000).map(|i| format!("{prefix}-{i:05}")).collect();
            futures::stream::iter(names.iter())
                .for_each_concurrent(16, |n| {
                    let api = api.clone();
                    async move {
                        api.create(&PostParams::default(), &cm(n)).await.unwrap();
                    }
                })
                .await;
            t.elapsed()
        }
    };
    println!(
        "simulated, no workloads yet: create 10,000 ConfigMaps (16 concurrent): {:?}",
        create_configmaps("before").await
    );
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "default");
    let names: Vec<String> = (0..1000).map(|i| format!("web-{i:04}")).collect();
    let t = Instant::now();
    futures::stream::iter(names.iter())
        .for_each_concurrent(16, |n| {
            let api = deployments.clone();
            async move {
                api.create(&PostParams::default(), &deployment(n, "app:1"))
                    .await
                    .unwrap();
            }
        })
        .await;
    rolled_out(&deployments, "1").await;
    println!(
        "simulated: create 1,000 Deployments (16 concurrent) until all rolled out through their ReplicaSets: {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    futures::stream::iter(names.iter())
        .for_each_concurrent(16, |n| {
            let api = deployments.clone();
            async move {
                let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "app:2"}]}}}});
                api.patch(n, &PatchParams::default(), &Patch::Strategic(&patch))
                    .await
                    .unwrap();
            }
        })
        .await;
    rolled_out(&deployments, "2").await;
    println!(
        "simulated: new image for 1,000 Deployments until all rolled out as revision 2: {:?}",
        t.elapsed()
    );
    let replica_sets: Api<ReplicaSet> = Api::namespaced(client.clone(), "default");
    assert_eq!(
        replica_sets
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .len(),
        2000
    );
    println!(
        "simulated, beside 1,000 Deployments and 2,000 ReplicaSets: create 10,000 ConfigMaps (16 concurrent): {:?}",
        create_configmaps("after").await
    );
    cluster.shutdown().await;
}

/// The cost of durability: the same writes with `--data-dir`, where each
/// is acknowledged only once its log record is synced to disk.
async fn persistent() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = DevCluster::start(Options {
        data_dir: Some(dir.path().join("data")),
        ..Options::default()
    })
    .await
    .unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    let t = Instant::now();
    let names: Vec<String> = (0..10_000).map(|i| format!("cm-{i:05}")).collect();
    futures::stream::iter(names.iter())
        .for_each_concurrent(16, |n| {
            let api = api.clone();
            async move {
                api.create(&PostParams::default(), &cm(n)).await.unwrap();
            }
        })
        .await;
    println!(
        "with --data-dir (fsync before each acknowledgement): create 10,000 ConfigMaps (16 concurrent): {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    for i in 0..1000 {
        let name = format!("ssa-{i:04}");
        let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"payload": "y".repeat(1024)}});
        api.patch(&name, &PatchParams::apply("bench"), &Patch::Apply(&obj))
            .await
            .unwrap();
    }
    println!(
        "with --data-dir: server-side apply of 1,000 ConfigMaps (sequential): {:?}",
        t.elapsed()
    );
    cluster.shutdown().await;
}
