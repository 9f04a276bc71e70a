//! The kustomization file (`kustomize.config.k8s.io/v1beta1` Kustomization and
//! `v1alpha1` Component), parsed strictly: unknown fields are errors.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A parsed kustomization or component.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Kustomization {
    pub(crate) api_version: Option<String>,
    pub(crate) kind: Option<String>,
    // Accepted for compatibility; it does not change the output.
    #[allow(dead_code)]
    pub(crate) metadata: Option<Value>,
    pub(crate) openapi: Option<Value>,
    pub(crate) name_prefix: Option<String>,
    pub(crate) name_suffix: Option<String>,
    pub(crate) namespace: Option<String>,
    pub(crate) common_labels: Option<IndexMap<String, String>>,
    pub(crate) labels: Option<Vec<Label>>,
    pub(crate) common_annotations: Option<IndexMap<String, String>>,
    pub(crate) patches_strategic_merge: Option<Vec<String>>,
    pub(crate) patches_json6902: Option<Vec<Patch>>,
    pub(crate) patches: Option<Vec<Patch>>,
    pub(crate) images: Option<Vec<Image>>,
    pub(crate) image_tags: Option<Vec<Image>>,
    pub(crate) replacements: Option<Vec<Value>>,
    pub(crate) replicas: Option<Vec<Replica>>,
    pub(crate) vars: Option<Vec<Value>>,
    pub(crate) sort_options: Option<SortOptions>,
    pub(crate) resources: Option<Vec<String>>,
    pub(crate) components: Option<Vec<String>>,
    pub(crate) crds: Option<Vec<String>>,
    pub(crate) bases: Option<Vec<String>>,
    pub(crate) config_map_generator: Option<Vec<GeneratorArgs>>,
    pub(crate) secret_generator: Option<Vec<GeneratorArgs>>,
    #[allow(dead_code)]
    pub(crate) helm_globals: Option<Value>,
    pub(crate) helm_charts: Option<Vec<Value>>,
    pub(crate) helm_chart_inflation_generator: Option<Vec<Value>>,
    pub(crate) generator_options: Option<GeneratorOptions>,
    pub(crate) configurations: Option<Vec<String>>,
    pub(crate) generators: Option<Vec<String>>,
    pub(crate) transformers: Option<Vec<String>>,
    pub(crate) validators: Option<Vec<String>>,
    pub(crate) build_metadata: Option<Vec<String>>,
}

/// An entry of `labels`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Label {
    #[serde(default)]
    pub(crate) pairs: IndexMap<String, String>,
    #[serde(default)]
    pub(crate) include_selectors: bool,
    #[serde(default)]
    pub(crate) include_templates: bool,
    #[serde(default)]
    pub(crate) fields: Vec<FieldSpecArg>,
}

/// A user-supplied field spec.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct FieldSpecArg {
    #[serde(default)]
    pub(crate) group: String,
    #[serde(default)]
    pub(crate) version: String,
    #[serde(default)]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) create: bool,
}

/// An entry of `patches` / `patchesJson6902`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Patch {
    pub(crate) path: Option<String>,
    pub(crate) patch: Option<String>,
    pub(crate) target: Option<Selector>,
    #[serde(default)]
    pub(crate) options: IndexMap<String, bool>,
}

/// A patch target selector.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Selector {
    pub(crate) group: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) namespace: Option<String>,
    pub(crate) label_selector: Option<String>,
    pub(crate) annotation_selector: Option<String>,
}

/// An entry of `images`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Image {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) new_name: String,
    #[serde(default)]
    pub(crate) tag_suffix: String,
    #[serde(default)]
    pub(crate) new_tag: String,
    #[serde(default)]
    pub(crate) digest: String,
}

/// An entry of `replicas`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Replica {
    #[serde(default)]
    pub(crate) name: String,
    pub(crate) count: i64,
}

/// `sortOptions`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SortOptions {
    pub(crate) order: Option<String>,
    pub(crate) legacy_sort_options: Option<LegacySortOptions>,
}

/// `sortOptions.legacySortOptions`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct LegacySortOptions {
    #[serde(default)]
    pub(crate) order_first: Vec<String>,
    #[serde(default)]
    pub(crate) order_last: Vec<String>,
}

/// A `configMapGenerator` / `secretGenerator` entry.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct GeneratorArgs {
    pub(crate) namespace: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) behavior: Option<String>,
    #[serde(default)]
    pub(crate) literals: Vec<String>,
    #[serde(default)]
    pub(crate) files: Vec<String>,
    #[serde(default)]
    pub(crate) envs: Vec<String>,
    pub(crate) env: Option<String>,
    pub(crate) options: Option<GeneratorOptions>,
    /// Secrets only.
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
}

/// `generatorOptions` and per-generator `options`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct GeneratorOptions {
    #[serde(default)]
    pub(crate) labels: IndexMap<String, String>,
    #[serde(default)]
    pub(crate) annotations: IndexMap<String, String>,
    pub(crate) disable_name_suffix_hash: Option<bool>,
    pub(crate) immutable: Option<bool>,
}
