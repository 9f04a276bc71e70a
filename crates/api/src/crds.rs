//! CRD generation: the derived CRDs, adjusted to match Flux's.

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, JSON, JSONSchemaProps, JSONSchemaPropsOrArray, JSONSchemaPropsOrBool,
};
use kube::CustomResourceExt;
use serde_json::json;

use crate::image::v1::{ImagePolicy, ImageRepository, ImageUpdateAutomation};
use crate::kustomize::v1::Kustomization;
use crate::notification::v1::Receiver;
use crate::notification::v1beta3::{Alert, Provider};
use crate::source::v1::GitRepository;

/// The CRDs of every kind, in a fixed order: GitRepository, Kustomization,
/// ImageRepository, ImagePolicy, ImageUpdateAutomation, Receiver, Alert,
/// Provider. Each has gone through [`normalize_crd`].
pub fn all_crds() -> Vec<CustomResourceDefinition> {
    [
        GitRepository::crd(),
        Kustomization::crd(),
        ImageRepository::crd(),
        ImagePolicy::crd(),
        ImageUpdateAutomation::crd(),
        Receiver::crd(),
        Alert::crd(),
        Provider::crd(),
    ]
    .into_iter()
    .map(normalize_crd)
    .collect()
}

/// The file name Flux uses for a CRD: `<group>_<plural>.yaml`, e.g.
/// `source.toolkit.fluxcd.io_gitrepositories.yaml`.
pub fn crd_file_name(crd: &CustomResourceDefinition) -> String {
    format!("{}_{}.yaml", crd.spec.group, crd.spec.names.plural)
}

/// Make a derived CRD look like controller-gen's output for the same Go
/// types:
/// - no `nullable`: Go's `omitempty` fields are simply absent;
/// - `listKind` spelled out;
/// - `apiVersion`, `kind` and `metadata` declared at the root, no root `title`;
/// - an empty `subresources` object on kinds without status;
/// - `spec` not required, as Flux's `spec,omitempty`;
/// - `status` defaulting to `{observedGeneration: -1}` where the kind has a
///   status subresource, so a fresh object reads as not yet observed.
pub fn normalize_crd(mut crd: CustomResourceDefinition) -> CustomResourceDefinition {
    let names = &mut crd.spec.names;
    names
        .list_kind
        .get_or_insert_with(|| format!("{}List", names.kind));
    for version in &mut crd.spec.versions {
        // NB: controller-gen writes an empty subresources object for kinds without status.
        version.subresources.get_or_insert_default();
        let has_status = version
            .subresources
            .as_ref()
            .is_some_and(|s| s.status.is_some());
        let Some(schema) = version
            .schema
            .as_mut()
            .and_then(|s| s.open_api_v3_schema.as_mut())
        else {
            continue;
        };
        clean_schema(schema);
        // The root is the object itself; schemars' title (the Rust type name) means nothing to Kubernetes.
        schema.title = None;
        if let Some(required) = schema.required.as_mut() {
            required.retain(|r| r != "spec");
            if required.is_empty() {
                schema.required = None;
            }
        }
        let props = schema.properties.get_or_insert_default();
        for (name, type_) in [
            ("apiVersion", "string"),
            ("kind", "string"),
            ("metadata", "object"),
        ] {
            props
                .entry(name.to_owned())
                .or_insert_with(|| JSONSchemaProps {
                    type_: Some(type_.to_owned()),
                    ..Default::default()
                });
        }
        if let Some(status) = props.get_mut("status").filter(|_| has_status) {
            status.default = Some(JSON(json!({"observedGeneration": -1})));
        }
    }
    crd
}

/// Remove `nullable` from a schema and all its sub-schemas, and turn
/// rustdoc descriptions into plain text for `kubectl explain`.
fn clean_schema(schema: &mut JSONSchemaProps) {
    schema.nullable = None;
    if let Some(description) = schema.description.as_mut() {
        *description = plain_description(description);
    }
    for child in schema.properties.iter_mut().flat_map(|p| p.values_mut()) {
        clean_schema(child);
    }
    if let Some(items) = schema.items.as_mut() {
        match items {
            JSONSchemaPropsOrArray::Schema(s) => clean_schema(s),
            JSONSchemaPropsOrArray::Schemas(v) => v.iter_mut().for_each(clean_schema),
        }
    }
    if let Some(JSONSchemaPropsOrBool::Schema(s)) = schema.additional_properties.as_mut() {
        clean_schema(s);
    }
    for list in [&mut schema.all_of, &mut schema.any_of, &mut schema.one_of] {
        list.iter_mut().flatten().for_each(clean_schema);
    }
}

