//! The built-in transformers that need no patch engine: namespace, name
//! prefix/suffix, labels, annotations, replicas, images, build metadata.

use std::path::Path;

use regex::Regex;
use serde_json::{Map, Value, json};

use crate::build::Loaded;
use crate::error::{Error, Result};
use crate::fieldspec::{self, ExtraConfig, FieldSpec};
use crate::kustomization::FieldSpecArg;
use crate::resource::ResMap;

pub(crate) fn user_specs(args: &[FieldSpecArg]) -> Vec<FieldSpec> {
    args.iter()
        .map(|a| FieldSpec::new(&a.group, &a.version, &a.kind, &a.path, a.create))
        .collect()
}

/// `namespace`: sets `metadata.namespace` on namespaced objects, renames
/// Namespace objects, fixes service namespaces of APIService/CRD webhooks and
/// the namespace of RoleBinding subjects named `default`.
pub(crate) fn namespace(l: &Loaded, ra: &mut ResMap, cfg: &ExtraConfig) -> Result<()> {
    let Some(ns) = l.k.namespace.as_deref().filter(|n| !n.is_empty()) else {
        return Ok(());
    };
    for r in &mut ra.items {
        r.store_previous_id();
        let gvk = r.gvk();
        if !gvk.is_cluster_scoped() {
            r.metadata_mut().insert("namespace".into(), json!(ns));
        }
        if gvk.kind == "Namespace" && r.obj.get("apiVersion").and_then(Value::as_str) == Some("v1")
        {
            r.metadata_mut().insert("name".into(), json!(ns));
        }
        if (gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding")
            && let Some(Value::Array(subjects)) = r.obj.get_mut("subjects")
        {
            for s in subjects.iter_mut() {
                if let Value::Object(s) = s
                    && s.get("name").and_then(Value::as_str) == Some("default")
                {
                    s.insert("namespace".into(), json!(ns));
                }
            }
        }
        for spec in fieldspec::namespace().iter().chain(&cfg.namespace) {
            if spec.gvk.selects(&gvk) {
                set_scalar(&mut r.obj, spec, &json!(ns))?;
            }
        }
    }
    ra.reindex().map_err(|e| Error::Kustomization {
        file: l.file.clone(),
        message: format!("namespace {ns:?} produces an id conflict: {e}"),
    })
}

pub(crate) fn set_scalar(obj: &mut Value, spec: &FieldSpec, value: &Value) -> Result<()> {
    fieldspec::apply(obj, &spec.path, spec.create, &|| Value::Null, &mut |v| {
        *v = value.clone();
        Ok(())
    })
}

/// `namePrefix` / `nameSuffix` on `metadata.name`, except CRDs, APIServices
/// and Namespaces.
pub(crate) fn prefix_suffix(l: &Loaded, ra: &mut ResMap, cfg: &ExtraConfig) -> Result<()> {
    let prefix = l.k.name_prefix.clone().unwrap_or_default();
    let suffix = l.k.name_suffix.clone().unwrap_or_default();
    if prefix.is_empty() && suffix.is_empty() {
        return Ok(());
    }
    for (affix, is_prefix) in [(prefix, true), (suffix, false)] {
        if affix.is_empty() {
            continue;
        }
        for r in &mut ra.items {
            let org = r.org_id().gvk;
            let skip = org.kind == "CustomResourceDefinition"
                || (org.kind == "APIService" && org.group == "apiregistration.k8s.io")
                || org.kind == "Namespace";
            if skip {
                continue;
            }
            r.store_previous_id();
            let name = r.name().to_string();
            if is_prefix {
                r.prefixes.push(affix.clone());
                r.set_name(&format!("{affix}{name}"));
            } else {
                r.suffixes.push(affix.clone());
                r.set_name(&format!("{name}{affix}"));
            }
            // Extra fields from `configurations` get the same affix.
            let gvk = r.gvk();
            let extra = if is_prefix {
                &cfg.name_prefix
            } else {
                &cfg.name_suffix
            };
            for spec in extra {
                if !spec.gvk.selects(&gvk) || spec.path == ["metadata", "name"] {
                    continue;
                }
                fieldspec::apply(&mut r.obj, &spec.path, false, &|| Value::Null, &mut |v| {
                    if let Value::String(s) = v {
                        *s = if is_prefix {
                            format!("{affix}{s}")
                        } else {
                            format!("{s}{affix}")
                        };
                    }
                    Ok(())
                })?;
            }
        }
    }
    ra.reindex()
}

/// Sets `entries` into the maps at every matching field spec.
pub(crate) fn set_entries(
    ra: &mut ResMap,
    specs: &[FieldSpec],
    entries: &[(String, String)],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    for r in &mut ra.items {
        let gvk = r.gvk();
        let what = r.describe();
        for spec in specs {
            if !spec.gvk.selects(&gvk) {
                continue;
            }
            fieldspec::apply(
                &mut r.obj,
                &spec.path,
                spec.create,
                &|| Value::Object(Map::new()),
                &mut |node| fieldspec::set_map_entries(node, entries, &what),
            )?;
        }
    }
    Ok(())
}

fn pairs(m: &indexmap::IndexMap<String, String>) -> Vec<(String, String)> {
    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// `labels` entries, then `commonLabels`.
pub(crate) fn labels(l: &Loaded, ra: &mut ResMap, cfg: &ExtraConfig) -> Result<()> {
    for label in l.k.labels.iter().flatten() {
        let mut specs: Vec<FieldSpec> = Vec::new();
        if label.include_selectors {
            specs.extend_from_slice(fieldspec::common_labels());
            specs.extend_from_slice(&cfg.common_labels);
        } else {
            if label.include_templates {
                specs.extend_from_slice(fieldspec::template_labels());
                specs.extend_from_slice(&cfg.template_labels);
            }
            specs.push(FieldSpec::new("", "", "", "metadata/labels", true));
        }
        specs.extend(user_specs(&label.fields));
        dedupe(&mut specs);
        set_entries(ra, &specs, &pairs(&label.pairs))?;
    }
    if let Some(common) = &l.k.common_labels {
        let mut specs = fieldspec::common_labels().to_vec();
        specs.extend_from_slice(&cfg.common_labels);
        set_entries(ra, &specs, &pairs(common))?;
    }
    Ok(())
}

fn dedupe(specs: &mut Vec<FieldSpec>) {
    let mut out: Vec<FieldSpec> = Vec::new();
    for s in specs.drain(..) {
        if !out.iter().any(|o| o.gvk == s.gvk && o.path == s.path) {
            out.push(s);
        }
    }
    *specs = out;
}

/// `commonAnnotations`.
pub(crate) fn annotations(l: &Loaded, ra: &mut ResMap, cfg: &ExtraConfig) -> Result<()> {
    if let Some(common) = &l.k.common_annotations {
        let mut specs = fieldspec::common_annotations().to_vec();
        specs.extend_from_slice(&cfg.common_annotations);
        set_entries(ra, &specs, &pairs(common))?;
    }
    Ok(())
}

/// `replicas`: sets `spec.replicas` of workloads whose name (any name they
/// had) matches.
pub(crate) fn replicas(l: &Loaded, ra: &mut ResMap, cfg: &ExtraConfig) -> Result<()> {
    for rep in l.k.replicas.iter().flatten() {
        let mut found = false;
        for spec in fieldspec::replicas().iter().chain(&cfg.replicas) {
            for r in &mut ra.items {
                let hit = r
                    .all_ids()
                    .any(|id| id.name == rep.name && spec.gvk.selects(&id.gvk));
                if !hit {
                    continue;
                }
                found = true;
                set_scalar(&mut r.obj, spec, &json!(rep.count))?;
            }
        }
        if !found {
            return Err(Error::Kustomization {
                file: l.file.clone(),
                message: format!(
                    "replicas: no Deployment, ReplicationController, ReplicaSet or StatefulSet named {:?}",
                    rep.name
                ),
            });
        }
    }
    Ok(())
}

/// `images`: rewrites container images by name, in every `containers` and
/// `initContainers` list anywhere in an object (kustomize's legacy walk) and
/// at the built-in image field specs.
pub(crate) fn images(l: &Loaded, ra: &mut ResMap, cfg: &ExtraConfig) -> Result<()> {
    let list: Vec<_> =
        l.k.images
            .iter()
            .flatten()
            .chain(l.k.image_tags.iter().flatten())
            .cloned()
            .collect();
    let specs: Vec<FieldSpec> = fieldspec::images()
        .iter()
        .chain(&cfg.images)
        .cloned()
        .collect();
    for img in list {
        apply_image(ra, &img, &specs)?;
    }
    Ok(())
}

/// One `images` entry over every object: the legacy container walk plus
/// `specs`.
pub(crate) fn apply_image(
    ra: &mut ResMap,
    img: &crate::kustomization::Image,
    specs: &[FieldSpec],
) -> Result<()> {
    {
        // NB: kustomize builds this regex from the raw name; names with regex
        // metacharacters behave as in kustomize (or match nothing if invalid).
        let pattern = format!(
            "^{}(:[a-zA-Z0-9_.{{}}-]*)?(@sha256:[a-zA-Z0-9_.{{}}-]*)?$",
            img.name
        );
        let Ok(re) = Regex::new(&pattern) else {
            return Ok(());
        };
        let update = |s: &str| -> Option<String> {
            if !re.is_match(s) {
                return None;
            }
            let (mut name, mut tag, mut digest) = split_image(s);
            if !img.new_name.is_empty() {
                name = img.new_name.clone();
            }
            if !img.new_tag.is_empty() && !img.digest.is_empty() {
                tag = img.new_tag.clone();
                digest = img.digest.clone();
            } else if !img.new_tag.is_empty() {
                tag = img.new_tag.clone();
                digest.clear();
            } else if !img.digest.is_empty() {
                tag.clear();
                digest = img.digest.clone();
            } else if !img.tag_suffix.is_empty() {
                tag.push_str(&img.tag_suffix);
                digest.clear();
            }
            if !tag.is_empty() {
                name = format!("{name}:{tag}");
            }
            if !digest.is_empty() {
                name = format!("{name}@{digest}");
            }
            Some(name)
        };
        for r in &mut ra.items {
            walk_containers(&mut r.obj, &update);
            let gvk = r.gvk();
            for spec in specs {
                if !spec.gvk.selects(&gvk) {
                    continue;
                }
                fieldspec::apply(&mut r.obj, &spec.path, false, &|| Value::Null, &mut |v| {
                    if let Some(new) = v.as_str().and_then(&update) {
                        *v = Value::String(new);
                    }
                    Ok(())
                })?;
            }
        }
    }
    Ok(())
}

fn walk_containers(v: &mut Value, update: &dyn Fn(&str) -> Option<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if (k == "containers" || k == "initContainers")
                    && child.is_array()
                    && let Value::Array(items) = child
                {
                    for item in items.iter_mut() {
                        if let Some(Value::String(image)) = item.get_mut("image")
                            && let Some(new) = update(image)
                        {
                            *image = new;
                        }
                    }
                }
                walk_containers(child, update);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_containers(item, update);
            }
        }
        _ => {}
    }
}

