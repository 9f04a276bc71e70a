//! The same behaviours through kube-rs: typed CRUD, server-side apply
//! conflicts, watcher/reflector across a 410 Gone, and the finalizer helper.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ballast_devcluster::{DevCluster, Options};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret};
use kube::api::{
    Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams,
};
use kube::runtime::{WatchStreamExt, reflector, watcher};
use serde_json::json;

fn cm(name: &str) -> ConfigMap {
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": name, "labels": {"app": "demo"}},
        "data": {"k": "v"},
    }))
    .unwrap()
}

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn typed_crud_with_optimistic_concurrency() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let api: Api<ConfigMap> = Api::namespaced(client.clone(), "default");

    let created = api.create(&PostParams::default(), &cm("a")).await.unwrap();
    let rv = created.metadata.resource_version.clone().unwrap();
    assert!(created.metadata.uid.is_some());
    assert!(created.metadata.creation_timestamp.is_some());

    let got = api.get("a").await.unwrap();
    assert_eq!(got.data.unwrap()["k"], "v");

    let mut changed = created.clone();
    changed.data = Some([("k".to_string(), "w".to_string())].into());
    let replaced = api
        .replace("a", &PostParams::default(), &changed)
        .await
        .unwrap();
    assert_ne!(
        replaced.metadata.resource_version.as_deref(),
        Some(rv.as_str())
    );

    // The stale copy still carries the old resourceVersion.
    let err = api
        .replace("a", &PostParams::default(), &changed)
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => {
            assert_eq!(s.code, 409);
            assert_eq!(s.reason, "Conflict");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }

    let list = api
        .list(&ListParams::default().labels("app=demo"))
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1);
    assert!(list.metadata.resource_version.is_some());

    api.delete("a", &DeleteParams::default()).await.unwrap();
    let err = api.get("a").await.unwrap_err();
    assert!(
        matches!(err, kube::Error::Api(ref s) if s.code == 404 && s.reason == "NotFound"),
        "{err:?}"
    );

    let ns: Api<Namespace> = Api::all(client);
    let names: Vec<String> = ns
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|n| n.metadata.name)
        .collect();
    for want in ["default", "kube-system", "kube-public"] {
        assert!(names.iter().any(|n| n == want), "{names:?}");
    }
    cluster.shutdown().await;
}

#[tokio::test]
async fn server_side_apply_conflicts_and_force() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    let one = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s"}, "data": {"x": "1"}});
    api.patch("s", &PatchParams::apply("one"), &Patch::Apply(&one))
        .await
        .unwrap();

    let two = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s"}, "data": {"x": "2"}});
    let err = api
        .patch("s", &PatchParams::apply("two"), &Patch::Apply(&two))
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => {
            assert_eq!(s.code, 409);
            assert!(
                s.message.contains("conflict with \"one\"") && s.message.contains(".data.x"),
                "{}",
                s.message
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Same value: shared ownership, no conflict.
    let same = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s"}, "data": {"x": "1"}});
    api.patch("s", &PatchParams::apply("three"), &Patch::Apply(&same))
        .await
        .unwrap();

    let forced = api
        .patch("s", &PatchParams::apply("two").force(), &Patch::Apply(&two))
        .await
        .unwrap();
    assert_eq!(forced.data.unwrap()["x"], "2");
    let managers: Vec<String> = forced
        .metadata
        .managed_fields
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.manager)
        .collect();
    assert!(managers.contains(&"two".to_string()), "{managers:?}");

    // Dry run computes the result without storing it.
    let three = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s"}, "data": {"x": "3"}});
    let dry = api
        .patch(
            "s",
            &PatchParams::apply("two").dry_run(),
            &Patch::Apply(&three),
        )
        .await
        .unwrap();
    assert_eq!(dry.data.unwrap()["x"], "3");
    assert_eq!(api.get("s").await.unwrap().data.unwrap()["x"], "2");
    cluster.shutdown().await;
}

