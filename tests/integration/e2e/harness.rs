//! The processes, the Git repositories and the waits of the end-to-end tests.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use ballast_api::Kustomization;
use ballast_api::meta::{ConditionStatus, conditions, find_condition};
use ballast_tests::{kubectl, repo_root};
use ballast_testsupport::{HttpGitServer, HttpOptions, WorkRepo, eventually};
use kube::api::{Api, ListParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, ResourceExt};
use serde_json::Value;

/// How long any wait may take on a loaded 2-core machine.
pub(super) const DEADLINE: Duration = Duration::from_secs(60);

/// The label kustomize-controller puts on everything a Kustomization applies.
pub(super) const NAME_LABEL: &str = "kustomize.toolkit.fluxcd.io/name";

/// Proxy variables no child may see: everything here is on loopback.
const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
];

/// The workspace binary `name` of `package`, beside this test's executable.
fn binary(name: &str, package: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/debug/deps/integration-<hash> → target/debug
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let path = dir.join(name);
    assert!(
        path.is_file(),
        "the `{name}` binary is missing at {}: build it with `cargo build -p {package} --bins` \
         (`cargo nextest run --workspace` builds every workspace binary)",
        path.display()
    );
    path
}

/// A child process whose output goes to a log file; killed when dropped, and
/// its log's tail printed if the test is failing.
pub(super) struct Process {
    name: String,
    // A Mutex so that waits holding `&E2e` can check the process is alive.
    child: Mutex<Child>,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &str, mut cmd: Command, log: PathBuf) -> Self {
        let mut out = File::options()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        writeln!(out, "----- {name}: {cmd:?}").unwrap();
        let err = out.try_clone().unwrap();
        for var in PROXY_VARS {
            cmd.env_remove(var);
        }
        cmd.env_remove("KUBERNETES_SERVICE_HOST")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({cmd:?}): {e}"));
        Self {
            name: name.to_string(),
            child: Mutex::new(child),
            log,
        }
    }

    /// Panics with the log when the process has exited.
    fn assert_running(&self) {
        let status = self.child.lock().unwrap().try_wait().unwrap();
        if let Some(status) = status {
            panic!(
                "{} exited early ({status}); log:\n{}",
                self.name,
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
        }
    }

    /// SIGKILL, then reap.
    pub(super) fn kill(&mut self) {
        let child = self
            .child
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = &lines[lines.len().saturating_sub(200)..];
            eprintln!(
                "===== last {} lines of {} ({}):\n{}",
                tail.len(),
                self.name,
                self.log.display(),
                tail.join("\n")
            );
        }
    }
}

/// A devcluster, both controllers and a Git server, all real processes
/// except the Git server's CGI host (which runs `git http-backend`).
pub(super) struct E2e {
    // NB: fields drop in order: controllers before the cluster they talk to.
    kustomize: Process,
    source: Process,
    cluster: Process,
    /// The Git server every test repository lives on.
    pub(super) git: HttpGitServer,
    /// A kube-rs client of the cluster, for reads in wait loops.
    pub(super) client: Client,
    kubeconfig: PathBuf,
    kubectl: PathBuf,
    kustomize_flags: Vec<String>,
    requests: AtomicU32,
    dir: tempfile::TempDir,
}

