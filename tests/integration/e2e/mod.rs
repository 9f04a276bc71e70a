//! End to end with real processes, each on a random loopback port: `ballast
//! dev cluster --simulate-workloads`, the `source-controller` and
//! `kustomize-controller` binaries, `git http-backend`
//! ([`ballast_testsupport::HttpGitServer`]) and the real `kubectl`, which
//! installs the CRDs, creates the GitRepositories and Kustomizations and
//! makes the hand edits. Outcomes are read with kubectl and kube-rs.
//!
//! Every test starts its own cluster and controllers ([`E2e`]); the cases of
//! one test use their own namespaces and repositories. Processes are killed
//! when the harness drops, and their logs are printed when a test fails.
//!
//! NB: the binaries are taken from beside this test's executable
//! (`target/debug`). `cargo test --workspace` and `cargo nextest run
//! --workspace` build them: cargo builds a package's bin targets whenever it
//! builds that package's integration tests (checked: `cargo test -p
//! ballast-cli --no-run` rebuilds `target/debug/ballast`), and ballast-cli,
//! ballast-source-controller and ballast-kustomize-controller all have
//! integration tests. A dev-dependency would not build them. Running only
//! `-p ballast-tests` uses the binaries built last; a missing one fails with
//! the command that builds it.

mod git_flow;
mod harness;
mod restart;
mod workloads;
