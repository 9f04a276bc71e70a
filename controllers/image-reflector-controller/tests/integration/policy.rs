//! ImagePolicy selection over scanned tags.

use ballast_api::ImagePolicy;
use ballast_api::image::v1::{
    AlphabeticalPolicy, ImagePolicyChoice, ImagePolicySpec, NumericalPolicy, ReflectionPolicy,
    SemVerPolicy, SortOrder, TagFilter,
};
use ballast_api::meta::{NamespacedObjectReference, reasons};
use ballast_image_reflector_controller::policy_reasons;
use ballast_testsupport::OciRegistry;

use crate::common::*;

fn policy_spec(repo: &str, policy: ImagePolicyChoice) -> ImagePolicySpec {
    ImagePolicySpec {
        image_repository_ref: NamespacedObjectReference {
            name: repo.to_string(),
            namespace: None,
        },
        policy,
        ..Default::default()
    }
}

fn semver(range: &str) -> ImagePolicyChoice {
    ImagePolicyChoice {
        semver: Some(SemVerPolicy {
            range: range.to_string(),
        }),
        ..Default::default()
    }
}

fn latest_ref(p: &ImagePolicy) -> ballast_api::image::v1::ImageRef {
    p.status.as_ref().unwrap().latest_ref.clone().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn policies_pick_the_right_tag() {
    let registry = OciRegistry::start().unwrap();
    registry
        .push_tags(
            "app",
            &[
                "1.0.0",
                "1.2.3",
                "1.10.0",
                "2.0.0-rc.1",
                "2.0.0",
                "v3.0.0-alpha",
                "main-9-a1",
                "main-10-b2",
                "main-8-c3",
                "latest",
            ],
        )
        .unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    h.wait_repo("app", "ready", is_ready).await;

    let cases: Vec<(&str, ImagePolicySpec, &str)> = vec![
        ("semver-1x", policy_spec("app", semver("1.x")), "1.10.0"),
        ("semver-all", policy_spec("app", semver(">=1.0.0")), "2.0.0"),
        (
            // A pre-release bound admits pre-releases.
            "semver-pre",
            policy_spec("app", semver(">=2.0.0-0 <2.0.0")),
            "2.0.0-rc.1",
        ),
        (
            "alpha-desc",
            policy_spec(
                "app",
                ImagePolicyChoice {
                    alphabetical: Some(AlphabeticalPolicy {
                        order: Some(SortOrder::Desc),
                    }),
                    ..Default::default()
                },
            ),
            "1.0.0",
        ),
        (
            "alpha-asc",
            policy_spec(
                "app",
                ImagePolicyChoice {
                    alphabetical: Some(AlphabeticalPolicy::default()),
                    ..Default::default()
                },
            ),
            "v3.0.0-alpha",
        ),
        (
            "numerical-extract",
            ImagePolicySpec {
                filter_tags: Some(TagFilter {
                    pattern: Some("^main-(?P<n>[0-9]+)-[a-z0-9]+$".into()),
                    extract: Some("$n".into()),
                }),
                ..policy_spec(
                    "app",
                    ImagePolicyChoice {
                        numerical: Some(NumericalPolicy { order: None }),
                        ..Default::default()
                    },
                )
            },
            "main-10-b2",
        ),
        (
            "alpha-filter",
            ImagePolicySpec {
                filter_tags: Some(TagFilter {
                    pattern: Some("^main-".into()),
                    extract: None,
                }),
                ..policy_spec(
                    "app",
                    ImagePolicyChoice {
                        alphabetical: Some(AlphabeticalPolicy::default()),
                        ..Default::default()
                    },
                )
            },
            "main-9-a1",
        ),
    ];
    for (name, spec, _) in &cases {
        h.create_policy(name, spec.clone()).await;
    }
    for (name, _, want) in &cases {
        let p = h.wait_policy(name, "ready", is_ready).await;
        assert_kstatus(&p);
        let latest = latest_ref(&p);
        assert_eq!(latest.tag, *want, "{name}");
        assert_eq!(latest.name, registry.image("app"), "{name}");
        assert_eq!(
            latest.digest, None,
            "{name}: digests are not reflected by default"
        );
        assert_eq!(
            ready_message(&p),
            format!(
                "Latest image tag for {} resolved to {want}",
                registry.image("app")
            )
        );
    }

    // Nothing in range: a failure saying so, retried.
    h.create_policy("none", policy_spec("app", semver(">=9.0.0")))
        .await;
    let p = h
        .wait_policy("none", "failing", |p| {
            is_not_ready_with(p, policy_reasons::FAILURE)
        })
        .await;
    assert!(
        ready_message(&p).contains("no tag matches"),
        "{}",
        ready_message(&p)
    );
    assert_kstatus(&p);

    // A numerical policy over non-numbers fails the same way, as in Flux.
    h.create_policy(
        "numerical-all",
        policy_spec(
            "app",
            ImagePolicyChoice {
                numerical: Some(NumericalPolicy { order: None }),
                ..Default::default()
            },
        ),
    )
    .await;
    h.wait_policy("numerical-all", "failing", |p| {
        is_not_ready_with(p, policy_reasons::FAILURE)
    })
    .await;

    // An invalid range stalls.
    h.create_policy("bad", policy_spec("app", semver("not a range")))
        .await;
    let p = h
        .wait_policy("bad", "stalled", |p| {
            is_stalled_with(p, policy_reasons::INVALID_POLICY)
        })
        .await;
    assert_kstatus(&p);
}

#[tokio::test(flavor = "multi_thread")]
async fn latest_ref_follows_a_new_tag_after_a_rescan() {
    let registry = OciRegistry::start().unwrap();
    registry.push_tags("app", &["1.0.0", "1.1.0"]).unwrap();
    let h = Harness::start().await;

    // The policy comes first: it waits for the repository.
    h.create_policy("app", policy_spec("app", semver("1.x")))
        .await;
    let p = h
        .wait_policy("app", "waiting", |p| {
            is_not_ready_with(p, reasons::DEPENDENCY_NOT_READY)
        })
        .await;
    assert_kstatus(&p);
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    let p = h.wait_policy("app", "ready", is_ready).await;
    assert_eq!(latest_ref(&p).tag, "1.1.0");

    registry.push("app", "1.2.0").unwrap();
    h.request_scan("app", "new-tag").await;
    let p = h
        .wait_policy("app", "updated", |p| {
            latest_tag(p).as_deref() == Some("1.2.0")
        })
        .await;
    let status = p.status.as_ref().unwrap();
    assert_eq!(status.observed_previous_ref.as_ref().unwrap().tag, "1.1.0");
    assert!(is_ready(&p));
    assert_eq!(
        ready_message(&p),
        format!(
            "Latest image tag for {0} resolved to 1.2.0 (previously {0}:1.1.0)",
            registry.image("app")
        )
    );
    let (reason, _) = h
        .wait_event(
            NS,
            "app",
            &format!(
                "Latest image tag for {} updated from 1.1.0 to 1.2.0",
                registry.image("app")
            ),
        )
        .await;
    assert_eq!(reason, "Succeeded");

    // It carries Flux's finalizer, which goes with the policy.
    assert!(
        p.metadata
            .finalizers
            .iter()
            .flatten()
            .any(|f| f == "finalizers.fluxcd.io")
    );
    h.policies(NS)
        .delete("app", &Default::default())
        .await
        .unwrap();
    ballast_testsupport::eventually("the policy gone", DEADLINE, || async {
        h.policies(NS)
            .get_opt("app")
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn digests_are_reflected_when_asked() {
    let registry = OciRegistry::start().unwrap();
    let first = registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    h.wait_repo("app", "ready", is_ready).await;

    h.create_policy(
        "once",
        ImagePolicySpec {
            digest_reflection_policy: Some(ReflectionPolicy::IfNotPresent),
            ..policy_spec("app", semver(">=1.0.0"))
        },
    )
    .await;
    h.create_policy(
        "always",
        ImagePolicySpec {
            digest_reflection_policy: Some(ReflectionPolicy::Always),
            interval: Some("1s".into()),
            ..policy_spec("app", semver(">=1.0.0"))
        },
    )
    .await;
    for name in ["once", "always"] {
        let p = h.wait_policy(name, "ready", is_ready).await;
        assert_eq!(
            latest_ref(&p).digest.as_deref(),
            Some(first.as_str()),
            "{name}"
        );
        assert!(
            ready_message(&p).ends_with(&format!("with digest {first}")),
            "{}",
            ready_message(&p)
        );
    }

    // The tag moves to a new image: `Always` notices on its own.
    let second = registry.push("app", "1.0.0").unwrap();
    assert_ne!(first, second);
    let p = h
        .wait_policy("always", "the new digest", |p| {
            p.status
                .as_ref()
                .and_then(|s| s.latest_ref.as_ref())
                .and_then(|r| r.digest.as_deref())
                == Some(second.as_str())
        })
        .await;
    let previous = p
        .status
        .as_ref()
        .unwrap()
        .observed_previous_ref
        .clone()
        .unwrap();
    assert_eq!(previous.digest.as_deref(), Some(first.as_str()));
    h.wait_event(
        NS,
        "always",
        &format!("updated from 1.0.0@{first} to 1.0.0@{second}"),
    )
    .await;
    // `IfNotPresent` keeps the digest it has for the same tag.
    let once = h.policies(NS).get("once").await.unwrap();
    assert_eq!(latest_ref(&once).digest.as_deref(), Some(first.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_namespace_references_need_access_from() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_namespace("images", &[]).await;
    h.create_namespace("apps", &[("team", "a")]).await;
    h.create_repo_in("images", "app", repo_spec(&registry.image("app")))
        .await;

    let spec = ImagePolicySpec {
        image_repository_ref: NamespacedObjectReference {
            name: "app".into(),
            namespace: Some("images".into()),
        },
        ..policy_spec("app", semver(">=1.0.0"))
    };
    h.create_policy_in("apps", "app", spec.clone()).await;
    let p = h
        .wait_policy_in("apps", "app", "denied", |p| {
            is_not_ready_with(p, policy_reasons::ACCESS_DENIED)
        })
        .await;
    assert!(
        ready_message(&p).contains("images/app"),
        "{}",
        ready_message(&p)
    );
    assert_kstatus(&p);

    // Allowing another team changes nothing; allowing team a lets it in.
    let allow = |team: &str| serde_json::json!({"spec": {"accessFrom": {"namespaceSelectors": [{"matchLabels": {"team": team}}]}}});
    let repos = h.repos("images");
    let params = kube::api::PatchParams::default();
    repos
        .patch("app", &params, &kube::api::Patch::Merge(allow("b")))
        .await
        .unwrap();
    h.wait_policy_in("apps", "app", "still denied", |p| {
        is_not_ready_with(p, policy_reasons::ACCESS_DENIED) && ready_message(p).contains("'apps'")
    })
    .await;
    repos
        .patch("app", &params, &kube::api::Patch::Merge(allow("a")))
        .await
        .unwrap();
    let p = h.wait_policy_in("apps", "app", "ready", is_ready).await;
    assert_eq!(latest_ref(&p).tag, "1.0.0");
    assert_kstatus(&p);
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_namespace_references_can_be_blocked() {
    let h = {
        let mut h = Harness::start().await;
        h.stop_controller().await;
        h.start_controller(|c| c.no_cross_namespace_refs = true)
            .await;
        h
    };
    h.create_namespace("images", &[]).await;
    let mut spec = policy_spec("app", semver(">=1.0.0"));
    spec.image_repository_ref.namespace = Some("images".into());
    h.create_policy("app", spec).await;
    let p = h
        .wait_policy("app", "denied", |p| {
            is_not_ready_with(p, policy_reasons::ACCESS_DENIED)
        })
        .await;
    assert!(
        ready_message(&p).contains("cross-namespace"),
        "{}",
        ready_message(&p)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_answers_policies_from_stored_tags() {
    let registry = OciRegistry::start().unwrap();
    registry.push_tags("app", &["1.0.0", "1.3.0"]).unwrap();
    let mut h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    let repo = h.wait_repo("app", "ready", is_ready).await;
    let scanned_at = repo.status.as_ref().unwrap().last_scan_result.clone();

    // The registry goes away and the controller restarts: the stored tags
    // still answer a new policy, and the repository is not rescanned.
    h.stop_controller().await;
    drop(registry);
    h.start_controller(|_| {}).await;
    h.create_policy("app", policy_spec("app", semver("1.x")))
        .await;
    let p = h.wait_policy("app", "ready", is_ready).await;
    assert_eq!(latest_ref(&p).tag, "1.3.0");
    let repo = h.repos(NS).get("app").await.unwrap();
    assert_eq!(repo.status.as_ref().unwrap().last_scan_result, scanned_at);
    assert!(is_ready(&repo));
}

#[tokio::test(flavor = "multi_thread")]
async fn suspended_policies_keep_their_latest_ref() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    h.create_policy(
        "frozen",
        ImagePolicySpec {
            suspend: Some(true),
            ..policy_spec("app", semver(">=1.0.0"))
        },
    )
    .await;
    h.create_policy("live", policy_spec("app", semver(">=1.0.0")))
        .await;
    h.wait_policy("live", "ready", is_ready).await;
    registry.push("app", "1.1.0").unwrap();
    h.request_scan("app", "1").await;
    h.wait_policy("live", "updated", |p| {
        latest_tag(p).as_deref() == Some("1.1.0")
    })
    .await;
    let frozen = h.policies(NS).get("frozen").await.unwrap();
    assert_eq!(
        latest_tag(&frozen),
        None,
        "a suspended policy is not evaluated"
    );

    h.policies(NS)
        .patch(
            "frozen",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(serde_json::json!({"spec": {"suspend": false}})),
        )
        .await
        .unwrap();
    let p = h.wait_policy("frozen", "ready", is_ready).await;
    assert_eq!(latest_ref(&p).tag, "1.1.0");
}
