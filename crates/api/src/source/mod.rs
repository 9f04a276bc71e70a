//! The `source.toolkit.fluxcd.io` API group: where manifests come from.

pub mod v1;
