//! Apply engine throughput against the in-process devcluster over HTTPS:
//! a first apply that creates everything, a no-op re-apply (dry-runs only,
//! no writes), a re-apply with 1 changed object, and a prune of it all.
//!
//! `cargo bench -p ballast-apply --bench apply` (release). Prints one line
//! per measurement; median of several rounds on fresh clusters.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ballast_apply::{ApplyOptions, DeleteOptions, ResourceManager};
use ballast_devcluster::{DevCluster, Options};
use kube::api::DynamicObject;
use serde_json::json;

const ROUNDS: usize = 5;

fn objects(n: usize, marker: &str) -> Vec<DynamicObject> {
    (0..n)
        .map(|i| {
            let v = if i % 2 == 0 {
                json!({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": format!("cfg-{i}"), "namespace": "default"},
                    "data": {"key": if i == 0 { marker } else { "same" }, "pad": "x".repeat(512)}})
            } else {
                json!({"apiVersion": "apps/v1", "kind": "Deployment",
                    "metadata": {"name": format!("web-{i}"), "namespace": "default"},
                    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": format!("web-{i}")}},
                        "template": {"metadata": {"labels": {"app": format!("web-{i}")}},
                            "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                "ports": [{"containerPort": 80}]}]}}}})
            };
            serde_json::from_value(v).unwrap()
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for n in [10usize, 100, 500] {
            let (mut create, mut noop, mut one, mut prune) = (vec![], vec![], vec![], vec![]);
            for _ in 0..ROUNDS {
                let cluster = DevCluster::start(Options::default()).await.unwrap();
                let manager = ResourceManager::new(cluster.client().unwrap(), "kustomize-controller", BTreeMap::new());
                let opts = ApplyOptions::default();
                let set = objects(n, "a");

                let t = Instant::now();
                let cs = manager.apply(&set, &opts).await.unwrap();
                create.push(t.elapsed());
                assert_eq!(cs.entries.len(), n);

                let t = Instant::now();
                let cs = manager.apply(&set, &opts).await.unwrap();
                noop.push(t.elapsed());
                assert!(!cs.has_changes());

                let t = Instant::now();
                let cs = manager.apply(&objects(n, "b"), &opts).await.unwrap();
                one.push(t.elapsed());
                assert_eq!(cs.entries.iter().filter(|e| e.action == ballast_apply::Action::Configured).count(), 1);

                let refs: Vec<_> = cs.entries.iter().map(|e| e.object_ref.clone()).collect();
                let t = Instant::now();
                let result = manager.delete(&refs, &DeleteOptions::default()).await;
                prune.push(t.elapsed());
                assert!(result.failed.is_empty());
                cluster.shutdown().await;
            }
            println!("{n:>4} objects: create {:>9.1?}  no-op re-apply {:>9.1?}  1 changed {:>9.1?}  prune {:>9.1?}",
                median(create), median(noop), median(one), median(prune));
        }
    });
}
