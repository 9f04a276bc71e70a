//! kustomize-controller killed with SIGKILL in the middle of an apply and
//! started again converges: every object once, the inventory exact.

use std::collections::BTreeSet;

use futures::StreamExt as _;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::Api;
use kube::runtime::watcher;

use super::harness::{DEADLINE, E2e, configmap, configmap_id, inventory};

const NS: &str = "restart";
/// Enough objects that the apply is still writing when the first one lands.
const OBJECTS: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_controller_killed_mid_apply_converges_after_restart_without_duplicates() {
    let mut e2e = E2e::start().await;
    e2e.create_namespace(NS);
    let repo = e2e.repo("restart");
    let manifests: String = (0..OBJECTS)
        .map(|i| format!("---\n{}", configmap(NS, &format!("cm-{i:03}"), "one", "")))
        .collect();
    repo.write("deploy/all.yaml", &manifests);
    let commit = repo.commit("many objects");

    // Watch before anything can be applied, to kill at the first write.
    let api: Api<ConfigMap> = Api::namespaced(e2e.client.clone(), NS);
    let mut events = watcher(api, watcher::Config::default()).boxed();
    e2e.create_git_repository(NS, "repo", &repo);
    e2e.create_kustomization(NS, "bulk", "repo", "./deploy", "  prune: true\n");
    tokio::time::timeout(DEADLINE, async {
        while let Some(event) = events.next().await {
            if let watcher::Event::Apply(cm) | watcher::Event::InitApply(cm) = event.unwrap()
                && cm.metadata.name.is_some_and(|n| n.starts_with("cm-"))
            {
                return;
            }
        }
    })
    .await
    .expect("no object was applied");
    e2e.kill_kustomize_controller();
    drop(events);

    // It really was mid-apply: some objects written, not all, no status yet.
    let written = e2e.count_configmaps(NS, "bulk").await;
    eprintln!("{written} of {OBJECTS} objects existed at the kill");
    assert!(
        written > 0 && written < OBJECTS,
        "{written} of {OBJECTS} objects existed when the controller was killed: \
         the kill did not land mid-apply"
    );
    let interrupted = e2e.kustomizations(NS).get("bulk").await.unwrap();
    assert!(inventory(&interrupted).is_empty(), "{interrupted:?}");

    e2e.restart_kustomize_controller();
    let converged = e2e.wait_applied(NS, "bulk", &commit).await;
    let ids = inventory(&converged);
    let want: Vec<String> = (0..OBJECTS)
        .map(|i| configmap_id(NS, &format!("cm-{i:03}")))
        .collect();
    assert_eq!(ids, want, "inventory");
    let objects = e2e.owned("configmaps", NS, "bulk");
    let names: BTreeSet<&String> = objects.keys().collect();
    assert_eq!(names.len(), OBJECTS);
    assert_eq!(objects.len(), OBJECTS);
    for (name, obj) in &objects {
        // One field manager entry for the controller: applied, not re-created
        // by a second writer.
        let managers: Vec<&str> = obj["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["manager"].as_str())
            .collect();
        assert_eq!(managers, ["kustomize-controller"], "{name}");
    }
    e2e.assert_running();
}
