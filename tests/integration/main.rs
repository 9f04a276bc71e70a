#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Ballast's integration tests: one binary, a module per topic.

mod compat;
mod crds_kubectl;
mod e2e;
