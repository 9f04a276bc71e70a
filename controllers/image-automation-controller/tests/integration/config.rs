//! The manifests in `config/image-automation-controller/` agree with the
//! binary, and real `kubectl kustomize` builds them.

use clap::Parser;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../config/image-automation-controller"
);
const DEPLOYMENT: &str =
    include_str!("../../../../config/image-automation-controller/deployment.yaml");
const RBAC: &str = include_str!("../../../../config/image-automation-controller/rbac.yaml");

#[test]
fn deployment_args_parse_and_ports_match_the_defaults() {
    let args: Vec<&str> = DEPLOYMENT
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("- --").map(|_| &l[2..]))
        .collect();
    assert!(args.len() >= 4, "{args:?}");
    let config = ballast_image_automation_controller::Config::try_parse_from(
        std::iter::once("image-automation-controller").chain(args.iter().copied()),
    )
    .unwrap();
    assert!(config.options.enable_leader_election);
    assert!(config.options.watch_all_namespaces);
    assert_eq!(config.options.metrics_addr, ":8080");
    assert_eq!(config.options.health_addr, ":9440");
    for needle in [
        "containerPort: 8080",
        "containerPort: 9440",
        "path: /healthz",
        "path: /readyz",
        "mountPath: /tmp",
    ] {
        assert!(DEPLOYMENT.contains(needle), "{needle}");
    }
}

#[test]
fn rbac_grants_what_the_controller_reads_and_writes() {
    for needle in [
        r#"resources: ["imageupdateautomations"]"#,
        r#"resources: ["imageupdateautomations/status"]"#,
        r#"resources: ["imageupdateautomations/finalizers"]"#,
        r#"resources: ["imagepolicies"]"#,
        r#"resources: ["gitrepositories"]"#,
        r#"resources: ["secrets"]"#,
        r#"resources: ["leases"]"#,
    ] {
        assert!(RBAC.contains(needle), "{needle}");
    }
    // Secrets are read one by one, never listed or watched.
    let lines: Vec<&str> = RBAC.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|l| *l == r#"resources: ["secrets"]"#)
        .unwrap();
    assert_eq!(lines[at + 1], r#"verbs: ["get"]"#);
}

#[test]
fn kubectl_kustomize_builds_the_manifests() {
    let out = std::process::Command::new("kubectl")
        .args(["kustomize", DIR])
        .output()
        .expect("kubectl on PATH");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let kinds: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "ServiceAccount",
            "Role",
            "ClusterRole",
            "RoleBinding",
            "ClusterRoleBinding",
            "Deployment"
        ]
    );
    assert!(text.contains("namespace: flux-system"));
}
