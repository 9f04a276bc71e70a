//! Conformance with the real `kubectl`: every case asserts on kubectl's
//! output, not only on its exit code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Cluster, Kubectl};

const DEPLOY: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
"#;

const CRD: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            x-kubernetes-validations:
            - {rule: "self.size != 7", message: "size 7 is reserved"}
            properties:
              size: {type: integer, minimum: 1, maximum: 10, description: How big the widget is.}
              color: {type: string, enum: [red, blue], default: red}
              tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
          status:
            type: object
            properties:
              phase: {type: string}
"#;

fn cm(name: &str, labels: &str) -> String {
    format!(
        r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}","labels":{{{labels}}}}},"data":{{"k":"v"}}}}"#
    )
}

fn with_crd(k: &Kubectl) {
    let f = k.file("crd.yaml", CRD);
    k.ok(&["apply", "-f", &f]);
    let out = k.ok(&[
        "wait",
        "--for=condition=Established",
        "crd/widgets.example.com",
        "--timeout=20s",
    ]);
    assert!(out.contains("condition met"), "{out}");
}

#[test]
fn version_reports_the_server() {
    let k = Kubectl::new();
    let out = k.ok(&["version"]);
    assert!(out.contains("Server Version: v1.33"), "{out}");
}

#[test]
fn api_resources_lists_builtin_groups() {
    let k = Kubectl::new();
    let out = k.ok(&["api-resources"]);
    for needle in [
        "configmaps",
        "deployments",
        "customresourcedefinitions",
        "leases",
        "horizontalpodautoscalers",
        "poddisruptionbudgets",
    ] {
        assert!(out.contains(needle), "{needle} missing:\n{out}");
    }
    let line = out.lines().find(|l| l.starts_with("deployments")).unwrap();
    assert!(
        line.contains("deploy")
            && line.contains("apps/v1")
            && line.contains("true")
            && line.contains("Deployment"),
        "{line}"
    );
}

#[test]
fn default_namespaces_exist() {
    let k = Kubectl::new();
    let out = k.ok(&["get", "namespaces"]);
    for ns in ["default", "kube-system", "kube-public"] {
        let line = out
            .lines()
            .find(|l| l.starts_with(ns))
            .unwrap_or_else(|| panic!("{ns} missing: {out}"));
        assert!(line.contains("Active"), "{line}");
    }
}

#[test]
fn create_then_get_as_json_yaml_and_jsonpath() {
    let k = Kubectl::new();
    let out = k.ok_stdin(&["create", "-f", "-"], &cm("one", r#""app":"a""#));
    assert_eq!(out.trim(), "configmap/one created");
    let json: serde_json::Value =
        serde_json::from_str(&k.ok(&["get", "cm", "one", "-o", "json"])).unwrap();
    assert_eq!(json["data"]["k"], "v");
    assert_eq!(json["metadata"]["namespace"], "default");
    assert!(json["metadata"]["uid"].as_str().unwrap().len() == 36);
    assert!(
        json["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
    let yaml = k.ok(&["get", "cm", "one", "-o", "yaml"]);
    assert!(
        yaml.contains("kind: ConfigMap") && yaml.contains("  k: v"),
        "{yaml}"
    );
    let jp = k.ok(&["get", "cm", "one", "-o", "jsonpath={.metadata.labels.app}"]);
    assert_eq!(jp, "a");
    let again = k.fails_stdin(&["create", "-f", "-"], &cm("one", ""));
    assert!(
        again.contains("AlreadyExists") || again.contains("already exists"),
        "{again}"
    );
}

#[test]
fn table_columns_for_builtins() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("c", ""));
    let out = k.ok(&["get", "cm", "c"]);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "DATA", "AGE"]);
    assert!(
        out.lines().nth(1).unwrap().split_whitespace().nth(1) == Some("1"),
        "{out}"
    );
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let out = k.ok(&["get", "deploy"]);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    assert!(out.contains("0/2"), "{out}");
    let svc = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"clusterIP":"10.0.0.7","ports":[{"port":80,"protocol":"TCP"}]}}"#;
    k.ok_stdin(&["create", "-f", "-"], svc);
    let out = k.ok(&["get", "svc", "s"]);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE"
        ]
    );
    assert!(
        out.contains("ClusterIP") && out.contains("10.0.0.7") && out.contains("80/TCP"),
        "{out}"
    );
    let wide = k.ok(&["get", "deploy", "-o", "wide"]);
    assert!(
        wide.contains("nginx:1.25") && wide.contains("app=web"),
        "{wide}"
    );
}

#[test]
fn label_selectors() {
    let k = Kubectl::new();
    for (n, l) in [
        ("a", r#""tier":"front","x":"1""#),
        ("b", r#""tier":"back""#),
        ("c", r#""tier":"db""#),
    ] {
        k.ok_stdin(&["create", "-f", "-"], &cm(n, l));
    }
    let names = |sel: &str| -> Vec<String> {
        k.ok(&[
            "get",
            "cm",
            "-l",
            sel,
            "-o",
            "jsonpath={.items[*].metadata.name}",
        ])
        .split_whitespace()
        .map(str::to_string)
        .collect()
    };
    assert_eq!(names("tier=front"), ["a"]);
    assert_eq!(names("tier!=front"), ["b", "c"]);
    assert_eq!(names("tier in (back,db)"), ["b", "c"]);
    assert_eq!(names("tier notin (back)"), ["a", "c"]);
    assert_eq!(names("x"), ["a"]);
    assert_eq!(names("!x"), ["b", "c"]);
}

#[test]
fn field_selectors_and_all_namespaces() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("a", ""));
    k.ok_stdin(&["create", "-f", "-"], &cm("b", ""));
    k.ok(&["create", "namespace", "other"]);
    let out = k.ok(&[
        "get",
        "cm",
        "--field-selector",
        "metadata.name=b",
        "-o",
        "name",
    ]);
    assert_eq!(out.trim(), "configmap/b");
    let out = k.ok(&[
        "get",
        "ns",
        "--field-selector",
        "metadata.name!=default",
        "-o",
        "name",
    ]);
    assert!(
        out.contains("namespace/other") && !out.contains("namespace/default"),
        "{out}"
    );
    let err = k.fails(&["get", "cm", "--field-selector", "spec.bogus=1"]);
    assert!(err.contains("field label not supported"), "{err}");
    let out = k.ok(&["get", "cm", "-A"]);
    assert!(
        out.lines().next().unwrap().starts_with("NAMESPACE"),
        "{out}"
    );
}

#[test]
fn chunked_lists_follow_continue_tokens() {
    let k = Kubectl::new();
    for i in 0..7 {
        k.ok_stdin(&["create", "-f", "-"], &cm(&format!("c{i}"), ""));
    }
    let out = k.run(&["get", "cm", "--chunk-size=3", "-o", "name", "-v=6"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
    assert_eq!(stderr.matches("continue=").count(), 2, "{stderr}");
}

#[test]
fn client_side_apply_creates_configures_and_leaves_unchanged() {
    let k = Kubectl::new();
    let f = k.file("d.yaml", DEPLOY);
    assert_eq!(
        k.ok(&["apply", "-f", &f]).trim(),
        "deployment.apps/web created"
    );
    assert_eq!(
        k.ok(&["apply", "-f", &f]).trim(),
        "deployment.apps/web unchanged"
    );
    let f2 = k.file("d2.yaml", &DEPLOY.replace("replicas: 2", "replicas: 4"));
    assert_eq!(
        k.ok(&["apply", "-f", &f2]).trim(),
        "deployment.apps/web configured"
    );
    let out = k.ok(&[
        "get",
        "deploy",
        "web",
        "-o",
        "jsonpath={.spec.replicas} {.metadata.generation}",
    ]);
    assert_eq!(out, "4 2");
}

#[test]
fn server_side_apply_conflicts_and_force() {
    let k = Kubectl::new();
    let f = k.file("d.yaml", DEPLOY);
    assert_eq!(
        k.ok(&["apply", "--server-side", "-f", &f]).trim(),
        "deployment.apps/web serverside-applied"
    );
    let f3 = k.file("d3.yaml", &DEPLOY.replace("replicas: 2", "replicas: 3"));
    let err = k.fails(&["apply", "--server-side", "--field-manager=other", "-f", &f3]);
    assert!(
        err.contains("conflict") && err.contains(".spec.replicas") && err.contains("\"kubectl\""),
        "{err}"
    );
    assert_eq!(
        k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]),
        "2"
    );
    k.ok(&[
        "apply",
        "--server-side",
        "--field-manager=other",
        "--force-conflicts",
        "-f",
        &f3,
    ]);
    assert_eq!(
        k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]),
        "3"
    );
    let mf = k.ok(&[
        "get",
        "deploy",
        "web",
        "--show-managed-fields",
        "-o",
        "jsonpath={.metadata.managedFields[*].manager}",
    ]);
    assert!(mf.contains("other") && mf.contains("kubectl"), "{mf}");
    // The first manager no longer owns replicas: applying without it keeps 3.
    let no_replicas = DEPLOY.replace("  replicas: 2\n", "");
    let f4 = k.file("d4.yaml", &no_replicas);
    k.ok(&["apply", "--server-side", "-f", &f4]);
    assert_eq!(
        k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]),
        "3"
    );
}

#[test]
fn server_side_apply_removes_fields_no_longer_applied() {
    let k = Kubectl::new();
    let with = r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}}"#;
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], with);
    let without = r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","labels":{"a":"1"}},"data":{"x":"1"}}"#;
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], without);
    let out = k.ok(&[
        "get",
        "cm",
        "m",
        "-o",
        "jsonpath={.data} {.metadata.labels}",
    ]);
    assert_eq!(out, r#"{"x":"1"} {"a":"1"}"#);
}

#[test]
fn patch_json_merge_and_strategic() {
    let k = Kubectl::new();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    assert_eq!(
        k.ok(&[
            "patch",
            "deploy",
            "web",
            "--type",
            "merge",
            "-p",
            r#"{"spec":{"replicas":5}}"#
        ])
        .trim(),
        "deployment.apps/web patched"
    );
    k.ok(&[
        "patch",
        "deploy",
        "web",
        "--type",
        "json",
        "-p",
        r#"[{"op":"replace","path":"/spec/replicas","value":6}]"#,
    ]);
    k.ok(&[
        "patch",
        "deploy",
        "web",
        "-p",
        r#"{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}"#,
    ]);
    let out = k.ok(&[
        "get",
        "deploy",
        "web",
        "-o",
        "jsonpath={.spec.replicas} {.spec.template.spec.containers[*].name}",
    ]);
    let (replicas, names) = out.split_once(' ').unwrap();
    assert_eq!(replicas, "6");
    let mut names: Vec<&str> = names.split_whitespace().collect();
    names.sort();
    assert_eq!(
        names,
        ["nginx", "side"],
        "strategic merge keeps the existing container"
    );
    let err = k.fails(&[
        "patch",
        "deploy",
        "web",
        "--type",
        "json",
        "-p",
        r#"[{"op":"remove","path":"/spec/nope"}]"#,
    ]);
    assert!(
        err.contains("Invalid") || err.contains("invalid") || err.contains("could not be applied"),
        "{err}"
    );
}

#[test]
fn strategic_merge_is_refused_for_custom_resources() {
    let k = Kubectl::new();
    with_crd(&k);
    k.ok_stdin(&["apply", "-f", "-"], r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}"#);
    let err = k.fails(&[
        "patch",
        "widget",
        "w",
        "--type",
        "strategic",
        "-p",
        r#"{"spec":{"size":2}}"#,
    ]);
    assert!(
        err.contains("UnsupportedMediaType")
            || err.contains("unknown format")
            || err.contains("not supported"),
        "{err}"
    );
    k.ok(&[
        "patch",
        "widget",
        "w",
        "--type",
        "merge",
        "-p",
        r#"{"spec":{"size":2}}"#,
    ]);
    assert_eq!(
        k.ok(&["get", "widget", "w", "-o", "jsonpath={.spec.size}"]),
        "2"
    );
}

#[test]
fn diff_shows_pending_changes() {
    let k = Kubectl::new();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let f2 = k.file("d2.yaml", &DEPLOY.replace("replicas: 2", "replicas: 7"));
    let out = k.run(&["diff", "-f", &f2]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("-  replicas: 2") && text.contains("+  replicas: 7"),
        "{text}"
    );
    let same = k.run(&["diff", "-f", &f]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stdout)
    );
    assert_eq!(
        k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]),
        "2",
        "diff must not change anything"
    );
}

