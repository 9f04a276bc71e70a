//! `ballast dev up`, the real binary: applies a local repository, applies
//! and prunes on new commits without any trigger, reports a broken commit,
//! follows a branch checkout, serves the repository read-only, exits 0 on
//! SIGINT; bad input fails naming it.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the machine running the tests may be busy building.
const DEADLINE: Duration = Duration::from_secs(90);

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .envs(git_env())
        .output()
        .expect("git is not installed: apt-get install -y git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn git_env() -> [(&'static str, &'static str); 6] {
    [
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "Test"),
        ("GIT_AUTHOR_EMAIL", "test@example.invalid"),
        ("GIT_COMMITTER_NAME", "Test"),
        ("GIT_COMMITTER_EMAIL", "test@example.invalid"),
    ]
}

fn config_map(name: &str, greeting: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  greeting: {greeting}\n"
    )
}

/// A repository with `deploy/` holding two ConfigMaps, one commit on `trunk`.
fn repo(root: &Path) -> PathBuf {
    let dir = root.join("repo");
    std::fs::create_dir_all(dir.join("deploy")).unwrap();
    git(&dir, &["init", "-q", "-b", "trunk"]);
    std::fs::write(dir.join("deploy/a.yaml"), config_map("a", "hello")).unwrap();
    std::fs::write(dir.join("deploy/b.yaml"), config_map("b", "hello")).unwrap();
    std::fs::write(
        dir.join("deploy/kustomization.yaml"),
        "resources:\n- a.yaml\n- b.yaml\n",
    )
    .unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "two config maps"]);
    dir
}

fn kubectl_path() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("kubectl"))
                .find(|p| p.is_file())
        })
        .expect("kubectl is not on PATH: install it to run this test")
}

/// Runs kubectl against `kubeconfig`; stdout on success, `None` on failure.
fn kubectl(kubeconfig: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(kubectl_path())
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .arg("--cache-dir")
        .arg(kubeconfig.with_extension("cache"))
        .args(args)
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Polls `check` until it returns `Some`, failing with `what` and the log.
fn eventually<T>(what: &str, log: &Log, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; output so far:\n{}",
            log.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The lines `ballast dev up` printed so far.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn capture(child: &mut Child) -> Self {
        let log = Log::default();
        let stdout = child.stdout.take().unwrap();
        let lines = log.0.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap().push(line);
            }
        });
        log
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }

    fn find(&self, pred: impl Fn(&str) -> bool) -> Option<String> {
        self.0.lock().unwrap().iter().find(|l| pred(l)).cloned()
    }
}

