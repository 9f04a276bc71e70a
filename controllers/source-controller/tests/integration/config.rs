//! The manifests in `config/source-controller/` agree with the binary.

use clap::Parser;

const DEPLOYMENT: &str = include_str!("../../../../config/source-controller/deployment.yaml");
const SERVICE: &str = include_str!("../../../../config/source-controller/service.yaml");

#[test]
fn deployment_args_parse_and_ports_match_the_defaults() {
    // The container args are the `- --flag` lines of the manifest.
    let args: Vec<&str> = DEPLOYMENT
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("- --").map(|_| &l[2..]))
        .collect();
    assert!(args.len() >= 5, "{args:?}");
    let config = ballast_source_controller::Config::try_parse_from(
        std::iter::once("source-controller").chain(args.iter().copied()),
    )
    .unwrap();
    assert_eq!(config.storage_path, std::path::PathBuf::from("/data"));
    assert!(config.options.enable_leader_election);
    assert_eq!(config.storage_addr, ":9090");
    assert_eq!(config.options.metrics_addr, ":8080");
    assert_eq!(config.options.health_addr, ":9440");
    for port in [
        "containerPort: 9090",
        "containerPort: 8080",
        "containerPort: 9440",
    ] {
        assert!(DEPLOYMENT.contains(port), "{port}");
    }
    for probe in ["path: /healthz", "path: /readyz"] {
        assert!(DEPLOYMENT.contains(probe), "{probe}");
    }
    assert!(SERVICE.contains("port: 80") && SERVICE.contains("targetPort: http"));
}