#[test]
fn get_watch_streams_later_changes() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("first", ""));
    let mut child = std::process::Command::new(common::kubectl_path())
        .args([
            "--kubeconfig",
            k.cluster.kubeconfig.to_str().unwrap(),
            "--cache-dir",
            k.dir().join("wcache").to_str().unwrap(),
        ])
        .args(["get", "cm", "-w", "-o", "name"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lines = common::lines_of(child.stdout.take().unwrap());
    // Once the initial list is printed, the watch resumes from its
    // resourceVersion: a write now must show up.
    common::expect_line(&lines, "configmap/first");
    k.ok_stdin(&["create", "-f", "-"], &cm("second", ""));
    common::expect_line(&lines, "configmap/second");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn wait_for_condition_and_delete() {
    let k = Kubectl::new();
    with_crd(&k);
    k.ok_stdin(&["create", "-f", "-"], &cm("gone", ""));
    k.ok(&[
        "patch",
        "cm",
        "gone",
        "--type",
        "merge",
        "-p",
        r#"{"metadata":{"finalizers":["example.com/hold"]}}"#,
    ]);
    let out = k.ok(&["delete", "cm", "gone", "--wait=false"]);
    assert!(out.contains("deleted"), "{out}");
    let ts = k.ok(&[
        "get",
        "cm",
        "gone",
        "-o",
        "jsonpath={.metadata.deletionTimestamp}",
    ]);
    assert!(
        ts.ends_with('Z'),
        "deletionTimestamp set while the finalizer holds: {ts}"
    );
    let mut waiter = std::process::Command::new(common::kubectl_path())
        .args([
            "--kubeconfig",
            k.cluster.kubeconfig.to_str().unwrap(),
            "--cache-dir",
            k.dir().join("wait-cache").to_str().unwrap(),
        ])
        .args(["wait", "--for=delete", "cm/gone", "--timeout=20s", "-v=6"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // kubectl logs its watch request at -v=6: only then is the wait armed.
    let log = common::lines_of(waiter.stderr.take().unwrap());
    common::expect_line(&log, "watch=true");
    k.ok(&[
        "patch",
        "cm",
        "gone",
        "--type",
        "json",
        "-p",
        r#"[{"op":"remove","path":"/metadata/finalizers"}]"#,
    ]);
    let out = waiter.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("configmap/gone condition met"), "{text}");
    let err = k.fails(&["get", "cm", "gone"]);
    assert!(
        err.contains("NotFound") || err.contains("not found"),
        "{err}"
    );
}

#[test]
fn crd_install_then_custom_resource_round_trip() {
    let k = Kubectl::new();
    with_crd(&k);
    let out = k.ok(&["api-resources", "--api-group=example.com"]);
    assert!(
        out.contains("widgets") && out.contains("wd") && out.contains("Widget"),
        "{out}"
    );
    let w = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":3}}"#;
    assert_eq!(
        k.ok_stdin(&["apply", "-f", "-"], w).trim(),
        "widget.example.com/w1 created"
    );
    let out = k.ok(&["get", "wd"]);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "SIZE", "COLOR", "AGE"]);
    let row: Vec<&str> = out.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(
        &row[..3],
        ["w1", "3", "red"],
        "default applied and printed: {out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&k.ok(&["get", "widget", "w1", "-o", "json"])).unwrap();
    assert_eq!(json["metadata"]["generation"], 1);
    // Status goes through the subresource only.
    k.ok(&[
        "patch",
        "widget",
        "w1",
        "--type",
        "merge",
        "-p",
        r#"{"status":{"phase":"Ignored"}}"#,
    ]);
    assert_eq!(
        k.ok(&["get", "widget", "w1", "-o", "jsonpath={.status.phase}"]),
        ""
    );
    k.ok(&[
        "patch",
        "widget",
        "w1",
        "--subresource=status",
        "--type",
        "merge",
        "-p",
        r#"{"status":{"phase":"Ready"}}"#,
    ]);
    assert_eq!(
        k.ok(&[
            "get",
            "widget",
            "w1",
            "-o",
            "jsonpath={.status.phase} {.metadata.generation}"
        ]),
        "Ready 1"
    );
    k.ok(&[
        "patch",
        "widget",
        "w1",
        "--type",
        "merge",
        "-p",
        r#"{"spec":{"size":4}}"#,
    ]);
    assert_eq!(
        k.ok(&[
            "get",
            "widget",
            "w1",
            "-o",
            "jsonpath={.metadata.generation}"
        ]),
        "2"
    );
}

#[test]
fn crds_with_broken_cel_rules_are_rejected() {
    let k = Kubectl::new();
    let broken = CRD.replace("rule: \"self.size != 7\"", "rule: \"self.size !=\"");
    assert_ne!(broken, CRD);
    let f = k.file("broken.yaml", &broken);
    let err = k.fails(&["apply", "-f", &f]);
    assert!(
        err.contains("x-kubernetes-validations[0].rule") && err.contains("compilation failed"),
        "{err}"
    );
    let err = k.fails(&["get", "crd", "widgets.example.com"]);
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn crd_schema_errors_name_the_fields() {
    let k = Kubectl::new();
    with_crd(&k);
    let bad = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"size":30,"color":"green"}}"#;
    let err = k.fails_stdin(&["apply", "-f", "-"], bad);
    assert!(
        err.contains("spec.color") && err.contains("supported values"),
        "{err}"
    );
    assert!(
        err.contains("spec.size") && err.contains("less than or equal to 10"),
        "{err}"
    );
    let missing =
        r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{}}"#;
    let err = k.fails_stdin(&["apply", "-f", "-"], missing);
    assert!(
        err.contains("spec.size") && err.contains("Required value"),
        "{err}"
    );
    let cel = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"size":7}}"#;
    let err = k.fails_stdin(&["apply", "-f", "-"], cel);
    assert!(
        err.contains("spec: Invalid value") && err.contains("size 7 is reserved"),
        "CEL rule: {err}"
    );
    let unknown = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"size":1,"extra":true}}"#;
    let err = k.fails_stdin(&["apply", "--server-side", "-f", "-"], unknown);
    assert!(err.contains("unknown field \"spec.extra\""), "{err}");
    let err = k.fails(&["get", "widget", "bad"]);
    assert!(err.contains("not found"), "nothing stored: {err}");
}

#[test]
fn strict_validation_rejects_unknown_fields_of_builtins() {
    let k = Kubectl::new();
    let bad = r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"},"bogus":1}"#;
    let err = k.fails_stdin(&["create", "-f", "-"], bad);
    assert!(err.contains("unknown field \"bogus\""), "{err}");
    let out = k.ok_stdin(&["create", "--validate=false", "-f", "-"], bad);
    assert_eq!(out.trim(), "configmap/x created");
    assert_eq!(k.ok(&["get", "cm", "x", "-o", "jsonpath={.bogus}"]), "");
}

#[test]
fn explain_builtin_and_custom_kinds() {
    let k = Kubectl::new();
    let out = k.ok(&["explain", "deployment.spec.replicas"]);
    assert!(
        out.contains("KIND:")
            && out.contains("Deployment")
            && out.contains("replicas")
            && out.contains("<integer>"),
        "{out}"
    );
    with_crd(&k);
    let out = k.ok(&["explain", "widget.spec"]);
    assert!(
        out.contains("size")
            && out.contains("How big the widget is.")
            && out.contains("-required-"),
        "{out}"
    );
}

#[test]
fn requests_without_the_token_are_unauthorized() {
    let k = Kubectl::new();
    let text = std::fs::read_to_string(&k.cluster.kubeconfig).unwrap();
    let token = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("token: "))
        .unwrap()
        .to_string();
    let bad = k.file("bad-kubeconfig", &text.replace(&token, "wrong"));
    let out = std::process::Command::new(common::kubectl_path())
        .args([
            "--kubeconfig",
            &bad,
            "--cache-dir",
            k.dir().join("bad-cache").to_str().unwrap(),
            "get",
            "cm",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Unauthorized") || err.contains("provide credentials"),
        "{err}"
    );
}

#[test]
fn namespaced_create_needs_the_namespace() {
    let k = Kubectl::new();
    let err = k.fails_stdin(&["create", "-n", "nowhere", "-f", "-"], &cm("a", ""));
    assert!(err.contains("namespaces \"nowhere\" not found"), "{err}");
}

#[test]
fn stale_resource_version_conflicts() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("a", ""));
    let stale = k.ok(&["get", "cm", "a", "-o", "json"]);
    k.ok(&["label", "cm", "a", "x=1"]);
    let err = k.fails_stdin(&["replace", "-f", "-"], &stale);
    assert!(
        err.contains("Conflict") || err.contains("the object has been modified"),
        "{err}"
    );
}

#[test]
fn deleting_a_namespace_removes_its_objects() {
    let k = Kubectl::new();
    k.ok(&["create", "namespace", "tmp"]);
    k.ok_stdin(&["create", "-n", "tmp", "-f", "-"], &cm("a", ""));
    let out = k.ok(&["delete", "namespace", "tmp"]);
    assert!(out.contains("namespace \"tmp\" deleted"), "{out}");
    let out = k.ok(&["get", "cm", "-A", "-o", "name"]);
    assert!(out.trim().is_empty(), "{out}");
}

#[test]
fn deleting_a_crd_removes_its_objects() {
    let k = Kubectl::new();
    with_crd(&k);
    k.ok_stdin(&["apply", "-f", "-"], r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}"#);
    k.ok(&["delete", "crd", "widgets.example.com"]);
    let err = k.fails(&["get", "widgets.example.com"]);
    assert!(
        err.contains("doesn't have a resource type")
            || err.contains("NotFound")
            || err.contains("not found"),
        "{err}"
    );
    // Re-creating the CRD does not bring old objects back.
    with_crd(&k);
    let out = k.ok(&["get", "widgets", "-o", "name"]);
    assert!(out.trim().is_empty(), "{out}");
}

#[test]
fn server_dry_run_changes_nothing() {
    let k = Kubectl::new();
    let out = k.ok_stdin(&["create", "--dry-run=server", "-f", "-"], &cm("dry", ""));
    assert!(
        out.contains("configmap/dry created (server dry run)"),
        "{out}"
    );
    let err = k.fails(&["get", "cm", "dry"]);
    assert!(err.contains("not found"), "{err}");
    let err = k.fails_stdin(
        &["create", "--dry-run=server", "-f", "-"],
        r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"BAD_NAME"}}"#,
    );
    assert!(
        err.contains("metadata.name"),
        "validation still runs: {err}"
    );
}

#[test]
fn invalid_names_are_rejected() {
    let k = Kubectl::new();
    for name in ["Upper", "a_b", ".."] {
        let body =
            format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}"}}}}"#);
        let err = k.fails_stdin(&["create", "-f", "-"], &body);
        assert!(
            err.contains("metadata.name") || err.contains("may not"),
            "{name}: {err}"
        );
    }
}

#[test]
fn generate_name_gets_a_suffix() {
    let k = Kubectl::new();
    let out = k.ok_stdin(
        &["create", "-f", "-"],
        r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}"#,
    );
    let name = out
        .trim()
        .strip_prefix("configmap/gen-")
        .unwrap()
        .strip_suffix(" created")
        .unwrap();
    assert_eq!(name.len(), 5, "{out}");
}

#[test]
fn kubectl_versions_127_to_133_talk_to_it() {
    let cluster = Cluster::start();
    for v in ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"] {
        let kubectl = common::Versioned::new(&cluster, v);
        let run = |args: &[&str], stdin: Option<&str>| kubectl.ok(args, stdin.unwrap_or(""));
        let ns = format!("v{}", v.replace('.', ""));
        assert_eq!(
            run(&["create", "namespace", &ns], None).trim(),
            format!("namespace/{ns} created")
        );
        let body = format!(
            r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"c","namespace":"{ns}"}},"data":{{"a":"b"}}}}"#
        );
        assert_eq!(
            run(&["apply", "--server-side", "-f", "-"], Some(&body)).trim(),
            "configmap/c serverside-applied"
        );
        let table = run(&["get", "cm", "-n", &ns], None);
        assert!(
            table.starts_with("NAME") && table.contains("DATA"),
            "kubectl {v}: {table}"
        );
        let explain = run(&["explain", "configmap.data"], None);
        assert!(
            explain.contains("data") && explain.contains("<map[string]string>"),
            "kubectl {v}: {explain}"
        );
    }
}

