//! Checks the generated table against the real tools: for a kind of each
//! group, one object holds an item in every list that has a merge strategy
//! (nested lists inside items of their parent lists), a patch adds another
//! item to each, and `kubectl patch --local` / `kubectl kustomize` must merge
//! or replace exactly the lists this crate merges or replaces.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value, json};

use crate::schema::{NO_TYPE, Shape};
use crate::table::{KINDS, TYPES};
use crate::{Flavor, builtin_schema, strategic_merge_as};

/// One version per group, as kustomize users write them today.
const KINDS_CHECKED: &[(&str, &str)] = &[
    ("", "v1"),
    ("apps", "v1"),
    ("batch", "v1"),
    ("networking.k8s.io", "v1"),
    ("rbac.authorization.k8s.io", "v1"),
    ("autoscaling", "v2"),
    ("policy", "v1"),
    ("storage.k8s.io", "v1"),
    ("admissionregistration.k8s.io", "v1"),
    ("coordination.k8s.io", "v1"),
    ("apiextensions.k8s.io", "v1"),
];

/// A merge key value of the right JSON type for the key's name.
fn key_value(key: &str, which: u64) -> Value {
    match key {
        "containerPort" | "port" => json!(1000 + which),
        _ => json!(format!("k{which}")),
    }
}

/// Adds to `orig` and `patch` (objects of struct `ty`) an item in every
/// merging list reachable from `ty`; returns how many lists it reached.
fn fill(
    ty: u16,
    orig: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    seen: &mut Vec<u16>,
) -> usize {
    if seen.contains(&ty) || seen.len() > 12 {
        return 0;
    }
    seen.push(ty);
    let mut lists = 0;
    for field in TYPES[usize::from(ty)].fields {
        let merges = field.strategy.split(',').any(|s| s == "merge");
        match field.shape {
            Shape::List if merges && field.ty == NO_TYPE => {
                orig.insert(field.name.into(), json!(["x1"]));
                patch.insert(field.name.into(), json!(["x2"]));
                lists += 1;
            }
            Shape::List if merges => {
                // The shared item (key 0) carries the nested lists.
                let key = field.merge_key;
                let mut o = Map::from_iter([(key.to_owned(), key_value(key, 0))]);
                let mut p = o.clone();
                lists += 1 + fill(field.ty, &mut o, &mut p, seen);
                let theirs = Map::from_iter([(key.to_owned(), key_value(key, 1))]);
                let ours = Map::from_iter([(key.to_owned(), key_value(key, 2))]);
                orig.insert(field.name.into(), json!([o, theirs]));
                patch.insert(field.name.into(), json!([ours, p]));
            }
            Shape::Object if field.ty != NO_TYPE => {
                let (mut o, mut p) = (Map::new(), Map::new());
                let found = fill(field.ty, &mut o, &mut p, seen);
                if found > 0 {
                    orig.insert(field.name.into(), Value::Object(o));
                    patch.insert(field.name.into(), Value::Object(p));
                    lists += found;
                }
            }
            _ => {}
        }
    }
    seen.pop();
    lists
}

/// `kubectl.1.33` beside a dispatching `kubectl` (the table follows 1.33),
/// else `kubectl` itself; panics, naming what to install, when there is none.
fn kubectl_path() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("kubectl"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .find(|candidate| candidate.is_file());
    let Some(on_path) = on_path else {
        panic!(
            "kubectl is not on PATH; install kubectl (1.33, with its built-in kustomize) to run this test"
        );
    };
    std::fs::canonicalize(&on_path)
        .ok()
        .and_then(|real| real.parent().map(|dir| dir.join("kubectl.1.33")))
        .filter(|candidate| candidate.is_file())
        .unwrap_or(on_path)
}