/// Rustdoc to plain text: intra-doc links `[`Kind`]` become `Kind`, and
/// lines wrapped inside a paragraph are joined.
fn plain_description(doc: &str) -> String {
    let unlinked = doc.replace("[`", "").replace("`]", "");
    unlinked
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn schema_json(crd: &CustomResourceDefinition) -> serde_json::Value {
        serde_json::to_value(&crd.spec.versions[0].schema).unwrap()
    }

    fn contains_key(v: &serde_json::Value, key: &str) -> bool {
        match v {
            serde_json::Value::Object(m) => {
                m.contains_key(key) || m.values().any(|x| contains_key(x, key))
            }
            serde_json::Value::Array(a) => a.iter().any(|x| contains_key(x, key)),
            _ => false,
        }
    }

    #[test]
    fn all_crds_lists_the_eight_kinds_in_order_with_flux_file_names() {
        let names: Vec<String> = all_crds().iter().map(crd_file_name).collect();
        assert_eq!(
            names,
            [
                "source.toolkit.fluxcd.io_gitrepositories.yaml",
                "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
                "image.toolkit.fluxcd.io_imagerepositories.yaml",
                "image.toolkit.fluxcd.io_imagepolicies.yaml",
                "image.toolkit.fluxcd.io_imageupdateautomations.yaml",
                "notification.toolkit.fluxcd.io_receivers.yaml",
                "notification.toolkit.fluxcd.io_alerts.yaml",
                "notification.toolkit.fluxcd.io_providers.yaml",
            ]
        );
    }

    #[test]
    fn schemas_are_structural_and_nullable_free() {
        for crd in all_crds() {
            let schema = schema_json(&crd);
            for key in [
                "nullable",
                "$ref",
                "anyOf",
                "oneOf",
                "allOf",
                "definitions",
                "$defs",
                "title",
                "const",
            ] {
                assert!(
                    !contains_key(&schema, key),
                    "{}: schema has {key}",
                    crd_file_name(&crd)
                );
            }
            let root = &schema["openAPIV3Schema"];
            assert_eq!(root["properties"]["metadata"]["type"], "object");
            assert!(
                !root["required"]
                    .as_array()
                    .is_some_and(|r| r.contains(&"spec".into())),
                "{}: spec must be optional as in Flux",
                crd_file_name(&crd)
            );
        }
    }

    #[test]
    fn status_subresource_and_default_only_where_flux_has_them() {
        for crd in all_crds() {
            let kind = crd.spec.names.kind.clone();
            let version = &crd.spec.versions[0];
            let has_status = version.subresources.as_ref().unwrap().status.is_some();
            let without = ["Alert", "Provider"].contains(&kind.as_str());
            assert_eq!(has_status, !without, "{kind}");
            assert!(version.storage && version.served, "{kind}");
            let schema = schema_json(&crd);
            let status_default = &schema["openAPIV3Schema"]["properties"]["status"]["default"];
            if without {
                assert!(
                    schema["openAPIV3Schema"]["properties"]
                        .get("status")
                        .is_none(),
                    "{kind}"
                );
            } else {
                assert_eq!(status_default, &json!({"observedGeneration": -1}), "{kind}");
            }
        }
    }

    /// Every sub-schema must declare a type, as structural schemas require.
    fn untyped_nodes(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        let Some(m) = v.as_object() else { return };
        if !m.contains_key("type") && !m.contains_key("x-kubernetes-preserve-unknown-fields") {
            out.push(path.to_owned());
        }
        for (k, child) in m
            .get("properties")
            .and_then(|p| p.as_object())
            .into_iter()
            .flatten()
        {
            untyped_nodes(child, &format!("{path}.{k}"), out);
        }
        for (suffix, key) in [("[]", "items"), ("{}", "additionalProperties")] {
            if let Some(child) = m.get(key).filter(|c| c.is_object()) {
                untyped_nodes(child, &format!("{path}{suffix}"), out);
            }
        }
    }

    #[test]
    fn every_schema_node_has_a_type() {
        for crd in all_crds() {
            let mut out = Vec::new();
            untyped_nodes(&schema_json(&crd)["openAPIV3Schema"], "", &mut out);
            assert!(out.is_empty(), "{}: untyped {out:?}", crd_file_name(&crd));
        }
    }

    #[test]
    fn descriptions_are_plain_text() {
        assert_eq!(
            plain_description("Desired state of a [`GitRepository`]: which\nrevision.\n\nMore."),
            "Desired state of a GitRepository: which revision.\n\nMore."
        );
        for crd in all_crds() {
            let text = serde_json::to_string(&crd).unwrap();
            assert!(!text.contains("[`"), "{}", crd_file_name(&crd));
        }
    }

    #[test]
    fn duration_fields_carry_flux_patterns() {
        let crds = all_crds();
        let git = schema_json(&crds[0]);
        let spec = &git["openAPIV3Schema"]["properties"]["spec"]["properties"];
        assert_eq!(spec["interval"]["pattern"], crate::meta::DURATION_PATTERN);
        assert_eq!(spec["timeout"]["pattern"], crate::meta::TIMEOUT_PATTERN);
        assert_eq!(spec["timeout"]["default"], "60s");
        assert_eq!(
            crds[0].spec.names.short_names,
            Some(vec!["gitrepo".to_owned()])
        );
        assert_eq!(crds[1].spec.names.short_names, Some(vec!["ks".to_owned()]));
        assert_eq!(
            crds[1].spec.names.list_kind.as_deref(),
            Some("KustomizationList")
        );
    }
}
