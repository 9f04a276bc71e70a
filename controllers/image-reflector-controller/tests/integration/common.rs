//! The harness: devcluster with the CRDs, image-reflector-controller running
//! in-process, helpers to create objects and wait on their status.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use ballast_api::image::v1::{ImagePolicySpec, ImageRepositorySpec};
use ballast_api::meta::{self, Condition, ConditionStatus, conditions, find_condition};
use ballast_api::{ImagePolicy, ImageRepository};
use ballast_devcluster::{DevCluster, Options as ClusterOptions};
use ballast_image_reflector_controller::Config;
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{Event, Namespace, Secret};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ListParams, ObjectMeta, Patch, PatchParams, PostParams};
use kube::{Client, Resource};

/// How long any wait in these tests may take.
pub(crate) const DEADLINE: Duration = Duration::from_secs(90);

/// The namespace test objects live in unless a test says otherwise.
pub(crate) const NS: &str = "default";

pub(crate) struct Running {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<ballast_image_reflector_controller::Result<()>>,
}

pub(crate) struct Harness {
    pub(crate) cluster: DevCluster,
    pub(crate) client: Client,
    pub(crate) storage: tempfile::TempDir,
    controller: Option<Running>,
}

impl Harness {
    /// devcluster with the CRDs, and a controller with quick retries.
    pub(crate) async fn start() -> Self {
        let _ = ballast_runtime::init_logging(
            &std::env::var("BALLAST_TEST_LOG").unwrap_or_else(|_| "error".into()),
            "console",
        );
        let cluster = DevCluster::start(ClusterOptions::default()).await.unwrap();
        let client = cluster.client().unwrap();
        let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
        for crd in ballast_api::all_crds() {
            crds.create(&PostParams::default(), &crd).await.unwrap();
        }
        let mut harness = Self {
            cluster,
            client,
            storage: tempfile::tempdir().unwrap(),
            controller: None,
        };
        harness.start_controller(|_| {}).await;
        harness
    }

    pub(crate) fn storage_path(&self) -> PathBuf {
        self.storage.path().to_path_buf()
    }

    pub(crate) async fn start_controller(&mut self, tweak: impl FnOnce(&mut Config)) {
        assert!(self.controller.is_none(), "controller already running");
        let mut config = Config::embedded(self.storage.path());
        config.options.min_retry_delay = Duration::from_millis(200);
        config.options.max_retry_delay = Duration::from_secs(2);
        config.options.graceful_shutdown_timeout = Duration::from_secs(10);
        config.requeue_dependency = Duration::from_millis(500);
        tweak(&mut config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(ballast_image_reflector_controller::run_with_client(
            self.client.clone(),
            config,
            async move {
                let _ = stopped.await;
            },
        ));
        self.controller = Some(Running {
            stop: Some(stop),
            task,
        });
    }

    /// Stops the controller and waits for it to exit cleanly.
    pub(crate) async fn stop_controller(&mut self) {
        let mut running = self.controller.take().expect("controller running");
        let _ = running.stop.take().unwrap().send(());
        tokio::time::timeout(DEADLINE, running.task)
            .await
            .expect("controller stops in time")
            .unwrap()
            .unwrap();
    }

    pub(crate) fn repos(&self, namespace: &str) -> Api<ImageRepository> {
        Api::namespaced(self.client.clone(), namespace)
    }

    pub(crate) fn policies(&self, namespace: &str) -> Api<ImagePolicy> {
        Api::namespaced(self.client.clone(), namespace)
    }

    pub(crate) async fn create_repo(&self, name: &str, spec: ImageRepositorySpec) {
        self.create_repo_in(NS, name, spec).await;
    }

    pub(crate) async fn create_repo_in(
        &self,
        namespace: &str,
        name: &str,
        spec: ImageRepositorySpec,
    ) {
        let obj = ImageRepository::new(name, spec);
        self.repos(namespace)
            .create(&PostParams::default(), &obj)
            .await
            .unwrap();
    }

    pub(crate) async fn create_policy_in(
        &self,
        namespace: &str,
        name: &str,
        spec: ImagePolicySpec,
    ) {
        let obj = ImagePolicy::new(name, spec);
        self.policies(namespace)
            .create(&PostParams::default(), &obj)
            .await
            .unwrap();
    }

    pub(crate) async fn create_policy(&self, name: &str, spec: ImagePolicySpec) {
        self.create_policy_in(NS, name, spec).await;
    }

    pub(crate) async fn create_namespace(&self, name: &str, labels: &[(&str, &str)]) {
        let ns = Namespace {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..Default::default()
            },
            ..Default::default()
        };
        let api: Api<Namespace> = Api::all(self.client.clone());
        api.create(&PostParams::default(), &ns).await.unwrap();
    }

