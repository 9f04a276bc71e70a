//! Request routing and the REST semantics of kube-apiserver: CRUD,
//! subresources, deletion with finalizers, dry runs and field validation.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Map, Value, json};

use crate::error::{ApiError, FieldError, Target};
use crate::resources::{GroupResource, ResourceInfo};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::server::Shared;
use crate::store::{EventType, Store};

/// kube-apiserver's request body limit.
const MAX_BODY: usize = 3 * 1024 * 1024;

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// Creates the namespaces every cluster starts with.
pub(crate) fn seed(s: &Shared) {
    let mut store = s.store();
    for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        if store.get(&ns_gr(), "", ns).is_some() {
            continue;
        }
        let rv = store.next_rv();
        let obj = json!({
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {
                "name": ns,
                "uid": new_uid(),
                "resourceVersion": rv.to_string(),
                "creationTimestamp": now(),
                "labels": {"kubernetes.io/metadata.name": ns},
            },
            "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"},
        });
        store.put(&ns_gr(), "", ns, obj, EventType::Added);
    }
    let _ = s.notify.send(store.current_rv());
}

pub(crate) fn ns_gr() -> GroupResource {
    GroupResource {
        group: String::new(),
        resource: "namespaces".into(),
    }
}

/// RFC 3339 time with seconds, as Kubernetes writes it.
pub(crate) fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn new_uid() -> String {
    let b: [u8; 16] = rand::random();
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    // Version 4 layout.
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        ["8", "9", "a", "b"][usize::from(b[8] & 3)],
        &h[17..20],
        &h[20..32]
    )
}

pub(crate) fn json_response(code: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    bytes_response(code, Bytes::from(bytes), "application/json")
}

pub(crate) fn bytes_response(code: StatusCode, body: Bytes, content_type: &str) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = code;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

pub(crate) fn error_response(e: &ApiError) -> Response {
    let code = StatusCode::from_u16(e.code).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(code, &e.to_status())
}

/// Percent-decodes a query component or path segment.
fn decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_query(q: Option<&str>) -> HashMap<String, String> {
    q.unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k, true), decode(v, true)),
            None => (decode(p, true), String::new()),
        })
        .collect()
}

/// One API request, parsed.
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) query: HashMap<String, String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Req {
    pub(crate) fn q(&self, k: &str) -> Option<&str> {
        self.query.get(k).map(String::as_str)
    }

    pub(crate) fn flag(&self, k: &str) -> bool {
        matches!(self.q(k), Some("1" | "true" | "True"))
    }

    fn accept(&self) -> &str {
        self.headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub(crate) fn wants_table(&self) -> bool {
        let a = self.accept();
        a.contains("as=Table") && a.contains("g=meta.k8s.io")
    }

    /// Whether the client asked for metadata only (`as=PartialObjectMetadata`
    /// or `as=PartialObjectMetadataList`), as kube-rs' metadata API does.
    /// A table, when also acceptable, is preferred like before.
    pub(crate) fn wants_metadata(&self) -> bool {
        let a = self.accept();
        !self.wants_table()
            && a.split(',').any(|alt| {
                alt.contains("as=PartialObjectMetadata") && alt.contains("g=meta.k8s.io")
            })
    }

    fn content_type(&self) -> String {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    fn dry_run(&self) -> ApiResult<bool> {
        match self.q("dryRun") {
            None | Some("") => Ok(false),
            Some("All") => Ok(true),
            Some(other) => Err(ApiError::bad_request(format!(
                "Invalid dry run value: {other:?}; supported values: \"All\""
            ))),
        }
    }

    fn field_validation(&self) -> ApiResult<Validation> {
        match self.q("fieldValidation") {
            None | Some("") | Some("Warn") => Ok(Validation::Warn),
            Some("Strict") => Ok(Validation::Strict),
            Some("Ignore") => Ok(Validation::Ignore),
            Some(other) => Err(ApiError::bad_request(format!(
                "fieldValidation parameter unsupported: {other}; supported values: Ignore, Warn, Strict"
            ))),
        }
    }

    fn field_manager(&self, default: &str) -> ApiResult<String> {
        match self.q("fieldManager") {
            Some(m) if m.len() > 128 => Err(ApiError::bad_request(format!(
                "fieldManager: Too long: may not be more than 128 bytes, got {}",
                m.len()
            ))),
            Some(m) if !m.is_empty() => Ok(m.to_string()),
            _ => Ok(default.to_string()),
        }
    }

    /// Parses the body as JSON, or YAML when the content type says so.
    pub(crate) fn body_value(&self) -> ApiResult<Value> {
        if self.body.is_empty() {
            return Err(ApiError::bad_request("the request body is empty"));
        }
        let ct = self.content_type();
        if ct == "application/vnd.kubernetes.protobuf" {
            return crate::protobuf::decode(&self.body).map_err(|e| {
                ApiError::unsupported_media(format!("cannot decode the protobuf body: {e}"))
            });
        }
        if !(ct.is_empty() || ct.contains("json") || ct.contains("yaml")) {
            return Err(ApiError::unsupported_media(format!(
                "the body of the request was in an unknown format ({ct}) - accepted media types include: application/json, application/yaml"
            )));
        }
        let text = std::str::from_utf8(&self.body)
            .map_err(|_| ApiError::bad_request("the request body is not valid UTF-8"))?;
        if ct.contains("yaml") {
            serde_saphyr::from_str::<Value>(text)
                .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))
        } else {
            serde_json::from_str::<Value>(text).map_err(|e| {
                ApiError::bad_request(format!(
                    "Object 'Kind' is missing or the body is not valid JSON: {e}"
                ))
            })
        }
    }
}

/// How unknown fields are treated on writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Validation {
    Strict,
    Warn,
    Ignore,
}

/// A request aimed at a resource.
pub(crate) struct Target2 {
    pub(crate) info: ResourceInfo,
    pub(crate) ns: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) sub: Option<String>,
}

impl Target2 {
    fn target<'a>(&'a self, name: &'a str) -> Target<'a> {
        Target {
            group: &self.info.group,
            kind: &self.info.plural,
            name,
        }
    }
}

/// The axum handler for every path.
pub(crate) async fn handle(State(s): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    if matches!(path.as_str(), "/healthz" | "/livez" | "/readyz") {
        return bytes_response(
            StatusCode::OK,
            Bytes::from_static(b"ok"),
            "text/plain; charset=utf-8",
        );
    }
    let authorized = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t.trim() == s.token || crate::token::valid(&s, t.trim()));
    if !authorized {
        return error_response(&ApiError::unauthorized());
    }
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return error_response(&ApiError::too_large()),
    };
    let req = Req {
        method: parts.method.clone(),
        query: parse_query(parts.uri.query()),
        headers: parts.headers.clone(),
        body,
    };
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    match route(&s, &path, &host, req).await {
        Ok(r) => r,
        Err(e) => error_response(&e),
    }
}

