//! OpenAPI v2 and v3 documents, built from k8s-openapi's schemas for the
//! built-in kinds and from CRDs' `openAPIV3Schema` for custom resources.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use k8s_openapi::api;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1 as apiext;
use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use crate::resources::ResourceInfo;

/// Definitions of every built-in kind, and the definition name of each
/// (group, version, kind).
pub(crate) struct Builtin {
    pub(crate) defs: Map<String, Value>,
    pub(crate) names: HashMap<(String, String, String), String>,
}

fn add<T: k8s_openapi::Resource + JsonSchema>(
    g: &mut SchemaGenerator,
    names: &mut HashMap<(String, String, String), String>,
) {
    g.subschema_for::<T>();
    names.insert(
        (
            T::GROUP.to_string(),
            T::VERSION.to_string(),
            T::KIND.to_string(),
        ),
        T::schema_name().into_owned(),
    );
}

/// The built-in schemas, generated once.
pub(crate) fn builtin() -> &'static Builtin {
    static CELL: OnceLock<Builtin> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut g = SchemaSettings::openapi3().into_generator();
        let mut n = HashMap::new();
        let n = &mut n;
        add::<api::core::v1::Namespace>(&mut g, n);
        add::<api::core::v1::ConfigMap>(&mut g, n);
        add::<api::core::v1::Secret>(&mut g, n);
        add::<api::core::v1::Service>(&mut g, n);
        add::<api::core::v1::ServiceAccount>(&mut g, n);
        add::<api::core::v1::Pod>(&mut g, n);
        add::<api::core::v1::Event>(&mut g, n);
        add::<api::core::v1::PersistentVolumeClaim>(&mut g, n);
        add::<api::core::v1::PersistentVolume>(&mut g, n);
        add::<api::core::v1::Node>(&mut g, n);
        add::<api::core::v1::Endpoints>(&mut g, n);
        add::<api::core::v1::LimitRange>(&mut g, n);
        add::<api::core::v1::ReplicationController>(&mut g, n);
        add::<api::core::v1::ResourceQuota>(&mut g, n);
        add::<api::apps::v1::Deployment>(&mut g, n);
        add::<api::apps::v1::StatefulSet>(&mut g, n);
        add::<api::apps::v1::DaemonSet>(&mut g, n);
        add::<api::apps::v1::ReplicaSet>(&mut g, n);
        add::<api::apps::v1::ControllerRevision>(&mut g, n);
        add::<api::batch::v1::Job>(&mut g, n);
        add::<api::batch::v1::CronJob>(&mut g, n);
        add::<api::networking::v1::Ingress>(&mut g, n);
        add::<api::networking::v1::IngressClass>(&mut g, n);
        add::<api::networking::v1::NetworkPolicy>(&mut g, n);
        add::<api::rbac::v1::Role>(&mut g, n);
        add::<api::rbac::v1::RoleBinding>(&mut g, n);
        add::<api::rbac::v1::ClusterRole>(&mut g, n);
        add::<api::rbac::v1::ClusterRoleBinding>(&mut g, n);
        add::<apiext::CustomResourceDefinition>(&mut g, n);
        add::<api::coordination::v1::Lease>(&mut g, n);
        add::<api::events::v1::Event>(&mut g, n);
        add::<api::autoscaling::v2::HorizontalPodAutoscaler>(&mut g, n);
        add::<api::autoscaling::v1::HorizontalPodAutoscaler>(&mut g, n);
        add::<api::policy::v1::PodDisruptionBudget>(&mut g, n);
        add::<api::storage::v1::StorageClass>(&mut g, n);
        add::<api::storage::v1::CSIDriver>(&mut g, n);
        add::<api::admissionregistration::v1::MutatingWebhookConfiguration>(&mut g, n);
        add::<api::admissionregistration::v1::ValidatingWebhookConfiguration>(&mut g, n);
        // Everything a custom resource's metadata refers to.
        g.subschema_for::<k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>();
        let mut defs = g.take_definitions(true);
        // NB: apiextensions' JSON (CRD defaults, enums, examples) holds any
        // value, not only objects as its generated schema says.
        if let Some(d) = defs
            .get_mut("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON")
            .and_then(Value::as_object_mut)
        {
            d.remove("type");
            d.insert("x-kubernetes-preserve-unknown-fields".into(), json!(true));
        }
        for ((group, version, kind), name) in n.iter() {
            if let Some(d) = defs.get_mut(name).and_then(Value::as_object_mut) {
                d.insert(
                    "x-kubernetes-group-version-kind".into(),
                    json!([{"group": group, "version": version, "kind": kind}]),
                );
            }
        }
        Builtin {
            defs,
            names: n.clone(),
        }
    })
}

