//! Health and ordering: a dependsOn chain of three behind a failing rollout
//! waits with DependencyNotReady, the rollout fails with HealthCheckFailed
//! naming the Deployment, a fix commit releases the chain in order, and
//! deleting a Kustomization with prune deletes its objects.

use std::sync::{Arc, Mutex};

use ballast_api::meta::ConditionStatus;
use futures::StreamExt as _;
use kube::runtime::watcher;

use super::harness::{E2e, configmap, inventory, ready, revision};

const NS: &str = "chain";

fn deployment(fail: bool) -> String {
    let annotation = if fail {
        "      annotations:\n        devcluster.ballast.dev/fail: \"true\"\n"
    } else {
        ""
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {NS}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n{annotation}    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
    )
}

/// Records, in the order the API server stored them, each time a
/// Kustomization of `ns` is seen Ready at a revision it was not Ready at before.
fn record_ready_order(e2e: &E2e, ns: &str) -> Arc<Mutex<Vec<(String, String)>>> {
    let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let api = e2e.kustomizations(ns);
    let record = seen.clone();
    tokio::spawn(async move {
        let mut events = watcher(api, watcher::Config::default()).boxed();
        while let Some(event) = events.next().await {
            let (watcher::Event::Apply(ks) | watcher::Event::InitApply(ks)) = event.unwrap() else {
                continue;
            };
            let Some((ConditionStatus::True, _, message)) = ready(&ks) else {
                continue;
            };
            let name = ks.metadata.name.clone().unwrap();
            let mut seen = record.lock().unwrap();
            if !seen.iter().any(|(n, m)| *n == name && *m == message) {
                seen.push((name, message));
            }
        }
    });
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dependency_chain_waits_for_a_failing_rollout_and_follows_its_fix_in_order() {
    let e2e = E2e::start().await;
    e2e.create_namespace(NS);
    let order = record_ready_order(&e2e, NS);

    let repo = e2e.repo("chain");
    repo.write("first/web.yaml", &deployment(true));
    repo.write("first/cm.yaml", &configmap(NS, "first", "one", ""));
    repo.write("second/cm.yaml", &configmap(NS, "second", "one", ""));
    repo.write("third/cm.yaml", &configmap(NS, "third", "one", ""));
    let broken = repo.commit("first with a failing rollout");
    e2e.create_git_repository(NS, "repo", &repo);
    // Dependents first, so nothing but dependsOn orders them.
    e2e.create_kustomization(
        NS,
        "third",
        "repo",
        "./third",
        "  prune: true\n  dependsOn:\n  - name: second\n",
    );
    e2e.create_kustomization(
        NS,
        "second",
        "repo",
        "./second",
        "  prune: true\n  dependsOn:\n  - name: first\n",
    );
    e2e.create_kustomization(
        NS,
        "first",
        "repo",
        "./first",
        "  prune: true\n  wait: true\n  timeout: 5s\n",
    );

    // The rollout fails: HealthCheckFailed naming the Deployment.
    let (_, reason, message) = e2e.wait_failed(NS, "first", &broken).await;
    assert_eq!(reason, "HealthCheckFailed", "{message}");
    assert!(
        message.contains("Deployment") && message.contains("web"),
        "the message does not name the Deployment: {message}"
    );
    assert!(e2e.owned("deployments", NS, "first").contains_key("web"));
    // Its dependents wait, applying nothing.
    for (name, dependency) in [("second", "chain/first"), ("third", "chain/second")] {
        let waiting = e2e
            .wait_ks(NS, name, "waiting for its dependency", |ks| {
                ready(ks).is_some_and(|(s, r, _)| {
                    s == ConditionStatus::False && r == "DependencyNotReady"
                })
            })
            .await;
        let (_, _, message) = ready(&waiting).unwrap();
        assert!(message.contains(dependency), "{name}: {message}");
        assert!(inventory(&waiting).is_empty(), "{name} applied something");
        assert!(
            e2e.owned("configmaps", NS, name).is_empty(),
            "{name} applied"
        );
    }

    // A fix commit: the rollout completes, then the chain follows in order.
    repo.write("first/web.yaml", &deployment(false));
    let fixed = repo.commit("fix the rollout");
    e2e.request_source_reconcile(NS, "repo");
    for name in ["first", "second", "third"] {
        e2e.wait_applied(NS, name, &fixed).await;
        assert!(e2e.owned("configmaps", NS, name).contains_key(name));
    }
    let want = format!("Applied revision: {}", revision(&fixed));
    let order: Vec<String> = order
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, m)| *m == want)
        .map(|(n, _)| n.clone())
        .collect();
    assert_eq!(order, ["first", "second", "third"], "Ready order");

    // Deleting a Kustomization with prune deletes its objects, and only those.
    e2e.kubectl_ok(&["delete", "-n", NS, "kustomization/third", "--timeout=60s"]);
    e2e.wait_configmap_gone(NS, "third").await;
    assert!(
        e2e.kustomizations(NS)
            .get_opt("third")
            .await
            .unwrap()
            .is_none()
    );
    assert!(e2e.owned("configmaps", NS, "second").contains_key("second"));
    assert!(e2e.owned("deployments", NS, "first").contains_key("web"));

    e2e.assert_running();
}
