//! Flux's Kustomization overlay: the `spec` fields kustomize-controller
//! layers over the kustomization in the source (`targetNamespace`,
//! `namePrefix`, `nameSuffix`, `patches`, `images`, `components`), then
//! post-build substitution and `commonMetadata` on the rendered objects.
//!
//! Nothing is written to the source directory: the overlay is merged into
//! the loaded kustomization in memory. Loading is confined to the source
//! root (no per-kustomization restriction inside it), as Flux builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::kustomization::{Image, Kustomization, Patch, Selector};
use crate::substitute::{Substitution, substitute};
use crate::{LoadRestrictor, build, loader};

/// The overlay fields of a Flux `Kustomization` spec, with Flux's JSON names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FluxOverlay {
    /// Sets (overrides) the kustomization's `namespace`.
    pub target_namespace: Option<String>,
    /// Sets (overrides) `namePrefix`.
    pub name_prefix: Option<String>,
    /// Sets (overrides) `nameSuffix`.
    pub name_suffix: Option<String>,
    /// Appended to `patches`.
    #[serde(default)]
    pub patches: Vec<FluxPatch>,
    /// Merged into `images` by name.
    #[serde(default)]
    pub images: Vec<FluxImage>,
    /// Appended to `components`; must be local relative paths.
    #[serde(default)]
    pub components: Vec<String>,
    /// Skip listed components that do not exist.
    #[serde(default)]
    pub ignore_missing_components: bool,
    /// Labels and annotations set on every rendered object.
    pub common_metadata: Option<CommonMetadata>,
    /// Variable substitution after the build.
    pub post_build: Option<PostBuild>,
}

/// A Flux patch: inline text plus an optional target.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FluxPatch {
    /// Strategic merge or JSON 6902 patch text.
    pub patch: String,
    /// Which objects to patch.
    pub target: Option<FluxSelector>,
}

/// A patch target.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FluxSelector {
    /// API group (regular expression).
    pub group: Option<String>,
    /// API version (regular expression).
    pub version: Option<String>,
    /// Kind (regular expression).
    pub kind: Option<String>,
    /// Name (regular expression).
    pub name: Option<String>,
    /// Namespace (regular expression).
    pub namespace: Option<String>,
    /// Kubernetes label selector.
    pub label_selector: Option<String>,
    /// Kubernetes label selector over annotations.
    pub annotation_selector: Option<String>,
}

/// An image override.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FluxImage {
    /// Image name to match.
    pub name: String,
    /// Replacement name.
    #[serde(default)]
    pub new_name: String,
    /// Replacement tag.
    #[serde(default)]
    pub new_tag: String,
    /// Replacement digest.
    #[serde(default)]
    pub digest: String,
}

/// `spec.commonMetadata`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommonMetadata {
    /// Labels to set.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Annotations to set.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

/// `spec.postBuild`, with `substituteFrom` already resolved by the caller
/// into `substitute` (the renderer reads no cluster objects).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostBuild {
    /// Variables.
    #[serde(default)]
    pub substitute: BTreeMap<String, String>,
    /// Fail on unset variables without defaults (Flux's strict mode).
    #[serde(default)]
    pub strict: bool,
}

/// Renders `path` (relative to `source_root`) with a Flux overlay, the way
/// kustomize-controller builds a Kustomization.
pub fn render_flux(source_root: &Path, path: &Path, overlay: &FluxOverlay) -> Result<Vec<Value>> {
    let root = std::fs::canonicalize(source_root).map_err(|source| Error::Io {
        path: source_root.to_path_buf(),
        source,
    })?;
    let dir: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    for c in &overlay.components {
        let p = Path::new(c);
        let local = !loader::is_remote(c)
            && p.is_relative()
            && !p
                .components()
                .next()
                .is_some_and(|x| matches!(x, std::path::Component::RootDir));
        if !local {
            return Err(Error::Object {
                object: format!("component {c:?}"),
                message: "component path must be local and relative".into(),
            });
        }
    }
    let l = loader::Loader {
        restrictor: LoadRestrictor::None,
        source_root: Some(root),
    };
    let mut builder = build::Builder::new(l);
    let canonical_dir = builder.loader.canonical_dir(&dir)?;
    let mut objects = builder.build_root_with(&dir, &mut |k: &mut Kustomization| {
        apply_overlay(k, overlay, &canonical_dir)
    })?;
    if let Some(pb) = &overlay.post_build
        && !pb.substitute.is_empty()
    {
        substitute(
            &mut objects,
            &Substitution {
                variables: pb.substitute.clone(),
                strict: pb.strict,
            },
        )?;
    }
    if let Some(cm) = &overlay.common_metadata {
        for obj in &mut objects {
            for (field, entries) in [("labels", &cm.labels), ("annotations", &cm.annotations)] {
                if entries.is_empty() {
                    continue;
                }
                let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) else {
                    continue;
                };
                let target = meta
                    .entry(field)
                    .or_insert_with(|| Value::Object(serde_json::Map::new()));
                if let Value::Object(m) = target {
                    for (k, v) in entries {
                        m.insert(k.clone(), Value::String(v.clone()));
                    }
                }
            }
        }
    }
    Ok(objects)
}

fn apply_overlay(k: &mut Kustomization, o: &FluxOverlay, dir: &Path) {
    if let Some(ns) = &o.target_namespace {
        k.namespace = Some(ns.clone());
    }
    if let Some(p) = &o.name_prefix {
        k.name_prefix = Some(p.clone());
    }
    if let Some(s) = &o.name_suffix {
        k.name_suffix = Some(s.clone());
    }
    for p in &o.patches {
        k.patches.get_or_insert_with(Vec::new).push(Patch {
            path: None,
            patch: Some(p.patch.clone()),
            target: p.target.as_ref().map(|t| Selector {
                group: t.group.clone(),
                version: t.version.clone(),
                kind: t.kind.clone(),
                name: t.name.clone(),
                namespace: t.namespace.clone(),
                label_selector: t.label_selector.clone(),
                annotation_selector: t.annotation_selector.clone(),
            }),
            options: Default::default(),
        });
    }
    for c in &o.components {
        if o.ignore_missing_components && !dir.join(c).exists() {
            continue;
        }
        k.components.get_or_insert_with(Vec::new).push(c.clone());
    }
    let images = k.images.get_or_insert_with(Vec::new);
    for img in &o.images {
        match images.iter_mut().find(|i| i.name == img.name) {
            Some(existing) => {
                if !img.new_name.is_empty() {
                    existing.new_name = img.new_name.clone();
                }
                if !img.new_tag.is_empty() || !img.digest.is_empty() {
                    existing.new_tag = img.new_tag.clone();
                    existing.digest = img.digest.clone();
                }
            }
            None => images.push(Image {
                name: img.name.clone(),
                new_name: img.new_name.clone(),
                new_tag: img.new_tag.clone(),
                digest: img.digest.clone(),
                tag_suffix: String::new(),
            }),
        }
    }
}