async fn route(s: &Arc<Shared>, path: &str, host: &str, req: Req) -> ApiResult<Response> {
    let raw: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let segs: Vec<String> = raw.iter().map(|p| decode(p, false)).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let get_only = |r: Response| -> ApiResult<Response> {
        if req.method == Method::GET || req.method == Method::HEAD {
            Ok(r)
        } else {
            Err(ApiError::method_not_allowed(
                "the server does not allow this method on the requested resource",
            ))
        }
    };
    match segs.as_slice() {
        ["version"] => get_only(json_response(StatusCode::OK, &crate::discovery::version())),
        ["api"] => {
            if req.accept().contains("as=APIGroupDiscoveryList") && req.accept().contains("v=v2;") {
                let v = crate::discovery::aggregated(&s.registry().resources, true);
                return get_only(bytes_response(
                    StatusCode::OK,
                    Bytes::from(serde_json::to_vec(&v).unwrap_or_default()),
                    crate::discovery::AGGREGATED_V2,
                ));
            }
            get_only(json_response(
                StatusCode::OK,
                &crate::discovery::api_versions(host),
            ))
        }
        ["apis"] => {
            if req.accept().contains("as=APIGroupDiscoveryList") && req.accept().contains("v=v2;") {
                let v = crate::discovery::aggregated(&s.registry().resources, false);
                return get_only(bytes_response(
                    StatusCode::OK,
                    Bytes::from(serde_json::to_vec(&v).unwrap_or_default()),
                    crate::discovery::AGGREGATED_V2,
                ));
            }
            get_only(json_response(
                StatusCode::OK,
                &crate::discovery::api_group_list(&s.registry().resources),
            ))
        }
        ["api", "v1"] => {
            let v = crate::discovery::resource_list(&s.registry().resources, "", "v1")
                .ok_or_else(ApiError::no_route)?;
            get_only(json_response(StatusCode::OK, &v))
        }
        ["apis", g] => {
            let v = crate::discovery::api_group(&s.registry().resources, g)
                .ok_or_else(ApiError::no_route)?;
            get_only(json_response(StatusCode::OK, &v))
        }
        ["apis", g, v] => {
            let l = crate::discovery::resource_list(&s.registry().resources, g, v)
                .ok_or_else(ApiError::no_route)?;
            get_only(json_response(StatusCode::OK, &l))
        }
        ["openapi", "v2"] => get_only(openapi_v2(s, &req)?),
        ["openapi", "v3"] => get_only(openapi_v3_root(s)),
        ["openapi", "v3", rest @ ..] => get_only(openapi_v3_gv(s, rest)?),
        [
            "apis",
            "authorization.k8s.io",
            "v1",
            "selfsubjectaccessreviews" | "selfsubjectrulesreviews",
        ]
        | ["apis", "authentication.k8s.io", "v1", "selfsubjectreviews"] => review(&segs, &req),
        ["api", "v1", rest @ ..] => resource_request(s, "", "v1", rest, req).await,
        ["apis", g, v, rest @ ..] => resource_request(s, g, v, rest, req).await,
        _ => Err(ApiError::no_route()),
    }
}

/// Self-reviews (`kubectl auth can-i`, `kubectl auth whoami`): the one
/// token is a cluster administrator, so everything is allowed. The request
/// body is not needed to answer (and kubectl sends it as protobuf).
fn review(segs: &[&str], req: &Req) -> ApiResult<Response> {
    if req.method != Method::POST {
        return Err(ApiError::method_not_allowed(
            "reviews are created with POST",
        ));
    }
    let (group, kind, status) = match segs.get(3).copied() {
        Some("selfsubjectaccessreviews") => (
            "authorization.k8s.io",
            "SelfSubjectAccessReview",
            json!({"allowed": true, "reason": "the devcluster token is a cluster administrator"}),
        ),
        Some("selfsubjectrulesreviews") => (
            "authorization.k8s.io",
            "SelfSubjectRulesReview",
            json!({
                "resourceRules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
                "nonResourceRules": [{"verbs": ["*"], "nonResourceURLs": ["*"]}],
                "incomplete": false,
            }),
        ),
        _ => (
            "authentication.k8s.io",
            "SelfSubjectReview",
            json!({"userInfo": {"username": "devcluster-admin", "groups": ["system:masters", "system:authenticated"]}}),
        ),
    };
    Ok(json_response(
        StatusCode::CREATED,
        &json!({"kind": kind, "apiVersion": format!("{group}/v1"), "metadata": {}, "spec": {}, "status": status}),
    ))
}

fn openapi_v2(s: &Shared, req: &Req) -> ApiResult<Response> {
    let accept = req.accept();
    // kubectl asks for gnostic protobuf; other clients for JSON.
    let protobuf = accept.contains("com.github.proto-openapi.spec.v2");
    if !protobuf && !accept.is_empty() && !accept.contains("json") && !accept.contains("*/*") {
        return Err(ApiError::new(
            406,
            "NotAcceptable",
            "/openapi/v2 is served as application/json or application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
        ));
    }
    let gen_ = s.registry().generation;
    let resources = s.registry().resources.clone();
    let mut cache = s.openapi_cache.lock().unwrap_or_else(|e| e.into_inner());
    let doc = cache
        .get(gen_, "v2", || Some(crate::openapi::v2(&resources)))
        .ok_or_else(ApiError::no_route)?;
    if protobuf {
        let pb = cache.get_bytes(gen_, "v2pb", || {
            serde_json::from_slice::<Value>(&doc.0)
                .map(|v| crate::openapi_pb::encode(&v))
                .unwrap_or_default()
        });
        return Ok(bytes_response(
            StatusCode::OK,
            pb.0.clone(),
            crate::openapi_pb::CONTENT_TYPE,
        ));
    }
    Ok(bytes_response(
        StatusCode::OK,
        doc.0.clone(),
        "application/json",
    ))
}

fn gv_key(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

fn openapi_v3_root(s: &Shared) -> Response {
    let reg = s.registry();
    let mut cache = s.openapi_cache.lock().unwrap_or_else(|e| e.into_inner());
    let mut paths = Map::new();
    for (group, versions) in crate::discovery::groups(&reg.resources) {
        for v in versions {
            let key = gv_key(&group, &v);
            if let Some(doc) = cache.get(reg.generation, &key, || {
                crate::openapi::v3_group_version(&reg.resources, &group, &v)
            }) {
                paths.insert(
                    key.clone(),
                    json!({"serverRelativeURL": format!("/openapi/v3/{key}?hash={}", doc.1)}),
                );
            }
        }
    }
    json_response(StatusCode::OK, &json!({"paths": paths}))
}

fn openapi_v3_gv(s: &Shared, rest: &[&str]) -> ApiResult<Response> {
    let (group, version) = match rest {
        ["api", v] => ("", *v),
        ["apis", g, v] => (*g, *v),
        _ => return Err(ApiError::no_route()),
    };
    let reg = s.registry();
    let mut cache = s.openapi_cache.lock().unwrap_or_else(|e| e.into_inner());
    let doc = cache
        .get(reg.generation, &gv_key(group, version), || {
            crate::openapi::v3_group_version(&reg.resources, group, version)
        })
        .ok_or_else(ApiError::no_route)?;
    let mut r = bytes_response(StatusCode::OK, doc.0.clone(), "application/json");
    r.headers_mut().insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{}\"", doc.1))
            .unwrap_or(HeaderValue::from_static("\"0\"")),
    );
    Ok(r)
}

/// Splits `namespaces/NS/RES/NAME/SUB` or `RES/NAME/SUB` and dispatches.
async fn resource_request(
    s: &Arc<Shared>,
    group: &str,
    version: &str,
    rest: &[&str],
    req: Req,
) -> ApiResult<Response> {
    for seg in rest {
        if *seg == "." || *seg == ".." || seg.contains('/') {
            return Err(ApiError::bad_request(format!(
                "invalid path segment {seg:?}: names may not be '.', '..' or contain '/'"
            )));
        }
    }
    let (ns, res, name, sub) = match rest {
        ["namespaces", ns, res] if group.is_empty() && (*res == "status" || *res == "finalize") => {
            (None, "namespaces", Some(*ns), Some(*res))
        }
        ["namespaces", ns, res, tail @ ..] if tail.len() <= 2 => {
            (Some(*ns), *res, tail.first().copied(), tail.get(1).copied())
        }
        [res] => (None, *res, None, None),
        [res, name] => (None, *res, Some(*name), None),
        [res, name, sub] => (None, *res, Some(*name), Some(*sub)),
        _ => return Err(ApiError::no_route()),
    };
    let info = s
        .registry()
        .find(group, version, res)
        .cloned()
        .ok_or_else(ApiError::no_route)?;
    if !info.namespaced && ns.is_some() {
        return Err(ApiError::no_route());
    }
    if let Some(sub) = sub {
        let ok = (sub == "status" && info.status)
            || (sub == "scale" && info.scale.is_some())
            || (sub == "token" && info.plural == "serviceaccounts" && info.group.is_empty())
            || (sub == "finalize" && info.plural == "namespaces");
        if !ok {
            return Err(ApiError::no_route());
        }
    }
    let t = Target2 {
        info,
        ns: ns.map(str::to_string),
        name: name.map(str::to_string),
        sub: sub.map(str::to_string),
    };
    let m = req.method.clone();
    match (m, t.name.is_some()) {
        (Method::GET, false) if req.flag("watch") => Ok(crate::watch::serve(s.clone(), t, &req)?),
        (Method::GET, false) => list(s, &t, &req),
        (Method::GET, true) => get(s, &t, &req),
        (Method::POST, false) => create(s, &t, &req),
        (Method::POST, true) if t.sub.as_deref() == Some("token") => {
            crate::token::request(s, &t, &req)
        }
        (Method::PUT, true) => update(s, &t, &req),
        (Method::PATCH, true) => crate::patch::patch(s, &t, &req),
        (Method::DELETE, true) => delete(s, &t, &req),
        (Method::DELETE, false) => delete_collection(s, &t, &req),
        _ => Err(ApiError::method_not_allowed(format!(
            "the server does not allow this method on the requested resource ({})",
            t.info.plural
        ))),
    }
}

