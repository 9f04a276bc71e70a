//! The harness: devcluster with the CRDs, image-automation-controller
//! running in-process, a Git server, helpers to create objects, set policy
//! images and wait on status.

use std::collections::BTreeMap;
use std::time::Duration;

use ballast_api::image::v1::{
    AutomationSourceReference, ImagePolicyChoice, ImagePolicySpec, ImageRef,
    ImageUpdateAutomationSpec, SemVerPolicy,
};
use ballast_api::meta::{self, ConditionStatus, NamespacedObjectReference, conditions};
use ballast_api::source::v1::{GitRepositoryRef, GitRepositorySpec};
use ballast_api::{GitRepository, ImagePolicy, ImageUpdateAutomation};
use ballast_devcluster::{DevCluster, Options as ClusterOptions};
use ballast_image_automation_controller::Config;
use ballast_testsupport::{HttpGitServer, WorkRepo, git_command};
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{Event, Secret};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Client;
use kube::api::{Api, ListParams, ObjectMeta, Patch, PatchParams, PostParams};

/// How long any wait in these tests may take.
pub(crate) const DEADLINE: Duration = Duration::from_secs(90);

/// The namespace test objects live in.
pub(crate) const NS: &str = "default";

pub(crate) struct Harness {
    pub(crate) cluster: DevCluster,
    pub(crate) client: Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<ballast_image_automation_controller::Result<()>>>,
}

impl Harness {
    /// devcluster with the CRDs, and a controller with quick retries.
    pub(crate) async fn start() -> Self {
        Self::start_inner(true, |_| {}).await
    }

    /// devcluster with the CRDs, and the in-process controller when `controller`.
    pub(crate) async fn start_with(controller: bool) -> Self {
        Self::start_inner(controller, |_| {}).await
    }

    /// Like [`Harness::start`], with `tweak` applied to the controller's flags.
    pub(crate) async fn start_tweaked(tweak: impl FnOnce(&mut Config)) -> Self {
        Self::start_inner(true, tweak).await
    }

