//! Flux compatibility corpus: every manifest under `tests/compat/flux` must
//! deserialize into its typed struct and serialize back to the same JSON,
//! so Ballast neither drops nor invents fields a Flux user wrote.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ballast_api::{
    Alert, GitRepository, ImagePolicy, ImageRepository, ImageUpdateAutomation, Kustomization,
    Provider, Receiver,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every (apiVersion, kind) the corpus must cover.
const KINDS: &[(&str, &str)] = &[
    ("source.toolkit.fluxcd.io/v1", "GitRepository"),
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"),
    ("image.toolkit.fluxcd.io/v1", "ImageRepository"),
    ("image.toolkit.fluxcd.io/v1", "ImagePolicy"),
    ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation"),
    ("notification.toolkit.fluxcd.io/v1", "Receiver"),
    ("notification.toolkit.fluxcd.io/v1beta3", "Alert"),
    ("notification.toolkit.fluxcd.io/v1beta3", "Provider"),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/compat/flux")
}

fn corpus() -> Vec<(PathBuf, Value)> {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read corpus dir {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Value = serde_saphyr::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()));
            (path, value)
        })
        .collect()
}

/// Deserialize `value` as `T` and serialize it back.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("deserialize: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("serialize: {e}"))
}

fn round_trip_by_kind(value: &Value) -> Result<Value, String> {
    let api_version = value["apiVersion"].as_str().unwrap_or_default();
    let kind = value["kind"].as_str().unwrap_or_default();
    match (api_version, kind) {
        ("source.toolkit.fluxcd.io/v1", "GitRepository") => round_trip::<GitRepository>(value),
        ("kustomize.toolkit.fluxcd.io/v1", "Kustomization") => round_trip::<Kustomization>(value),
        ("image.toolkit.fluxcd.io/v1", "ImageRepository") => round_trip::<ImageRepository>(value),
        ("image.toolkit.fluxcd.io/v1", "ImagePolicy") => round_trip::<ImagePolicy>(value),
        ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation") => {
            round_trip::<ImageUpdateAutomation>(value)
        }
        ("notification.toolkit.fluxcd.io/v1", "Receiver") => round_trip::<Receiver>(value),
        ("notification.toolkit.fluxcd.io/v1beta3", "Alert") => round_trip::<Alert>(value),
        ("notification.toolkit.fluxcd.io/v1beta3", "Provider") => round_trip::<Provider>(value),
        other => Err(format!("no Ballast type for {other:?}")),
    }
}

/// Paths at which `want` and `got` differ, e.g. `.spec.ref.tag: "v1" != absent`.
fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let keys: BTreeSet<&String> = w.keys().chain(g.keys()).collect();
            for key in keys {
                let sub = format!("{path}.{key}");
                match (w.get(key), g.get(key)) {
                    (Some(a), Some(b)) => diff(&sub, a, b, out),
                    (Some(a), None) => out.push(format!("{sub}: {a} dropped")),
                    (None, Some(b)) => out.push(format!("{sub}: {b} added")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (a, b)) in w.iter().zip(g).enumerate() {
                diff(&format!("{path}[{i}]"), a, b, out);
            }
        }
        (a, b) if a != b => out.push(format!("{path}: {a} became {b}")),
        _ => {}
    }
}

#[test]
fn every_corpus_manifest_round_trips_exactly() {
    let mut failures = Vec::new();
    for (path, value) in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match round_trip_by_kind(&value) {
            Ok(back) => {
                let mut diffs = Vec::new();
                diff("", &value, &back, &mut diffs);
                if !diffs.is_empty() {
                    failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "round-trip failures:\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn corpus_covers_every_kind_with_at_least_thirty_manifests() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 30,
        "corpus has only {} manifests",
        corpus.len()
    );
    let seen: BTreeSet<(String, String)> = corpus
        .iter()
        .map(|(_, v)| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (s("apiVersion"), s("kind"))
        })
        .collect();
    for (api_version, kind) in KINDS {
        assert!(
            seen.contains(&(api_version.to_string(), kind.to_string())),
            "no corpus manifest of {api_version} {kind}"
        );
    }
}

#[test]
fn round_trip_detects_changed_and_dropped_fields() {
    // Guards the comparison itself: a value the types cannot hold must show up.
    let value: Value = serde_saphyr::from_str(
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: x}\n\
         spec: {interval: 1m, url: 'https://e.x/r', notAField: 1}\n",
    )
    .unwrap();
    let back = round_trip_by_kind(&value).unwrap();
    let mut diffs = Vec::new();
    diff("", &value, &back, &mut diffs);
    assert_eq!(diffs, vec![".spec.notAField: 1 dropped".to_owned()]);

    let unknown: Value = serde_json::json!({"apiVersion": "v1", "kind": "Pod"});
    assert!(round_trip_by_kind(&unknown).is_err());
}

#[test]
fn typed_fields_hold_what_the_manifests_say() {
    // Spot checks that fields land in the right typed places, not only that they survive.
    let by_name = |file: &str| -> Value {
        let text = std::fs::read_to_string(corpus_dir().join(file)).unwrap();
        serde_saphyr::from_str(&text).unwrap()
    };
    let ks: Kustomization =
        serde_json::from_value(by_name("kustomization-depends-on.yaml")).unwrap();
    let deps = ks.spec.depends_on.as_deref().unwrap();
    assert_eq!(deps[1].to_string(), "platform/infra-configs");
    assert_eq!(ks.spec.retry_interval().unwrap().as_secs(), 60);
    assert_eq!(ks.spec.timeout().unwrap().as_secs(), 570);

    let repo: GitRepository =
        serde_json::from_value(by_name("gitrepository-with-status.yaml")).unwrap();
    assert!(ballast_api::meta::is_true(
        repo.conditions(),
        ballast_api::meta::conditions::READY
    ));
    assert_eq!(repo.artifact().unwrap().size, Some(123456));
    assert_eq!(repo.spec.timeout().unwrap().as_secs(), 60);

    let verify: GitRepository =
        serde_json::from_value(by_name("gitrepository-verify.yaml")).unwrap();
    let v = verify.spec.verification.unwrap();
    assert!(v.verify_head() && v.verify_tag());

    let iua: ImageUpdateAutomation =
        serde_json::from_value(by_name("imageupdateautomation-refspec-signing.yaml")).unwrap();
    assert!(iua.spec.git_spec.as_ref().unwrap().has_refspec());
}
