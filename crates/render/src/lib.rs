//! Kustomize-compatible renderer: turns a kustomization directory into the
//! Kubernetes objects `kubectl kustomize` (kustomize v5.5) would print, with
//! no kustomize binary and no cluster access.
//!
//! ```text
//!  root dir ──load──▶ Kustomization ──accumulate──▶ resources, bases (recursive)
//!    (or Flux-style generated)           │ generators: configMapGenerator, secretGenerator
//!                                        │ components (applied to everything so far)
//!                                        │ transformers, in kustomize's order: patches,
//!                                        │   namespace, prefix/suffix, labels, annotations,
//!                                        │   JSON 6902, replicas, images, replacements
//!                                        ▼
//!        hash suffixes ─▶ name references ─▶ vars ─▶ sort ─▶ Vec<Value> ─▶ to_yaml
//! ```
//!
//! Output matches kustomize byte for byte where we know how: keys sorted
//! the way go-yaml v2 sorts them, its quoting, folding and block styles, and
//! the legacy kind order. [`render_flux`] adds Flux's Kustomization overlay
//! fields, post-build [`substitute`]ion and `commonMetadata`. Everything is
//! synchronous and pure apart from reading the files under the root.

mod build;
mod error;
mod fieldspec;
mod flux;
mod generate;
mod kustomization;
mod loader;
mod nameref;
mod patch;
mod plugins;
mod replace;
mod resid;
mod resource;
mod sort;
mod substitute;
mod transform;
mod vars;
mod yaml;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use flux::{
    CommonMetadata, FluxImage, FluxOverlay, FluxPatch, FluxSelector, PostBuild, render_flux,
};
pub use loader::LoadRestrictor;
use serde_json::Value;
pub use substitute::{SUBSTITUTE_OPT_OUT, Substitution, substitute};

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where files named by a kustomization may live.
    pub load_restrictor: LoadRestrictor,
    /// A directory nothing may escape (Flux's source root), beyond the
    /// restrictor's rule; `None` allows bases anywhere, like kustomize.
    pub source_root: Option<PathBuf>,
}

/// Renders the kustomization in `root` to its objects, in output order.
///
/// A `root` without a kustomization file gets one listing every YAML file
/// below it, as Flux's kustomize-controller generates.
pub fn render(root: &Path, options: &Options) -> Result<Vec<Value>> {
    render_with_warnings(root, options).map(|(objects, _)| objects)
}

/// Like [`render`], also returning warnings about input that was ignored
/// on purpose (such as a kustomization's `openapi` field).
pub fn render_with_warnings(root: &Path, options: &Options) -> Result<(Vec<Value>, Vec<String>)> {
    let source_root = match &options.source_root {
        Some(p) => Some(std::fs::canonicalize(p).map_err(|source| Error::Io {
            path: p.clone(),
            source,
        })?),
        None => None,
    };
    let loader = loader::Loader {
        restrictor: options.load_restrictor,
        source_root,
    };
    let mut builder = build::Builder::new(loader);
    let objects = builder.build_root(root)?;
    Ok((objects, builder.warnings))
}

/// Multi-document YAML exactly as `kubectl kustomize` prints it.
pub fn to_yaml(objects: &[Value]) -> String {
    let mut out = String::new();
    for (i, obj) in objects.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&yaml::to_document(obj));
    }
    out
}

/// Parses multi-document YAML the way the renderer reads input (go-yaml v3
/// scalar rules, key order kept); empty documents are skipped. Useful to
/// compare outputs.
pub fn parse_yaml(text: &str) -> std::result::Result<Vec<Value>, String> {
    yaml::parse_documents(text)
        .map(|docs| docs.into_iter().filter(|d| !d.is_null()).collect())
        .map_err(|e| format!("line {}: {}", e.line, e.message))
}