/// Rewrites `apiVersion` when a custom resource is read at another version
/// than it was stored at (conversion strategy `None`).
pub(crate) fn at_version<'a>(
    info: &ResourceInfo,
    obj: &'a Arc<Value>,
) -> std::borrow::Cow<'a, Value> {
    let want = info.api_version();
    if obj.get("apiVersion").and_then(Value::as_str) == Some(want.as_str()) {
        std::borrow::Cow::Borrowed(&**obj)
    } else {
        let mut o = (**obj).clone();
        o["apiVersion"] = json!(want);
        crate::convert::from_storage(info, &mut o);
        std::borrow::Cow::Owned(o)
    }
}

fn get(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    let name = t.name.as_deref().unwrap_or_default();
    let obj = s
        .store()
        .get(&t.info.gr(), t.ns.as_deref().unwrap_or(""), name)
        .ok_or_else(|| ApiError::not_found(t.target(name)))?;
    if t.sub.as_deref() == Some("scale") {
        return Ok(json_response(StatusCode::OK, &scale_of(&t.info, &obj)));
    }
    let obj = at_version(&t.info, &obj);
    if req.wants_table() {
        let rv = obj
            .pointer("/metadata/resourceVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let table = crate::table::table(&t.info, &[&obj], &rv, req.q("includeObject"));
        return Ok(json_response(StatusCode::OK, &table));
    }
    if req.wants_metadata() {
        return Ok(json_response(StatusCode::OK, &partial_metadata(&obj)));
    }
    Ok(json_response(StatusCode::OK, &obj))
}

/// The group version of metadata-only answers.
const META_V1: &str = "meta.k8s.io/v1";

/// The `PartialObjectMetadata` of `obj`: its metadata and nothing else.
pub(crate) fn partial_metadata(obj: &Value) -> Value {
    json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": META_V1,
        "metadata": obj.get("metadata").cloned().unwrap_or_else(|| json!({})),
    })
}

/// Pagination state carried in `continue` tokens.
fn encode_continue(rv: u64, ns: &str, name: &str) -> String {
    use base64::Engine;
    let raw = json!({"v": 1, "rv": rv, "ns": ns, "name": name}).to_string();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn decode_continue(token: &str) -> ApiResult<(u64, (String, String))> {
    use base64::Engine;
    let bad = || ApiError::bad_request(format!("continue key is not valid: {token:?}"));
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad())?;
    let rv = v.get("rv").and_then(Value::as_u64).ok_or_else(bad)?;
    let ns = v
        .get("ns")
        .and_then(Value::as_str)
        .ok_or_else(bad)?
        .to_string();
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(bad)?
        .to_string();
    Ok((rv, (ns, name)))
}

pub(crate) fn selectors(t: &Target2, req: &Req) -> ApiResult<(LabelSelector, FieldSelector)> {
    let l = LabelSelector::parse(req.q("labelSelector").unwrap_or(""))?;
    let f = FieldSelector::parse(req.q("fieldSelector").unwrap_or(""), &t.info.kind)?;
    Ok((l, f))
}

/// kube-apiserver's answer to a continue token whose version left the history.
const CONTINUE_EXPIRED: &str = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/// A continue token's version that means "the rest, at the latest version"
/// (handed out with a 410 when the consistent version is gone).
const INCONSISTENT: u64 = 0;

fn list(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    let (lsel, fsel) = selectors(t, req)?;
    let limit = match req.q("limit") {
        None | Some("") => None,
        Some(l) => Some(
            l.parse::<usize>()
                .map_err(|_| ApiError::bad_request(format!("invalid limit {l:?}")))?,
        )
        .filter(|l| *l > 0),
    };
    let cont = match req.q("continue") {
        None | Some("") => None,
        Some(c) => Some(decode_continue(c)?),
    };
    let asked_rv = match req.q("resourceVersion") {
        None | Some("") => None,
        Some(v) => Some(v.parse::<u64>().map_err(|_| {
            ApiError::bad_request(format!(
                "resourceVersion: Invalid value: {v:?}: must be an integer"
            ))
        })?),
    };
    let exact = match req.q("resourceVersionMatch") {
        None | Some("") | Some("NotOlderThan") => false,
        Some("Exact") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "resourceVersionMatch: Unsupported value: {other:?}: supported values: \"Exact\", \"NotOlderThan\", \"\""
            )));
        }
    };
    if cont.is_some() && asked_rv.is_some_and(|v| v != 0) {
        return Err(ApiError::bad_request(
            "specifying resource version is not allowed when using continue",
        ));
    }
    let store = s.store();
    let current = store.current_rv();
    // Later pages read the list as of the first page's version; an exact
    // version is read the same way.
    let rv = match (&cont, asked_rv) {
        (Some((v, _)), _) if *v != INCONSISTENT => *v,
        (None, Some(v)) if exact => {
            if v > current {
                return Err(ApiError::new(
                    504,
                    "Timeout",
                    format!("Too large resource version: {v}, current: {current}"),
                ));
            }
            v
        }
        _ => current,
    };
    let gr = t.info.gr();
    let ns = t.ns.as_deref();
    let after = cont.as_ref().map(|(_, k)| k);
    let Some(iter) = store.range_at(&gr, ns, after, rv) else {
        if cont.is_none() {
            return Err(ApiError::gone(
                "The resourceVersion for the provided list is too old.",
            ));
        }
        let mut e = ApiError::gone(CONTINUE_EXPIRED);
        if let Some((_, (kns, kname))) = &cont {
            e.list_continue = Some(encode_continue(INCONSISTENT, kns, kname));
        }
        return Err(e);
    };
    let mut items: Vec<Arc<Value>> = Vec::new();
    let mut next = None;
    let mut remaining = 0usize;
    {
        let mut iter = iter.filter(|o| lsel.matches(o) && fsel.matches(o));
        for obj in iter.by_ref() {
            if let Some(l) = limit
                && items.len() == l
            {
                remaining = 1;
                break;
            }
            items.push(obj);
        }
        if remaining > 0 {
            // The continue key is the last returned item, so we restart after it.
            if let Some(last) = items.last() {
                let lns = last
                    .pointer("/metadata/namespace")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let lname = last
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let token_rv = match &cont {
                    Some((INCONSISTENT, _)) => INCONSISTENT,
                    _ => rv,
                };
                next = Some(encode_continue(token_rv, lns, lname));
            }
            remaining += iter.count();
        }
    }
    drop(store);
    let rv_s = rv.to_string();
    if req.wants_table() {
        let objs: Vec<std::borrow::Cow<'_, Value>> =
            items.iter().map(|o| at_version(&t.info, o)).collect();
        let refs: Vec<&Value> = objs.iter().map(|c| c.as_ref()).collect();
        let mut table = crate::table::table(&t.info, &refs, &rv_s, req.q("includeObject"));
        if let Some(n) = &next {
            table["metadata"]["continue"] = json!(n);
            if lsel.is_empty() && fsel.is_empty() {
                table["metadata"]["remainingItemCount"] = json!(remaining);
            }
        }
        return Ok(json_response(StatusCode::OK, &table));
    }
    // Encoded by hand so items are written straight from the shared objects.
    let mut meta = json!({"resourceVersion": rv_s});
    if let Some(n) = &next {
        meta["continue"] = json!(n);
        if lsel.is_empty() && fsel.is_empty() {
            meta["remainingItemCount"] = json!(remaining);
        }
    }
    let metadata_only = req.wants_metadata();
    let (kind, api_version) = if metadata_only {
        ("PartialObjectMetadataList".to_string(), META_V1.to_string())
    } else {
        (t.info.list_kind.clone(), t.info.api_version())
    };
    let mut buf = Vec::with_capacity(64 + items.len() * 512);
    buf.extend_from_slice(b"{\"kind\":");
    let _ = serde_json::to_writer(&mut buf, &kind);
    buf.extend_from_slice(b",\"apiVersion\":");
    let _ = serde_json::to_writer(&mut buf, &api_version);
    buf.extend_from_slice(b",\"metadata\":");
    let _ = serde_json::to_writer(&mut buf, &meta);
    buf.extend_from_slice(b",\"items\":[");
    for (i, o) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        if metadata_only {
            let _ = serde_json::to_writer(&mut buf, &partial_metadata(o));
        } else {
            let _ = serde_json::to_writer(&mut buf, at_version(&t.info, o).as_ref());
        }
    }
    buf.extend_from_slice(b"]}");
    Ok(bytes_response(
        StatusCode::OK,
        Bytes::from(buf),
        "application/json",
    ))
}