/// Kills the child if a test fails before it stops it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn applies_new_commits_prunes_and_stops_cleanly_on_sigint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = repo(tmp.path());
    let kubeconfig = tmp.path().join("kubeconfig");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["dev", "up", "--repo"])
        .arg(&dir)
        .args(["--path", "deploy", "--kubeconfig"])
        .arg(&kubeconfig)
        .envs(git_env())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Log::capture(&mut child);
    let mut child = Running(child);

    eventually("the kubeconfig", &log, || {
        kubeconfig.is_file().then_some(())
    });
    // It holds the cluster's token.
    let mode = std::fs::metadata(&kubeconfig).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "kubeconfig mode {mode:o}");
    let greeting = |name: &str| {
        kubectl(
            &kubeconfig,
            &["get", "configmap", name, "-o", "jsonpath={.data.greeting}"],
        )
    };
    eventually("ConfigMap a applied", &log, || {
        (greeting("a")? == "hello").then_some(())
    });
    let source = kubectl(
        &kubeconfig,
        &[
            "-n",
            "flux-system",
            "get",
            "gitrepository",
            "flux-system",
            "-o",
            "jsonpath={.spec.ref.branch} {.spec.url}",
        ],
    )
    .unwrap();
    let (branch, url) = source.split_once(' ').unwrap();
    assert_eq!(branch, "trunk");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let ks = kubectl(
        &kubeconfig,
        &[
            "-n",
            "flux-system",
            "get",
            "kustomization",
            "flux-system",
            "-o",
            "jsonpath={.spec.path} {.spec.prune} {.spec.interval}",
        ],
    )
    .unwrap();
    assert_eq!(ks, "./deploy true 10m");
    eventually("the applied line in the log", &log, || {
        log.find(|l| l.contains(" applied ") && l.ends_with("ConfigMap/default/a created"))
    });

    // The repository is served read-only: fetches work, pushes are refused.
    let remote = Command::new("git")
        .args(["ls-remote", url])
        .envs(git_env())
        .output()
        .unwrap();
    assert!(remote.status.success(), "{remote:?}");
    let head = String::from_utf8(git(&dir, &["rev-parse", "HEAD"]).stdout).unwrap();
    assert!(
        String::from_utf8_lossy(&remote.stdout)
            .contains(&format!("{}\trefs/heads/trunk", head.trim())),
        "{remote:?}"
    );
    let push = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["push", url, "trunk:refs/heads/other"])
        .envs(git_env())
        .output()
        .unwrap();
    assert!(!push.status.success(), "a push was accepted: {push:?}");

    // image-reflector-controller runs too: a policy picks a tag from a real registry.
    let registry = ballast_testsupport::OciRegistry::start().unwrap();
    registry
        .push_tags("app", &["1.0.0", "1.2.0", "2.0.0-rc.1"])
        .unwrap();
    let images = tmp.path().join("images.yaml");
    std::fs::write(
        &images,
        format!(
            "apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\n\
             metadata:\n  name: app\n  namespace: default\n\
             spec:\n  image: {}\n  interval: 1m\n---\n\
             apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\n\
             metadata:\n  name: app\n  namespace: default\n\
             spec:\n  imageRepositoryRef:\n    name: app\n  policy:\n    semver:\n      range: '>=1.0.0 <2.0.0'\n",
            registry.image("app")
        ),
    )
    .unwrap();
    kubectl(&kubeconfig, &["apply", "-f", images.to_str().unwrap()]).unwrap();
    eventually("the ImagePolicy's latest tag", &log, || {
        let tag = kubectl(
            &kubeconfig,
            &[
                "get",
                "imagepolicy",
                "app",
                "-o",
                "jsonpath={.status.latestRef.tag}",
            ],
        )?;
        (tag == "1.2.0").then_some(())
    });

    // A commit changing a and removing b: applied and pruned, no trigger.
    std::fs::write(dir.join("deploy/a.yaml"), config_map("a", "bonjour")).unwrap();
    std::fs::write(
        dir.join("deploy/kustomization.yaml"),
        "resources:\n- a.yaml\n",
    )
    .unwrap();
    git(&dir, &["rm", "-q", "deploy/b.yaml"]);
    git(&dir, &["commit", "-q", "-am", "change a, drop b"]);
    let commit = String::from_utf8(git(&dir, &["rev-parse", "--short=7", "HEAD"]).stdout).unwrap();
    let start = Instant::now();
    eventually("the new commit applied", &log, || {
        (greeting("a")? == "bonjour").then_some(())
    });
    eprintln!(
        "commit to applied (as seen by kubectl): {:?}",
        start.elapsed()
    );
    eventually("ConfigMap b pruned", &log, || {
        greeting("b").is_none().then_some(())
    });
    eventually("the pruned line in the log", &log, || {
        log.find(|l| {
            l.contains(" pruned ")
                && l.contains(&format!("trunk@sha1:{}", commit.trim()))
                && l.ends_with("ConfigMap/default/b deleted")
        })
    });

    // A broken commit is reported with its revision and changes nothing;
    // the next commit is applied as usual.
    std::fs::write(
        dir.join("deploy/kustomization.yaml"),
        "resources:\n- a.yaml\n- missing.yaml\n",
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-am", "broken"]);
    let broken = String::from_utf8(git(&dir, &["rev-parse", "--short=7", "HEAD"]).stdout).unwrap();
    eventually("the failed line in the log", &log, || {
        log.find(|l| {
            l.contains(" failed ")
                && l.contains(&format!("trunk@sha1:{}", broken.trim()))
                && l.contains("missing.yaml")
        })
    });
    assert_eq!(greeting("a").as_deref(), Some("bonjour"));

    // Checking out another branch is followed.
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(
        dir.join("deploy/kustomization.yaml"),
        "resources:\n- a.yaml\n",
    )
    .unwrap();
    std::fs::write(dir.join("deploy/a.yaml"), config_map("a", "ciao")).unwrap();
    git(&dir, &["commit", "-q", "-am", "fixed on a branch"]);
    eventually("the branch's commit applied", &log, || {
        (greeting("a")? == "ciao").then_some(())
    });
    let followed = kubectl(
        &kubeconfig,
        &[
            "-n",
            "flux-system",
            "get",
            "gitrepository",
            "flux-system",
            "-o",
            "jsonpath={.spec.ref.branch}",
        ],
    );
    assert_eq!(followed.as_deref(), Some("feature"));

    eprintln!("ballast dev up printed:\n{}", log.text());

    // SIGINT, as Ctrl-C sends: everything stops and the exit status is 0.
    let pid = child.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = eventually("the process to exit after SIGINT", &log, || {
        child.0.try_wait().unwrap()
    });
    assert!(status.success(), "{status:?}\n{}", log.text());
    assert!(
        !kubeconfig.exists(),
        "the kubeconfig of a stopped cluster was left behind"
    );
}

