//! `transformers:` entries that configure kustomize's built-in transformers
//! (`apiVersion: builtin`), given as files or inline YAML. They run after
//! the kustomization's own transformers, in order, each with exactly the
//! field specs it lists.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::build::{Builder, Loaded};
use crate::error::{Error, Result};
use crate::fieldspec::{self, FieldSpec};
use crate::kustomization::{FieldSpecArg, Image, Kustomization, Patch, Selector};
use crate::loader;
use crate::resource::ResMap;
use crate::transform;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    #[serde(default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    metadata: Option<Value>,
    #[serde(default)]
    field_specs: Vec<FieldSpecArg>,
    // LabelTransformer / AnnotationsTransformer.
    #[serde(default)]
    labels: indexmap::IndexMap<String, String>,
    #[serde(default)]
    annotations: indexmap::IndexMap<String, String>,
    // PrefixTransformer / SuffixTransformer.
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    // NamespaceTransformer.
    #[serde(default)]
    unset_only: bool,
    #[serde(default)]
    set_role_binding_subjects: String,
    // ImageTagTransformer / ReplicaCountTransformer.
    image_tag: Option<Image>,
    replica: Option<crate::kustomization::Replica>,
    // PatchTransformer / PatchJson6902Transformer / PatchStrategicMergeTransformer.
    path: Option<String>,
    patch: Option<String>,
    target: Option<Selector>,
    #[serde(default)]
    options: indexmap::IndexMap<String, bool>,
    json_op: Option<String>,
    #[serde(default)]
    paths: Vec<String>,
    patches: Option<String>,
}

