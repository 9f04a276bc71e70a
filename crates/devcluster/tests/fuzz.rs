//! Property tests of the patch and apply engines on random objects: no
//! panics, apply is idempotent, a merge patch of a diff reproduces the target.
//! They go through the HTTP API, so every layer sees the random input.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ballast_devcluster::{DevCluster, Options};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|i| json!(i)),
        "[a-z]{0,6}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z$]{1,5}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn data() -> impl Strategy<Value = Value> {
    prop::collection::btree_map("[a-z]{1,4}", "[a-z]{0,4}", 0..5).prop_map(|m| json!(m))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn merge_patch_of_a_diff_reproduces_the_target(a in value(), b in value()) {
        let (a, b) = (json!({"x": a}), json!({"x": b}));
        let diff = ballast_patch::merge_diff(&a, &b);
        // Nulls inside objects mean "delete" in merge patches, so the target
        // is compared without them.
        fn strip(v: &Value) -> Value {
            match v {
                Value::Object(m) => Value::Object(m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), strip(v))).collect()),
                other => other.clone(),
            }
        }
        prop_assert_eq!(strip(&ballast_patch::merge_patch(&a, &diff)), strip(&b));
    }

    #[test]
    fn random_bodies_never_crash_the_server(spec in value(), patch in value(), d1 in data(), d2 in data()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let cluster = DevCluster::start(Options::default()).await.unwrap();
            let client = cluster.client().unwrap();
            let send = |method: &'static str, path: String, ct: &'static str, body: Value| {
                let client = client.clone();
                async move {
                    let req = http::Request::builder().method(method).uri(path).header("Content-Type", ct).body(serde_json::to_vec(&body).unwrap()).unwrap();
                    match client.request_text(req).await {
                        Ok(_) => 200,
                        Err(kube::Error::Api(s)) => s.code,
                        Err(e) => panic!("transport error: {e}"),
                    }
                }
            };
            let base = "/apis/apps/v1/namespaces/default/deployments";
            let dep = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": spec});
            let code = send("POST", base.to_string(), "application/json", dep.clone()).await;
            assert!(code < 500, "create: {code}");
            for ct in ["application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json"] {
                let code = send("PATCH", format!("{base}/d"), ct, patch.clone()).await;
                assert!(code < 500, "{ct}: {code}");
            }
            let code = send("PATCH", format!("{base}/d?fieldManager=f"), "application/apply-patch+yaml", dep).await;
            assert!(code < 500, "apply: {code}");

            // Apply twice with the same body: the second changes nothing.
            let cms = "/api/v1/namespaces/default/configmaps/c?fieldManager=a";
            let c1 = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": d1});
            assert_eq!(send("PATCH", cms.into(), "application/apply-patch+yaml", c1.clone()).await, 200);
            let api: kube::Api<k8s_openapi::api::core::v1::ConfigMap> = kube::Api::namespaced(client.clone(), "default");
            let first = api.get("c").await.unwrap();
            assert_eq!(send("PATCH", cms.into(), "application/apply-patch+yaml", c1).await, 200);
            let second = api.get("c").await.unwrap();
            assert_eq!(first.metadata.resource_version, second.metadata.resource_version);
            // Another manager applying other data conflicts or merges, never crashes.
            let c2 = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": d2});
            let code = send("PATCH", "/api/v1/namespaces/default/configmaps/c?fieldManager=b".into(), "application/apply-patch+yaml", c2).await;
            assert!(code == 200 || code == 409, "second manager: {code}");
            cluster.shutdown().await;
        });
    }
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("api".to_string()),
        Just("apis".to_string()),
        Just("v1".to_string()),
        Just("apps".to_string()),
        Just("namespaces".to_string()),
        Just("default".to_string()),
        Just("configmaps".to_string()),
        Just("deployments".to_string()),
        Just("status".to_string()),
        Just("scale".to_string()),
        Just("openapi".to_string()),
        Just("v3".to_string()),
        Just("..".to_string()),
        Just("%2F".to_string()),
        "[a-z0-9.-]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_requests_never_get_a_5xx(
        segs in prop::collection::vec(segment(), 0..7),
        method in prop_oneof![Just("GET"), Just("POST"), Just("PUT"), Just("PATCH"), Just("DELETE")],
        query in "(watch=1|limit=[0-9a]{1,3}|labelSelector=[a-z!=]{1,5}|fieldSelector=[a-z.=]{1,12}|dryRun=All|fieldManager=[a-z]{1,4}|force=true|continue=[a-zA-Z0-9]{0,6}|resourceVersion=[0-9]{1,3})(&(watch=1|limit=2|timeoutSeconds=1|fieldValidation=Strict))?",
        body in value(),
        ct in prop_oneof![Just("application/json"), Just("application/merge-patch+json"), Just("application/apply-patch+yaml"), Just("application/json-patch+json"), Just("application/strategic-merge-patch+json"), Just("text/plain")],
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let cluster = DevCluster::start(Options::default()).await.unwrap();
            let client = cluster.client().unwrap();
            let path = format!("/{}?{query}", segs.join("/"));
            let Ok(req) = http::Request::builder()
                .method(method)
                .uri(path.as_str())
                .header("Content-Type", ct)
                .body(serde_json::to_vec(&body).unwrap())
            else {
                // Not even a valid URI: nothing to send.
                return;
            };
            // Watches stream forever: bound them.
            let res = tokio::time::timeout(std::time::Duration::from_millis(500), client.request_text(req)).await;
            match res {
                // A watch that is still streaming, or a success.
                Err(_) | Ok(Ok(_)) => {}
                Ok(Err(kube::Error::Api(s))) => assert!(s.code < 500, "{method} {path}: {} {}", s.code, s.message),
                Ok(Err(e)) => panic!("{method} {path}: the connection failed: {e}"),
            }
            cluster.shutdown().await;
        });
    }
}