fn owned_cm(k: &Kubectl, name: &str, owner: &str) {
    let uid = k.ok(&["get", "cm", owner, "-o", "jsonpath={.metadata.uid}"]);
    let body = format!(
        r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}","ownerReferences":[{{"apiVersion":"v1","kind":"ConfigMap","name":"{owner}","uid":"{uid}"}}]}}}}"#
    );
    k.ok_stdin(&["create", "-f", "-"], &body);
}

#[test]
fn delete_cascades_background_foreground_and_orphan() {
    let k = Kubectl::new();
    for mode in ["background", "foreground", "orphan"] {
        k.ok_stdin(&["create", "-f", "-"], &cm(&format!("owner-{mode}"), ""));
        owned_cm(&k, &format!("child-{mode}"), &format!("owner-{mode}"));
        owned_cm(&k, &format!("grandchild-{mode}"), &format!("child-{mode}"));
        let out = k.ok(&[
            "delete",
            "cm",
            &format!("owner-{mode}"),
            &format!("--cascade={mode}"),
        ]);
        assert!(out.contains("deleted"), "{out}");
    }
    let left = k.ok(&["get", "cm", "-o", "name"]);
    let mut left: Vec<&str> = left.lines().collect();
    left.sort();
    assert_eq!(
        left,
        ["configmap/child-orphan", "configmap/grandchild-orphan"]
    );
    let refs = k.ok(&[
        "get",
        "cm",
        "child-orphan",
        "-o",
        "jsonpath={.metadata.ownerReferences}",
    ]);
    assert_eq!(refs, "", "orphaned dependents lose the reference");
}

#[test]
fn foreground_deletion_waits_for_dependents_with_finalizers() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("owner", ""));
    owned_cm(&k, "child", "owner");
    k.ok(&[
        "patch",
        "cm",
        "child",
        "--type",
        "merge",
        "-p",
        r#"{"metadata":{"finalizers":["example.com/hold"]}}"#,
    ]);
    k.ok(&[
        "delete",
        "cm",
        "owner",
        "--cascade=foreground",
        "--wait=false",
    ]);
    let fins = k.ok(&[
        "get",
        "cm",
        "owner",
        "-o",
        "jsonpath={.metadata.finalizers}",
    ]);
    assert!(fins.contains("foregroundDeletion"), "{fins}");
    assert!(
        k.ok(&[
            "get",
            "cm",
            "child",
            "-o",
            "jsonpath={.metadata.deletionTimestamp}"
        ])
        .ends_with('Z')
    );
    k.ok(&[
        "patch",
        "cm",
        "child",
        "--type",
        "merge",
        "-p",
        r#"{"metadata":{"finalizers":null}}"#,
    ]);
    let out = k.ok(&["get", "cm", "-o", "name"]);
    assert!(
        out.trim().is_empty(),
        "owner released once its dependent is gone: {out}"
    );
}

#[test]
fn scale_subresource_through_kubectl_scale() {
    let k = Kubectl::new();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let out = k.ok(&["scale", "deploy", "web", "--replicas=5"]);
    assert_eq!(out.trim(), "deployment.apps/web scaled");
    assert_eq!(
        k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]),
        "5"
    );
}

fn simulating() -> Kubectl {
    Kubectl::with(Cluster::start_with(ballast_devcluster::Options {
        simulate_workloads: true,
        ..Default::default()
    }))
}

#[test]
fn simulated_rollouts_complete_and_fail_on_request() {
    let k = simulating();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    let out = k.ok(&[
        "wait",
        "--for=condition=Available",
        "deploy/web",
        "--timeout=20s",
    ]);
    assert!(out.contains("condition met"), "{out}");
    assert!(k.ok(&["get", "deploy", "web"]).contains("2/2"));

    let failing = DEPLOY.replace("name: web\n  labels", "name: bad\n  labels").replace(
        "      labels: {app: web}\n    spec:",
        "      labels: {app: web}\n      annotations: {devcluster.ballast.dev/fail: \"true\"}\n    spec:",
    );
    let f = k.file("bad.yaml", &failing);
    k.ok(&["apply", "-f", &f]);
    let err = k.fails(&["rollout", "status", "deploy/bad", "--timeout=20s"]);
    assert!(err.contains("exceeded its progress deadline"), "{err}");
    let reason = k.ok(&[
        "get",
        "deploy",
        "bad",
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}",
    ]);
    assert_eq!(reason, "ProgressDeadlineExceeded");
}

#[test]
fn simulated_jobs_complete_and_services_get_cluster_ips() {
    let k = simulating();
    let job = r#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}"#;
    k.ok_stdin(&["create", "-f", "-"], job);
    let out = k.ok(&[
        "wait",
        "--for=condition=Complete",
        "job/once",
        "--timeout=20s",
    ]);
    assert!(out.contains("condition met"), "{out}");
    // NAME STATUS COMPLETIONS DURATION AGE CONTAINERS IMAGES SELECTOR
    let uid = k.ok(&["get", "job", "once", "-o", "jsonpath={.metadata.uid}"]);
    let wide = k.ok(&["get", "job", "once", "-o", "wide", "--no-headers"]);
    let cells: Vec<&str> = wide.split_whitespace().collect();
    assert_eq!(cells[..3], ["once", "Complete", "1/1"], "{wide}");
    assert!(cells[3].ends_with('s'), "{wide}");
    assert_eq!(
        cells[5..],
        [
            "c",
            "busybox",
            &format!("batch.kubernetes.io/controller-uid={uid}")
        ],
        "{wide}"
    );
    let svc = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"#;
    k.ok_stdin(&["create", "-f", "-"], svc);
    k.eventually("a cluster IP", || {
        k.ok(&["get", "svc", "s", "-o", "jsonpath={.spec.clusterIP}"])
            .starts_with("10.96.")
    });
}

const MULTI_CRD: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {replicas: {type: integer}}}
          status: {type: object, properties: {replicas: {type: integer}, selector: {type: string}}}
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {replicas: {type: integer}}}
          status: {type: object, properties: {replicas: {type: integer}, selector: {type: string}}}
"#;

#[test]
fn crd_with_two_versions_serves_both_with_none_conversion() {
    let k = Kubectl::new();
    let f = k.file("multi.yaml", MULTI_CRD);
    k.ok(&["apply", "-f", &f]);
    k.ok(&[
        "wait",
        "--for=condition=Established",
        "crd/gadgets.example.com",
        "--timeout=20s",
    ]);
    let out = k.ok(&["api-versions"]);
    assert!(
        out.contains("example.com/v1\n") && out.contains("example.com/v1beta1"),
        "{out}"
    );
    k.ok_stdin(&["apply", "-f", "-"], r#"{"apiVersion":"example.com/v1beta1","kind":"Gadget","metadata":{"name":"g"},"spec":{"replicas":1}}"#);
    let v1 = k.ok(&[
        "get",
        "gadgets.v1.example.com",
        "g",
        "-o",
        "jsonpath={.apiVersion} {.spec.replicas}",
    ]);
    assert_eq!(v1, "example.com/v1 1");
    let beta = k.ok(&[
        "get",
        "gadgets.v1beta1.example.com",
        "g",
        "-o",
        "jsonpath={.apiVersion}",
    ]);
    assert_eq!(beta, "example.com/v1beta1");
    let out = k.ok(&["scale", "gadget", "g", "--replicas=3"]);
    assert_eq!(out.trim(), "gadget.example.com/g scaled");
    assert_eq!(
        k.ok(&["get", "gadget", "g", "-o", "jsonpath={.spec.replicas}"]),
        "3"
    );
}

#[test]
fn server_side_apply_of_custom_resources_with_sets() {
    let k = Kubectl::new();
    with_crd(&k);
    let a = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":2,"tags":["a","b"]}}"#;
    k.ok_stdin(
        &["apply", "--server-side", "--field-manager=first", "-f", "-"],
        a,
    );
    let b = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"tags":["c"]}}"#;
    k.ok_stdin(
        &[
            "apply",
            "--server-side",
            "--field-manager=second",
            "-f",
            "-",
        ],
        b,
    );
    let tags = k.ok(&["get", "widget", "w", "-o", "jsonpath={.spec.tags}"]);
    assert_eq!(tags, r#"["a","b","c"]"#, "sets merge across managers");
    let a2 = r#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":2,"tags":["a"]}}"#;
    k.ok_stdin(
        &["apply", "--server-side", "--field-manager=first", "-f", "-"],
        a2,
    );
    let tags = k.ok(&["get", "widget", "w", "-o", "jsonpath={.spec.tags}"]);
    assert_eq!(
        tags, r#"["a","c"]"#,
        "first's dropped item goes, second's stays"
    );
}