#[tokio::test]
async fn watch_from_an_expired_resource_version_gets_410() {
    let options = Options {
        watch_history: 5,
        ..Options::default()
    };
    let cluster = DevCluster::start(options).await.unwrap();
    let client = cluster.client().unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let first = cms
        .create(&PostParams::default(), &cm("old"))
        .await
        .unwrap();
    let old_rv = first.metadata.resource_version.unwrap();
    for i in 0..10 {
        cms.create(&PostParams::default(), &cm(&format!("n{i}")))
            .await
            .unwrap();
    }
    let mut stream = cms
        .watch(&WatchParams::default(), &old_rv)
        .await
        .unwrap()
        .boxed();
    match stream.try_next().await.unwrap() {
        Some(WatchEvent::Error(e)) => {
            assert_eq!(e.code, 410);
            assert_eq!(e.reason, "Expired");
        }
        other => panic!("expected 410 Gone, got {other:?}"),
    }
    cluster.shutdown().await;
}

/// Regression: a write landing between a client's list and its watch (as
/// kube-runtime's watcher does it) must be delivered at once, not at the next write.
#[tokio::test]
async fn watch_resuming_from_a_list_gets_writes_made_before_it_started() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    let listed_at = cms
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    cms.create(&PostParams::default(), &cm("between"))
        .await
        .unwrap();
    let mut stream = cms
        .watch(&WatchParams::default().timeout(30), &listed_at)
        .await
        .unwrap()
        .boxed();
    // No further write happens: the event must come from the stored history.
    let first = tokio::time::timeout(Duration::from_secs(10), stream.try_next())
        .await
        .expect("the write made before the watch started was not delivered");
    match first.unwrap() {
        Some(WatchEvent::Added(o)) => assert_eq!(o.metadata.name.as_deref(), Some("between")),
        other => panic!("expected ADDED between, got {other:?}"),
    }
    cluster.shutdown().await;
}

#[tokio::test]
async fn watch_streams_changes_and_bookmarks() {
    let options = Options {
        bookmark_interval: Duration::from_millis(200),
        ..Options::default()
    };
    let cluster = DevCluster::start(options).await.unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    let start = cms
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let mut stream = cms
        .watch(
            &WatchParams {
                bookmarks: true,
                ..WatchParams::default()
            }
            .timeout(10),
            &start,
        )
        .await
        .unwrap()
        .boxed();
    cms.create(&PostParams::default(), &cm("w")).await.unwrap();
    let mut saw_added = false;
    let mut saw_bookmark = false;
    while let Some(ev) = stream.try_next().await.unwrap() {
        match ev {
            WatchEvent::Added(o) => saw_added |= o.metadata.name.as_deref() == Some("w"),
            WatchEvent::Bookmark(_) => saw_bookmark = true,
            _ => {}
        }
        if saw_added && saw_bookmark {
            break;
        }
    }
    assert!(saw_added && saw_bookmark);
    cluster.shutdown().await;
}