/// The `autoscaling/v1` `Scale` view of an object.
pub(crate) fn scale_of(info: &ResourceInfo, obj: &Value) -> Value {
    let Some(sc) = &info.scale else {
        return Value::Null;
    };
    let at = |p: &str| -> Value {
        let mut cur = obj;
        for seg in p.trim_start_matches('.').split('.') {
            match cur.get(seg) {
                Some(v) => cur = v,
                None => return Value::Null,
            }
        }
        cur.clone()
    };
    let mut selector = sc.label_selector.as_deref().map(at).unwrap_or(Value::Null);
    if !info.is_custom() {
        // Built-ins expose their label selector as a string.
        if let Some(m) = obj
            .pointer("/spec/selector/matchLabels")
            .and_then(Value::as_object)
        {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect();
            selector = json!(parts.join(","));
        }
    }
    let mut status = json!({"replicas": at(&sc.status_replicas).as_i64().unwrap_or(0)});
    if let Some(sel) = selector.as_str() {
        status["selector"] = json!(sel);
    }
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": obj.pointer("/metadata/name"),
            "namespace": obj.pointer("/metadata/namespace"),
            "uid": obj.pointer("/metadata/uid"),
            "resourceVersion": obj.pointer("/metadata/resourceVersion"),
            "creationTimestamp": obj.pointer("/metadata/creationTimestamp"),
        },
        "spec": {"replicas": at(&sc.spec_replicas).as_i64().unwrap_or(0)},
        "status": status,
    })
}

/// DNS-1123 subdomain (most kinds).
fn is_subdomain(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 253
        && n.split('.').all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// DNS-1123 label (namespaces).
fn is_label(n: &str) -> bool {
    n.len() <= 63 && is_subdomain(n) && !n.contains('.')
}

fn name_errors(info: &ResourceInfo, name: &str) -> Option<FieldError> {
    let problem = if name == "." || name == ".." {
        Some(format!("may not be '{name}'"))
    } else if name.contains('/') || name.contains('%') {
        Some("may not contain '/' or '%'".to_string())
    } else {
        match (info.group.as_str(), info.kind.as_str()) {
            ("rbac.authorization.k8s.io", _) => None,
            ("", "Namespace") if !is_label(name) => Some(
                "must be a lowercase RFC 1123 label: at most 63 lower case alphanumeric characters or '-', starting and ending with an alphanumeric character".to_string(),
            ),
            ("", "Service") if !(is_label(name) && name.starts_with(|c: char| c.is_ascii_lowercase())) => Some(
                "must be a DNS-1035 label: at most 63 lower case alphanumeric characters or '-', starting with a letter and ending with an alphanumeric character".to_string(),
            ),
            _ if !is_subdomain(name) => Some(
                "must be a lowercase RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character".to_string(),
            ),
            _ => None,
        }
    };
    problem.map(|p| FieldError {
        field: "metadata.name".into(),
        reason: "FieldValueInvalid",
        message: format!("Invalid value: {name:?}: {p}"),
    })
}

fn metadata_errors(obj: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(labels) = obj.pointer("/metadata/labels") {
        match labels.as_object() {
            Some(m) => {
                for (k, v) in m {
                    let key_ok = !k.is_empty()
                        && k.len() <= 316
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
                    let val_ok = v.as_str().is_some_and(|v| {
                        v.len() <= 63
                            && v.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                    });
                    if !key_ok || !val_ok {
                        errs.push(FieldError {
                            field: format!("metadata.labels[{k}]"),
                            reason: "FieldValueInvalid",
                            message: format!("Invalid value: {v}: a label must be at most 63 characters of alphanumerics, '-', '_' or '.'"),
                        });
                    }
                }
            }
            None if !labels.is_null() => errs.push(FieldError {
                field: "metadata.labels".into(),
                reason: "FieldValueTypeInvalid",
                message: "must be a map of strings".into(),
            }),
            None => {}
        }
    }
    if let Some(a) = obj.pointer("/metadata/annotations")
        && !a.is_null()
        && !a
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_string))
    {
        errs.push(FieldError {
            field: "metadata.annotations".into(),
            reason: "FieldValueTypeInvalid",
            message: "must be a map of strings".into(),
        });
    }
    errs
}

/// Kinds kube-apiserver sets `metadata.generation` for.
fn tracks_generation(info: &ResourceInfo) -> bool {
    info.is_custom()
        || matches!(
            info.kind.as_str(),
            "Deployment"
                | "StatefulSet"
                | "DaemonSet"
                | "ReplicaSet"
                | "ReplicationController"
                | "Job"
                | "CronJob"
                | "Ingress"
                | "NetworkPolicy"
                | "HorizontalPodAutoscaler"
                | "PodDisruptionBudget"
                | "CustomResourceDefinition"
                | "Pod"
                | "ValidatingWebhookConfiguration"
                | "MutatingWebhookConfiguration"
                | "PersistentVolumeClaim"
        )
}

fn is_job(info: &ResourceInfo) -> bool {
    !info.is_custom() && info.group == "batch" && info.kind == "Job"
}

/// Options of a write.
pub(crate) struct WriteOpts {
    pub(crate) dry_run: bool,
    pub(crate) validation: Validation,
    pub(crate) manager: String,
    /// `Update` or `Apply` in managedFields.
    pub(crate) operation: &'static str,
    /// Whether the body's resourceVersion must match (PUT, and patches that carry one).
    pub(crate) check_rv: bool,
}

impl WriteOpts {
    pub(crate) fn from_req(
        req: &Req,
        default_manager: &str,
        operation: &'static str,
    ) -> ApiResult<Self> {
        Ok(WriteOpts {
            dry_run: req.dry_run()?,
            validation: req.field_validation()?,
            manager: req.field_manager(default_manager)?,
            operation,
            check_rv: true,
        })
    }
}

/// What a successful write returns.
pub(crate) struct Written {
    pub(crate) object: Arc<Value>,
    pub(crate) warnings: Vec<String>,
    pub(crate) created: bool,
}

