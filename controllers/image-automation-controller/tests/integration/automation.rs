//! ImageUpdateAutomation against a real `git http-backend`.

use ballast_api::meta::ConditionStatus;
use ballast_testsupport::{HttpAuth, HttpGitServer, HttpOptions};
use serde_json::json;

use crate::common::*;

const APP: &str = r#"# The web app; image bumped by automation.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  template:
    spec:
      containers:
        - name: web
          image: "ghcr.io/org/app:1.0.0" # {"$imagepolicy": "default:app"}
        - name: sidecar
          image: ghcr.io/org/sidecar:0.1 # not automated
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: chart
spec:
  values:
    image:
      repository: ghcr.io/org/old # {"$imagepolicy": "default:app:name"}
      tag: '1.0.0'   # {"$imagepolicy": "default:app:tag"}
"#;

const UNMARKED: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  image: ghcr.io/org/app:1.0.0\n";
const OUTSIDE: &str = "image: ghcr.io/org/app:1.0.0 # {\"$imagepolicy\": \"default:app\"}\n";

const TEMPLATE: &str = "Bump images for {{ .Values.env }} by {{ .AutomationObject }}

{{ range $file, $_ := .Changed.FileChanges -}}
file {{ $file }}
{{ end -}}
{{ range .Changed.Changes -}}
- {{ .OldValue }} -> {{ .NewValue }} ({{ .Setter }})
{{ end -}}";

