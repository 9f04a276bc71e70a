//! Load figures for docs/benchmarks.md: 10,000 ConfigMaps of 1 KiB, a full
//! list, one write fanned out to 100 watchers, server-side apply of 1,000
//! objects, and resident memory. Run with `cargo bench -p ballast-devcluster`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

use ballast_devcluster::{DevCluster, Options};
use futures::{StreamExt, TryStreamExt};
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