#[tokio::test]
async fn reflector_recovers_from_410_by_relisting() {
    // A tiny history and short watches: while the watcher reconnects, other
    // writes push its resourceVersion out of the history.
    let options = Options {
        watch_history: 3,
        bookmark_interval: Duration::from_secs(3600),
        ..Options::default()
    };
    let cluster = DevCluster::start(options).await.unwrap();
    let client = cluster.client().unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let secrets: Api<Secret> = Api::namespaced(client.clone(), "default");
    cms.create(&PostParams::default(), &cm("before"))
        .await
        .unwrap();

    let (reader, writer) = reflector::store();
    let relists = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = relists.clone();
    let stream = watcher(
        cms.clone(),
        watcher::Config::default().timeout(1).disable_bookmarks(),
    )
    .map_ok(move |e| {
        if matches!(e, watcher::Event::InitDone) {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        e
    })
    .reflect(writer)
    .applied_objects()
    .default_backoff();
    let task = tokio::spawn(async move {
        futures::pin_mut!(stream);
        while stream.next().await.is_some() {}
    });
    let r = reader.clone();
    eventually("the initial list", || {
        let r = r.clone();
        async move {
            r.state()
                .iter()
                .any(|c| c.metadata.name.as_deref() == Some("before"))
        }
    })
    .await;
    for i in 0..12 {
        let s: Secret =
            serde_json::from_value(json!({"metadata": {"name": format!("s{i}")}})).unwrap();
        secrets.create(&PostParams::default(), &s).await.unwrap();
    }
    // Wait for the watch to time out and resume from its stale resourceVersion.
    let c = relists.clone();
    eventually("a relist after 410", || {
        let c = c.clone();
        async move { c.load(std::sync::atomic::Ordering::SeqCst) >= 2 }
    })
    .await;
    cms.create(&PostParams::default(), &cm("after"))
        .await
        .unwrap();
    let r = reader.clone();
    eventually("the store to see the new object", || {
        let r = r.clone();
        async move {
            r.state()
                .iter()
                .any(|c| c.metadata.name.as_deref() == Some("after"))
        }
    })
    .await;
    assert_eq!(reader.state().len(), 2);
    task.abort();
    cluster.shutdown().await;
}

#[tokio::test]
async fn finalizer_helper_adds_then_cleans_up() {
    use kube::runtime::controller::Action;
    use kube::runtime::finalizer::{Event, finalizer};

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    api.create(&PostParams::default(), &cm("f")).await.unwrap();
    const NAME: &str = "example.com/cleanup";

    let cleaned = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let run = |obj: ConfigMap| {
        let api = api.clone();
        let cleaned = cleaned.clone();
        async move {
            finalizer(&api, NAME, std::sync::Arc::new(obj), |ev| async move {
                if let Event::Cleanup(_) = ev {
                    cleaned.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                Ok::<_, std::convert::Infallible>(Action::await_change())
            })
            .await
        }
    };
    run(api.get("f").await.unwrap()).await.unwrap();
    let with = api.get("f").await.unwrap();
    assert_eq!(
        with.metadata.finalizers.as_deref(),
        Some(&[NAME.to_string()][..])
    );

    api.delete("f", &DeleteParams::default()).await.unwrap();
    let deleting = api.get("f").await.unwrap();
    assert!(
        deleting.metadata.deletion_timestamp.is_some(),
        "the finalizer holds the object"
    );

    run(deleting).await.unwrap();
    assert!(cleaned.load(std::sync::atomic::Ordering::SeqCst));
    let err = api.get("f").await.unwrap_err();
    assert!(
        matches!(err, kube::Error::Api(ref s) if s.code == 404),
        "{err:?}"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn bad_input_gets_4xx_status_objects() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let send = |method: &str, path: &str, ct: &str, body: Vec<u8>| {
        let req = http::Request::builder()
            .method(method)
            .uri(path)
            .header("Content-Type", ct)
            .body(body)
            .unwrap();
        let client = client.clone();
        async move {
            match client.request_text(req).await {
                Ok(t) => (200u16, t),
                Err(kube::Error::Api(s)) => (s.code, s.reason),
                Err(e) => panic!("transport error: {e}"),
            }
        }
    };
    let cms = "/api/v1/namespaces/default/configmaps";
    assert_eq!(
        send("POST", cms, "application/json", b"{not json".to_vec()).await,
        (400, "BadRequest".into())
    );
    assert_eq!(
        send(
            "POST",
            cms,
            "application/json",
            br#"{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"a"}}"#.to_vec()
        )
        .await
        .0,
        400
    );
    assert_eq!(
        send(
            "POST",
            cms,
            "application/json",
            br#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"}}"#.to_vec()
        )
        .await
        .0,
        400
    );
    let big = format!(
        r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"big"}},"data":{{"x":"{}"}}}}"#,
        "a".repeat(3 * 1024 * 1024 + 10)
    );
    assert_eq!(
        send("POST", cms, "application/json", big.into_bytes())
            .await
            .0,
        413
    );
    assert_eq!(
        send(
            "GET",
            "/api/v1/namespaces/default/nothings",
            "application/json",
            vec![]
        )
        .await
        .0,
        404
    );
    assert_eq!(
        send(
            "GET",
            "/api/v1/namespaces/default/configmaps/..",
            "application/json",
            vec![]
        )
        .await
        .0,
        400
    );
    assert_eq!(
        send(
            "GET",
            "/api/v1/namespaces/default/configmaps/a%2F..%2Fb",
            "application/json",
            vec![]
        )
        .await
        .0,
        400
    );
    assert_eq!(
        send("PUT", cms, "application/json", b"{}".to_vec()).await.0,
        405
    );
    assert_eq!(
        send("POST", cms, "application/json", b"[]".to_vec())
            .await
            .0,
        400
    );
    assert_eq!(
        send(
            "POST",
            cms,
            "application/json",
            br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":"x"}"#.to_vec()
        )
        .await
        .0,
        400
    );
    assert_eq!(
        send("POST", cms, "text/plain", b"hello".to_vec()).await.0,
        415
    );
    for query in [
        "limit=abc",
        "continue=garbage",
        "labelSelector=a%20in",
        "fieldSelector=nope",
        "watch=1&resourceVersion=abc",
        "watch=1&timeoutSeconds=x",
    ] {
        let path = format!("{cms}?{query}");
        let code = send("GET", &path, "application/json", vec![]).await.0;
        assert_eq!(code, 400, "{query}");
    }
    let dry = format!("{cms}?dryRun=Maybe");
    assert_eq!(
        send(
            "POST",
            &dry,
            "application/json",
            br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}"#.to_vec()
        )
        .await
        .0,
        400
    );
    let none = "/api/v1/namespaces/default/configmaps/none";
    assert_eq!(
        send(
            "PATCH",
            none,
            "application/merge-patch+json",
            b"{}".to_vec()
        )
        .await
        .0,
        404
    );
    assert_eq!(
        send("PATCH", none, "application/xml", b"<a/>".to_vec())
            .await
            .0,
        415
    );
    let body = br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"}}"#.to_vec();
    assert_eq!(
        send(
            "POST",
            "/api/v1/namespaces/nowhere/configmaps",
            "application/json",
            body
        )
        .await
        .0,
        404
    );
    let (code, _) = send(
        "POST",
        cms,
        "application/json",
        br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok"}}"#.to_vec(),
    )
    .await;
    assert_eq!(code, 200);
    // Nothing but the valid one was stored.
    let api: Api<ConfigMap> = Api::namespaced(client, "default");
    let names: Vec<String> = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|c| c.metadata.name)
        .collect();
    assert_eq!(names, ["ok"]);
    cluster.shutdown().await;
}

