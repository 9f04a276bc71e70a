//! Differential test: every case under `tests/render/cases/*` (repository
//! root) is rendered by ballast-render and by `kubectl kustomize`; the parsed
//! documents must be equal and in the same order. Textual differences are
//! reported separately. A case holding a file `expect-error` must make both
//! fail. A file `build-dir` names the directory to build (default: the case
//! directory); a file `load-restrictor` holds the restrictor to use.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use ballast_render::{LoadRestrictor, Options};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/render/cases")
}

fn kubectl() -> String {
    let kubectl = std::env::var("KUBECTL").unwrap_or_else(|_| "kubectl".into());
    let ok = Command::new(&kubectl)
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "`{kubectl} version --client` failed: install kubectl (with its built-in kustomize v5.5), \
         e.g. from https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl, or set KUBECTL"
    );
    kubectl
}

struct Outcome {
    name: String,
    problem: Option<String>,
    textual: Option<String>,
}

fn read_opt(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file))
        .ok()
        .map(|s| s.trim().to_string())
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  ballast: {x:?}\n  kubectl: {y:?}", i + 1);
        }
    }
    format!(
        "lengths differ: ballast {} lines, kubectl {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

fn run_case(kubectl: &str, case: &Path) -> Outcome {
    let name = case.file_name().unwrap().to_string_lossy().to_string();
    let build_dir = case.join(read_opt(case, "build-dir").unwrap_or_else(|| ".".into()));
    let restrictor = read_opt(case, "load-restrictor");
    let expect_error = case.join("expect-error").exists();

    let mut cmd = Command::new(kubectl);
    cmd.arg("kustomize").arg(&build_dir);
    if let Some(r) = &restrictor {
        cmd.arg("--load-restrictor").arg(r);
    }
    let theirs = cmd.output().expect("run kubectl kustomize");
    let options = Options {
        load_restrictor: restrictor
            .as_deref()
            .map(|r| r.parse::<LoadRestrictor>().unwrap())
            .unwrap_or_default(),
        ..Options::default()
    };
    let ours = ballast_render::render(&build_dir, &options);

    let mut out = Outcome {
        name,
        problem: None,
        textual: None,
    };
    let their_text = String::from_utf8_lossy(&theirs.stdout).to_string();
    let their_err = String::from_utf8_lossy(&theirs.stderr).to_string();
    match (expect_error, theirs.status.success(), ours) {
        (true, false, Err(_)) => {}
        (true, true, _) => {
            out.problem = Some("case expects an error but kubectl kustomize succeeded".into())
        }
        (true, false, Ok(_)) => {
            out.problem = Some(format!(
                "kubectl failed ({}) but ballast rendered",
                their_err.trim()
            ))
        }
        (false, false, _) => {
            out.problem = Some(format!("kubectl kustomize failed: {}", their_err.trim()))
        }
        (false, true, Err(e)) => out.problem = Some(format!("ballast failed: {e}")),
        (false, true, Ok(docs)) => {
            let expected = ballast_render::parse_yaml(&their_text).expect("parse kubectl output");
            if docs != expected {
                let ours_text = ballast_render::to_yaml(&docs);
                out.problem = Some(format!(
                    "documents differ ({} vs {} objects); first textual difference at {}",
                    docs.len(),
                    expected.len(),
                    first_difference(&ours_text, &their_text)
                ));
            } else {
                let ours_text = ballast_render::to_yaml(&docs);
                if ours_text != their_text {
                    out.textual = Some(first_difference(&ours_text, &their_text));
                }
            }
        }
    }
    out
}

#[test]
fn every_case_renders_like_kubectl_kustomize() {
    let kubectl = kubectl();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/render/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases found");
    let outcomes: Vec<Outcome> = cases.iter().map(|c| run_case(&kubectl, c)).collect();
    let failing: Vec<&Outcome> = outcomes.iter().filter(|o| o.problem.is_some()).collect();
    let textual: Vec<&Outcome> = outcomes.iter().filter(|o| o.textual.is_some()).collect();
    eprintln!(
        "{} cases: {} equal to kubectl kustomize, {} failing; {} with textual differences only",
        outcomes.len(),
        outcomes.len() - failing.len(),
        failing.len(),
        textual.len()
    );
    for o in &textual {
        eprintln!(
            "textual difference in {}: {}",
            o.name,
            o.textual.as_deref().unwrap_or("")
        );
    }
    let report: Vec<String> = failing
        .iter()
        .map(|o| format!("{}: {}", o.name, o.problem.as_deref().unwrap_or("")))
        .collect();
    assert!(report.is_empty(), "failing cases:\n{}", report.join("\n\n"));
}
