//! Randomised differential test: seeded, reproducible strategic merge patches
//! on a Deployment's containers, env, ports and pull secrets (deletions,
//! additions, nulls, duplicates, `$setElementOrder`) are applied by this
//! crate and by `kubectl patch --local` / `kubectl kustomize`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

mod common;

use std::path::Path;

use ballast_patch::{Flavor, builtin_schema, strategic_merge_as};
use serde_json::{Map, Value, json};

const PATCHES_PER_FLAVOR: usize = 40;

/// A small deterministic generator (PCG-style LCG); no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A patch list naming up to three entries of `names` by `key`: each is
/// deleted, has `field` nulled, or set. Returns the list and, when asked, a
/// `$setElementOrder` list consistent with it.
fn list_patch(
    rng: &mut Rng,
    key: &str,
    names: &[Value],
    field: &str,
    ordered: bool,
) -> (Value, Option<Value>) {
    let mut items = Vec::new();
    let mut kept = Vec::new();
    for _ in 0..rng.below(4) {
        let name = rng.pick(names).clone();
        let mut item = json!({ key: name.clone() });
        match rng.below(5) {
            0 => item["$patch"] = json!("delete"),
            1 => item[field] = Value::Null,
            _ => {
                item[field] = json!(format!("v{}", rng.below(9)));
                kept.push(json!({ key: name }));
            }
        }
        items.push(item);
    }
    let order = (ordered && rng.below(2) == 0).then(|| {
        // Named entries in patch order, with other known names in between.
        let mut order = Vec::new();
        for name in names {
            let entry = json!({ key: name.clone() });
            if !kept.contains(&entry) && rng.below(2) == 0 {
                order.push(entry);
            }
        }
        for entry in &kept {
            if !order.contains(entry) {
                let at = rng.below(order.len() as u64 + 1) as usize;
                order.insert(at, entry.clone());
            }
        }
        // Re-impose the patch's relative order on the named entries.
        let slots: Vec<usize> = (0..order.len())
            .filter(|i| kept.contains(&order[*i]))
            .collect();
        let mut named = kept.clone();
        named.dedup();
        for (slot, entry) in slots.into_iter().zip(named) {
            order[slot] = entry;
        }
        Value::Array(order)
    });
    (Value::Array(items), order)
}

fn random_patch(rng: &mut Rng, ordered: bool) -> Value {
    let strings = |names: &[&str]| names.iter().map(|n| json!(n)).collect::<Vec<_>>();
    let mut spec = Map::new();
    if rng.below(2) == 0 {
        let (list, order) = list_patch(
            rng,
            "name",
            &strings(&["a", "b", "c", "d", "e"]),
            "image",
            ordered,
        );
        spec.insert("containers".into(), list);
        if let Some(order) = order {
            spec.insert("$setElementOrder/containers".into(), order);
        }
    }
    let mut container = Map::new();
    if rng.below(2) == 0 {
        let (list, order) = list_patch(rng, "name", &strings(&["A", "B", "C"]), "value", ordered);
        container.insert("env".into(), list);
        if let Some(order) = order {
            container.insert("$setElementOrder/env".into(), order);
        }
    }
    if rng.below(3) == 0 {
        let ports = [json!(80), json!(443), json!(8080)];
        container.insert(
            "ports".into(),
            list_patch(rng, "containerPort", &ports, "name", false).0,
        );
    }
    if !container.is_empty() {
        container.insert("name".into(), json!("a"));
        let list = spec.entry("containers").or_insert_with(|| json!([]));
        if let Value::Array(items) = list {
            items.push(Value::Object(container));
        }
    }
    if rng.below(3) == 0 {
        let (list, _) = list_patch(
            rng,
            "name",
            &strings(&["regcred", "other"]),
            "unused",
            false,
        );
        let list: Vec<Value> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                let mut item = item.clone();
                item.as_object_mut().unwrap().remove("unused");
                item
            })
            .collect();
        spec.insert("imagePullSecrets".into(), Value::Array(list));
    }
    json!({"spec": {"template": {"spec": spec}}})
}

