//! The `kustomize.toolkit.fluxcd.io` API group: what to apply, and how.

pub mod v1;