impl E2e {
    /// Starts devcluster, installs the CRDs with kubectl, then starts
    /// source-controller and kustomize-controller against it.
    pub(super) async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// [`Self::start`] with more kustomize-controller flags.
    pub(super) async fn start_with(kustomize_flags: &[&str]) -> Self {
        let kubectl = kubectl().unwrap();
        let ballast = binary("ballast", "ballast-cli");
        let source_bin = binary("source-controller", "ballast-source-controller");
        let kustomize_bin = binary("kustomize-controller", "ballast-kustomize-controller");
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = dir.path().join("kubeconfig");

        let mut cmd = Command::new(ballast);
        cmd.args([
            "dev",
            "cluster",
            "--listen",
            "127.0.0.1:0",
            "--simulate-workloads",
            "--kubeconfig",
        ])
        .arg(&kubeconfig);
        let cluster = Process::spawn("ballast dev cluster", cmd, dir.path().join("cluster.log"));
        // The kubeconfig is written (atomically) once the server accepts requests.
        eventually("the devcluster kubeconfig", DEADLINE, || {
            cluster.assert_running();
            let written = kubeconfig.is_file();
            async move { written.then_some(()) }
        })
        .await;
        let config = kube::Config::from_custom_kubeconfig(
            Kubeconfig::read_from(&kubeconfig).unwrap(),
            &KubeConfigOptions::default(),
        )
        .await
        .unwrap();
        let client = Client::try_from(config).unwrap();
        // The CRDs first, so the controllers' first lists succeed.
        let crds = repo_root().join("crds");
        let crds = crds.to_str().unwrap();
        for args in [
            &["apply", "--server-side", "-f", crds][..],
            &[
                "wait",
                "--for=condition=Established",
                "--timeout=60s",
                "crd",
                "--all",
            ],
        ] {
            let out = Self::kubectl_at(&kubectl, &kubeconfig, dir.path(), args, None);
            assert!(
                out.status.success(),
                "kubectl {args:?} failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        let source = Process::spawn(
            "source-controller",
            Self::controller_command(
                &source_bin,
                &kubeconfig,
                &[
                    "--storage-path",
                    dir.path().join("storage").to_str().unwrap(),
                    // Port 0: the artifact URLs advertise the bound address.
                    "--storage-addr=127.0.0.1:0",
                ],
            ),
            dir.path().join("source-controller.log"),
        );
        let kustomize = Process::spawn(
            "kustomize-controller",
            Self::controller_command(&kustomize_bin, &kubeconfig, kustomize_flags),
            dir.path().join("kustomize-controller.log"),
        );
        let git = HttpGitServer::start(HttpOptions::default()).unwrap();
        Self {
            kustomize,
            source,
            cluster,
            git,
            client,
            kubeconfig,
            kubectl,
            kustomize_flags: kustomize_flags.iter().map(|f| f.to_string()).collect(),
            requests: AtomicU32::new(0),
            dir,
        }
    }

    /// A controller binary with this harness's flags: no leader election
    /// (a restarted controller must not wait for the old Lease), no metrics
    /// or health listeners, short retry delays, console logs.
    fn controller_command(bin: &Path, kubeconfig: &Path, extra: &[&str]) -> Command {
        let mut cmd = Command::new(bin);
        cmd.env("KUBECONFIG", kubeconfig)
            .args([
                "--enable-leader-election=false",
                "--metrics-addr=",
                "--health-addr=",
                "--log-encoding=console",
                "--log-level=info",
                "--min-retry-delay=200ms",
                "--max-retry-delay=2s",
            ])
            .args(extra);
        cmd
    }

    /// Kills kustomize-controller with SIGKILL.
    pub(super) fn kill_kustomize_controller(&mut self) {
        self.kustomize.kill();
    }

    /// Starts a new kustomize-controller process (after
    /// [`Self::kill_kustomize_controller`]); it logs to the same file.
    pub(super) fn restart_kustomize_controller(&mut self) {
        let bin = binary("kustomize-controller", "ballast-kustomize-controller");
        let flags: Vec<&str> = self.kustomize_flags.iter().map(String::as_str).collect();
        self.kustomize = Process::spawn(
            "kustomize-controller (restarted)",
            Self::controller_command(&bin, &self.kubeconfig, &flags),
            self.dir.path().join("kustomize-controller.log"),
        );
    }

    /// Checks that no process died.
    pub(super) fn assert_running(&self) {
        self.cluster.assert_running();
        self.source.assert_running();
        self.kustomize.assert_running();
    }

    /// Runs `kubectl --kubeconfig FILE <args>`, feeding `stdin`.
    pub(super) fn kubectl(&self, args: &[&str], stdin: Option<&str>) -> Output {
        Self::kubectl_at(
            &self.kubectl,
            &self.kubeconfig,
            self.dir.path(),
            args,
            stdin,
        )
    }

    fn kubectl_at(
        kubectl: &Path,
        kubeconfig: &Path,
        dir: &Path,
        args: &[&str],
        stdin: Option<&str>,
    ) -> Output {
        tokio::task::block_in_place(|| {
            let mut cmd = Command::new(kubectl);
            cmd.arg("--kubeconfig")
                .arg(kubeconfig)
                .arg("--cache-dir")
                .arg(dir.join("kube-cache"))
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            for var in PROXY_VARS {
                cmd.env_remove(var);
            }
            let Some(input) = stdin else {
                return cmd.stdin(Stdio::null()).output().unwrap();
            };
            let mut child = cmd.stdin(Stdio::piped()).spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        })
    }

    /// Runs kubectl and returns its stdout, failing the test when it fails.
    pub(super) fn kubectl_ok(&self, args: &[&str]) -> String {
        let out = self.kubectl(args, None);
        assert!(
            out.status.success(),
            "kubectl {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `kubectl apply -f -` with `yaml`.
    pub(super) fn kubectl_apply(&self, yaml: &str) -> String {
        let out = self.kubectl(&["apply", "-f", "-"], Some(yaml));
        assert!(
            out.status.success(),
            "kubectl apply failed:\n{}{}\ninput:\n{yaml}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `kubectl create namespace <ns>`.
    pub(super) fn create_namespace(&self, ns: &str) {
        self.kubectl_ok(&["create", "namespace", ns]);
    }

    /// A new bare repository `<name>.git` on the Git server, with a work tree.
    pub(super) fn repo(&self, name: &str) -> Repo {
        let bare = self
            .git
            .create_repo(&format!("{name}.git"), "main")
            .unwrap();
        Repo {
            work: WorkRepo::init("main").unwrap(),
            bare,
            url: self.git.url(&format!("{name}.git")),
        }
    }

    /// Creates GitRepository `ns/name` for `repo` with kubectl.
    pub(super) fn create_git_repository(&self, ns: &str, name: &str, repo: &Repo) {
        self.kubectl_apply(&format!(
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  url: {}\n  interval: 10m\n  ref:\n    branch: main\n",
            repo.url
        ));
    }

    /// Creates Kustomization `ns/name` of GitRepository `source` and `path`
    /// with kubectl; `extra` holds more spec fields, indented by two spaces.
    pub(super) fn create_kustomization(
        &self,
        ns: &str,
        name: &str,
        source: &str,
        path: &str,
        extra: &str,
    ) {
        self.kubectl_apply(&format!(
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  interval: 10m\n  path: {path}\n  sourceRef:\n    kind: GitRepository\n    name: {source}\n{extra}"
        ));
    }

    /// Asks source-controller to fetch now, as `flux reconcile source git` does.
    pub(super) fn request_source_reconcile(&self, ns: &str, name: &str) {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        self.kubectl_ok(&[
            "annotate",
            "--overwrite",
            "-n",
            ns,
            &format!("gitrepository/{name}"),
            &format!("reconcile.fluxcd.io/requestedAt=request-{n}"),
        ]);
    }

    /// Merge-patches the spec of Kustomization `ns/name` with kubectl.
    pub(super) fn patch_kustomization(&self, ns: &str, name: &str, patch: &str) {
        self.kubectl_ok(&[
            "patch",
            "-n",
            ns,
            &format!("kustomization/{name}"),
            "--type=merge",
            "-p",
            patch,
        ]);
    }

    /// The Kustomizations API of `ns`.
    pub(super) fn kustomizations(&self, ns: &str) -> Api<Kustomization> {
        Api::namespaced(self.client.clone(), ns)
    }

    /// Waits until Kustomization `ns/name` satisfies `check`; on timeout
    /// fails with its last status.
    pub(super) async fn wait_ks(
        &self,
        ns: &str,
        name: &str,
        what: &str,
        check: impl Fn(&Kustomization) -> bool,
    ) -> Kustomization {
        let api = self.kustomizations(ns);
        let end = tokio::time::Instant::now() + DEADLINE;
        loop {
            let obj = api.get_opt(name).await.unwrap();
            if let Some(obj) = &obj
                && check(obj)
            {
                return obj.clone();
            }
            self.assert_running();
            assert!(
                tokio::time::Instant::now() < end,
                "timed out after {DEADLINE:?} waiting for Kustomization {ns}/{name} to be {what}; last status: {:#?}",
                obj.and_then(|o| o.status)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until Kustomization `ns/name` is Ready at `commit` on `main`.
    pub(super) async fn wait_applied(&self, ns: &str, name: &str, commit: &str) -> Kustomization {
        let revision = revision(commit);
        self.wait_ks(ns, name, &format!("Ready at {revision}"), |ks| {
            ready(ks).is_some_and(|(s, _, m)| {
                s == ConditionStatus::True && m == format!("Applied revision: {revision}")
            }) && last_applied(ks).as_deref() == Some(revision.as_str())
                && observed_current(ks)
        })
        .await
    }

    /// Waits until Kustomization `ns/name` has failed at `commit`; returns
    /// it with the Ready reason and message.
    pub(super) async fn wait_failed(
        &self,
        ns: &str,
        name: &str,
        commit: &str,
    ) -> (Kustomization, String, String) {
        let revision = revision(commit);
        let ks = self
            .wait_ks(ns, name, &format!("not Ready at {revision}"), |ks| {
                ks.status
                    .as_ref()
                    .and_then(|s| s.last_attempted_revision.as_deref())
                    == Some(revision.as_str())
                    && ready(ks).is_some_and(|(s, _, _)| s == ConditionStatus::False)
                    && observed_current(ks)
            })
            .await;
        let (_, reason, message) = ready(&ks).unwrap();
        (ks, reason, message)
    }

    /// The objects of `kind` in `ns` that Kustomization `owner` applied, by
    /// name, read with `kubectl get -o json`.
    pub(super) fn owned(&self, kind: &str, ns: &str, owner: &str) -> BTreeMap<String, Value> {
        let out = self.kubectl_ok(&[
            "get",
            kind,
            "-n",
            ns,
            "-l",
            &format!("{NAME_LABEL}={owner}"),
            "--show-managed-fields",
            "-o",
            "json",
        ]);
        let list: Value = serde_json::from_str(&out).unwrap();
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["metadata"]["name"].as_str().unwrap().to_string(),
                    o.clone(),
                )
            })
            .collect()
    }

    /// The notes of the events about Kustomization `ns/name`, read with
    /// `kubectl get events.events.k8s.io` (kube-rs records that API).
    pub(super) fn kustomization_events(&self, ns: &str, name: &str) -> Vec<String> {
        let out = self.kubectl_ok(&["get", "events.events.k8s.io", "-n", ns, "-o", "json"]);
        let list: Value = serde_json::from_str(&out).unwrap();
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["regarding"]["kind"] == "Kustomization" && e["regarding"]["name"] == name)
            .filter_map(|e| e["note"].as_str().map(str::to_string))
            .collect()
    }

    /// Waits until ConfigMap `ns/name` is gone.
    pub(super) async fn wait_configmap_gone(&self, ns: &str, name: &str) {
        let api: Api<k8s_openapi::api::core::v1::ConfigMap> =
            Api::namespaced(self.client.clone(), ns);
        eventually(&format!("ConfigMap {ns}/{name} deleted"), DEADLINE, || {
            let api = api.clone();
            async move { api.get_opt(name).await.unwrap().is_none().then_some(()) }
        })
        .await;
    }

    /// How many ConfigMaps in `ns` carry Kustomization `owner`'s label, read
    /// with kube-rs (cheap enough for tight loops).
    pub(super) async fn count_configmaps(&self, ns: &str, owner: &str) -> usize {
        let api: Api<k8s_openapi::api::core::v1::ConfigMap> =
            Api::namespaced(self.client.clone(), ns);
        api.list_metadata(&ListParams::default().labels(&format!("{NAME_LABEL}={owner}")))
            .await
            .unwrap()
            .items
            .iter()
            .filter(|o| !o.name_any().is_empty())
            .count()
    }
}

/// A bare repository on the Git server and a work tree that pushes to it.
pub(super) struct Repo {
    work: WorkRepo,
    bare: PathBuf,
    url: String,
}

impl Repo {
    /// Writes `contents` at `rel` in the work tree.
    pub(super) fn write(&self, rel: &str, contents: &str) {
        self.work.write(rel, contents).unwrap();
    }

    /// Removes `rel` from the work tree.
    pub(super) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.work.path().join(rel)).unwrap();
    }

    /// Commits everything and pushes `main`; returns the commit.
    pub(super) fn commit(&self, message: &str) -> String {
        let commit = self.work.commit_all(message).unwrap();
        self.work
            .push(self.bare.to_str().unwrap(), "main:main")
            .unwrap();
        commit
    }

    /// `git revert` of the last commit, pushed; returns the new commit.
    pub(super) fn revert_last(&self) -> String {
        self.work.git(&["revert", "--no-edit", "HEAD"]).unwrap();
        self.work
            .push(self.bare.to_str().unwrap(), "main:main")
            .unwrap();
        self.work.git(&["rev-parse", "HEAD"]).unwrap()
    }
}

/// Flux's revision string of `commit` on `main`.
pub(super) fn revision(commit: &str) -> String {
    format!("main@sha1:{commit}")
}

/// The Ready condition's status, reason and message.
pub(super) fn ready(ks: &Kustomization) -> Option<(ConditionStatus, String, String)> {
    let c = find_condition(
        ks.status.as_ref()?.conditions.as_deref()?,
        conditions::READY,
    )?;
    Some((c.status, c.reason.clone(), c.message.clone()))
}

/// Whether the status describes the current generation.
pub(super) fn observed_current(ks: &Kustomization) -> bool {
    ks.status.as_ref().and_then(|s| s.observed_generation) == ks.metadata.generation
}

/// `status.lastAppliedRevision`.
pub(super) fn last_applied(ks: &Kustomization) -> Option<String> {
    ks.status.as_ref()?.last_applied_revision.clone()
}

/// The inventory's ids, sorted.
pub(super) fn inventory(ks: &Kustomization) -> Vec<String> {
    let mut ids: Vec<String> = ks
        .status
        .as_ref()
        .and_then(|s| s.inventory.as_ref())
        .map(|inv| inv.entries.iter().map(|e| e.id.clone()).collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

/// Flux's inventory id of ConfigMap `ns/name`.
pub(super) fn configmap_id(ns: &str, name: &str) -> String {
    format!("{ns}_{name}__ConfigMap")
}

/// A ConfigMap manifest with `data.value`; `metadata_extra` is more
/// metadata, indented by two spaces.
pub(super) fn configmap(ns: &str, name: &str, value: &str, metadata_extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\n{metadata_extra}data:\n  value: {value:?}\n"
    )
}

/// `data.value` of a ConfigMap read as JSON.
pub(super) fn value_of(obj: &Value) -> &str {
    obj["data"]["value"].as_str().unwrap_or_default()
}

/// `metadata.resourceVersion` of an object read as JSON.
pub(super) fn resource_version(obj: &Value) -> &str {
    obj["metadata"]["resourceVersion"].as_str().unwrap()
}