impl Written {
    pub(crate) fn into_response(self, info: &ResourceInfo) -> Response {
        let code = if self.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        let mut r = json_response(code, &at_version(info, &self.object));
        for w in &self.warnings {
            if let Ok(v) = HeaderValue::from_str(&format!("299 - {}", Value::String(w.clone()))) {
                r.headers_mut().append("Warning", v);
            }
        }
        r
    }
}

pub(crate) fn default_manager(req: &Req) -> String {
    // kube-apiserver uses the user agent's program name.
    req.headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .and_then(|ua| ua.split('/').next())
        .filter(|s| !s.is_empty())
        .unwrap_or("unknown")
        .to_string()
}

fn create(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    if t.sub.is_some() {
        return Err(ApiError::method_not_allowed(
            "subresources cannot be created with POST",
        ));
    }
    let body = req.body_value()?;
    let opts = WriteOpts::from_req(req, &default_manager(req), "Update")?;
    let w = write(s, t, body, None, &opts)?;
    Ok(w.into_response(&t.info))
}

fn update(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    let body = req.body_value()?;
    let opts = WriteOpts::from_req(req, &default_manager(req), "Update")?;
    let name = t.name.clone().unwrap_or_default();
    if t.sub.as_deref() == Some("scale") {
        let replicas = body
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .ok_or_else(|| ApiError::bad_request("Scale.spec.replicas is required"))?;
        let cur = s
            .store()
            .get(&t.info.gr(), t.ns.as_deref().unwrap_or(""), &name)
            .ok_or_else(|| ApiError::not_found(t.target(&name)))?;
        let mut next = at_version(&t.info, &cur).into_owned();
        if let Some(rv) = body
            .pointer("/metadata/resourceVersion")
            .and_then(Value::as_str)
        {
            next["metadata"]["resourceVersion"] = json!(rv);
        }
        if let Some(sc) = &t.info.scale {
            set_path(&mut next, &sc.spec_replicas, json!(replicas));
        }
        let main = Target2 {
            info: t.info.clone(),
            ns: t.ns.clone(),
            name: t.name.clone(),
            sub: None,
        };
        let w = write(s, &main, next, Some(name), &opts)?;
        return Ok(json_response(StatusCode::OK, &scale_of(&t.info, &w.object)));
    }
    let w = write(s, t, body, Some(name), &opts)?;
    Ok(w.into_response(&t.info))
}

pub(crate) fn set_path(obj: &mut Value, path: &str, v: Value) {
    let segs: Vec<&str> = path.trim_start_matches('.').split('.').collect();
    let mut cur = obj;
    for (i, seg) in segs.iter().enumerate() {
        if !cur.is_object() {
            *cur = json!({});
        }
        let Some(m) = cur.as_object_mut() else { return };
        if i + 1 == segs.len() {
            m.insert((*seg).to_string(), v);
            return;
        }
        cur = m.entry((*seg).to_string()).or_insert_with(|| json!({}));
    }
}

/// Whether objects `a` and `b` are equal but for the keys in `skip`, and
/// (one level down) as `nested` says for the keys it names. Compares in
/// place: a write used to clone both objects to strip them first.
fn equal_except(
    a: &Value,
    b: &Value,
    skip: &[&str],
    nested: &dyn Fn(&str, &Value, &Value) -> Option<bool>,
) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    let count = |m: &Map<String, Value>| m.keys().filter(|k| !skip.contains(&k.as_str())).count();
    count(a) == count(b)
        && a.iter()
            .filter(|(k, _)| !skip.contains(&k.as_str()))
            .all(|(k, av)| match b.get(k) {
                None => false,
                Some(bv) => nested(k, av, bv).unwrap_or_else(|| av == bv),
            })
}

/// Whether a write changes nothing: equal but for `metadata.resourceVersion`
/// and the times of `managedFields` entries.
fn unchanged(a: &Value, b: &Value) -> bool {
    let entries = |k: &str, x: &Value, y: &Value| {
        (k == "managedFields").then(|| match (x.as_array(), y.as_array()) {
            (Some(x), Some(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(e, f)| equal_except(e, f, &["time"], &|_, _, _| None))
            }
            _ => x == y,
        })
    };
    let metadata = |k: &str, x: &Value, y: &Value| {
        (k == "metadata").then(|| equal_except(x, y, &["resourceVersion"], &entries))
    };
    equal_except(a, b, &[], &metadata)
}

/// Whether the parts of `a` and `b` that bump `generation` are equal:
/// everything but metadata (and status, when it is a subresource).
fn same_spec(info: &ResourceInfo, a: &Value, b: &Value) -> bool {
    let skip: &[&str] = if info.status {
        &["metadata", "apiVersion", "kind", "status"]
    } else {
        &["metadata", "apiVersion", "kind"]
    };
    equal_except(a, b, skip, &|_, _, _| None)
}