#[test]
fn label_annotate_and_replace() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("m", r#""a":"1""#));
    assert_eq!(
        k.ok(&["label", "cm", "m", "b=2"]).trim(),
        "configmap/m labeled"
    );
    let err = k.fails(&["label", "cm", "m", "a=3"]);
    assert!(err.contains("already has a value"), "{err}");
    k.ok(&["label", "cm", "m", "a=3", "--overwrite"]);
    assert_eq!(
        k.ok(&["annotate", "cm", "m", "note=hi"]).trim(),
        "configmap/m annotated"
    );
    let out = k.ok(&[
        "get",
        "cm",
        "m",
        "-o",
        "jsonpath={.metadata.labels.a},{.metadata.labels.b},{.metadata.annotations.note}",
    ]);
    assert_eq!(out, "3,2,hi");
    let json = k
        .ok(&["get", "cm", "m", "-o", "json"])
        .replace(r#""k": "v""#, r#""k": "replaced""#);
    assert_eq!(
        k.ok_stdin(&["replace", "-f", "-"], &json).trim(),
        "configmap/m replaced"
    );
    assert_eq!(
        k.ok(&["get", "cm", "m", "-o", "jsonpath={.data.k}"]),
        "replaced"
    );
}

#[test]
fn delete_all_and_by_label() {
    let k = Kubectl::new();
    for (n, l) in [
        ("a", r#""x":"1""#),
        ("b", r#""x":"1""#),
        ("c", r#""x":"2""#),
    ] {
        k.ok_stdin(&["create", "-f", "-"], &cm(n, l));
    }
    let out = k.ok(&["delete", "cm", "-l", "x=1"]);
    assert!(
        out.contains("\"a\" deleted") && out.contains("\"b\" deleted"),
        "{out}"
    );
    assert_eq!(k.ok(&["get", "cm", "-o", "name"]).trim(), "configmap/c");
    k.ok(&["delete", "cm", "--all"]);
    assert_eq!(k.ok(&["get", "cm", "-o", "name"]).trim(), "");
}

#[test]
fn sort_by_and_custom_columns() {
    let k = Kubectl::new();
    for (n, l) in [
        ("b", r#""rank":"2""#),
        ("a", r#""rank":"3""#),
        ("c", r#""rank":"1""#),
    ] {
        k.ok_stdin(&["create", "-f", "-"], &cm(n, l));
    }
    let out = k.ok(&[
        "get",
        "cm",
        "--sort-by=.metadata.labels.rank",
        "-o",
        "custom-columns=NAME:.metadata.name,RANK:.metadata.labels.rank",
        "--no-headers",
    ]);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows, [["c", "1"], ["b", "2"], ["a", "3"]]);
}

#[test]
fn raw_health_endpoints_and_cluster_info() {
    let k = Kubectl::new();
    assert_eq!(k.ok(&["get", "--raw", "/healthz"]), "ok");
    assert_eq!(k.ok(&["get", "--raw", "/readyz"]), "ok");
    let version: serde_json::Value =
        serde_json::from_str(&k.ok(&["get", "--raw", "/version"])).unwrap();
    assert_eq!(version["major"], "1");
    let out = k.ok(&["cluster-info"]);
    assert!(out.contains(&k.cluster.url()), "{out}");
}

#[test]
fn protobuf_creates_from_kubectl_generators() {
    let k = Kubectl::new();
    assert_eq!(
        k.ok(&["create", "namespace", "team"]).trim(),
        "namespace/team created"
    );
    assert_eq!(
        k.ok(&[
            "create",
            "configmap",
            "c",
            "-n",
            "team",
            "--from-literal=a=b"
        ])
        .trim(),
        "configmap/c created"
    );
    assert_eq!(
        k.ok(&[
            "create",
            "secret",
            "generic",
            "s",
            "-n",
            "team",
            "--from-literal=p=q"
        ])
        .trim(),
        "secret/s created"
    );
    assert_eq!(
        k.ok(&["create", "serviceaccount", "bot", "-n", "team"])
            .trim(),
        "serviceaccount/bot created"
    );
    assert_eq!(
        k.ok(&["get", "cm", "c", "-n", "team", "-o", "jsonpath={.data.a}"]),
        "b"
    );
    assert_eq!(
        k.ok(&[
            "get",
            "secret",
            "s",
            "-n",
            "team",
            "-o",
            "jsonpath={.data.p}"
        ]),
        "cQ=="
    );
    let out = k.ok(&["get", "secret", "-n", "team"]);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "TYPE", "DATA", "AGE"]);
    assert!(out.contains("Opaque"), "{out}");
    let out = k.ok(&[
        "create",
        "deployment",
        "web",
        "-n",
        "team",
        "--image=nginx:1.25",
        "--port=80",
        "--replicas=2",
    ]);
    assert_eq!(out.trim(), "deployment.apps/web created");
    let d: serde_json::Value =
        serde_json::from_str(&k.ok(&["get", "deploy", "web", "-n", "team", "-o", "json"])).unwrap();
    assert_eq!(d["spec"]["replicas"], 2);
    assert_eq!(d["spec"]["selector"]["matchLabels"]["app"], "web");
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["image"],
        "nginx:1.25"
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"],
        80
    );
    assert!(
        d["spec"]["template"]["spec"].get("hostNetwork").is_none(),
        "zero values stay out: {d}"
    );
    let out = k.ok(&[
        "create",
        "job",
        "once",
        "-n",
        "team",
        "--image=busybox",
        "--",
        "true",
    ]);
    assert_eq!(out.trim(), "job.batch/once created");
    assert_eq!(
        k.ok(&[
            "get",
            "job",
            "once",
            "-n",
            "team",
            "-o",
            "jsonpath={.spec.template.spec.containers[0].command}"
        ]),
        r#"["true"]"#
    );
    let out = k.ok(&[
        "create",
        "service",
        "clusterip",
        "svc",
        "-n",
        "team",
        "--tcp=80:8080",
    ]);
    assert_eq!(out.trim(), "service/svc created");
    assert_eq!(
        k.ok(&[
            "get",
            "svc",
            "svc",
            "-n",
            "team",
            "-o",
            "jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort}"
        ]),
        "80 8080"
    );
}

#[test]
fn terminating_namespace_waits_for_finalizers_of_its_objects() {
    let k = Kubectl::new();
    k.ok(&["create", "namespace", "team"]);
    k.ok_stdin(&["create", "-n", "team", "-f", "-"], &cm("held", ""));
    k.ok_stdin(&["create", "-n", "team", "-f", "-"], &cm("free", ""));
    k.ok(&[
        "patch",
        "-n",
        "team",
        "cm",
        "held",
        "--type",
        "merge",
        "-p",
        r#"{"metadata":{"finalizers":["example.com/hold"]}}"#,
    ]);
    k.ok(&["delete", "namespace", "team", "--wait=false"]);
    assert_eq!(
        k.ok(&["get", "ns", "team", "-o", "jsonpath={.status.phase}"]),
        "Terminating"
    );
    assert_eq!(
        k.ok(&["get", "cm", "-n", "team", "-o", "name"]).trim(),
        "configmap/held"
    );
    let err = k.fails_stdin(&["create", "-n", "team", "-f", "-"], &cm("new", ""));
    assert!(err.contains("being terminated"), "{err}");
    k.ok(&[
        "patch",
        "-n",
        "team",
        "cm",
        "held",
        "--type",
        "merge",
        "-p",
        r#"{"metadata":{"finalizers":null}}"#,
    ]);
    let err = k.fails(&["get", "ns", "team"]);
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn auth_can_i_and_whoami() {
    let k = Kubectl::new();
    assert_eq!(
        k.ok(&["auth", "can-i", "create", "deployments"]).trim(),
        "yes"
    );
    let out = k.ok(&["auth", "can-i", "--list"]);
    assert!(out.contains("*.*"), "{out}");
    let out = k.ok(&["auth", "whoami"]);
    assert!(out.contains("devcluster-admin"), "{out}");
}

#[test]
fn edit_with_an_editor_script() {
    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("e", ""));
    let editor = k.file(
        "editor.sh",
        "#!/bin/sh\nsed -i 's/k: v/k: edited/' \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = std::process::Command::new(common::kubectl_path())
        .args([
            "--kubeconfig",
            k.cluster.kubeconfig.to_str().unwrap(),
            "--cache-dir",
            k.dir().join("ecache").to_str().unwrap(),
        ])
        .args(["edit", "cm", "e"])
        .env("KUBE_EDITOR", &editor)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "configmap/e edited"
    );
    assert_eq!(
        k.ok(&["get", "cm", "e", "-o", "jsonpath={.data.k}"]),
        "edited"
    );
}

#[test]
fn rollout_restart_and_wait_for_jsonpath() {
    let k = simulating();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let out = k.ok(&["rollout", "restart", "deploy/web"]);
    assert_eq!(out.trim(), "deployment.apps/web restarted");
    let ann = k.ok(&[
        "get",
        "deploy",
        "web",
        "-o",
        "jsonpath={.spec.template.metadata.annotations}",
    ]);
    assert!(ann.contains("kubectl.kubernetes.io/restartedAt"), "{ann}");
    assert_eq!(
        k.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.metadata.generation}"
        ]),
        "2"
    );
    let out = k.ok(&[
        "wait",
        "--for=jsonpath={.status.observedGeneration}=2",
        "deploy/web",
        "--timeout=20s",
    ]);
    assert!(out.contains("condition met"), "{out}");
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
}

