//! `ballast get`, `reconcile`, `suspend` and `resume`, the real binary
//! against devcluster with the real source-controller and
//! kustomize-controller reconciling a Git repository served over HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use ballast_api::meta::ConditionStatus;
use ballast_api::{Alert, GitRepository, ImagePolicy, ImageRepository, Kustomization, Receiver};
use common::{Env, NS, configmap, ready, row, table};
use k8s_openapi::api::core::v1::ConfigMap;
use serde_json::json;

fn short(commit: &str) -> &str {
    &commit[..8]
}

fn greeting(env: &Env) -> String {
    let cm: ConfigMap = env.get("default", "greeting");
    cm.data.unwrap()["value"].clone()
}

#[test]
fn get_reconcile_suspend_and_resume() {
    let env = Env::start();
    let first = env.work.git(&["rev-parse", "HEAD"]).unwrap();

    // Tables like `flux get`, in the default namespace flux-system.
    let run = env.ballast(&["get", "sources", "git"]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    assert_eq!(
        rows[0],
        ["NAME", "REVISION", "SUSPENDED", "READY", "MESSAGE"],
        "{run:?}"
    );
    assert_eq!(rows.len(), 2, "only flux-system's source: {run:?}");
    let revision = format!("main@sha1:{}", short(&first));
    assert_eq!(
        row(&rows, 0, "app"),
        [
            "app",
            revision.as_str(),
            "False",
            "True",
            &format!("stored artifact for revision '{revision}'")
        ]
    );

    let run = env.ballast(&["get", "ks"]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    let app = row(&rows, 0, "app");
    assert_eq!(app[1..4], [revision.as_str(), "False", "True"], "{run:?}");
    assert!(app[4].contains(&revision), "{run:?}");
    assert_eq!(row(&rows, 0, "broken")[3], "False", "{run:?}");

    // All namespaces: a NAMESPACE column first.
    let run = env.ballast(&["get", "sources", "git", "-A"]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    assert_eq!(rows[0][..2], ["NAMESPACE", "NAME"], "{run:?}");
    assert_eq!(row(&rows, 1, "other")[0], "apps", "{run:?}");
    assert_eq!(row(&rows, 1, "app")[0], NS, "{run:?}");

    // Another context of the kubeconfig, and its namespace when asked.
    let config = std::fs::read_to_string(&env.kubeconfig).unwrap().replace(
        "contexts:\n",
        "contexts:\n- name: apps\n  context:\n    cluster: devcluster\n    user: devcluster\n    namespace: apps\n",
    );
    let two_contexts = env.kubeconfig.with_file_name("two-contexts");
    std::fs::write(&two_contexts, config).unwrap();
    let two_contexts = two_contexts.to_str().unwrap();
    let run = common::ballast(&[
        "get",
        "sources",
        "git",
        "--kubeconfig",
        two_contexts,
        "--context",
        "apps",
        "--ns-follows-kube-context",
    ]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    assert_eq!(rows.len(), 2, "{run:?}");
    assert_eq!(rows[1][0], "other", "{run:?}");
    let run = common::ballast(&[
        "get",
        "all",
        "--kubeconfig",
        two_contexts,
        "--context",
        "nowhere",
    ]);
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "✗ --context nowhere: the kubeconfig {two_contexts} has no such context (it has: apps, devcluster)"
        )),
        "{run:?}"
    );

    // `get all`: kind/name rows, one table per kind present.
    let run = env.ballast(&["get", "all"]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    assert_eq!(row(&rows, 0, "gitrepository/app")[1], revision, "{run:?}");
    assert_eq!(row(&rows, 0, "kustomization/app")[1], revision, "{run:?}");
    assert!(!run.stdout.contains("receiver/"), "{run:?}");
    let run = env.ballast(&["get", "sources", "all"]);
    assert!(run.ok, "{run:?}");
    assert_eq!(
        row(&table(&run.stdout), 0, "gitrepository/app")[1],
        revision
    );

    // Objects as JSON (one, by name) and YAML (a List).
    let run = env.ballast(&["get", "kustomizations", "app", "-o", "json"]);
    assert!(run.ok, "{run:?}");
    let ks: Kustomization = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        ks.status.unwrap().last_applied_revision.as_deref(),
        Some(format!("main@sha1:{first}").as_str())
    );
    let run = env.ballast(&["get", "sources", "git", "-A", "-o", "yaml"]);
    assert!(run.ok, "{run:?}");
    assert!(run.stdout.contains("kind: List"), "{run:?}");
    assert!(run.stdout.contains("name: other"), "{run:?}");

    // A new commit: `reconcile source git` fetches it and reports it, then
    // `reconcile kustomization` applies it.
    env.work.write("deploy/cm.yaml", configmap("two")).unwrap();
    let second = env.push("second");
    let run = env.ballast(&["reconcile", "source", "git", "app"]);
    assert!(run.ok, "{run:?}");
    for line in [
        "► annotating GitRepository app in flux-system namespace",
        "✔ GitRepository annotated",
        "◎ waiting for GitRepository reconciliation",
        &format!("✔ fetched revision main@sha1:{second}"),
    ] {
        assert!(run.stderr.contains(line), "{line:?} missing: {run:?}");
    }
    let run = env.ballast(&["reconcile", "kustomization", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("✔ applied revision main@sha1:{second}")),
        "{run:?}"
    );
    assert_eq!(greeting(&env), "two");
    // As kubectl sees it: the request, handled.
    let seen = env.kubectl(&[
        "get", "kustomization", "app", "-n", NS, "-o",
        "jsonpath={.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt} {.status.lastHandledReconcileAt}",
    ]);
    let (requested, handled) = seen.split_once(' ').unwrap();
    assert_eq!(requested, handled);
    assert!(
        requested.parse::<jiff::Timestamp>().is_ok() && requested.ends_with('Z'),
        "{requested}"
    );

    // --with-source: the next commit fetched and applied in one command.
    env.work
        .write("deploy/cm.yaml", configmap("three"))
        .unwrap();
    let third = env.push("third");
    let start = std::time::Instant::now();
    let run = env.ballast(&["reconcile", "ks", "app", "--with-source", "--timeout", "2m"]);
    eprintln!(
        "reconcile --with-source, push to applied: {:?}",
        start.elapsed()
    );
    assert!(run.ok, "{run:?}");
    let fetched = run
        .stderr
        .find(&format!("✔ fetched revision main@sha1:{third}"));
    let applied = run
        .stderr
        .find(&format!("✔ applied revision main@sha1:{third}"));
    assert!(fetched.is_some() && fetched < applied, "{run:?}");
    assert_eq!(greeting(&env), "three");

    // --with-source follows a source in another namespace.
    let run = env.ballast(&["reconcile", "ks", "cross", "-n", "apps", "--with-source"]);
    assert!(run.ok, "{run:?}");
    for line in [
        "► annotating GitRepository app in flux-system namespace",
        "► annotating Kustomization cross in apps namespace",
        &format!("✔ applied revision main@sha1:{third}"),
    ] {
        assert!(run.stderr.contains(line), "{line:?} missing: {run:?}");
    }

    // Suspend: spec.suspend set, shown in the table, reconcile refused.
    let run = env.ballast(&["suspend", "kustomization", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("► suspending kustomization app in flux-system namespace"),
        "{run:?}"
    );
    assert!(run.stderr.contains("✔ kustomization suspended"), "{run:?}");
    let ks: Kustomization = env.get(NS, "app");
    assert_eq!(ks.spec.suspend, Some(true));
    let run = env.ballast(&["get", "ks", "app"]);
    assert_eq!(row(&table(&run.stdout), 0, "app")[2], "True", "{run:?}");
    let run = env.ballast(&["reconcile", "ks", "app"]);
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("✗ Kustomization 'flux-system/app' is suspended"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("annotating"), "{run:?}");

    // While suspended, a new commit is fetched but not applied.
    env.work.write("deploy/cm.yaml", configmap("four")).unwrap();
    let fourth = env.push("fourth");
    let run = env.ballast(&["reconcile", "source", "git", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(run.stderr.contains(&fourth), "{run:?}");
    assert_eq!(greeting(&env), "three");

    // Resume: unsuspended, reconciled at once, the outcome reported.
    let run = env.ballast(&["resume", "kustomization", "app"]);
    assert!(run.ok, "{run:?}");
    for line in [
        "► resuming kustomization app in flux-system namespace",
        "✔ kustomization resumed",
        "◎ waiting for Kustomization reconciliation",
        "✔ Kustomization app reconciliation completed",
        &format!("✔ applied revision main@sha1:{fourth}"),
    ] {
        assert!(run.stderr.contains(line), "{line:?} missing: {run:?}");
    }
    let ks: Kustomization = env.get(NS, "app");
    assert_eq!(ks.spec.suspend, Some(false));
    assert_eq!(greeting(&env), "four");

    // --all in another namespace, with -n.
    let run = env.ballast(&["suspend", "source", "git", "--all", "-n", "apps"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("► suspending source git other in apps namespace"),
        "{run:?}"
    );
    let other: GitRepository = env.get("apps", "other");
    assert_eq!(other.spec.suspend, Some(true));
    let run = env.ballast(&["resume", "source", "git", "--all", "-n", "apps"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("✔ fetched revision main@sha1:{fourth}")),
        "{run:?}"
    );

    // Alerts have no status: Ready as flux shows them, nothing to wait for.
    env.create::<Alert>(json!({
        "apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
        "metadata": {"name": "on-call", "namespace": NS},
        "spec": {"providerRef": {"name": "slack"},
                 "eventSources": [{"kind": "Kustomization", "name": "*"}]}
    }));
    let run = env.ballast(&["get", "alerts"]);
    assert!(run.ok, "{run:?}");
    assert_eq!(
        row(&table(&run.stdout), 0, "on-call"),
        ["on-call", "False", "True", "Alert is Ready"],
        "{run:?}"
    );
    let run = env.ballast(&["reconcile", "alert", "on-call"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("✔ reconciliation not supported by the object"),
        "{run:?}"
    );
    let run = env.ballast(&["suspend", "alert", "on-call"]);
    assert!(run.ok, "{run:?}");
    let run = env.ballast(&["get", "alerts", "on-call"]);
    assert_eq!(row(&table(&run.stdout), 0, "on-call")[1], "True", "{run:?}");
    let run = env.ballast(&["resume", "alert", "on-call", "--timeout", "1s"]);
    assert!(run.ok, "{run:?}");
    assert!(!run.stderr.contains("waiting"), "{run:?}");
    let alert: Alert = env.get(NS, "on-call");
    assert_eq!(alert.spec.suspend, Some(false));
}

#[test]
fn failures_name_the_object_and_the_cause() {
    let env = Env::start();
    env.wait_ks("broken", "failed", |ks| {
        ready(ks) == Some(ConditionStatus::False)
    });

    // A broken Kustomization: non-zero exit and the controller's message.
    let run = env.ballast(&["reconcile", "kustomization", "broken"]);
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("✗ Kustomization 'flux-system/broken' reconciliation failed: "),
        "{run:?}"
    );
    assert!(run.stderr.contains("missing.yaml"), "{run:?}");

    // Everything in the namespace suspended, then resumed side by side: the
    // good one completes, the broken one fails the command, naming it.
    let run = env.ballast(&["suspend", "ks", "--all"]);
    assert!(run.ok, "{run:?}");
    for name in ["app", "broken"] {
        let ks: Kustomization = env.get(NS, name);
        assert_eq!(ks.spec.suspend, Some(true), "{name}");
    }
    let run = env.ballast(&["resume", "ks", "--all"]);
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("✔ Kustomization app reconciliation completed"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("✗ Kustomization 'flux-system/broken' reconciliation failed: "),
        "{run:?}"
    );
    assert_eq!(run.stderr.matches("◎ waiting").count(), 1, "{run:?}");

    // Only the failing ones.
    let run = env.ballast(&["get", "ks", "--status-selector", "ready=false"]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    assert_eq!(rows.len(), 2, "{run:?}");
    assert!(
        row(&rows, 0, "broken")[4].contains("missing.yaml"),
        "{run:?}"
    );
    let run = env.ballast(&["get", "sources", "git", "--status-selector", "ready=false"]);
    assert!(run.ok, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr.contains(
            "✗ none of the 1 GitRepository objects in \"flux-system\" namespace has ready=false"
        ),
        "{run:?}"
    );
    let run = env.ballast(&["get", "ks", "--status-selector", "ready"]);
    assert!(!run.ok, "{run:?}");
    assert!(run.stderr.contains("TYPE=STATUS"), "{run:?}");

    // Names that do not exist, in every command.
    for (args, message) in [
        (
            &["get", "ks", "nope"][..],
            "✗ Kustomization 'flux-system/nope' not found",
        ),
        (
            &["reconcile", "source", "git", "nope", "-n", "apps"],
            "✗ GitRepository 'apps/nope' not found",
        ),
        (
            &["reconcile", "ks", "nope", "--with-source"],
            "✗ Kustomization 'flux-system/nope' not found",
        ),
        (
            &["suspend", "ks", "nope"],
            "✗ Kustomization 'flux-system/nope' not found",
        ),
        (
            &["resume", "source", "git", "nope"],
            "✗ GitRepository 'flux-system/nope' not found",
        ),
        (
            &["get", "sources", "git", "nope", "-A"],
            "✗ GitRepository 'nope' not found in any namespace",
        ),
        (
            &["suspend", "ks"],
            "✗ kustomization name is required (or --all)",
        ),
    ] {
        let run = env.ballast(args);
        assert!(!run.ok, "{args:?}: {run:?}");
        assert!(run.stderr.contains(message), "{args:?}: {run:?}");
    }

    // An empty namespace is not an error.
    let run = env.ballast(&["get", "sources", "git", "-n", "default"]);
    assert!(run.ok, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr
            .contains("no GitRepository objects found in \"default\" namespace"),
        "{run:?}"
    );

    // The kubeconfig context's namespace (devcluster's says `default`) only
    // when asked, as with `flux`.
    let run = env.ballast(&["get", "sources", "git", "--ns-follows-kube-context"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("no GitRepository objects found in \"default\" namespace"),
        "{run:?}"
    );

    // Nothing reconciles Receivers here: the wait times out, named.
    env.create::<Receiver>(json!({
        "apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
        "metadata": {"name": "github", "namespace": NS},
        "spec": {"type": "github", "secretRef": {"name": "webhook-token"},
                 "resources": [{"kind": "GitRepository", "name": "app"}]}
    }));
    let run = env.ballast(&["reconcile", "receiver", "github", "--timeout", "1s"]);
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr.contains(
            "✗ timed out after 1s waiting for Receiver 'flux-system/github' to reconcile"
        ),
        "{run:?}"
    );
    let run = env.ballast(&["get", "receivers"]);
    assert!(run.ok, "{run:?}");
    assert_eq!(
        row(&table(&run.stdout), 0, "github")[1..],
        ["False", "False", "waiting to be reconciled"],
        "{run:?}"
    );

    // A kubeconfig that does not exist is named.
    let run = common::ballast(&["get", "all", "--kubeconfig", "/nonexistent/kubeconfig"]);
    assert!(!run.ok, "{run:?}");
    assert!(run.stderr.contains("/nonexistent/kubeconfig"), "{run:?}");
}

#[test]
fn get_watch_prints_a_row_per_change() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    /// Stops the watching process even when an assertion fails first.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    let env = Env::start();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["get", "ks", "app", "--watch", "--kubeconfig"])
        .arg(&env.kubeconfig)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let child = Killed(child);
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let reader = {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap().push(line);
            }
        })
    };
    let rows = || table(&lines.lock().unwrap().join("\n"));
    let wait_for = |what: &str, check: &dyn Fn(&[Vec<String>]) -> bool| {
        let deadline = Instant::now() + common::DEADLINE;
        while !check(&rows()) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {:#?}",
                rows()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for("the header and the current row", &|rows| {
        rows.len() >= 2
            && rows[0][0] == "NAME"
            && rows[1][..3] == ["app", rows[1][1].as_str(), "False"]
    });

    let run = env.ballast(&["suspend", "ks", "app"]);
    assert!(run.ok, "{run:?}");
    wait_for("a row showing the suspension", &|rows| {
        rows.iter().skip(1).any(|r| r[0] == "app" && r[2] == "True")
    });
    let rows = rows();
    assert!(
        rows.iter().skip(1).all(|r| r[0] == "app"),
        "only app: {rows:#?}"
    );
    assert_eq!(
        rows.iter().filter(|r| r[0] == "NAME").count(),
        1,
        "{rows:#?}"
    );

    drop(child);
    reader.join().unwrap();

    // Tables only, and one kind.
    let run = env.ballast(&["get", "all", "--watch"]);
    assert!(!run.ok, "{run:?}");
    assert!(run.stderr.contains("--watch takes one kind"), "{run:?}");
    let run = env.ballast(&["get", "ks", "--watch", "-o", "json"]);
    assert!(!run.ok, "{run:?}");
}

#[test]
fn image_repositories_and_policies_report_scans_and_choices() {
    let registry = ballast_testsupport::OciRegistry::start().unwrap();
    registry.push_tags("app", &["1.0.0", "1.1.0"]).unwrap();
    let env = Env::start();
    let image = registry.image("app");
    env.create::<ImageRepository>(json!({
        "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
        "metadata": {"name": "app", "namespace": NS},
        "spec": {"image": image, "interval": "1h"}
    }));
    env.create::<ImagePolicy>(json!({
        "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy",
        "metadata": {"name": "app", "namespace": NS},
        "spec": {"imageRepositoryRef": {"name": "app"},
                 "policy": {"semver": {"range": ">=1.0.0"}}}
    }));

    // The first scan may still be running: reconcile waits for it.
    let run = env.ballast(&["reconcile", "image", "repository", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(run.stderr.contains("✔ scan fetched 2 tags"), "{run:?}");

    // A new tag: found by the requested scan, chosen by the policy.
    registry.push_tags("app", &["1.2.0"]).unwrap();
    let run = env.ballast(&["reconcile", "image", "repository", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(run.stderr.contains("✔ scan fetched 3 tags"), "{run:?}");
    let run = env.ballast(&["reconcile", "image", "policy", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("✔ selected ref {image}:1.2.0")),
        "{run:?}"
    );

    let run = env.ballast(&["get", "images", "all"]);
    assert!(run.ok, "{run:?}");
    let rows = table(&run.stdout);
    let repository = row(&rows, 0, "imagerepository/app");
    assert_eq!(repository[2..4], ["False", "True"], "{run:?}");
    assert!(
        repository[1].parse::<jiff::Timestamp>().is_ok(),
        "LAST SCAN: {run:?}"
    );
    assert_eq!(
        row(&rows, 0, "imagepolicy/app")[1..4],
        [image.as_str(), "1.2.0", "True"],
        "{run:?}"
    );

    // Suspended policies are refused, resumed ones reconcile again.
    let run = env.ballast(&["suspend", "image", "policy", "app"]);
    assert!(run.ok, "{run:?}");
    let run = env.ballast(&["reconcile", "image", "policy", "app"]);
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("ImagePolicy 'flux-system/app' is suspended: resume it first (ballast resume image policy app -n flux-system)"),
        "{run:?}"
    );
    let run = env.ballast(&["resume", "image", "policy", "app"]);
    assert!(run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("✔ selected ref {image}:1.2.0")),
        "{run:?}"
    );
}