/// Splits `registry:port/name:tag@digest` into name, tag and digest; a colon
/// before the first slash belongs to the registry.
pub(crate) fn split_image(image: &str) -> (String, String, String) {
    let slash = image.find('/').filter(|&i| i > 0).unwrap_or(0);
    let search = &image[slash..];
    let at = search.find('@');
    let colon = search.find(':');
    match (colon, at) {
        (None, None) => (image.to_string(), String::new(), String::new()),
        (c, Some(a)) if c.is_none_or(|c| a < c) => {
            let a = a + slash;
            (
                image[..a].to_string(),
                String::new(),
                image[a + 1..].to_string(),
            )
        }
        (Some(c), Some(a)) => {
            let (c, a) = (c + slash, a + slash);
            (
                image[..c].to_string(),
                image[c + 1..a].to_string(),
                image[a + 1..].to_string(),
            )
        }
        (Some(c), None) => {
            let c = c + slash;
            (
                image[..c].to_string(),
                image[c + 1..].to_string(),
                String::new(),
            )
        }
        (None, Some(_)) => (image.to_string(), String::new(), String::new()),
    }
}

/// `buildMetadata`: `originAnnotations` and `managedByLabel` here;
/// `transformerAnnotations` are recorded while building.
pub(crate) fn apply_build_metadata(ra: &mut ResMap, options: &[String], file: &Path) -> Result<()> {
    for o in options {
        match o.as_str() {
            "managedByLabel" => {
                let entries = vec![(
                    "app.kubernetes.io/managed-by".to_string(),
                    // NB: kustomize inside kubectl reports its version as
                    // "(devel)"; match `kubectl kustomize`.
                    "kustomize-(devel)".to_string(),
                )];
                set_entries(
                    ra,
                    &[FieldSpec::new("", "", "", "metadata/labels", true)],
                    &entries,
                )?;
            }
            "originAnnotations" => {
                for r in &mut ra.items {
                    if let Some(origin) = r.origin.clone() {
                        let meta = r.metadata_mut();
                        let ann = meta
                            .entry("annotations")
                            .or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(m) = ann {
                            m.insert("config.kubernetes.io/origin".into(), Value::String(origin));
                        }
                    }
                }
            }
            // Recorded during the build (see `Builder::record`).
            "transformerAnnotations" => {}
            other => {
                return Err(Error::Kustomization {
                    file: file.to_path_buf(),
                    message: format!(
                        "buildMetadata {other:?} is unknown: use originAnnotations, transformerAnnotations or managedByLabel"
                    ),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_images_like_kustomize() {
        let s = |x: &str| {
            let (a, b, c) = split_image(x);
            (a, b, c)
        };
        assert_eq!(s("nginx"), ("nginx".into(), "".into(), "".into()));
        assert_eq!(s("nginx:1.2"), ("nginx".into(), "1.2".into(), "".into()));
        assert_eq!(
            s("localhost:5000/app:v1@sha256:abc"),
            (
                "localhost:5000/app".into(),
                "v1".into(),
                "sha256:abc".into()
            )
        );
        assert_eq!(
            s("reg:5000/app"),
            ("reg:5000/app".into(), "".into(), "".into())
        );
        assert_eq!(
            s("app@sha256:x"),
            ("app".into(), "".into(), "sha256:x".into())
        );
    }
}
