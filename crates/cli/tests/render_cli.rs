//! `ballast render` as a process: exit codes, stdout/stderr discipline and
//! output formats.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn ballast() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ballast"))
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn renders_yaml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kustomization.yaml",
        "namePrefix: p-\nresources:\n- cm.yaml\n",
    );
    write(
        dir.path(),
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n",
    );
    let out = ballast().arg("render").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  name: p-c\n"
    );

    let out = ballast()
        .args(["render", "--output", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["metadata"]["name"], "p-c");
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn errors_print_one_line_naming_the_file_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kustomization.yaml", "resources:\n- bad.yaml\n");
    write(
        dir.path(),
        "bad.yaml",
        "kind: ConfigMap\nmetadata:\n  name: [\n",
    );
    let out = ballast().arg("render").arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.yaml:"), "{err}");
}

#[test]
fn load_restrictor_flag_allows_files_outside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("app")).unwrap();
    write(
        &dir.path().join("app"),
        "kustomization.yaml",
        "resources:\n- ../cm.yaml\n",
    );
    write(
        dir.path(),
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    );
    let app = dir.path().join("app");
    let denied = ballast().arg("render").arg(&app).output().unwrap();
    assert!(!denied.status.success());
    assert!(String::from_utf8_lossy(&denied.stderr).contains("cm.yaml"));
    let allowed = ballast()
        .args(["render", "--load-restrictor", "LoadRestrictionsNone"])
        .arg(&app)
        .output()
        .unwrap();
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let bad_flag = ballast()
        .args(["render", "--load-restrictor", "sometimes"])
        .arg(&app)
        .output()
        .unwrap();
    assert!(!bad_flag.status.success());
}

#[test]
fn a_patch_whose_target_matches_nothing_renders_like_kubectl_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kustomization.yaml",
        "resources:\n- cm.yaml\npatches:\n- target:\n    kind: ConfigMap\n    name: typo\n  patch: |-\n    - op: add\n      path: /data/x\n      value: y\n- target:\n    kind: ConfigMap\n    name: c\n  patch: |-\n    - op: add\n      path: /data/z\n      value: w\n",
    );
    write(
        dir.path(),
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n",
    );
    let out = ballast().arg("render").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The output is kubectl's (the unmatched patch is skipped) ...
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "apiVersion: v1\ndata:\n  k: v\n  z: w\nkind: ConfigMap\nmetadata:\n  name: c\n"
    );
    // ... and exactly the unmatched one is named on stderr.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("matches no object").count(), 1, "{stderr}");
    assert!(stderr.contains("kustomization.yaml"), "{stderr}");
}
