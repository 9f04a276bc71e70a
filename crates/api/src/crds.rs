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
/// - `apiVersion`, `kind` and `metadata` declared at the root, no root `title`;
/// - an empty `subresources` object on kinds without status;
/// - `spec` not required, as Flux's `spec,omitempty`;
/// - `status` defaulting to `{observedGeneration: -1}` where the kind has a
///   status subresource, so a fresh object reads as not yet observed.
pub fn normalize_crd(mut crd: CustomResourceDefinition) -> CustomResourceDefinition {
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
        strip_nullable(schema);
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

/// Remove `nullable` from a schema and all its sub-schemas.
fn strip_nullable(schema: &mut JSONSchemaProps) {
    schema.nullable = None;
    for child in schema.properties.iter_mut().flat_map(|p| p.values_mut()) {
        strip_nullable(child);
    }
    if let Some(items) = schema.items.as_mut() {
        match items {
            JSONSchemaPropsOrArray::Schema(s) => strip_nullable(s),
            JSONSchemaPropsOrArray::Schemas(v) => v.iter_mut().for_each(strip_nullable),
        }
    }
    if let Some(JSONSchemaPropsOrBool::Schema(s)) = schema.additional_properties.as_mut() {
        strip_nullable(s);
    }
    for list in [&mut schema.all_of, &mut schema.any_of, &mut schema.one_of] {
        list.iter_mut().flatten().for_each(strip_nullable);
    }
}