    pub(crate) async fn create_secret(&self, name: &str, type_: &str, data: &[(&str, &str)]) {
        let secret = Secret {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                ..Default::default()
            },
            type_: Some(type_.to_string()),
            data: Some(
                data.iter()
                    .map(|(k, v)| (k.to_string(), ByteString(v.as_bytes().to_vec())))
                    .collect::<BTreeMap<_, _>>(),
            ),
            ..Default::default()
        };
        let api: Api<Secret> = Api::namespaced(self.client.clone(), NS);
        api.create(&PostParams::default(), &secret).await.unwrap();
    }

    /// Merge-patches the spec of ImageRepository `name`.
    pub(crate) async fn patch_repo(&self, name: &str, spec: serde_json::Value) {
        self.repos(NS)
            .patch(
                name,
                &PatchParams::default(),
                &Patch::Merge(serde_json::json!({ "spec": spec })),
            )
            .await
            .unwrap();
    }

    /// Sets `reconcile.fluxcd.io/requestedAt` on ImageRepository `name`.
    pub(crate) async fn request_scan(&self, name: &str, token: &str) {
        let patch = serde_json::json!({"metadata": {"annotations": {
            meta::annotations::RECONCILE_REQUESTED_AT: token
        }}});
        self.repos(NS)
            .patch(name, &PatchParams::default(), &Patch::Merge(patch))
            .await
            .unwrap();
    }

    pub(crate) async fn wait_repo(
        &self,
        name: &str,
        what: &str,
        check: impl Fn(&ImageRepository) -> bool,
    ) -> ImageRepository {
        wait_for(&self.repos(NS), name, what, check).await
    }

    pub(crate) async fn wait_policy_in(
        &self,
        namespace: &str,
        name: &str,
        what: &str,
        check: impl Fn(&ImagePolicy) -> bool,
    ) -> ImagePolicy {
        wait_for(&self.policies(namespace), name, what, check).await
    }

    pub(crate) async fn wait_policy(
        &self,
        name: &str,
        what: &str,
        check: impl Fn(&ImagePolicy) -> bool,
    ) -> ImagePolicy {
        self.wait_policy_in(NS, name, what, check).await
    }

    /// The notes of the Events about the object `name` in `namespace`, with their reasons.
    pub(crate) async fn events(&self, namespace: &str, name: &str) -> Vec<(String, String)> {
        let api: Api<Event> = Api::namespaced(self.client.clone(), namespace);
        api.list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|e| e.involved_object.name.as_deref() == Some(name))
            .map(|e| (e.reason.unwrap_or_default(), e.message.unwrap_or_default()))
            .collect()
    }

    /// Waits for an Event about `name` whose note contains `text`.
    pub(crate) async fn wait_event(
        &self,
        namespace: &str,
        name: &str,
        text: &str,
    ) -> (String, String) {
        ballast_testsupport::eventually(
            &format!("an event about {name} saying '{text}'"),
            DEADLINE,
            || async {
                self.events(namespace, name)
                    .await
                    .into_iter()
                    .find(|(_, note)| note.contains(text))
            },
        )
        .await
    }
}

