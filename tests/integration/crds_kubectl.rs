//! The generated CRDs and the Flux corpus through the real `kubectl`,
//! against devcluster: kubectl accepts the CRDs (client and server side),
//! serves the kinds, and rejects a misspelled field or a bad enum value in a
//! Flux manifest naming the field.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use ballast_devcluster::{DevCluster, Options};
use ballast_tests::{kubectl, repo_root};

struct Kubectl {
    kubeconfig: tempfile::NamedTempFile,
}

impl Kubectl {
    fn new(cluster: &DevCluster) -> Self {
        let kubeconfig = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(kubeconfig.path(), cluster.kubeconfig()).unwrap();
        Self { kubeconfig }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(kubectl().unwrap())
            .arg("--kubeconfig")
            .arg(self.kubeconfig.path())
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "kubectl {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "kubectl {args:?} unexpectedly succeeded"
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_accepts_the_crds_and_validates_flux_manifests_against_them() {
    let cluster = DevCluster::start(Options::default()).await.unwrap();
    let k = Kubectl::new(&cluster);
    let crds = repo_root().join("crds");
    let corpus = repo_root().join("tests/compat/flux");

    // Client-side dry run of every CRD file, then the real thing.
    let dry =
        tokio::task::block_in_place(|| k.ok(&["apply", "--dry-run=client", "-f", path(&crds)]));
    assert_eq!(dry.lines().count(), 8, "{dry}");
    assert!(
        dry.contains("gitrepositories.source.toolkit.fluxcd.io created (dry run)"),
        "{dry}"
    );
    let applied =
        tokio::task::block_in_place(|| k.ok(&["apply", "--server-side", "-f", path(&crds)]));
    assert_eq!(
        applied.matches("serverside-applied").count(),
        8,
        "{applied}"
    );
    tokio::task::block_in_place(|| {
        k.ok(&[
            "wait",
            "--for=condition=Established",
            "--timeout=20s",
            "crd",
            "--all",
        ])
    });

    // Every corpus manifest passes kubectl's strict server-side validation.
    for ns in [
        "apps",
        "default",
        "fleet",
        "flux-system",
        "previews",
        "team-a",
    ] {
        let _ = tokio::task::block_in_place(|| k.run(&["create", "namespace", ns]));
    }
    let out =
        tokio::task::block_in_place(|| k.run(&["create", "--dry-run=server", "-f", path(&corpus)]));
    assert!(
        out.status.success(),
        "corpus rejected:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Short names and printer columns are served.
    let repo = corpus.join("gitrepository-branch.yaml");
    tokio::task::block_in_place(|| k.ok(&["apply", "--server-side", "-f", path(&repo)]));
    let table = tokio::task::block_in_place(|| k.ok(&["get", "gitrepo", "-A"]));
    let header = table.lines().next().unwrap_or_default();
    for column in ["NAMESPACE", "NAME", "URL", "AGE", "READY", "STATUS"] {
        assert!(header.contains(column), "no {column} column in:\n{table}");
    }

    // A misspelled field and a wrong enum value are rejected naming the field.
    let dir = tempfile::tempdir().unwrap();
    let misspelled = dir.path().join("misspelled.yaml");
    std::fs::write(
        &misspelled,
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: typo\n  namespace: default\nspec:\n  url: https://example.test/repo\n  interval: 5m\n  reff:\n    branch: main\n",
    )
    .unwrap();
    let err = tokio::task::block_in_place(|| k.fails(&["apply", "-f", path(&misspelled)]));
    assert!(err.contains("reff"), "{err}");

    let bad_enum = dir.path().join("bad-enum.yaml");
    std::fs::write(
        &bad_enum,
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: bad\n  namespace: default\nspec:\n  interval: 5m\n  prune: true\n  deletionPolicy: Sometimes\n  sourceRef:\n    kind: GitRepository\n    name: repo\n",
    )
    .unwrap();
    let err = tokio::task::block_in_place(|| k.fails(&["apply", "-f", path(&bad_enum)]));
    assert!(
        err.contains("deletionPolicy") && err.contains("Sometimes"),
        "{err}"
    );

    tokio::time::timeout(Duration::from_secs(10), cluster.shutdown())
        .await
        .unwrap();
}