fn kubectl(args: &[&str], dir: &Path) -> Result<Vec<u8>, String> {
    let out = common::kubectl()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run kubectl ({e}); install kubectl (with its built-in kustomize) to run this test"));
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn contains_directive(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.starts_with('$') || contains_directive(v)),
        Value::Array(items) => items.iter().any(contains_directive),
        _ => false,
    }
}

#[test]
fn random_patches_match_kubectl_patch() {
    let schema = builtin_schema("apps/v1", "Deployment").unwrap();
    let original = common::deployment();
    let mut rng = Rng(20_261_125);
    let (mut compared, mut failures) = (0, Vec::new());
    for i in 0..PATCHES_PER_FLAVOR {
        let patch = random_patch(&mut rng, true);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("original.json"), original.to_string()).unwrap();
        let theirs = kubectl(
            &[
                "patch",
                "--local",
                "--type",
                "strategic",
                "-o",
                "json",
                "-f",
                "original.json",
                "-p",
                &patch.to_string(),
            ],
            dir.path(),
        )
        .map(|out| serde_json::from_slice::<Value>(&out).unwrap());
        let ours = strategic_merge_as(&original, &patch, Some(&schema), Flavor::ApiServer);
        match (ours, theirs) {
            // NB: apimachinery copies new list items verbatim, directives
            // included (an item deleted and re-added in one patch); we strip
            // them. Such outputs are not comparable.
            (_, Ok(theirs)) if contains_directive(&theirs) => {}
            (Ok(ours), Ok(theirs)) => {
                compared += 1;
                // kubectl prints through its own encoder; do the same to ours.
                std::fs::write(dir.path().join("ours.json"), ours.to_string()).unwrap();
                let ours = kubectl(
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
                )
                .map(|out| serde_json::from_slice::<Value>(&out).unwrap())
                .unwrap();
                if ours != theirs {
                    failures.push(format!(
                        "#{i} {patch}\n  ours:    {ours}\n  kubectl: {theirs}"
                    ));
                }
            }
            (Err(_), Err(_)) => compared += 1,
            (ours, theirs) => failures.push(format!(
                "#{i} {patch}\n  ours:    {ours:?}\n  kubectl: {theirs:?}"
            )),
        }
    }
    assert!(
        compared >= PATCHES_PER_FLAVOR * 3 / 4,
        "only {compared} patches compared"
    );
    assert!(
        failures.is_empty(),
        "{} patch(es) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn random_patches_match_kubectl_kustomize() {
    let schema = builtin_schema("apps/v1", "Deployment").unwrap();
    let original = common::deployment();
    let mut rng = Rng(7);
    let mut failures = Vec::new();
    for i in 0..PATCHES_PER_FLAVOR {
        // kustomize keeps $setElementOrder as a field; our flavor must too.
        let patch = random_patch(&mut rng, true);
        let dir = tempfile::tempdir().unwrap();
        let mut target = patch.clone();
        target["apiVersion"] = json!("apps/v1");
        target["kind"] = json!("Deployment");
        target["metadata"] = json!({"name": "web"});
        std::fs::write(dir.path().join("original.yaml"), original.to_string()).unwrap();
        std::fs::write(dir.path().join("patch.yaml"), target.to_string()).unwrap();
        std::fs::write(
            dir.path().join("kustomization.yaml"),
            "resources: [original.yaml]\npatches:\n- path: patch.yaml\n",
        )
        .unwrap();
        let theirs = kubectl(&["kustomize", "."], dir.path())
            .map(|out| serde_saphyr::from_str::<Value>(&String::from_utf8(out).unwrap()).unwrap());
        let ours = strategic_merge_as(&original, &patch, Some(&schema), Flavor::Kustomize);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) if ours == theirs => {}
            (Err(_), Err(_)) => {}
            (ours, theirs) => failures.push(format!(
                "#{i} {patch}\n  ours:      {ours:?}\n  kustomize: {theirs:?}"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} patch(es) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
