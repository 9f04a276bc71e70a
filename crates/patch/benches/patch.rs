//! Throughput of the patch functions on a realistic Deployment, measured with
//! `cargo bench -p ballast-patch` (plain timing loop; no bench framework is
//! in the workspace).

#![allow(clippy::unwrap_used, missing_docs)] // a bench binary

use std::hint::black_box;
use std::time::{Duration, Instant};

use ballast_patch::{Flavor, builtin_schema, merge_diff, merge_patch, strategic_merge_as};
use serde_json::{Value, json};

fn deployment(containers: usize) -> Value {
    let containers: Vec<Value> = (0..containers)
        .map(|i| {
            json!({
                "name": format!("c{i}"),
                "image": format!("registry.example/app{i}:1.0.{i}"),
                "args": ["--port=8080", "--verbose"],
                "ports": [{"containerPort": 8080, "name": "http"}, {"containerPort": 9090, "name": "metrics"}],
                "env": (0..10).map(|e| json!({"name": format!("ENV_{e}"), "value": format!("{e}")})).collect::<Vec<_>>(),
                "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                "resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "100m"}}
            })
        })
        .collect();
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "prod", "labels": {"app": "web"}, "annotations": {"a": "b"}},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": containers, "volumes": [{"name": "data", "emptyDir": {}}]}
            }
        }
    })
}

/// Runs `f` repeatedly for about a second and prints the time per call.
fn bench(name: &str, mut f: impl FnMut()) {
    // Warm up, then time batches until a second has passed.
    for _ in 0..100 {
        f();
    }
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < Duration::from_secs(1) {
        for _ in 0..100 {
            f();
        }
        calls += 100;
    }
    let per_call = start.elapsed() / u32::try_from(calls).unwrap();
    println!("{name:<58} {per_call:>10.2?} per call ({calls} calls)");
}

fn main() {
    let schema = builtin_schema("apps/v1", "Deployment").unwrap();
    for containers in [1, 5] {
        let original = deployment(containers);
        let patch = json!({"spec": {"replicas": 5, "template": {"spec": {"containers": [
            {"name": "c0", "image": "registry.example/app0:2.0.0", "env": [{"name": "ENV_3", "value": "x"}, {"name": "NEW", "value": "y"}]},
            {"name": "sidecar", "image": "proxy:1"}
        ]}}}});
        for flavor in [Flavor::Kustomize, Flavor::ApiServer] {
            bench(
                &format!("strategic_merge {flavor:?}, {containers} container(s)"),
                || {
                    black_box(
                        strategic_merge_as(
                            black_box(&original),
                            black_box(&patch),
                            Some(&schema),
                            flavor,
                        )
                        .unwrap(),
                    );
                },
            );
        }
        let modified =
            strategic_merge_as(&original, &patch, Some(&schema), Flavor::ApiServer).unwrap();
        let diff = merge_diff(&original, &modified);
        bench(&format!("merge_diff, {containers} container(s)"), || {
            black_box(merge_diff(black_box(&original), black_box(&modified)));
        });
        bench(&format!("merge_patch, {containers} container(s)"), || {
            black_box(merge_patch(black_box(&original), black_box(&diff)));
        });
    }
    bench("builtin_schema lookup", || {
        black_box(builtin_schema(
            black_box("apps/v1"),
            black_box("Deployment"),
        ));
    });
}
