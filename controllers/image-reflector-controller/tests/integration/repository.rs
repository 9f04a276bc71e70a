//! ImageRepository scans against a real registry.

use std::net::Ipv4Addr;

use ballast_api::ImageRepository;
use ballast_api::meta::{LocalObjectReference, reasons};
use ballast_image_reflector_controller::repository_reasons;
use ballast_testsupport::{OciRegistry, OciRegistryOptions, RegistryAuth};

use crate::common::*;

fn scan(repo: &ImageRepository) -> &ballast_api::image::v1::ScanResult {
    repo.status
        .as_ref()
        .and_then(|s| s.last_scan_result.as_ref())
        .expect("a scan result")
}

#[tokio::test(flavor = "multi_thread")]
async fn scan_reports_tags_latest_tags_and_persists_them() {
    let registry = OciRegistry::start().unwrap();
    let tags: Vec<String> = (0..12).map(|i| format!("1.{i}.0")).collect();
    let mut pushed: Vec<&str> = tags.iter().map(String::as_str).collect();
    // Cosign signatures are excluded by default.
    pushed.push("sha256-abc.sig");
    registry.push_tags("app", &pushed).unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;

    let repo = h.wait_repo("app", "ready", is_ready).await;
    assert_kstatus(&repo);
    let status = repo.status.as_ref().unwrap();
    assert_eq!(
        status.canonical_image_name.as_deref(),
        Some(registry.image("app").as_str())
    );
    assert_eq!(
        status.observed_exclusion_list.as_deref(),
        Some(&[r"^.*\.sig$".to_string()][..])
    );
    let result = scan(&repo);
    assert_eq!(result.tag_count, 12);
    // Descending string order, ten of them, as Flux shows them.
    let mut want: Vec<String> = tags.clone();
    want.sort_by(|a, b| b.cmp(a));
    want.truncate(10);
    assert_eq!(result.latest_tags.as_deref(), Some(&want[..]));
    assert!(result.scan_time.is_some());
    let revision = result.revision.clone().unwrap();
    assert!(
        revision.parse::<u32>().is_ok(),
        "adler32 in decimal: {revision}"
    );
    assert_eq!(
        ready_message(&repo),
        format!("successful scan: found 12 tags with checksum {revision}")
    );

    // The tags are on disk, so a restart needs no scan before policies answer.
    let file = h.storage_path().join("imagerepository/default/app.json");
    let stored: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(stored["revision"], revision.as_str());
    assert_eq!(stored["tags"].as_array().unwrap().len(), 12);

    // A Normal event told of the scan.
    h.wait_event(NS, "app", "successful scan: found 12 tags")
        .await;

    // Deleting the repository forgets its tags.
    h.repos(NS)
        .delete("app", &Default::default())
        .await
        .unwrap();
    ballast_testsupport::eventually("the tag file removed", DEADLINE, || async {
        (!file.exists()).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn exclusion_list_drops_tags_and_a_change_rescans() {
    let registry = OciRegistry::start().unwrap();
    registry
        .push_tags("app", &["1.0.0", "1.1.0", "dev-1", "dev-2", "x.sig"])
        .unwrap();
    let h = Harness::start().await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.exclusion_list = Some(vec!["^dev-".into()]);
    h.create_repo("app", spec).await;
    let repo = h.wait_repo("app", "ready", is_ready).await;
    // Only the given list applies: the .sig tag is counted now.
    assert_eq!(tag_count(&repo), Some(3));
    assert_eq!(
        scan(&repo).latest_tags.as_deref(),
        Some(&["x.sig".to_string(), "1.1.0".into(), "1.0.0".into()][..])
    );

    h.patch_repo(
        "app",
        serde_json::json!({"exclusionList": ["^dev-", "\\.sig$"]}),
    )
    .await;
    let repo = h
        .wait_repo("app", "rescanned with the new list", |r| {
            is_ready(r) && tag_count(r) == Some(2)
        })
        .await;
    assert_eq!(
        repo.status
            .as_ref()
            .unwrap()
            .observed_exclusion_list
            .as_deref(),
        Some(&["^dev-".to_string(), "\\.sig$".into()][..])
    );
    assert_kstatus(&repo);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_tag_is_found_on_request() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    let first = h.wait_repo("app", "ready", is_ready).await;
    assert_eq!(tag_count(&first), Some(1));
    let first_revision = scan(&first).revision.clone();

    registry.push("app", "1.1.0").unwrap();
    // The interval is an hour: only the request makes it rescan now.
    h.request_scan("app", "first").await;
    let repo = h
        .wait_repo("app", "rescanned", |r| tag_count(r) == Some(2))
        .await;
    let status = repo.status.as_ref().unwrap();
    assert_eq!(
        status
            .reconcile_request
            .last_handled_reconcile_at
            .as_deref(),
        Some("first")
    );
    assert_ne!(scan(&repo).revision, first_revision);
    assert!(is_ready(&repo));
    assert_kstatus(&repo);
}

#[tokio::test(flavor = "multi_thread")]
async fn basic_auth_with_a_docker_config_secret_and_a_wrong_password() {
    let password = "s3cret-pw-ballast";
    let registry = OciRegistry::start_with(OciRegistryOptions {
        auth: RegistryAuth::Basic {
            username: "bob".into(),
            password: password.into(),
        },
        ..Default::default()
    })
    .unwrap();
    registry.push_tags("app", &["1.0.0", "2.0.0"]).unwrap();
    let h = Harness::start().await;

    // Without credentials the registry refuses.
    h.create_repo("anonymous", repo_spec(&registry.image("app")))
        .await;
    let repo = h
        .wait_repo("anonymous", "refused", |r| {
            is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
        })
        .await;
    assert_kstatus(&repo);

    h.create_secret(
        "good",
        "kubernetes.io/dockerconfigjson",
        &[(
            ".dockerconfigjson",
            &docker_config_json(&registry.host(), "bob", password),
        )],
    )
    .await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.secret_ref = Some(LocalObjectReference::new("good"));
    h.create_repo("good", spec).await;
    let repo = h.wait_repo("good", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(2));

    let wrong = "not-the-password-42";
    h.create_secret(
        "wrong",
        "kubernetes.io/dockerconfigjson",
        &[(
            ".dockerconfigjson",
            &docker_config_json(&registry.host(), "bob", wrong),
        )],
    )
    .await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.secret_ref = Some(LocalObjectReference::new("wrong"));
    h.create_repo("wrong", spec).await;
    let repo = h
        .wait_repo("wrong", "refused", |r| {
            is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
        })
        .await;
    assert_kstatus(&repo);
    let message = ready_message(&repo);
    assert!(
        message.starts_with("scan failed:") && message.contains(&registry.image("app")),
        "{message}"
    );
    let status = serde_json::to_string(&repo.status).unwrap();
    assert!(
        !status.contains(wrong) && !status.contains(password),
        "{status}"
    );
    let (reason, note) = h.wait_event(NS, "wrong", "scan failed").await;
    assert_eq!(reason, reasons::READ_OPERATION_FAILED);
    assert!(!note.contains(wrong), "{note}");

    // A password change breaks the scanned repository "good"; a requested
    // scan fails, and the failure is retried (not taken for done) until the
    // Secret is fixed: the tag pushed meanwhile shows that it scanned again.
    set_docker_config(
        &h,
        "good",
        &docker_config_json(&registry.host(), "bob", wrong),
    )
    .await;
    h.request_scan("good", "after-password-change").await;
    h.wait_repo("good", "refused", |r| {
        is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
    })
    .await;
    registry.push("app", "3.0.0").unwrap();
    set_docker_config(
        &h,
        "good",
        &docker_config_json(&registry.host(), "bob", password),
    )
    .await;
    let repo = h
        .wait_repo("good", "recovered", |r| {
            is_ready(r) && tag_count(r) == Some(3)
        })
        .await;
    assert_kstatus(&repo);

    // A missing Secret is an authentication failure naming it.
    let mut spec = repo_spec(&registry.image("app"));
    spec.secret_ref = Some(LocalObjectReference::new("absent"));
    h.create_repo("absent", spec).await;
    let repo = h
        .wait_repo("absent", "failing", |r| {
            is_not_ready_with(r, reasons::AUTHENTICATION_FAILED)
        })
        .await;
    assert!(
        ready_message(&repo).contains("default/absent"),
        "{}",
        ready_message(&repo)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_registry_with_cert_secret_ref() {
    let registry = OciRegistry::start_with(OciRegistryOptions {
        tls: true,
        ..Default::default()
    })
    .unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;

    // The registry's CA is unknown without certSecretRef.
    h.create_repo("untrusted", repo_spec(&registry.image("app")))
        .await;
    let repo = h
        .wait_repo("untrusted", "refused", |r| {
            is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
        })
        .await;
    assert!(
        ready_message(&repo).contains("TLS"),
        "{}",
        ready_message(&repo)
    );

    let ca = registry.ca().unwrap().ca_pem().to_string();
    h.create_secret("ca", "Opaque", &[("ca.crt", &ca)]).await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.cert_secret_ref = Some(LocalObjectReference::new("ca"));
    h.create_repo("trusted", spec).await;
    let repo = h.wait_repo("trusted", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(1));
    assert_kstatus(&repo);
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_needs_insecure_off_the_local_address() {
    // 127.0.0.2 is not exempt from HTTPS the way 127.0.0.1 is.
    let registry = OciRegistry::start_with(OciRegistryOptions {
        host: Ipv4Addr::new(127, 0, 0, 2),
        ..Default::default()
    })
    .unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("secure", repo_spec(&registry.image("app")))
        .await;
    h.wait_repo("secure", "refused", |r| {
        is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
    })
    .await;

    let mut spec = repo_spec(&registry.image("app"));
    spec.insecure = Some(true);
    h.create_repo("insecure", spec).await;
    let repo = h.wait_repo("insecure", "ready", is_ready).await;
    assert_eq!(tag_count(&repo), Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_image_and_exclusion_list_stall() {
    let h = Harness::start().await;
    h.create_repo("bad", repo_spec("registry.example/App:1.0"))
        .await;
    let repo = h
        .wait_repo("bad", "stalled", |r| {
            is_stalled_with(r, reasons::IMAGE_URL_INVALID)
        })
        .await;
    assert_kstatus(&repo);
    assert!(
        ready_message(&repo).contains("spec.image"),
        "{}",
        ready_message(&repo)
    );
    assert!(is_not_ready_with(&repo, reasons::IMAGE_URL_INVALID));

    let mut spec = repo_spec("registry.example/app");
    spec.exclusion_list = Some(vec!["([".into()]);
    h.create_repo("bad-list", spec).await;
    let repo = h
        .wait_repo("bad-list", "stalled", |r| {
            is_stalled_with(r, repository_reasons::INVALID_EXCLUSION_LIST)
        })
        .await;
    assert!(
        ready_message(&repo).contains("spec.exclusionList"),
        "{}",
        ready_message(&repo)
    );

    // Fixing the image recovers.
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    h.patch_repo("bad", serde_json::json!({"image": registry.image("app")}))
        .await;
    let repo = h.wait_repo("bad", "ready", is_ready).await;
    assert_kstatus(&repo);
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_keep_the_last_scan_result() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    let repo = h.wait_repo("app", "ready", is_ready).await;
    let before = scan(&repo).clone();

    // A repository the registry does not have.
    h.patch_repo(
        "app",
        serde_json::json!({"image": registry.image("missing")}),
    )
    .await;
    let repo = h
        .wait_repo("app", "not found", |r| {
            is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
        })
        .await;
    let message = ready_message(&repo);
    assert!(
        message.contains("not found") && message.contains(&registry.image("missing")),
        "{message}"
    );
    assert_eq!(scan(&repo), &before);
    assert_kstatus(&repo);

    // An unreachable registry.
    let addr = registry.addr();
    drop(registry);
    // NB: back to "{addr}/app" would be a no-op: the stored scan is of that
    // image and not yet due. Another repository on it must be scanned.
    h.patch_repo("app", serde_json::json!({"image": format!("{addr}/other")}))
        .await;
    let repo = h
        .wait_repo("app", "unreachable", |r| {
            is_not_ready_with(r, reasons::READ_OPERATION_FAILED)
                && ready_message(r).contains(&format!("{addr}/other"))
        })
        .await;
    assert_eq!(scan(&repo), &before);
}

#[tokio::test(flavor = "multi_thread")]
async fn suspended_repositories_are_not_scanned_until_resumed() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    h.wait_repo("app", "ready", is_ready).await;

    h.patch_repo("app", serde_json::json!({"suspend": true}))
        .await;
    registry.push("app", "1.1.0").unwrap();
    h.request_scan("app", "while-suspended").await;
    // A barrier: another repository created after the request is scanned by
    // the same controller, so the request has been seen by now.
    h.create_repo("witness", repo_spec(&registry.image("app")))
        .await;
    let witness = h.wait_repo("witness", "ready", is_ready).await;
    assert_eq!(tag_count(&witness), Some(2));
    let repo = h.repos(NS).get("app").await.unwrap();
    assert_eq!(tag_count(&repo), Some(1));
    assert_ne!(
        repo.status
            .as_ref()
            .unwrap()
            .reconcile_request
            .last_handled_reconcile_at
            .as_deref(),
        Some("while-suspended")
    );

    h.patch_repo("app", serde_json::json!({"suspend": false}))
        .await;
    let repo = h
        .wait_repo("app", "rescanned", |r| {
            is_ready(r) && tag_count(r) == Some(2)
        })
        .await;
    assert_kstatus(&repo);
}

async fn set_docker_config(h: &Harness, secret: &str, json: &str) {
    use k8s_openapi::ByteString;
    use k8s_openapi::api::core::v1::Secret;
    use kube::api::{Api, Patch, PatchParams};
    let api: Api<Secret> = Api::namespaced(h.client.clone(), NS);
    let patch =
        serde_json::json!({"data": {".dockerconfigjson": ByteString(json.as_bytes().to_vec())}});
    api.patch(secret, &PatchParams::default(), &Patch::Merge(patch))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_zero_interval_scans_once_not_in_a_loop() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    registry.push("other", "1.0.0").unwrap();
    let h = Harness::start().await;
    let mut spec = repo_spec(&registry.image("app"));
    spec.interval = "0s".into();
    h.create_repo("zero", spec).await;
    h.wait_repo("zero", "ready", is_ready).await;
    // A barrier: a later repository scanned by the same controller, then
    // twice more; a requeue after zero would have listed "app" again by now.
    for name in ["witness-1", "witness-2"] {
        h.create_repo(name, repo_spec(&registry.image("other")))
            .await;
        h.wait_repo(name, "ready", is_ready).await;
    }
    let listed = registry
        .log()
        .lines()
        .filter(|l| l.contains("GET /v2/app/tags/list"))
        .count();
    assert_eq!(listed, 1, "{}", registry.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reconcile_before_the_interval_is_a_no_op() {
    let registry = OciRegistry::start().unwrap();
    registry.push("app", "1.0.0").unwrap();
    registry.push("other", "1.0.0").unwrap();
    let h = Harness::start().await;
    h.create_repo("app", repo_spec(&registry.image("app")))
        .await;
    h.wait_repo("app", "ready", is_ready).await;

    // A new annotation (not requestedAt) makes the controller reconcile; the
    // scan is not due, so nothing is listed and nothing written.
    let patch = serde_json::json!({"metadata": {"annotations": {"example.com/note": "x"}}});
    let annotated = h
        .repos(NS)
        .patch(
            "app",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(patch),
        )
        .await
        .unwrap();
    // A barrier: later repositories scanned by the same controller.
    for name in ["witness-1", "witness-2"] {
        h.create_repo(name, repo_spec(&registry.image("other")))
            .await;
        h.wait_repo(name, "ready", is_ready).await;
    }
    let repo = h.repos(NS).get("app").await.unwrap();
    assert_eq!(
        repo.metadata.resource_version, annotated.metadata.resource_version,
        "no status write"
    );
    let listed = registry
        .log()
        .lines()
        .filter(|l| l.contains("GET /v2/app/tags/list"))
        .count();
    assert_eq!(listed, 1, "{}", registry.log());
}
