//! Differential test: every shared case is applied by this crate and by the
//! real tools, `kubectl patch --local` (apimachinery, the API server's code)
//! and `kubectl kustomize` (kustomize v5), and the results must agree.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

mod common;

use std::path::Path;
use std::process::Command;

use ballast_patch::{Flavor, builtin_schema, strategic_merge_as};
use serde_json::Value;

fn run(mut command: Command, what: &str) -> Vec<u8> {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Round-trips an object through kubectl's typed decoding, so defaults such
/// as `creationTimestamp: null` appear on both sides of a comparison.
fn typed(dir: &Path, name: &str, object: &Value) -> Value {
    let file = dir.join(name);
    std::fs::write(&file, serde_json::to_vec(object).unwrap()).unwrap();
    let mut cmd = common::kubectl();
    cmd.args([
        "patch", "--local", "--type", "merge", "-p", "{}", "-o", "json", "-f",
    ])
    .arg(&file);
    serde_json::from_slice(&run(cmd, "kubectl patch --local (normalize)")).unwrap()
}

/// The built-in schema of the case's kind; `None` for custom resources.
fn schema_of(object: &Value) -> Option<ballast_patch::TypeSchema> {
    let api_version = object["apiVersion"].as_str().unwrap();
    let kind = object["kind"].as_str().unwrap();
    builtin_schema(api_version, kind)
}

#[test]
fn strategic_merge_matches_kubectl_patch() {
    let mut failures = Vec::new();
    let mut compared = 0;
    // NB: kubectl refuses strategic merge on custom resources, so only
    // built-in kinds can be compared here.
    for case in common::cases()
        .into_iter()
        .filter(|c| schema_of(&c.original).is_some())
    {
        let dir = tempfile::tempdir().unwrap();
        let schema = schema_of(&case.original);
        let ours = strategic_merge_as(
            &case.original,
            &case.patch,
            schema.as_ref(),
            Flavor::ApiServer,
        )
        .unwrap();
        compared += 1;

        let original = dir.path().join("original.json");
        std::fs::write(&original, serde_json::to_vec(&case.original).unwrap()).unwrap();
        let mut cmd = common::kubectl();
        cmd.args([
            "patch",
            "--local",
            "--type",
            "strategic",
            "-o",
            "json",
            "-p",
        ])
        .arg(case.patch.to_string())
        .arg("-f")
        .arg(&original);
        let theirs: Value = serde_json::from_slice(&run(cmd, case.name)).unwrap();
        let ours = typed(dir.path(), "ours.json", &ours);
        // Object keys compare unordered, list items in order.
        if ours != theirs {
            failures.push(format!(
                "{}:\n  ours:    {ours}\n  kubectl: {theirs}",
                case.name
            ));
        }
    }
    assert!(compared >= 25, "only {compared} cases compared");
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn strategic_merge_matches_kubectl_kustomize() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in common::cases() {
        let dir = tempfile::tempdir().unwrap();
        let schema = schema_of(&case.original);
        let ours = strategic_merge_as(
            &case.original,
            &case.patch,
            schema.as_ref(),
            Flavor::Kustomize,
        )
        .unwrap();

        // The patch must name its target; kustomize matches by kind and name.
        let mut patch = case.patch.clone();
        let target = patch.as_object_mut().unwrap();
        target.insert("apiVersion".into(), case.original["apiVersion"].clone());
        target.insert("kind".into(), case.original["kind"].clone());
        let metadata = target
            .entry("metadata")
            .or_insert_with(|| serde_json::json!({}));
        metadata["name"] = case.original["metadata"]["name"].clone();
        std::fs::write(
            dir.path().join("original.yaml"),
            serde_json::to_vec(&case.original).unwrap(),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("patch.yaml"),
            serde_json::to_vec(&patch).unwrap(),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("kustomization.yaml"),
            "resources: [original.yaml]\npatches:\n- path: patch.yaml\n",
        )
        .unwrap();
        let mut cmd = common::kubectl();
        cmd.arg("kustomize").arg(dir.path());
        let yaml = String::from_utf8(run(cmd, case.name)).unwrap();
        let theirs: Value = serde_saphyr::from_str(&yaml).unwrap();
        compared += 1;
        if ours != theirs {
            failures.push(format!(
                "{}:\n  ours:      {ours}\n  kustomize: {theirs}",
                case.name
            ));
        }
    }
    assert!(compared >= 30, "only {compared} cases compared");
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