/// Named schemas that `$ref`s point into.
pub(crate) type Definitions = Map<String, Value>;

/// The schema (and the definitions it refers to) an object of `info` is
/// validated against.
pub(crate) fn schema_of(info: &ResourceInfo) -> Option<(Arc<Value>, Option<&'static Definitions>)> {
    if let Some(s) = &info.crd_schema {
        // NB: shared, not copied: CRD schemas can be large.
        return Some((s.clone(), None));
    }
    let b = builtin();
    let name = b
        .names
        .get(&(info.group.clone(), info.version.clone(), info.kind.clone()))?;
    Some((
        Arc::new(json!({"$ref": format!("#/components/schemas/{name}")})),
        Some(&b.defs),
    ))
}

/// Definition name for a custom kind: reversed group, version, kind, as
/// kube-apiserver names them.
fn crd_def_name(info: &ResourceInfo) -> String {
    let rev: Vec<&str> = info.group.split('.').rev().collect();
    format!("{}.{}.{}", rev.join("."), info.version, info.kind)
}

/// Adds every definition `root` refers to, transitively, to `out`.
fn collect_refs(root: &Value, defs: &Map<String, Value>, out: &mut Map<String, Value>) {
    let mut stack = vec![root];
    let mut seen = BTreeSet::new();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    let name = r.rsplit('/').next().unwrap_or(r).to_string();
                    if seen.insert(name.clone())
                        && let Some(d) = defs.get(&name)
                    {
                        out.insert(name, d.clone());
                        stack.push(d);
                    }
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
}

/// The PATCH parameters kubectl looks for to decide the server validates fields.
fn operations(info: &ResourceInfo) -> Value {
    let gvk = json!({"group": info.group, "version": info.version, "kind": info.kind});
    let q = |name: &str| json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}});
    let body_ref = json!({"$ref": format!("#/components/schemas/{}", def_name(info))});
    let content = json!({"application/json": {"schema": body_ref}});
    let op = |action: &str, params: Vec<Value>| {
        json!({
            "operationId": format!("{action}{}", info.kind),
            "parameters": params,
            "responses": {"200": {"description": "OK", "content": content}},
            "x-kubernetes-action": action,
            "x-kubernetes-group-version-kind": gvk,
        })
    };
    json!({
        "get": op("get", vec![]),
        "put": op("put", vec![q("dryRun"), q("fieldManager"), q("fieldValidation")]),
        "patch": op("patch", vec![q("dryRun"), q("fieldManager"), q("fieldValidation"), q("force")]),
        "delete": op("delete", vec![q("dryRun"), q("gracePeriodSeconds"), q("propagationPolicy")]),
    })
}

fn def_name(info: &ResourceInfo) -> String {
    if info.crd_schema.is_some() {
        return crd_def_name(info);
    }
    builtin()
        .names
        .get(&(info.group.clone(), info.version.clone(), info.kind.clone()))
        .cloned()
        .unwrap_or_else(|| crd_def_name(info))
}

fn item_path(info: &ResourceInfo) -> String {
    let prefix = if info.group.is_empty() {
        "/api/v1".to_string()
    } else {
        format!("/apis/{}/{}", info.group, info.version)
    };
    if info.namespaced {
        format!("{prefix}/namespaces/{{namespace}}/{}/{{name}}", info.plural)
    } else {
        format!("{prefix}/{}/{{name}}", info.plural)
    }
}