fn automation_spec(extra: serde_json::Value) -> serde_json::Value {
    let mut spec = json!({
        "sourceRef": source("repo"),
        "git": {
            "commit": {
                "author": {"name": "Flux Bot", "email": "bot@example.com"},
                "messageTemplate": TEMPLATE,
                "messageTemplateValues": {"env": "prod"}
            }
        },
        "update": {"path": "./deploy", "strategy": "Setters"}
    });
    if let (Some(base), Some(extra)) = (spec.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            if k == "git" {
                for (gk, gv) in v.as_object().unwrap() {
                    base["git"][gk] = gv.clone();
                }
            } else {
                base.insert(k.clone(), v.clone());
            }
        }
    }
    spec
}

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("deploy/app.yaml", APP),
        ("deploy/plain.yaml", UNMARKED),
        ("outside/app.yaml", OUTSIDE),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_templated_change_then_nothing_then_a_new_tag() {
    let h = Harness::start().await;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    let initial = bare_git(&server, &["rev-parse", "main"]).trim().to_string();
    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "1.2.0").await;
    h.create_automation("auto", automation_spec(json!({})))
        .await;

    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    let first = last_push(&a).unwrap();
    assert_eq!(bare_git(&server, &["rev-parse", "main"]).trim(), first);
    assert_eq!(
        bare_git(&server, &["rev-parse", &format!("{first}^")]).trim(),
        initial
    );

    // Author and committer, message from the template.
    let who = bare_git(
        &server,
        &["log", "-1", "--format=%an <%ae>|%cn <%ce>", "main"],
    );
    assert_eq!(
        who.trim(),
        "Flux Bot <bot@example.com>|Flux Bot <bot@example.com>"
    );
    let message = bare_git(&server, &["log", "-1", "--format=%B", "main"]);
    assert_eq!(
        message.trim_end(),
        "Bump images for prod by default/auto

file deploy/app.yaml
- ghcr.io/org/app:1.0.0 -> ghcr.io/org/app:1.2.0 (default:app)
- ghcr.io/org/old -> ghcr.io/org/app (default:app:name)
- 1.0.0 -> 1.2.0 (default:app:tag)"
    );

    // Exactly the marked fields changed; everything else byte for byte.
    let changed = bare_git(&server, &["diff", "--name-only", &initial, "main"]);
    assert_eq!(changed.trim(), "deploy/app.yaml");
    let want = APP
        .replace("\"ghcr.io/org/app:1.0.0\"", "\"ghcr.io/org/app:1.2.0\"")
        .replace("ghcr.io/org/old #", "ghcr.io/org/app #")
        .replace("tag: '1.0.0'", "tag: '1.2.0'");
    assert_eq!(bare_git(&server, &["show", "main:deploy/app.yaml"]), want);
    assert_eq!(
        bare_git(&server, &["show", "main:deploy/plain.yaml"]),
        UNMARKED
    );
    assert_eq!(
        bare_git(&server, &["show", "main:outside/app.yaml"]),
        OUTSIDE
    );

    // Status as Flux records it, and the push event.
    let status = a.status.clone().unwrap();
    let observed = status.observed_policies.unwrap();
    assert_eq!(observed["app"].name, "ghcr.io/org/app");
    assert_eq!(observed["app"].tag, "1.2.0");
    assert_eq!(
        status.observed_source_revision.as_deref(),
        Some(format!("main@sha1:{first}").as_str()),
        "the pushed commit, as Flux records it on the cloned branch"
    );
    assert!(status.last_push_time.is_some() && status.last_automation_run_time.is_some());
    let a = h.wait_ready("auto", ConditionStatus::True).await;
    // As Flux's: the Ready message is the same with or without a push.
    assert_eq!(ready(&a).unwrap().2, "repository up-to-date");
    let (reason, note) = h
        .wait_event("auto", &format!("pushed commit '{first}' to branch 'main'"))
        .await;
    assert_eq!(reason, "Succeeded");
    assert!(note.contains("Bump images for prod"), "{note}");

    // The same policies again: no commit, up to date, and no clone either
    // (one ref listing shows the branch is where the last run left it).
    server.clear_requests();
    let a = h.request_reconcile("auto", "again").await;
    let requests = server.requests();
    assert!(!requests.is_empty(), "the branch was listed");
    assert!(
        !requests.iter().any(|r| r.is_pack_download()),
        "{requests:?}"
    );
    assert_eq!(ready(&a).unwrap().2, "repository up-to-date");
    assert_eq!(last_push(&a).as_deref(), Some(first.as_str()));
    assert_eq!(bare_git(&server, &["rev-parse", "main"]).trim(), first);
    assert_eq!(
        a.status.unwrap().observed_source_revision.as_deref(),
        Some(format!("main@sha1:{first}").as_str())
    );

    // A new latest image (the policy watch wakes the automation): a second commit on top.
    h.set_latest("app", "ghcr.io/org/app", "1.3.0").await;
    let a = h
        .wait("auto", "a second push", |a| {
            last_push(a).is_some_and(|c| c != first)
        })
        .await;
    let second = last_push(&a).unwrap();
    assert_eq!(
        bare_git(&server, &["rev-parse", &format!("{second}^")]).trim(),
        first
    );
    let text = bare_git(&server, &["show", "main:deploy/app.yaml"]);
    assert_eq!(text, want.replace("1.2.0", "1.3.0"));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_to_a_separate_branch_and_a_refspec_on_top_of_existing_commits() {
    let h = Harness::start().await;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    let main = bare_git(&server, &["rev-parse", "main"]).trim().to_string();
    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "2.0.0").await;
    h.create_automation(
        "auto",
        automation_spec(json!({"git": {
            "checkout": {"ref": {"branch": "main"}},
            "push": {"branch": "auto", "refspec": "refs/heads/auto:refs/heads/mirror"}
        }})),
    )
    .await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    let first = last_push(&a).unwrap();
    assert_eq!(
        bare_git(&server, &["rev-parse", "main"]).trim(),
        main,
        "main untouched"
    );
    assert_eq!(bare_git(&server, &["rev-parse", "auto"]).trim(), first);
    assert_eq!(bare_git(&server, &["rev-parse", "mirror"]).trim(), first);
    assert_eq!(
        bare_git(&server, &["rev-parse", &format!("{first}^")]).trim(),
        main
    );

    // The push branch did not exist: main was cloned, and is what was seen.
    assert_eq!(
        a.status
            .clone()
            .unwrap()
            .observed_source_revision
            .as_deref(),
        Some(format!("main@sha1:{main}").as_str())
    );
    // The push branch now exists: the next change goes on top of it.
    h.set_latest("app", "ghcr.io/org/app", "2.1.0").await;
    let a = h
        .wait("auto", "a second push", |a| {
            last_push(a).is_some_and(|c| c != first)
        })
        .await;
    let second = last_push(&a).unwrap();
    assert_eq!(
        bare_git(&server, &["rev-parse", &format!("{second}^")]).trim(),
        first
    );
    assert_eq!(bare_git(&server, &["rev-parse", "mirror"]).trim(), second);
    assert_eq!(
        a.status.unwrap().observed_source_revision.as_deref(),
        Some(format!("auto@sha1:{second}").as_str())
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_upstream_commit_is_never_overwritten() {
    let h = Harness::start().await;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    // A hook that commits to main on the server while the controller's first
    // push is in flight, so that push's expected old value is stale.
    let bare = server.repo_path("repo.git");
    let hook = bare.join("hooks/pre-receive");
    let marker = bare.join("raced");
    std::fs::write(
        &hook,
        format!(
            r#"#!/bin/sh
cat >/dev/null
[ -e "{marker}" ] && exit 0
touch "{marker}"
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
tree=$(git rev-parse main^{{tree}})
commit=$(echo upstream | GIT_AUTHOR_NAME=Up GIT_AUTHOR_EMAIL=up@example.com GIT_COMMITTER_NAME=Up GIT_COMMITTER_EMAIL=up@example.com git commit-tree "$tree" -p main)
git update-ref refs/heads/main "$commit"
"#,
            marker = marker.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hook)
        .status()
        .unwrap();

    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "3.0.0").await;
    h.create_automation("auto", automation_spec(json!({})))
        .await;

    // The raced push fails (Ready=False, nothing forced), the retry lands on top.
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    let pushed = last_push(&a).unwrap();
    assert!(marker.exists(), "the hook ran");
    let parent = bare_git(
        &server,
        &["log", "-1", "--format=%s|%an", &format!("{pushed}^")],
    );
    assert_eq!(
        parent.trim(),
        "upstream|Up",
        "the upstream commit stays under ours"
    );
    assert_eq!(bare_git(&server, &["rev-parse", "main"]).trim(), pushed);
    let failures: Vec<_> = h
        .events("auto")
        .await
        .into_iter()
        .filter(|(reason, _)| reason == "GitOperationFailed")
        .collect();
    assert!(
        failures
            .iter()
            .any(|(_, note)| note.contains("failed to push to branch 'main'")),
        "{failures:?}"
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_not_ready_without_leaking_them() {
    let h = Harness::start().await;
    let auth = HttpAuth::Basic {
        username: "bot".into(),
        password: "right-pass".into(),
    };
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions { auth, tls: None }).unwrap(),
        &files(),
    );
    let initial = bare_git(&server, &["rev-parse", "main"]).trim().to_string();
    h.create_secret(
        "creds",
        &[("username", "bot"), ("password", "wrong-pass-s3cr3t")],
    )
    .await;
    h.create_git_repository("repo", &url, "main", Some("creds"))
        .await;
    h.create_policy("app", "ghcr.io/org/app", "4.0.0").await;
    h.create_automation("auto", automation_spec(json!({})))
        .await;

    // A transient failure: Ready=False, retried, observedGeneration not bumped.
    let a = h
        .wait("auto", "Ready=False", |a| {
            ready(a).is_some_and(|(s, _, _)| s == ConditionStatus::False)
        })
        .await;
    let (_, reason, message) = ready(&a).unwrap();
    assert_eq!(reason, "GitOperationFailed");
    assert!(message.contains("failed to checkout source"), "{message}");
    let everything =
        serde_json::to_string(&a.status).unwrap() + &format!("{:?}", h.events("auto").await);
    assert!(!everything.contains("wrong-pass-s3cr3t"), "{everything}");
    assert_eq!(bare_git(&server, &["rev-parse", "main"]).trim(), initial);

    // Fixed credentials: the next retry pushes.
    h.replace_secret("creds", &[("username", "bot"), ("password", "right-pass")])
        .await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    assert_eq!(
        bare_git(&server, &["rev-parse", "main"]).trim(),
        last_push(&a).unwrap()
    );
    h.wait_ready("auto", ConditionStatus::True).await;
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspended_automation_does_nothing_until_resumed() {
    let h = Harness::start().await;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    let initial = bare_git(&server, &["rev-parse", "main"]).trim().to_string();
    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "5.0.0").await;
    h.create_automation("auto", automation_spec(json!({"suspend": true})))
        .await;
    // A witness in the same namespace, pushing elsewhere: whatever wakes it
    // (creation, the policy change) also reached the suspended one.
    h.create_automation(
        "witness",
        automation_spec(json!({"git": {"push": {"branch": "witness"}}})),
    )
    .await;
    let w = h
        .wait("witness", "a push", |a| last_push(a).is_some())
        .await;

    // The runtime's prologue ran (finalizer added) and stopped at suspend:
    // no status is written, and a policy change does not wake it either.
    h.wait("auto", "the finalizer", |a| {
        !a.metadata.finalizers.clone().unwrap_or_default().is_empty()
    })
    .await;
    h.set_latest("app", "ghcr.io/org/app", "5.0.1").await;
    let before = last_push(&w);
    h.wait("witness", "the push of 5.0.1", |a| last_push(a) != before)
        .await;
    let a = h.automations().get("auto").await.unwrap();
    assert!(
        a.status.is_none(),
        "no status while suspended: {:?}",
        a.status
    );
    assert_eq!(bare_git(&server, &["rev-parse", "main"]).trim(), initial);

    h.patch_automation_spec("auto", json!({"suspend": false}))
        .await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    assert_eq!(
        bare_git(&server, &["rev-parse", "main"]).trim(),
        last_push(&a).unwrap()
    );
    assert!(bare_git(&server, &["show", "main:deploy/app.yaml"]).contains("ghcr.io/org/app:5.0.1"));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_specs_stall_naming_the_field() {
    let h = Harness::start().await;
    let (_server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "6.0.0").await;
    let cases = [
        (
            "updated",
            json!({"git": {"commit": {"author": {"email": "b@example.com"}, "messageTemplate": "{{ range .Updated.Images }}{{ . }}{{ end }}"}}}),
            "RemovedTemplateField",
            "spec.git.commit.messageTemplate",
        ),
        (
            "options",
            json!({"git": {"push": {"options": {"merge_request.create": ""}}}}),
            "InvalidSourceConfiguration",
            "spec.git.push.options",
        ),
        (
            "gerrit",
            json!({"git": {"push": {"refspec": "HEAD:refs/for/main"}}}),
            "InvalidSourceConfiguration",
            "spec.git.push.refspec",
        ),
        (
            "function",
            json!({"git": {"commit": {"author": {"email": "b@example.com"}, "messageTemplate": "{{ now }}"}}}),
            "UpdateFailed",
            "spec.git.commit.messageTemplate: function \"now\" is not supported",
        ),
    ];
    for (name, extra, _, _) in &cases {
        h.create_automation(name, automation_spec(extra.clone()))
            .await;
    }
    for (name, _, reason, text) in cases {
        let a = h.wait_ready(name, ConditionStatus::False).await;
        let (_, got_reason, message) = ready(&a).unwrap();
        assert_eq!(got_reason, reason, "{name}: {message}");
        assert!(message.contains(text), "{name}: {message}");
        let stalled = a
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|cs| {
                cs.iter()
                    .any(|c| c.type_ == "Stalled" && c.status == ConditionStatus::True)
            });
        assert!(stalled, "{name} is Stalled");
    }
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_for_its_source_and_applies_only_selected_policies() {
    // No dependency requeue in the test's time: the GitRepository watch wakes it.
    let h = Harness::start_tweaked(|c| c.requeue_dependency = std::time::Duration::from_secs(3600))
        .await;
    let text = r#"a: ghcr.io/org/app:1 # {"$imagepolicy": "default:app"}
b: ghcr.io/org/other:1 # {"$imagepolicy": "default:other"}
"#;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &[("deploy/x.yaml", text)],
    );
    h.create_policy("app", "ghcr.io/org/app", "7.0.0").await;
    h.label_policy("app", "team", "a").await;
    h.create_policy("other", "ghcr.io/org/other", "9.9.9").await;
    // With a digest, the whole-image setter pins it.
    h.set_latest_ref(
        "app",
        ballast_api::image::v1::ImageRef {
            name: "ghcr.io/org/app".into(),
            tag: "7.0.0".into(),
            digest: Some("sha256:0123".into()),
        },
    )
    .await;
    h.create_automation(
        "auto",
        automation_spec(json!({"policySelector": {"matchLabels": {"team": "a"}}})),
    )
    .await;

    // No GitRepository yet: waiting on it, not a failure of the automation.
    let a = h
        .wait("auto", "DependencyNotReady", |a| {
            ready(a)
                .is_some_and(|(s, r, _)| s == ConditionStatus::False && r == "DependencyNotReady")
        })
        .await;
    assert!(
        ready(&a)
            .unwrap()
            .2
            .contains("GitRepository 'default/repo' not found")
    );
    h.create_git_repository("repo", &url, "main", None).await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    // Waiting was not announced as a failure; the push was.
    h.wait_event("auto", "pushed commit").await;
    let events = h.events("auto").await;
    assert!(
        events
            .iter()
            .all(|(reason, _)| reason != "DependencyNotReady"),
        "{events:?}"
    );

    assert_eq!(
        bare_git(&server, &["show", "main:deploy/x.yaml"]),
        text.replace("ghcr.io/org/app:1 ", "ghcr.io/org/app:7.0.0@sha256:0123 ")
    );
    let observed = a.status.unwrap().observed_policies.unwrap();
    assert_eq!(observed.keys().collect::<Vec<_>>(), vec!["app"]);
    assert_eq!(observed["app"].digest.as_deref(), Some("sha256:0123"));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_namespace_sources_are_refused_when_disabled() {
    let h = Harness::start_tweaked(|c| c.no_cross_namespace_refs = true).await;
    let mut spec = automation_spec(json!({}));
    spec["sourceRef"]["namespace"] = "elsewhere".into();
    h.create_automation("auto", spec).await;
    let a = h.wait_ready("auto", ConditionStatus::False).await;
    let (_, reason, message) = ready(&a).unwrap();
    assert_eq!(reason, "AccessDenied");
    assert!(
        message.contains("spec.sourceRef") && message.contains("elsewhere/repo"),
        "{message}"
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_and_pushes_through_the_proxy_of_proxy_secret_ref() {
    let h = Harness::start().await;
    let (server, _) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    let proxy = ballast_testsupport::ConnectProxy::start("px", "px-pass", server.addr()).unwrap();
    h.create_secret(
        "proxy",
        &[
            ("address", &format!("http://{}", proxy.addr())),
            ("username", "px"),
            ("password", "px-pass"),
        ],
    )
    .await;
    // A host only the proxy reaches (it sends everything to the Git server).
    h.create_git_repository_spec(
        "repo",
        json!({
            "url": "http://git.only-via-proxy.invalid/repo.git",
            "interval": "1h",
            "ref": {"branch": "main"},
            "proxySecretRef": {"name": "proxy"}
        }),
    )
    .await;
    h.create_policy("app", "ghcr.io/org/app", "8.0.0").await;
    h.create_automation("auto", automation_spec(json!({})))
        .await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    assert_eq!(
        bare_git(&server, &["rev-parse", "main"]).trim(),
        last_push(&a).unwrap()
    );
    let log = proxy.log();
    assert!(
        log.iter().any(|l| l.contains("git-receive-pack")),
        "{log:?}"
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_commits_with_the_openpgp_key_of_signing_key() {
    let h = Harness::start().await;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    let gpg = ballast_testsupport::Gpg::new().unwrap();
    let key = gpg.key("Flux Bot <bot@example.com>").unwrap();
    let private = gpg
        .run(&["--armor", "--export-secret-keys", &key.fingerprint])
        .unwrap();
    h.create_secret("signing", &[("git.asc", &private)]).await;
    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "10.0.0").await;
    h.create_automation(
        "auto",
        automation_spec(json!({"git": {"commit": {
            "author": {"name": "Flux Bot", "email": "bot@example.com"},
            "messageTemplate": "signed bump",
            "signingKey": {"secretRef": {"name": "signing"}}
        }}})),
    )
    .await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    let pushed = last_push(&a).unwrap();

    // git itself (with gpg and the public key) calls the signature good.
    let out = ballast_testsupport::git_command()
        .env("GNUPGHOME", gpg.home())
        .arg("--git-dir")
        .arg(server.repo_path("repo.git"))
        .args(["log", "-1", "--format=%G?|%GF|%s|%an", &pushed])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        shown.trim(),
        format!("G|{}|signed bump|Flux Bot", key.fingerprint)
    );
    assert_eq!(
        bare_git(&server, &["show", "main:deploy/app.yaml"]),
        APP.replace("app:1.0.0", "app:10.0.0")
            .replace("ghcr.io/org/old #", "ghcr.io/org/app #")
            .replace("tag: '1.0.0'", "tag: '10.0.0'")
    );

    // A Secret without the key: Ready=False naming the field and the Secret.
    h.replace_secret("signing", &[("other", "x")]).await;
    h.set_latest("app", "ghcr.io/org/app", "10.0.1").await;
    let a = h
        .wait("auto", "Ready=False", |a| {
            ready(a).is_some_and(|(s, _, _)| s == ConditionStatus::False)
        })
        .await;
    let message = ready(&a).unwrap().2;
    assert!(
        message.contains("spec.git.commit.signingKey")
            && message.contains("default/signing")
            && message.contains("git.asc"),
        "{message}"
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_commits_with_the_ssh_key_of_signing_key() {
    let h = Harness::start().await;
    let (server, url) = git_server(
        HttpGitServer::start(HttpOptions::default()).unwrap(),
        &files(),
    );
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("id_ed25519");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "bot", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen (apt-get install -y openssh-client)");
    assert!(made.success());
    let private = std::fs::read_to_string(&key).unwrap();
    let public = std::fs::read_to_string(dir.path().join("id_ed25519.pub")).unwrap();
    let allowed = dir.path().join("allowed_signers");
    std::fs::write(&allowed, format!("bot@example.com {public}")).unwrap();

    h.create_secret("signing", &[("identity", &private)]).await;
    h.create_git_repository("repo", &url, "main", None).await;
    h.create_policy("app", "ghcr.io/org/app", "11.0.0").await;
    h.create_automation(
        "auto",
        automation_spec(json!({"git": {"commit": {
            "author": {"name": "Flux Bot", "email": "bot@example.com"},
            "messageTemplate": "ssh-signed bump",
            "signingKey": {"type": "ssh", "secretRef": {"name": "signing"}}
        }}})),
    )
    .await;
    let a = h
        .wait("auto", "a pushed commit", |a| last_push(a).is_some())
        .await;
    let pushed = last_push(&a).unwrap();
    let out = ballast_testsupport::git_command()
        .arg("-c")
        .arg(format!("gpg.ssh.allowedSignersFile={}", allowed.display()))
        .arg("--git-dir")
        .arg(server.repo_path("repo.git"))
        .args(["log", "-1", "--format=%G?|%GS|%s", &pushed])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        shown.trim(),
        "G|bot@example.com|ssh-signed bump",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    h.shutdown().await;
}