/// The write pipeline shared by create, update, patch and apply: identity
/// checks, validation, pruning and defaulting, system fields, optimistic
/// concurrency, generation, finalizers, storage and CRD registration.
/// `name` is `None` for create.
pub(crate) fn write(
    s: &Shared,
    t: &Target2,
    mut body: Value,
    name: Option<String>,
    opts: &WriteOpts,
) -> ApiResult<Written> {
    let info = &t.info;
    // A kind served at another version than it is stored at is written
    // as the stored version (the response converts it back).
    if let Some((group, version)) = crate::convert::storage_version(info)
        && let Some(stored) = s.registry().find(group, version, &info.plural).cloned()
    {
        let want_av = info.api_version();
        match body.get("apiVersion").and_then(Value::as_str) {
            None | Some("") => body["apiVersion"] = json!(want_av),
            Some(av) if av != want_av => {
                return Err(ApiError::bad_request(format!(
                    "the API version in the data ({av}) does not match the expected API version ({want_av})"
                )));
            }
            Some(_) => {}
        }
        crate::convert::to_storage(info, &mut body);
        let t = Target2 {
            info: stored,
            ns: t.ns.clone(),
            name: t.name.clone(),
            sub: t.sub.clone(),
        };
        return write(s, &t, body, name, opts);
    }
    let Some(obj) = body.as_object_mut() else {
        return Err(ApiError::bad_request(format!(
            "the body of the request must be a {} object",
            info.kind
        )));
    };
    // apiVersion and kind: default from the URL, reject a mismatch.
    let want_av = info.api_version();
    match obj.get("apiVersion").and_then(Value::as_str) {
        None | Some("") => {
            obj.insert("apiVersion".into(), json!(want_av));
        }
        Some(av) if av != want_av => {
            return Err(ApiError::bad_request(format!(
                "the API version in the data ({av}) does not match the expected API version ({want_av})"
            )));
        }
        Some(_) => {}
    }
    match obj.get("kind").and_then(Value::as_str) {
        None | Some("") => {
            obj.insert("kind".into(), json!(info.kind));
        }
        Some(k) if k != info.kind => {
            return Err(ApiError::bad_request(format!(
                "the kind in the data ({k}) does not match the expected kind ({})",
                info.kind
            )));
        }
        Some(_) => {}
    }
    if !obj.get("metadata").is_some_and(Value::is_object) {
        if obj.get("metadata").is_some_and(|m| !m.is_null()) {
            return Err(ApiError::bad_request("metadata must be an object"));
        }
        obj.insert("metadata".into(), json!({}));
    }
    let ns = t.ns.clone().unwrap_or_default();
    {
        let meta = obj
            .get_mut("metadata")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| ApiError::bad_request("metadata must be an object"))?;
        if info.namespaced {
            match meta.get("namespace").and_then(Value::as_str) {
                None | Some("") => {
                    meta.insert("namespace".into(), json!(ns));
                }
                Some(n) if n != ns => {
                    return Err(ApiError::bad_request(
                        "the namespace of the provided object does not match the namespace sent on the request",
                    ));
                }
                Some(_) => {}
            }
        } else {
            meta.remove("namespace");
        }
        if let Some(url_name) = &name {
            match meta.get("name").and_then(Value::as_str) {
                None | Some("") => {
                    meta.insert("name".into(), json!(url_name));
                }
                Some(n) if n != url_name => {
                    return Err(ApiError::bad_request(format!(
                        "the name of the object ({n}) does not match the name on the URL ({url_name})"
                    )));
                }
                Some(_) => {}
            }
        }
    }

    crate::defaults::apply(info, &mut body);
    // Schema: prune or reject unknown fields, default, validate.
    let mut warnings = Vec::new();
    let status_only = t.sub.as_deref() == Some("status");
    if let Some((schema, defs)) = crate::openapi::schema_of(info) {
        // The stored object, for CEL transition rules. NB: read before the
        // write lock is taken; a concurrent change is caught by the
        // resourceVersion check or the patch retry that follows.
        let prior = match &name {
            Some(n) => s.store().get(&info.gr(), &ns, n),
            None => None,
        };
        let outcome =
            crate::schema::process(&schema, defs, &mut body, info.is_custom(), prior.as_deref());
        if !outcome.unknown.is_empty() {
            match opts.validation {
                Validation::Strict => {
                    let fields: Vec<String> = outcome
                        .unknown
                        .iter()
                        .map(|u| format!("unknown field \"{u}\""))
                        .collect();
                    return Err(ApiError::bad_request(format!(
                        "strict decoding error: {}",
                        fields.join(", ")
                    )));
                }
                Validation::Warn => warnings.extend(
                    outcome
                        .unknown
                        .iter()
                        .map(|u| format!("unknown field \"{u}\"")),
                ),
                Validation::Ignore => {}
            }
        }
        let errors: Vec<FieldError> = outcome
            .errors
            .into_iter()
            .filter(|e| !(info.status && !status_only && e.field.starts_with("status")))
            .collect();
        if !errors.is_empty() {
            let n = body
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            return Err(ApiError::invalid(&info.kind, &info.group, &n, &errors));
        }
    }
    let mut meta_errs = metadata_errors(&body);
    if !status_only {
        meta_errs.extend(crate::validation::object_errors(info, &body));
    }
    if info.kind == "CustomResourceDefinition" && info.group == "apiextensions.k8s.io" {
        meta_errs.extend(crate::crd::crd_errors(&body));
    }

    let gr = info.gr();
    let mut store = s.store();
    let old = match &name {
        Some(n) => store.get(&gr, &ns, n),
        None => None,
    };
    if name.is_some() && old.is_none() {
        let n = name.clone().unwrap_or_default();
        return Err(ApiError::not_found(t.target(&n)));
    }
    // Creating needs a name and a live namespace.
    if old.is_none() {
        let given = body
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if given.is_empty() {
            let prefix = body
                .pointer("/metadata/generateName")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if prefix.is_empty() {
                meta_errs.push(FieldError {
                    field: "metadata.name".into(),
                    reason: "FieldValueRequired",
                    message: "Required value: name or generateName is required".into(),
                });
            } else {
                let mut candidate = String::new();
                for _ in 0..8 {
                    candidate = format!("{prefix}{}", random_suffix());
                    if store.get(&gr, &ns, &candidate).is_none() {
                        break;
                    }
                }
                body["metadata"]["name"] = json!(candidate);
            }
        }
        if info.namespaced {
            match store.get(&ns_gr(), "", &ns) {
                None => {
                    return Err(ApiError::not_found(Target {
                        group: "",
                        kind: "namespaces",
                        name: &ns,
                    }));
                }
                Some(n)
                    if n.pointer("/metadata/deletionTimestamp")
                        .is_some_and(|d| !d.is_null()) =>
                {
                    let n2 = body
                        .pointer("/metadata/name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    return Err(ApiError::forbidden(
                        t.target(&n2),
                        &format!(
                            "unable to create new content in namespace {ns} because it is being terminated"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    let obj_name = body
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if old.is_none()
        && let Some(e) = name_errors(info, &obj_name)
    {
        meta_errs.insert(0, e);
    }
    if !meta_errs.is_empty() {
        return Err(ApiError::invalid(
            &info.kind,
            &info.group,
            &obj_name,
            &meta_errs,
        ));
    }

    let new_rv = store.next_rv();
    let created = old.is_none();
    let final_obj = match &old {
        None => {
            if store.get(&gr, &ns, &obj_name).is_some() {
                return Err(ApiError::already_exists(t.target(&obj_name)));
            }
            let meta = body["metadata"]
                .as_object_mut()
                .ok_or_else(|| ApiError::bad_request("metadata must be an object"))?;
            meta.insert("uid".into(), json!(new_uid()));
            meta.insert("creationTimestamp".into(), json!(now()));
            meta.remove("deletionTimestamp");
            meta.remove("deletionGracePeriodSeconds");
            meta.insert("resourceVersion".into(), json!(new_rv.to_string()));
            if tracks_generation(info) {
                meta.insert("generation".into(), json!(1));
            } else {
                meta.remove("generation");
            }
            if info.status
                && let Some(o) = body.as_object_mut()
            {
                o.remove("status");
            }
            if info.kind == "Namespace" && info.group.is_empty() {
                body["status"] = json!({"phase": "Active"});
                if body.pointer("/spec/finalizers").is_none() {
                    body["spec"]["finalizers"] = json!(["kubernetes"]);
                }
                body["metadata"]["labels"]["kubernetes.io/metadata.name"] = json!(obj_name);
            }
            crate::managed::record(info, None, &mut body, &opts.manager, opts.operation, None);
            // NB: after field ownership, as kube-apiserver's strategy runs
            // after its field manager: nobody owns the generated selector,
            // so a later apply that leaves it out keeps it.
            if is_job(info) {
                crate::defaults::generate_job_selector(&mut body);
                crate::defaults::job_labels(&mut body);
                let errs = crate::validation::job_selector_errors(&body, true);
                if !errs.is_empty() {
                    return Err(ApiError::invalid(&info.kind, &info.group, &obj_name, &errs));
                }
            }
            body
        }
        Some(old) => {
            if opts.check_rv
                && let Some(rv) = body
                    .pointer("/metadata/resourceVersion")
                    .and_then(Value::as_str)
                    .filter(|r| !r.is_empty())
                && Some(rv)
                    != old
                        .pointer("/metadata/resourceVersion")
                        .and_then(Value::as_str)
            {
                return Err(ApiError::conflict(
                    t.target(&obj_name),
                    "the object has been modified; please apply your changes to the latest version and try again",
                ));
            }
            if opts.check_rv
                && info.is_custom()
                && opts.operation == "Update"
                && body
                    .pointer("/metadata/resourceVersion")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
            {
                return Err(ApiError::invalid(
                    &info.kind,
                    &info.group,
                    &obj_name,
                    &[FieldError {
                        field: "metadata.resourceVersion".into(),
                        reason: "FieldValueInvalid",
                        message: "Invalid value: 0: must be specified for an update".into(),
                    }],
                ));
            }
            if let Some(uid) = body
                .pointer("/metadata/uid")
                .and_then(Value::as_str)
                .filter(|u| !u.is_empty())
                && old.pointer("/metadata/uid").and_then(Value::as_str) != Some(uid)
            {
                return Err(ApiError::invalid(
                    &info.kind,
                    &info.group,
                    &obj_name,
                    &[FieldError {
                        field: "metadata.uid".into(),
                        reason: "FieldValueInvalid",
                        message: format!("Invalid value: {uid:?}: field is immutable"),
                    }],
                ));
            }
            let mut next = body;
            // Immutable system fields come from the stored object.
            for k in [
                "uid",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "generation",
            ] {
                match old.pointer(&format!("/metadata/{k}")) {
                    Some(v) => next["metadata"][k] = v.clone(),
                    None => {
                        if let Some(m) = next["metadata"].as_object_mut() {
                            m.remove(k);
                        }
                    }
                }
            }
            if let Some(m) = next["metadata"].as_object_mut() {
                m.remove("generateName");
                if let Some(g) = old.pointer("/metadata/generateName") {
                    m.insert("generateName".into(), g.clone());
                }
            }
            if info.status {
                if status_only {
                    // The status subresource changes status only.
                    let mut merged = (**old).clone();
                    match next.get("status") {
                        Some(st) => merged["status"] = st.clone(),
                        None => {
                            if let Some(o) = merged.as_object_mut() {
                                o.remove("status");
                            }
                        }
                    }
                    next = merged;
                } else {
                    match old.get("status") {
                        Some(st) => next["status"] = st.clone(),
                        None => {
                            if let Some(o) = next.as_object_mut() {
                                o.remove("status");
                            }
                        }
                    }
                }
            }
            if info.kind == "Namespace"
                && info.group.is_empty()
                && let Some(st) = old.get("status")
                && !status_only
            {
                next["status"] = st.clone();
            }
            // Fields kube-apiserver refuses to change once set.
            let immutable = crate::immutable::check_update(info, old, &mut next);
            if !immutable.is_empty() {
                return Err(ApiError::invalid(
                    &info.kind,
                    &info.group,
                    &obj_name,
                    &immutable,
                ));
            }
            // A Job keeps satisfying its generated selector (Jobs stored
            // before selectors were generated have none and are left be).
            if is_job(info) && !status_only && old.pointer("/spec/selector").is_some() {
                let labels = |o: &Value, k: &str| {
                    o.pointer("/spec/template/metadata/labels")
                        .and_then(|l| l.get(k))
                        .is_some()
                };
                let prefixed = labels(old, crate::defaults::JOB_CONTROLLER_UID)
                    && labels(old, crate::defaults::JOB_NAME);
                let errs = crate::validation::job_selector_errors(&next, prefixed);
                if !errs.is_empty() {
                    return Err(ApiError::invalid(&info.kind, &info.group, &obj_name, &errs));
                }
            }
            if tracks_generation(info) && !same_spec(info, &next, old) {
                let g = old
                    .pointer("/metadata/generation")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                next["metadata"]["generation"] = json!(g + 1);
            }
            crate::managed::record(
                info,
                Some(old),
                &mut next,
                &opts.manager,
                opts.operation,
                t.sub.as_deref(),
            );
            next["metadata"]["resourceVersion"] = old
                .pointer("/metadata/resourceVersion")
                .cloned()
                .unwrap_or(Value::Null);
            if unchanged(&next, old) {
                // No change: no new resourceVersion, no event.
                return Ok(Written {
                    object: old.clone(),
                    warnings,
                    created: false,
                });
            }
            next["metadata"]["resourceVersion"] = json!(new_rv.to_string());
            next
        }
    };

    let mut final_obj = final_obj;
    if info.kind == "CustomResourceDefinition" && info.group == "apiextensions.k8s.io" {
        crate::crd::crd_status(&mut final_obj, &store);
    }
    if opts.dry_run {
        // Nothing was stored: the object keeps the version it has (none for
        // a create).
        match &old {
            Some(o) => {
                final_obj["metadata"]["resourceVersion"] = o
                    .pointer("/metadata/resourceVersion")
                    .cloned()
                    .unwrap_or(Value::Null)
            }
            None => {
                if let Some(m) = final_obj["metadata"].as_object_mut() {
                    m.remove("resourceVersion");
                }
            }
        }
        return Ok(Written {
            object: Arc::new(final_obj),
            warnings,
            created,
        });
    }
    // A deleting object whose last finalizer went away is gone.
    let deleting = final_obj
        .pointer("/metadata/deletionTimestamp")
        .is_some_and(|d| !d.is_null());
    let finalizers_left = final_obj
        .pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .is_some_and(|f| !f.is_empty());
    let is_namespace = info.kind == "Namespace" && info.group.is_empty();
    let stored = if deleting && is_namespace {
        // The collector removes a terminating namespace once it is empty.
        let stored = store.put(&gr, &ns, &obj_name, final_obj, EventType::Modified);
        crate::gc::collect(s, &mut store);
        store.get(&gr, &ns, &obj_name).unwrap_or(stored)
    } else if deleting && !finalizers_left {
        store.put(&gr, &ns, &obj_name, final_obj, EventType::Modified);
        let gone = remove_object(s, &mut store, info, &ns, &obj_name);
        crate::gc::collect(s, &mut store);
        gone.unwrap_or_else(|| Arc::new(Value::Null))
    } else {
        let ty = if created {
            EventType::Added
        } else {
            EventType::Modified
        };
        store.put(&gr, &ns, &obj_name, final_obj, ty)
    };
    let rv = store.current_rv();
    if info.kind == "CustomResourceDefinition" && info.group == "apiextensions.k8s.io" {
        crate::crd::sync_crds(s, &mut store);
    }
    commit(s, store, rv)?;
    Ok(Written {
        object: stored,
        warnings,
        created,
    })
}

/// Acknowledges the changes made under `store`: with a data directory, waits
/// (with the store released) until they are on disk, then wakes watchers
/// up to `rv`. A change that could not be persisted is a 500, as
/// kube-apiserver answers when etcd fails.
pub(crate) fn commit(
    s: &Shared,
    mut store: std::sync::MutexGuard<'_, Store>,
    rv: u64,
) -> ApiResult<()> {
    let unpersisted = |e: String| {
        ApiError::new(
            500,
            "InternalError",
            format!("the change was applied but could not be persisted: {e}"),
        )
    };
    let failed = store.take_wal_error();
    let durability = store.durability();
    drop(store);
    let synced = match durability {
        Some((syncer, seq)) => {
            let wait = || syncer.wait(seq).map_err(|e| e.to_string());
            // NB: on a multi-threaded runtime the worker hands its other
            // tasks over while this one waits, so more writers can join the
            // same sync (group commit); a current-thread runtime just blocks.
            match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
                Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(wait),
                _ => wait(),
            }
        }
        None => Ok(()),
    };
    let _ = s.notify.send(rv);
    if let Some(e) = failed {
        return Err(unpersisted(e));
    }
    synced.map_err(unpersisted)
}

fn random_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| char::from(ALPHABET[usize::from(rand::random::<u8>()) % ALPHABET.len()]))
        .collect()
}

/// Removes an object for good, with what removal implies: a namespace takes
/// its contents along, a CRD its custom resources.
pub(crate) fn remove_object(
    s: &Shared,
    store: &mut Store,
    info: &ResourceInfo,
    ns: &str,
    name: &str,
) -> Option<Arc<Value>> {
    let gone = store.remove(&info.gr(), ns, name);
    if info.kind == "Namespace" && info.group.is_empty() {
        let resources: Vec<ResourceInfo> = s
            .registry()
            .resources
            .iter()
            .filter(|r| r.namespaced)
            .cloned()
            .collect();
        let mut seen = std::collections::HashSet::new();
        for r in resources {
            if !seen.insert(r.gr()) {
                continue;
            }
            let keys: Vec<String> = store
                .range(&r.gr(), Some(name), None)
                .map(|(k, _)| k.1.clone())
                .collect();
            for k in keys {
                store.remove(&r.gr(), name, &k);
            }
        }
    }
    if info.kind == "CustomResourceDefinition" && info.group == "apiextensions.k8s.io" {
        crate::crd::sync_crds(s, store);
    }
    gone
}

/// How to delete: preconditions and propagation policy.
#[derive(Default)]
pub(crate) struct DeleteOptions {
    pub(crate) uid: Option<String>,
    pub(crate) rv: Option<String>,
    pub(crate) propagation: Option<String>,
}

fn delete_options(req: &Req) -> ApiResult<DeleteOptions> {
    let mut o = DeleteOptions {
        propagation: req.q("propagationPolicy").map(str::to_string),
        ..Default::default()
    };
    if !req.body.is_empty() {
        let v = req.body_value()?;
        o.uid = v
            .pointer("/preconditions/uid")
            .and_then(Value::as_str)
            .map(str::to_string);
        o.rv = v
            .pointer("/preconditions/resourceVersion")
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(p) = v.get("propagationPolicy").and_then(Value::as_str) {
            o.propagation = Some(p.to_string());
        }
    }
    if let Some(p) = &o.propagation
        && !matches!(p.as_str(), "Orphan" | "Background" | "Foreground")
    {
        return Err(ApiError::bad_request(format!(
            "propagationPolicy: Unsupported value: {p:?}: supported values: \"Foreground\", \"Background\", \"Orphan\""
        )));
    }
    Ok(o)
}

fn delete(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    if t.sub.is_some() {
        return Err(ApiError::method_not_allowed(
            "subresources cannot be deleted",
        ));
    }
    let opts = delete_options(req)?;
    let dry = req.dry_run()?;
    let name = t.name.clone().unwrap_or_default();
    let (code, body) = delete_one(s, t, &name, &opts, dry)?;
    Ok(json_response(code, &body))
}

/// Deletes one object as a DELETE request does: preconditions,
/// finalizers (deletionTimestamp), propagation and garbage collection.
pub(crate) fn delete_one(
    s: &Shared,
    t: &Target2,
    name: &str,
    opts: &DeleteOptions,
    dry: bool,
) -> ApiResult<(StatusCode, Value)> {
    let info = &t.info;
    let ns = t.ns.clone().unwrap_or_default();
    let gr = info.gr();
    let mut store = s.store();
    let cur = store
        .get(&gr, &ns, name)
        .ok_or_else(|| ApiError::not_found(t.target(name)))?;
    if let Some(uid) = &opts.uid
        && cur.pointer("/metadata/uid").and_then(Value::as_str) != Some(uid.as_str())
    {
        return Err(ApiError::conflict(
            t.target(name),
            &format!(
                "Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
                cur.pointer("/metadata/uid")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            ),
        ));
    }
    if let Some(rv) = &opts.rv
        && cur
            .pointer("/metadata/resourceVersion")
            .and_then(Value::as_str)
            != Some(rv.as_str())
    {
        return Err(ApiError::conflict(
            t.target(name),
            &format!(
                "Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {}",
                cur.pointer("/metadata/resourceVersion")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            ),
        ));
    }
    let mut finalizers: Vec<Value> = cur
        .pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if opts.propagation.as_deref() == Some("Foreground")
        && !finalizers.contains(&json!("foregroundDeletion"))
    {
        finalizers.push(json!("foregroundDeletion"));
    }
    let orphan =
        opts.propagation.as_deref() == Some("Orphan") || finalizers.contains(&json!("orphan"));
    // Orphaning happens at once, so the orphan finalizer never holds an object.
    finalizers.retain(|f| f != "orphan");
    if orphan
        && !dry
        && let Some(u) = cur.pointer("/metadata/uid").and_then(Value::as_str)
    {
        crate::gc::orphan(&mut store, u);
    }
    // A namespace always passes through Terminating while its contents go.
    let is_namespace = info.kind == "Namespace" && info.group.is_empty();
    if !finalizers.is_empty() || is_namespace {
        if cur
            .pointer("/metadata/deletionTimestamp")
            .is_some_and(|d| !d.is_null())
        {
            return Ok((StatusCode::OK, (*cur).clone()));
        }
        let mut next = (*cur).clone();
        next["metadata"]["deletionTimestamp"] = json!(now());
        next["metadata"]["deletionGracePeriodSeconds"] = json!(0);
        next["metadata"]["finalizers"] = json!(finalizers);
        next["metadata"]["resourceVersion"] = json!(store.next_rv().to_string());
        if info.kind == "Namespace" && info.group.is_empty() {
            next["status"]["phase"] = json!("Terminating");
        }
        if dry {
            return Ok((StatusCode::OK, next));
        }
        store.put(&gr, &ns, name, next, EventType::Modified);
        crate::gc::collect(s, &mut store);
        let stored = store.get(&gr, &ns, name).unwrap_or_else(|| cur.clone());
        let rv = store.current_rv();
        commit(s, store, rv)?;
        return Ok((StatusCode::OK, (*stored).clone()));
    }
    if dry {
        return Ok((StatusCode::OK, (*cur).clone()));
    }
    remove_object(s, &mut store, info, &ns, name);
    crate::gc::collect(s, &mut store);
    let rv = store.current_rv();
    commit(s, store, rv)?;
    let mut details =
        json!({"name": name, "kind": info.plural, "uid": cur.pointer("/metadata/uid")});
    if !info.group.is_empty() {
        details["group"] = json!(info.group);
    }
    Ok((
        StatusCode::OK,
        json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Success",
            "details": details,
        }),
    ))
}