/// The custom resource's schema as published: the CRD schema plus standard
/// metadata and the GVK extension.
fn crd_definition(info: &ResourceInfo, schema: &Value) -> Value {
    let mut s = schema.clone();
    if let Some(m) = s.as_object_mut() {
        let props = m.entry("properties").or_insert_with(|| json!({}));
        if let Some(p) = props.as_object_mut() {
            p.insert("apiVersion".into(), json!({"type": "string", "description": "APIVersion defines the versioned schema of this representation of an object."}));
            p.insert("kind".into(), json!({"type": "string", "description": "Kind is a string value representing the REST resource this object represents."}));
            p.insert("metadata".into(), json!({"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "description": "Standard object's metadata."}));
        }
        m.insert(
            "x-kubernetes-group-version-kind".into(),
            json!([{"group": info.group, "version": info.version, "kind": info.kind}]),
        );
    }
    s
}

/// The OpenAPI v3 document of one group/version.
pub(crate) fn v3_group_version(
    resources: &[ResourceInfo],
    group: &str,
    version: &str,
) -> Option<Value> {
    let b = builtin();
    let mut schemas = Map::new();
    let mut paths = Map::new();
    let mut any = false;
    for info in resources
        .iter()
        .filter(|r| r.group == group && r.version == version)
    {
        any = true;
        paths.insert(item_path(info), operations(info));
        match &info.crd_schema {
            Some(schema) => {
                let d = crd_definition(info, schema);
                collect_refs(&d, &b.defs, &mut schemas);
                schemas.insert(crd_def_name(info), d);
            }
            None => {
                let name = def_name(info);
                if let Some(d) = b.defs.get(&name) {
                    collect_refs(d, &b.defs, &mut schemas);
                    schemas.insert(name, d.clone());
                }
            }
        }
    }
    if !any {
        return None;
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": crate::discovery::GIT_VERSION},
        "paths": paths,
        "components": {"schemas": schemas},
    }))
}

/// The OpenAPI v2 (swagger) document of everything served, JSON only.
pub(crate) fn v2(resources: &[ResourceInfo]) -> Value {
    let b = builtin();
    let mut defs = Map::new();
    let mut paths = Map::new();
    for info in resources {
        let mut ops = operations(info);
        // v2 puts parameters' type inline and refs under #/definitions.
        if let Some(m) = ops.as_object_mut() {
            for op in m.values_mut() {
                if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                    for p in params {
                        if let Some(pm) = p.as_object_mut() {
                            pm.remove("schema");
                            pm.insert("type".into(), json!("string"));
                        }
                    }
                }
                if let Some(r) = op.get_mut("responses") {
                    *r = json!({"200": {"description": "OK", "schema": {"$ref": format!("#/definitions/{}", def_name(info))}}});
                }
            }
        }
        paths.insert(item_path(info), ops);
        match &info.crd_schema {
            Some(schema) => {
                let d = crd_definition(info, schema);
                collect_refs(&d, &b.defs, &mut defs);
                defs.insert(crd_def_name(info), d);
            }
            None => {
                let name = def_name(info);
                if let Some(d) = b.defs.get(&name) {
                    collect_refs(d, &b.defs, &mut defs);
                    defs.insert(name, d.clone());
                }
            }
        }
    }
    let mut doc = json!({
        "swagger": "2.0",
        "info": {"title": "Kubernetes", "version": crate::discovery::GIT_VERSION},
        "paths": paths,
        "definitions": defs,
    });
    rewrite_refs(&mut doc, "#/components/schemas/", "#/definitions/");
    doc
}

fn rewrite_refs(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(rest) = r.strip_prefix(from)
            {
                *r = format!("{to}{rest}");
            }
            for child in m.values_mut() {
                rewrite_refs(child, from, to);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| rewrite_refs(c, from, to)),
        _ => {}
    }
}

/// Documents generated for one registry generation.
#[derive(Default)]
pub(crate) struct Cache {
    generation: u64,
    docs: HashMap<String, Arc<(Bytes, String)>>,
}

impl Cache {
    /// The encoded document for `key` (`api/v1`, `apis/apps/v1` or `v2`) and
    /// its hash, generating it when missing or stale.
    pub(crate) fn get(
        &mut self,
        generation: u64,
        key: &str,
        make: impl FnOnce() -> Option<Value>,
    ) -> Option<Arc<(Bytes, String)>> {
        if self.generation != generation {
            self.docs.clear();
            self.generation = generation;
        }
        if let Some(d) = self.docs.get(key) {
            return Some(d.clone());
        }
        let doc = make()?;
        Some(self.insert(key, serde_json::to_vec(&doc).ok()?))
    }

    /// Like [`Cache::get`], for documents that are not JSON.
    pub(crate) fn get_bytes(
        &mut self,
        generation: u64,
        key: &str,
        make: impl FnOnce() -> Vec<u8>,
    ) -> Arc<(Bytes, String)> {
        if self.generation != generation {
            self.docs.clear();
            self.generation = generation;
        }
        if let Some(d) = self.docs.get(key) {
            return d.clone();
        }
        self.insert(key, make())
    }

    fn insert(&mut self, key: &str, bytes: Vec<u8>) -> Arc<(Bytes, String)> {
        let bytes = Bytes::from(bytes);
        let hash = fnv_hex(&bytes);
        let entry = Arc::new((bytes, hash));
        self.docs.insert(key.to_string(), entry.clone());
        entry
    }
}

/// A stable content hash for cache-busting URLs (not security relevant).
fn fnv_hex(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016X}")
}