fn kubectl(args: &[&str], dir: &Path) -> Vec<u8> {
    let out = Command::new(kubectl_path())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run kubectl ({e}); install kubectl (with its built-in kustomize) to run this test"));
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn every_merging_list_merges_like_kubectl_and_kustomize() {
    let (mut checked_lists, mut checked_kinds) = (0, 0);
    let mut failures = Vec::new();
    for &(group, version, kind, root, _) in KINDS {
        if !KINDS_CHECKED.contains(&(group, version)) {
            continue;
        }
        let api_version = if group.is_empty() {
            version.to_owned()
        } else {
            format!("{group}/{version}")
        };
        let (mut orig, mut patch) = (Map::new(), Map::new());
        let lists = fill(root, &mut orig, &mut patch, &mut Vec::new());
        if lists == 0 {
            continue;
        }
        checked_lists += lists;
        checked_kinds += 1;
        for doc in [&mut orig, &mut patch] {
            doc.insert("apiVersion".into(), json!(api_version));
            doc.insert("kind".into(), json!(kind));
            let meta = doc.entry("metadata").or_insert_with(|| json!({}));
            meta["name"] = json!("obj");
        }
        let (orig, patch) = (Value::Object(orig), Value::Object(patch));
        let schema = builtin_schema(&api_version, kind).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("orig.yaml"), orig.to_string()).unwrap();
        std::fs::write(dir.path().join("patch.yaml"), patch.to_string()).unwrap();
        std::fs::write(
            dir.path().join("kustomization.yaml"),
            "resources: [orig.yaml]\npatches:\n- path: patch.yaml\n",
        )
        .unwrap();

        // NB: kubectl's local scheme lacks apiextensions types, so it cannot
        // strategic-merge a CustomResourceDefinition; only kustomize is asked.
        if group != "apiextensions.k8s.io" {
            let theirs: Value = serde_json::from_slice(&kubectl(
                &[
                    "patch",
                    "--local",
                    "--type",
                    "strategic",
                    "-o",
                    "json",
                    "-f",
                    "orig.yaml",
                    "-p",
                    &patch.to_string(),
                ],
                dir.path(),
            ))
            .unwrap();
            let ours = strategic_merge_as(&orig, &patch, Some(&schema), Flavor::ApiServer).unwrap();
            std::fs::write(dir.path().join("ours.json"), ours.to_string()).unwrap();
            let ours: Value = serde_json::from_slice(&kubectl(
                &[
                    "patch",
                    "--local",
                    "--type",
                    "merge",
                    "-p",
                    "{}",
                    "-o",
                    "json",
                    "-f",
                    "ours.json",
                ],
                dir.path(),
            ))
            .unwrap();
            if ours != theirs {
                failures.push(format!(
                    "{api_version} {kind} (kubectl patch):\n  ours:    {ours}\n  kubectl: {theirs}"
                ));
            }
        }

        let yaml = String::from_utf8(kubectl(&["kustomize", "."], dir.path())).unwrap();
        let theirs: Value = serde_saphyr::from_str(&yaml).unwrap();
        let ours = strategic_merge_as(&orig, &patch, Some(&schema), Flavor::Kustomize).unwrap();
        if ours != theirs {
            failures.push(format!(
                "{api_version} {kind} (kustomize):\n  ours:      {ours}\n  kustomize: {theirs}"
            ));
        }
    }
    eprintln!("checked {checked_lists} merging lists in {checked_kinds} kinds");
    assert!(
        checked_lists > 100,
        "only {checked_lists} merging lists reached"
    );
    assert!(
        failures.is_empty(),
        "{} kind(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A small deterministic generator (LCG); no dependency needed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A random object of struct `ty` using only its non-scalar fields: nested
/// structs, string maps (with nulls in patches), scalar lists, and lists of
/// structs whose items carry distinct merge keys (some `$patch: delete` in
/// patches).
fn random_object(rng: &mut Rng, ty: u16, depth: u32, patch: bool) -> Map<String, Value> {
    let mut out = Map::new();
    if ty == NO_TYPE || depth > 4 {
        return out;
    }
    for field in TYPES[usize::from(ty)].fields {
        if rng.below(3) != 0 {
            continue;
        }
        let merges = field.strategy.split(',').any(|s| s == "merge");
        let value = match field.shape {
            Shape::Object if field.ty == NO_TYPE => continue,
            Shape::Object if patch && rng.below(6) == 0 => Value::Null,
            Shape::Object => Value::Object(random_object(rng, field.ty, depth + 1, patch)),
            Shape::Map if field.ty != NO_TYPE => continue,
            Shape::Map if patch => json!({"a": null, "c": format!("v{}", rng.below(3))}),
            Shape::Map => json!({"a": "1", "b": "2"}),
            Shape::List if field.ty == NO_TYPE => {
                let pool = ["x", "y", "z"];
                let items = (0..rng.below(3)).map(|_| json!(pool[rng.below(3) as usize]));
                Value::Array(items.collect())
            }
            Shape::List => {
                let mut items = Vec::new();
                let mut used = Vec::new();
                for _ in 0..rng.below(3) {
                    let mut item = random_object(rng, field.ty, depth + 1, patch);
                    if merges && !field.merge_key.is_empty() {
                        let which = rng.below(3);
                        if used.contains(&which) {
                            continue;
                        }
                        used.push(which);
                        item.insert(field.merge_key.into(), key_value(field.merge_key, which));
                        if patch && rng.below(5) == 0 {
                            item.insert("$patch".into(), json!("delete"));
                        }
                    }
                    items.push(Value::Object(item));
                }
                Value::Array(items)
            }
        };
        out.insert(field.name.into(), value);
    }
    out
}

#[test]
fn random_patches_of_common_kinds_match_kubectl_and_kustomize() {
    const KINDS_TRIED: &[&str] = &[
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "Pod",
        "Service",
        "Ingress",
        "NetworkPolicy",
        "ClusterRole",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "Lease",
    ];
    let mut rng = Rng(20_261_125);
    let (mut compared, mut failures) = (0, Vec::new());
    for &(group, version, kind, root, _) in KINDS {
        if !KINDS_TRIED.contains(&kind) || !KINDS_CHECKED.contains(&(group, version)) {
            continue;
        }
        let api_version = if group.is_empty() {
            version.to_owned()
        } else {
            format!("{group}/{version}")
        };
        let schema = builtin_schema(&api_version, kind).unwrap();
        for _ in 0..3 {
            let (mut orig, mut patch) = (
                random_object(&mut rng, root, 0, false),
                random_object(&mut rng, root, 0, true),
            );
            for doc in [&mut orig, &mut patch] {
                doc.insert("apiVersion".into(), json!(api_version));
                doc.insert("kind".into(), json!(kind));
                doc.insert("metadata".into(), json!({"name": "obj"}));
            }
            let (orig, patch) = (Value::Object(orig), Value::Object(patch));
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("orig.yaml"), orig.to_string()).unwrap();
            std::fs::write(dir.path().join("patch.yaml"), patch.to_string()).unwrap();
            std::fs::write(
                dir.path().join("kustomization.yaml"),
                "resources: [orig.yaml]\npatches:\n- path: patch.yaml\n",
            )
            .unwrap();

            let theirs: Value = serde_json::from_slice(&kubectl(
                &[
                    "patch",
                    "--local",
                    "--type",
                    "strategic",
                    "-o",
                    "json",
                    "-f",
                    "orig.yaml",
                    "-p",
                    &patch.to_string(),
                ],
                dir.path(),
            ))
            .unwrap();
            let ours = strategic_merge_as(&orig, &patch, Some(&schema), Flavor::ApiServer).unwrap();
            std::fs::write(dir.path().join("ours.json"), ours.to_string()).unwrap();
            let ours: Value = serde_json::from_slice(&kubectl(
                &[
                    "patch",
                    "--local",
                    "--type",
                    "merge",
                    "-p",
                    "{}",
                    "-o",
                    "json",
                    "-f",
                    "ours.json",
                ],
                dir.path(),
            ))
            .unwrap();
            compared += 1;
            if ours != theirs {
                failures.push(format!("{kind} (kubectl patch)\n  orig:    {orig}\n  patch:   {patch}\n  ours:    {ours}\n  kubectl: {theirs}"));
            }

            let yaml = String::from_utf8(kubectl(&["kustomize", "."], dir.path())).unwrap();
            let theirs: Value = serde_saphyr::from_str(&yaml).unwrap();
            let ours = strategic_merge_as(&orig, &patch, Some(&schema), Flavor::Kustomize).unwrap();
            compared += 1;
            if ours != theirs {
                failures.push(format!("{kind} (kustomize)\n  orig:      {orig}\n  patch:     {patch}\n  ours:      {ours}\n  kustomize: {theirs}"));
            }
        }
    }
    assert!(compared >= 60, "only {compared} comparisons");
    assert!(
        failures.is_empty(),
        "{} comparison(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