fn delete_collection(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    let (lsel, fsel) = selectors(t, req)?;
    let opts = delete_options(req)?;
    let dry = req.dry_run()?;
    let names: Vec<(String, String)> = {
        let store = s.store();
        store
            .range(&t.info.gr(), t.ns.as_deref(), None)
            .filter(|(_, o)| lsel.matches(o) && fsel.matches(o))
            .map(|(k, _)| k.clone())
            .collect()
    };
    let mut items = Vec::new();
    for (ns, name) in names {
        let one = Target2 {
            info: t.info.clone(),
            ns: if t.info.namespaced {
                Some(ns.clone())
            } else {
                None
            },
            name: Some(name.clone()),
            sub: None,
        };
        let before = s.store().get(&t.info.gr(), &ns, &name);
        match delete_one(s, &one, &name, &opts, dry) {
            Ok((_, body)) => {
                if body.get("kind").and_then(Value::as_str) == Some("Status") {
                    if let Some(b) = before {
                        items.push((*b).clone());
                    }
                } else {
                    items.push(body);
                }
            }
            Err(e) if e.code == 404 => {}
            Err(e) => return Err(e),
        }
    }
    let rv = s.store().current_rv();
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "kind": t.info.list_kind,
            "apiVersion": t.info.api_version(),
            "metadata": {"resourceVersion": rv.to_string()},
            "items": items,
        }),
    ))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_that_change_only_versions_and_times_change_nothing() {
        let a = json!({"metadata": {"name": "a", "resourceVersion": "1",
            "managedFields": [{"manager": "m", "time": "t1", "fieldsV1": {"f:data": {}}}]},
            "data": {"k": "v"}});
        let mut b = a.clone();
        b["metadata"]["resourceVersion"] = json!("2");
        b["metadata"]["managedFields"][0]["time"] = json!("t2");
        assert!(unchanged(&a, &b));
        let mut c = b.clone();
        c["metadata"]["managedFields"][0]["manager"] = json!("other");
        assert!(!unchanged(&a, &c));
        let mut d = b.clone();
        d["data"]["k"] = json!("w");
        assert!(!unchanged(&a, &d));
        let mut e = b;
        e["metadata"]["labels"] = json!({"x": "y"});
        assert!(!unchanged(&a, &e));
    }

    #[test]
    fn only_spec_changes_bump_the_generation() {
        let info = crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == "Deployment")
            .unwrap();
        let a = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"},
            "spec": {"replicas": 1}, "status": {"replicas": 0}});
        let mut b = a.clone();
        b["metadata"]["labels"] = json!({"x": "y"});
        b["status"]["replicas"] = json!(1);
        assert!(same_spec(&info, &a, &b));
        b["spec"]["replicas"] = json!(2);
        assert!(!same_spec(&info, &a, &b));
    }

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(decode("a%3Db+c", true), "a=b c");
        assert_eq!(decode("a%2Fb", false), "a/b");
        assert_eq!(decode("100%", false), "100%");
        assert_eq!(decode("%zz", false), "%zz");
    }

    #[test]
    fn names() {
        assert!(is_subdomain("a.b-c"));
        assert!(!is_subdomain("A"));
        assert!(!is_subdomain("a..b"));
        assert!(is_label("default"));
        assert!(!is_label("a.b"));
        let cm = crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == "ConfigMap")
            .unwrap();
        assert!(name_errors(&cm, "..").is_some());
        assert!(name_errors(&cm, "a/b").is_some());
        assert!(name_errors(&cm, "ok").is_none());
    }
}