/// Runs `ballast dev up` expecting it to fail before starting anything.
fn fails(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ballast"));
    cmd.args(["dev", "up"])
        .args(args)
        .arg("--kubeconfig")
        .arg(tmp.path().join("kubeconfig"))
        .envs(git_env());
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "{out:?}");
    assert!(!tmp.path().join("kubeconfig").exists());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_input_fails_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let os = |p: &Path| p.to_str().unwrap().to_string();

    let missing = tmp.path().join("missing");
    let err = fails(&["--repo", &os(&missing)]);
    assert!(
        err.contains(&format!("--repo {}: no such directory", missing.display())),
        "{err}"
    );

    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let err = fails(&["--repo", &os(&plain)]);
    assert!(
        err.contains(&format!(
            "--repo {}: not inside a Git work tree",
            plain.display()
        )),
        "{err}"
    );

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    git(&empty, &["init", "-q", "-b", "main"]);
    let err = fails(&["--repo", &os(&empty)]);
    assert!(err.contains("has no commits yet"), "{err}");
    assert!(err.contains(&empty.display().to_string()), "{err}");

    let dir = repo(tmp.path());
    let err = fails(&["--repo", &os(&dir), "--path", "nowhere"]);
    assert!(
        err.contains("--path nowhere: no directory nowhere"),
        "{err}"
    );

    std::fs::create_dir(dir.join("uncommitted")).unwrap();
    let err = fails(&["--repo", &os(&dir), "--path", "uncommitted"]);
    assert!(err.contains("exists on disk: commit it first"), "{err}");

    let err = fails(&["--repo", &os(&dir), "--path", "deploy/a.yaml"]);
    assert!(err.contains("is a file"), "{err}");

    let err = fails(&["--repo", &os(&dir), "--path", "../.."]);
    assert!(
        err.contains("--path ../..: leads outside the repository"),
        "{err}"
    );

    // Someone's own kubeconfig is never overwritten.
    let mine = tmp.path().join("config");
    std::fs::write(
        &mine,
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["dev", "up", "--repo", &os(&dir), "--kubeconfig", &os(&mine)])
        .envs(git_env())
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("--kubeconfig {}: the file exists", mine.display())),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&mine)
            .unwrap()
            .contains("current-context: prod")
    );

    git(&dir, &["checkout", "-q", "--detach"]);
    let err = fails(&["--repo", &os(&dir)]);
    assert!(err.contains("HEAD is detached"), "{err}");
}