#[test]
fn deployment_selector_is_immutable_on_apply_patch_and_dry_run() {
    let k = Kubectl::new();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let moved = DEPLOY.replace("{app: web}", "{app: web2}");
    let f2 = k.file("d2.yaml", &moved);
    let want = r#"The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#;
    for args in [
        vec!["apply", "-f", &f2],
        vec!["apply", "--server-side", "--force-conflicts", "-f", &f2],
        vec!["apply", "--dry-run=server", "-f", &f2],
        vec!["replace", "-f", &f2],
    ] {
        let err = k.fails(&args);
        assert!(err.contains(want), "kubectl {args:?}: {err}");
    }
    let err = k.fails(&[
        "patch",
        "deploy",
        "web",
        "--type=json",
        "-p",
        r#"[{"op":"add","path":"/spec/selector/matchExpressions","value":[{"key":"app","operator":"In","values":["web"]}]}]"#,
    ]);
    assert!(
        err.contains(r#"spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"web"}}}}: field is immutable"#),
        "{err}"
    );
    // Nothing changed; other fields still may.
    let sel = k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.selector}"]);
    assert_eq!(sel, r#"{"matchLabels":{"app":"web"}}"#);
    let out = k.ok(&["scale", "deploy/web", "--replicas=3"]);
    assert_eq!(out.trim(), "deployment.apps/web scaled");
    // kubectl's own way around it: delete and recreate.
    let uid = k.ok(&["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"]);
    let out = k.ok(&["replace", "--force", "-f", &f2]);
    assert!(out.contains("deployment.apps/web replaced"), "{out}");
    let sel = k.ok(&["get", "deploy", "web", "-o", "jsonpath={.spec.selector}"]);
    assert_eq!(sel, r#"{"matchLabels":{"app":"web2"}}"#);
    assert_ne!(
        k.ok(&["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"]),
        uid
    );
}

#[test]
fn immutable_config_maps_and_secrets_keep_their_data() {
    let k = Kubectl::new();
    k.ok_stdin(
        &["apply", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen}\nimmutable: true\ndata: {k: v}\n",
    );
    let err = k.fails(&["patch", "cm", "frozen", "-p", r#"{"data":{"k":"w"}}"#]);
    assert!(
        err.contains(
            "The ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set"
        ),
        "{err}"
    );
    let err = k.fails(&["patch", "cm", "frozen", "-p", r#"{"immutable":false}"#]);
    assert!(
        err.contains("immutable: Forbidden: field is immutable when `immutable` is set"),
        "{err}"
    );
    // Metadata still changes.
    let out = k.ok(&["label", "cm", "frozen", "tier=a"]);
    assert_eq!(out.trim(), "configmap/frozen labeled");

    let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nimmutable: true\nstringData: {password: one}\n";
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], secret);
    let data = k.ok(&["get", "secret", "s", "-o", "jsonpath={.data.password}"]);
    assert_eq!(data, "b25l", "stringData is stored base64 encoded in data");
    let err = k.fails_stdin(
        &["apply", "--server-side", "-f", "-"],
        &secret.replace("one", "two"),
    );
    assert!(
        err.contains("data: Forbidden: field is immutable when `immutable` is set"),
        "{err}"
    );
    let err = k.fails(&[
        "patch",
        "secret",
        "s",
        "--type=merge",
        "-p",
        r#"{"type":"kubernetes.io/tls"}"#,
    ]);
    assert!(
        err.contains(
            r#"The Secret "s" is invalid: type: Invalid value: "kubernetes.io/tls": field is immutable"#
        ),
        "{err}"
    );
}

#[test]
fn service_cluster_ip_cannot_change_once_set() {
    let k = Kubectl::new();
    let svc = "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  clusterIP: 10.96.7.7\n  ports: [{port: 80}]\n";
    k.ok_stdin(&["apply", "-f", "-"], svc);
    let ips = k.ok(&["get", "svc", "api", "-o", "jsonpath={.spec.clusterIPs}"]);
    assert_eq!(ips, r#"["10.96.7.7"]"#);
    let err = k.fails(&[
        "patch",
        "svc",
        "api",
        "-p",
        r#"{"spec":{"clusterIP":"10.96.7.8"}}"#,
    ]);
    assert!(
        err.contains(
            r#"The Service "api" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.7.8"}: may not change once set"#
        ),
        "{err}"
    );
    // A manifest without the IP keeps it (kubectl replace sends the whole object).
    let f = k.file(
        "svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  ports: [{port: 81}]\n",
    );
    let out = k.ok(&["replace", "-f", &f]);
    assert_eq!(out.trim(), "service/api replaced");
    let ip = k.ok(&[
        "get",
        "svc",
        "api",
        "-o",
        "jsonpath={.spec.clusterIP} {.spec.ports[0].port}",
    ]);
    assert_eq!(ip, "10.96.7.7 81");
}

#[test]
fn statefulset_job_and_pvc_specs_are_guarded() {
    let k = Kubectl::new();
    let sts = r#"apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:16"}]}
"#;
    k.ok_stdin(&["apply", "-f", "-"], sts);
    let err = k.fails_stdin(
        &["apply", "-f", "-"],
        &sts.replace("serviceName: db", "serviceName: other"),
    );
    assert!(
        err.contains(
            "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
        ),
        "{err}"
    );
    // replicas and the template may change.
    k.ok_stdin(
        &["apply", "-f", "-"],
        &sts.replace("replicas: 1", "replicas: 2")
            .replace("postgres:16", "postgres:17"),
    );

    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: \"migrate:1\"}]\n";
    k.ok_stdin(&["apply", "-f", "-"], job);
    let err = k.fails_stdin(
        &["apply", "--server-side", "--force-conflicts", "-f", "-"],
        &job.replace("migrate:1", "migrate:2"),
    );
    assert!(
        err.contains("The Job \"migrate\" is invalid: spec.template: Invalid value: ")
            && err.contains(r#""image":"migrate:2""#)
            && err.contains(": field is immutable"),
        "{err}"
    );

    let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n";
    k.ok_stdin(&["apply", "-f", "-"], pvc);
    let err = k.fails_stdin(
        &["apply", "-f", "-"],
        &pvc.replace("ReadWriteOnce", "ReadWriteMany"),
    );
    assert!(
        err.contains(
            "The PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"
        ) && err.contains("AccessModes"),
        "{err}"
    );
}

const GADGETS: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "oldSelf.hasValue() || !has(self.retired)"
              optionalOldSelf: true
              fieldPath: .retired
              reason: FieldValueForbidden
              message: a new gadget cannot start retired
            properties:
              region:
                type: string
                x-kubernetes-validations:
                - {rule: "self == oldSelf", message: region is immutable}
              replicas:
                type: integer
                x-kubernetes-validations:
                - rule: "self >= oldSelf"
                  messageExpression: "'replicas may not shrink (was ' + string(oldSelf) + ', now ' + string(self) + ')'"
                  reason: FieldValueForbidden
              retired: {type: boolean}
"#;

#[test]
fn crd_transition_rules_message_expressions_and_reasons() {
    let k = Kubectl::new();
    let f = k.file("gadgets.yaml", GADGETS);
    k.ok(&["apply", "-f", &f]);
    k.ok(&[
        "wait",
        "--for=condition=Established",
        "crd/gadgets.example.com",
        "--timeout=20s",
    ]);
    let g = "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {region: eu, replicas: 3}\n";
    // optionalOldSelf rules run on create, with oldSelf empty.
    let err = k.fails_stdin(
        &["create", "-f", "-"],
        &g.replace("replicas: 3", "replicas: 3, retired: true"),
    );
    assert!(
        err.contains(
            r#"The Gadget "g" is invalid: spec.retired: Forbidden: a new gadget cannot start retired"#
        ),
        "{err}"
    );
    let out = k.ok_stdin(&["create", "-f", "-"], g);
    assert_eq!(out.trim(), "gadget.example.com/g created");
    // Transition rules run on updates, patches, server-side apply and dry runs.
    let err = k.fails(&[
        "patch",
        "gadget",
        "g",
        "--type=merge",
        "-p",
        r#"{"spec":{"region":"us"}}"#,
    ]);
    assert!(
        err.contains(
            r#"The Gadget "g" is invalid: spec.region: Invalid value: "string": region is immutable"#
        ),
        "{err}"
    );
    let err = k.fails_stdin(
        &[
            "apply",
            "--server-side",
            "--force-conflicts",
            "--dry-run=server",
            "-f",
            "-",
        ],
        &g.replace("replicas: 3", "replicas: 1"),
    );
    assert!(
        err.contains("spec.replicas: Forbidden: replicas may not shrink (was 3, now 1)"),
        "{err}"
    );
    // What the rules allow still goes through; the retired flag may be set later.
    let out = k.ok(&[
        "patch",
        "gadget",
        "g",
        "--type=merge",
        "-p",
        r#"{"spec":{"replicas":5,"retired":true}}"#,
    ]);
    assert_eq!(out.trim(), "gadget.example.com/g patched");
    // A messageExpression that does not compile makes the CRD invalid.
    let broken = GADGETS
        .replace("gadgets.example.com", "gizmos.example.com")
        .replace(
            "plural: gadgets, singular: gadget, kind: Gadget",
            "plural: gizmos, singular: gizmo, kind: Gizmo",
        )
        .replace("string(oldSelf) + ', now '", "string(oldSelf) + ', now ' +");
    let err = k.fails_stdin(&["apply", "-f", "-"], &broken);
    assert!(
        err.contains("x-kubernetes-validations[0].messageExpression")
            && err.contains("messageExpression compilation failed"),
        "{err}"
    );
}

/// The `metadata.continue` token of a raw list response.
fn continue_token(list: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(list).unwrap();
    v["metadata"]["continue"].as_str().unwrap().to_string()
}

fn names_in(list: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(list).unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{}={}",
                i["metadata"]["name"].as_str().unwrap(),
                i["data"]["k"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn continue_tokens_read_the_list_as_of_the_first_page() {
    let k = Kubectl::new();
    for i in 0..5 {
        k.ok_stdin(&["create", "-f", "-"], &cm(&format!("c{i}"), ""));
    }
    let base = "/api/v1/namespaces/default/configmaps";
    let first = k.ok(&["get", "--raw", &format!("{base}?limit=2")]);
    assert_eq!(names_in(&first), ["c0=v", "c1=v"]);
    let token = continue_token(&first);
    // Changes after the first page do not show in the later ones.
    k.ok(&["patch", "cm", "c2", "-p", r#"{"data":{"k":"changed"}}"#]);
    k.ok(&["delete", "cm", "c3"]);
    k.ok_stdin(&["create", "-f", "-"], &cm("c25", ""));
    let second = k.ok(&["get", "--raw", &format!("{base}?limit=2&continue={token}")]);
    assert_eq!(names_in(&second), ["c2=v", "c3=v"]);
    let v: serde_json::Value = serde_json::from_str(&second).unwrap();
    assert_eq!(v["metadata"]["remainingItemCount"], 1);
    let third = k.ok(&[
        "get",
        "--raw",
        &format!("{base}?limit=2&continue={}", continue_token(&second)),
    ]);
    assert_eq!(names_in(&third), ["c4=v"]);
    // A fresh list sees the changes.
    let now = k.ok(&["get", "cm", "-o", "name", "--chunk-size=2"]);
    assert_eq!(
        now.lines().filter(|l| l.contains("/c")).collect::<Vec<_>>(),
        [
            "configmap/c0",
            "configmap/c1",
            "configmap/c2",
            "configmap/c25",
            "configmap/c4"
        ]
    );
}

#[test]
fn continue_tokens_older_than_the_history_expire() {
    let k = Kubectl::with(common::Cluster::start_with(ballast_devcluster::Options {
        watch_history: 4,
        ..Default::default()
    }));
    for i in 0..4 {
        k.ok_stdin(&["create", "-f", "-"], &cm(&format!("c{i}"), ""));
    }
    let base = "/api/v1/namespaces/default/configmaps";
    let first = k.ok(&["get", "--raw", &format!("{base}?limit=2")]);
    let token = continue_token(&first);
    for i in 0..6 {
        k.ok(&["label", "cm", "c3", &format!("round={i}"), "--overwrite"]);
    }
    let out = k.run(&["get", "--raw", &format!("{base}?limit=2&continue={token}")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("Error from server (Expired): The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results."),
        "{err}"
    );
    // kubectl's chunked get starts over on a fresh list and sees everything.
    let all = k.ok(&["get", "cm", "-o", "name", "--chunk-size=2"]);
    assert_eq!(all.lines().filter(|l| l.contains("/c")).count(), 4, "{all}");
}

#[test]
fn create_generators_for_rbac_cronjob_ingress_pdb_and_quota() {
    let k = Kubectl::new();
    let created = |args: &[&str], want: &str| {
        assert_eq!(k.ok(args).trim(), want, "kubectl {args:?}");
    };
    created(
        &[
            "create",
            "clusterrole",
            "reader",
            "--verb=get,list",
            "--resource=pods",
        ],
        "clusterrole.rbac.authorization.k8s.io/reader created",
    );
    created(
        &[
            "create",
            "clusterrolebinding",
            "readers",
            "--clusterrole=reader",
            "--serviceaccount=default:bot",
        ],
        "clusterrolebinding.rbac.authorization.k8s.io/readers created",
    );
    created(
        &[
            "create",
            "role",
            "cm",
            "--verb=get",
            "--resource=configmaps",
            "--resource-name=app",
        ],
        "role.rbac.authorization.k8s.io/cm created",
    );
    created(
        &["create", "rolebinding", "cm", "--role=cm", "--group=devs"],
        "rolebinding.rbac.authorization.k8s.io/cm created",
    );
    created(
        &[
            "create",
            "cronjob",
            "tick",
            "--image=busybox",
            "--schedule=*/5 * * * *",
            "--",
            "date",
        ],
        "cronjob.batch/tick created",
    );
    created(
        &["create", "job", "tick-now", "--from=cronjob/tick"],
        "job.batch/tick-now created",
    );
    created(
        &[
            "create",
            "ingress",
            "web",
            "--class=nginx",
            "--rule=example.com/api*=api:8080,tls=web-tls",
        ],
        "ingress.networking.k8s.io/web created",
    );
    created(
        &[
            "create",
            "poddisruptionbudget",
            "web",
            "--selector=app=web",
            "--min-available=50%",
        ],
        "poddisruptionbudget.policy/web created",
    );
    created(
        &["create", "quota", "small", "--hard=pods=10,cpu=2"],
        "resourcequota/small created",
    );
    k.ok(&["create", "deployment", "api", "--image=nginx"]);
    created(
        &[
            "autoscale",
            "deployment",
            "api",
            "--min=2",
            "--max=5",
            "--cpu-percent=70",
        ],
        "horizontalpodautoscaler.autoscaling/api autoscaled",
    );
    // What the protobuf bodies carried arrived intact.
    let jp = |args: &[&str]| k.ok(args);
    assert_eq!(
        jp(&[
            "get",
            "hpa",
            "api",
            "-o",
            "jsonpath={.spec.scaleTargetRef.kind}/{.spec.scaleTargetRef.name} {.spec.minReplicas}-{.spec.maxReplicas} {.spec.metrics[0].resource.name}={.spec.metrics[0].resource.target.averageUtilization}"
        ]),
        "Deployment/api 2-5 cpu=70"
    );
    assert_eq!(
        jp(&["get", "clusterrole", "reader", "-o", "jsonpath={.rules}"]),
        r#"[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]"#
    );
    assert_eq!(
        jp(&[
            "get",
            "clusterrolebinding",
            "readers",
            "-o",
            "jsonpath={.roleRef.name} {.subjects[0].kind} {.subjects[0].namespace}/{.subjects[0].name}"
        ]),
        "reader ServiceAccount default/bot"
    );
    assert_eq!(
        jp(&[
            "get",
            "role",
            "cm",
            "-o",
            "jsonpath={.rules[0].resourceNames}"
        ]),
        r#"["app"]"#
    );
    assert_eq!(
        jp(&[
            "get",
            "rolebinding",
            "cm",
            "-o",
            "jsonpath={.subjects[0].kind}:{.subjects[0].name}"
        ]),
        "Group:devs"
    );
    assert_eq!(
        jp(&[
            "get",
            "cronjob",
            "tick",
            "-o",
            "jsonpath={.spec.schedule}|{.spec.jobTemplate.spec.template.spec.containers[0].command}"
        ]),
        r#"*/5 * * * *|["date"]"#
    );
    assert_eq!(
        jp(&[
            "get",
            "job",
            "tick-now",
            "-o",
            "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"
        ]),
        "CronJob/tick"
    );
    assert_eq!(
        jp(&[
            "get",
            "ingress",
            "web",
            "-o",
            "jsonpath={.spec.ingressClassName} {.spec.rules[0].host}{.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.port.number} {.spec.tls[0].secretName}"
        ]),
        "nginx example.com/api Prefix 8080 web-tls"
    );
    assert_eq!(
        jp(&[
            "get",
            "pdb",
            "web",
            "-o",
            "jsonpath={.spec.minAvailable} {.spec.selector.matchLabels.app}"
        ]),
        "50% web"
    );
    assert_eq!(
        jp(&[
            "get",
            "quota",
            "small",
            "-o",
            "jsonpath={.spec.hard.cpu} {.spec.hard.pods}"
        ]),
        "2 10"
    );
}

#[test]
fn workload_validation_beyond_the_schema() {
    let k = Kubectl::new();
    let err = k.fails_stdin(
        &["apply", "-f", "-"],
        &DEPLOY.replace(
            "labels: {app: web}\n    spec",
            "labels: {app: other}\n    spec",
        ),
    );
    assert!(
        err.contains(
            r#"The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`"#
        ),
        "{err}"
    );
    let err = k.fails_stdin(
        &["apply", "-f", "-"],
        &DEPLOY.replace("        image: nginx:1.25\n", ""),
    );
    assert!(
        err.contains(r#"The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value"#),
        "{err}"
    );
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n    spec:\n      containers: [{name: m, image: busybox}]\n";
    let err = k.fails_stdin(&["apply", "-f", "-"], job);
    assert!(
        err.contains(
            r#"The Job "once" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never""#
        ),
        "{err}"
    );
    let out = k.ok_stdin(
        &["apply", "-f", "-"],
        &job.replace(
            "    spec:\n      containers",
            "    spec:\n      restartPolicy: Never\n      containers",
        ),
    );
    assert_eq!(out.trim(), "job.batch/once created");
    let out = k.ok_stdin(&["apply", "-f", "-"], DEPLOY);
    assert_eq!(out.trim(), "deployment.apps/web created");
}

#[test]
fn get_all_lists_kinds_in_kube_apiserver_order() {
    let k = Kubectl::new();
    k.ok(&["run", "p", "--image=nginx"]);
    k.ok(&["expose", "pod", "p", "--port=80"]);
    k.ok(&["create", "deployment", "d", "--image=nginx"]);
    k.ok(&["autoscale", "deployment", "d", "--max=3"]);
    k.ok(&["create", "job", "j", "--image=busybox"]);
    let out = k.ok(&["get", "all", "-o", "name"]);
    let kinds: Vec<&str> = out.lines().map(|l| l.split('/').next().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "pod",
            "service",
            "deployment.apps",
            "horizontalpodautoscaler.autoscaling",
            "job.batch"
        ],
        "{out}"
    );
}

#[test]
fn apply_prune_by_label_removes_what_left_the_manifests() {
    let k = Kubectl::new();
    let two = format!(
        "{}\n---\n{}",
        cm("keep", r#""grp":"x""#),
        cm("drop", r#""grp":"x""#)
    );
    let f = k.file("two.yaml", &two);
    let out = k.ok(&["apply", "--prune", "-l", "grp=x", "-f", &f]);
    assert!(
        out.contains("configmap/keep created") && out.contains("configmap/drop created"),
        "{out}"
    );
    let f = k.file("one.yaml", &cm("keep", r#""grp":"x""#));
    let out = k.ok(&["apply", "--prune", "-l", "grp=x", "-f", &f]);
    assert!(out.contains("configmap/keep unchanged"), "{out}");
    assert!(out.contains("configmap/drop pruned"), "{out}");
    let err = k.fails(&["get", "cm", "drop"]);
    assert!(err.contains(r#"configmaps "drop" not found"#), "{err}");
    // ReplicationControllers (in kubectl's default prune list) are served.
    let out = k.ok(&["get", "rc"]);
    assert!(out.is_empty(), "{out}");
}

#[test]
fn crd_scope_and_volume_source_are_immutable() {
    let k = Kubectl::new();
    with_crd(&k);
    let err = k.fails_stdin(
        &["apply", "-f", "-"],
        &CRD.replace("scope: Namespaced", "scope: Cluster"),
    );
    assert!(
        err.contains(
            r#"The CustomResourceDefinition "widgets.example.com" is invalid: spec.scope: Invalid value: "Cluster": field is immutable"#
        ),
        "{err}"
    );
    let pv = "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: data}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /srv/a}\n";
    k.ok_stdin(&["apply", "-f", "-"], pv);
    let err = k.fails_stdin(&["apply", "-f", "-"], &pv.replace("/srv/a", "/srv/b"));
    assert!(
        err.contains(
            r#"The PersistentVolume "data" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation"#
        ),
        "{err}"
    );
    let out = k.ok_stdin(&["apply", "-f", "-"], &pv.replace("1Gi", "2Gi"));
    assert_eq!(out.trim(), "persistentvolume/data configured");
}

#[test]
fn custom_resources_ratchet_past_a_tightened_schema() {
    let k = Kubectl::new();
    with_crd(&k);
    k.ok_stdin(
        &["apply", "-f", "-"],
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: big}\nspec: {size: 9}\n",
    );
    // The schema tightens: size may be at most 5 from now on.
    let f = k.file("tight.yaml", &CRD.replace("maximum: 10", "maximum: 5"));
    k.ok(&["apply", "-f", &f]);
    // Existing objects still take updates that leave the invalid value alone...
    let out = k.ok(&["label", "widget", "big", "team=a"]);
    assert_eq!(out.trim(), "widget.example.com/big labeled");
    let out = k.ok(&[
        "patch",
        "widget",
        "big",
        "--type=merge",
        "-p",
        r#"{"spec":{"color":"blue"}}"#,
    ]);
    assert_eq!(out.trim(), "widget.example.com/big patched");
    // ...but a changed value must pass the new schema.
    let err = k.fails(&[
        "patch",
        "widget",
        "big",
        "--type=merge",
        "-p",
        r#"{"spec":{"size":8}}"#,
    ]);
    assert!(
        err.contains(r#"The Widget "big" is invalid: spec.size: Invalid value: 8: spec.size in body should be less than or equal to 5"#),
        "{err}"
    );
    let err = k.fails_stdin(
        &["create", "-f", "-"],
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: new}\nspec: {size: 9}\n",
    );
    assert!(
        err.contains("spec.size in body should be less than or equal to 5"),
        "{err}"
    );
}

#[test]
fn autoscale_of_every_kubectl_version_and_hpa_at_v1_and_v2() {
    let main = std::fs::canonicalize(common::kubectl_path()).unwrap();
    let dir = main.parent().unwrap();
    let k = Kubectl::new();
    k.ok(&["create", "deployment", "web", "--image=nginx"]);
    // kubectl 1.27 to 1.32 create autoscaling/v1 objects (as protobuf), 1.33 v2.
    for v in ["1.27", "1.32", "1.33"] {
        let name = format!("web-{}", v.replace('.', ""));
        let out = std::process::Command::new(dir.join(format!("kubectl.{v}")))
            .args([
                "--kubeconfig",
                k.cluster.kubeconfig.to_str().unwrap(),
                "--cache-dir",
                k.dir().join(format!("cache-{v}")).to_str().unwrap(),
                "autoscale",
                "deployment",
                "web",
                "--name",
                &name,
                "--max=4",
                "--cpu-percent=60",
            ])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("horizontalpodautoscaler.autoscaling/{name} autoscaled"),
            "kubectl {v}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Each is readable at both versions, the CPU target converted.
    let v2 = k.ok(&[
        "get",
        "horizontalpodautoscalers.v2.autoscaling",
        "web-127",
        "-o",
        "jsonpath={.apiVersion} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageUtilization}",
    ]);
    assert_eq!(v2, "autoscaling/v2 cpu 60");
    let v1 = k.ok(&[
        "get",
        "horizontalpodautoscalers.v1.autoscaling",
        "web-133",
        "-o",
        "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage} {.spec.maxReplicas}",
    ]);
    assert_eq!(v1, "autoscaling/v1 60 4");
    // A v1 patch lands in the stored v2 object.
    k.ok(&[
        "patch",
        "horizontalpodautoscalers.v1.autoscaling",
        "web-132",
        "--type=merge",
        "-p",
        r#"{"spec":{"targetCPUUtilizationPercentage":90}}"#,
    ]);
    let v2 = k.ok(&[
        "get",
        "hpa",
        "web-132",
        "-o",
        "jsonpath={.spec.metrics[0].resource.target.averageUtilization}",
    ]);
    assert_eq!(v2, "90");
}

#[test]
fn create_token_issues_a_token_that_authenticates() {
    let k = Kubectl::new();
    k.ok(&["create", "serviceaccount", "bot"]);
    let token = k.ok(&["create", "token", "bot", "--duration=20m"]);
    let token = token.trim();
    let claims = token.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["sub"], "system:serviceaccount:default:bot");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        1200
    );
    let out = k.ok(&[
        "--token",
        token,
        "get",
        "serviceaccount",
        "bot",
        "-o",
        "name",
    ]);
    assert_eq!(out.trim(), "serviceaccount/bot");
    let err = k.fails(&["--token", "not-issued", "get", "serviceaccount"]);
    assert!(err.contains("Unauthorized"), "{err}");
    let err = k.fails(&["create", "token", "nobody"]);
    assert!(
        err.contains(r#"serviceaccounts "nobody" not found"#),
        "{err}"
    );
    let err = k.fails(&["create", "token", "bot", "--duration=1m"]);
    assert!(
        err.contains("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes"),
        "{err}"
    );
}

#[test]
fn events_recorded_through_events_k8s_io_show_in_get_events() {
    use k8s_openapi::api::core::v1::Event as CoreEvent;
    use k8s_openapi::api::events::v1::Event as NewEvent;
    use kube::Api;
    use kube::api::{DeleteParams, ListParams};
    use kube::runtime::events::{Event, EventType, Recorder, Reporter};

    let k = Kubectl::new();
    k.ok_stdin(&["create", "-f", "-"], &cm("evented", ""));
    let rt = &k.cluster.runtime;
    let _in_runtime = rt.enter();
    let client = k.cluster.cluster.as_ref().unwrap().client().unwrap();
    rt.block_on(async {
        let cms: Api<k8s_openapi::api::core::v1::ConfigMap> =
            Api::namespaced(client.clone(), "default");
        let obj = cms.get("evented").await.unwrap();
        let recorder = Recorder::new(
            client.clone(),
            Reporter {
                controller: "ballast-test".into(),
                instance: Some("pod-1".into()),
            },
        );
        let ev = Event {
            type_: EventType::Warning,
            reason: "Drifted".into(),
            note: Some("config drift detected".into()),
            action: "Reconcile".into(),
            secondary: None,
        };
        recorder
            .publish(&ev, &kube::Resource::object_ref(&obj, &()))
            .await
            .unwrap();
    });
    // kubectl reads core/v1 Events: the row comes from the same event.
    let out = k.ok(&["get", "events", "-n", "default"]);
    let header = out.lines().next().unwrap();
    for col in ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"] {
        assert!(header.contains(col), "{out}");
    }
    let row = out
        .lines()
        .find(|l| l.contains("configmap/evented"))
        .unwrap_or_else(|| panic!("no event row in {out}"));
    assert!(row.contains("Warning") && row.contains("Drifted"), "{row}");
    assert!(row.contains("config drift detected"), "{row}");
    assert!(!row.contains("<unknown>"), "LAST SEEN must be set: {row}");
    let core = k.ok(&[
        "get",
        "events",
        "-n",
        "default",
        "-o",
        "jsonpath={.items[0].apiVersion} {.items[0].involvedObject.name} {.items[0].reportingComponent} {.items[0].message}",
    ]);
    assert_eq!(core, "v1 evented ballast-test config drift detected");

    // The other way round: a core Event from kubectl is an events.k8s.io
    // Event for kube-rs, and a delete through either API removes it.
    k.ok_stdin(
        &["create", "-f", "-"],
        r#"{"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "old-style", "namespace": "default"},
            "involvedObject": {"kind": "ConfigMap", "name": "evented", "namespace": "default"},
            "reason": "Legacy", "message": "from core", "type": "Normal", "count": 3,
            "source": {"component": "kubelet", "host": "node-1"},
            "firstTimestamp": "2024-01-01T00:00:00Z", "lastTimestamp": "2024-01-01T00:01:00Z"}"#,
    );
    rt.block_on(async {
        let events: Api<NewEvent> = Api::namespaced(client.clone(), "default");
        let e = events.get("old-style").await.unwrap();
        assert_eq!(e.note.as_deref(), Some("from core"));
        assert_eq!(e.deprecated_count, Some(3));
        assert_eq!(
            e.regarding.as_ref().and_then(|r| r.name.as_deref()),
            Some("evented")
        );
        assert_eq!(
            e.deprecated_source.as_ref().and_then(|s| s.host.as_deref()),
            Some("node-1")
        );
        assert!(e.deprecated_last_timestamp.is_some());
        let selected = events
            .list(&ListParams::default().fields("regarding.name=evented"))
            .await
            .unwrap();
        assert_eq!(selected.items.len(), 2);
        let core: Api<CoreEvent> = Api::namespaced(client.clone(), "default");
        assert_eq!(
            core.list(&ListParams::default()).await.unwrap().items.len(),
            2
        );
        events
            .delete("old-style", &DeleteParams::default())
            .await
            .unwrap();
        assert!(core.get_opt("old-style").await.unwrap().is_none());
    });
    let out = k.ok(&["get", "events", "-n", "default", "-o", "name"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    let table = k.ok(&["get", "events.events.k8s.io", "-n", "default"]);
    assert!(table.contains("config drift detected"), "{table}");
}

const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  template:\n    metadata: {labels: {app: pi}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: pi, image: \"perl:5.40\"}]\n";

#[test]
fn jobs_get_a_generated_selector_and_labels_unless_manual() {
    let k = Kubectl::new();
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], JOB);
    let uid = k.ok(&["get", "job", "pi", "-o", "jsonpath={.metadata.uid}"]);
    assert!(!uid.is_empty());
    let selector = k.ok(&["get", "job", "pi", "-o", "jsonpath={.spec.selector}"]);
    assert_eq!(
        selector,
        format!(r#"{{"matchLabels":{{"batch.kubernetes.io/controller-uid":"{uid}"}}}}"#)
    );
    let labels: serde_json::Value = serde_json::from_str(&k.ok(&[
        "get",
        "job",
        "pi",
        "-o",
        "jsonpath={.spec.template.metadata.labels}",
    ]))
    .unwrap();
    assert_eq!(
        labels,
        serde_json::json!({"app": "pi", "job-name": "pi", "batch.kubernetes.io/job-name": "pi",
            "controller-uid": uid, "batch.kubernetes.io/controller-uid": uid})
    );
    // The Job takes its template's labels when it has none of its own: the
    // user's here, the generated ones for a Job whose template had none.
    assert_eq!(
        k.ok(&["get", "job", "pi", "-o", "jsonpath={.metadata.labels}"]),
        r#"{"app":"pi"}"#
    );
    k.ok(&["create", "job", "hello", "--image=busybox"]);
    assert_eq!(
        k.ok(&[
            "get",
            "jobs",
            "-l",
            "batch.kubernetes.io/job-name=hello",
            "-o",
            "name"
        ])
        .trim(),
        "job.batch/hello"
    );
    // Nobody owns the generated fields: applying the manifest again (which
    // leaves them out) keeps them.
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], JOB);
    assert_eq!(
        k.ok(&["get", "job", "pi", "-o", "jsonpath={.spec.selector}"]),
        selector
    );
    // The selector is immutable.
    let err = k.fails(&[
        "patch",
        "job",
        "pi",
        "--type=merge",
        "-p",
        r#"{"spec":{"selector":{"matchLabels":{"app":"pi"}}}}"#,
    ]);
    assert!(
        err.contains("The Job \"pi\" is invalid") && err.contains("spec.selector: Invalid value"),
        "{err}"
    );
    // A selector of one's own needs manualSelector.
    let own = JOB.replace("name: pi}", "name: own}").replace(
        "spec:\n  template:",
        "spec:\n  selector: {matchLabels: {app: pi}}\n  template:",
    );
    let err = k.fails_stdin(&["create", "-f", "-"], &own);
    assert!(
        err.contains("The Job \"own\" is invalid: spec.selector: Invalid value: ")
            && err.contains("`selector` not auto-generated"),
        "{err}"
    );
    let manual = own.replace(
        "spec:\n  selector:",
        "spec:\n  manualSelector: true\n  selector:",
    );
    k.ok_stdin(&["create", "-f", "-"], &manual);
    assert_eq!(
        k.ok(&["get", "job", "own", "-o", "jsonpath={.spec.selector}"]),
        r#"{"matchLabels":{"app":"pi"}}"#
    );
    assert_eq!(
        k.ok(&[
            "get",
            "job",
            "own",
            "-o",
            "jsonpath={.spec.template.metadata.labels}"
        ]),
        r#"{"app":"pi"}"#
    );
    // manualSelector without a selector, or one the template does not match.
    let err = k.fails_stdin(
        &["create", "-f", "-"],
        &JOB.replace("name: pi}", "name: bare}").replace(
            "spec:\n  template:",
            "spec:\n  manualSelector: true\n  template:",
        ),
    );
    assert!(err.contains("spec.selector: Required value"), "{err}");
    let err = k.fails_stdin(
        &["create", "-f", "-"],
        &manual
            .replace("name: own}", "name: other}")
            .replace("{app: pi}}\n  template", "{app: other}}\n  template"),
    );
    assert!(
        err.contains("spec.template.metadata.labels: Invalid value: ")
            && err.contains("`selector` does not match template `labels`"),
        "{err}"
    );
}

/// `kubectl get rs` of a Deployment's ReplicaSets: (name, desired, ready, revision).
fn replica_sets(k: &Kubectl) -> Vec<(String, i64, i64, String)> {
    let out = k.ok(&["get", "rs", "-l", "app=web", "-o", "json"]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut rows: Vec<(String, i64, i64, String)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rs| {
            (
                rs["metadata"]["name"].as_str().unwrap().to_string(),
                rs["spec"]["replicas"].as_i64().unwrap(),
                rs["status"]["readyReplicas"].as_i64().unwrap_or(0),
                rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    rows.sort_by_key(|r| r.3.parse::<i64>().unwrap_or(0));
    rows
}

/// The revisions `kubectl rollout history` lists.
fn history(k: &Kubectl) -> Vec<String> {
    k.ok(&["rollout", "history", "deploy/web"])
        .lines()
        .skip_while(|l| !l.starts_with("REVISION"))
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

fn set_image(k: &Kubectl, image: &str) {
    k.ok(&["set", "image", "deploy/web", &format!("nginx={image}")]);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
}

#[test]
fn deployments_roll_out_through_replica_sets_with_history_and_undo() {
    let k = simulating();
    let f = k.file("d.yaml", DEPLOY);
    k.ok(&["apply", "-f", &f]);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    set_image(&k, "nginx:1.26");
    k.ok(&[
        "annotate",
        "deploy/web",
        "kubernetes.io/change-cause=to 1.27",
    ]);
    set_image(&k, "nginx:1.27");

    // Three revisions, one ReplicaSet each, the old ones at 0.
    assert_eq!(history(&k), ["1", "2", "3"]);
    let out = k.ok(&["rollout", "history", "deploy/web"]);
    assert!(out.contains("3         to 1.27"), "{out}");
    let out = k.ok(&["rollout", "history", "deploy/web", "--revision=2"]);
    assert!(
        out.contains("nginx:1.26") && out.contains("pod-template-hash="),
        "{out}"
    );
    let rs = replica_sets(&k);
    assert_eq!(rs.len(), 3, "{rs:?}");
    assert_eq!(
        rs.iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(),
        [(0, 0), (0, 0), (2, 2)]
    );
    let table = k.ok(&["get", "rs"]);
    assert!(
        table.contains("NAME") && table.contains("DESIRED") && table.contains("CURRENT"),
        "{table}"
    );
    let current = &rs[2].0;
    let wide = k.ok(&["get", "rs", current, "-o", "wide"]);
    assert!(
        wide.lines().any(|l| {
            l.split_whitespace().collect::<Vec<_>>()[..4] == [current.as_str(), "2", "2", "2"]
                && l.contains("nginx:1.27")
                && l.contains("app=web,pod-template-hash=")
        }),
        "{wide}"
    );

    // Each ReplicaSet is named after its template's hash, which it selects,
    // and is controlled by the Deployment.
    let uid = k.ok(&["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"]);
    let rs_json: serde_json::Value =
        serde_json::from_str(&k.ok(&["get", "rs", current, "-o", "json"])).unwrap();
    let hash = rs_json["metadata"]["labels"]["pod-template-hash"]
        .as_str()
        .unwrap();
    assert_eq!(current, &format!("web-{hash}"));
    assert_eq!(
        rs_json["spec"]["selector"]["matchLabels"]["pod-template-hash"],
        hash
    );
    assert_eq!(
        rs_json["spec"]["template"]["metadata"]["labels"]["pod-template-hash"],
        hash
    );
    assert_eq!(
        rs_json["metadata"]["ownerReferences"],
        serde_json::json!([{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
            "uid": uid, "controller": true, "blockOwnerDeletion": true}])
    );
    let annotations = &rs_json["metadata"]["annotations"];
    assert_eq!(
        annotations["deployment.kubernetes.io/desired-replicas"],
        "2"
    );
    assert_eq!(annotations["deployment.kubernetes.io/max-replicas"], "3");
    assert_eq!(
        k.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"
        ]),
        "3"
    );

    // Undo to revision 2 revives its ReplicaSet as revision 4.
    let out = k.ok(&["rollout", "undo", "deploy/web", "--to-revision=2"]);
    assert!(out.contains("rolled back"), "{out}");
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    assert_eq!(
        k.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.spec.template.spec.containers[0].image}"
        ]),
        "nginx:1.26"
    );
    k.eventually("revision 4", || history(&k) == ["1", "3", "4"]);
    let rs = replica_sets(&k);
    assert_eq!(rs.len(), 3, "{rs:?}");
    assert_eq!(rs[2].1, 2, "{rs:?}");
    assert_eq!(
        k.ok(&[
            "get",
            "rs",
            &rs[2].0,
            "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision-history}"
        ]),
        "2"
    );
    // Undoing again goes back to the previous revision (3).
    k.ok(&["rollout", "undo", "deploy/web"]);
    k.eventually("revision 5", || history(&k) == ["1", "4", "5"]);
    let out = k.fails(&["rollout", "undo", "deploy/web", "--to-revision=9"]);
    assert!(out.contains("unable to find specified revision 9"), "{out}");

    // A template whose pods never become available: the rollout fails
    // while the old replicas keep serving (maxUnavailable 25% of 2 is 0),
    // and undoing it scales the broken ReplicaSet away.
    k.ok(&[
        "patch",
        "deploy/web",
        "-p",
        r#"{"spec":{"template":{"metadata":{"annotations":{"devcluster.ballast.dev/fail":"true"}}}}}"#,
    ]);
    let err = k.fails(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(err.contains("exceeded its progress deadline"), "{err}");
    let counts = k.ok(&[
        "get",
        "deploy",
        "web",
        "-o",
        "jsonpath={.status.readyReplicas} {.status.updatedReplicas} {.status.unavailableReplicas}",
    ]);
    assert_eq!(counts, "2 1 1");
    let rs = replica_sets(&k);
    assert_eq!(
        rs.iter()
            .map(|r| (r.1, r.2, r.3.as_str()))
            .collect::<Vec<_>>(),
        [(0, 0, "1"), (0, 0, "4"), (2, 2, "5"), (1, 0, "6")]
    );
    k.ok(&["rollout", "undo", "deploy/web"]);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    k.eventually("the broken ReplicaSet scaled away", || {
        replica_sets(&k)
            .iter()
            .map(|r| (r.1, r.3.clone()))
            .collect::<Vec<_>>()
            == [
                (0, "1".into()),
                (0, "4".into()),
                (0, "6".into()),
                (2, "7".into()),
            ]
    });

    // A smaller history limit prunes the oldest ReplicaSets.
    k.ok(&[
        "patch",
        "deploy/web",
        "-p",
        r#"{"spec":{"revisionHistoryLimit":1}}"#,
    ]);
    k.eventually("one old ReplicaSet kept", || replica_sets(&k).len() == 2);
    // Only the Deployment's last scaling events are kept.
    let events = k.ok(&[
        "get",
        "events",
        "--field-selector=involvedObject.name=web,reason=ScalingReplicaSet",
        "-o",
        "name",
    ]);
    assert_eq!(events.lines().count(), 10, "{events}");
    assert_eq!(history(&k), ["6", "7"]);

    // Deleting the Deployment collects its ReplicaSets.
    k.ok(&["delete", "deploy/web"]);
    k.eventually("ReplicaSets collected", || replica_sets(&k).is_empty());
}

/// Waits (with a deadline) for a `--output-watch-events` line of `event`
/// for an object whose name starts with `name`.
fn expect_event(lines: &std::sync::mpsc::Receiver<String>, event: &str, name: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(l)
                if l.starts_with(event)
                    && l.split_whitespace()
                        .nth(1)
                        .is_some_and(|n| n.starts_with(name)) =>
            {
                return;
            }
            Ok(l) => seen.push(l),
            Err(_) => panic!("no {event} event for {name}; saw: {seen:#?}"),
        }
    }
}

#[test]
fn replica_sets_reach_watchers_and_apply_leaves_the_revision_alone() {
    let k = simulating();
    let mut child = std::process::Command::new(common::kubectl_path())
        .args([
            "--kubeconfig",
            k.cluster.kubeconfig.to_str().unwrap(),
            "--cache-dir",
            k.dir().join("wcache").to_str().unwrap(),
        ])
        .args(["get", "rs", "-w", "--output-watch-events"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lines = common::lines_of(child.stdout.take().unwrap());
    // A ReplicaSet of its own shows that the watch is running.
    let own = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: own}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: own}}\n  template:\n    metadata: {labels: {app: own}}\n    spec: {containers: [{name: c, image: busybox}]}\n";
    k.ok_stdin(&["create", "-f", "-"], own);
    expect_event(&lines, "ADDED", "own");
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], DEPLOY);
    expect_event(&lines, "ADDED", "web-");
    expect_event(&lines, "MODIFIED", "web-");
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");

    // The revision annotation belongs to kube-controller-manager: applying
    // the manifest again (which does not mention it) keeps it and changes
    // nothing, and the applier owns none of it.
    let revision = "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}";
    assert_eq!(k.ok(&["get", "deploy", "web", "-o", revision]), "1");
    let rv = k.ok(&[
        "get",
        "deploy",
        "web",
        "-o",
        "jsonpath={.metadata.resourceVersion}",
    ]);
    k.ok_stdin(&["apply", "--server-side", "-f", "-"], DEPLOY);
    assert_eq!(
        k.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.metadata.resourceVersion}"
        ]),
        rv
    );
    let out = k.run_stdin(&["diff", "--server-side", "-f", "-"], DEPLOY);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let managers = k.ok(&[
        "get",
        "deploy",
        "web",
        "--show-managed-fields",
        "-o",
        "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}={.fieldsV1.f:metadata}{\"\\n\"}{end}",
    ]);
    assert!(
        managers
            .lines()
            .any(|l| l.starts_with("kube-controller-manager/Update=")
                && l.contains("deployment.kubernetes.io/revision")),
        "{managers}"
    );
    assert!(
        !managers
            .lines()
            .any(|l| l.starts_with("kubectl/Apply=") && l.contains("revision")),
        "{managers}"
    );
    // A changed manifest applied from Git rolls out revision 2 with it.
    k.ok_stdin(
        &["apply", "--server-side", "-f", "-"],
        &DEPLOY.replace("nginx:1.25", "nginx:1.26"),
    );
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    assert_eq!(k.ok(&["get", "deploy", "web", "-o", revision]), "2");

    // Deleting the Deployment deletes its ReplicaSets, and watchers see it.
    k.ok(&["delete", "deploy", "web"]);
    expect_event(&lines, "DELETED", "web-");
    k.eventually("no ReplicaSets of web", || {
        k.ok(&["get", "rs", "-o", "name"]).trim() == "replicaset.apps/own"
    });
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn orphaned_replica_sets_are_adopted_and_name_collisions_counted() {
    let k = simulating();
    k.ok_stdin(&["apply", "-f", "-"], DEPLOY);
    set_image(&k, "nginx:1.26");
    // Scaling is no new revision: the current ReplicaSet follows.
    k.ok(&["scale", "deploy/web", "--replicas=3"]);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    let rs = replica_sets(&k);
    assert_eq!(
        rs.iter().map(|r| (r.1, r.3.as_str())).collect::<Vec<_>>(),
        [(0, "1"), (3, "2")]
    );
    let first = rs[0].0.clone();

    // Orphaned, then adopted by the Deployment created again: history stays.
    k.ok(&["delete", "deploy/web", "--cascade=orphan"]);
    assert_eq!(replica_sets(&k).len(), 2);
    assert_eq!(
        k.ok(&[
            "get",
            "rs",
            &first,
            "-o",
            "jsonpath={.metadata.ownerReferences}"
        ]),
        ""
    );
    k.ok_stdin(
        &["apply", "-f", "-"],
        &DEPLOY.replace("nginx:1.25", "nginx:1.26"),
    );
    let uid = k.ok(&["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"]);
    k.eventually("both ReplicaSets adopted", || {
        replica_sets(&k).iter().all(|r| {
            k.ok(&[
                "get",
                "rs",
                &r.0,
                "-o",
                "jsonpath={.metadata.ownerReferences[0].uid}",
            ]) == uid
        })
    });
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    assert_eq!(history(&k), ["1", "2"]);

    // Another ReplicaSet holding the name the next template hashes to: the
    // Deployment counts a collision and picks another name.
    k.ok(&["delete", "deploy/web"]);
    k.eventually("ReplicaSets collected", || replica_sets(&k).is_empty());
    k.ok_stdin(&["apply", "-f", "-"], DEPLOY);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    let taken = replica_sets(&k)[0].0.clone();
    k.ok(&["delete", "deploy/web"]);
    k.eventually("ReplicaSets collected", || replica_sets(&k).is_empty());
    let squatter = format!(
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: {taken}}}\nspec:\n  replicas: 0\n  selector: {{matchLabels: {{app: other}}}}\n  template:\n    metadata: {{labels: {{app: other}}}}\n    spec: {{containers: [{{name: c, image: busybox}}]}}\n"
    );
    k.ok_stdin(&["create", "-f", "-"], &squatter);
    k.ok_stdin(&["apply", "-f", "-"], DEPLOY);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    assert_eq!(
        k.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.status.collisionCount}"
        ]),
        "1"
    );
    let rs = replica_sets(&k);
    assert_eq!(rs.len(), 1, "{rs:?}");
    assert_ne!(rs[0].0, taken);
    assert!(rs[0].0.starts_with("web-"), "{rs:?}");
    // The squatter is left alone.
    assert_eq!(
        k.ok(&[
            "get",
            "rs",
            &taken,
            "-o",
            "jsonpath={.spec.selector.matchLabels.app} {.metadata.ownerReferences}"
        ]),
        "other "
    );
}

#[test]
fn paused_and_recreate_rollouts_and_describe() {
    let k = simulating();
    k.ok_stdin(&["apply", "-f", "-"], DEPLOY);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    // Paused: a new template waits, with no new ReplicaSet.
    k.ok(&["rollout", "pause", "deploy/web"]);
    k.ok(&["set", "image", "deploy/web", "nginx=nginx:1.26"]);
    k.eventually("the pause reported", || {
        k.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}",
        ]) == "DeploymentPaused"
    });
    assert_eq!(replica_sets(&k).len(), 1);
    k.ok(&["rollout", "resume", "deploy/web"]);
    let out = k.ok(&["rollout", "status", "deploy/web", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    assert_eq!(history(&k), ["1", "2"]);

    // Recreate: the old ReplicaSet goes to 0 before the new one comes.
    k.ok(&[
        "patch",
        "deploy/web",
        "--type=merge",
        "-p",
        r#"{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}"#,
    ]);
    set_image(&k, "nginx:1.27");
    assert_eq!(
        replica_sets(&k)
            .iter()
            .map(|r| (r.1, r.3.as_str()))
            .collect::<Vec<_>>(),
        [(0, "1"), (0, "2"), (2, "3")]
    );
    let out = k.ok(&["describe", "deploy", "web"]);
    let new = &replica_sets(&k)[2].0;
    let words = |prefix: &str| {
        out.lines()
            .find(|l| l.starts_with(prefix))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    assert_eq!(words("StrategyType:"), "StrategyType: Recreate", "{out}");
    assert_eq!(
        words("NewReplicaSet:"),
        format!("NewReplicaSet: {new} (2/2 replicas created)"),
        "{out}"
    );
    // The controller's scaling shows among the Deployment's events.
    assert!(
        out.lines().any(|l| l.contains("ScalingReplicaSet")
            && l.contains("deployment-controller")
            && l.contains(&format!("Scaled up replica set {new} from 0 to 2"))),
        "{out}"
    );
}

#[test]
fn rollout_history_and_undo_with_kubectl_127_and_133() {
    let cluster = Cluster::start_with(ballast_devcluster::Options {
        simulate_workloads: true,
        ..Default::default()
    });
    for v in ["1.27", "1.33"] {
        let kubectl = common::Versioned::new(&cluster, v);
        let run = |args: &[&str], stdin: &str| kubectl.ok(args, stdin);
        let ns = format!("v{}", v.replace('.', ""));
        run(&["create", "namespace", &ns], "");
        run(&["apply", "-n", &ns, "-f", "-"], DEPLOY);
        run(
            &["set", "image", "-n", &ns, "deploy/web", "nginx=nginx:1.26"],
            "",
        );
        let out = run(
            &[
                "rollout",
                "status",
                "-n",
                &ns,
                "deploy/web",
                "--timeout=20s",
            ],
            "",
        );
        assert!(
            out.contains("successfully rolled out"),
            "kubectl {v}: {out}"
        );
        let out = run(&["rollout", "undo", "-n", &ns, "deploy/web"], "");
        assert!(out.contains("rolled back"), "kubectl {v}: {out}");
        let out = run(
            &[
                "rollout",
                "status",
                "-n",
                &ns,
                "deploy/web",
                "--timeout=20s",
            ],
            "",
        );
        assert!(
            out.contains("successfully rolled out"),
            "kubectl {v}: {out}"
        );
        let image = "jsonpath={.spec.template.spec.containers[0].image}";
        assert_eq!(
            run(&["get", "deploy", "-n", &ns, "web", "-o", image], ""),
            "nginx:1.25"
        );
        // Revision 1 came back as 3.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let out = run(&["rollout", "history", "-n", &ns, "deploy/web"], "");
            let revisions: Vec<&str> = out
                .lines()
                .skip_while(|l| !l.starts_with("REVISION"))
                .skip(1)
                .filter_map(|l| l.split_whitespace().next())
                .collect();
            if revisions == ["2", "3"] {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "kubectl {v}: {out}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

const STATEFULSET: &str = r#"apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:16"}]}
"#;

/// The revisions `kubectl rollout history` lists for `what`.
fn history_of(k: &Kubectl, what: &str) -> Vec<String> {
    k.ok(&["rollout", "history", what])
        .lines()
        .skip_while(|l| !l.starts_with("REVISION"))
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn statefulsets_and_daemonsets_keep_controller_revisions() {
    let k = simulating();
    k.ok_stdin(&["apply", "-f", "-"], STATEFULSET);
    for image in ["db=postgres:17", "db=postgres:18"] {
        k.ok(&["set", "image", "sts/db", image]);
        let out = k.ok(&["rollout", "status", "sts/db", "--timeout=20s"]);
        assert!(
            out.contains("roll out complete") || out.contains("rolling update complete"),
            "{out}"
        );
    }
    k.eventually("three StatefulSet revisions", || {
        history_of(&k, "sts/db") == ["1", "2", "3"]
    });
    let out = k.ok(&["rollout", "history", "sts/db", "--revision=2"]);
    assert!(out.contains("postgres:17"), "{out}");
    let revisions = k.ok(&[
        "get",
        "controllerrevisions",
        "-l",
        "app=db",
        "-o",
        "jsonpath={range .items[*]}{.metadata.name} {.revision} {.metadata.ownerReferences[0].kind}{\"\\n\"}{end}",
    ]);
    assert_eq!(revisions.lines().count(), 3, "{revisions}");
    assert!(
        revisions
            .lines()
            .all(|l| l.starts_with("db-") && l.ends_with(" StatefulSet")),
        "{revisions}"
    );
    // The status names the newest revision.
    let newest = revisions
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("3"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    k.eventually("updateRevision names the newest", || {
        k.ok(&[
            "get",
            "sts",
            "db",
            "-o",
            "jsonpath={.status.currentRevision} {.status.updateRevision}",
        ]) == format!("{newest} {newest}")
    });

    // The data replaces the whole template when applied.
    let data: serde_json::Value = serde_json::from_str(&k.ok(&[
        "get",
        "controllerrevision",
        &newest,
        "-o",
        "jsonpath={.data}",
    ]))
    .unwrap();
    assert_eq!(data["spec"]["template"]["$patch"], "replace", "{data}");
    assert_eq!(
        data["spec"]["template"]["spec"]["containers"][0]["image"],
        "postgres:18"
    );

    // Undo to revision 1 restores its template, renumbered 4.
    let out = k.ok(&["rollout", "undo", "sts/db", "--to-revision=1"]);
    assert!(out.contains("rolled back"), "{out}");
    assert_eq!(
        k.ok(&[
            "get",
            "sts",
            "db",
            "-o",
            "jsonpath={.spec.template.spec.containers[0].image}"
        ]),
        "postgres:16"
    );
    k.eventually("revision 1 renumbered", || {
        history_of(&k, "sts/db") == ["2", "3", "4"]
    });

    // A DaemonSet keeps its revisions too; a smaller limit prunes them.
    let ds = STATEFULSET
        .replace("kind: StatefulSet", "kind: DaemonSet")
        .replace(
            "  serviceName: db\n  replicas: 1\n",
            "  revisionHistoryLimit: 1\n",
        )
        .replace("name: db}", "name: agent}");
    k.ok_stdin(&["apply", "-f", "-"], &ds);
    k.ok(&["set", "image", "ds/agent", "db=postgres:17"]);
    let out = k.ok(&["rollout", "status", "ds/agent", "--timeout=20s"]);
    assert!(out.contains("successfully rolled out"), "{out}");
    k.eventually("the DaemonSet's two revisions", || {
        history_of(&k, "ds/agent") == ["1", "2"]
    });
    k.ok(&["set", "image", "ds/agent", "db=postgres:18"]);
    k.eventually("one old DaemonSet revision kept", || {
        history_of(&k, "ds/agent") == ["2", "3"]
    });

    // Deleting the StatefulSet collects its revisions.
    k.ok(&["delete", "sts", "db"]);
    k.eventually("StatefulSet revisions collected", || {
        k.ok(&["get", "controllerrevisions", "-l", "app=db", "-o", "name"])
            .lines()
            .all(|l| !l.contains("/db-"))
    });
}

#[test]
fn rollout_history_survives_a_restart_with_a_data_dir() {
    let data = tempfile::tempdir().unwrap();
    let options = || ballast_devcluster::Options {
        simulate_workloads: true,
        data_dir: Some(data.path().join("data")),
        ..Default::default()
    };
    {
        let k = Kubectl::with(Cluster::start_with(options()));
        k.ok_stdin(&["apply", "-f", "-"], DEPLOY);
        set_image(&k, "nginx:1.26");
        k.eventually("two revisions", || history(&k) == ["1", "2"]);
    }
    // The restarted simulation picks the rollout up where it was.
    let k = Kubectl::with(Cluster::start_with(options()));
    assert_eq!(history(&k), ["1", "2"]);
    set_image(&k, "nginx:1.27");
    k.eventually("a third revision", || history(&k) == ["1", "2", "3"]);
    assert_eq!(
        replica_sets(&k).iter().map(|r| r.1).collect::<Vec<_>>(),
        [0, 0, 2]
    );
}