#[tokio::test]
async fn requests_without_token_get_401() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let mut config = kube::Config::new(cluster.url().parse().unwrap());
    let ca = cluster.ca_pem().to_string();
    let der = base64_der(&ca);
    config.root_cert = Some(vec![der]);
    let client = kube::Client::try_from(config).unwrap();
    let api: Api<ConfigMap> = Api::namespaced(client, "default");
    let err = api.list(&ListParams::default()).await.unwrap_err();
    assert!(
        matches!(err, kube::Error::Api(ref s) if s.code == 401),
        "{err:?}"
    );
    cluster.shutdown().await;
}

fn base64_der(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

#[tokio::test]
async fn lease_based_leader_election() {
    use kube_lease_manager::LeaseManagerBuilder;

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let manager = |identity: &str| {
        LeaseManagerBuilder::new(client.clone(), "leader")
            .with_namespace("default")
            .with_identity(identity)
            .with_duration(5)
            .with_grace(1)
            .build()
    };
    let one = manager("one").await.unwrap();
    let two = manager("two").await.unwrap();
    let wait = Duration::from_secs(10);
    assert!(
        tokio::time::timeout(wait, one.changed())
            .await
            .unwrap()
            .unwrap(),
        "one becomes the leader"
    );
    // While one holds the lease, two cannot take it.
    assert!(
        tokio::time::timeout(Duration::from_secs(2), two.changed())
            .await
            .is_err()
    );
    one.release().await.unwrap();
    assert!(
        tokio::time::timeout(wait, two.changed())
            .await
            .unwrap()
            .unwrap(),
        "two takes over after release"
    );
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> = Api::namespaced(client, "default");
    let lease = leases.get("leader").await.unwrap();
    assert_eq!(lease.spec.unwrap().holder_identity.as_deref(), Some("two"));
    cluster.shutdown().await;
}

#[tokio::test]
async fn custom_resources_with_status_applied_by_a_controller() {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    use kube::core::{ApiResource, DynamicObject, GroupVersionKind};

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": "things.example.com"},
        "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"plural": "things", "singular": "thing", "kind": "Thing"},
            "versions": [{
                "name": "v1", "served": true, "storage": true,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                    "spec": {"type": "object", "properties": {"url": {"type": "string"}, "interval": {"type": "string", "default": "1m"}}},
                    "status": {"type": "object", "properties": {
                        "observedGeneration": {"type": "integer"},
                        "conditions": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"],
                            "items": {"type": "object", "required": ["type", "status"], "properties": {
                                "type": {"type": "string"}, "status": {"type": "string"}, "reason": {"type": "string"}}}}
                    }}
                }}}
            }]
        }
    }))
    .unwrap();
    crds.create(&PostParams::default(), &crd).await.unwrap();
    let established = crds.get("things.example.com").await.unwrap();
    let conds = established.status.unwrap().conditions.unwrap();
    assert!(
        conds
            .iter()
            .any(|c| c.type_ == "Established" && c.status == "True")
    );

    let gvk = GroupVersionKind::gvk("example.com", "v1", "Thing");
    let ar = ApiResource::from_gvk_with_plural(&gvk, "things");
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), "default", &ar);
    let thing: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"}, "spec": {"url": "https://x"}
    }))
    .unwrap();
    let created = api.create(&PostParams::default(), &thing).await.unwrap();
    assert_eq!(
        created.data["spec"]["interval"], "1m",
        "schema default applied"
    );

    let status = json!({"apiVersion": "example.com/v1", "kind": "Thing", "status": {
        "observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded"}]}});
    let pp = PatchParams::apply("thing-controller").force();
    let after = api
        .patch_status("t", &pp, &Patch::Apply(&status))
        .await
        .unwrap();
    assert_eq!(after.data["status"]["conditions"][0]["status"], "True");
    assert_eq!(
        after.metadata.generation,
        Some(1),
        "status writes do not bump generation"
    );
    assert_eq!(after.data["spec"]["url"], "https://x");

    // Another manager adds a condition of another type: list-map merge by key.
    let other = json!({"apiVersion": "example.com/v1", "kind": "Thing", "status": {"conditions": [{"type": "Healthy", "status": "False"}]}});
    let merged = api
        .patch_status("t", &PatchParams::apply("health"), &Patch::Apply(&other))
        .await
        .unwrap();
    let types: Vec<&str> = merged.data["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["Ready", "Healthy"]);

    // Spec through the main resource bumps generation; status there is ignored.
    let spec = json!({"apiVersion": "example.com/v1", "kind": "Thing", "spec": {"url": "https://y"}, "status": {"observedGeneration": 99}});
    // The creator (an Update manager) owns spec.url: taking it over needs force.
    let err = api
        .patch("t", &PatchParams::apply("user"), &Patch::Apply(&spec))
        .await
        .unwrap_err();
    assert!(
        matches!(err, kube::Error::Api(ref s) if s.code == 409 && s.message.contains(".spec.url")),
        "{err:?}"
    );
    let bumped = api
        .patch(
            "t",
            &PatchParams::apply("user").force(),
            &Patch::Apply(&spec),
        )
        .await
        .unwrap();
    assert_eq!(bumped.metadata.generation, Some(2));
    assert_eq!(bumped.data["status"]["observedGeneration"], 1);

    // Deleting the CRD deletes its objects.
    crds.delete("things.example.com", &Default::default())
        .await
        .unwrap();
    let err = api.get("t").await.unwrap_err();
    assert!(
        matches!(err, kube::Error::Api(ref s) if s.code == 404),
        "{err:?}"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn event_recorder_publishes_and_aggregates() {
    use k8s_openapi::api::events::v1::Event as K8sEvent;
    use kube::Resource;
    use kube::runtime::events::{Event, EventType, Recorder, Reporter};

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let obj = cms
        .create(&PostParams::default(), &cm("evented"))
        .await
        .unwrap();
    let reporter = Reporter {
        controller: "ballast-test".into(),
        instance: Some("pod-1".into()),
    };
    let recorder = Recorder::new(client.clone(), reporter);
    let ev = Event {
        type_: EventType::Normal,
        reason: "Reconciled".into(),
        note: Some("all good".into()),
        action: "Reconcile".into(),
        secondary: None,
    };
    let reference = obj.object_ref(&());
    recorder.publish(&ev, &reference).await.unwrap();
    // The same event again is aggregated into a series (a merge patch).
    recorder.publish(&ev, &reference).await.unwrap();
    let events: Api<K8sEvent> = Api::namespaced(client, "default");
    let list = events.list(&ListParams::default()).await.unwrap();
    assert_eq!(list.items.len(), 1, "{:?}", list.items);
    let e = &list.items[0];
    assert_eq!(e.reason.as_deref(), Some("Reconciled"));
    assert_eq!(
        e.regarding.as_ref().and_then(|r| r.name.as_deref()),
        Some("evented")
    );
    assert_eq!(e.series.as_ref().map(|s| s.count), Some(2));
    cluster.shutdown().await;
}

#[tokio::test]
async fn watcher_with_streaming_lists() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    cms.create(&PostParams::default(), &cm("existing"))
        .await
        .unwrap();
    let (reader, writer) = reflector::store();
    let stream = watcher(cms.clone(), watcher::Config::default().streaming_lists())
        .reflect(writer)
        .applied_objects()
        .default_backoff();
    let task = tokio::spawn(async move {
        futures::pin_mut!(stream);
        while stream.next().await.is_some() {}
    });
    // The initial state arrives as events ending with the initial-events-end bookmark.
    tokio::time::timeout(Duration::from_secs(15), reader.wait_until_ready())
        .await
        .unwrap()
        .unwrap();
    assert!(
        reader
            .state()
            .iter()
            .any(|c| c.metadata.name.as_deref() == Some("existing"))
    );
    cms.create(&PostParams::default(), &cm("later"))
        .await
        .unwrap();
    let r = reader.clone();
    eventually("the streamed watch to see a new object", || {
        let r = r.clone();
        async move {
            r.state()
                .iter()
                .any(|c| c.metadata.name.as_deref() == Some("later"))
        }
    })
    .await;
    task.abort();
    cluster.shutdown().await;
}

#[tokio::test]
async fn immutable_fields_are_invalid_with_field_causes() {
    use k8s_openapi::api::apps::v1::Deployment;
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let api: Api<Deployment> = Api::namespaced(client, "default");
    let deploy = |app: &str| {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web"},
            "spec": {"selector": {"matchLabels": {"app": app}},
                "template": {"metadata": {"labels": {"app": app}},
                    "spec": {"containers": [{"name": "c", "image": "nginx"}]}}},
        })
    };
    let pp = PatchParams::apply("test");
    api.patch("web", &pp, &Patch::Apply(deploy("a")))
        .await
        .unwrap();
    for dry_run in [true, false] {
        let mut pp = pp.clone();
        pp.dry_run = dry_run;
        let err = api
            .patch("web", &pp, &Patch::Apply(deploy("b")))
            .await
            .unwrap_err();
        let kube::Error::Api(s) = err else {
            panic!("expected an API error, got {err:?}")
        };
        assert_eq!((s.code, s.reason.as_str()), (422, "Invalid"));
        let want = r#"Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#;
        assert_eq!(
            s.message,
            format!("Deployment.apps \"web\" is invalid: spec.selector: {want}")
        );
        let details = s.details.unwrap();
        assert_eq!(
            (details.name.as_str(), details.kind.as_str()),
            ("web", "Deployment")
        );
        assert_eq!(details.causes.len(), 1);
        assert_eq!(details.causes[0].field, "spec.selector");
        assert_eq!(details.causes[0].reason, "FieldValueInvalid");
        assert_eq!(details.causes[0].message, want);
    }
    let live = api.get("web").await.unwrap();
    assert_eq!(
        live.spec.unwrap().selector.match_labels.unwrap()["app"],
        "a"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn crd_transition_rules_through_kube_rs() {
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    use kube::core::{ApiResource, DynamicObject, GroupVersionKind};

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": "volumes.example.com"},
        "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"plural": "volumes", "singular": "volume", "kind": "Volume"},
            "versions": [{
                "name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                    "spec": {"type": "object",
                        "x-kubernetes-validations": [{
                            "rule": "self.size >= oldSelf.size",
                            "messageExpression": "'size may only grow, not from ' + string(oldSelf.size) + ' to ' + string(self.size)",
                            "fieldPath": ".size",
                            "reason": "FieldValueForbidden"
                        }],
                        "properties": {"size": {"type": "integer"}}}
                }}}
            }]
        }
    }))
    .unwrap();
    crds.create(&PostParams::default(), &crd).await.unwrap();
    let gvk = GroupVersionKind::gvk("example.com", "v1", "Volume");
    let ar = ApiResource::from_gvk_with_plural(&gvk, "volumes");
    let api: Api<DynamicObject> = Api::namespaced_with(client, "default", &ar);
    let volume = |size: i64| json!({"apiVersion": "example.com/v1", "kind": "Volume", "metadata": {"name": "v"}, "spec": {"size": size}});
    let pp = PatchParams::apply("test");
    api.patch("v", &pp, &Patch::Apply(volume(5))).await.unwrap();
    api.patch("v", &pp, &Patch::Apply(volume(8))).await.unwrap();
    let err = api
        .patch("v", &pp, &Patch::Apply(volume(2)))
        .await
        .unwrap_err();
    let kube::Error::Api(s) = err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!((s.code, s.reason.as_str()), (422, "Invalid"));
    let cause = &s.details.unwrap().causes[0];
    assert_eq!(cause.field, "spec.size");
    assert_eq!(cause.reason, "FieldValueForbidden");
    assert_eq!(
        cause.message,
        "Forbidden: size may only grow, not from 8 to 2"
    );
    assert_eq!(api.get("v").await.unwrap().data["spec"]["size"], 8);
}