async fn wait_for<K>(api: &Api<K>, name: &str, what: &str, check: impl Fn(&K) -> bool) -> K
where
    K: Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let end = tokio::time::Instant::now() + DEADLINE;
    loop {
        let obj = api.get_opt(name).await.unwrap();
        if let Some(obj) = &obj
            && check(obj)
        {
            return obj.clone();
        }
        assert!(
            tokio::time::Instant::now() < end,
            "timed out waiting for {name} to be {what}; last seen: {obj:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An ImageRepository spec for `image`, scanned every hour (so only the
/// tests' requests and spec changes rescan).
pub(crate) fn repo_spec(image: &str) -> ImageRepositorySpec {
    ImageRepositorySpec {
        image: image.to_string(),
        interval: "1h".to_string(),
        ..Default::default()
    }
}

/// Conditions and generations of either kind, for the checks below.
pub(crate) trait Observed {
    fn conditions(&self) -> &[Condition];
    fn observed_generation(&self) -> Option<i64>;
    fn generation(&self) -> Option<i64>;
}

impl Observed for ImageRepository {
    fn conditions(&self) -> &[Condition] {
        self.status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default()
    }
    fn observed_generation(&self) -> Option<i64> {
        self.status.as_ref().and_then(|s| s.observed_generation)
    }
    fn generation(&self) -> Option<i64> {
        self.metadata.generation
    }
}

impl Observed for ImagePolicy {
    fn conditions(&self) -> &[Condition] {
        self.status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default()
    }
    fn observed_generation(&self) -> Option<i64> {
        self.status.as_ref().and_then(|s| s.observed_generation)
    }
    fn generation(&self) -> Option<i64> {
        self.metadata.generation
    }
}

pub(crate) fn condition<'a>(obj: &'a impl Observed, type_: &str) -> Option<&'a Condition> {
    find_condition(obj.conditions(), type_)
}

/// Ready=True for the current generation.
pub(crate) fn is_ready(obj: &impl Observed) -> bool {
    condition(obj, conditions::READY).is_some_and(|c| c.status == ConditionStatus::True)
        && obj.observed_generation() == obj.generation()
}

/// Ready=False with `reason`.
pub(crate) fn is_not_ready_with(obj: &impl Observed, reason: &str) -> bool {
    condition(obj, conditions::READY)
        .is_some_and(|c| c.status == ConditionStatus::False && c.reason == reason)
}

/// Stalled=True with `reason`.
pub(crate) fn is_stalled_with(obj: &impl Observed, reason: &str) -> bool {
    condition(obj, conditions::STALLED)
        .is_some_and(|c| c.status == ConditionStatus::True && c.reason == reason)
}

/// The Ready message.
pub(crate) fn ready_message(obj: &impl Observed) -> String {
    condition(obj, conditions::READY)
        .map(|c| c.message.clone())
        .unwrap_or_default()
}

/// kstatus: a finished object is Ready=True without Reconciling/Stalled, or
/// Stalled=True; a failing one is Ready=False with Reconciling=True.
pub(crate) fn assert_kstatus(obj: &impl Observed) {
    let ready = condition(obj, conditions::READY).expect("Ready condition");
    let stalled = condition(obj, conditions::STALLED);
    let reconciling = condition(obj, conditions::RECONCILING);
    if ready.status == ConditionStatus::True || stalled.is_some() {
        assert_eq!(
            obj.observed_generation(),
            obj.generation(),
            "observedGeneration"
        );
    }
    match ready.status {
        ConditionStatus::True => assert!(
            stalled.is_none() && reconciling.is_none(),
            "{:#?}",
            obj.conditions()
        ),
        _ => assert!(
            stalled.is_some_and(|c| c.status == ConditionStatus::True)
                || reconciling.is_some_and(|c| c.status == ConditionStatus::True),
            "{:#?}",
            obj.conditions()
        ),
    }
    for c in obj.conditions() {
        assert_eq!(c.observed_generation, obj.generation(), "{c:?}");
    }
}

/// The tag count of the last scan.
pub(crate) fn tag_count(repo: &ImageRepository) -> Option<i64> {
    repo.status
        .as_ref()
        .and_then(|s| s.last_scan_result.as_ref())
        .map(|r| r.tag_count)
}

/// The latest tag a policy chose.
pub(crate) fn latest_tag(policy: &ImagePolicy) -> Option<String> {
    policy
        .status
        .as_ref()
        .and_then(|s| s.latest_ref.as_ref())
        .map(|r| r.tag.clone())
}

/// A `.dockerconfigjson` document with `username:password` for `host`.
pub(crate) fn docker_config_json(host: &str, username: &str, password: &str) -> String {
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    serde_json::json!({"auths": {host: {"auth": auth}}}).to_string()
}
