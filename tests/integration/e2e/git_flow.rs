//! The Git loop: a Kustomization waits for its missing source, then commits
//! are applied, changed objects configured without writing the others,
//! removed objects pruned (unless prune is off or the object opts out),
//! broken commits refused without touching the cluster, reverts recovered,
//! and a suspended Kustomization left alone until resumed.

use super::harness::{
    DEADLINE, E2e, configmap, configmap_id, inventory, last_applied, ready, resource_version,
    revision, value_of,
};
use ballast_api::meta::ConditionStatus;

const NS: &str = "flow";

/// Spec of `apps`: prune, and a variable for post-build substitution.
const APPS_SPEC: &str = "  prune: true\n  postBuild:\n    substitute:\n      GREETING: hello\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_are_applied_pruned_refused_when_broken_reverted_and_suspended() {
    let e2e = E2e::start().await;
    e2e.create_namespace(NS);

    // --- A Kustomization whose source does not exist yet waits for it.
    e2e.create_kustomization(NS, "apps", "repo", "./deploy", APPS_SPEC);
    let waiting = e2e
        .wait_ks(NS, "apps", "waiting for its source", |ks| {
            ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::False)
        })
        .await;
    let (_, reason, message) = ready(&waiting).unwrap();
    assert_eq!(reason, "DependencyNotReady", "{message}");
    assert!(
        message.contains("GitRepository/flow/repo") && message.contains("not found"),
        "{message}"
    );
    assert!(inventory(&waiting).is_empty());
    assert!(e2e.owned("configmaps", NS, "apps").is_empty());

    // --- First commit → applied. `keep` (prune: false) shares the source.
    let repo = e2e.repo("flow");
    repo.write("deploy/a.yaml", &configmap(NS, "a", "${GREETING}-one", ""));
    repo.write("deploy/b.yaml", &configmap(NS, "b", "one", ""));
    repo.write(
        "deploy/c.yaml",
        &configmap(
            NS,
            "c",
            "one",
            "  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled\n",
        ),
    );
    repo.write("keep/x.yaml", &configmap(NS, "x", "one", ""));
    repo.write("keep/y.yaml", &configmap(NS, "y", "one", ""));
    let first = repo.commit("first");
    e2e.create_kustomization(NS, "keep", "repo", "./keep", "  prune: false\n");
    e2e.create_git_repository(NS, "repo", &repo);

    let applied = e2e.wait_applied(NS, "apps", &first).await;
    assert_eq!(
        inventory(&applied),
        [
            configmap_id(NS, "a"),
            configmap_id(NS, "b"),
            configmap_id(NS, "c")
        ]
    );
    e2e.wait_applied(NS, "keep", &first).await;
    let objects = e2e.owned("configmaps", NS, "apps");
    assert_eq!(objects.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(
        value_of(&objects["a"]),
        "hello-one",
        "post-build substitution"
    );
    assert_eq!(
        objects["a"]["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/namespace"],
        NS
    );
    let managers: Vec<&str> = objects["a"]["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["manager"].as_str())
        .collect();
    assert_eq!(managers, ["kustomize-controller"]);
    let kept = e2e.owned("configmaps", NS, "keep");
    assert_eq!(kept.keys().collect::<Vec<_>>(), ["x", "y"]);

    // --- A changed object is configured; the untouched ones are not written.
    repo.write("deploy/a.yaml", &configmap(NS, "a", "${GREETING}-two", ""));
    let second = repo.commit("change a");
    e2e.request_source_reconcile(NS, "repo");
    e2e.wait_applied(NS, "apps", &second).await;
    e2e.wait_applied(NS, "keep", &second).await;
    let after = e2e.owned("configmaps", NS, "apps");
    assert_eq!(value_of(&after["a"]), "hello-two");
    assert_ne!(
        resource_version(&after["a"]),
        resource_version(&objects["a"])
    );
    for name in ["b", "c"] {
        assert_eq!(
            resource_version(&after[name]),
            resource_version(&objects[name]),
            "{name} was written although it did not change"
        );
    }
    // The event reports only what changed, as Flux's does.
    let note = ballast_testsupport::eventually("the apply event of the change", DEADLINE, || {
        let notes = e2e.kustomization_events(NS, "apps");
        async move {
            notes
                .into_iter()
                .find(|n| n.contains("ConfigMap/flow/a configured"))
        }
    })
    .await;
    assert_eq!(note, "ConfigMap/flow/a configured");
    let kept_after = e2e.owned("configmaps", NS, "keep");
    for name in ["x", "y"] {
        assert_eq!(
            resource_version(&kept_after[name]),
            resource_version(&kept[name]),
            "{name} was written although it did not change"
        );
    }

    // --- Objects removed from Git are pruned, except the one that opts out
    // and those of a Kustomization without prune. `victim` joins, for the
    // broken commits below.
    repo.remove("deploy/b.yaml");
    repo.remove("deploy/c.yaml");
    repo.remove("keep/y.yaml");
    repo.write("deploy/victim.yaml", &configmap(NS, "victim", "one", ""));
    let third = repo.commit("remove b, c and y; add victim");
    e2e.request_source_reconcile(NS, "repo");
    let pruned = e2e.wait_applied(NS, "apps", &third).await;
    let good_inventory = vec![configmap_id(NS, "a"), configmap_id(NS, "victim")];
    assert_eq!(inventory(&pruned), good_inventory);
    e2e.wait_configmap_gone(NS, "b").await;
    let kept_pruned = e2e.wait_applied(NS, "keep", &third).await;
    // Without prune the removed object leaves the inventory, not the cluster (as Flux).
    assert_eq!(inventory(&kept_pruned), [configmap_id(NS, "x")]);
    let left = e2e.owned("configmaps", NS, "apps");
    assert_eq!(left.keys().collect::<Vec<_>>(), ["a", "c", "victim"]);
    assert_eq!(value_of(&left["c"]), "one");
    assert!(e2e.owned("configmaps", NS, "keep").contains_key("y"));

    // --- Broken commits: each removes `victim`, adds `newcomer`, changes `a`
    // and breaks one way (an undefined variable is the strict-mode test
    // below). Nothing is applied, nothing pruned, the last
    // revision's objects stay; the revert recovers.
    let mut good = third;
    let breakages: [(&str, String, &str, &str); 3] = [
        (
            "bad YAML",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n".to_string(),
            "BuildFailed",
            "broken.yaml",
        ),
        (
            "unknown kind",
            format!(
                "apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: {NS}\n"
            ),
            "ReconciliationFailed",
            "Widget",
        ),
        (
            "schema-invalid field (failed dry-run)",
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: invalid\n  namespace: {NS}\ndata:\n  value:\n    nested: true\n"
            ),
            "ReconciliationFailed",
            "invalid",
        ),
    ];
    for (what, broken, want_reason, want_in_message) in breakages {
        repo.remove("deploy/victim.yaml");
        repo.write(
            "deploy/newcomer.yaml",
            &configmap(NS, "newcomer", "one", ""),
        );
        repo.write("deploy/a.yaml", &configmap(NS, "a", "changed", ""));
        repo.write("deploy/broken.yaml", &broken);
        let bad = repo.commit(what);
        e2e.request_source_reconcile(NS, "repo");
        let (failed, reason, message) = e2e.wait_failed(NS, "apps", &bad).await;
        assert_eq!(reason, want_reason, "{what}: {message}");
        assert!(
            message.contains(want_in_message),
            "{what}: the message does not name {want_in_message:?}: {message}"
        );
        assert_eq!(
            last_applied(&failed),
            Some(revision(&good)),
            "{what}: lastAppliedRevision moved"
        );
        assert_eq!(
            inventory(&failed),
            good_inventory,
            "{what}: inventory changed"
        );
        let objects = e2e.owned("configmaps", NS, "apps");
        assert_eq!(
            objects.keys().collect::<Vec<_>>(),
            ["a", "c", "victim"],
            "{what}: objects were applied or pruned"
        );
        assert_eq!(
            value_of(&objects["a"]),
            "hello-two",
            "{what}: a was changed"
        );

        let reverted = repo.revert_last();
        e2e.request_source_reconcile(NS, "repo");
        let recovered = e2e.wait_applied(NS, "apps", &reverted).await;
        assert_eq!(
            inventory(&recovered),
            good_inventory,
            "{what}: after revert"
        );
        let objects = e2e.owned("configmaps", NS, "apps");
        assert_eq!(objects.keys().collect::<Vec<_>>(), ["a", "c", "victim"]);
        assert_eq!(value_of(&objects["a"]), "hello-two");
        good = reverted;
    }

    // --- Suspend: a new revision is left alone while `keep` (same source)
    // applies it; resume applies it.
    e2e.patch_kustomization(NS, "apps", r#"{"spec":{"suspend":true}}"#);
    repo.write(
        "deploy/a.yaml",
        &configmap(NS, "a", "${GREETING}-three", ""),
    );
    repo.write("keep/x.yaml", &configmap(NS, "x", "two", ""));
    let fourth = repo.commit("change a and x");
    e2e.request_source_reconcile(NS, "repo");
    e2e.wait_applied(NS, "keep", &fourth).await;
    assert_eq!(value_of(&e2e.owned("configmaps", NS, "keep")["x"]), "two");
    let suspended = e2e.kustomizations(NS).get("apps").await.unwrap();
    assert_eq!(last_applied(&suspended), Some(revision(&good)));
    assert_eq!(
        value_of(&e2e.owned("configmaps", NS, "apps")["a"]),
        "hello-two",
        "a suspended Kustomization applied a new revision"
    );
    e2e.patch_kustomization(NS, "apps", r#"{"spec":{"suspend":false}}"#);
    e2e.wait_applied(NS, "apps", &fourth).await;
    assert_eq!(
        value_of(&e2e.owned("configmaps", NS, "apps")["a"]),
        "hello-three"
    );

    e2e.assert_running();
}

/// Hand edits are healed within 2 seconds, except on an object that was
/// opted out in the cluster with `kustomize.toolkit.fluxcd.io/reconcile:
/// disabled` (as `kubectl annotate` does it in Flux's docs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_edits_are_healed_within_two_seconds() {
    let e2e = E2e::start().await;
    let ns = "drift";
    e2e.create_namespace(ns);
    let repo = e2e.repo("drift");
    repo.write("deploy/a.yaml", &configmap(ns, "a", "desired", ""));
    repo.write(
        "deploy/opted-out.yaml",
        &configmap(ns, "opted-out", "desired", ""),
    );
    let first = repo.commit("first");
    e2e.create_git_repository(ns, "repo", &repo);
    e2e.create_kustomization(ns, "apps", "repo", "./deploy", "  prune: true\n");
    e2e.wait_applied(ns, "apps", &first).await;

    e2e.kubectl_ok(&[
        "annotate",
        "-n",
        ns,
        "configmap/opted-out",
        "kustomize.toolkit.fluxcd.io/reconcile=disabled",
    ]);
    // The opted-out object is edited first, so by the time `a` is healed
    // its edit has been seen too.
    let hand_edit = |name: &str| {
        e2e.kubectl_ok(&[
            "patch",
            "-n",
            ns,
            &format!("configmap/{name}"),
            "--type=merge",
            "-p",
            r#"{"data":{"value":"by hand"}}"#,
        ]);
    };
    hand_edit("opted-out");
    hand_edit("a");
    let api: kube::Api<k8s_openapi::api::core::v1::ConfigMap> =
        kube::Api::namespaced(e2e.client.clone(), ns);
    ballast_testsupport::eventually(
        "the hand edit of ConfigMap drift/a healed",
        std::time::Duration::from_secs(2),
        || {
            let api = api.clone();
            async move {
                let cm = api.get("a").await.unwrap();
                (cm.data.unwrap_or_default().get("value").map(String::as_str) == Some("desired"))
                    .then_some(())
            }
        },
    )
    .await;
    assert_eq!(
        value_of(&e2e.owned("configmaps", ns, "apps")["opted-out"]),
        "by hand",
        "an object opted out with reconcile: disabled was healed"
    );
    // The event names the object, the field and who changed it.
    let note = ballast_testsupport::eventually("the drift event", DEADLINE, || {
        let notes = e2e.kustomization_events(ns, "apps");
        async move { notes.into_iter().find(|n| n.contains("ConfigMap/drift/a:")) }
    })
    .await;
    assert!(
        note.contains("data") && note.contains("kubectl-patch"),
        "{note}"
    );
    assert!(
        !e2e.kustomization_events(ns, "apps")
            .iter()
            .any(|n| n.contains("ConfigMap/drift/opted-out:")),
        "an event reported drift of the opted-out object: {:?}",
        e2e.kustomization_events(ns, "apps")
    );

    // A deleted object comes back too.
    e2e.kubectl_ok(&["delete", "-n", ns, "configmap/a"]);
    ballast_testsupport::eventually(
        "the deleted ConfigMap drift/a recreated",
        std::time::Duration::from_secs(2),
        || {
            let api = api.clone();
            async move { api.get_opt("a").await.unwrap().map(|_| ()) }
        },
    )
    .await;
    e2e.assert_running();
}

/// With Flux's `StrictPostBuildSubstitutions` gate, a variable that is
/// neither set nor defaulted fails the build: nothing applied or pruned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undefined_variable_fails_the_build_in_strict_mode() {
    let e2e = E2e::start_with(&["--feature-gates=StrictPostBuildSubstitutions=true"]).await;
    let ns = "strict";
    e2e.create_namespace(ns);
    let repo = e2e.repo("strict");
    // A defaulted variable is fine in strict mode.
    repo.write(
        "deploy/a.yaml",
        &configmap(ns, "a", "${GREETING}-${SUFFIX:=one}", ""),
    );
    repo.write("deploy/victim.yaml", &configmap(ns, "victim", "one", ""));
    let good = repo.commit("good");
    e2e.create_git_repository(ns, "repo", &repo);
    e2e.create_kustomization(ns, "apps", "repo", "./deploy", APPS_SPEC);
    e2e.wait_applied(ns, "apps", &good).await;
    assert_eq!(
        value_of(&e2e.owned("configmaps", ns, "apps")["a"]),
        "hello-one"
    );

    repo.write(
        "deploy/a.yaml",
        &configmap(ns, "a", "${GREETING}-${UNDEFINED_VAR}", ""),
    );
    repo.remove("deploy/victim.yaml");
    repo.write(
        "deploy/newcomer.yaml",
        &configmap(ns, "newcomer", "one", ""),
    );
    let bad = repo.commit("undefined variable");
    e2e.request_source_reconcile(ns, "repo");
    let (failed, reason, message) = e2e.wait_failed(ns, "apps", &bad).await;
    assert_eq!(reason, "BuildFailed", "{message}");
    assert!(message.contains("UNDEFINED_VAR"), "{message}");
    assert_eq!(last_applied(&failed), Some(revision(&good)));
    let objects = e2e.owned("configmaps", ns, "apps");
    assert_eq!(objects.keys().collect::<Vec<_>>(), ["a", "victim"]);
    assert_eq!(value_of(&objects["a"]), "hello-one");

    let reverted = repo.revert_last();
    e2e.request_source_reconcile(ns, "repo");
    e2e.wait_applied(ns, "apps", &reverted).await;
    e2e.assert_running();
}