/// Runs this kustomization's `transformers`.
pub(crate) fn run(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<()> {
    for entry in l.k.transformers.iter().flatten() {
        let err = |message: String| Error::Kustomization {
            file: l.file.clone(),
            message: format!("transformers entry {:?}: {message}", entry.trim()),
        };
        // A file, or (like kustomize) inline YAML when the entry is not one.
        let docs = if entry.contains('\n') {
            crate::yaml::parse_documents_as(entry, true)
                .map_err(|e| err(format!("line {}: {}", e.line, e.message)))?
        } else {
            let (_, is_dir) = b.loader.resolve_dir(&l.dir, entry, &l.file)?;
            if is_dir {
                return Err(err("transformer configurations from a directory are not supported by ballast render".into()));
            }
            let (path, bytes) = b.loader.read_file(&l.dir, entry)?;
            let text = loader::text(&path, bytes)?;
            loader::parse_config_yaml(&path, &text)?
        };
        for doc in docs.into_iter().filter(|d| !d.is_null()) {
            let c: Config = serde_json::from_value(doc)
                .map_err(|e| err(format!("invalid configuration: {e}")))?;
            if c.api_version != "builtin" {
                return Err(err(format!(
                    "only built-in transformers (apiVersion: builtin) are supported, not {:?}",
                    c.api_version
                )));
            }
            apply(b, l, ra, c).map_err(|e| match e {
                Error::Kustomization { message, .. } => err(message),
                other => other,
            })?;
        }
    }
    Ok(())
}

fn synthetic(l: &Loaded, k: Kustomization) -> Loaded {
    Loaded {
        k,
        file: l.file.clone(),
        dir: l.dir.clone(),
    }
}

fn apply(b: &Builder, l: &Loaded, ra: &mut ResMap, c: Config) -> Result<()> {
    let specs: Vec<FieldSpec> = transform::user_specs(&c.field_specs);
    let fail = |message: String| Error::Kustomization {
        file: l.file.clone(),
        message,
    };
    match c.kind.as_str() {
        "LabelTransformer" => {
            let entries: Vec<_> = c.labels.into_iter().collect();
            transform::set_entries(ra, &specs, &entries)
        }
        "AnnotationsTransformer" => {
            let entries: Vec<_> = c.annotations.into_iter().collect();
            transform::set_entries(ra, &specs, &entries)
        }
        "PrefixTransformer" => affix(ra, &specs, &c.prefix, true),
        "SuffixTransformer" => affix(ra, &specs, &c.suffix, false),
        "NamespaceTransformer" => {
            let ns = c
                .metadata
                .as_ref()
                .and_then(|m| m.get("namespace"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            namespace(ra, &specs, &ns, c.unset_only, &c.set_role_binding_subjects)
        }
        "ImageTagTransformer" => {
            let img = c
                .image_tag
                .ok_or_else(|| fail("ImageTagTransformer needs imageTag".into()))?;
            transform::apply_image(ra, &img, &specs)
        }
        "ReplicaCountTransformer" => {
            let rep = c
                .replica
                .ok_or_else(|| fail("ReplicaCountTransformer needs replica".into()))?;
            let mut found = false;
            for spec in &specs {
                for r in &mut ra.items {
                    if r.all_ids()
                        .any(|id| id.name == rep.name && spec.gvk.selects(&id.gvk))
                    {
                        found = true;
                        transform::set_scalar(&mut r.obj, spec, &json!(rep.count))?;
                    }
                }
            }
            if !found {
                return Err(fail(format!("replica {:?} matches no object", rep.name)));
            }
            Ok(())
        }
        "PatchTransformer" => {
            let k = Kustomization {
                patches: Some(vec![Patch {
                    path: c.path,
                    patch: c.patch,
                    target: c.target,
                    options: c.options,
                }]),
                ..Kustomization::default()
            };
            // NB: unmatched-target warnings are reported for `patches:` only.
            crate::patch::patches(b, &synthetic(l, k), ra).map(drop)
        }
        "PatchJson6902Transformer" => {
            let k = Kustomization {
                patches_json6902: Some(vec![Patch {
                    path: c.path,
                    patch: c.json_op,
                    target: c.target,
                    options: Default::default(),
                }]),
                ..Kustomization::default()
            };
            crate::patch::json6902_legacy(b, &synthetic(l, k), ra).map(drop)
        }
        "PatchStrategicMergeTransformer" => {
            let mut entries = c.paths;
            if let Some(p) = c.patches {
                entries.push(p);
            }
            let k = Kustomization {
                patches_strategic_merge: Some(entries),
                ..Kustomization::default()
            };
            crate::patch::strategic_merge_legacy(b, &synthetic(l, k), ra)
        }
        other => Err(fail(format!(
            "built-in transformer kind {other:?} is not supported by ballast render"
        ))),
    }
}

/// Prefix/suffix on the listed fields; `metadata/name` also records the
/// old name for reference fixing, as the built-in transformer does.
fn affix(ra: &mut ResMap, specs: &[FieldSpec], affix: &str, prefix: bool) -> Result<()> {
    if affix.is_empty() {
        return Ok(());
    }
    for r in &mut ra.items {
        let org = r.org_id().gvk;
        let skip = org.kind == "CustomResourceDefinition"
            || (org.kind == "APIService" && org.group == "apiregistration.k8s.io")
            || org.kind == "Namespace";
        if skip {
            continue;
        }
        let gvk = r.gvk();
        for spec in specs {
            if !spec.gvk.selects(&gvk) {
                continue;
            }
            if spec.path == ["metadata", "name"] {
                r.store_previous_id();
                if prefix {
                    r.prefixes.push(affix.to_string());
                } else {
                    r.suffixes.push(affix.to_string());
                }
            }
            fieldspec::apply(&mut r.obj, &spec.path, false, &|| Value::Null, &mut |v| {
                if let Value::String(s) = v {
                    *s = if prefix {
                        format!("{affix}{s}")
                    } else {
                        format!("{s}{affix}")
                    };
                }
                Ok(())
            })?;
        }
    }
    ra.reindex()
}

/// The namespace transformer with explicit field specs: `metadata/namespace`
/// on namespaced objects (only when unset with `unsetOnly`), the listed
/// fields, and RoleBinding subjects per `setRoleBindingSubjects`.
fn namespace(
    ra: &mut ResMap,
    specs: &[FieldSpec],
    ns: &str,
    unset_only: bool,
    subjects: &str,
) -> Result<()> {
    if ns.is_empty() {
        return Ok(());
    }
    for r in &mut ra.items {
        r.store_previous_id();
        let gvk = r.gvk();
        if !gvk.is_cluster_scoped() && (!unset_only || r.namespace().is_empty()) {
            r.metadata_mut().insert("namespace".into(), json!(ns));
        }
        if (gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding")
            && let Some(Value::Array(list)) = r.obj.get_mut("subjects")
        {
            for s in list.iter_mut().filter_map(Value::as_object_mut) {
                let hit = match subjects {
                    "none" => false,
                    "allServiceAccounts" => {
                        s.get("kind").and_then(Value::as_str) == Some("ServiceAccount")
                    }
                    _ => s.get("name").and_then(Value::as_str) == Some("default"),
                };
                let empty = s
                    .get("namespace")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty);
                if hit && (!unset_only || empty) {
                    s.insert("namespace".into(), json!(ns));
                }
            }
        }
        for spec in specs {
            if !spec.gvk.selects(&gvk) || spec.path == ["metadata", "namespace"] {
                continue;
            }
            if spec.path == ["metadata", "name"]
                && !(gvk.kind == "Namespace" && gvk.group.is_empty())
            {
                continue;
            }
            transform::set_scalar(&mut r.obj, spec, &json!(ns))?;
        }
    }
    ra.reindex()
}

/// A built-in generator configuration (`ConfigMapGenerator`,
/// `SecretGenerator`) listed under `generators:`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GeneratorConfig {
    #[serde(default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    metadata: Option<Value>,
    behavior: Option<String>,
    #[serde(default)]
    literals: Vec<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    envs: Vec<String>,
    env: Option<String>,
    options: Option<crate::kustomization::GeneratorOptions>,
    #[serde(rename = "type")]
    secret_type: Option<String>,
}

/// Runs this kustomization's `generators`.
pub(crate) fn run_generators(b: &Builder, l: &Loaded, ra: &mut ResMap) -> Result<()> {
    for entry in l.k.generators.iter().flatten() {
        let err = |message: String| Error::Kustomization {
            file: l.file.clone(),
            message: format!("generators entry {:?}: {message}", entry.trim()),
        };
        let docs = if entry.contains('\n') {
            crate::yaml::parse_documents_as(entry, true)
                .map_err(|e| err(format!("line {}: {}", e.line, e.message)))?
        } else {
            let (_, is_dir) = b.loader.resolve_dir(&l.dir, entry, &l.file)?;
            if is_dir {
                return Err(err(
                    "generator configurations from a directory are not supported by ballast render"
                        .into(),
                ));
            }
            let (path, bytes) = b.loader.read_file(&l.dir, entry)?;
            let text = loader::text(&path, bytes)?;
            loader::parse_config_yaml(&path, &text)?
        };
        for doc in docs.into_iter().filter(|d| !d.is_null()) {
            let c: GeneratorConfig = serde_json::from_value(doc)
                .map_err(|e| err(format!("invalid configuration: {e}")))?;
            if c.api_version != "builtin" {
                return Err(err(format!(
                    "only built-in generators (apiVersion: builtin) are supported, not {:?}",
                    c.api_version
                )));
            }
            let meta = |k: &str| {
                c.metadata
                    .as_ref()
                    .and_then(|m| m.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let args = crate::kustomization::GeneratorArgs {
                namespace: meta("namespace"),
                name: meta("name"),
                behavior: c.behavior.clone(),
                literals: c.literals.clone(),
                files: c.files.clone(),
                envs: c.envs.clone(),
                env: c.env.clone(),
                options: c.options.clone(),
                kind: c.secret_type.clone(),
            };
            let k = match c.kind.as_str() {
                "ConfigMapGenerator" => Kustomization {
                    config_map_generator: Some(vec![args]),
                    ..Kustomization::default()
                },
                "SecretGenerator" => Kustomization {
                    secret_generator: Some(vec![args]),
                    ..Kustomization::default()
                },
                other => {
                    return Err(err(format!(
                        "built-in generator kind {other:?} is not supported by ballast render"
                    )));
                }
            };
            crate::generate::run_generators(b, &synthetic(l, k), ra)?;
        }
    }
    Ok(())
}