    async fn start_inner(controller: bool, tweak: impl FnOnce(&mut Config)) -> Self {
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
        if !controller {
            return Self {
                cluster,
                client,
                stop: None,
                task: None,
            };
        }
        let mut config = Config::embedded();
        config.options.min_retry_delay = Duration::from_millis(200);
        config.options.max_retry_delay = Duration::from_secs(1);
        config.options.graceful_shutdown_timeout = Duration::from_secs(10);
        config.requeue_dependency = Duration::from_millis(500);
        tweak(&mut config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(ballast_image_automation_controller::run_with_client(
            client.clone(),
            config,
            async move {
                let _ = stopped.await;
            },
        ));
        Self {
            cluster,
            client,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops the controller and waits for it to exit cleanly.
    pub(crate) async fn shutdown(mut self) {
        let Some(stop) = self.stop.take() else {
            return;
        };
        let _ = stop.send(());
        tokio::time::timeout(DEADLINE, self.task.take().unwrap())
            .await
            .expect("controller stops in time")
            .unwrap()
            .unwrap();
    }

    pub(crate) fn automations(&self) -> Api<ImageUpdateAutomation> {
        Api::namespaced(self.client.clone(), NS)
    }

    pub(crate) fn policies(&self) -> Api<ImagePolicy> {
        Api::namespaced(self.client.clone(), NS)
    }

    /// A GitRepository from a JSON spec.
    pub(crate) async fn create_git_repository_spec(&self, name: &str, spec: serde_json::Value) {
        let spec: GitRepositorySpec = serde_json::from_value(spec).unwrap();
        Api::<GitRepository>::namespaced(self.client.clone(), NS)
            .create(&PostParams::default(), &GitRepository::new(name, spec))
            .await
            .unwrap();
    }

    /// A GitRepository for `url` on branch `branch`, with an optional credentials Secret.
    pub(crate) async fn create_git_repository(
        &self,
        name: &str,
        url: &str,
        branch: &str,
        secret: Option<&str>,
    ) {
        let repo = GitRepository::new(
            name,
            GitRepositorySpec {
                url: url.to_string(),
                interval: "1h".into(),
                reference: Some(GitRepositoryRef {
                    branch: Some(branch.to_string()),
                    ..Default::default()
                }),
                secret_ref: secret.map(meta::LocalObjectReference::new),
                ..Default::default()
            },
        );
        Api::<GitRepository>::namespaced(self.client.clone(), NS)
            .create(&PostParams::default(), &repo)
            .await
            .unwrap();
    }

    /// An ImagePolicy whose `status.latestRef` is `name:tag`, set through the
    /// status subresource as image-reflector-controller would.
    pub(crate) async fn create_policy(&self, name: &str, image: &str, tag: &str) {
        let policy = ImagePolicy::new(
            name,
            ImagePolicySpec {
                image_repository_ref: NamespacedObjectReference {
                    name: "unused".into(),
                    namespace: None,
                },
                policy: ImagePolicyChoice {
                    semver: Some(SemVerPolicy {
                        range: ">=0".into(),
                    }),
                    ..Default::default()
                },
                ..Default::default()
            },
        );
        self.policies()
            .create(&PostParams::default(), &policy)
            .await
            .unwrap();
        self.set_latest(name, image, tag).await;
    }

    pub(crate) async fn set_latest(&self, name: &str, image: &str, tag: &str) {
        let latest = ImageRef {
            name: image.to_string(),
            tag: tag.to_string(),
            digest: None,
        };
        self.set_latest_ref(name, latest).await;
    }

    pub(crate) async fn set_latest_ref(&self, name: &str, latest: ImageRef) {
        let patch = serde_json::json!({"status": {"latestRef": latest}});
        self.policies()
            .patch_status(name, &PatchParams::default(), &Patch::Merge(patch))
            .await
            .unwrap();
    }

    pub(crate) async fn label_policy(&self, name: &str, key: &str, value: &str) {
        let patch = serde_json::json!({"metadata": {"labels": {key: value}}});
        self.policies()
            .patch(name, &PatchParams::default(), &Patch::Merge(patch))
            .await
            .unwrap();
    }

    pub(crate) async fn create_automation(&self, name: &str, spec: serde_json::Value) {
        let mut spec = spec;
        if spec.get("interval").is_none() {
            spec["interval"] = "1h".into();
        }
        let spec: ImageUpdateAutomationSpec = serde_json::from_value(spec).unwrap();
        let obj = ImageUpdateAutomation::new(name, spec);
        self.automations()
            .create(&PostParams::default(), &obj)
            .await
            .unwrap();
    }

    pub(crate) async fn patch_automation_spec(&self, name: &str, spec: serde_json::Value) {
        self.automations()
            .patch(
                name,
                &PatchParams::default(),
                &Patch::Merge(serde_json::json!({ "spec": spec })),
            )
            .await
            .unwrap();
    }

    /// Sets `reconcile.fluxcd.io/requestedAt` and waits until it is handled.
    pub(crate) async fn request_reconcile(&self, name: &str, token: &str) -> ImageUpdateAutomation {
        let patch = serde_json::json!({"metadata": {"annotations": {
            meta::annotations::RECONCILE_REQUESTED_AT: token
        }}});
        self.automations()
            .patch(name, &PatchParams::default(), &Patch::Merge(patch))
            .await
            .unwrap();
        self.wait(name, &format!("requestedAt {token} handled"), |a| {
            a.status
                .as_ref()
                .and_then(|s| s.reconcile_request.last_handled_reconcile_at.as_deref())
                == Some(token)
        })
        .await
    }

    pub(crate) async fn create_secret(&self, name: &str, data: &[(&str, &str)]) {
        let secret = Secret {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                ..Default::default()
            },
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

    pub(crate) async fn replace_secret(&self, name: &str, data: &[(&str, &str)]) {
        let api: Api<Secret> = Api::namespaced(self.client.clone(), NS);
        api.delete(name, &Default::default()).await.unwrap();
        self.create_secret(name, data).await;
    }

    pub(crate) async fn wait(
        &self,
        name: &str,
        what: &str,
        check: impl Fn(&ImageUpdateAutomation) -> bool,
    ) -> ImageUpdateAutomation {
        let api = self.automations();
        ballast_testsupport::eventually(&format!("{name}: {what}"), DEADLINE, || async {
            api.get_opt(name).await.ok().flatten().filter(|a| check(a))
        })
        .await
    }

    /// Waits until Ready has `status`, for the current generation.
    pub(crate) async fn wait_ready(
        &self,
        name: &str,
        status: ConditionStatus,
    ) -> ImageUpdateAutomation {
        self.wait(name, &format!("Ready={status:?}"), |a| {
            ready(a).is_some_and(|(s, _, _)| s == status)
                && a.status.as_ref().and_then(|s| s.observed_generation) == a.metadata.generation
        })
        .await
    }

    /// The notes of the Events about the object `name`, with their reasons.
    pub(crate) async fn events(&self, name: &str) -> Vec<(String, String)> {
        let api: Api<Event> = Api::namespaced(self.client.clone(), NS);
        api.list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|e| e.involved_object.name.as_deref() == Some(name))
            .map(|e| (e.reason.unwrap_or_default(), e.message.unwrap_or_default()))
            .collect()
    }

    pub(crate) async fn wait_event(&self, name: &str, text: &str) -> (String, String) {
        ballast_testsupport::eventually(
            &format!("an event about {name} saying '{text}'"),
            DEADLINE,
            || async {
                self.events(name)
                    .await
                    .into_iter()
                    .find(|(_, note)| note.contains(text))
            },
        )
        .await
    }
}

/// Ready's status, reason and message.
pub(crate) fn ready(a: &ImageUpdateAutomation) -> Option<(ConditionStatus, String, String)> {
    let cs = a.status.as_ref()?.conditions.as_deref()?;
    meta::find_condition(cs, conditions::READY)
        .map(|c| (c.status, c.reason.clone(), c.message.clone()))
}

pub(crate) fn last_push(a: &ImageUpdateAutomation) -> Option<String> {
    a.status.as_ref()?.last_push_commit.clone()
}

/// A Git server with repository `repo.git` whose `main` holds `files`.
pub(crate) fn git_server(server: HttpGitServer, files: &[(&str, &str)]) -> (HttpGitServer, String) {
    server.create_repo("repo.git", "main").unwrap();
    let work = WorkRepo::init("main").unwrap();
    for (path, text) in files {
        work.write(path, text).unwrap();
    }
    work.commit_all("initial").unwrap();
    work.push(server.repo_path("repo.git").to_str().unwrap(), "main:main")
        .unwrap();
    let url = server.url("repo.git");
    (server, url)
}

/// `git <args>` in the bare repository of `server`.
pub(crate) fn bare_git(server: &HttpGitServer, args: &[&str]) -> String {
    let out = git_command()
        .arg("--git-dir")
        .arg(server.repo_path("repo.git"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A source reference to GitRepository `name`.
pub(crate) fn source(name: &str) -> serde_json::Value {
    serde_json::to_value(AutomationSourceReference {
        api_version: None,
        kind: "GitRepository".into(),
        name: name.into(),
        namespace: None,
    })
    .unwrap()
}
