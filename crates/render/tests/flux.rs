//! The Flux overlay API: overlay fields must render what kustomize renders
//! for the same fields written into the kustomization (checked against
//! `kubectl kustomize`), then substitution and commonMetadata apply, and
//! nothing may escape the source root.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ballast_render::{FluxOverlay, parse_yaml, render_flux};
use serde_json::json;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas:=2}
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.25
        env:
        - name: GREETING
          value: hello ${who}
        - name: LITERAL
          value: $${who}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: untouched
  annotations:
    kustomize.toolkit.fluxcd.io/substitute: disabled
data:
  raw: ${who}
";

fn source() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "apps/base/deploy.yaml", DEPLOY);
    write(
        dir.path(),
        "apps/base/kustomization.yaml",
        "resources:\n- deploy.yaml\nimages:\n- name: nginx\n  newTag: \"1.26\"\n",
    );
    write(
        dir.path(),
        "apps/components/extra/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  extra: \"yes\"\n",
    );
    dir
}

fn overlay() -> FluxOverlay {
    serde_json::from_value(json!({
        "targetNamespace": "apps",
        "namePrefix": "flux-",
        "patches": [{"patch": "- op: add\n  path: /metadata/labels\n  value: {patched: \"true\"}\n",
                     "target": {"kind": "Deployment"}}],
        "images": [{"name": "nginx", "newTag": "1.27"}],
        "components": ["../components/extra"],
    }))
    .unwrap()
}

#[test]
fn overlay_fields_render_like_kustomize_with_the_same_fields() {
    let src = source();
    let ours = render_flux(src.path(), Path::new("apps/base"), &overlay()).unwrap();

    // The same fields written into the kustomization, rendered by kubectl.
    write(
        src.path(),
        "apps/base/kustomization.yaml",
        "resources:\n- deploy.yaml\nnamespace: apps\nnamePrefix: flux-\nimages:\n- name: nginx\n  newTag: \"1.27\"\ncomponents:\n- ../components/extra\npatches:\n- target:\n    kind: Deployment\n  patch: |\n    - op: add\n      path: /metadata/labels\n      value: {patched: \"true\"}\n",
    );
    let kubectl = std::env::var("KUBECTL").unwrap_or_else(|_| "kubectl".into());
    let out = Command::new(&kubectl)
        .arg("kustomize")
        .arg(src.path().join("apps/base"))
        .output()
        .unwrap_or_else(|e| panic!("run {kubectl}: {e}; install kubectl (kustomize v5.5 inside)"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = parse_yaml(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(ours, theirs);
}

#[test]
fn post_build_substitution_and_common_metadata_apply_after_the_build() {
    let src = source();
    let mut o = overlay();
    o.post_build = Some(ballast_render::PostBuild {
        substitute: BTreeMap::from([("who".to_string(), "world".to_string())]),
        strict: false,
    });
    o.common_metadata = Some(ballast_render::CommonMetadata {
        labels: BTreeMap::from([("owner".to_string(), "team".to_string())]),
        annotations: BTreeMap::new(),
    });
    let objs = render_flux(src.path(), Path::new("apps/base"), &o).unwrap();
    let deploy = objs.iter().find(|o| o["kind"] == "Deployment").unwrap();
    assert_eq!(deploy["spec"]["replicas"], 2);
    let env = &deploy["spec"]["template"]["spec"]["containers"][0]["env"];
    assert_eq!(env[0]["value"], "hello world");
    assert_eq!(env[1]["value"], "${who}");
    assert_eq!(deploy["metadata"]["labels"]["owner"], "team");
    let cm = objs.iter().find(|o| o["kind"] == "ConfigMap").unwrap();
    assert_eq!(cm["data"]["raw"], "${who}");
    assert_eq!(cm["metadata"]["labels"]["owner"], "team");

    // Strict mode: an unset variable without default fails, naming it.
    let mut strict = o.clone();
    strict.post_build = Some(ballast_render::PostBuild {
        substitute: BTreeMap::from([("other".to_string(), "x".to_string())]),
        strict: true,
    });
    let err = render_flux(src.path(), Path::new("apps/base"), &strict).unwrap_err();
    assert!(err.to_string().contains("who"), "{err}");
}

#[test]
fn nothing_escapes_the_source_root() {
    let outer = tempfile::tempdir().unwrap();
    write(
        outer.path(),
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n",
    );
    write(
        outer.path(),
        "src/app/kustomization.yaml",
        "resources:\n- ../../secret.yaml\n",
    );
    let err = render_flux(
        &outer.path().join("src"),
        Path::new("app"),
        &FluxOverlay::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("secret.yaml"), "{err}");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outer.path().join("secret.yaml"),
            outer.path().join("src/app/link.yaml"),
        )
        .unwrap();
        write(
            outer.path(),
            "src/app/kustomization.yaml",
            "resources:\n- link.yaml\n",
        );
        let err = render_flux(
            &outer.path().join("src"),
            Path::new("app"),
            &FluxOverlay::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("link.yaml"), "{err}");
    }

    let remote: FluxOverlay =
        serde_json::from_value(json!({"components": ["https://example.com/c"]})).unwrap();
    assert!(render_flux(&outer.path().join("src"), Path::new("app"), &remote).is_err());
}

#[test]
fn a_directory_without_kustomization_lists_its_yaml_files() {
    let src = tempfile::tempdir().unwrap();
    write(
        src.path(),
        "plain/b.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
    );
    write(
        src.path(),
        "plain/a/one.yml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n",
    );
    write(src.path(), "plain/notes.txt", "not yaml\n");
    write(
        src.path(),
        "plain/sub/kustomization.yaml",
        "namePrefix: sub-\nresources:\n- cm.yaml\n",
    );
    write(
        src.path(),
        "plain/sub/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    );
    let objs = render_flux(src.path(), Path::new("plain"), &FluxOverlay::default()).unwrap();
    let names: Vec<&str> = objs
        .iter()
        .map(|o| o["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["b", "one", "sub-c"]);

    write(src.path(), "plain/bad.yaml", "kind: [\n");
    assert!(render_flux(src.path(), Path::new("plain"), &FluxOverlay::default()).is_err());
}
