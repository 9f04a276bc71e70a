//! The `image.toolkit.fluxcd.io` API group: scanning registries for tags,
//! choosing the latest one, and writing it back to Git.

pub mod v1;