#[tokio::test]
async fn pagination_is_snapshot_consistent_until_the_history_runs_out() {
    let cluster = DevCluster::start(Options {
        watch_history: 8,
        ..Options::default()
    })
    .await
    .unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client().unwrap(), "default");
    for i in 0..4 {
        api.create(&PostParams::default(), &cm(&format!("p{i}")))
            .await
            .unwrap();
    }
    let first = api.list(&ListParams::default().limit(2)).await.unwrap();
    let rv = first.metadata.resource_version.clone().unwrap();
    let token = first.metadata.continue_.clone().unwrap();
    api.delete("p3", &DeleteParams::default()).await.unwrap();
    let rest = api
        .list(&ListParams::default().limit(2).continue_token(&token))
        .await
        .unwrap();
    let names: Vec<String> = rest
        .items
        .iter()
        .map(|c| c.metadata.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["p2", "p3"], "p3 was deleted after the first page");
    assert_eq!(rest.metadata.resource_version.as_deref(), Some(rv.as_str()));
    // An exact resourceVersion reads the same snapshot.
    let exact = api
        .list(
            &ListParams::default()
                .at(&rv)
                .matching(kube::api::VersionMatch::Exact),
        )
        .await
        .unwrap();
    assert_eq!(exact.items.len(), 4);

    // Once the history has moved past the snapshot: 410 Expired, with a
    // token for the rest of the list at the latest version.
    for i in 0..10 {
        api.create(&PostParams::default(), &cm(&format!("q{i}")))
            .await
            .unwrap();
    }
    let err = api
        .list(&ListParams::default().limit(2).continue_token(&token))
        .await
        .unwrap_err();
    let kube::Error::Api(s) = err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!((s.code, s.reason.as_str()), (410, "Expired"));
    assert!(
        s.message.starts_with(
            "The provided continue parameter is too old to display a consistent list result."
        ),
        "{}",
        s.message
    );
    let inconsistent = s.metadata.unwrap().continue_.unwrap();
    let rest = api
        .list(&ListParams::default().continue_token(&inconsistent))
        .await
        .unwrap();
    let names: Vec<String> = rest
        .items
        .iter()
        .map(|c| c.metadata.name.clone().unwrap())
        .collect();
    assert_eq!(names[0], "p2");
    assert!(names.contains(&"q9".to_string()), "{names:?}");
    assert!(!names.contains(&"p3".to_string()), "{names:?}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn metadata_only_requests_get_partial_object_metadata() {
    use kube::core::PartialObjectMeta;

    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let client = cluster.client().unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    cms.create(&PostParams::default(), &cm("meta-a"))
        .await
        .unwrap();

    let one = cms.get_metadata("meta-a").await.unwrap();
    assert_eq!(one.metadata.name.as_deref(), Some("meta-a"));
    assert_eq!(one.types.as_ref().unwrap().kind, "PartialObjectMetadata");
    let list = cms.list_metadata(&ListParams::default()).await.unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].metadata.name.as_deref(), Some("meta-a"));
    assert!(list.metadata.resource_version.is_some());

    // The bodies carry no data, unlike the whole objects.
    let url = cms.resource_url();
    let raw = |path: String, accept: &'static str| {
        let client = client.clone();
        async move {
            let req = http::Request::get(path)
                .header(http::header::ACCEPT, accept)
                .body(Vec::new())
                .unwrap();
            let text = client.request_text(req).await.unwrap();
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        }
    };
    let full = raw(format!("{url}/meta-a"), "application/json").await;
    assert!(full.get("data").is_some(), "{full}");
    let meta = raw(
        format!("{url}/meta-a"),
        "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1",
    )
    .await;
    assert_eq!(meta["kind"], "PartialObjectMetadata");
    assert_eq!(meta["apiVersion"], "meta.k8s.io/v1");
    assert!(meta.get("data").is_none(), "{meta}");
    let metas = raw(
        url.to_string(),
        "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1",
    )
    .await;
    assert_eq!(metas["kind"], "PartialObjectMetadataList");
    assert!(metas["items"][0].get("data").is_none(), "{metas}");
    assert_eq!(metas["items"][0]["metadata"]["name"], "meta-a");
    // Tables are still negotiated as before.
    let table = raw(
        url.to_string(),
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
    )
    .await;
    assert_eq!(table["kind"], "Table");

    // A metadata watcher (what kube-rs' deprecated `metadata_watcher`
    // became) sees the existing object and a later one, without data.
    let metas_api: Api<PartialObjectMeta<ConfigMap>> = Api::namespaced(client.clone(), "default");
    let mut stream = watcher(metas_api, watcher::Config::default())
        .applied_objects()
        .boxed();
    let first = tokio::time::timeout(Duration::from_secs(10), stream.try_next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(first.metadata.name.as_deref(), Some("meta-a"));
    cms.create(&PostParams::default(), &cm("meta-b"))
        .await
        .unwrap();
    let second = tokio::time::timeout(Duration::from_secs(10), stream.try_next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(second.metadata.name.as_deref(), Some("meta-b"));
    assert_eq!(second.types.as_ref().unwrap().kind, "PartialObjectMetadata");
    drop(stream);
    let mut raw_watch = cms
        .watch_metadata(&WatchParams::default().timeout(5), "0")
        .await
        .unwrap()
        .boxed();
    match raw_watch.try_next().await.unwrap() {
        Some(WatchEvent::Added(o)) => assert!(o.types.unwrap().kind == "PartialObjectMetadata"),
        other => panic!("unexpected {other:?}"),
    }
    drop(raw_watch);
    cluster.shutdown().await;
}
